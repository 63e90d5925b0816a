// The kernel's lock primitives as data: mutexes, spin/raw/rw locks, seqlocks, rw_semaphores, semaphores.
import { attempt, drop, family, sleeping, spinning, take, type LockPair } from './lock-spec';

export const PRIMITIVE_LOCKS: readonly LockPair[] = [
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
];
