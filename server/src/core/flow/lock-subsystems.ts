// Subsystem locks as data: wrappers around the primitives that callbacks take by their own names.
import { attempt, drop, family, sleeping, spinning, take, type LockPair } from './lock-spec';

export const SUBSYSTEM_LOCKS: readonly LockPair[] = [
  family(
    'task-lock',
    "a task's alloc_lock",
    [take('task_lock(task)')],
    [drop('task_unlock(task)')],
    spinning("with a task's alloc_lock spinlock held"),
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
    'sighand',
    "a task's signal-handler lock",
    // NULL when the task is exiting: the lock is taken only when the result is not NULL.
    [attempt('lock_task_sighand(task, flags)')],
    [drop('unlock_task_sighand(task, flags)')],
    spinning('with a siglock (spinlock, interrupts off) held'),
  ),
  family(
    'mmap-read',
    'a read-held mmap lock',
    [
      take('mmap_read_lock(lock)'),
      take('mmap_read_lock_killable(lock)', 'status'),
      attempt('mmap_read_trylock(lock)'),
    ],
    [drop('mmap_read_unlock(lock)')],
    sleeping,
  ),
  family(
    'mmap-write',
    'a write-held mmap lock',
    [
      take('mmap_write_lock(lock)'),
      take('mmap_write_lock_nested(lock, subclass)'),
      take('mmap_write_lock_killable(lock)', 'status'),
      attempt('mmap_write_trylock(lock)'),
    ],
    [drop('mmap_write_unlock(lock)')],
    sleeping,
  ),
  family(
    'inode',
    'an inode lock',
    [take('inode_lock(lock)'), take('inode_lock_nested(lock, subclass)'), attempt('inode_trylock(lock)')],
    [drop('inode_unlock(lock)')],
    sleeping,
  ),
  family(
    'inode-shared',
    'a shared inode lock',
    [take('inode_lock_shared(lock)'), attempt('inode_trylock_shared(lock)')],
    [drop('inode_unlock_shared(lock)')],
    sleeping,
  ),
  family(
    'device',
    "a device's lock",
    [take('device_lock(lock)'), attempt('device_trylock(lock)')],
    [drop('device_unlock(lock)')],
    sleeping,
  ),
  family(
    'socket',
    'a socket lock',
    [take('lock_sock(lock)'), take('lock_sock_nested(lock, subclass)')],
    [drop('release_sock(lock)')],
    sleeping,
  ),
  family(
    'console',
    'the console lock',
    [take('console_lock()'), attempt('console_trylock()')],
    [drop('console_unlock()')],
    { keyed: false, acquireSleeps: true },
  ),
];
