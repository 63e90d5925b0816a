// Which kernel functions dereference which pointer arguments: passing NULL there crashes, it is not a hand-off.
import { classifyCall } from './classify';

/** One family of callees that dereference the same argument positions. */
interface DereferencingFamily {
  why: string;
  /** Argument indexes (0-based) the callee reads or writes through. */
  args: readonly number[];
  callees: readonly string[];
}

const FAMILIES: readonly DereferencingFamily[] = [
  {
    why: 'string copies and concatenation read the source and write the destination',
    args: [0, 1],
    callees: ['strcpy', 'strncpy', 'strscpy', 'strscpy_pad', 'strlcpy', 'strcat', 'strncat', 'strlcat'],
  },
  {
    why: 'string comparisons and searches read both strings',
    args: [0, 1],
    callees: ['strcmp', 'strncmp', 'strcasecmp', 'strncasecmp', 'strstr', 'sysfs_streq'],
  },
  {
    why: 'string length and character searches read the string',
    args: [0],
    callees: ['strlen', 'strnlen', 'strchr', 'strrchr', 'kstrdup', 'kstrtoint', 'kstrtoul', 'kstrtobool'],
  },
  {
    why: 'memory copies read the source and write the destination; comparisons read both',
    args: [0, 1],
    callees: ['memcpy', 'memmove', 'memcmp'],
  },
  {
    why: 'memset writes the buffer',
    args: [0],
    callees: ['memset', 'memzero_explicit'],
  },
  {
    why: 'the sprintf family writes the buffer',
    args: [0],
    callees: ['sprintf', 'snprintf', 'scnprintf', 'vsprintf', 'vsnprintf', 'vscnprintf'],
  },
  {
    why: 'list insertion links the new entry and the head together',
    args: [0, 1],
    callees: [
      'list_add',
      'list_add_tail',
      'list_add_rcu',
      'list_add_tail_rcu',
      'list_move',
      'list_move_tail',
    ],
  },
  {
    why: 'list removal and initialisation write the entry',
    args: [0],
    callees: ['list_del', 'list_del_init', 'list_del_rcu', 'INIT_LIST_HEAD', 'list_empty'],
  },
  {
    why: 'hlist insertion writes the node and the head',
    args: [0, 1],
    callees: ['hlist_add_head', 'hlist_add_head_rcu', 'hlist_add_before', 'hlist_add_behind'],
  },
  {
    why: 'hlist removal, initialisation and tests read or write the node',
    args: [0],
    callees: ['hlist_del', 'hlist_del_init', 'hlist_del_rcu', 'INIT_HLIST_NODE', 'INIT_HLIST_HEAD'].concat([
      'hlist_unhashed',
      'hlist_empty',
    ]),
  },
  {
    why: 'atomic operations read and write the counter',
    args: [0],
    callees: ['atomic_set', 'atomic_inc', 'atomic_dec', 'atomic_read', 'atomic_inc_return']
      .concat(['atomic_dec_and_test', 'atomic_long_set', 'atomic_long_inc', 'atomic_long_dec'])
      .concat(['atomic_long_read', 'atomic64_set', 'atomic64_inc', 'atomic64_dec', 'atomic64_read']),
  },
  {
    why: 'atomic add and subtract take the counter second',
    args: [1],
    callees: [
      'atomic_add',
      'atomic_sub',
      'atomic_long_add',
      'atomic_long_sub',
      'atomic64_add',
      'atomic64_sub',
    ],
  },
  {
    why: 'refcount and kref operations read and write the counter',
    args: [0],
    callees: [
      'refcount_set',
      'refcount_inc',
      'refcount_dec',
      'refcount_dec_and_test',
      'refcount_read',
    ].concat(['kref_init', 'kref_get', 'kref_put', 'kref_read']),
  },
  {
    why: 'lock initialisation writes the lock',
    args: [0],
    callees: [
      'spin_lock_init',
      'raw_spin_lock_init',
      'rwlock_init',
      'mutex_init',
      'init_rwsem',
      'sema_init',
    ].concat(['init_waitqueue_head', 'init_completion', 'INIT_WORK', 'INIT_DELAYED_WORK', 'timer_setup']),
  },
];

const TABLE = new Map<string, readonly number[]>();
for (const family of FAMILIES) for (const callee of family.callees) TABLE.set(callee, family.args);

/** Every callee of the table with its dereferenced argument indexes (lock calls are asked of classify). */
export const DEREFERENCING_CALLEES: ReadonlyMap<string, readonly number[]> = TABLE;

/**
 * Whether a call to `callee` dereferences its argument at `index`. Besides the table, every call
 * that takes or releases a lock (mutex_lock(&p->m), spin_unlock(&p->lock), …) reads the lock it is
 * given, whichever lock table knows it.
 */
export function dereferencesArgument(callee: string, index: number): boolean {
  const known = TABLE.get(callee);
  if (known) return known.includes(index);
  return classifyCall(callee).some(
    (role) => role.pair.category === 'lock' && role.pair.matchKeys && role.key === index,
  );
}
