// init-partial-cleanup: module_init fails (an error, or klp_enable_patch()'s failure passed on) while still holding what it set up.
import type { Exit, FunctionSummary, Held } from '../flow/interpret';
import type { FileFlow } from '../flow/file-flow';
import { describeHeld, sameRange } from './effects';
import type { Range } from '../model/types';
import type { Rule, RuleFinding } from './types';

export const initPartialCleanup: Rule = {
  id: 'init-partial-cleanup',
  defaultSeverity: 'warning',
  docs: {
    summary: 'module_init returns an error while still holding something it acquired.',
    description: [
      'When `module_init` returns an error the module is not loaded and its `module_exit` never runs,',
      'so whatever init set up before the failing step stays behind for good: memory and shadow',
      'variables, a kobject or sysfs file, a registered hook that points into freed module text.',
      '',
      'A livepatch module usually ends its init with `return klp_enable_patch(&patch);`. That call',
      'fails when a `pre_patch` callback fails, when the patch is incompatible with the installed',
      'states, or while another patch is still in transition: everything init acquired before it must',
      'then be released too (`ret = klp_enable_patch(&patch); if (ret) goto err;`). What init acquires',
      "itself is checked; a helper's allocation is usually linked into a structure that init's error",
      'path frees by walking it, which the check cannot follow.',
    ].join('\n'),
  },
  check(ctx) {
    const init = ctx.model.moduleInit;
    if (!init || !ctx.flow.functions.has(init)) return [];
    // One finding per return statement, with what every failing path through it still holds.
    const byReturn = new Map<string, { exit: Exit; failure: string; held: Held[] }>();
    for (const exit of ctx.flow.summary(init)?.exits ?? []) {
      // Only what init acquires itself (see the description for why helpers' allocations are not).
      const held = exit.held.filter((h) => h.pair.category === 'resource' && h.inFunction === init);
      const failure = failingExit(exit, ctx.flow, ctx.text);
      if (!failure || !exit.range || held.length === 0) continue;
      const id = `${exit.range.start.line}:${exit.range.start.character}`;
      const entry = byReturn.get(id) ?? { exit, failure, held: [] };
      for (const h of held) if (!entry.held.some((e) => sameRange(e.site, h.site))) entry.held.push(h);
      byReturn.set(id, entry);
    }
    return [...byReturn.values()].map(({ exit, failure, held }): RuleFinding => {
      const what = held.map((h) => describeHeld(h, init)).join(', ');
      return {
        message: `module_init ${init}() ${failure} while ${what} ${held.length > 1 ? 'are' : 'is'} still held: the module is not loaded and module_exit never runs, so it is never released. Release it before returning.`,
        range: exit.range as Range,
        related: held.map((h) => ({
          range: h.site,
          message: `${describeHeld(h, init)} acquires ${h.pair.what}`,
        })),
      };
    });
  },
};

/**
 * How an exit fails, in words, or null when it cannot: an error value, or the result of a call that
 * can fail handed straight back (`return klp_enable_patch(&patch);`). A same-file callee fails only
 * when one of its own exits does.
 */
function failingExit(exit: Exit, flow: FileFlow, text: string): string | null {
  if (exit.error) return 'returns an error here';
  const callee = exit.value === '$return' && exit.range ? returnedCallee(text, exit.range) : null;
  if (!callee) return null;
  if (flow.functions.has(callee)) {
    const summary: FunctionSummary | undefined = flow.summary(callee);
    if (!summary || summary.returnKind === 'void' || !summary.exits.some((e) => e.error)) return null;
  }
  return `returns the result of ${callee}() here, an error when it fails,`;
}

/** `f` in `return f(...)`, read from the return statement's first line (a call's value is `$return` in the facts). */
function returnedCallee(text: string, range: Range): string | null {
  const line = text.split('\n', range.start.line + 1)[range.start.line] ?? '';
  return /^return\s+\(?\s*([A-Za-z_]\w*)\s*\(/.exec(line.slice(range.start.character))?.[1] ?? null;
}
