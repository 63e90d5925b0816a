// Just enough of the DOM for render.ts in node: elements, text nodes, listeners; innerHTML is forbidden.

export class FakeText {
  constructor(public textContent: string) {}
}

type Child = FakeElement | FakeText;

export class FakeElement {
  children: Child[] = [];
  dataset: Record<string, string> = {};
  className = '';
  title = '';
  hidden = false;
  type = '';
  value = '';
  rows = 0;
  spellcheck = true;
  placeholder = '';
  open = false;
  disabled = false;
  checked = false;
  colSpan = 1;
  rowSpan = 1;
  scope = '';
  readonly classList = { add: (name: string) => (this.className = `${this.className} ${name}`.trim()) };
  private readonly listeners = new Map<string, (() => void)[]>();

  constructor(readonly tagName: string) {}

  get textContent(): string {
    return this.children.map((c) => c.textContent).join('');
  }

  set textContent(value: string) {
    this.children = value ? [new FakeText(value)] : [];
  }

  set innerHTML(_value: string) {
    throw new Error('render.ts must never set innerHTML');
  }

  append(...nodes: Child[]): void {
    this.children.push(...nodes);
  }

  replaceChildren(...nodes: Child[]): void {
    this.children = nodes;
  }

  addEventListener(type: string, listener: () => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  dispatch(type: string): void {
    for (const listener of this.listeners.get(type) ?? []) listener();
  }

  /** Every descendant element with this data-testid, in document order. */
  findAll(testId: string): FakeElement[] {
    return this.children.flatMap((c) =>
      c instanceof FakeElement ? [...(c.dataset.testid === testId ? [c] : []), ...c.findAll(testId)] : [],
    );
  }

  find(testId: string): FakeElement {
    const [first] = this.findAll(testId);
    if (!first) throw new Error(`no element with data-testid=${testId}`);
    return first;
  }
}

/** Installs a fake `document` global for the duration of a test file. */
export function installFakeDocument(): void {
  (globalThis as Record<string, unknown>).document = {
    createElement: (tag: string) => new FakeElement(tag),
    createTextNode: (text: string) => new FakeText(text),
  };
}
