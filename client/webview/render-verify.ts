// The "Verify on a real kernel" bar's DOM: the button, a note, the result and the rows around the first difference (text only).
import { element } from './dom';
import type { VerifyView } from './verify-view';

export interface VerifyBar {
  root: HTMLElement;
  button: HTMLButtonElement;
  note: HTMLElement;
  result: HTMLElement;
}

export function createVerifyBar(onVerify: () => void): VerifyBar {
  const root = element('div', 'verify', 'verify');
  const button = element('button', 'verify-button', 'secondary', 'Verify on a real kernel');
  button.type = 'button';
  button.addEventListener('click', onVerify);
  const note = element('span', 'verify-note', 'verify-note');
  const result = element('div', 'verify-result', 'verify-result');
  root.append(button, note, result);
  return { root, button, note, result };
}

export function updateVerifyBar(bar: VerifyBar, view: VerifyView): void {
  bar.button.disabled = !view.enabled;
  bar.button.textContent = view.label;
  bar.button.title = view.tooltip;
  bar.note.textContent = view.note ? ` ${view.note}` : '';
  bar.result.hidden = view.status === '';
  bar.result.dataset.status = view.status;
  const parts: HTMLElement[] = [];
  if (view.summary) parts.push(element('p', 'verify-summary', `verify-summary ${view.status}`, view.summary));
  for (const line of view.details) parts.push(element('p', 'verify-detail', 'verify-detail', line));
  if (view.rows.length > 0) {
    const table = element('table', 'verify-rows', 'verify-rows');
    const head = element('tr', null);
    head.append(
      element('th', null, '', '#'),
      element('th', null, '', 'predicted'),
      element('th', null, '', 'real kernel'),
    );
    table.append(head);
    for (const row of view.rows) {
      const tr = element('tr', null, row.differs ? 'verify-differs' : '');
      tr.append(
        element('td', null, '', `${row.differs ? '>> ' : ''}${row.index + 1}`),
        element('td', null, '', row.predicted),
        element('td', null, '', row.real),
      );
      table.append(tr);
    }
    parts.push(table);
  }
  bar.result.replaceChildren(...parts);
}
