// The lifecycle invariants a replayed trace can break, and what each violation records.
import type { Held, Release } from '../flow/interpret';
import type { Range } from '../model/types';
import { rangeKey } from './effects';
import type { Runner } from './replay';

/**
 * - `release-unheld`: releasing what is not held (never acquired, or already released);
 * - `use-unset`: dereferencing a global no function that ran before has set;
 * - `acquire-held`: acquiring again what is still held (the first one leaks);
 * - `held-at-end`: still held when the patch is gone and its targets are unloaded;
 * - `error-while-holding`: pre_patch returns an error while holding what it acquired;
 * - `lock-across`: a lock held at the end of one callback (or module_init) and released by another;
 * - `replaced-state`: state a replaced patch set up, neither undone nor taken over by its replacement;
 * - `exit-frees-shared`: module_exit of a replaced patch frees shadow variables its replacement uses.
 */
export type InvariantId =
  | 'release-unheld'
  | 'use-unset'
  | 'acquire-held'
  | 'held-at-end'
  | 'error-while-holding'
  | 'lock-across'
  | 'replaced-state'
  | 'exit-frees-shared';

export interface Violation {
  invariant: InvariantId;
  /** The patch and `patch|object` (or `patch|*` for module init/exit) whose effect broke it. */
  patch: string;
  slot: string;
  runner: Runner;
  function: string;
  /** Index of the trace event at which it broke. */
  event: number;
  /** The effect's place in the source. */
  site: Range;
  variable?: string;
  held?: Held;
  release?: Release;
  holder?: { runner: Runner; function: string; event: number; held: Held };
  replacer?: string;
  /** For a change left behind: what it was and the event of the callback that made it. */
  change?: { what: string; range: Range; runner: Runner; function: string; event: number };
}

/** What makes two violations the same finding: the invariant, the function and the source place. */
export function violationId(violation: Violation): string {
  const holder = violation.holder
    ? `${violation.holder.runner}:${rangeKey(violation.holder.held.site)}`
    : violation.change
      ? `change:${violation.change.what}`
      : '';
  return `${violation.invariant}|${violation.runner}|${violation.function}|${rangeKey(violation.site)}|${holder}`;
}
