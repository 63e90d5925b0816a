// The trace a lifecycle simulation produces (the JSON contract of `klp-callbacks trace`) and its dmesg-like text form.
import type { CallbackKind, Range } from '../model/types';

/** Module states as the kernel names them (MODULE_STATE_COMING, _LIVE, _GOING). */
export type ModuleState = 'COMING' | 'LIVE' | 'GOING';

/** The kernel's printk level of a livepatch message (pr_notice, pr_debug, pr_warn, pr_err). */
export type KernelLevel = 'notice' | 'debug' | 'warn' | 'err';

/** One scenario line, echoed before what it causes. `line` is 1-based. */
export interface ActionEvent {
  type: 'action';
  line: number;
  text: string;
}

/** A livepatch core message; `text` is what follows the `livepatch: ` prefix in dmesg. */
export interface KernelEvent {
  type: 'kernel';
  level: KernelLevel;
  text: string;
}

export interface SourceLocation {
  path: string;
  range: Range;
}

export interface CallbackEvent {
  type: 'callback';
  patch: string;
  /** `vmlinux` or the target module's name. */
  object: string;
  callback: CallbackKind;
  function: string;
  /** The target module's state while the callback runs; null for vmlinux. */
  moduleState: ModuleState | null;
  /** What pre_patch returned (present for pre_patch only). */
  ret?: number;
  /** The function's definition name when the inputs define it, else the registration. */
  source: SourceLocation;
}

/** A target module's own module_init / module_exit running. */
export interface ModuleEvent {
  type: 'module';
  module: string;
  event: 'init' | 'exit';
}

/** A refused action, as insmod/rmmod/echo would report it; `module` is the livepatch or target concerned. */
export interface ErrorEvent {
  type: 'error';
  module: string;
  errno: number;
  text: string;
}

export type TraceEvent = ActionEvent | KernelEvent | CallbackEvent | ModuleEvent | ErrorEvent;

/** A loaded livepatch after an action, as /sys/kernel/livepatch/PATCH shows it (absent: no directory). */
export interface PatchStatus {
  patch: string;
  /** The patch is on the kernel's klp_patches list, so its sysfs directory exists. */
  installed: boolean;
  /** sysfs `enabled`. */
  enabled: boolean;
  /** sysfs `transition`: this patch's transition has not completed. */
  transition: boolean;
}

/** The livepatches' state after one scenario action; `event` is the index of the action's event. */
export interface TraceStep {
  event: number;
  patches: PatchStatus[];
}

const STATE_NAMES: Record<ModuleState, string> = {
  COMING: 'MODULE_STATE_COMING',
  LIVE: 'MODULE_STATE_LIVE',
  GOING: 'MODULE_STATE_GOING',
};

/** Renders events like a dmesg capture annotated with the scenario's actions. */
export function formatTraceText(events: readonly TraceEvent[]): string {
  return events.map(formatEvent).join('');
}

function formatEvent(event: TraceEvent): string {
  switch (event.type) {
    case 'action':
      return `# ${event.text}\n`;
    case 'kernel':
      return `livepatch: ${event.text}\n`;
    case 'callback': {
      const state = event.moduleState ? ` [${STATE_NAMES[event.moduleState]}]` : '';
      const ret = event.ret === undefined ? '' : ` = ${event.ret}`;
      return `${event.patch}: ${event.callback}(${event.object})${state} -> ${event.function}${ret}\n`;
    }
    case 'module':
      return `${event.module}: module ${event.event}\n`;
    case 'error':
      return `error: ${event.text} (${event.errno})\n`;
  }
}
