// One line format for predicted and real traces (the oracle's dmesg.txt lines), and the real lines read back as events.
import type { CallbackEvent, KernelLevel, ModuleState, TraceEvent } from '../../core/lifecycle/events';
import { CALLBACK_KINDS, type CallbackKind } from '../../core/model/types';
import { LOG_PREFIX } from './mirror-targets';

/* A stalled transition's retries print the first about once a second, and the second after 15 s of them:
   whether and how often depends on timing (core/lifecycle/limits.ts warns about long stalls). */
export const RETRY_LINE =
  /^(debug livepatch: klp_try_switch_task: |notice livepatch: signaling remaining tasks$)/;

/** The simulator's events written as the harness normalises the kernel log. */
export function projectedLines(events: readonly TraceEvent[]): string[] {
  let action = '';
  return events.map((event) => {
    switch (event.type) {
      case 'action':
        action = event.text;
        return `== ${event.text}`;
      case 'kernel':
        return `${event.level} livepatch: ${event.text}`;
      case 'callback': {
        const state = event.moduleState ? ` ${event.moduleState}` : '';
        const ret = event.ret === undefined ? '' : ` ret=${event.ret}`;
        return `info ${LOG_PREFIX}${event.patch}: ${event.callback} ${event.object}${state} fn=${event.function}${ret}`;
      }
      case 'module':
        return `info ${LOG_PREFIX}${event.module}: ${event.event}`;
      case 'error':
        // The guest's loader reports the failing action, whose errno the kernel returned.
        return `err ${LOG_PREFIX}failed: ${action}: errno=${event.errno}`;
    }
  });
}

/** Lines that take part in the comparison: the retry lines' count is timing, not behaviour. */
export function comparableLines(lines: readonly string[]): string[] {
  return lines.filter((line) => !RETRY_LINE.test(line));
}

const KERNEL = /^(notice|debug|warn|err|info) livepatch: (.*)$/;
const CALLBACK = new RegExp(
  `^info ${LOG_PREFIX}(\\w+): (\\w+) (\\S+)(?: (COMING|LIVE|GOING))? fn=(\\S+)(?: ret=(-?\\d+))?$`,
);
const MODULE = new RegExp(`^info ${LOG_PREFIX}(\\w+): (init|exit)$`);
const FAILED = new RegExp(`^err ${LOG_PREFIX}failed: (.*): errno=(-?\\d+)$`);

/**
 * The real kernel's lines as trace events, so `verify --format json` gives both sides in one shape.
 * A line of no known shape becomes a kernel event at its level, keeping its text.
 */
export function eventsFromLines(lines: readonly string[]): TraceEvent[] {
  let actionLine = 0;
  return lines.map((line): TraceEvent => {
    if (line.startsWith('== ')) return { type: 'action', line: ++actionLine, text: line.slice(3) };
    const callback = CALLBACK.exec(line);
    if (callback && (CALLBACK_KINDS as readonly string[]).includes(callback[2] ?? '')) {
      const event: CallbackEvent = {
        type: 'callback',
        patch: callback[1] ?? '',
        callback: callback[2] as CallbackKind,
        object: callback[3] ?? '',
        moduleState: (callback[4] as ModuleState | undefined) ?? null,
        function: callback[5] ?? '',
        source: { path: '', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
      };
      if (callback[6] !== undefined) event.ret = Number(callback[6]);
      return event;
    }
    const module = MODULE.exec(line);
    if (module) return { type: 'module', module: module[1] ?? '', event: module[2] as 'init' | 'exit' };
    const failed = FAILED.exec(line);
    if (failed) return { type: 'error', module: '', errno: Number(failed[2]), text: `${failed[1]} failed` };
    const kernel = KERNEL.exec(line);
    const level = (kernel?.[1] === 'info' ? 'notice' : kernel?.[1]) as KernelLevel | undefined;
    return { type: 'kernel', level: level ?? 'notice', text: kernel?.[2] ?? line };
  });
}
