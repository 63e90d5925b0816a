// The trace panel's state and what it shows, as plain data: no DOM here, so tests run it in node.
import type {
  CallbackKind,
  PanelFocus,
  ToWebviewMessage,
  TraceObjectName,
  TraceResult,
  TraceScenario,
  WebviewState,
} from '../../server/src/protocol';
import { compareLines, type CompareLine } from './compare';
import { dmesgText, rowsOf, rowText, traceJson, type Row } from './rows';
import { summarize, type Summary } from './summary';

export type { Row } from './rows';

export const ALL = 'all';
export const CUSTOM = 'custom';
/** The compare side that is the pinned copy of a scenario ("before an edit"). */
export const BEFORE = 'before';

export interface PanelState extends WebviewState {
  fileName?: string;
  result?: TraceResult;
  notice?: string;
  /** A `show` request waiting for the trace that holds its scenario (then answered with `shown`). */
  pendingShow?: PanelFocus;
  /** The function a code lens or hover link asked to show: its calls are highlighted. */
  focus?: string;
}

export function initialState(saved: Partial<WebviewState> | undefined): PanelState {
  const state: PanelState = {
    selected: typeof saved?.selected === 'string' ? saved.selected : ALL,
    customText: typeof saved?.customText === 'string' ? saved.customText : '',
  };
  if (typeof saved?.showDebug === 'boolean') state.showDebug = saved.showDebug;
  if (typeof saved?.lanes === 'boolean') state.lanes = saved.lanes;
  if (Array.isArray(saved?.highlight) && saved.highlight.every((n) => Number.isInteger(n)))
    state.highlight = saved.highlight;
  const compare = saved?.compare;
  if (compare && typeof compare.left === 'string' && typeof compare.right === 'string')
    state.compare = { left: compare.left, right: compare.right };
  if (saved?.pinned && Array.isArray(saved.pinned.events)) state.pinned = saved.pinned;
  return state;
}

/** What setState keeps across reloads: the user's choices, never the trace (it is asked for again). */
export function savedState(state: PanelState): WebviewState {
  const { selected, customText, showDebug, lanes, highlight, compare, pinned } = state;
  return { selected, customText, showDebug, lanes, highlight, compare, pinned };
}

/** Applies a message from the extension. A notice replaces the trace; a trace clears the notice. */
export function reduce(state: PanelState, message: ToWebviewMessage): PanelState {
  switch (message.type) {
    case 'trace':
      return { ...state, fileName: message.fileName, result: message.result, notice: undefined };
    case 'notice':
      return { ...state, fileName: undefined, result: undefined, notice: message.text };
    case 'show':
      return showFocus(state, message.focus);
    case 'focus':
      return { ...state, focus: message.function, selected: message.scenario ?? state.selected };
    case 'scenarioText':
      // A scenario file run from the editor: it becomes the custom scenario, shown on its own.
      return { ...state, customText: message.text, selected: message.text.trim() ? CUSTOM : ALL };
    default:
      // The verify bar's messages have their own state (verify-view.ts).
      return state;
  }
}

/** A built-in name selects it; scenario text becomes the custom scenario. Highlights apply once traced. */
function showFocus(state: PanelState, focus: PanelFocus): PanelState {
  if (focus.builtin && focus.scenario === ALL)
    return { ...state, selected: ALL, highlight: undefined, compare: undefined, pendingShow: focus };
  return {
    ...state,
    selected: focus.builtin ? focus.scenario : CUSTOM,
    customText: focus.builtin ? state.customText : focus.scenario,
    highlight: focus.highlight,
    compare: undefined,
    pendingShow: focus,
  };
}

