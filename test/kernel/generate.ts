// Seeded generator of random livepatch modules (C, as a user writes them) and valid scenarios for the differential suite.
import type { CallbackKind } from '../../server/src/core/model/types';

export interface GeneratedCase {
  id: string;
  /** File name → C source of each livepatch (the patch name is the file name). */
  files: Map<string, string>;
  scenario: string;
}

/** mulberry32: small, fast and the same on every machine. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KINDS: readonly CallbackKind[] = ['pre_patch', 'post_patch', 'pre_unpatch', 'post_unpatch'];
const TARGETS = ['fz_mod_a', 'fz_mod_b', 'fz_mod_c'];
const PATCHES = ['fz_patch_a', 'fz_patch_b', 'fz_patch_c'];
const ERRNOS = ['-ENODEV', '-EINVAL', '-ENOMEM', '-EBUSY'];

interface GenObject {
  name: string | null;
  kinds: CallbackKind[];
  funcs: boolean;
}

interface GenPatch {
  name: string;
  objects: GenObject[];
  replace: boolean;
  state: number | null;
}

export function generateCase(seed: number, index: number): GeneratedCase {
  const rnd = random(seed * 1000003 + index);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;
  const chance = (p: number) => rnd() < p;
  const patchCount = chance(0.45) ? 1 : chance(0.7) ? 2 : 3;
  const patches: GenPatch[] = PATCHES.slice(0, patchCount).map((name) => {
    const objects: GenObject[] = [];
    if (chance(0.7)) objects.push(genObject(null));
    const modules = TARGETS.filter(() => chance(0.5));
    for (const m of modules) objects.push(genObject(m));
    if (objects.length === 0) objects.push(genObject(pick(TARGETS)));
    return {
      name,
      objects: objects.slice(0, 4),
      replace: chance(0.3),
      state: chance(0.2) ? (chance(0.5) ? 1 : 2) : null,
    };
  });
  function genObject(name: string | null): GenObject {
    const kinds = KINDS.filter(() => chance(0.6));
    return { name, kinds, funcs: chance(0.5) };
  }
  const files = new Map(patches.map((p) => [`${p.name.replace(/_/g, '-')}.c`, patchSource(p)]));
  return { id: `g${seed}-${index}`, files, scenario: scenario(patches, rnd, pick, chance) };
}

/**
 * Two patches that make every built-in scenario apply, including the ones no sample does: both have an
 * object for one module with a pre_patch there, and the first carries a klp_state the second lacks.
 */
export function builtinPair(): Map<string, string> {
  const all: CallbackKind[] = [...KINDS];
  const first: GenPatch = {
    name: 'fz_pair_a',
    objects: [
      { name: null, kinds: all, funcs: true },
      { name: 'fz_mod_a', kinds: all, funcs: false },
    ],
    replace: false,
    state: 1,
  };
  const second: GenPatch = {
    name: 'fz_pair_b',
    objects: [
      { name: 'fz_mod_a', kinds: all, funcs: true },
      { name: 'fz_mod_b', kinds: ['pre_patch', 'post_unpatch'], funcs: false },
    ],
    replace: false,
    state: null,
  };
  return new Map([first, second].map((p) => [`${p.name.replace(/_/g, '-')}.c`, patchSource(p)]));
}

export interface LimitCase {
  /** The recording's folder name under test/fixtures/oracle. */
  name: string;
  files: Map<string, string>;
  scenario: string;
}

function limitPatch(name: string, funcs: boolean): GenPatch {
  return { name, objects: [{ name: null, kinds: [...KINDS], funcs }], replace: false, state: null };
}

function filesOf(...patches: GenPatch[]): Map<string, string> {
  return new Map(patches.map((p) => [`${p.name}.c`, patchSource(p)]));
}

const STACKED_DISABLE = 'load fz_lim_a\nload fz_lim_b\nstall\ndisable fz_lim_a\nsettle\ndisable fz_lim_b\n';

/** Cases for the simulator's limits with stalls (core/lifecycle/held-transition.ts, limits.ts), recorded as fixtures. */
export function limitCases(): LimitCase[] {
  return [
    {
      name: 'verify-stacked-older-disable-not-held',
      files: filesOf(limitPatch('fz_lim_a', true), limitPatch('fz_lim_b', true)),
      scenario: `# Both patches change functions: the held task runs the newer one's code, so the older one's disable completes at once.\n${STACKED_DISABLE}`,
    },
    {
      name: 'verify-stacked-callback-only-older-disable-not-held',
      files: filesOf(limitPatch('fz_lim_a', false), limitPatch('fz_lim_b', false)),
      scenario: `# Callback-only patches are taken to share one function of their own: the same as above.\n${STACKED_DISABLE}`,
    },
    {
      name: 'verify-stacked-newer-callback-only-older-held',
      files: filesOf(limitPatch('fz_lim_a', true), limitPatch('fz_lim_b', false)),
      scenario: `# The newer patch changes no function: the older one's code is still the one running, its disable is held.\n${STACKED_DISABLE}`,
    },
    {
      name: 'verify-long-stall',
      files: filesOf(limitPatch('fz_lim_a', true)),
      scenario: [
        "# A stall held long enough for the kernel's 'signaling remaining tasks' (ignored in comparisons).",
        'stall',
        'load fz_lim_a',
        ...Array.from({ length: 4 }, () => ['load fz_mod_a', 'unload fz_mod_a']).flat(),
        'settle',
        'disable fz_lim_a',
        '',
      ].join('\n'),
    },
  ];
}

