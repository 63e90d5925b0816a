// Builds the trace panel's DOM from a View with createElement/textContent only (data never becomes markup).
import type { Range } from '../../server/src/protocol';
import { button, checkbox, element, options } from './dom';
import { renderCompare, renderSummary } from './render-summary';
import { renderSection } from './render-trace';
import { CUSTOM, type View } from './view-model';

export interface Handlers {
  select(value: string): void;
  runCustom(text: string): void;
  reveal(uri: string, range: Range): void;
  openCell(scenario: string, event: number): void;
  showDebug(on: boolean): void;
  lanes(on: boolean): void;
  copy(what: string, text: string): void;
  saveScenario(text: string): void;
  pin(scenario: string): void;
  compareWith(scenario: string): void;
  compare(left: string, right: string): void;
  closeCompare(): void;
}

export interface Layout {
  header: HTMLElement;
  patches: HTMLElement;
  objectNames: HTMLElement;
  notice: HTMLElement;
  problems: HTMLElement;
  summary: HTMLElement;
  select: HTMLSelectElement;
  showDebug: HTMLInputElement;
  lanes: HTMLInputElement;
  custom: HTMLDetailsElement;
  customInput: HTMLTextAreaElement;
  customErrors: HTMLElement;
  compare: HTMLElement;
  compareLeft: HTMLSelectElement;
  compareRight: HTMLSelectElement;
  compareBody: HTMLElement;
  compareCount: HTMLElement;
  scenarios: HTMLElement;
  /** Where the "Verify on a real kernel" bar goes (main.ts fills it). */
  verify: HTMLElement;
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
  // The answer to "what runs when, and where does it go wrong" comes first.
  const summary = element('div', 'summary', 'summary');

  const controls = element('div', null, 'controls');
  const label = element('label', null, '', 'Scenario ');
  const select = element('select', 'scenario-select');
  select.addEventListener('change', () => handlers.select(select.value));
  label.append(select);
  const debug = checkbox('toggle-debug', 'pr_debug lines', (on) => handlers.showDebug(on));
  const lanes = checkbox('toggle-lanes', 'lanes per object', (on) => handlers.lanes(on));
  controls.append(label, debug.label, lanes.label);

  const custom = element('details', 'custom-scenario', 'custom');
  const customSummary = element('summary', null, '', 'Custom scenario');
  const customInput = element('textarea', 'custom-scenario-input');
  customInput.rows = 6;
  customInput.spellcheck = false;
  customInput.placeholder = 'load PATCH\nload MODULE\ndisable PATCH\n# one action per line';
  customInput.value = customText;
  const run = element('button', 'custom-scenario-run', '', 'Run');
  run.type = 'button';
  run.addEventListener('click', () => handlers.runCustom(customInput.value));
  const save = button('custom-scenario-save', 'Save as .klpscenario', 'Write this scenario to a file', () =>
    handlers.saveScenario(customInput.value),
  );
  const customErrors = element('ul', 'custom-scenario-errors', 'errors');
  custom.append(customSummary, customInput, run, save, customErrors);
  custom.open = customText.trim() !== '';

  const compare = element('div', 'compare', 'compare');
  const compareBar = element('div', null, 'compare-bar');
  const compareLeft = element('select', 'compare-left');
  const compareRight = element('select', 'compare-right');
  const changed = () => handlers.compare(compareLeft.value, compareRight.value);
  compareLeft.addEventListener('change', changed);
  compareRight.addEventListener('change', changed);
  const compareCount = element('span', 'compare-count', 'compare-count');
  compareBar.append(
    element('strong', null, '', 'Compare '),
    compareLeft,
    document.createTextNode(' with '),
    compareRight,
    compareCount,
    button('compare-close', 'Close', 'Back to the trace', () => handlers.closeCompare()),
  );
  const compareBody = element('div', null);
  compare.append(compareBar, compareBody);

  const scenarios = element('div', 'scenarios', 'scenarios');
  const verify = element('div', null);
  main.append(heading, notice, problems, summary, controls, verify, custom, compare, scenarios);
  root.replaceChildren(main);
  return {
    header,
    patches,
    objectNames,
    notice,
    problems,
    summary,
    select,
    showDebug: debug.input,
    lanes: lanes.input,
    custom,
    customInput,
    customErrors,
    compare,
    compareLeft,
    compareRight,
    compareBody,
    compareCount,
    scenarios,
    verify,
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
  layout.summary.replaceChildren(...renderSummary(view.summary, handlers));

  options(layout.select, view.options);
  layout.select.value = view.selected;
  layout.select.disabled = view.options.length <= 1;
  layout.showDebug.checked = view.showDebug;
  layout.lanes.checked = view.lanes;

  layout.customErrors.replaceChildren(
    ...view.customErrors.map((e) => element('li', 'custom-scenario-error', 'error', e)),
  );
  if (view.customErrors.length > 0 || view.selected === CUSTOM) layout.custom.open = true;

  const compare = view.compare;
  layout.compare.hidden = compare === null;
  if (compare) {
    options(layout.compareLeft, compare.options);
    options(layout.compareRight, compare.options);
    layout.compareLeft.value = compare.left;
    layout.compareRight.value = compare.right;
    layout.compareCount.textContent = ` ${compare.changes} line${compare.changes === 1 ? '' : 's'} differ `;
    layout.compareBody.replaceChildren(renderCompare(compare));
  } else layout.compareBody.replaceChildren();
  layout.scenarios.hidden = compare !== null;
  layout.scenarios.replaceChildren(...view.sections.map((s) => renderSection(s, handlers, view.lanes)));
}
