// One scenario's trace as DOM: actions with the patches' sysfs state, kernel lines, callbacks set apart.
import type { Range } from '../../server/src/protocol';
import { button, element } from './dom';
import type { Row, Section } from './view-model';

export interface TraceHandlers {
  reveal(uri: string, range: Range): void;
  copy(what: string, text: string): void;
  pin(scenario: string): void;
  compareWith(scenario: string): void;
}

/** Lanes beyond this share the last one's indentation (the stylesheet has this many). */
const MAX_LANE = 5;

export function renderSection(section: Section, handlers: TraceHandlers, lanes: boolean): HTMLElement {
  const node = element('section', 'scenario', section.applicable ? 'scenario' : 'scenario not-applicable');
  node.dataset.scenario = section.name;
  node.dataset.applicable = String(section.applicable);
  node.append(
    element('h2', 'scenario-title', '', section.title),
    element('p', 'scenario-description', 'description', section.description),
  );
  if (!section.applicable) {
    node.append(element('p', 'scenario-reason', 'reason', `Not applicable: ${section.reason}`));
    return node;
  }
  const tools = element('div', null, 'section-tools');
  tools.append(
    button('copy-dmesg', 'Copy as dmesg', 'The kernel lines as dmesg shows them', () =>
      handlers.copy('dmesg', section.dmesg),
    ),
    button('copy-json', 'Copy as JSON', "klp-callbacks trace --format json's output", () =>
      handlers.copy('JSON', section.json),
    ),
    button('pin-before', 'Pin as before', 'Keep this trace to compare it after an edit', () =>
      handlers.pin(section.name),
    ),
    button('compare-with', 'Compare…', 'Show this scenario next to another one', () =>
      handlers.compareWith(section.name),
    ),
  );
  node.append(tools);
  if (lanes && section.lanes.length > 1) {
    node.append(element('p', 'lane-legend', 'lane-legend', `Lanes: ${section.lanes.join(' | ')}`));
  }
  const list = element('ol', 'scenario-events', lanes ? 'events with-lanes' : 'events');
  list.append(...section.rows.map((row) => renderRow(row, handlers)));
  node.append(list);
  return node;
}

function renderRow(row: Row, handlers: TraceHandlers): HTMLElement {
  const item = element('li', 'event', `event event-${row.kind}`);
  item.dataset.eventType = row.kind;
  item.dataset.index = String(row.index);
  if (row.highlighted) {
    item.classList.add('highlighted');
    item.dataset.highlighted = 'true';
  }
  switch (row.kind) {
    case 'action':
      item.append(element('span', 'action-text', 'action', row.text));
      if (row.status.length > 0)
        item.append(element('span', 'patch-status', 'patch-status', row.status.join(' · ')));
      item.title = `Scenario line ${row.line}`;
      break;
    case 'kernel':
      item.classList.add(`level-${row.level}`);
      item.textContent = row.text;
      if (row.level === 'debug') item.title = 'pr_debug: shown in dmesg only with dynamic debug enabled';
      break;
    case 'callback':
      item.classList.add(`lane-${Math.min(row.lane, MAX_LANE)}`);
      if (row.refused) item.classList.add('refused');
      item.append(...callbackParts(row, handlers));
      break;
    case 'module':
      item.textContent = row.text;
      break;
    case 'error':
      // A marker in text, not only colour: "refused" reads in any theme and to a screen reader.
      item.append(element('span', 'error-mark', 'mark', '✗ refused: '), document.createTextNode(row.text));
      break;
  }
  return item;
}

function callbackParts(row: Extract<Row, { kind: 'callback' }>, handlers: TraceHandlers): Node[] {
  const kind = element('span', 'callback-kind', 'callback-kind', row.callback);
  kind.title = row.timing;
  const fn = element('button', 'callback-function', 'function-link', row.function);
  fn.type = 'button';
  fn.title = 'Show the function in the editor';
  fn.addEventListener('click', () => handlers.reveal(row.uri, row.range));
  const parts: Node[] = [
    element('span', 'callback-patch', 'patch', row.patch),
    document.createTextNode(': '),
    kind,
    document.createTextNode('('),
    element('span', 'callback-object', 'object', row.object),
    document.createTextNode(')'),
  ];
  if (row.moduleState) parts.push(element('span', 'callback-state', 'state', ` [${row.moduleState}]`));
  parts.push(document.createTextNode(' → '), fn);
  if (row.ret !== '') parts.push(element('span', 'callback-ret', 'ret', ` = ${row.ret}`));
  if (row.refused) parts.push(element('span', 'callback-refused', 'mark', ' ✗ refused'));
  return parts;
}
