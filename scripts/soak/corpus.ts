// The soak's documents: generated livepatch modules that register callbacks defined in each other.
import type { Random } from '../seeded-random';

/**
 * Document `i` of `count` registers `shared_post_unpatch_<i+1>`, which the next document defines:
 * renaming that definition changes the findings of exactly one other document.
 */
export function soakDocument(i: number, count: number): string {
  const next = (i + 1) % count;
  const helpers = Array.from({ length: 6 }, (_, k) =>
    [
      `static int helper_${i}_${k}(int value)`,
      '{',
      `\tint total = value * ${k + 1};`,
      '',
      `\tif (total > ${100 + k})`,
      `\t\ttotal -= ${k + 3};`,
      `\tpr_debug("helper ${k}: %d\\n", total);`,
      '\treturn total;',
      '}',
      '',
    ].join('\n'),
  );
  // Every third document takes its lock in pre_patch and drops it in post_unpatch (a finding).
  const lockAcross = i % 3 === 0;
  return [
    `// SPDX-License-Identifier: GPL-2.0-only`,
    `/* soak document ${i}: generated for the language server soak (npm run soak). */`,
    '#include <linux/livepatch.h>',
    '#include <linux/module.h>',
    '#include <linux/mutex.h>',
    '#include <linux/slab.h>',
    '',
    `static DEFINE_MUTEX(state_lock_${i});`,
    `static int *counters_${i};`,
    i % 2 === 0 ? `extern void shared_post_unpatch_${next}(struct klp_object *obj);\n` : '',
    ...helpers,
    `static int pre_patch_${i}(struct klp_object *obj)`,
    '{',
    `\tcounters_${i} = kcalloc(16, sizeof(int), GFP_KERNEL);`,
    `\tif (!counters_${i})`,
    '\t\treturn -ENOMEM;',
    lockAcross ? `\tmutex_lock(&state_lock_${i});` : `\tcounters_${i}[0] = helper_${i}_0(1);`,
    '\treturn 0;',
    '}',
    '',
    `static void post_patch_${i}(struct klp_object *obj)`,
    '{',
    `\tcounters_${i}[1] = helper_${i}_1(counters_${i}[0]);`,
    '}',
    '',
    `void shared_post_unpatch_${i}(struct klp_object *obj)`,
    '{',
    `\tpr_info("object %s unpatched\\n", obj->name ? obj->name : "vmlinux");`,
    '}',
    '',
    `static int livepatch_show_${i}(struct seq_file *m, void *v)`,
    '{',
    `\tseq_printf(m, "%d\\n", helper_${i}_2(${i}));`,
    '\treturn 0;',
    '}',
    '',
    `static struct klp_func funcs_${i}[] = {`,
    '\t{',
    `\t\t.old_name = "show_${i}",`,
    `\t\t.new_func = livepatch_show_${i},`,
    '\t}, { }',
    '};',
    '',
    `static struct klp_object objs_${i}[] = {`,
    '\t{',
    '\t\t.name = NULL,',
    `\t\t.funcs = funcs_${i},`,
    '\t\t.callbacks = {',
    `\t\t\t.pre_patch = pre_patch_${i},`,
    `\t\t\t.post_patch = post_patch_${i},`,
    `\t\t\t.post_unpatch = shared_post_unpatch_${next},`,
    '\t\t},',
    '\t}, { }',
    '};',
    '',
    `static struct klp_patch patch_${i} = {`,
    '\t.mod = THIS_MODULE,',
    `\t.objs = objs_${i},`,
    '};',
    '',
    `static int livepatch_init_${i}(void)`,
    '{',
    `\treturn klp_enable_patch(&patch_${i});`,
    '}',
    '',
    `static void livepatch_exit_${i}(void)`,
    '{',
    `\tkfree(counters_${i});`,
    '}',
    '',
    `module_init(livepatch_init_${i});`,
    `module_exit(livepatch_exit_${i});`,
    'MODULE_LICENSE("GPL");',
    'MODULE_INFO(livepatch, "Y");',
    '',
  ].join('\n');
}

/** What one soak episode does to a document; each is typed (and usually taken back) key by key. */
export type Episode =
  | { kind: 'type'; offset: number; snippet: string; keep: boolean }
  | { kind: 'rename'; offset: number; suffix: string };

const SNIPPETS = [
  '\tpr_info("tick %d\\n", value);\n',
  '\tkfree(counters);\n',
  '\tmutex_lock(&state_lock);\n',
  '\tif (!obj)\n\t\treturn;\n',
  '\t/* reviewed */\n',
  '\tcounters[2] = helper(3);\n',
];

/** Picks an episode for `text`: typing at the start of an indented line, or renaming a definition. */
export function pickEpisode(text: string, random: Random): Episode {
  if (random.chance(0.15)) {
    // Renaming a function: the cross-document definition half of the time, else a local helper.
    const pattern = random.chance(0.5)
      ? /\nvoid (shared_post_unpatch_\d+)\(/g
      : /\nstatic int (helper_\d+_\d+)\(/g;
    const names = [...text.matchAll(pattern)];
    if (names.length > 0) {
      const found = random.pick(names);
      const offset = (found.index ?? 0) + found[0].length - 1;
      return { kind: 'rename', offset, suffix: random.pick(['_v2', 'x', '_old']) };
    }
  }
  const lineStarts = [...text.matchAll(/\n\t/g)].map((m) => (m.index ?? 0) + 1);
  const snippet = random.pick(SNIPPETS);
  // Only comments are kept: the documents stay the modules they were, give or take a comment.
  return {
    kind: 'type',
    offset: random.pick(lineStarts),
    snippet,
    keep: snippet.includes('/*') && random.chance(0.3),
  };
}
