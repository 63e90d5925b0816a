// Tells, for a called function's name, what it acquires or releases (table first, then naming patterns).
import { LOCK_PAIRS } from './locks';
import {
  NOT_GENERIC_PAIRS,
  RESOURCE_PAIRS,
  type KeySource,
  type PairSpec,
  type ResultKind,
} from './resources';

export interface CallRole {
  role: 'acquire' | 'release';
  pair: PairSpec;
  key: KeySource;
  returns: ResultKind;
}

const byName = new Map<string, CallRole[]>();
for (const pair of [...RESOURCE_PAIRS, ...LOCK_PAIRS]) {
  for (const spec of pair.acquire)
    add(spec.name, { role: 'acquire', pair, key: spec.key, returns: spec.returns ?? 'none' });
  for (const spec of pair.release) add(spec.name, { role: 'release', pair, key: spec.key, returns: 'none' });
}

function add(name: string, role: CallRole): void {
  const roles = byName.get(name) ?? [];
  roles.push(role);
  byName.set(name, roles);
}

const genericPairs = new Map<string, PairSpec>();

function genericPair(id: string, what: string): PairSpec {
  let pair = genericPairs.get(id);
  if (!pair) {
    pair = {
      id,
      what,
      category: 'resource',
      acquire: [],
      release: [],
      matchKeys: true,
      nullSafeRelease: false,
    };
    genericPairs.set(id, pair);
  }
  return pair;
}

/**
 * register_X/unregister_X, X_register/X_unregister (or X_deregister), X_enable/X_disable and
 * enable_X/disable_X name their own pairs: the first argument is what is registered or enabled.
 */
function genericRole(name: string): CallRole | undefined {
  if (NOT_GENERIC_PAIRS.has(name) || name.startsWith('klp_')) return undefined;
  const patterns: [RegExp, 'acquire' | 'release', (stem: string) => string, ResultKind][] = [
    [/^register_(\w+)$/, 'acquire', (s) => `register_${s}`, 'status'],
    [/^unregister_(\w+)$/, 'release', (s) => `register_${s}`, 'none'],
    [/^(\w+)_register$/, 'acquire', (s) => `${s}_register`, 'status'],
    [/^(\w+)_(?:unregister|deregister)$/, 'release', (s) => `${s}_register`, 'none'],
    [/^(\w+)_enable$/, 'acquire', (s) => `${s}_enable`, 'none'],
    [/^(\w+)_disable$/, 'release', (s) => `${s}_enable`, 'none'],
    [/^enable_(\w+)$/, 'acquire', (s) => `enable_${s}`, 'none'],
    [/^disable_(\w+)$/, 'release', (s) => `enable_${s}`, 'none'],
  ];
  for (const [pattern, role, pairName, returns] of patterns) {
    const match = pattern.exec(name);
    if (!match) continue;
    const acquireName = pairName(match[1]);
    const stem = match[1].replace(/_/g, ' ');
    const article = /^[aeiou]/.test(stem) ? 'an' : 'a';
    const what = acquireName.includes('register') ? `${article} ${stem} registration` : `the enabled ${stem}`;
    const pair = genericPair(`generic:${acquireName}`, what);
    return { role, pair, key: 0, returns };
  }
  return undefined;
}

/** The roles a call plays; empty for calls that neither acquire nor release anything we know. */
export function classifyCall(name: string): readonly CallRole[] {
  const known = byName.get(name);
  if (known) return known;
  const generic = genericRole(name);
  return generic ? [generic] : [];
}

/** The release calls that undo a pair, for messages ("call kfree() in post_unpatch"). */
export function releaseNames(pair: PairSpec): string[] {
  if (pair.release.length > 0) return pair.release.map((spec) => spec.name);
  const acquireName = pair.id.replace(/^generic:/, '');
  const undo = acquireName
    .replace(/^register_/, 'unregister_')
    .replace(/_register$/, '_unregister')
    .replace(/_enable$/, '_disable')
    .replace(/^enable_/, 'disable_');
  return [undo];
}

/** Calls that only log, test or read: a callback made only of these changes nothing. */
const QUIET_PATTERNS: readonly RegExp[] = [
  /^(pr_\w+|printk\w*|dev_(err|warn|info|dbg|notice|crit|alert|emerg)\w*|netdev_\w+)$/,
  /^(WARN\w*|BUG\w*|BUILD_BUG\w*|might_sleep|likely|unlikely|IS_ERR\w*|PTR_ERR\w*|ERR_PTR|ERR_CAST)$/,
  /^(str\w+|mem(cmp|chr)|sn?printf|scnprintf|kstrto\w+|simple_strto\w+|sysfs_streq)$/,
  /^(is_\w+|has_\w+|\w+_is_\w+|\w+_enabled|\w+_present|\w+_supported)$/,
  /^(klp_get_state|klp_get_prev_state|klp_shadow_get|klp_is_module|module_name|find_module)$/,
  /^(READ_ONCE|smp_load_acquire|atomic_read|atomic64_read|jiffies\w*|ktime_get\w*|num_online_cpus|capable)$/,
  /^(kallsyms_lookup_name|kallsyms_on_each_symbol|lookup_\w+|find_\w+|container_of|ARRAY_SIZE|sizeof)$/,
  /^(msleep\w*|ssleep|[umn]delay|usleep_range|schedule|schedule_timeout\w*|cond_resched|cpu_relax)$/,
  /^(synchronize_rcu\w*|synchronize_srcu|rcu_barrier|barrier|smp_[rw]?mb|dump_stack|trace_printk|print_hex_dump\w*)$/,
  /^(guard|scoped_guard|lockdep_assert_held\w*|ns_capable|task_pid_nr|get_random_\w+|rcu_dereference\w*)$/,
  /^(utsname|init_utsname)$/,
];

export function isQuietCall(name: string): boolean {
  return QUIET_PATTERNS.some((pattern) => pattern.test(name));
}
