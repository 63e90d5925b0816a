// Deterministic generator of the bench's inputs: a mixed ~5 MB corpus and a kernel-checkout-shaped tree, in our own kernel-style C.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A small seeded generator (mulberry32): the same seed writes the same bytes on every machine. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

const NOUNS = [
  'queue',
  'ring',
  'port',
  'zone',
  'slot',
  'chan',
  'bank',
  'lane',
  'pool',
  'cell',
  'page',
  'node',
];
const VERBS = ['flush', 'probe', 'reset', 'scan', 'sync', 'drain', 'fill', 'walk', 'tick', 'grab', 'poke'];
const LOCKED_SLEEP = ['kmalloc(64, GFP_KERNEL)', 'msleep(1)', 'mutex_lock(&dev->mutex)'];

/** One ordinary kernel-style function: loops, branches, a lock section, a table walk. */
function ordinaryFunction(random: Random, prefix: string, index: number): string {
  const name = `${prefix}_${pick(random, VERBS)}_${pick(random, NOUNS)}_${index}`;
  const limit = 4 + Math.floor(random() * 60);
  const lines = [
    `static int ${name}(struct ${prefix}_device *dev, unsigned int flags)`,
    '{',
    '\tunsigned long irqflags;',
    `\tint i, err = 0, total = ${Math.floor(random() * 9)};`,
    '',
    '\tif (!dev || !dev->regs)',
    '\t\treturn -ENODEV;',
    '\tspin_lock_irqsave(&dev->lock, irqflags);',
    `\tfor (i = 0; i < ${limit}; i++) {`,
    `\t\tu32 val = readl(dev->regs + ${prefix.toUpperCase()}_REG(i));`,
    '',
    `\t\tif (val & BIT(${Math.floor(random() * 31)}))`,
    '\t\t\ttotal += val >> 3;',
    '\t\telse if (flags & 0x4)',
    '\t\t\ttotal -= (int)(val & 0xff);',
    '\t\tswitch (val & 3) {',
    '\t\tcase 0:',
    '\t\t\tdev->stats.idle++;',
    '\t\t\tbreak;',
    '\t\tcase 1:',
    '\t\t\tdev->stats.busy += total;',
    '\t\t\tbreak;',
    '\t\tdefault:',
    '\t\t\terr = -EIO;',
    '\t\t}',
    '\t}',
    '\tspin_unlock_irqrestore(&dev->lock, irqflags);',
    `\tif (err && printk_ratelimit())`,
    `\t\tdev_warn(dev->parent, "${name}: status %d after %d reads\\n", err, i);`,
    '\treturn err ? err : total;',
    '}',
    '',
  ];
  return lines.join('\n');
}

function headerPart(random: Random, prefix: string, index: number): string {
  const upper = prefix.toUpperCase();
  return [
    `#define ${upper}_REG_${index}(n)\t(0x${(index * 16).toString(16)} + ((n) << 2))`,
    `struct ${prefix}_desc_${index} {`,
    '\tu32 flags;',
    '\tu16 length;',
    '\tu16 status;',
    '\tdma_addr_t addr;',
    `\tstruct list_head link;`,
    '};',
    '',
    `static inline bool ${prefix}_desc_${index}_ready(const struct ${prefix}_desc_${index} *d)`,
    '{',
    `\treturn (d->status & ${1 + Math.floor(random() * 200)}) && d->length > 0;`,
    '}',
    '',
    `int ${prefix}_setup_${index}(struct ${prefix}_device *dev, unsigned int mode);`,
    '',
  ].join('\n');
}

/** An ordinary driver file; `moduleHooks` adds module_init/module_exit, which the rules read too. */
function ordinaryFile(random: Random, prefix: string, functions: number, moduleHooks: boolean): string {
  const parts = [
    '// SPDX-License-Identifier: GPL-2.0',
    `/* ${prefix}: generated driver-style code for the klp-callbacks bench. */`,
    '#include <linux/io.h>',
    '#include <linux/spinlock.h>',
    `#include "${prefix}.h"`,
    '',
    `struct ${prefix}_device {`,
    '\tspinlock_t lock;',
    '\tstruct mutex mutex;',
    '\tvoid __iomem *regs;',
    '\tstruct device *parent;',
    '\tstruct { unsigned long idle, busy; } stats;',
    '};',
    '',
  ];
  for (let i = 0; i < functions; i++) parts.push(ordinaryFunction(random, prefix, i));
  if (moduleHooks) {
    parts.push(
      `static int __init ${prefix}_init(void)`,
      '{',
      `\tpr_info("${prefix}: loaded\\n");`,
      '\treturn 0;',
      '}',
      '',
      `static void __exit ${prefix}_exit(void)`,
      '{',
      '}',
      '',
      `module_init(${prefix}_init);`,
      `module_exit(${prefix}_exit);`,
      'MODULE_LICENSE("GPL");',
      '',
    );
  }
  return parts.join('\n');
}

