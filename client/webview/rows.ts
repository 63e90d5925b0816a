// One trace event as a panel row, and the exports of a trace: dmesg lines and the CLI's JSON.
import type {
  CallbackKind,
  PatchStatus,
  Range,
  TraceEvent,
  TraceEventWithUri,
  TraceStep,
} from '../../server/src/protocol';

interface RowBase {
  /** The event's index in the scenario's trace (what counterexamples and summary cells point at). */
  index: number;
  /** Marked: a counterexample's offending event, or the event a summary cell opened. */
  highlighted: boolean;
}

export type Row = RowBase &
  (
    | {
        kind: 'action';
        line: number;
        text: string;
        /** The livepatches' sysfs state once the action is done (`fix_a enabled=1 transition=0`). */
        status: string[];
      }
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
        /** pre_patch returned an error: the object (or the whole enable) is refused. */
        refused: boolean;
        uri: string;
        range: Range;
        /** When the kernel runs this kind of callback. */
        timing: string;
        /** The object's swim lane (objects numbered in order of first appearance). */
        lane: number;
      }
    | { kind: 'module'; text: string }
    | { kind: 'error'; text: string }
  );

const STATE_NAMES: Record<string, string> = {
  COMING: 'MODULE_STATE_COMING',
  LIVE: 'MODULE_STATE_LIVE',
  GOING: 'MODULE_STATE_GOING',
};

export interface RowContext {
  timing: Record<CallbackKind, string>;
  steps: readonly TraceStep[];
  highlight: ReadonlySet<number>;
  /** Lane numbers by object; filled as objects appear. */
  lanes: Map<string, number>;
}

export function rowsOf(events: readonly TraceEventWithUri[], context: RowContext): Row[] {
  const statusByEvent = new Map(context.steps.map((s) => [s.event, s.patches]));
  return events.map((event, index) => row(event, index, context, statusByEvent.get(index) ?? []));
}

function row(
  event: TraceEventWithUri,
  index: number,
  context: RowContext,
  patches: readonly PatchStatus[],
): Row {
  const base = { index, highlighted: context.highlight.has(index) };
  switch (event.type) {
    case 'action':
      return { ...base, kind: 'action', line: event.line, text: event.text, status: patches.map(statusText) };
    case 'kernel':
      return { ...base, kind: 'kernel', level: event.level, text: `livepatch: ${event.text}` };
    case 'callback': {
      if (!context.lanes.has(event.object)) context.lanes.set(event.object, context.lanes.size);
      return {
        ...base,
        kind: 'callback',
        patch: event.patch,
        object: event.object,
        callback: event.callback,
        function: event.function,
        moduleState: event.moduleState ? (STATE_NAMES[event.moduleState] ?? event.moduleState) : '',
        ret: event.ret === undefined ? '' : String(event.ret),
        refused: event.ret !== undefined && event.ret !== 0,
        uri: event.uri,
        range: event.source.range,
        timing: context.timing[event.callback] ?? '',
        lane: context.lanes.get(event.object) ?? 0,
      };
    }
    case 'module':
      return { ...base, kind: 'module', text: `${event.module}: module_${event.event}()` };
    case 'error':
      return { ...base, kind: 'error', text: `${event.text} (errno ${event.errno})` };
  }
}

/** sysfs as `cat /sys/kernel/livepatch/P/{enabled,transition}` would show it, or why there is none. */
export function statusText(status: PatchStatus): string {
  if (!status.installed) return `${status.patch}: loaded, no sysfs entry (disabled or replaced)`;
  return `${status.patch}: enabled=${status.enabled ? 1 : 0} transition=${status.transition ? 1 : 0}`;
}

/** A row as one line of text: what compare matches and shows. */
export function rowText(row: Row): string {
  switch (row.kind) {
    case 'action':
      return `$ ${row.text}`;
    case 'callback': {
      const state = row.moduleState ? ` [${row.moduleState}]` : '';
      const ret = row.ret === '' ? '' : ` = ${row.ret}`;
      return `${row.patch}: ${row.callback}(${row.object})${state} → ${row.function}${ret}`;
    }
    case 'kernel':
    case 'module':
    case 'error':
      return row.text;
  }
}

/**
 * The kernel's own lines as dmesg would show them: `livepatch:` messages only (callbacks, module
 * init/exit and refused commands print nothing there); pr_debug lines only with dynamic debug on.
 */
export function dmesgText(events: readonly TraceEventWithUri[], withDebug: boolean): string {
  return events
    .flatMap((e) =>
      e.type === 'kernel' && (withDebug || e.level !== 'debug') ? [`livepatch: ${e.text}\n`] : [],
    )
    .join('');
}

/** `klp-callbacks trace --format json`: the same events, without the editor's document URIs. */
export function traceJson(events: readonly TraceEventWithUri[]): string {
  const plain: TraceEvent[] = events.map((e) => {
    if (e.type !== 'callback') return e;
    const { uri, ...event } = e;
    void uri; // the CLI has paths only
    return event;
  });
  return `${JSON.stringify({ events: plain }, null, 2)}\n`;
}
