// When the kernel runs each callback, in words: the text hovers and the trace panel show.
import type { CallbackKind } from '../model/types';

export interface CallbackTiming {
  /** One line: the moment it runs. */
  when: string;
  /** The surprises a callback author must design for. */
  caveats: string[];
  /** The callback that undoes this one (or that this one undoes). */
  counterpart: CallbackKind;
}

export const CALLBACK_TIMING: Record<CallbackKind, CallbackTiming> = {
  pre_patch: {
    when: 'Before the object is patched: when the livepatch is enabled, or when the target module loads while the patch is enabled (state COMING, before the module’s own init).',
    caveats: [
      'Returning an error cancels the enable (or refuses the module load); post_unpatch then does NOT run for this object, so undo any partial work before returning the error.',
      'Must return 0 or a negative errno.',
    ],
    counterpart: 'post_unpatch',
  },
  post_patch: {
    when: 'After the object is patched and the patching transition has completed for every task (for a module loaded later: right after its pre_patch, before its init).',
    caveats: [
      'May never run: a cancelled enable, a transition reversed to unpatching, or an atomic replace skip it.',
      'Can run twice: when a disable is reversed, post_patch runs again. Make it idempotent.',
    ],
    counterpart: 'pre_unpatch',
  },
  pre_unpatch: {
    when: 'Before the object is unpatched: when the patch is disabled, or after the target module’s exit (state GOING) while the patch is enabled.',
    caveats: [
      'Does not run for an object whose patch is in transition when the module goes away, nor for a patch replaced atomically.',
    ],
    counterpart: 'post_patch',
  },
  post_unpatch: {
    when: 'After the object is unpatched and the unpatching transition has completed; only if this object’s pre_patch succeeded.',
    caveats: [
      'Can run without post_patch or pre_unpatch ever having run (cancelled enable, reversed transition, module unloaded mid-transition): do not assume their state exists.',
      'Never runs for a patch replaced atomically: the replacing patch must take over.',
    ],
    counterpart: 'pre_patch',
  },
};

/**
 * Where every callback runs, whichever its kind (the reference's section 3): the kernel calls the
 * four from klp_enable_patch, the transition work and the module notifier, all with klp_mutex held.
 */
export const CALLBACK_CONTEXT: readonly string[] = [
  'Process context: it may sleep (a `GFP_KERNEL` allocation, a mutex), but not inside its own spinlock, RCU read-side, preempt- or irq-disabled section.',
  'The livepatch core’s mutex (`klp_mutex`) is held: it must not enable a patch (`klp_enable_patch()` takes that mutex again, a deadlock), nor wait for anything that needs it.',
];
