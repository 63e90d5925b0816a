// The trace panel's script: receives traces from the extension, renders them, and reports the user's choices.
import type { FromWebviewMessage, ToWebviewMessage, WebviewState } from '../../server/src/protocol';
import { createLayout, update, type Handlers } from './render';
import { createVerifyBar, updateVerifyBar } from './render-verify';
import { initialVerifyState, reduceVerify, verifyView, type VerifyState } from './verify-view';
import {
  ALL,
  BEFORE,
  CUSTOM,
  initialState,
  reduce,
  savedState,
  shownAnswer,
  view,
  type PanelState,
} from './view-model';

interface VsCodeApi {
  postMessage(message: FromWebviewMessage): void;
  getState(): Partial<WebviewState> | undefined;
  setState(state: WebviewState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
let state: PanelState = initialState(vscode.getState());

/** Every user choice: new state, saved for a reload, painted. */
function change(next: Partial<PanelState>): void {
  state = { ...state, ...next };
  vscode.setState(savedState(state));
  paint();
}

const handlers: Handlers = {
  select(value) {
    change({ selected: value, highlight: undefined });
  },
  runCustom(text) {
    const selected = text.trim() ? CUSTOM : state.selected === CUSTOM ? ALL : state.selected;
    change({ customText: text, selected, highlight: undefined });
    vscode.postMessage({ type: 'customScenario', text });
  },
  reveal(uri, range) {
    vscode.postMessage({ type: 'reveal', uri, range });
  },
  openCell(scenario, event) {
    change({ selected: scenario, highlight: event >= 0 ? [event] : undefined, compare: undefined });
    scrollToHighlight();
  },
  showDebug(on) {
    change({ showDebug: on });
  },
  lanes(on) {
    change({ lanes: on });
  },
  copy(what, text) {
    vscode.postMessage({ type: 'copy', what, text });
  },
  saveScenario(text) {
    vscode.postMessage({ type: 'saveScenario', text });
  },
  pin(scenario) {
    const pinned = state.result?.scenarios.find((s) => s.name === scenario);
    if (pinned) change({ pinned, compare: { left: BEFORE, right: scenario } });
  },
  compareWith(scenario) {
    const other = state.result?.scenarios.find((s) => s.applicable && s.name !== scenario)?.name ?? scenario;
    change({ compare: { left: scenario, right: other } });
  },
  compare(left, right) {
    change({ compare: { left, right } });
  },
  closeCompare() {
    change({ compare: undefined });
  },
};

const layout = createLayout(document.body, handlers, state.customText);
/** Not saved with setState: availability and results are asked for again after a reload. */
let verify: VerifyState = initialVerifyState();
const verifyBar = createVerifyBar(() => {
  const shown = view(state).selected;
  vscode.postMessage({ type: 'verify', scenario: shown });
});
layout.verify.append(verifyBar.root);

function paint(): void {
  const shown = view(state);
  update(layout, shown, handlers);
  const scenario = state.result?.scenarios.find((s) => s.name === shown.selected);
  updateVerifyBar(verifyBar, verifyView(verify, shown.selected, scenario));
  highlightFocus();
}

/** Set by a focus message: the first highlighted call is scrolled to once, not on every later trace. */
let scrollToFocus = false;

/** The calls of the function a code lens or hover link asked for stand out. */
function highlightFocus(): void {
  if (!state.focus) return;
  const calls = Array.from(
    document.querySelectorAll<HTMLElement>('[data-testid="callback-function"]'),
  ).filter((button) => button.textContent === state.focus);
  for (const call of calls) call.closest('li')?.classList.add('focused');
  if (scrollToFocus && calls[0]) {
    calls[0].scrollIntoView({ block: 'center' });
    scrollToFocus = false;
  }
}

/** The first highlighted row in view, once painted (a counterexample, a summary cell). */
function scrollToHighlight(): void {
  const row = document.querySelector<HTMLElement>('[data-highlighted="true"]');
  row?.scrollIntoView({ block: 'center' });
}

function isMessage(data: unknown): data is ToWebviewMessage {
  const type = (data as { type?: unknown } | null)?.type;
  return (
    type === 'trace' ||
    type === 'notice' ||
    type === 'show' ||
    type === 'focus' ||
    type === 'scenarioText' ||
    type === 'verifyAvailability' ||
    type === 'verifyProgress' ||
    type === 'verifyResult'
  );
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (!isMessage(event.data)) return;
  const data = event.data;
  if (data.type === 'verifyAvailability' || data.type === 'verifyProgress' || data.type === 'verifyResult') {
    verify = reduceVerify(verify, data);
    paint();
    return;
  }
  state = reduce(state, event.data);
  if (event.data.type === 'show') {
    layout.customInput.value = state.customText;
    vscode.setState(savedState(state));
  }
  if (event.data.type === 'focus') {
    scrollToFocus = true;
    vscode.setState(savedState(state));
  }
  if (event.data.type === 'scenarioText') {
    layout.customInput.value = state.customText;
    layout.custom.open = state.customText.trim() !== '';
    vscode.setState(savedState(state));
  }
  paint();
  const answer = shownAnswer(state);
  if (answer) {
    state = { ...state, pendingShow: undefined };
    scrollToHighlight();
    vscode.postMessage({ type: 'shown', ...answer });
  }
});

paint();
vscode.postMessage({ type: 'ready' });
// A custom scenario survives a reload of the panel: ask for it again.
if (state.customText.trim()) vscode.postMessage({ type: 'customScenario', text: state.customText });
