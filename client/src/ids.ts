// The extension's stable identifiers: command ids, settings, the panel's view type (end-to-end tests target them).
import { RunScenarioFileCommand, VerifyScenarioCommand } from '../../server/src/protocol';

export const COMMANDS = {
  showTracePreview: 'klpCallbacks.showTracePreview',
  restartServer: 'klpCallbacks.restartServer',
  /** Code actions of findings with a counterexample: arguments `[ShowCounterexampleArgs]` (protocol.ts). */
  showCounterexample: 'klpCallbacks.showCounterexample',
  goToCounterpart: 'klpCallbacks.goToCounterpart',
  /** The `.klpscenario` code lens's command: the trace panel runs that file. */
  runScenarioFile: RunScenarioFileCommand.id,
  /** "Verify on a real kernel" (the panel's button): arguments `[{ uri, scenario }]`. */
  verifyScenario: VerifyScenarioCommand.id,
} as const;

/** The language id of `.klpscenario` files (package.json contributes it, with its TextMate grammar). */
export const SCENARIO_LANGUAGE_ID = 'klpscenario';

/** Files whose changes on disk the server hears of (its workspace index, and other open files' findings). */
export const WATCHED_FILES_GLOB = '**/*.{c,h,patch,diff,klpscenario}';

/** The trace preview's webview view type (also the `onWebviewPanel:` activation event). */
export const TRACE_VIEW_TYPE = 'klpCallbacks.tracePreview';

export const SETTINGS_SECTION = 'klpCallbacks';

/** Settings under `klpCallbacks.`; the first three are the server's (see server/src/lsp/settings.ts). */
export const SETTINGS = {
  rules: 'rules',
  kpatchObject: 'kpatchObject',
  objects: 'objects',
  tracePreviewDelay: 'tracePreview.delay',
} as const;

/** Files on disk and unsaved editors; not e.g. the `git:` copies VS Code opens for diff views. */
export const SCHEMES = ['file', 'untitled'] as const;

/**
 * A web extension host sees the workspace's files under its file system's scheme
 * (`vscode-remote:` in code-server, `vscode-vfs:` on vscode.dev), not `file:`. The schemes of the
 * workspace folders, set once at activation (useWorkspaceSchemes): `file` on the desktop.
 */
let workspaceSchemes: readonly string[] = [];

export function useWorkspaceSchemes(folders: readonly { uri: { scheme: string } }[]): void {
  workspaceSchemes = [...new Set(folders.map((folder) => folder.uri.scheme))];
}

/** The schemes of the documents the server reads: files, unsaved editors, the workspace folders' files. */
export function documentSchemes(): string[] {
  return [...new Set<string>([...SCHEMES, ...workspaceSchemes])];
}

/**
 * The language client's document selector: C sources; C headers, which VS Code opens as `cpp`
 * (only `*.h`, so a C++ project's .hpp/.cc files stay untouched); kpatch-style patches.
 */
export function documentSelector(): { scheme: string; language: string; pattern?: string }[] {
  return documentSchemes().flatMap((scheme) => [
    { scheme, language: 'c' },
    { scheme, language: 'cpp', pattern: '**/*.h' },
    // kpatch-style patches: the server reads the C hunks of .patch/.diff files.
    { scheme, language: 'diff', pattern: '**/*.{patch,diff}' },
    // Scenario files: diagnostics, completion and the "Run in trace panel" code lens.
    { scheme, language: SCENARIO_LANGUAGE_ID },
  ]);
}

/**
 * The documents the server analyses, as documentSelector() names them: C sources, C headers even
 * when opened as C++, and kpatch-style patches (language `diff`, file name ending .patch or .diff).
 */
export function isTraceableDocument(document: {
  languageId: string;
  fileName: string;
  uri: { scheme: string };
}): boolean {
  if (!documentSchemes().includes(document.uri.scheme)) return false;
  if (document.languageId === 'c') return true;
  if (document.languageId === 'cpp') return /\.h$/.test(document.fileName);
  return document.languageId === 'diff' && /\.(patch|diff)$/i.test(document.fileName);
}
