// A function appearing or disappearing re-checks only the open documents that register that name.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { DocumentStore } from '../../server/src/lsp/documents';
import { engine } from '../helpers';

const registering = (name: string, callback: string) => `#include <linux/livepatch.h>
static struct klp_func funcs[] = { { .old_name = "f", .new_func = f }, { } };
static struct klp_object objs[] = {
	{ .name = NULL, .funcs = funcs, .callbacks = { .post_unpatch = ${callback} } }, { }
};
static struct klp_patch ${name} = { .mod = THIS_MODULE, .objs = objs };
`;
const defining = (callback: string) => `void ${callback}(struct klp_object *obj)\n{\n}\n`;
const workspace = { names: new Set<string>(), complete: true, wholeProject: true };

test('renaming a callback drops the findings of the one document registering it, and only those', async () => {
  const store = new DocumentStore(await engine());
  try {
    store.openDocument('file:///w/definer.c', 1, defining('shared_cb'));
    store.openDocument('file:///w/user.c', 1, registering('user', 'shared_cb'));
    store.openDocument('file:///w/other.c', 1, registering('other', 'other_cb') + defining('other_cb'));
    const undefinedIn = (uri: string) =>
      (store.analysis(uri, workspace)?.findings ?? []).filter((f) => f.rule === 'undefined-callback').length;
    assert.equal(undefinedIn('file:///w/user.c'), 0);
    const otherBefore = store.analysis('file:///w/other.c', workspace);

    const before = store.functionNames('file:///w/definer.c');
    const start = { line: 0, character: 'void shared_cb'.length };
    store.change('file:///w/definer.c', 2, [{ range: { start, end: start }, text: '_v2' }]);
    const after = store.functionNames('file:///w/definer.c');
    assert.deepEqual([...after], ['shared_cb_v2']);
    const changed = new Set([...before, ...after].filter((n) => before.has(n) !== after.has(n)));

    assert.deepEqual(store.invalidateRegistering(changed), ['file:///w/user.c']);
    assert.equal(undefinedIn('file:///w/user.c'), 1, 'the registration now names nothing');
    assert.equal(store.analysis('file:///w/other.c', workspace), otherBefore, 'not re-analysed');
    assert.deepEqual(store.invalidateRegistering(new Set()), []);
  } finally {
    store.disposeAll();
  }
});
