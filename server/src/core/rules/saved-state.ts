// Save-and-restore pairs: a patch-side callback copies kernel state aside, an unpatch callback copies it back.
import type { Reached } from '../flow/file-flow';
import type { WriteStep } from '../flow/ir';
import type { RegisteredCallback } from './callbacks';
import { rootOf } from './effects';
import type { RuleContext } from './types';

export interface SavedState {
  /** What is saved and restored: `utsname()->release`. */
  state: string;
  /** Where it is kept meanwhile: `saved_release`. */
  copy: string;
  save: Reached<WriteStep>;
  saver: RegisteredCallback;
  restore: Reached<WriteStep>;
  restorer: RegisteredCallback;
}

const PATCH_SIDE = new Set(['pre_patch', 'post_patch']);
const UNPATCH_SIDE = new Set(['pre_unpatch', 'post_unpatch']);

/** What a write copies: the source of `strscpy(dst, src, n)`, or the variable of `dst = src`. */
function sourceOf(step: WriteStep): string | null {
  return step.copiedFrom ?? step.value;
}

/**
 * The state a patch's callbacks save when patching (`strscpy(copy, state, …)`, `scnprintf(copy,
 * n, "%s", state)`, `copy = state`, through helpers too) and copy back when unpatching (`strscpy(state, copy, …)`).
 */
export function savedStates(
  ctx: RuleContext,
  callbacks: readonly RegisteredCallback[],
  fileStatics: ReadonlySet<string>,
): SavedState[] {
  const copies = (side: Set<string>) =>
    callbacks
      .filter((c) => side.has(c.kind) && c.functionName)
      .flatMap((callback) =>
        ctx.flow
          .reachableWrites(callback.functionName as string)
          .filter((write) => sourceOf(write.step))
          .map((write) => ({ callback, write })),
      );
  const restores = copies(UNPATCH_SIDE);
  const found: SavedState[] = [];
  for (const { callback: saver, write: save } of copies(PATCH_SIDE)) {
    const state = sourceOf(save.step) as string;
    const copy = save.step.target;
    // The module's own statics are its own: a replacing module starts with fresh ones.
    if (fileStatics.has(rootOf(state))) continue;
    const restored = restores.find(
      ({ write }) => write.step.target === state && sourceOf(write.step) === copy,
    );
    if (!restored || found.some((s) => s.state === state && s.copy === copy)) continue;
    found.push({ state, copy, save, saver, restore: restored.write, restorer: restored.callback });
  }
  return found;
}
