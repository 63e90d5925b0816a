// Says, from a counterexample's own events, when the callbacks ran: the wording lifecycle findings use.
import type { CallbackEvent, TraceEvent } from '../lifecycle/events';
import { parseScenario } from '../lifecycle/scenario';
import type { FoundViolation } from './explore';

/** The scenario on one line: `load m; fail p:m; load p`. */
export function scenarioLine(found: FoundViolation): string {
  return parseScenario(found.counterexample.scenario)
    .actions.map((a) => a.text)
    .join('; ');
}

/** `in the scenario \`…\`` plus what the trace shows for the violating callback. */
export function narrate(found: FoundViolation): string {
  const { violation, counterexample } = found;
  const events = counterexample.events;
  const scenario = `in the scenario \`${scenarioLine(found)}\``;
  const at = events[violation.event];
  const slot = violation.slot;
  switch (violation.invariant) {
    case 'release-unheld':
    case 'use-unset': {
      const before = callbacksOf(events, slot, 0, violation.event).map((e) => e.callback);
      const ran =
        before.length > 0 ? `after only ${unique(before).join(', ')}` : 'before any other callback of it';
      return `${scenario}, ${violation.runner} runs for ${objectOf(at)} ${ran}`;
    }
    case 'held-at-end': {
      const from = violation.holder?.event ?? violation.change?.event ?? 0;
      const after = callbacksOf(events, slot, from + 1, events.length).map((e) => e.callback);
      const then =
        after.length > 0 ? `then only ${unique(after).join(', ')} ran` : 'no callback of it ran after that';
      return `${scenario}, ${violation.holder?.runner ?? violation.change?.runner} ran for ${slotObject(slot)}, ${then}, and the patch is gone`;
    }
    case 'error-while-holding': {
      const ret = at?.type === 'callback' ? at.ret : undefined;
      const later = callbacksOf(events, slot, violation.event + 1, events.length).some(
        (e) => e.callback === 'post_unpatch',
      );
      return `${scenario}, pre_patch returns ${ret ?? 'an error'} for ${slotObject(slot)} and the kernel calls ${later ? 'post_unpatch only later' : 'no post_unpatch for it'}`;
    }
    case 'lock-across':
      return `${scenario}, ${violation.holder?.runner} returns holding it and ${violation.runner} releases it later, in another call from the kernel`;
    case 'replaced-state':
      return `${scenario}, ${violation.replacer} replaces ${violation.patch} and none of ${violation.patch}'s unpatch callbacks runs`;
    case 'exit-frees-shared':
      return `${scenario}, module_exit runs while ${violation.replacer}, which replaced the patch, is installed`;
    case 'acquire-held':
      return `${scenario}, ${violation.runner} runs again for ${slotObject(slot)} while it still holds it`;
  }
}

function callbacksOf(events: readonly TraceEvent[], slot: string, from: number, to: number): CallbackEvent[] {
  return events
    .slice(from, to)
    .filter((e): e is CallbackEvent => e.type === 'callback' && `${e.patch}|${e.object}` === slot);
}

function objectOf(event: TraceEvent | undefined): string {
  return event?.type === 'callback' ? event.object : 'the object';
}

function slotObject(slot: string): string {
  const object = slot.slice(slot.indexOf('|') + 1);
  return object === '*' ? 'the module' : object;
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}
