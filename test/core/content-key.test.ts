// contentKey: equal texts share a key, near-identical texts never do (the caches rely on both).
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentKey } from '../../server/src/core/content-key';

test('equal texts give equal keys, the kind separates them', () => {
  const body = 'static int f(void)\n{\n\treturn 0;\n}\n';
  assert.equal(contentKey('fn', body), contentKey('fn', `${body}`));
  assert.notEqual(contentKey('fn', body), contentKey('declaration', body));
});

test('20,000 one-character edits of a body all get distinct keys', () => {
  const base = 'static void demo_post_patch(struct klp_object *obj)\n{\n\tstatic_branch_enable(&k);\n}\n';
  const keys = new Set<string>();
  for (let i = 0; i < 20_000; i++) {
    const at = i % base.length;
    const variant = `${base.slice(0, at)}${String.fromCharCode(32 + (i % 90))}${base.slice(at)}${i}`;
    keys.add(contentKey('fn', variant));
  }
  assert.equal(keys.size, 20_000);
});
