// post_unpatch dereferencing what only post_patch assigns: helpers, guards, and what counts as set up earlier.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeText } from '../../../server/src/core/analyze';
import { postUnpatchAssumesPostPatch } from '../../../server/src/core/rules/post-unpatch-assumes-post-patch';
import { engine } from '../../helpers';

interface Parts {
  globals?: string;
  helpers?: string;
  prePatch?: string;
  postPatch: string;
  preUnpatch?: string;
  postUnpatch: string;
  init?: string;
}

function module(parts: Parts): string {
  return `#include <linux/livepatch.h>
struct item { int count; struct mutex lock; };
static struct item *item;
${parts.globals ?? ''}
${parts.helpers ?? ''}
static int lp_pre_patch(struct klp_object *obj) { ${parts.prePatch ?? ''}; return 0; }
static void lp_post_patch(struct klp_object *obj) { ${parts.postPatch}; }
static void lp_pre_unpatch(struct klp_object *obj) { ${parts.preUnpatch ?? 'pr_info("bye\\n")'}; }
static void lp_post_unpatch(struct klp_object *obj) { ${parts.postUnpatch}; }
static struct klp_func funcs[] = { { .old_name = "f", .new_func = g }, { } };
static struct klp_object objs[] = {
	{ .funcs = funcs, .callbacks = { .pre_patch = lp_pre_patch, .post_patch = lp_post_patch,
	  .pre_unpatch = lp_pre_unpatch, .post_unpatch = lp_post_unpatch } },
	{ }
};
static struct klp_patch patch = { .mod = THIS_MODULE, .objs = objs };
static int lp_init(void) { ${parts.init ?? ''}; return klp_enable_patch(&patch); }
module_init(lp_init);
`;
}

/** The findings as `message-start | related messages`. */
async function findings(parts: Parts): Promise<string[]> {
  const { findings: found } = analyzeText(await engine(), 'uses.c', module(parts), {
    check: { rules: [postUnpatchAssumesPostPatch] },
  });
  return found.map(
    (f) => `${f.message.split(', but only')[0]} | ${f.related.map((r) => r.message).join(' | ')}`,
  );
}

const ALLOC = 'item = kzalloc(sizeof(*item), GFP_KERNEL)';

test('a global handed to a helper that dereferences its parameter is used', async () => {
  const helpers = 'static void show(int level, struct item *it) { pr_info("%d %d\\n", level, it->count); }';
  assert.deepEqual(await findings({ helpers, postPatch: ALLOC, postUnpatch: 'show(1, item); kfree(item)' }), [
    "post_unpatch 'lp_post_unpatch' dereferences item (in show()) | item is assigned here" +
      ', in lp_post_patch() (post_patch) | show() dereferences it here',
  ]);
});

test('lock calls on a field, and the dereferencing callees, are uses', async () => {
  assert.equal((await findings({ postPatch: ALLOC, postUnpatch: 'mutex_lock(&item->lock)' })).length, 1);
  const globals = 'static char *label;';
  const postPatch = 'label = kstrdup("x", GFP_KERNEL)';
  const found = await findings({ globals, postPatch, postUnpatch: 'pr_info("%zu\\n", strlen(label))' });
  assert.match(found[0] ?? '', /passes label to strlen\(\), which dereferences it/);
});

test('a test of the pointer, or of a flag post_patch sets, guards the use', async () => {
  const globals = 'static bool ready;';
  const guarded = [
    'if (item) item->count = 0',
    'if (!item) return; item->count = 0',
    'if (!ready) return; item->count = 0',
    'if (ready) mutex_lock(&item->lock)',
  ];
  for (const postUnpatch of guarded) {
    assert.deepEqual(
      await findings({ globals, postPatch: `${ALLOC}; ready = true`, postUnpatch }),
      [],
      postUnpatch,
    );
  }
});

test('a helper called after the pointer was tested does not use it first', async () => {
  const helpers = 'static void reset(void) { item->count = 0; }';
  const postUnpatch = 'if (!item) return; reset()';
  assert.deepEqual(await findings({ helpers, postPatch: ALLOC, postUnpatch }), []);
  assert.equal((await findings({ helpers, postPatch: ALLOC, postUnpatch: 'reset()' })).length, 1);
});

test('set up by pre_patch, module_init or the declaration, or only cleared by post_patch: not reported', async () => {
  const use = 'item->count = 0';
  assert.deepEqual(await findings({ prePatch: ALLOC, postPatch: ALLOC, postUnpatch: use }), []);
  assert.deepEqual(await findings({ init: ALLOC, postPatch: ALLOC, postUnpatch: use }), []);
  assert.deepEqual(await findings({ postPatch: 'item = NULL', postUnpatch: use }), []);
  const globals = 'static struct item fallback; static struct item *shown = &fallback;';
  assert.deepEqual(
    await findings({ globals, postPatch: 'shown = item', postUnpatch: 'shown->count = 0' }),
    [],
  );
});

test('kfree of what post_patch allocated is fine: kfree(NULL) does nothing', async () => {
  assert.deepEqual(await findings({ postPatch: ALLOC, postUnpatch: 'kfree(item); item = NULL' }), []);
});

test('what only pre_unpatch assigns is NULL too when post_unpatch follows a cancelled enable', async () => {
  const found = await findings({ postPatch: '', preUnpatch: ALLOC, postUnpatch: 'item->count = 0' });
  assert.deepEqual(found, [
    "post_unpatch 'lp_post_unpatch' dereferences item | item is assigned here, in lp_pre_unpatch() (pre_unpatch)",
  ]);
});
