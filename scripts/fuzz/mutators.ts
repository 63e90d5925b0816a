// The fuzz mutators: each turns a seed file into a hostile input (deep, huge, binary, broken).
import { MAX_SOURCE_BYTES } from '../../server/src/core/input-limits';
import type { Random } from '../seeded-random';

export interface Seed {
  name: string;
  /** `.c` or `.patch`. */
  extension: string;
  bytes: Buffer;
}

export interface FuzzInput {
  name: string;
  mutator: string;
  extension: string;
  bytes: Buffer;
  /**
   * The seed's text is still in the input, untouched and separate from what was added: the
   * model must keep the seed's patches (fewer is a lost model).
   */
  keepsSeed: boolean;
  /** Scenario text for `trace --scenario FILE`. */
  scenario: string;
}

interface Mutator {
  name: string;
  keepsSeed: boolean;
  /** Weight of the mutator among all (the big ones are rarer: they dominate run time). */
  weight: number;
  apply(seed: Seed, random: Random): Buffer;
}

const text = (value: string) => Buffer.from(value, 'utf8');
const append = (seed: Seed, extra: string) => Buffer.concat([seed.bytes, text(`\n${extra}\n`)]);
/** Sizes spread over orders of magnitude: most inputs small, a few huge. */
const logSize = (random: Random, min: number, max: number) =>
  Math.floor(min * Math.pow(max / min, random.next() * random.next()));

/** Extra text a .patch keeps as one added C file, so it is parsed like a .c seed's additions. */
function addedCode(seed: Seed, code: string): string {
  if (seed.extension !== '.patch') return code;
  const lines = code.split('\n');
  return `diff --git a/fuzz/added.c b/fuzz/added.c\n--- /dev/null\n+++ b/fuzz/added.c\n@@ -0,0 +1,${lines.length} @@\n${lines.map((l) => `+${l}`).join('\n')}`;
}

