// The trace panel's script: receives traces from the extension, renders them, and reports the user's choices.
import type { FromWebviewMessage, ToWebviewMessage, WebviewState } from '../../server/src/protocol';
import { createLayout, update, type Handlers } from './render';
import { ALL, CUSTOM, initialState, reduce, view, type PanelState } from './view-model';

interface VsCodeApi {
  postMessage(message: FromWebviewMessage): void;
  getState(): Partial<WebviewState> | undefined;
  setState(state: WebviewState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
let state: PanelState = initialState(vscode.getState());

const save = () => vscode.setState({ selected: state.selected, customText: state.customText });

const handlers: Handlers = {
  select(value) {
    state = { ...state, selected: value };
    save();
    paint();
  },
  runCustom(text) {
    const selected = text.trim() ? CUSTOM : state.selected === CUSTOM ? ALL : state.selected;
    state = { ...state, customText: text, selected };
    save();
    vscode.postMessage({ type: 'customScenario', text });
  },
  reveal(uri, range) {
    vscode.postMessage({ type: 'reveal', uri, range });
  },
};

const layout = createLayout(document.body, handlers, state.customText);

function paint(): void {
  update(layout, view(state), handlers);
}

function isMessage(data: unknown): data is ToWebviewMessage {
  const type = (data as { type?: unknown } | null)?.type;
  return type === 'trace' || type === 'notice' || type === 'scenarioText';
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (!isMessage(event.data)) return;
  state = reduce(state, event.data);
  if (event.data.type === 'scenarioText') {
    layout.customInput.value = state.customText;
    layout.custom.open = state.customText.trim() !== '';
    save();
  }
  paint();
});

paint();
vscode.postMessage({ type: 'ready' });
// A custom scenario survives a reload of the panel: ask for it again.
if (state.customText.trim()) vscode.postMessage({ type: 'customScenario', text: state.customText });
