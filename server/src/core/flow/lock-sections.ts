// Sections as data: RCU and SRCU readers, disabled preemption, interrupts, bottom halves and migration.
import { drop, family, section, take, type LockPair } from './lock-spec';

export const SECTION_LOCKS: readonly LockPair[] = [
  family(
    'rcu',
    'the RCU read lock',
    [take('rcu_read_lock()')],
    [drop('rcu_read_unlock()')],
    section('inside an RCU read-side critical section'),
  ),
  family(
    'rcu-bh',
    'the RCU-bh read lock',
    [take('rcu_read_lock_bh()')],
    [drop('rcu_read_unlock_bh()')],
    section('inside an RCU-bh read-side critical section (bottom halves disabled)'),
  ),
  family(
    'rcu-sched',
    'the RCU-sched read lock',
    [take('rcu_read_lock_sched()')],
    [drop('rcu_read_unlock_sched()')],
    section('inside an RCU-sched read-side critical section (preemption disabled)'),
  ),
  // SRCU readers may sleep: that is what SRCU is for.
  family('srcu', 'an SRCU read lock', [take('srcu_read_lock(lock)')], [drop('srcu_read_unlock(lock, idx)')], {
    keyed: true,
  }),
  family(
    'preempt',
    'disabled preemption',
    [take('preempt_disable()'), take('preempt_disable_notrace()'), take('get_cpu()')],
    ['preempt_enable()', 'preempt_enable_no_resched()', 'preempt_enable_notrace()', 'put_cpu()'].map(drop),
    section('with preemption disabled'),
  ),
  family(
    'irqs',
    'disabled interrupts',
    [take('local_irq_disable()'), take('local_irq_save(flags)')],
    [drop('local_irq_enable()'), drop('local_irq_restore(flags)')],
    section('with interrupts disabled'),
  ),
  family(
    'bh',
    'disabled bottom halves',
    [take('local_bh_disable()')],
    [drop('local_bh_enable()')],
    section('with bottom halves disabled'),
  ),
  // Since 5.11 migrate_disable() no longer disables preemption: the task may sleep.
  family('migrate', 'disabled migration', [take('migrate_disable()')], [drop('migrate_enable()')], {
    keyed: false,
  }),
  // Without PREEMPT_RT a local lock disables preemption (or interrupts) on this CPU.
  family(
    'local-lock',
    'a local lock',
    [take('local_lock(lock)'), take('local_lock_irq(lock)'), take('local_lock_irqsave(lock, flags)')],
    [
      drop('local_unlock(lock)'),
      drop('local_unlock_irq(lock)'),
      drop('local_unlock_irqrestore(lock, flags)'),
    ],
    { keyed: true, atomic: 'with a local lock held (preemption disabled)' },
  ),
];
