// Which object kpatch/klp-build macros belong to, from the CLI: --object-for, --kernel-tree, a tree found upward.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../server/src/cli/main';
import type { FileModel, ObjectModel } from '../../server/src/core/model/types';
import {
  fileSystemKernelTree,
  findKernelTreeRoot,
  isKernelTreeRoot,
} from '../../server/src/host/kernel-tree';
import { FIXTURES, REPO_ROOT } from '../helpers';

const TREE = path.join(FIXTURES, 'extract', 'kernel-tree');
const THREE_FILES = 'test/fixtures/extract/multi-object-callbacks.patch';

async function run(args: string[], cwd = REPO_ROOT): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (t) => (out += t), err: (t) => (err += t), isTTY: false, cwd });
  return { code, out, err };
}

async function objects(args: string[], cwd = REPO_ROOT): Promise<ObjectModel[]> {
  const { code, out, err } = await run(['extract', ...args], cwd);
  assert.equal(code, 0, err);
  const [model] = (JSON.parse(out) as { files: FileModel[] }).files;
  return model.patches.flatMap((patch) => patch.objects);
}

const summary = (list: ObjectModel[]) => list.map((o) => `${o.name ?? 'vmlinux'}:${o.nameOrigin?.kind}`);

test('a kernel tree is its top Makefile with VERSION and PATCHLEVEL, found upward from a file', () => {
  assert.ok(isKernelTreeRoot(TREE));
  assert.equal(isKernelTreeRoot(path.join(TREE, 'drivers')), false);
  assert.equal(findKernelTreeRoot(path.join(TREE, 'drivers', 'input', 'joydev.c')), TREE);
  assert.equal(findKernelTreeRoot(path.join(FIXTURES, 'extract', 'kpatch-macros.c')), undefined);
});

test('without a kernel tree, a patch of three files gets three guessed objects', async () => {
  assert.deepEqual(summary(await objects([THREE_FILES])), ['joydev:guess', 'pcspkr:guess', 'vmlinux:guess']);
});

test('--kernel-tree names the objects from its Makefiles; so does a tree around the working folder', async () => {
  const expected = ['joydev:kbuild', 'pcspkr:kbuild', 'vmlinux:guess'];
  assert.deepEqual(summary(await objects([THREE_FILES, '--kernel-tree', TREE])), expected);
  assert.deepEqual(
    summary(await objects([path.join(REPO_ROOT, THREE_FILES)], path.join(TREE, 'fs'))),
    expected,
  );
});

test('a standalone .c file inside a kernel tree gets its object from the Makefiles; outside, vmlinux', async () => {
  const inside = await objects([path.join(TREE, 'drivers', 'input', 'joydev.c')]);
  assert.deepEqual(summary(inside), ['joydev:kbuild']);
  const outside = await objects(['test/fixtures/extract/kpatch-macros.c']);
  assert.deepEqual(summary(outside), ['vmlinux:default']);
});

test('--object-for GLOB=NAME wins over the Makefiles and the guess, first match first', async () => {
  const list = await objects([
    THREE_FILES,
    '--kernel-tree',
    TREE,
    '--object-for',
    'drivers/input/*.c=input_fixes',
    '--object-for=**/*.c=vmlinux',
  ]);
  assert.deepEqual(summary(list), ['input_fixes:setting', 'vmlinux:setting']);
});

test('check gives no duplicate-macro-callback across objects, trace and scenarios take the same options', async () => {
  const check = await run(['check', THREE_FILES, '--format', 'json']);
  assert.equal(check.code, 0, check.out);
  const merged = await run(['check', THREE_FILES, '--kpatch-object', 'vmlinux', '--format', 'json']);
  assert.equal(merged.code, 1);
  assert.match(merged.out, /duplicate-macro-callback/);
  const scenario = ['--scenario', 'target-loaded-before-patch', '--format', 'text'];
  const trace = await run(['trace', THREE_FILES, ...scenario]);
  assert.equal(trace.code, 0, trace.err);
  assert.match(trace.out, /pre_patch\(joydev\) \[MODULE_STATE_LIVE\] -> pre_patch_callback = 0/);
  assert.match(trace.out, /pre_patch\(vmlinux\) -> pre_patch_callback = 0/);
  const moved = await run(['trace', THREE_FILES, ...scenario, '--object-for', 'fs/aio.c=aio']);
  assert.doesNotMatch(moved.out, /\(vmlinux\)/);
});

test('bad --object-for and --kernel-tree values are usage errors', async () => {
  assert.equal((await run(['extract', THREE_FILES, '--object-for', 'no-equals'])).code, 2);
  assert.equal((await run(['extract', THREE_FILES, '--object-for', 'x.c='])).code, 2);
  const missing = path.join(os.tmpdir(), 'klp-callbacks-no-such-tree');
  assert.ok(!fs.existsSync(missing));
  const result = await run(['extract', THREE_FILES, '--kernel-tree', missing]);
  assert.equal(result.code, 2);
  assert.match(result.err, /no such folder/);
});

test('a file-system tree reads a Makefile again once it changes on disk', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'klp-tree-'));
  try {
    fs.writeFileSync(path.join(root, 'Makefile'), 'VERSION = 6\nPATCHLEVEL = 1\n');
    fs.mkdirSync(path.join(root, 'drivers'));
    const makefile = path.join(root, 'drivers', 'Makefile');
    fs.writeFileSync(makefile, 'obj-m += a.o\n');
    const tree = fileSystemKernelTree(root);
    assert.equal(tree.readKbuild('drivers')?.text, 'obj-m += a.o\n');
    fs.writeFileSync(makefile, 'obj-y += a.o b.o\n');
    fs.utimesSync(makefile, new Date(), new Date(Date.now() + 5000));
    assert.deepEqual(tree.readKbuild('drivers'), { path: 'drivers/Makefile', text: 'obj-y += a.o b.o\n' });
    fs.writeFileSync(path.join(root, 'drivers', 'Kbuild'), 'obj-m += b.o\n');
    assert.equal(tree.readKbuild('drivers')?.path, 'drivers/Kbuild');
    assert.equal(tree.relativePath(path.join(root, 'drivers', 'a.c')), 'drivers/a.c');
    assert.equal(tree.relativePath(path.join(os.tmpdir(), 'elsewhere.c')), undefined);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
