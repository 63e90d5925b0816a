// What the real-code script reads from the tool: every registration (duplicates too) and 1-based finding lines.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { toolFindings, toolRegistrations } from '../../scripts/realworld';
import { analyzeText } from '../../server/src/core/analyze';
import { engine } from '../helpers';

/** Our own two-file kpatch-style patch: one post_patch macro in a module file, one in built-in code. */
function twoFilePatch(): string {
  const file = (name: string, fn: string) => [
    `diff -u a/${name} b/${name}`,
    `--- a/${name}`,
    `+++ b/${name}`,
    '@@ -1,1 +1,6 @@',
    ' int existing;',
    '+#include "kpatch-macros.h"',
    `+static void ${fn}(patch_object *obj)`,
    '+{',
    '+}',
    `+KPATCH_POST_PATCH_CALLBACK(${fn});`,
  ];
  return [
    ...file('drivers/misc/widget.c', 'widget_ready'),
    ...file('kernel/gadget.c', 'gadget_ready'),
    '',
  ].join('\n');
}

test('every registration the tool saw is read, whether it took effect or was filed as a duplicate', async () => {
  const { model } = analyzeText(await engine(), 'two-files.patch', twoFilePatch());
  const read = toolRegistrations(model)
    .map((r) => `${r.kind}:${r.function}`)
    .sort();
  assert.deepEqual(read, ['post_patch:gadget_ready', 'post_patch:widget_ready']);
});

test('finding lines are 1-based, as the expectations are written', async () => {
  const text = [
    '#include <linux/livepatch.h>',
    'static struct klp_func funcs[] = { { .old_name = "f", .new_func = g }, { } };',
    'static struct klp_object objs[] = { { .name = "vmlinux", .funcs = funcs }, { } };',
    'static struct klp_patch patch = { .mod = THIS_MODULE, .objs = objs };',
    '',
  ].join('\n');
  const { findings } = analyzeText(await engine(), 'named-vmlinux.c', text);
  const vmlinux = toolFindings(findings).filter((f) => f.rule === 'vmlinux-name');
  assert.deepEqual(
    vmlinux.map((f) => f.line),
    [3],
  );
});
