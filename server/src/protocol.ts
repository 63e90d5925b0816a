// Every custom LSP request and webview message, declared once and imported by the server, client and webview.
//
// Only type imports from the core: the client and webview bundles must not pull server code in.
import { RequestType } from 'vscode-languageserver-protocol';
import type { BuiltinScenario } from './core/lifecycle/builtins';
import type { CallbackEvent, TraceEvent, TraceStep } from './core/lifecycle/events';
import type { CallbackKind, ObjectNameOrigin, Range } from './core/model/types';

export type { CallbackEvent, PatchStatus, TraceEvent, TraceStep } from './core/lifecycle/events';
export type { CallbackKind, ObjectNameOrigin, Range } from './core/model/types';

/**
 * The arguments of the client command `klpCallbacks.showCounterexample`, which the code action
 * "Show the scenario where this happens" runs: the trace panel opens on `scenario` for the document,
 * with the events at `highlight` (indices into the trace's events) marked.
 */
export interface ShowCounterexampleArgs {
  uri: string;
  scenario: string;
  highlight: number[];
}

export interface TraceParams {
  /** An open document (the server simulates its own incrementally updated model). */
  uri: string;
  /** A built-in scenario name, or scenario text (`load P`, `disable P`, ...); absent: every built-in. */
  scenario?: string;
  /** Only the patch names (for the status bar): no scenario is simulated. */
  patchesOnly?: boolean;
}

/** A callback event with the document that defines (or registers) the function, for "reveal". */
export type TraceCallbackEvent = CallbackEvent & { uri: string };
export type TraceEventWithUri = Exclude<TraceEvent, CallbackEvent> | TraceCallbackEvent;

/** A built-in scenario (or `custom`, for scenario text) with the trace the simulator produced. */
export interface TraceScenario extends BuiltinScenario {
  events: TraceEventWithUri[];
  /** After each action, the livepatches' sysfs state (enabled, transition). */
  steps?: TraceStep[];
}

/** A callback a simulated patch registers, whether or not a scenario runs it (the summary's columns). */
export interface RegisteredCallback {
  patch: string;
  /** `vmlinux` or the target module's name. */
  object: string;
  callback: CallbackKind;
  function: string;
}

export interface ScenarioLineError {
  /** 1-based line in the custom scenario text. */
  line: number;
  message: string;
}

/** Where the name of one of this document's macro-built objects comes from (macros do not name it). */
export interface TraceObjectName {
  patch: string;
  /** The module name, or `vmlinux`. */
  object: string;
  kind: ObjectNameOrigin['kind'];
  detail: string;
}

export interface TraceResult {
  uri: string;
  /** The document version the trace was computed from (null when the document is not open). */
  version: number | null;
  /** Names of the livepatches simulated: this document's first, then other open documents'. */
  patches: string[];
  /** The patches this document defines (what the status bar shows). */
  ownPatches: string[];
  scenarios: TraceScenario[];
  /** Custom scenario text that could not be parsed: nothing was simulated. */
  scenarioErrors: ScenarioLineError[];
  /** How this document's kpatch/klp-build macro objects got their names (empty without macros). */
  objectNames: TraceObjectName[];
  /** Human-readable trouble with the input: no livepatch, syntax errors, binary text... */
  problems: string[];
  /** When each callback kind runs, in one line: the panel's tooltips. */
  callbackTiming: Record<CallbackKind, string>;
  /** Every callback registered by the simulated patches, this document's first. */
  registered?: RegisteredCallback[];
}

/** null when the server is not initialised yet or the trace failed (the server logs why). */
// eslint-disable-next-line @typescript-eslint/no-namespace -- the vscode-languageserver-protocol convention
export namespace TraceRequest {
  export const method = 'klpCallbacks/trace';
  export const type = new RequestType<TraceParams, TraceResult | null, void>(method);
}

/**
 * Arguments of the client command `klpCallbacks.showCounterexample` (code actions of findings that carry a
 * counterexample): open the trace panel on `uri` with `scenario` (scenario text) as its custom scenario,
 * the events at the `highlight` indices (into the trace's events) marked.
 */
export interface ShowCounterexampleArgs {
  uri: string;
  scenario: string;
  highlight: number[];
}

/** What the panel should show: a built-in by name or scenario text, and the events to mark or scroll to. */
export interface PanelFocus {
  /** A built-in scenario name (or `all`), or scenario text (shown as the custom scenario). */
  scenario: string;
  /** Whether `scenario` names a built-in (the extension decides, the page follows). */
  builtin: boolean;
  /** Event indices to highlight (the first is scrolled into view). */
  highlight: number[];
}

