// The summary matrix (scenario × object × callback) and the side-by-side comparison, as DOM.
import { element } from './dom';
import type { Summary } from './summary';
import type { CompareView } from './view-model';

export interface SummaryHandlers {
  openCell(scenario: string, event: number): void;
}

export function renderSummary(summary: Summary, handlers: SummaryHandlers): HTMLElement[] {
  if (summary.rows.length === 0) return [];
  const table = element('table', 'summary-table', 'summary-table');
  const head = element('thead', null);
  const groupRow = element('tr', null);
  const scenarioHead = element('th', null, 'scenario-head', 'Scenario');
  scenarioHead.rowSpan = 2;
  groupRow.append(scenarioHead);
  for (const group of summary.groups) {
    const th = element('th', 'summary-group', 'group', group.label);
    th.colSpan = group.span;
    groupRow.append(th);
  }
  const kindRow = element('tr', null);
  for (const column of summary.columns) {
    kindRow.append(element('th', 'summary-callback', 'kind', column.callback));
  }
  head.append(groupRow, kindRow);
  const body = element('tbody', null);
  for (const row of summary.rows) {
    const tr = element('tr', 'summary-row', row.applicable ? '' : 'not-applicable');
    tr.dataset.scenario = row.scenario;
    const name = element('th', 'summary-scenario', 'scenario-name', row.title);
    name.scope = 'row';
    tr.append(name);
    if (!row.applicable) {
      const why = element('td', 'summary-reason', 'reason', `not applicable: ${row.reason}`);
      why.colSpan = Math.max(summary.columns.length, 1);
      tr.append(why);
    }
    row.cells.forEach((cell, i) => {
      const td = element('td', null, `cell cell-${cell.status}`);
      const open = element('button', 'summary-cell', 'cell-button', cell.label);
      open.type = 'button';
      open.title = `${cell.title}. Open ${row.title}${cell.event >= 0 ? ' at this event' : ''}.`;
      open.dataset.status = cell.status;
      open.dataset.column = String(i);
      open.addEventListener('click', () => handlers.openCell(row.scenario, cell.event));
      td.append(open);
      if (cell.states) td.append(element('span', 'summary-state', 'cell-state', cell.states));
      tr.append(td);
    });
    body.append(tr);
  }
  table.append(head, body);
  const legend = element(
    'p',
    'summary-legend',
    'legend',
    'runs: called once · runs ×N: called again (must be idempotent) · skipped: never called · refused: pre_patch returned an error. Click a cell to open the scenario there.',
  );
  return [table, legend];
}

export function renderCompare(compare: CompareView): HTMLElement {
  const table = element('table', 'compare-table', 'compare-table');
  const head = element('tr', null);
  const label = (value: string) => compare.options.find((o) => o.value === value)?.label ?? value;
  head.append(
    element('th', 'compare-left-title', '', label(compare.left)),
    element('th', 'compare-right-title', '', label(compare.right)),
  );
  table.append(head);
  for (const line of compare.lines) {
    const tr = element('tr', 'compare-line', `compare-${line.change}`);
    tr.dataset.change = line.change;
    // The marker is text too, so a difference reads without colour (and in a screen reader).
    const mark = line.change === 'removed' ? '− ' : line.change === 'added' ? '+ ' : '  ';
    tr.append(
      element(
        'td',
        null,
        'compare-cell',
        line.left ? `${line.change === 'removed' ? mark : '  '}${line.left}` : '',
      ),
      element(
        'td',
        null,
        'compare-cell',
        line.right ? `${line.change === 'added' ? mark : '  '}${line.right}` : '',
      ),
    );
    table.append(tr);
  }
  return table;
}
