// The workspace index directly: per-file updates and removals report exactly the names that changed,
// a tree above the old 2,000-file cut-off is read whole, in turns that yield, with progress.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { ParserEngine } from '../../server/src/core/parse/engine';
import { isIndexedFile, WorkspaceIndex, type IndexProgress } from '../../server/src/lsp/workspace-index';
import { engine } from '../helpers';

let parser: ParserEngine;
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'klp-index-'));
before(async () => {
  parser = await engine();
});
after(() => fs.rmSync(root, { recursive: true, force: true }));

function write(relative: string, text: string): string {
  const file = path.join(root, relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

const REGISTERING = `#include <linux/livepatch.h>
static struct klp_func funcs[] = { { .old_name = "f", .new_func = g }, { } };
static struct klp_object objs[] = {
	{ .funcs = funcs, .callbacks = { .pre_patch = reg_pre_patch, .post_unpatch = reg_post_unpatch } },
	{ }
};
static struct klp_patch patch = { .mod = THIS_MODULE, .objs = objs };
`;

test('updating a file reports the names it gained or lost, and only those', () => {
  const index = new WorkspaceIndex(parser);
  const file = write('one/helpers.c', 'int keep(void) { return 0; }\nint gone(void) { return 1; }\n');
  assert.deepEqual([...index.update(file)].sort(), ['gone', 'keep']);
  assert.ok(index.state.names.has('gone'));
  fs.writeFileSync(file, 'int keep(void) { return 0; }\nint added(void) { return 2; }\n');
  assert.deepEqual([...index.update(file)].sort(), ['added', 'gone']);
  assert.ok(!index.state.names.has('gone'));
  assert.deepEqual(
    index.state.definitions?.get('added')?.map((d) => [d.path, d.range.start.line]),
    [[file, 1]],
  );
  // The same text again changes nothing.
  assert.deepEqual([...index.update(file)], []);
});

test('a name defined in two files stays known until both are gone; a folder removal removes its files', () => {
  const index = new WorkspaceIndex(parser);
  const a = write('two/a.c', 'void shared(void) { }\n');
  const b = write('two/sub/b.c', 'void shared(void) { }\nvoid only_b(void) { }\n');
  index.update(a);
  index.update(b);
  assert.deepEqual([...index.remove(a)], []);
  assert.ok(index.state.names.has('shared'));
  assert.deepEqual([...index.remove(path.join(root, 'two', 'sub'))].sort(), ['only_b', 'shared']);
  assert.equal(index.state.names.size, 0);
  assert.equal(index.fileCount, 0);
});

test('registrations are indexed per file and dropped with it', () => {
  const index = new WorkspaceIndex(parser);
  const file = write('three/livepatch.c', REGISTERING);
  index.update(file);
  assert.deepEqual([...(index.state.registrations?.keys() ?? [])].sort(), [
    'reg_post_unpatch',
    'reg_pre_patch',
  ]);
  fs.writeFileSync(file, 'int nothing_here;\n');
  index.update(file);
  assert.equal(index.state.registrations?.size, 0);
});

test('files that are not C sources or headers are not indexed', () => {
  const index = new WorkspaceIndex(parser);
  const patch = write('four/fix.patch', 'int looks_like_c(void) { return 0; }\n');
  assert.deepEqual([...index.update(patch)], []);
  assert.equal(isIndexedFile('/x/a.h'), true);
  assert.equal(isIndexedFile('/x/a.klpscenario'), false);
});

test('a tree above 2,000 files is read whole, in turns, with progress up to the total', async () => {
  const big = path.join(root, 'big');
  const count = 2100;
  for (let i = 0; i < count; i++) write(`big/d${i % 7}/f${i}.c`, `int f${i}(void) { return ${i}; }\n`);
  write('big/node_modules/skipped.c', 'int skipped(void) { return 0; }\n');
  // A clock that moves 10 ms per reading: every couple of files the index must yield a turn.
  let clock = 0;
  const index = new WorkspaceIndex(parser, () => (clock += 10));
  const reports: IndexProgress[] = [];
  let turnsTaken = 0;
  const ticker = setInterval(() => turnsTaken++, 0);
  try {
    const summary = await index.build([big], (p) => reports.push(p));
    assert.equal(summary.files, count);
    assert.equal(index.fileCount, count);
    assert.ok(index.state.names.has('f2099') && !index.state.names.has('skipped'));
    assert.equal(index.state.complete, true);
    assert.ok(reports.length > 10, `${reports.length} progress reports`);
    assert.deepEqual(reports.at(-1), { done: count, total: count });
    assert.ok(reports.every((r, i) => i === 0 || r.done >= reports[i - 1].done));
    assert.ok(turnsTaken > 0, 'timers ran while the index was built');
  } finally {
    clearInterval(ticker);
  }
});
