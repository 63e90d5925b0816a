// The shape of the lock tables: a lock family, its calls written as kernel signatures, what holding it means.
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
export const take = (signature: string, returns: ResultKind = 'none') => lockCall(signature, returns, false);
/** A trylock: `truth` when it returns 1 on success, `status` when 0 means taken (down_trylock). */
export const attempt = (signature: string, returns: 'truth' | 'status' = 'truth') =>
  lockCall(signature, returns, true);
export const drop = (signature: string) => lockCall(signature, 'none', false);

interface FamilyOptions {
  /** Whether the identity is compared (false: one global section such as preemption). */
  keyed: boolean;
  atomic?: string;
  acquireSleeps?: boolean;
}

export function family(
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

/** A lock whose acquisition may sleep, compared by identity. */
export const sleeping = { keyed: true, acquireSleeps: true };
/** A lock that makes its holder atomic, compared by identity. */
export const spinning = (atomic: string) => ({ keyed: true, atomic });
/** A per-CPU section (preemption, interrupts) that makes the code inside atomic. */
export const section = (atomic: string) => ({ keyed: false, atomic });
