// The panel's "Verify on a real kernel" bar as plain data: whether the button works, progress, and the last result for the shown scenario.
import type { TraceScenario, VerifyPanelMessage, VerifyScenarioResult } from '../../server/src/protocol';

export interface VerifyState {
  /** Unknown until the extension answers its probe. */
  available?: boolean;
  /** Why not (missing packages and the line that installs them). */
  reason: string;
  /** A run in progress: its latest progress line. */
  progress?: string;
  /** The last run's result per scenario (`custom` for scenario text). */
  results: Record<string, VerifyScenarioResult>;
}

export function initialVerifyState(): VerifyState {
  return { reason: '', results: {} };
}

export function reduceVerify(state: VerifyState, message: VerifyPanelMessage): VerifyState {
  switch (message.type) {
    case 'verifyAvailability':
      return { ...state, available: message.available, reason: message.reason };
    case 'verifyProgress':
      return { ...state, progress: message.text };
    case 'verifyResult': {
      const results = { ...state.results, [message.result.scenario]: message.result };
      // A run that found the packages missing after all: the button says so from now on.
      const unavailable = message.result.status === 'unavailable';
      return {
        ...state,
        progress: undefined,
        results,
        ...(unavailable ? { available: false, reason: unavailableReason(message.result) } : {}),
      };
    }
  }
}

function unavailableReason(result: VerifyScenarioResult): string {
  return [result.summary, result.aptLine ?? ''].filter(Boolean).join(' ');
}

export interface VerifyRow {
  index: number;
  predicted: string;
  real: string;
  differs: boolean;
}

export interface VerifyView {
  enabled: boolean;
  label: string;
  /** The button's tooltip: what it does, or why it cannot. */
  tooltip: string;
  /** One line beside the button: why it is disabled, or the run's progress. */
  note: string;
  /** The shown scenario's last result: its status (`''` when none) and one-line summary. */
  status: VerifyScenarioResult['status'] | '';
  summary: string;
  /** Warnings, problems and the install line, one per line. */
  details: string[];
  /** Around the first difference: predicted and real side by side. */
  rows: VerifyRow[];
}

/** Rows shown before and after the first difference. */
const CONTEXT_ROWS = 3;

/** `selected`: the panel's selection (`all`, a built-in name, `custom`); `scenario`: its trace, if any. */
export function verifyView(
  state: VerifyState,
  selected: string,
  scenario: TraceScenario | undefined,
): VerifyView {
  const view: VerifyView = {
    enabled: false,
    label: 'Verify on a real kernel',
    tooltip: 'Run the selected scenario in a qemu VM with mirror modules and compare it with this trace',
    note: '',
    status: '',
    summary: '',
    details: [],
    rows: [],
  };
  const result = state.results[selected];
  if (result) {
    view.status = result.status;
    view.summary = result.summary;
    view.details = [
      ...result.warnings.map((w) => `warning: ${w}`),
      ...result.problems.filter((p) => p !== result.summary).map((p) => `problem: ${p}`),
      ...(result.aptLine ? [`install: ${result.aptLine}`] : []),
    ];
    view.rows = differenceRows(result);
  }
  if (state.progress !== undefined) {
    view.note = state.progress;
    view.tooltip = 'A real-kernel run is in progress (cancel it from its notification)';
  } else if (state.available === undefined) {
    view.note = 'Checking for qemu and a kernel…';
    view.tooltip = view.note;
  } else if (!state.available) {
    view.note = state.reason;
    view.tooltip = state.reason;
  } else if (!scenario || selected === 'all') {
    view.note = 'Select one scenario to verify it.';
  } else if (!scenario.applicable) {
    view.note = `${scenario.title} does not apply to this file.`;
  } else view.enabled = true;
  return view;
}

function differenceRows(result: VerifyScenarioResult): VerifyRow[] {
  if (result.status !== 'differ' || result.firstDifference < 0) return [];
  const first = result.firstDifference;
  const last = Math.min(Math.max(result.predicted.length, result.real.length) - 1, first + CONTEXT_ROWS);
  const rows: VerifyRow[] = [];
  for (let index = Math.max(0, first - CONTEXT_ROWS); index <= last; index++) {
    const predicted = result.predicted[index] ?? '';
    const real = result.real[index] ?? '';
    rows.push({ index, predicted, real, differs: predicted !== real });
  }
  return rows;
}
