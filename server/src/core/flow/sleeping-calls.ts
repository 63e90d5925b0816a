// Calls that may sleep, as data: always, or only when their gfp mask allows reclaim; sleeping locks come from locks.ts.
import { lockAcquisition } from './locks';

export interface SleepingCall {
  name: string;
  /** The gfp_t argument's index: the call sleeps only when that mask allows direct reclaim. */
  gfpArg?: number;
  /** Why it may sleep, finishing "… may sleep: it …". */
  why: string;
}

export interface SleepReason {
  /** Finishes "… may sleep: it …": `allocates memory with GFP_KERNEL`, `takes a mutex`. */
  why: string;
  /** The gfp mask that makes it sleep, when a non-sleeping mask would do. */
  gfp?: string;
}

const always = (why: string, names: string[]): SleepingCall[] => names.map((name) => ({ name, why }));
const withGfp = (why: string, rows: [string, number][]): SleepingCall[] =>
  rows.map(([name, gfpArg]) => ({ name, gfpArg, why }));

export const SLEEPING_CALLS: readonly SleepingCall[] = [
  ...withGfp('allocates memory', [
    ['kmalloc', 1],
    ['kzalloc', 1],
    ['kmalloc_node', 1],
    ['kzalloc_node', 1],
    ['kcalloc', 2],
    ['kmalloc_array', 2],
    ['krealloc', 2],
    ['kvmalloc', 1],
    ['kvzalloc', 1],
    ['kvcalloc', 2],
    ['kvmalloc_array', 2],
    ['kstrdup', 1],
    ['kstrndup', 2],
    ['kmemdup', 2],
    ['kasprintf', 0],
    ['kvasprintf', 0],
    ['kmem_cache_alloc', 1],
    ['kmem_cache_zalloc', 1],
    ['__get_free_pages', 0],
    ['__get_free_page', 0],
    ['get_zeroed_page', 0],
    ['alloc_pages', 0],
    ['alloc_page', 0],
    ['idr_alloc', 4],
    ['klp_shadow_alloc', 3],
    ['klp_shadow_get_or_alloc', 3],
  ]),
  ...always('maps virtual memory (vmalloc always may sleep)', [
    'vmalloc',
    'vzalloc',
    'vmalloc_node',
    'vmalloc_user',
    '__vmalloc',
    'vmap',
    'alloc_percpu',
  ]),
  ...always('gives up the CPU', [
    'msleep',
    'msleep_interruptible',
    'ssleep',
    'usleep_range',
    'usleep_range_state',
    'schedule',
    'schedule_timeout',
    'schedule_timeout_interruptible',
    'schedule_timeout_killable',
    'schedule_timeout_uninterruptible',
    'schedule_timeout_idle',
    'schedule_hrtimeout',
    'io_schedule',
    'cond_resched',
    'might_sleep',
  ]),
  ...always('waits for an event', [
    'wait_event',
    'wait_event_interruptible',
    'wait_event_killable',
    'wait_event_timeout',
    'wait_event_interruptible_timeout',
    'wait_event_idle',
    'wait_event_freezable',
    'wait_event_interruptible_exclusive',
    'wait_var_event',
    'wait_on_bit',
    'wait_for_completion',
    'wait_for_completion_interruptible',
    'wait_for_completion_killable',
    'wait_for_completion_timeout',
    'wait_for_completion_interruptible_timeout',
    'wait_for_completion_killable_timeout',
    'wait_for_completion_io',
  ]),
  ...always('waits for a grace period or for running handlers', [
    'synchronize_rcu',
    'synchronize_rcu_expedited',
    'synchronize_rcu_tasks',
    'synchronize_srcu',
    'synchronize_srcu_expedited',
    'synchronize_net',
    'synchronize_irq',
    'rcu_barrier',
    'srcu_barrier',
  ]),
  ...always('waits for work, a thread or a queue to finish', [
    'flush_work',
    'flush_delayed_work',
    'flush_workqueue',
    'flush_scheduled_work',
    'drain_workqueue',
    'destroy_workqueue',
    'cancel_work_sync',
    'cancel_delayed_work_sync',
    'kthread_flush_work',
    'kthread_flush_worker',
    'kthread_cancel_work_sync',
    'kthread_cancel_delayed_work_sync',
    'kthread_destroy_worker',
    'kthread_stop',
    'kthread_stop_put',
    'kthread_park',
    'kthread_run',
    'kthread_create',
    'kthread_create_on_node',
    'free_irq',
    'stop_machine',
  ]),
  ...always('opens or reads files, loads modules or runs user programs', [
    'filp_open',
    'filp_close',
    'kernel_read',
    'kernel_write',
    'kernel_read_file_from_path',
    'request_module',
    'call_usermodehelper',
  ]),
  ...always('touches user memory, which may fault and sleep', [
    'copy_to_user',
    'copy_from_user',
    'get_user',
    'put_user',
    'clear_user',
    'strncpy_from_user',
    'might_fault',
  ]),
];

/** gfp flags that allow direct reclaim, so an allocation with them may sleep. */
export const SLEEPING_GFP_FLAGS: readonly string[] = [
  'GFP_KERNEL',
  'GFP_KERNEL_ACCOUNT',
  'GFP_USER',
  'GFP_HIGHUSER',
  'GFP_HIGHUSER_MOVABLE',
  'GFP_NOFS',
  'GFP_NOIO',
  '__GFP_DIRECT_RECLAIM',
  '__GFP_RECLAIM',
];

const byName = new Map(SLEEPING_CALLS.map((call) => [call.name, call]));

/**
 * Whether a gfp mask (as written) may sleep: it names a reclaiming flag that is not masked out.
 * A mask passed in a variable is unknown and taken not to sleep: only certain findings are reported.
 */
export function gfpMaySleep(mask: string): boolean {
  const flags = mask.match(/~?\w+/g) ?? [];
  const cleared = new Set(flags.filter((f) => f.startsWith('~')).map((f) => f.slice(1)));
  if (cleared.has('__GFP_DIRECT_RECLAIM') || cleared.has('__GFP_RECLAIM')) return false;
  return flags.some((flag) => SLEEPING_GFP_FLAGS.includes(flag));
}

/** Why a call with these (normalised) arguments may sleep, or undefined when it does not. */
export function sleepReason(callee: string, args: readonly string[]): SleepReason | undefined {
  const known = byName.get(callee);
  if (known) {
    if (known.gfpArg === undefined) return { why: known.why };
    const mask = args[known.gfpArg];
    return mask !== undefined && gfpMaySleep(mask)
      ? { why: `${known.why} with ${mask}`, gfp: mask }
      : undefined;
  }
  const lock = lockAcquisition(callee);
  if (lock && lock.pair.acquireSleeps && !lock.call.conditional) return { why: `takes ${lock.pair.what}` };
  return undefined;
}
