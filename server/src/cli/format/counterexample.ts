// A finding's counterexample in each output format: JSON as `trace` prints it, SARIF code flows, indented text.
import * as path from 'node:path';
import type { CodeFlow, PhysicalLocation, ThreadFlowLocation } from 'sarif';
import type { Counterexample } from '../../core/check/explore';
import { formatTraceText, type TraceEvent } from '../../core/lifecycle/events';
import type { Range } from '../../core/model/types';
import { oneLine } from './escape';

/** Exactly what `klp-callbacks trace FILE --scenario <scenario> --format json` prints as `events`. */
export function jsonCounterexample(counterexample: Counterexample): {
  scenario: string;
  events: TraceEvent[];
  withoutCondition?: string;
} {
  const { scenario, events, withoutCondition } = counterexample;
  return withoutCondition === undefined ? { scenario, events } : { scenario, events, withoutCondition };
}

/** The scenario's actions on one line (its comment lines, such as the build directive, left out). */
function actionsLine(counterexample: Counterexample): string {
  return counterexample.scenario
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.trim().startsWith('#'))
    .join('; ');
}

/** ` (built without X)` for a counterexample of one build configuration, else nothing. */
function configurationNote(counterexample: Counterexample): string {
  return counterexample.withoutCondition === undefined
    ? ''
    : ` (built without ${counterexample.withoutCondition}: trace --without-condition '${counterexample.withoutCondition}')`;
}

/**
 * One thread flow: a location per action and per callback, each with its trace line as the
 * message; callbacks point at their function, and the violating steps are `essential`.
 */
export function sarifCodeFlows(
  counterexample: Counterexample,
  locate: (sourcePath: string, range: Range) => PhysicalLocation,
): CodeFlow[] {
  const highlighted = new Set(counterexample.highlight);
  const locations: ThreadFlowLocation[] = [];
  counterexample.events.forEach((event, index) => {
    if (event.type !== 'action' && event.type !== 'callback') return;
    const text = formatTraceText([event]).trimEnd();
    locations.push({
      location: {
        message: { text },
        ...(event.type === 'callback'
          ? { physicalLocation: locate(event.source.path, event.source.range) }
          : {}),
      },
      importance: highlighted.has(index) ? 'essential' : 'important',
      executionOrder: index,
    });
  });
  const scenario = actionsLine(counterexample);
  return [
    {
      message: { text: `scenario: ${scenario}${configurationNote(counterexample)}` },
      threadFlows: [{ locations }],
    },
  ];
}

/** `check --explain`: the scenario and its trace under the finding, the violating lines marked `>`. */
export function explainLines(counterexample: Counterexample): string[] {
  const highlighted = new Set(counterexample.highlight);
  const scenario = actionsLine(counterexample);
  return [
    `    counterexample: ${oneLine(scenario + configurationNote(counterexample))}`,
    ...counterexample.events.map(
      (event, index) =>
        `    ${highlighted.has(index) ? '>' : ' '}   ${oneLine(formatTraceText([event]).trimEnd())}`,
    ),
  ];
}

export function resolveFrom(root: string, sourcePath: string): string {
  return path.resolve(root, sourcePath);
}
