// The kernel's locking API as data: each lock family, the calls that take and drop it, and what holding it means.
import type { CallSpec, PairSpec, ResultKind } from './resources';

export interface LockCall extends CallSpec {
  /** The parameters as the kernel names them; `lock` (or `task`) is the lock's identity. */
  params: readonly string[];
  /** A trylock: the lock is held only where its result says it was taken. */
  conditional: boolean;
}

export interface LockPair extends PairSpec {
  category: 'lock';
  acquire: LockCall[];
  release: LockCall[];
  /**
   * Set when holding it makes the holder atomic (it must not sleep): the words that finish
   * "it runs …" in messages.
   */
  atomic?: string;
  /** Taking it may sleep (mutexes, semaphores); a trylock never does. */
  acquireSleeps: boolean;
}

/** Parameter names that carry the lock's identity (compared across functions). */
const IDENTITY_PARAMS = ['lock', 'task'];

/** `spin_lock_irqsave(lock, flags)`: a call's name and parameter names. */
function lockCall(signature: string, returns: ResultKind, conditional: boolean): LockCall {
  const match = /^(\w+)\((.*)\)$/.exec(signature);
  if (!match) throw new Error(`bad lock call signature: ${signature}`);
  const params = match[2]
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  const identity = params.findIndex((p) => IDENTITY_PARAMS.includes(p));
  return { name: match[1], key: identity < 0 ? 0 : identity, returns, params, conditional };
}

/** An acquisition that always succeeds (`none`) or reports an interruption (`status`: 0 = taken). */
const take = (signature: string, returns: ResultKind = 'none') => lockCall(signature, returns, false);
/** A trylock: `truth` when it returns 1 on success, `status` when 0 means taken (down_trylock). */
const attempt = (signature: string, returns: 'truth' | 'status' = 'truth') =>
  lockCall(signature, returns, true);
const drop = (signature: string) => lockCall(signature, 'none', false);

interface FamilyOptions {
  /** Whether the identity is compared (false: one global section such as preemption). */
  keyed: boolean;
  atomic?: string;
  acquireSleeps?: boolean;
}

function family(
  id: string,
  what: string,
  acquire: LockCall[],
  release: LockCall[],
  options: FamilyOptions,
): LockPair {
  return {
    id,
    what,
    category: 'lock',
    acquire,
    release,
    matchKeys: options.keyed,
    nullSafeRelease: false,
    ...(options.atomic ? { atomic: options.atomic } : {}),
    acquireSleeps: options.acquireSleeps ?? false,
  };
}

const sleeping = { keyed: true, acquireSleeps: true };
const spinning = (atomic: string) => ({ keyed: true, atomic });
const section = (atomic: string) => ({ keyed: false, atomic });

