// What a scenario's effects hold, set and changed so far: shared with the scenario's extensions until one of them writes.
import type { Held } from '../flow/interpret';
import type { Range } from '../model/types';
import { rangeKey } from './effects';
import type { Runner } from './replay';

export interface Holding {
  slot: string;
  held: Held;
  runner: Runner;
  function: string;
  event: number;
}

export interface Change {
  slot: string;
  patch: string;
  runner: Runner;
  function: string;
  what: string;
  range: Range;
  system: boolean;
  event: number;
}

interface Contents {
  holdings: Holding[];
  /** Each holding's part of the key, at the same index (computed once, when it is taken). */
  heldKeys: string[];
  changes: Change[];
  changeKeys: string[];
  /** `slot|variable` of the globals a function of that slot has set. */
  setVariables: Set<string>;
  /** Livepatch modules whose init ran. */
  everLoaded: Set<string>;
  /** Patches replaced by another: what they leave is the replacement's to take over, not a leak. */
  replaced: Set<string>;
}

/**
 * Copy-on-write: the explorer extends a scenario by each letter of its alphabet, and most extensions
 * run no callback, so they share their parent's contents (and its key) instead of copying them.
 */
export class Resources {
  private constructor(
    private contents: Contents,
    private shared: boolean,
    private cachedKey: string | undefined,
  ) {}

  static empty(): Resources {
    const contents: Contents = {
      holdings: [],
      heldKeys: [],
      changes: [],
      changeKeys: [],
      setVariables: new Set(),
      everLoaded: new Set(),
      replaced: new Set(),
    };
    return new Resources(contents, false, undefined);
  }

  /** A copy that shares the contents until either side writes. */
  fork(): Resources {
    this.shared = true;
    return new Resources(this.contents, true, this.cachedKey);
  }

  get holdings(): readonly Holding[] {
    return this.contents.holdings;
  }

  get changes(): readonly Change[] {
    return this.contents.changes;
  }

  get everLoaded(): ReadonlySet<string> {
    return this.contents.everLoaded;
  }

  hasVariable(id: string): boolean {
    return this.contents.setVariables.has(id);
  }

  isReplaced(patch: string): boolean {
    return this.contents.replaced.has(patch);
  }

  hold(holding: Holding): void {
    const contents = this.writable();
    contents.holdings.push(holding);
    contents.heldKeys.push(`${holding.slot}#${holding.runner}#${rangeKey(holding.held.site)}`);
  }

  /** Removes and returns the holding at `index`. */
  release(index: number): Holding {
    const contents = this.writable();
    contents.heldKeys.splice(index, 1);
    return contents.holdings.splice(index, 1)[0];
  }

  change(change: Change): void {
    const contents = this.writable();
    contents.changes.push(change);
    contents.changeKeys.push(`${change.slot}#${rangeKey(change.range)}`);
  }

  /** Forgets the changes `undone` matches (a counterpart ran). */
  undo(undone: (change: Change) => boolean): void {
    if (!this.contents.changes.some(undone)) return;
    const contents = this.writable();
    const kept = contents.changes.map((change) => !undone(change));
    contents.changes = contents.changes.filter((_, index) => kept[index]);
    contents.changeKeys = contents.changeKeys.filter((_, index) => kept[index]);
  }

  setVariable(id: string, set: boolean): void {
    if (this.contents.setVariables.has(id) === set) return;
    const variables = this.writable().setVariables;
    if (set) variables.add(id);
    else variables.delete(id);
  }

  loaded(patch: string): void {
    if (!this.contents.everLoaded.has(patch)) this.writable().everLoaded.add(patch);
  }

  replace(patch: string): void {
    if (!this.contents.replaced.has(patch)) this.writable().replaced.add(patch);
  }

  /** The part of the explorer's state key the resources give (the replaced patches are not part of it). */
  key(): string {
    if (this.cachedKey === undefined) {
      const { heldKeys, changeKeys, setVariables, everLoaded } = this.contents;
      this.cachedKey = JSON.stringify([
        [...heldKeys].sort(),
        [...changeKeys].sort(),
        [...setVariables].sort(),
        [...everLoaded].sort(),
      ]);
    }
    return this.cachedKey;
  }

  private writable(): Contents {
    if (this.shared) {
      const { holdings, heldKeys, changes, changeKeys, setVariables, everLoaded, replaced } = this.contents;
      this.contents = {
        holdings: [...holdings],
        heldKeys: [...heldKeys],
        changes: [...changes],
        changeKeys: [...changeKeys],
        setVariables: new Set(setVariables),
        everLoaded: new Set(everLoaded),
        replaced: new Set(replaced),
      };
      this.shared = false;
    }
    this.cachedKey = undefined;
    return this.contents;
  }
}
