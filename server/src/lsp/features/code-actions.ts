// Quick fixes: each finding's own fixes, and a comment that silences the rule on that line (in C and in .patch files).
import {
  CodeActionKind,
  type CodeAction,
  type Diagnostic,
  type Range as LspRange,
  type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { FileAnalysis } from '../../core/analyze';
import { insertIntoPatch } from '../../core/model/patch-edit';
import type { Range } from '../../core/model/types';
import type { Finding, TextReplacement } from '../../core/rules/types';
import { comparePositions } from '../../core/text';
import { VerifyScenarioCommand, type ShowCounterexampleArgs } from '../../protocol';
import { toDiagnostic, toLspRange } from '../convert';

/** The client command that opens the trace panel on a scenario (see ShowCounterexampleArgs). */
export const SHOW_COUNTEREXAMPLE_COMMAND = 'klpCallbacks.showCounterexample';

export interface CodeActionOptions {
  /** The client applies snippet text edits (LSP 3.18 `workspaceEdit.snippetEditSupport`): the cursor lands in a stub. */
  snippetEdits?: boolean;
  /** The document's version, for the versioned edits snippet text edits travel in. */
  version?: number;
  /** A real kernel can run scenarios here (the last verify probe said so): counterexamples offer it. */
  verifyAvailable?: boolean;
}

export function provideCodeActions(
  analysis: FileAnalysis,
  uri: string,
  text: string,
  range: LspRange,
  options: CodeActionOptions = {},
): CodeAction[] {
  const lines = text.split('\n');
  const actions: CodeAction[] = [];
  for (const finding of analysis.findings.filter((f) => overlaps(f.range, range))) {
    const diagnostic = toDiagnostic(finding, uri);
    (finding.fixes ?? []).forEach((fix, index) => {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: index === 0,
        edit: toWorkspaceEdit(uri, fix.edits, options),
      });
    });
    if (finding.counterexample) actions.push(showScenario(finding, uri, diagnostic));
    if (finding.counterexample && options.verifyAvailable)
      actions.push(verifyScenario(finding.counterexample.scenario, uri, diagnostic));
    const ignore = suppression(finding, text, lines, analysis.model.kind === 'patch');
    if (ignore) {
      actions.push({
        title: `Ignore ${finding.rule} on this line`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: toWorkspaceEdit(uri, ignore, {}),
      });
    }
  }
  return actions;
}

/** Opens the trace panel on the finding's counterexample, its violating events highlighted. */
function showScenario(finding: Finding, uri: string, diagnostic: Diagnostic): CodeAction {
  const { scenario, highlight } = finding.counterexample ?? { scenario: '', highlight: [] };
  const args: ShowCounterexampleArgs = { uri, scenario, highlight };
  const title = 'Show the scenario where this happens';
  return {
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    command: { title, command: SHOW_COUNTEREXAMPLE_COMMAND, arguments: [args] },
  };
}

/** Opens the panel on the counterexample and runs it on a real kernel (client/src/verify.ts). */
function verifyScenario(scenario: string, uri: string, diagnostic: Diagnostic): CodeAction {
  const title = 'Verify this scenario on a real kernel';
  return {
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    command: { title, command: VerifyScenarioCommand.id, arguments: [{ uri, scenario }] },
  };
}

function toWorkspaceEdit(uri: string, edits: TextReplacement[], options: CodeActionOptions): WorkspaceEdit {
  const withCursor = edits.some((e) => e.cursorOffset !== undefined);
  if (!withCursor || !options.snippetEdits) {
    return { changes: { [uri]: edits.map((e) => ({ range: toLspRange(e.range), newText: e.newText })) } };
  }
  return {
    documentChanges: [
      {
        textDocument: { uri, version: options.version ?? null },
        edits: edits.map((e) =>
          e.cursorOffset === undefined
            ? { range: toLspRange(e.range), newText: e.newText }
            : {
                range: toLspRange(e.range),
                snippet: { kind: 'snippet', value: asSnippet(e.newText, e.cursorOffset) },
              },
        ),
      },
    ],
  };
}

/** The text as an LSP snippet whose only tab stop, `$0`, is at `cursor`. */
export function asSnippet(text: string, cursor: number): string {
  const escape = (part: string) => part.replace(/[\\$}]/g, '\\$&');
  return `${escape(text.slice(0, cursor))}$0${escape(text.slice(cursor))}`;
}

/** The comment on its own line above the finding; in a `.patch` an added line, the hunk header recounted. */
function suppression(
  finding: Finding,
  text: string,
  lines: string[],
  patch: boolean,
): TextReplacement[] | undefined {
  const line = finding.range.start.line;
  const content = patch ? (lines[line] ?? '').slice(1) : (lines[line] ?? '');
  const indent = /^\s*/.exec(content)?.[0] ?? '';
  const comment = `${indent}/* klp-callbacks: ignore ${finding.rule} */`;
  if (patch) return insertIntoPatch(text, line, [comment]);
  const at = { line, character: 0 };
  return [{ range: { start: at, end: at }, newText: `${comment}\n` }];
}

function overlaps(a: Range, b: LspRange): boolean {
  return comparePositions(a.start, b.end) <= 0 && comparePositions(b.start, a.end) <= 0;
}