export const MUTATORS: readonly Mutator[] = [
  {
    name: 'deep-nesting',
    keepsSeed: true,
    weight: 2,
    apply: (seed, random) => {
      const depth = logSize(random, 50, 100000);
      const kind = random.below(3);
      const open = ['if (x) {', '(', '{'][kind];
      const close = ['}', ')', '}'][kind];
      const body =
        kind === 1
          ? `static int fuzz_deep(int x) { return ${open.repeat(depth)}x${close.repeat(depth)}; }`
          : kind === 0
            ? `static void fuzz_deep(int x) {\n${open.repeat(depth)}x++;${close.repeat(depth)}\n}`
            : `static int fuzz_deep_table[] = ${open.repeat(depth)}1${close.repeat(depth)};`;
      return append(seed, addedCode(seed, body));
    },
  },
  {
    name: 'deep-broken-nesting',
    keepsSeed: false,
    weight: 1,
    apply: (seed, random) => append(seed, '(['.repeat(logSize(random, 100, 50000)) + 'if {'),
  },
  {
    name: 'huge-flat-initialiser',
    keepsSeed: true,
    weight: 2,
    apply: (seed, random) => {
      const count = logSize(random, 100, 300000);
      const items = Array.from({ length: count }, (_, i) => (i % 7 === 0 ? `{ .id = ${i} }` : String(i)));
      return append(seed, addedCode(seed, `static int fuzz_flat[] = { ${items.join(', ')} };`));
    },
  },
  {
    name: 'huge-objs-array',
    keepsSeed: false,
    weight: 1,
    apply: (seed, random) => {
      const count = logSize(random, 100, 150000);
      const objects = Array.from({ length: count }, (_, i) => `{ .name = "m${i}", .funcs = f },`).join('\n');
      return append(
        seed,
        `static struct klp_object fuzz_objs[] = {\n${objects}\n{ } };\nstatic struct klp_patch fuzz_patch = { .objs = fuzz_objs };`,
      );
    },
  },
  {
    name: 'binary-garbage',
    keepsSeed: false,
    weight: 2,
    apply: (_seed, random) => {
      const bytes = Buffer.alloc(logSize(random, 16, 64 * 1024));
      // No NUL: binary detection must not rely on it.
      for (let i = 0; i < bytes.length; i++) bytes[i] = 1 + random.below(255);
      return bytes;
    },
  },
  {
    name: 'truncation',
    keepsSeed: false,
    weight: 3,
    apply: (seed, random) => seed.bytes.subarray(0, random.below(seed.bytes.length + 1)),
  },
  {
    name: 'byte-flips',
    keepsSeed: false,
    weight: 4,
    apply: (seed, random) => {
      const bytes = Buffer.from(seed.bytes);
      const flips = 1 + random.below(32);
      for (let i = 0; i < flips && bytes.length > 0; i++)
        bytes[random.below(bytes.length)] ^= 1 << random.below(8);
      return bytes;
    },
  },
  {
    name: 'token-shuffle',
    keepsSeed: false,
    weight: 3,
    apply: (seed, random) => {
      const tokens = seed.bytes.toString('utf8').split(/(\s+)/);
      for (let i = 0; i < 1 + random.below(20); i++) {
        const a = random.below(tokens.length);
        const b = random.below(tokens.length);
        [tokens[a], tokens[b]] = [tokens[b], tokens[a]];
      }
      return text(tokens.join(''));
    },
  },
  {
    name: 'invalid-utf8',
    keepsSeed: false,
    weight: 2,
    apply: (seed, random) => {
      const junk = [
        Buffer.from([0xc3, 0x28]),
        Buffer.from([0xff, 0xfe]),
        Buffer.from([0xe2, 0x82]),
        Buffer.from([0xf0, 0x90, 0x28]),
      ];
      const parts: Buffer[] = [];
      let at = 0;
      for (let i = 0; i < 1 + random.below(12); i++) {
        const next = at + random.below(Math.max(1, seed.bytes.length - at));
        parts.push(seed.bytes.subarray(at, next), random.pick(junk));
        at = next;
      }
      parts.push(seed.bytes.subarray(at));
      return Buffer.concat(parts);
    },
  },
  {
    name: 'huge-identifier',
    keepsSeed: true,
    weight: 1,
    apply: (seed, random) =>
      append(seed, addedCode(seed, `static int ${'a'.repeat(logSize(random, 1000, 1000000))};`)),
  },
  {
    name: 'huge-line',
    keepsSeed: true,
    weight: 1,
    apply: (seed, random) => append(seed, `/* ${'x = y; '.repeat(logSize(random, 1000, 300000))} */`),
  },
  {
    name: 'size-limit',
    keepsSeed: false,
    weight: 1,
    apply: (seed, random) => {
      // Exactly at, or just over, the limit: one is analysed, the other refused with a note.
      const target = MAX_SOURCE_BYTES + random.below(2);
      const pad = Math.max(0, target - seed.bytes.length - 6);
      return Buffer.concat([seed.bytes, text(`\n/*${' '.repeat(pad)}*/\n`)]).subarray(0, target);
    },
  },
  {
    name: 'broken-hunks',
    keepsSeed: false,
    weight: 2,
    apply: (seed, random) => {
      const lines = seed.bytes.toString('utf8').split('\n');
      for (let i = 0; i < 1 + random.below(8); i++) {
        const at = random.below(lines.length);
        const damage = random.below(5);
        if (damage === 0)
          lines[at] = `@@ -${random.below(99999)},${random.below(9)} +${random.below(99999)} @@`;
        else if (damage === 1) lines.splice(at, 1);
        else if (damage === 2) lines.splice(at, 0, `+++ b/${'d/'.repeat(random.below(200))}x.c`);
        else if (damage === 3) lines[at] = lines[at].slice(1);
        else lines.splice(at, 0, `diff --git a/x.c b/x.c`, '@@ -1 +1 @@');
      }
      return text(lines.join('\n'));
    },
  },
];

export function mutate(seed: Seed, random: Random, index: number): FuzzInput {
  const total = MUTATORS.reduce((sum, m) => sum + m.weight, 0);
  let roll = random.below(total);
  const mutator = MUTATORS.find((m) => (roll -= m.weight) < 0) ?? MUTATORS[0];
  // A broken-hunks mutation of a .c file is still a .c file: only the name changes meaning.
  const extension = mutator.name === 'broken-hunks' && random.chance(0.5) ? '.patch' : seed.extension;
  return {
    name: `${index}-${mutator.name}-${seed.name}`,
    mutator: mutator.name,
    extension,
    bytes: mutator.apply(seed, random),
    keepsSeed: mutator.keepsSeed && extension === seed.extension,
    scenario: randomScenario(random),
  };
}

const VERBS = ['load', 'unload', 'enable', 'disable', 'fail', 'succeed', 'stall', 'settle', 'bogus'];

/** Scenario text: mostly plausible lines, with garbage, and now and then a huge one. */
export function randomScenario(random: Random): string {
  const lines = random.chance(0.05) ? logSize(random, 1000, 100000) : 1 + random.below(30);
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const verb = random.pick(VERBS);
    const name = random.pick([
      'demo_target',
      'livepatch_callbacks_demo',
      'x',
      'vmlinux',
      '',
      'a'.repeat(random.below(300)),
    ]);
    const extra = random.pick([
      '',
      ' replace=1',
      ' replace=0',
      ' -ENOMEM',
      ':obj -EINVAL',
      ' # comment',
      ' \u0001\u00ff',
    ]);
    out.push(`${verb} ${name}${extra}`);
  }
  return out.join('\n');
}
