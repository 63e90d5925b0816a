// The summary matrix on top of the panel: per scenario, what each registered callback does (runs, is skipped, ...).
import type { RegisteredCallback, TraceScenario } from '../../server/src/protocol';

export type CellStatus = 'runs' | 'twice' | 'skipped' | 'refused';

export interface SummaryCell {
  status: CellStatus;
  /** Short text shown in the cell: `runs`, `runs ×2`, `skipped`, `refused`. */
  label: string;
  /** The module states the runs saw (`COMING`, `LIVE, GOING`), empty for vmlinux or no run. */
  states: string;
  /** The event a click opens: the first run (or refusal), -1 when the callback never runs. */
  event: number;
  /** Tooltip: the whole story in a sentence. */
  title: string;
}

export interface SummaryColumn {
  patch: string;
  object: string;
  callback: string;
}

export interface SummaryRow {
  scenario: string;
  title: string;
  applicable: boolean;
  /** Why the scenario does not apply, in one line (empty when it does). */
  reason: string;
  cells: SummaryCell[];
}

export interface Summary {
  columns: SummaryColumn[];
  /** Column groups for the header: `patch: object` and how many callback columns it spans. */
  groups: { label: string; span: number }[];
  rows: SummaryRow[];
}

/** Columns: each registered (patch, object, callback) once; rows: every scenario, applicable or not. */
export function summarize(
  registered: readonly RegisteredCallback[],
  scenarios: readonly TraceScenario[],
): Summary {
  const seen = new Set<string>();
  const columns: SummaryColumn[] = [];
  for (const r of registered) {
    const key = `${r.patch}\0${r.object}\0${r.callback}`;
    if (seen.has(key)) continue;
    seen.add(key);
    columns.push({ patch: r.patch, object: r.object, callback: r.callback });
  }
  const groups: Summary['groups'] = [];
  for (const column of columns) {
    const label = `${column.patch}: ${column.object}`;
    const last = groups[groups.length - 1];
    if (last?.label === label) last.span++;
    else groups.push({ label, span: 1 });
  }
  const rows = scenarios.map((s) => ({
    scenario: s.name,
    title: s.title,
    applicable: s.applicable,
    reason: s.applicable ? '' : (s.reason ?? 'does not apply').replace(/\s+/g, ' '),
    cells: s.applicable ? columns.map((c) => cell(s, c)) : [],
  }));
  return { columns, groups, rows };
}

function cell(scenario: TraceScenario, column: SummaryColumn): SummaryCell {
  const runs: { index: number; state: string; refused: boolean }[] = [];
  scenario.events.forEach((e, index) => {
    if (e.type !== 'callback') return;
    if (e.patch !== column.patch || e.object !== column.object || e.callback !== column.callback) return;
    runs.push({ index, state: e.moduleState ?? '', refused: e.ret !== undefined && e.ret !== 0 });
  });
  const states = [...new Set(runs.map((r) => r.state).filter((s) => s !== ''))].join(', ');
  const what = `${column.callback}(${column.object}) of ${column.patch}`;
  const where = states ? ` (module ${states})` : '';
  const refusal = runs.find((r) => r.refused);
  if (refusal) {
    return {
      status: 'refused',
      label: 'refused',
      states,
      event: refusal.index,
      title: `${what} returns an error${where}: the kernel refuses it`,
    };
  }
  const first = runs[0];
  if (!first)
    return { status: 'skipped', label: 'skipped', states, event: -1, title: `${what} never runs here` };
  if (runs.length > 1) {
    return {
      status: 'twice',
      label: `runs ×${runs.length}`,
      states,
      event: runs[1]?.index ?? first.index,
      title: `${what} runs ${runs.length} times${where}: it must be idempotent`,
    };
  }
  return { status: 'runs', label: 'runs', states, event: first.index, title: `${what} runs once${where}` };
}
