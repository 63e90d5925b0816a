// The catalogue of named built-in scenarios, written against the given modules' real patch and object names.
//
// A built-in needing a target module uses the first patch's first module object; one needing a second
// patch uses another input. Every patch is loaded as its source is written: a built-in never adds
// `replace=`, so it never shows what the sources cannot do (an old version replacing a newer one). Atomic
// replace needs a second input that sets `.replace = true`: one module cannot be inserted twice (the
// kernel answers "File exists"), so a patch can never replace itself. A built-in that the inputs cannot
// support is listed as not applicable, with the reason in one line, rather than inventing names.
import {
  firstModuleWithPrePatch,
  firstTarget,
  incompatibleStates,
  lastPrePatchObject,
  moduleObjects,
  replacePair,
  sharedTarget,
  stackPair,
  usableName,
} from './builtin-inputs';
import type { LivepatchModule } from './state';

export interface BuiltinScenario {
  name: string;
  title: string;
  description: string;
  applicable: boolean;
  reason?: string;
  /** The scenario source (empty when not applicable). */
  text: string;
}

interface Definition {
  name: string;
  title: string;
  description: string;
  /** The scenario's lines, or the reason it does not apply. */
  build(inputs: Inputs): string[] | { reason: string };
}

interface Inputs {
  modules: LivepatchModule[];
  /** The first patch's name. */
  p: string;
  first: LivepatchModule;
  /** The first patch's first module object, if any. */
  m: string | undefined;
}

const NEEDS_TARGET = {
  reason: 'the first patch has no module object (every built-in target would be invented)',
};
const NEEDS_STACKABLE = {
  reason:
    'needs a second livepatch without .replace = true among the inputs (loaded second, a replace patch replaces the first)',
};

