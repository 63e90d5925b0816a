// Every writing-callee table entry changes state when it writes kernel memory, and saves/restores through its source.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeText } from '../../../server/src/core/analyze';
import { WRITING_CALLEES, type WritingCallee } from '../../../server/src/core/flow/writing-callees';
import { replaceWithoutTakeover } from '../../../server/src/core/rules/replace-without-takeover';
import { engine } from '../../helpers';

/** A replace patch whose pre_patch and post_unpatch run the given statements. */
function replacePatch(prePatch: string, postUnpatch = ''): string {
  return `#include <linux/livepatch.h>
static char saved[65];
static int lp_pre_patch(struct klp_object *obj)
{
	char buf[65];

	${prePatch};
	return 0;
}
static void lp_post_unpatch(struct klp_object *obj)
{
	${postUnpatch};
}
static struct klp_func funcs[] = { { .old_name = "f", .new_func = g }, { } };
static struct klp_object objs[] = {
	{ .funcs = funcs, .callbacks = { .pre_patch = lp_pre_patch, .post_unpatch = lp_post_unpatch } },
	{ }
};
static struct klp_patch patch = { .mod = THIS_MODULE, .objs = objs, .replace = true };
`;
}

/** The related-location messages of replace-without-takeover's findings (empty: no finding). */
async function takeoverNotes(text: string): Promise<string[][]> {
  const { findings } = analyzeText(await engine(), 'replace.c', text, {
    check: { rules: [replaceWithoutTakeover] },
  });
  return findings.map((f) => f.related.map((r) => r.message));
}

/** `callee(...)` writing `target` and, when the callee copies, copying from `source`. */
function callWriting(callee: string, spec: WritingCallee, target: string, source: string): string {
  const length =
    Math.max(spec.written, spec.source ?? 0, spec.format === undefined ? 0 : spec.format + 1) + 1;
  const args = Array.from({ length }, (_, i) => `n${i}`);
  if (spec.format !== undefined) {
    args[spec.format] = '"%s"';
    args[spec.format + 1] = source;
  }
  if (spec.source !== undefined) args[spec.source] = source;
  args[spec.written] = target;
  return `${callee}(${args.join(', ')})`;
}

const KERNEL_STATE = 'init_uts_ns.name.release';

for (const [callee, spec] of WRITING_CALLEES) {
  test(`${callee}() writes its argument ${spec.written}: kernel memory is a state change, a local buffer is not`, async () => {
    const kernel = await takeoverNotes(replacePatch(callWriting(callee, spec, KERNEL_STATE, 'buf')));
    assert.deepEqual(kernel, [
      ["pre_patch 'lp_pre_patch' changes state", `${callee}() writes ${KERNEL_STATE}`],
    ]);
    assert.deepEqual(await takeoverNotes(replacePatch(callWriting(callee, spec, 'buf', 'saved'))), []);
  });
  if (spec.source === undefined && spec.format === undefined) continue;
  test(`${callee}() copies from its source: saving kernel state and restoring it is a replace hazard`, async () => {
    const save = callWriting(callee, spec, 'saved', 'utsname()->release');
    const restore = callWriting(callee, spec, 'utsname()->release', 'saved');
    const notes = await takeoverNotes(replacePatch(save, restore));
    assert.deepEqual(notes, [
      [
        `${callee}() saves utsname()->release in pre_patch 'lp_pre_patch'`,
        `${callee}() restores it in post_unpatch 'lp_post_unpatch'`,
      ],
    ]);
  });
}

test('writes into fields reached from kernel state or globals change state; into locals and statics not', async () => {
  const changes = async (statement: string) => (await takeoverNotes(replacePatch(statement))).flat().slice(1);
  assert.deepEqual(await changes('strscpy(utsname()->release, buf, 65)'), [
    'strscpy() writes utsname()->release',
  ]);
  assert.deepEqual(await changes('memcpy(&kernel_cfg.opts, buf, 8)'), ['memcpy() writes kernel_cfg.opts']);
  assert.deepEqual(await changes('scnprintf(kernel_log + 4, 8, "%d", 1)'), [
    'scnprintf() writes kernel_log+4',
  ]);
  assert.deepEqual(await changes('scnprintf(buf + 4, 8, "%d", 1)'), []);
  assert.deepEqual(await changes('strscpy(saved, buf, sizeof(saved))'), []);
});

test('a plain assignment that saves kernel state and one that restores it are recognised too', async () => {
  const notes = await takeoverNotes(
    replacePatch('saved_mode = sysctl_mode; sysctl_mode = 2', 'sysctl_mode = saved_mode'),
  );
  assert.deepEqual(notes, [
    [
      "an assignment saves sysctl_mode in pre_patch 'lp_pre_patch'",
      "an assignment restores it in post_unpatch 'lp_post_unpatch'",
    ],
  ]);
});

test("a helper formatting into its output parameter changes nothing: the caller's buffer is its own", async () => {
  const helper = 'static void format_name(char *out) { scnprintf(out, 16, "lp-%d", 2); }\n';
  const text = replacePatch('format_name(buf)').replace(
    'static char saved[65];\n',
    `static char saved[65];\n${helper}`,
  );
  assert.deepEqual(await takeoverNotes(text), []);
});

test("saving and restoring the module's own static is no replace hazard: a new module has its own", async () => {
  const text = replacePatch('strscpy(saved, own_copy, 65)', 'strscpy(own_copy, saved, 65)').replace(
    'static char saved[65];',
    'static char saved[65];\nstatic char own_copy[65];',
  );
  assert.deepEqual(await takeoverNotes(text), []);
});