/** The shown scenario is traced (with the custom text asked for): the `shown` answer, else undefined. */
export function shownAnswer(state: PanelState): { scenario: string; highlighted: number[] } | undefined {
  if (!state.pendingShow || !state.result) return undefined;
  if (state.selected === ALL) return { scenario: ALL, highlighted: [] };
  const scenario = state.result.scenarios.find((s) => s.name === state.selected);
  if (!scenario) return undefined;
  if (state.selected === CUSTOM && scenario.text !== state.customText) return undefined;
  const highlighted = (state.highlight ?? []).filter((i) => i >= 0 && i < scenario.events.length);
  return { scenario: scenario.name, highlighted };
}

export interface Section {
  name: string;
  title: string;
  description: string;
  applicable: boolean;
  reason: string;
  rows: Row[];
  /** Objects in lane order (callback rows carry their lane number). */
  lanes: string[];
  /** "Copy as dmesg" and "Copy as JSON" texts. */
  dmesg: string;
  json: string;
}

export interface CompareView {
  left: string;
  right: string;
  /** The choices for each side: scenario names (and `before` once a scenario is pinned). */
  options: { value: string; label: string }[];
  lines: CompareLine[];
  changes: number;
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
  summary: Summary;
  showDebug: boolean;
  lanes: boolean;
  compare: CompareView | null;
}

export function view(state: PanelState): View {
  const result = state.result;
  const showDebug = state.showDebug ?? true;
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
    summary: { columns: [], groups: [], rows: [] },
    showDebug,
    lanes: state.lanes ?? false,
    compare: null,
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
  // Highlights belong to one selected scenario (a counterexample, a summary cell), never to "all".
  const highlight = new Set(base.selected === ALL ? [] : (state.highlight ?? []));
  base.sections = shown.map((s) => section(s, result.callbackTiming, highlight, showDebug));
  base.summary = summarize(result.registered ?? [], scenarios);
  base.compare = compareView(state, scenarios, result.callbackTiming);
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

function section(
  scenario: TraceScenario,
  timing: Record<CallbackKind, string>,
  highlight: ReadonlySet<number>,
  showDebug: boolean,
): Section {
  const lanes = new Map<string, number>();
  const rows = rowsOf(scenario.events, { timing, steps: scenario.steps ?? [], highlight, lanes });
  return {
    name: scenario.name,
    title: scenario.title,
    description: scenario.description,
    applicable: scenario.applicable,
    reason: scenario.reason ?? '',
    // Hidden pr_debug lines keep their indices on the others: highlights and summary cells still point right.
    rows: showDebug ? rows : rows.filter((r) => !(r.kind === 'kernel' && r.level === 'debug')),
    lanes: [...lanes.keys()],
    dmesg: dmesgText(scenario.events, showDebug),
    json: traceJson(scenario.events),
  };
}

function compareView(
  state: PanelState,
  scenarios: readonly TraceScenario[],
  timing: Record<CallbackKind, string>,
): CompareView | null {
  if (!state.compare) return null;
  const traced = scenarios.filter((s) => s.applicable);
  const byName = new Map(traced.map((s) => [s.name, s]));
  if (state.pinned) byName.set(BEFORE, state.pinned);
  const options = [
    ...(state.pinned ? [{ value: BEFORE, label: `${state.pinned.title} (before the edit)` }] : []),
    ...traced.map((s) => ({ value: s.name, label: s.title })),
  ];
  const fallback = options[0]?.value ?? '';
  const left = byName.has(state.compare.left) ? state.compare.left : fallback;
  const right = byName.has(state.compare.right) ? state.compare.right : fallback;
  const linesOf = (name: string) => {
    const scenario = byName.get(name);
    if (!scenario) return [];
    const context = { timing, steps: [], highlight: new Set<number>(), lanes: new Map<string, number>() };
    return rowsOf(scenario.events, context)
      .filter((r) => state.showDebug !== false || !(r.kind === 'kernel' && r.level === 'debug'))
      .map(rowText);
  };
  const lines = compareLines(linesOf(left), linesOf(right));
  return { left, right, options, lines, changes: lines.filter((l) => l.change !== 'same').length };
}
