// The one way the panel creates elements: text through textContent only, a data-testid for the tests.

export function element<K extends keyof HTMLElementTagNameMap>(
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

export function button(testId: string, text: string, title: string, onClick: () => void): HTMLButtonElement {
  const node = element('button', testId, 'secondary', text);
  node.type = 'button';
  node.title = title;
  node.addEventListener('click', onClick);
  return node;
}

/** A labelled checkbox (keyboard: Tab to it, Space toggles). */
export function checkbox(
  testId: string,
  text: string,
  onChange: (checked: boolean) => void,
): { label: HTMLLabelElement; input: HTMLInputElement } {
  const label = element('label', null, 'toggle');
  const input = element('input', testId);
  input.type = 'checkbox';
  input.addEventListener('change', () => onChange(input.checked));
  label.append(input, document.createTextNode(` ${text}`));
  return { label, input };
}

export function options(select: HTMLSelectElement, choices: { value: string; label: string }[]): void {
  select.replaceChildren(
    ...choices.map((o) => {
      const option = element('option', null, '', o.label);
      option.value = o.value;
      return option;
    }),
  );
}