export const LOCK_PAIRS: readonly LockPair[] = [
  family(
    'mutex',
    'a mutex',
    [
      ...['mutex_lock(lock)', 'mutex_lock_nested(lock, subclass)', 'mutex_lock_io(lock)'].map((s) => take(s)),
      ...['mutex_lock_io_nested(lock, subclass)', 'mutex_lock_nest_lock(lock, nest)'].map((s) => take(s)),
      ...['mutex_lock_interruptible(lock)', 'mutex_lock_interruptible_nested(lock, subclass)']
        .concat(['mutex_lock_killable(lock)', 'mutex_lock_killable_nested(lock, subclass)'])
        .map((s) => take(s, 'status')),
      attempt('mutex_trylock(lock)'),
    ],
    [drop('mutex_unlock(lock)')],
    sleeping,
  ),
  family(
    'spinlock',
    'a spinlock',
    [
      ...['spin_lock(lock)', 'spin_lock_nested(lock, subclass)', 'spin_lock_nest_lock(lock, nest)']
        .concat(['spin_lock_irq(lock)', 'spin_lock_irqsave(lock, flags)', 'spin_lock_bh(lock)'])
        .concat(['spin_lock_irqsave_nested(lock, flags, subclass)'])
        .map((s) => take(s)),
      ...['spin_trylock(lock)', 'spin_trylock_irq(lock)', 'spin_trylock_irqsave(lock, flags)']
        .concat(['spin_trylock_bh(lock)'])
        .map((s) => attempt(s)),
    ],
    ['spin_unlock(lock)', 'spin_unlock_irq(lock)', 'spin_unlock_irqrestore(lock, flags)']
      .concat(['spin_unlock_bh(lock)'])
      .map(drop),
    spinning('with a spinlock held'),
  ),
  family(
    'raw-spinlock',
    'a raw spinlock',
    [
      ...['raw_spin_lock(lock)', 'raw_spin_lock_nested(lock, subclass)', 'raw_spin_lock_irq(lock)']
        .concat(['raw_spin_lock_irqsave(lock, flags)', 'raw_spin_lock_bh(lock)'])
        .concat(['raw_spin_lock_irqsave_nested(lock, flags, subclass)'])
        .map((s) => take(s)),
      ...['raw_spin_trylock(lock)', 'raw_spin_trylock_irq(lock)', 'raw_spin_trylock_irqsave(lock, flags)']
        .concat(['raw_spin_trylock_bh(lock)'])
        .map((s) => attempt(s)),
    ],
    ['raw_spin_unlock(lock)', 'raw_spin_unlock_irq(lock)', 'raw_spin_unlock_irqrestore(lock, flags)']
      .concat(['raw_spin_unlock_bh(lock)'])
      .map(drop),
    spinning('with a raw spinlock held'),
  ),
  family(
    'read-lock',
    'a read lock',
    [
      ...[
        'read_lock(lock)',
        'read_lock_irq(lock)',
        'read_lock_irqsave(lock, flags)',
        'read_lock_bh(lock)',
      ].map((s) => take(s)),
      attempt('read_trylock(lock)'),
    ],
    [
      'read_unlock(lock)',
      'read_unlock_irq(lock)',
      'read_unlock_irqrestore(lock, flags)',
      'read_unlock_bh(lock)',
    ].map(drop),
    spinning('with an rwlock held for reading'),
  ),
  family(
    'write-lock',
    'a write lock',
    [
      ...['write_lock(lock)', 'write_lock_nested(lock, subclass)', 'write_lock_irq(lock)']
        .concat(['write_lock_irqsave(lock, flags)', 'write_lock_bh(lock)'])
        .map((s) => take(s)),
      attempt('write_trylock(lock)'),
      attempt('write_trylock_irqsave(lock, flags)'),
    ],
    ['write_unlock(lock)', 'write_unlock_irq(lock)', 'write_unlock_irqrestore(lock, flags)']
      .concat(['write_unlock_bh(lock)'])
      .map(drop),
    spinning('with an rwlock held for writing'),
  ),
  family(
    'seqlock-write',
    'a seqlock held for writing',
    ['write_seqlock(lock)', 'write_seqlock_irq(lock)', 'write_seqlock_irqsave(lock, flags)']
      .concat(['write_seqlock_bh(lock)'])
      .map((s) => take(s)),
    ['write_sequnlock(lock)', 'write_sequnlock_irq(lock)', 'write_sequnlock_irqrestore(lock, flags)']
      .concat(['write_sequnlock_bh(lock)'])
      .map(drop),
    spinning("with a seqlock's spinlock held"),
  ),
  family(
    'seqlock-excl',
    'a seqlock held for exclusive reading',
    ['read_seqlock_excl(lock)', 'read_seqlock_excl_irq(lock)', 'read_seqlock_excl_irqsave(lock, flags)']
      .concat(['read_seqlock_excl_bh(lock)'])
      .map((s) => take(s)),
    ['read_sequnlock_excl(lock)', 'read_sequnlock_excl_irq(lock)']
      .concat(['read_sequnlock_excl_irqrestore(lock, flags)', 'read_sequnlock_excl_bh(lock)'])
      .map(drop),
    spinning("with a seqlock's spinlock held"),
  ),
  family(
    'task-lock',
    "a task's alloc_lock",
    [take('task_lock(task)')],
    [drop('task_unlock(task)')],
    spinning("with a task's alloc_lock spinlock held"),
  ),
  family(
    'bit-spinlock',
    'a bit spinlock',
    [take('bit_spin_lock(bitnum, lock)'), attempt('bit_spin_trylock(bitnum, lock)')],
    [drop('bit_spin_unlock(bitnum, lock)'), drop('__bit_spin_unlock(bitnum, lock)')],
    spinning('with a bit spinlock held'),
  ),
  family(
    'rwsem-read',
    'a read-held rw_semaphore',
    [
      ...['down_read(lock)', 'down_read_nested(lock, subclass)', 'down_read_non_owner(lock)'].map((s) =>
        take(s),
      ),
      ...['down_read_interruptible(lock)', 'down_read_killable(lock)'].map((s) => take(s, 'status')),
      attempt('down_read_trylock(lock)'),
    ],
    [drop('up_read(lock)'), drop('up_read_non_owner(lock)')],
    sleeping,
  ),
  family(
    'rwsem-write',
    'a write-held rw_semaphore',
    [
      ...['down_write(lock)', 'down_write_nested(lock, subclass)', 'down_write_nest_lock(lock, nest)'].map(
        (s) => take(s),
      ),
      take('down_write_killable(lock)', 'status'),
      attempt('down_write_trylock(lock)'),
    ],
    [drop('up_write(lock)')],
    sleeping,
  ),
  family(
    'percpu-rwsem-read',
    'a read-held percpu rw_semaphore',
    [take('percpu_down_read(lock)'), attempt('percpu_down_read_trylock(lock)')],
    [drop('percpu_up_read(lock)')],
    sleeping,
  ),
  family(
    'percpu-rwsem-write',
    'a write-held percpu rw_semaphore',
    [take('percpu_down_write(lock)')],
    [drop('percpu_up_write(lock)')],
    sleeping,
  ),
  family(
    'semaphore',
    'a semaphore',
    [
      take('down(lock)'),
      ...['down_interruptible(lock)', 'down_killable(lock)', 'down_timeout(lock, timeout)'].map((s) =>
        take(s, 'status'),
      ),
      // down_trylock() returns 0 when it took the semaphore, unlike every other trylock.
      attempt('down_trylock(lock)', 'status'),
    ],
    [drop('up(lock)')],
    sleeping,
  ),
  family(
    'rtnl',
    'the RTNL mutex',
    [take('rtnl_lock()'), attempt('rtnl_trylock()')],
    [drop('rtnl_unlock()')],
    {
      keyed: false,
      acquireSleeps: true,
    },
  ),
  family(
    'cpus',
    'the CPU hotplug lock',
    [take('cpus_read_lock()'), take('get_online_cpus()'), attempt('cpus_read_trylock()')],
    [drop('cpus_read_unlock()'), drop('put_online_cpus()')],
    { keyed: false, acquireSleeps: true },
  ),
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
];

const byId = new Map<string, LockPair>(LOCK_PAIRS.map((pair) => [pair.id, pair]));

/** The lock family of a pair, when it is one of the table's (generic pairs are resources). */
export function lockPair(pair: PairSpec): LockPair | undefined {
  return byId.get(pair.id);
}

const acquisitions = new Map<string, { pair: LockPair; call: LockCall }>();
for (const pair of LOCK_PAIRS) for (const call of pair.acquire) acquisitions.set(call.name, { pair, call });

/** The lock a call takes, if it is one of the table's acquisitions. */
export function lockAcquisition(name: string): { pair: LockPair; call: LockCall } | undefined {
  return acquisitions.get(name);
}
