// What a callback does to the system, from the flow facts: state it leaves behind, what it releases.
import { classifyCall, isQuietCall } from '../flow/classify';
import type { FileFlow } from '../flow/file-flow';
import type { Held, Release } from '../flow/interpret';
import { WRITING_CALLEES } from '../flow/writing-callees';
import type { Range } from '../model/types';

export interface StateChange {
  range: Range;
  what: string;
  held?: Held;
  writeTarget?: string;
}

/**
 * The ways a function (with its same-file helpers) changes state that outlives it: something held
 * when it returns successfully, a release of something it did not acquire itself, a write to
 * storage that outlives the call, or a call to an unknown function that is not a pure test or log.
 */
export function stateChanges(flow: FileFlow, name: string, includeReleases = true): StateChange[] {
  const summary = flow.summary(name);
  if (!summary) return [];
  const changes: StateChange[] = [];
  for (const held of summary.acquired) {
    changes.push({ range: held.origin, what: `${held.callee}() acquires ${held.pair.what}`, held });
  }
  for (const release of includeReleases ? summary.releases : []) {
    if (!release.matched && release.pair.category === 'resource') {
      changes.push({ range: release.origin, what: `${release.callee}() releases ${release.pair.what}` });
    }
  }
  for (const { step } of flow.reachableWrites(name)) {
    const what = step.via ? `${step.via}() writes ${step.target}` : `writes ${step.target}`;
    changes.push({ range: step.range, what, writeTarget: step.target });
  }
  for (const { step } of flow.reachableCalls(name)) {
    if (flow.functions.has(step.callee) || classifyCall(step.callee).length > 0 || isQuietCall(step.callee))
      continue;
    // What memcpy/strscpy/sprintf change is their written argument: a write above when it lasts.
    if (WRITING_CALLEES.has(step.callee)) continue;
    changes.push({ range: step.range, what: `calls ${step.callee}()` });
  }
  return changes;
}

const PRIVATE_MEMORY = new Set(['memory', 'pages', 'kmem-cache-object', 'kmem-cache']);

/**
 * The changes that outlive the module itself: resources other than its own memory, calls of unknown
 * effect, and writes to anything but the module's file-static variables. A newer patch replacing
 * this one has to take exactly these over (the module's own statics go away with it).
 */
export function systemChanges(flow: FileFlow, name: string, fileStatics: ReadonlySet<string>): StateChange[] {
  return stateChanges(flow, name, false).filter((change) => {
    if (change.held) return !PRIVATE_MEMORY.has(change.held.pair.id);
    if (change.writeTarget) return !fileStatics.has(rootOf(change.writeTarget));
    return true;
  });
}

/** The variable a written target or copied expression starts from: `dev` for `dev->name`. */
export function rootOf(target: string): string {
  return /^[*(]*([A-Za-z_]\w*)/.exec(target)?.[1] ?? target;
}

/** Whether a release in one callback gives back what another acquired (same family; same key when comparable). */
export function releases(release: Release, held: Held): boolean {
  if (release.pair.id !== held.pair.id) return false;
  if (!held.pair.matchKeys || held.keyLocal || release.keyLocal || !held.key || !release.key) return true;
  return sameKey(held.key, release.key);
}

function sameKey(a: string, b: string): boolean {
  const strip = (key: string) => key.replace(/^\*+/, '');
  return strip(a) === strip(b);
}

/** `kzalloc() (buf)`, plus `in helper()` when a same-file helper did it for `root`. */
export function describeHeld(held: Held, root?: string): string {
  const key = held.key && !held.key.startsWith('$') ? ` (${held.key})` : '';
  const via = root && held.inFunction !== root ? ` in ${held.inFunction}()` : '';
  return `${held.callee}()${key}${via}`;
}

export function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}
