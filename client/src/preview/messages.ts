// Checks what the webview sends (it is a separate page: its messages are validated, not trusted), and merges traces.
import type {
  FromWebviewMessage,
  Range,
  ShowCounterexampleArgs,
  TraceResult,
} from '../../../server/src/protocol';

export function parseWebviewMessage(raw: unknown): FromWebviewMessage | undefined {
  if (!isRecord(raw)) return undefined;
  switch (raw.type) {
    case 'ready':
      return { type: 'ready' };
    case 'customScenario':
      return typeof raw.text === 'string' ? { type: 'customScenario', text: raw.text } : undefined;
    case 'reveal':
      return typeof raw.uri === 'string' && raw.uri !== '' && isRange(raw.range)
        ? { type: 'reveal', uri: raw.uri, range: raw.range }
        : undefined;
    case 'copy':
      return typeof raw.what === 'string' && typeof raw.text === 'string'
        ? { type: 'copy', what: raw.what, text: raw.text }
        : undefined;
    case 'saveScenario':
      return typeof raw.text === 'string' ? { type: 'saveScenario', text: raw.text } : undefined;
    case 'verify':
      return typeof raw.scenario === 'string' && raw.scenario.trim() !== ''
        ? { type: 'verify', scenario: raw.scenario }
        : undefined;
    case 'shown':
      return typeof raw.scenario === 'string' && isIndexList(raw.highlighted)
        ? { type: 'shown', scenario: raw.scenario, highlighted: raw.highlighted }
        : undefined;
    default:
      return undefined;
  }
}

/**
 * The panel shows the built-ins and, when the user typed one, the custom scenario: two requests,
 * one result. Scenario errors and the custom trace come from the second.
 */
export function mergeCustomTrace(builtins: TraceResult, custom: TraceResult | null | undefined): TraceResult {
  if (!custom) return builtins;
  return {
    ...builtins,
    scenarios: [...builtins.scenarios, ...custom.scenarios],
    scenarioErrors: custom.scenarioErrors,
  };
}

/**
 * The arguments of `klpCallbacks.showCounterexample`: one object (or a one-element array, as code actions
 * pass `arguments`) with a non-empty uri, the scenario text and event indices; anything else is refused.
 */
export function parseCounterexampleArgs(raw: unknown): ShowCounterexampleArgs | undefined {
  const value = Array.isArray(raw) && raw.length === 1 ? raw[0] : raw;
  if (!isRecord(value)) return undefined;
  const { uri, scenario, highlight } = value;
  if (typeof uri !== 'string' || uri === '' || typeof scenario !== 'string') return undefined;
  if (!isIndexList(highlight)) return undefined;
  return { uri, scenario, highlight };
}

/** `klpCallbacks.verifyScenario`'s argument: `{ uri, scenario }` (or a one-element array of it); else undefined. */
export function parseVerifyTarget(raw: unknown): { uri: string; scenario: string } | undefined {
  const value = Array.isArray(raw) && raw.length === 1 ? (raw[0] as unknown) : raw;
  if (!isRecord(value)) return undefined;
  const { uri, scenario } = value;
  if (typeof uri !== 'string' || uri === '' || typeof scenario !== 'string' || scenario.trim() === '')
    return undefined;
  return { uri, scenario };
}

function isIndexList(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((n) => Number.isInteger(n) && (n as number) >= 0);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isPosition(value: unknown): boolean {
  return (
    isRecord(value) &&
    Number.isInteger(value.line) &&
    Number.isInteger(value.character) &&
    (value.line as number) >= 0 &&
    (value.character as number) >= 0
  );
}

function isRange(value: unknown): value is Range {
  return isRecord(value) && isPosition(value.start) && isPosition(value.end);
}
