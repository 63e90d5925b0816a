// The kernel's locking API as data (every table in one list) and the lookups the flow facts and rules use.
import { PRIMITIVE_LOCKS } from './lock-primitives';
import { SECTION_LOCKS } from './lock-sections';
import type { LockCall, LockPair } from './lock-spec';
import { SUBSYSTEM_LOCKS } from './lock-subsystems';
import type { PairSpec } from './resources';

export type { LockCall, LockPair } from './lock-spec';

export const LOCK_PAIRS: readonly LockPair[] = [...PRIMITIVE_LOCKS, ...SECTION_LOCKS, ...SUBSYSTEM_LOCKS];
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