function headerFile(random: Random, prefix: string, parts: number): string {
  const guard = `_${prefix.toUpperCase()}_H`;
  const body = Array.from({ length: parts }, (_, i) => headerPart(random, prefix, i));
  return [`#ifndef ${guard}`, `#define ${guard}`, '', ...body, `#endif /* ${guard} */`, ''].join('\n');
}

/**
 * A livepatch module in one of the registration idioms; some carry planted bugs, some register a
 * callback defined in another file (`externalCallback`), which `undefined-callback` must find there.
 */
function livepatchFile(random: Random, prefix: string, helpers: number, externalCallback?: string): string {
  const idiom = Math.floor(random() * 4);
  const buggy = random() < 0.4;
  const parts = [
    '// SPDX-License-Identifier: GPL-2.0',
    `/* ${prefix}: generated livepatch module for the klp-callbacks bench. */`,
    '#include <linux/livepatch.h>',
    '#include <linux/module.h>',
    '#include <linux/slab.h>',
    '',
    `struct ${prefix}_device { spinlock_t lock; struct mutex mutex; void __iomem *regs; struct device *parent; struct { unsigned long idle, busy; } stats; };`,
    `static void *${prefix}_state;`,
    `static DEFINE_SPINLOCK(${prefix}_lock);`,
    '',
  ];
  for (let i = 0; i < helpers; i++) parts.push(ordinaryFunction(random, prefix, i));
  const sleeper = pick(random, LOCKED_SLEEP).replace('dev->mutex', `${prefix}_mutex`);
  parts.push(
    `static DEFINE_MUTEX(${prefix}_mutex);`,
    `static int ${prefix}_pre_patch(struct klp_object *obj)`,
    '{',
    `\t${prefix}_state = kzalloc(128, GFP_KERNEL);`,
    `\treturn ${prefix}_state ? 0 : -ENOMEM;`,
    '}',
    '',
    `static void ${prefix}_post_patch(struct klp_object *obj)`,
    '{',
    `\tspin_lock(&${prefix}_lock);`,
    buggy ? `\t${sleeper};` : `\tWRITE_ONCE(${prefix}_ready, true);`,
    `\tspin_unlock(&${prefix}_lock);`,
    '}',
    '',
    `static void ${prefix}_pre_unpatch(struct klp_object *obj)`,
    '{',
    `\tWRITE_ONCE(${prefix}_ready, false);`,
    '}',
    '',
  );
  if (!buggy) {
    parts.push(
      `static void ${prefix}_post_unpatch(struct klp_object *obj)`,
      '{',
      `\tkfree(${prefix}_state);`,
      '}',
      '',
    );
  }
  const post = externalCallback ?? (buggy ? undefined : `${prefix}_post_unpatch`);
  const kinds: [string, string | undefined][] = [
    ['pre_patch', `${prefix}_pre_patch`],
    ['post_patch', `${prefix}_post_patch`],
    ['pre_unpatch', `${prefix}_pre_unpatch`],
    ['post_unpatch', post],
  ];
  const registered = kinds.filter((entry): entry is [string, string] => entry[1] !== undefined);
  parts.push(
    `static struct klp_func ${prefix}_funcs[] = {`,
    `\t{ .old_name = "${prefix}_target", .new_func = ${prefix}_${VERBS[0]}_${NOUNS[0]}_0 },`,
    '\t{ }',
    '};',
    '',
  );
  if (idiom === 0) {
    const callbacks = registered.map(([kind, fn]) => `.${kind} = ${fn}`).join(', ');
    parts.push(
      'static struct klp_object objs[] = {',
      `\t{ .name = "${prefix}_mod", .funcs = ${prefix}_funcs, .callbacks = { ${callbacks} } },`,
      '\t{ }',
      '};',
    );
  } else if (idiom === 1) {
    parts.push(
      `static struct klp_callbacks ${prefix}_callbacks = {`,
      ...registered.map(([kind, fn]) => `\t.${kind} = ${fn},`),
      '};',
      'static struct klp_object objs[] = {',
      `\t{ .name = NULL, .funcs = ${prefix}_funcs, .callbacks = ${prefix}_callbacks },`,
      '\t{ }',
      '};',
    );
  } else {
    parts.push(
      'static struct klp_object objs[] = {',
      `\t{ .name = "${prefix}_mod", .funcs = ${prefix}_funcs },`,
      '\t{ }',
      '};',
    );
  }
  parts.push(
    '',
    'static struct klp_patch patch = {',
    '\t.mod = THIS_MODULE,',
    '\t.objs = objs,',
    '\t.replace = true,',
    '};',
    '',
  );
  parts.push(`static int ${prefix}_init(void)`, '{');
  if (idiom >= 2) parts.push(...registered.map(([kind, fn]) => `\tobjs[0].callbacks.${kind} = ${fn};`));
  parts.push(
    '\treturn klp_enable_patch(&patch);',
    '}',
    '',
    `static void ${prefix}_exit(void)`,
    '{',
    '}',
    '',
    `module_init(${prefix}_init);`,
    `module_exit(${prefix}_exit);`,
    'MODULE_LICENSE("GPL");',
    'MODULE_INFO(livepatch, "Y");',
    '',
  );
  return parts.join('\n');
}

