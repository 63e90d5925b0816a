// Builds the trace panel's DOM from a View with createElement/textContent only (data never becomes markup).
import type { Range } from '../../server/src/protocol';
import { CUSTOM, type Row, type Section, type View } from './view-model';

export interface Handlers {
  select(value: string): void;
  runCustom(text: string): void;
  reveal(uri: string, range: Range): void;
}

export interface Layout {
  header: HTMLElement;
  patches: HTMLElement;
  objectNames: HTMLElement;
  notice: HTMLElement;
  problems: HTMLElement;
  select: HTMLSelectElement;
  custom: HTMLDetailsElement;
  customInput: HTMLTextAreaElement;
  customErrors: HTMLElement;
  scenarios: HTMLElement;
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  testId: string | null,
  className = '',
  text = '',
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (testId) node.dataset.testid = testId;
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

/** The parts that persist across updates (so typing in the custom box is never interrupted). */
export function createLayout(root: HTMLElement, handlers: Handlers, customText: string): Layout {
  const main = element('main', 'trace-panel');
  const heading = element('header', null, 'heading');
  const header = element('h1', 'trace-file');
  const patches = element('p', 'trace-patches', 'patches');
  // How macro objects got their names: a guess must read as one, next to the patch it belongs to.
  const objectNames = element('ul', 'trace-object-names', 'object-names');
  heading.append(header, patches, objectNames);
  const notice = element('p', 'trace-notice', 'notice');
  const problems = element('ul', 'trace-problems', 'problems');

  const controls = element('div', null, 'controls');
  const label = element('label', null, '', 'Scenario ');
  const select = element('select', 'scenario-select');
  select.addEventListener('change', () => handlers.select(select.value));
  label.append(select);
  controls.append(label);

  const custom = element('details', 'custom-scenario', 'custom');
  const summary = element('summary', null, '', 'Custom scenario');
  const customInput = element('textarea', 'custom-scenario-input');
  customInput.rows = 6;
  customInput.spellcheck = false;
  customInput.placeholder = 'load PATCH\nload MODULE\ndisable PATCH\n# one action per line';
  customInput.value = customText;
  const run = element('button', 'custom-scenario-run', '', 'Run');
  run.type = 'button';
  run.addEventListener('click', () => handlers.runCustom(customInput.value));
  const customErrors = element('ul', 'custom-scenario-errors', 'errors');
  custom.append(summary, customInput, run, customErrors);
  custom.open = customText.trim() !== '';

  const scenarios = element('div', 'scenarios', 'scenarios');
  main.append(heading, notice, problems, controls, custom, scenarios);
  root.replaceChildren(main);
  return {
    header,
    patches,
    objectNames,
    notice,
    problems,
    select,
    custom,
    customInput,
    customErrors,
    scenarios,
  };
}

export function update(layout: Layout, view: View, handlers: Handlers): void {
  layout.header.textContent = view.header || 'Livepatch callback trace';
  layout.patches.textContent = view.patches.length ? `Livepatches: ${view.patches.join(', ')}` : '';
  layout.objectNames.replaceChildren(
    ...view.objectNames.map((line) => element('li', 'trace-object-name', '', line)),
  );
  layout.notice.textContent = view.notice;
  layout.notice.hidden = view.notice === '';
  layout.problems.replaceChildren(...view.problems.map((p) => element('li', 'trace-problem', '', p)));

  layout.select.replaceChildren(
    ...view.options.map((o) => {
      const option = element('option', null, '', o.label);
      option.value = o.value;
      return option;
    }),
  );
  layout.select.value = view.selected;
  layout.select.disabled = view.options.length <= 1;

  layout.customErrors.replaceChildren(
    ...view.customErrors.map((e) => element('li', 'custom-scenario-error', 'error', e)),
  );
  if (view.customErrors.length > 0 || view.selected === CUSTOM) layout.custom.open = true;
  layout.scenarios.replaceChildren(...view.sections.map((s) => renderSection(s, handlers)));
}

function renderSection(section: Section, handlers: Handlers): HTMLElement {
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
  const list = element('ol', 'scenario-events', 'events');
  list.append(...section.rows.map((row) => renderRow(row, handlers)));
  node.append(list);
  return node;
}

function renderRow(row: Row, handlers: Handlers): HTMLElement {
  const item = element('li', 'event', `event event-${row.kind}`);
  item.dataset.eventType = row.kind;
  switch (row.kind) {
    case 'action':
      item.append(element('span', 'action-text', 'action', row.text));
      item.title = `Scenario line ${row.line}`;
      break;
    case 'kernel':
      item.classList.add(`level-${row.level}`);
      item.textContent = row.text;
      break;
    case 'callback':
      item.append(...callbackParts(row, handlers));
      break;
    case 'module':
    case 'error':
      item.textContent = row.text;
      break;
  }
  return item;
}

function callbackParts(row: Extract<Row, { kind: 'callback' }>, handlers: Handlers): Node[] {
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
  return parts;
}
