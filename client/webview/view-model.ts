// The trace panel's state and what it shows, as plain data: no DOM here, so tests run it in node.
import type {
  CallbackKind,
  Range,
  ToWebviewMessage,
  TraceEventWithUri,
  TraceObjectName,
  TraceResult,
  TraceScenario,
  WebviewState,
} from '../../server/src/protocol';

export const ALL = 'all';
export const CUSTOM = 'custom';

export interface PanelState extends WebviewState {
  fileName?: string;
  result?: TraceResult;
  notice?: string;
}

export function initialState(saved: Partial<WebviewState> | undefined): PanelState {
  return {
    selected: typeof saved?.selected === 'string' ? saved.selected : ALL,
    customText: typeof saved?.customText === 'string' ? saved.customText : '',
  };
}

/** Applies a message from the extension. A notice replaces the trace; a trace clears the notice. */
export function reduce(state: PanelState, message: ToWebviewMessage): PanelState {
  switch (message.type) {
    case 'trace':
      return { ...state, fileName: message.fileName, result: message.result, notice: undefined };
    case 'notice':
      return { ...state, fileName: undefined, result: undefined, notice: message.text };
    case 'scenarioText':
      // A scenario file run from the editor: it becomes the custom scenario, shown on its own.
      return { ...state, customText: message.text, selected: message.text.trim() ? CUSTOM : ALL };
  }
}

export type Row =
  | { kind: 'action'; line: number; text: string }
  | { kind: 'kernel'; level: string; text: string }
  | {
      kind: 'callback';
      patch: string;
      object: string;
      callback: CallbackKind;
      function: string;
      /** `MODULE_STATE_COMING` etc., or empty for vmlinux. */
      moduleState: string;
      /** pre_patch's return value as text (`0`, `-19`), empty for other callbacks. */
      ret: string;
      uri: string;
      range: Range;
      /** When the kernel runs this kind of callback. */
      timing: string;
    }
  | { kind: 'module'; text: string }
  | { kind: 'error'; text: string };

export interface Section {
  name: string;
  title: string;
  description: string;
  applicable: boolean;
  reason: string;
  rows: Row[];
}

export interface View {
  header: string;
  notice: string;
  problems: string[];
  patches: string[];
  /** One line per macro-built object: its name and where the name comes from (a guess says so). */
  objectNames: string[];
  /** The selector's options: value and label. */
  options: { value: string; label: string }[];
  selected: string;
  sections: Section[];
  customErrors: string[];
}

export function view(state: PanelState): View {
  const result = state.result;
  const base: View = {
    header: state.fileName ?? '',
    notice: state.notice ?? '',
    problems: result?.problems ?? [],
    patches: result?.patches ?? [],
    objectNames: (result?.objectNames ?? []).map(objectNameLine),
    options: [{ value: ALL, label: 'All scenarios' }],
    selected: ALL,
    sections: [],
    customErrors: (result?.scenarioErrors ?? []).map((e) => `Line ${e.line}: ${e.message}`),
  };
  if (!result) {
    if (!state.notice) base.notice = 'Waiting for the language server…';
    return base;
  }
  const scenarios = result.scenarios;
  base.options.push(...scenarios.map((s) => ({ value: s.name, label: optionLabel(s) })));
  if (!scenarios.some((s) => s.name === CUSTOM))
    base.options.push({ value: CUSTOM, label: 'Custom scenario' });
  // A selection that vanished (e.g. a built-in no longer generated) falls back to all.
  base.selected = base.options.some((o) => o.value === state.selected) ? state.selected : ALL;
  const shown = base.selected === ALL ? scenarios : scenarios.filter((s) => s.name === base.selected);
  base.sections = shown.map((s) => section(s, result.callbackTiming));
  return base;
}

const ORIGIN_LABELS: Record<TraceObjectName['kind'], string> = {
  setting: 'setting',
  directive: 'directive',
  kbuild: 'Kbuild',
  guess: 'guess',
  default: 'default',
};

function objectNameLine(name: TraceObjectName): string {
  return `${name.patch}: object ${name.object} (${ORIGIN_LABELS[name.kind]}): ${name.detail}`;
}

function optionLabel(scenario: TraceScenario): string {
  return scenario.applicable ? scenario.title : `${scenario.title} (not applicable)`;
}

function section(scenario: TraceScenario, timing: Record<CallbackKind, string>): Section {
  return {
    name: scenario.name,
    title: scenario.title,
    description: scenario.description,
    applicable: scenario.applicable,
    reason: scenario.reason ?? '',
    rows: scenario.events.map((event) => row(event, timing)),
  };
}

const STATE_NAMES: Record<string, string> = {
  COMING: 'MODULE_STATE_COMING',
  LIVE: 'MODULE_STATE_LIVE',
  GOING: 'MODULE_STATE_GOING',
};

export function row(event: TraceEventWithUri, timing: Record<CallbackKind, string>): Row {
  switch (event.type) {
    case 'action':
      return { kind: 'action', line: event.line, text: event.text };
    case 'kernel':
      return { kind: 'kernel', level: event.level, text: `livepatch: ${event.text}` };
    case 'callback':
      return {
        kind: 'callback',
        patch: event.patch,
        object: event.object,
        callback: event.callback,
        function: event.function,
        moduleState: event.moduleState ? (STATE_NAMES[event.moduleState] ?? event.moduleState) : '',
        ret: event.ret === undefined ? '' : String(event.ret),
        uri: event.uri,
        range: event.source.range,
        timing: timing[event.callback] ?? '',
      };
    case 'module':
      return { kind: 'module', text: `${event.module}: module_${event.event}()` };
    case 'error':
      return { kind: 'error', text: `${event.text} (errno ${event.errno})` };
  }
}