const DEFINITIONS: readonly Definition[] = [
  {
    name: 'target-not-present',
    title: 'Patch enabled and disabled, no target module loaded',
    description:
      'Only vmlinux (and no module object) gets callbacks: modules that are not loaded are skipped.',
    build: ({ p }) => [`load ${p}`, `disable ${p}`, `unload ${p}`],
  },
  {
    name: 'target-loaded-before-patch',
    title: 'Target module loaded before the patch',
    description: 'Enabling runs pre_patch and post_patch for vmlinux and the already LIVE module.',
    build: ({ p, m }) =>
      m ? [`load ${m}`, `load ${p}`, `disable ${p}`, `unload ${p}`, `unload ${m}`] : NEEDS_TARGET,
  },
  {
    name: 'target-loaded-after-patch',
    title: 'Target module loaded after the patch',
    description: "The module's callbacks run while it is COMING, before its own init.",
    build: ({ p, m }) =>
      m ? [`load ${p}`, `load ${m}`, `disable ${p}`, `unload ${p}`, `unload ${m}`] : NEEDS_TARGET,
  },
  {
    name: 'target-unloaded-while-patched',
    title: 'Target module unloaded while patched',
    description: "After the module's exit, pre_unpatch and post_unpatch run for it alone (GOING).",
    build: ({ p, m }) =>
      m ? [`load ${m}`, `load ${p}`, `unload ${m}`, `disable ${p}`, `unload ${p}`] : NEEDS_TARGET,
  },
  {
    name: 'pre-patch-fails-while-enabling',
    title: 'pre_patch fails while enabling',
    description: 'The enable is cancelled: post_unpatch runs only for the objects whose pre_patch succeeded.',
    build: ({ p, first }) => {
      const failing = lastPrePatchObject(first.patch);
      if (!failing) return { reason: 'no object of the first patch has a pre_patch callback' };
      const targets = moduleObjects(first.patch).map((o) => o.module);
      return [
        ...targets.map((t) => `load ${t}`),
        `fail ${p}:${failing}`,
        `load ${p}`,
        ...targets.map((t) => `unload ${t}`),
      ];
    },
  },
  {
    name: 'pre-patch-fails-when-target-loads',
    title: 'pre_patch fails when the target module loads',
    description: 'The module is refused and its init never runs; the patch stays enabled for the rest.',
    build: ({ p, first }) => {
      const target = firstModuleWithPrePatch(first.patch);
      if (!target) return { reason: 'no module object of the first patch has a pre_patch callback' };
      return [`load ${p}`, `fail ${p}:${target}`, `load ${target}`, `disable ${p}`, `unload ${p}`];
    },
  },
  {
    name: 'stalled-then-settled',
    title: 'Transition stalled, then completed',
    description: 'A target loading mid-transition gets no post_patch until the transition completes.',
    build: ({ p, m }) =>
      m
        ? ['stall', `load ${p}`, `load ${m}`, 'settle', `disable ${p}`, `unload ${p}`, `unload ${m}`]
        : ['stall', `load ${p}`, 'settle', `disable ${p}`, `unload ${p}`],
  },
  {
    name: 'stalled-then-reversed',
    title: 'Stalled enable reversed by a disable',
    description: 'No pre_unpatch ever runs: the reversal completes with post_unpatch only.',
    build: ({ p, m }) =>
      m
        ? ['stall', `load ${p}`, `load ${m}`, `unload ${m}`, `disable ${p}`, `unload ${p}`]
        : ['stall', `load ${p}`, `disable ${p}`, `unload ${p}`],
  },
  {
    name: 'disable-reversed',
    title: 'Stalled disable reversed by an enable',
    description: 'post_patch runs a second time after pre_unpatch already ran: it must be idempotent.',
    build: ({ p, m }) => [
      ...(m ? [`load ${m}`] : []),
      `load ${p}`,
      'stall',
      `disable ${p}`,
      `enable ${p}`,
      'settle',
      `disable ${p}`,
      `unload ${p}`,
      ...(m ? [`unload ${m}`] : []),
    ],
  },
  {
    name: 'unload-while-enabled-refused',
    title: 'rmmod of an enabled livepatch',
    description: 'The kernel refuses to remove a livepatch module whose patch is still installed.',
    build: ({ p }) => [`load ${p}`, `unload ${p}`, `disable ${p}`, `unload ${p}`],
  },
  {
    name: 'stacked-patches',
    title: 'Two patches stacked, disabled in reverse order',
    description: 'Each patch runs its own callbacks; neither affects the other.',
    build: ({ modules }) => {
      const pair = stackPair(modules);
      if (!pair) return NEEDS_STACKABLE;
      const [p, q] = [pair.first.patch.name, pair.second.patch.name];
      return [`load ${p}`, `load ${q}`, `disable ${q}`, `disable ${p}`, `unload ${q}`, `unload ${p}`];
    },
  },
  {
    name: 'atomic-replace',
    title: 'Atomic replace by a second patch',
    description: 'The replaced patch gets no callback at all, even for objects only it had.',
    build: ({ modules }) => {
      const pair = replacePair(modules);
      if (!pair) {
        return {
          reason: modules.some((m) => m.patch.replace)
            ? 'needs a second livepatch among the inputs: one module cannot be inserted twice, so a patch cannot replace itself'
            : 'no input sets .replace = true (built-ins load patches as written; kpatch and klp-build patches replace by default)',
        };
      }
      const old = pair.old.patch.name;
      const next = pair.replacer.patch.name;
      const m = firstTarget(pair.old.patch);
      return [
        ...(m ? [`load ${m}`] : []),
        `load ${old}`,
        `load ${next}`,
        ...(m ? [`unload ${m}`] : []),
        `disable ${next}`,
        `unload ${next}`,
        `unload ${old}`,
      ];
    },
  },
  {
    name: 'busy-refused',
    title: 'Disable refused while another patch is in transition',
    description: 'Only one transition at a time: the write fails with EBUSY until the other one settles.',
    build: ({ modules }) => {
      const pair = stackPair(modules);
      if (!pair) return NEEDS_STACKABLE;
      const [p, q] = [pair.first.patch.name, pair.second.patch.name];
      return [
        `load ${p}`,
        'stall',
        `load ${q}`,
        `disable ${p}`,
        'settle',
        `disable ${q}`,
        `disable ${p}`,
        `unload ${q}`,
        `unload ${p}`,
      ];
    },
  },
  {
    name: 'target-refused-earlier-patch-reverted',
    title: "A later patch's pre_patch refuses the target module",
    description:
      'Patches applied to the module before the failing one are reverted while it is still COMING.',
    build: ({ modules }) => {
      const shared = sharedTarget(modules);
      if (!shared)
        return {
          reason:
            'needs two patches with an object for the same module, the second without .replace = true and with a pre_patch there',
        };
      const [a, b, m] = [shared.first.patch.name, shared.second.patch.name, shared.module];
      return [`load ${a}`, `load ${b}`, `fail ${b}:${m}`, `load ${m}`, `disable ${b}`, `disable ${a}`];
    },
  },
  {
    name: 'incompatible-states',
    title: 'Patch refused by klp_state compatibility',
    description: 'The load fails with EINVAL before any callback of the refused patch runs.',
    build: ({ modules }) => {
      const pair = incompatibleStates(modules);
      if (!pair)
        return { reason: 'needs an installed patch with klp_state entries that another input lacks' };
      const [a, b] = [pair.installed.patch.name, pair.refused.patch.name];
      return [`load ${a}`, `load ${b}`, `disable ${a}`, `unload ${a}`];
    },
  },
];

export function builtinScenarios(modules: LivepatchModule[]): BuiltinScenario[] {
  const usable = modules.filter((m) => usableName(m.patch.name));
  const first = usable[0];
  return DEFINITIONS.map((definition) => {
    const { name, title, description } = definition;
    if (!first) {
      const reason = modules.length
        ? 'no input patch has a usable module name'
        : 'no livepatch among the inputs';
      return { name, title, description, applicable: false, reason, text: '' };
    }
    const built = definition.build({
      modules: usable,
      p: first.patch.name,
      first,
      m: firstTarget(first.patch),
    });
    if (!Array.isArray(built))
      return { name, title, description, applicable: false, reason: built.reason, text: '' };
    return { name, title, description, applicable: true, text: [`# ${title}`, ...built].join('\n') + '\n' };
  });
}