/** A file holding a function that another file registers as a callback: no livepatch token in it. */
function providerFile(random: Random, prefix: string, provided: string): string {
  return [
    ordinaryFile(random, prefix, 20, false),
    `void ${provided}(struct klp_object_like *obj)`.replace('klp_object_like', 'object_handle'),
    '{',
    `\tpr_debug("${prefix}: released\\n");`,
    '}',
    '',
  ].join('\n');
}

export interface GeneratedCorpus {
  root: string;
  files: number;
  bytes: number;
  livepatches: number;
}

function writeAll(root: string, files: Map<string, string>): GeneratedCorpus {
  let bytes = 0;
  let livepatches = 0;
  for (const [relative, text] of files) {
    const full = path.join(root, relative);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
    bytes += Buffer.byteLength(text);
    if (text.includes('klp_enable_patch')) livepatches++;
  }
  return { root, files: files.size, bytes, livepatches };
}

/**
 * The mixed corpus (seeded): 200 files of about 5 MB, a fifth of them livepatch modules, the rest
 * ordinary drivers (a fifth of those with module_init/exit) and headers; two modules register a
 * callback defined in an ordinary file, one a callback defined nowhere.
 */
export function generateMixedCorpus(root: string, seed = 11, count = 200): GeneratedCorpus {
  const random = seededRandom(seed);
  const files = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const prefix = `m${i}`;
    if (i % 5 === 0) {
      const external =
        i === 0
          ? 'release_provided_1'
          : i === 5
            ? 'release_provided_2'
            : i === 10
              ? 'release_nowhere'
              : undefined;
      files.set(`livepatch/${prefix}-livepatch.c`, livepatchFile(random, prefix, 30, external));
    } else if (i === 1 || i === 6) {
      files.set(
        `lib/${prefix}.c`,
        providerFile(random, prefix, i === 1 ? 'release_provided_1' : 'release_provided_2'),
      );
    } else if (i % 5 === 4) {
      files.set(`include/${prefix}.h`, headerFile(random, prefix, 70));
    } else {
      files.set(`drivers/${prefix}.c`, ordinaryFile(random, prefix, 35, i % 5 === 2 && i % 4 === 0));
    }
  }
  return writeAll(root, files);
}

const SUBSYSTEMS = [
  'drivers/net',
  'drivers/gpu',
  'drivers/usb',
  'drivers/scsi',
  'fs',
  'kernel',
  'mm',
  'net/core',
  'sound/pci',
  'arch/x86/kernel',
];

/**
 * A tree shaped like a kernel checkout (seeded): a top Makefile with VERSION and PATCHLEVEL,
 * `files` small C files and headers under the usual folders, one in twenty with module_init, and
 * a few livepatch modules under samples/livepatch/.
 */
export function generateKernelTree(root: string, seed = 12, count = 10_000): GeneratedCorpus {
  const random = seededRandom(seed);
  const files = new Map<string, string>();
  files.set('Makefile', 'VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 0\nNAME = Bench\n');
  for (let i = 0; i < count; i++) {
    const folder = `${SUBSYSTEMS[i % SUBSYSTEMS.length]}/part${Math.floor(i / 400)}`;
    const prefix = `k${i}`;
    if (i % 4 === 3) files.set(`include/linux/${prefix}.h`, headerFile(random, prefix, 6));
    else files.set(`${folder}/${prefix}.c`, ordinaryFile(random, prefix, 4, i % 20 === 0));
  }
  for (let i = 0; i < 4; i++) {
    files.set(`samples/livepatch/livepatch-bench-${i}.c`, livepatchFile(random, `lp${i}`, 10));
  }
  return writeAll(root, files);
}