/** The command a `.klpscenario` code lens runs (client/src/commands.ts): opens the trace panel with that file. */
// eslint-disable-next-line @typescript-eslint/no-namespace -- same convention as the requests
export namespace RunScenarioFileCommand {
  export const id = 'klpCallbacks.runScenarioFile';
  /** The scenario document's URI (the extension reads its current text, saved or not). */
  export type Arguments = [uri: string];
}

/** Extension → webview. */
export type ToWebviewMessage =
  /** A fresh trace for the file `fileName` (shown in the panel's header). */
  | { type: 'trace'; fileName: string; result: TraceResult }
  /** Nothing to trace (no C file active, server not ready, request failed): a plain explanation. */
  | { type: 'notice'; text: string }
  /** Select a scenario (scenario text becomes the custom scenario) and highlight events once traced. */
  | { type: 'show'; focus: PanelFocus }
  /** Highlight a callback's function (from a code lens or hover link) and select a scenario where it runs. */
  | { type: 'focus'; function: string; scenario?: string }
  /** A scenario file was run in the panel: show its text in the custom box (its trace follows). */
  | { type: 'scenarioText'; text: string }
  /** "Verify on a real kernel": availability, progress, result. */
  | VerifyPanelMessage;

/** Webview → extension. */
export type FromWebviewMessage =
  /** The script is listening: send the current trace. */
  | { type: 'ready' }
  /** Show a callback's function in the editor. */
  | { type: 'reveal'; uri: string; range: Range }
  /** A custom scenario's text (empty: back to the built-ins). */
  | { type: 'customScenario'; text: string }
  /** Put text on the clipboard ("Copy as dmesg", "Copy as JSON"); `what` names it in the confirmation. */
  | { type: 'copy'; what: string; text: string }
  /** "Save as .klpscenario": ask where, then write the custom scenario's text. */
  | { type: 'saveScenario'; text: string }
  /** A `show` was rendered: the scenario selected and the event indices highlighted (callers may await it). */
  | { type: 'shown'; scenario: string; highlighted: number[] }
  /** "Verify on a real kernel" for a built-in name, or `custom` (the custom scenario's text). */
  | { type: 'verify'; scenario: string };

/** What the webview keeps across reloads with getState/setState. */
export interface WebviewState {
  /** `all`, a scenario name, or `custom`. */
  selected: string;
  customText: string;
  /** pr_debug lines shown (dimmed) or hidden. */
  showDebug?: boolean;
  /** Callback rows indented into one lane per object. */
  lanes?: boolean;
  /** Event indices highlighted in the selected scenario (a counterexample's offending events). */
  highlight?: number[];
  /** Side-by-side comparison: two scenario names, or `before` (a pinned copy) against one. */
  compare?: { left: string; right: string };
  /** A scenario's trace pinned as "before an edit", for compare. */
  pinned?: TraceScenario;
}

/** The server's memory, for the soak harness (`npm run soak`) and anyone watching a long session. */
export interface ServerStatsParams {
  /** Run a full garbage collection first, when the server was started with `--expose-gc`. */
  collect?: boolean;
}

export interface ServerStats {
  rss: number;
  heapUsed: number;
  /** The V8 heap's reserved size: what rss holds for the JS heap beyond heapUsed. */
  heapTotal: number;
  external: number;
  /** Bytes of the parser's WebAssembly memory (grows, never shrinks). */
  wasm: number;
  openDocuments: number;
  /** Bytes held by the per-function statement cache shared by every document. */
  flowCacheBytes: number;
}

// eslint-disable-next-line @typescript-eslint/no-namespace -- the vscode-languageserver-protocol convention
export namespace ServerStatsRequest {
  export const method = 'klpCallbacks/serverStats';
  export const type = new RequestType<ServerStatsParams, ServerStats, void>(method);
}

/**
 * Node options the extension starts the server with. Every keystroke allocates short-lived facts,
 * and V8 then grows its young generation to 3 x 16 MB and keeps it resident: 1 MB semi-spaces cost
 * more frequent (sub-millisecond) scavenges and keep a server open all day ~25 MB smaller. V8's
 * heap growth for speed keeps another ~30 MB of old space reserved after each burst of
 * model checking; `--optimize-for-size` returns it, for about 2% more CPU per edit (npm run soak).
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=1', '--optimize-for-size'];
/** Where "go to counterpart" starts: a callback's registration or definition. */
export interface CounterpartParams {
  textDocument: { uri: string };
  position: { line: number; character: number };
}