function scenario(
  patches: GenPatch[],
  rnd: () => number,
  pick: <T>(items: readonly T[]) => T,
  chance: (p: number) => boolean,
): string {
  const lines: string[] = [];
  const loaded = new Set<string>();
  let stalled = 0; // actions since `stall`, 0 when not stalled
  const length = 5 + Math.floor(rnd() * 9);
  for (let i = 0; i < length; i++) {
    const patch = pick(patches);
    const objectNames = patch.objects.map((o) => o.name ?? 'vmlinux');
    const roll = rnd();
    if (stalled > 3 || (stalled > 0 && roll < 0.15)) {
      lines.push('settle');
      stalled = 0;
      continue;
    }
    if (roll < 0.3) {
      const replace = chance(0.2) ? (chance(0.5) ? ' replace=1' : ' replace=0') : '';
      lines.push(`load ${patch.name}${replace}`);
      loaded.add(patch.name);
    } else if (roll < 0.5) {
      const target = pick(TARGETS);
      lines.push(`${loaded.has(target) && chance(0.6) ? 'unload' : 'load'} ${target}`);
      if (lines.at(-1)?.startsWith('load')) loaded.add(target);
      else loaded.delete(target);
    } else if (roll < 0.65) {
      lines.push(`disable ${patch.name}`);
    } else if (roll < 0.7) {
      lines.push(`enable ${patch.name}`);
    } else if (roll < 0.77) {
      lines.push(`unload ${patch.name}`);
      loaded.delete(patch.name);
    } else if (roll < 0.87) {
      const target = chance(0.6) ? `:${pick(objectNames)}` : '';
      lines.push(
        chance(0.75) ? `fail ${patch.name}${target} ${pick(ERRNOS)}` : `succeed ${patch.name}${target}`,
      );
    } else if (stalled === 0) {
      lines.push('stall');
      stalled = 1;
      continue;
    }
    if (stalled > 0) stalled += 1;
  }
  if (stalled > 0) lines.push('settle');
  return `${lines.join('\n')}\n`;
}

/** The patch as an author writes it: objs[] with designated initialisers, a funcs[] where it patches. */
function patchSource(patch: GenPatch): string {
  const functions: string[] = [];
  const objects = patch.objects.map((object, i) => {
    const label = object.name ?? 'vmlinux';
    const fields = [`\t\t.name = ${object.name === null ? 'NULL' : `"${object.name}"`},`];
    if (object.funcs) {
      functions.push(`static void new_${label}_fn(void)\n{\n}\n`);
      functions.push(
        `static struct klp_func funcs_${i}[] = {\n\t{ .old_name = "${label}_fn", .new_func = new_${label}_fn },\n\t{ }\n};\n`,
      );
      fields.push(`\t\t.funcs = funcs_${i},`);
    } else fields.push('\t\t.funcs = no_funcs,');
    if (object.kinds.length > 0) {
      fields.push('\t\t.callbacks = {');
      for (const kind of object.kinds) {
        const fn = `${kind}_${label}`;
        functions.push(
          kind === 'pre_patch'
            ? `static int ${fn}(struct klp_object *obj)\n{\n\treturn 0;\n}\n`
            : `static void ${fn}(struct klp_object *obj)\n{\n}\n`,
        );
        fields.push(`\t\t\t.${kind} = ${fn},`);
      }
      fields.push('\t\t},');
    }
    return ['\t{', ...fields, '\t},'].join('\n');
  });
  const states =
    patch.state === null
      ? ''
      : `static struct klp_state states[] = {\n\t{ .id = 1, .version = ${patch.state} },\n\t{ }\n};\n\n`;
  return [
    '// SPDX-License-Identifier: GPL-2.0',
    `/* Generated by test/kernel/generate.ts for the differential suite. */`,
    '#include <linux/livepatch.h>',
    '#include <linux/module.h>',
    '',
    'static struct klp_func no_funcs[] = {\n\t{ }\n};\n',
    ...functions,
    'static struct klp_object objs[] = {',
    ...objects,
    '\t{ }',
    '};',
    '',
    states,
    'static struct klp_patch patch = {',
    '\t.mod = THIS_MODULE,',
    '\t.objs = objs,',
    ...(patch.state === null ? [] : ['\t.states = states,']),
    `\t.replace = ${patch.replace ? 'true' : 'false'},`,
    '};',
    '',
    'static int patch_init(void)\n{\n\treturn klp_enable_patch(&patch);\n}\n',
    'static void patch_exit(void)\n{\n}\n',
    'module_init(patch_init);',
    'module_exit(patch_exit);',
    'MODULE_LICENSE("GPL");',
    'MODULE_INFO(livepatch, "Y");',
    '',
  ].join('\n');
}
