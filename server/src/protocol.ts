// Every custom LSP request and webview message, declared once and imported by the server, client and webview.
//
// Only type imports from the core: the client and webview bundles must not pull server code in.
import { RequestType } from 'vscode-languageserver-protocol';
import type { BuiltinScenario } from './core/lifecycle/builtins';
import type { CallbackEvent, TraceEvent } from './core/lifecycle/events';
import type { CallbackKind, ObjectNameOrigin, Range } from './core/model/types';

export type { CallbackEvent, TraceEvent } from './core/lifecycle/events';
export type { CallbackKind, ObjectNameOrigin, Range } from './core/model/types';

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
}

/** null when the server is not initialised yet or the trace failed (the server logs why). */
// eslint-disable-next-line @typescript-eslint/no-namespace -- the vscode-languageserver-protocol convention
export namespace TraceRequest {
  export const method = 'klpCallbacks/trace';
  export const type = new RequestType<TraceParams, TraceResult | null, void>(method);
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
  /** A scenario file was run in the panel: show its text in the custom box (its trace follows). */
  | { type: 'scenarioText'; text: string };

/** Webview → extension. */
export type FromWebviewMessage =
  /** The script is listening: send the current trace. */
  | { type: 'ready' }
  /** Show a callback's function in the editor. */
  | { type: 'reveal'; uri: string; range: Range }
  /** A custom scenario's text (empty: back to the built-ins). */
  | { type: 'customScenario'; text: string };

/** What the webview keeps across reloads with getState/setState. */
export interface WebviewState {
  /** `all`, a scenario name, or `custom`. */
  selected: string;
  customText: string;
}