/** A location in a document (LSP's Location, without the server's types in the client bundle). */
export interface CounterpartLocation {
  uri: string;
  range: Range;
}

export interface CounterpartResult {
  /** The counterpart functions' definitions (or registrations, when no definition is known). */
  locations: CounterpartLocation[];
  /** Why there is nothing to go to (no callback here, no counterpart registered); empty when locations exist. */
  reason: string;
}

/** pre_patch ↔ post_unpatch, post_patch ↔ pre_unpatch of the same object. */
// eslint-disable-next-line @typescript-eslint/no-namespace -- the vscode-languageserver-protocol convention
export namespace CounterpartRequest {
  export const method = 'klpCallbacks/counterpart';
  export const type = new RequestType<CounterpartParams, CounterpartResult | null, void>(method);
}

/** The argument of `klpCallbacks.showTracePreview` from a code lens or hover: the panel shows that callback. */
export interface TracePreviewFocus {
  /** The document whose trace to show. */
  uri: string;
  /** The callback's function, highlighted in the trace. */
  function: string;
  /** The built-in scenario to select: where it runs twice, else the first where it runs. */
  scenario?: string;
}

/** The argument of `klpCallbacks.goToCounterpart` from a hover link (without one: the active cursor). */
export type GoToCounterpartArgument = CounterpartParams;

/**
 * "Verify on a real kernel" (`klpCallbacks/verifyScenario`): run a scenario of an open document in a
 * qemu VM with mirror modules (as `klp-callbacks verify` does) and compare it with the prediction. The run
 * is a child process of the server: other requests are answered meanwhile; cancelling the request kills it.
 */
export interface VerifyScenarioParams {
  uri: string;
  /** A built-in scenario name, or scenario text; ignored by a probe. */
  scenario: string;
  /** Only say whether a real-kernel run is possible here (packages present), without running one. */
  probe?: boolean;
}

/**
 * `agree`/`differ`: the kernel ran it; `unavailable`: packages are missing (`aptLine` installs them) or
 * the server cannot start processes; `failed`: it could not run (a build error, a scenario that cannot
 * be simulated, kernel trouble; see `problems`); `cancelled`; `available`: the answer to a probe.
 */
export type VerifyStatus = 'available' | 'agree' | 'differ' | 'unavailable' | 'failed' | 'cancelled';

export interface VerifyScenarioResult {
  status: VerifyStatus;
  /** One line saying what happened, for the panel and notifications. */
  summary: string;
  /** The scenario verified: a built-in name, or `custom` for scenario text. */
  scenario: string;
  /** The kernel that ran it (`uname -r -v`), empty when none did. */
  kernel: string;
  /** What the scenario asks that a real kernel does differently (core/lifecycle/limits.ts). */
  warnings: string[];
  problems: string[];
  /** The Debian packages' install line, when some are missing. */
  aptLine?: string;
  /** The compared lines (test/fixtures/oracle/README.md's format), predicted and real. */
  predicted: string[];
  real: string[];
  /** Index into both lists of the first difference; -1 when they agree (or nothing ran). */
  firstDifference: number;
}

// eslint-disable-next-line @typescript-eslint/no-namespace -- the vscode-languageserver-protocol convention
export namespace VerifyScenarioRequest {
  export const method = 'klpCallbacks/verifyScenario';
  export const type = new RequestType<VerifyScenarioParams, VerifyScenarioResult | null, void>(method);
}

/** Server → client while a verify runs: building, booting, running (one line each). */
export interface VerifyProgressParams {
  uri: string;
  message: string;
}

// eslint-disable-next-line @typescript-eslint/no-namespace -- the vscode-languageserver-protocol convention
export namespace VerifyProgressNotification {
  export const method = 'klpCallbacks/verifyProgress';
}

/** The command behind the panel's "Verify on a real kernel" button (client/src/verify.ts). */
// eslint-disable-next-line @typescript-eslint/no-namespace -- same convention as the requests
export namespace VerifyScenarioCommand {
  export const id = 'klpCallbacks.verifyScenario';
  /** The document and the scenario (a built-in name or scenario text); without them: the panel's. */
  export type Arguments = [target?: { uri: string; scenario: string }];
}

/** The panel's verify bar: whether the button works here, and the last run's progress or result. */
export type VerifyPanelMessage =
  /** Whether a real-kernel run is possible (`reason` says why not, with the install line). */
  | { type: 'verifyAvailability'; available: boolean; reason: string }
  /** A run started or moved on. */
  | { type: 'verifyProgress'; scenario: string; text: string }
  /** A run ended (any status). */
  | { type: 'verifyResult'; result: VerifyScenarioResult };
