// `klp-callbacks extract`: JSON model of the samples, options, and errors for bad inputs.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../server/src/cli/main';
import type { CallbackKind, FileModel } from '../../server/src/core/model/types';
import { REPO_ROOT, SAMPLES } from '../helpers';

async function run(args: string[], cwd = REPO_ROOT): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(['extract', ...args], {
    out: (text) => (out += text),
    err: (text) => (err += text),
    isTTY: false,
    cwd,
  });
  return { code, out, err };
}

type Expected = { name: string | null; callbacks: Partial<Record<CallbackKind, string>> }[];
const ALL = (prefix: string, via: string) => ({
  pre_patch: `${prefix}_pre_patch/${via}`,
  post_patch: `${prefix}_post_patch/${via}`,
  pre_unpatch: `${prefix}_pre_unpatch/${via}`,
  post_unpatch: `${prefix}_post_unpatch/${via}`,
});

/** Each clean sample: its patch's source, replace, and per object the callbacks as `function/via`. */
const SAMPLE_MODELS: Record<string, { source: string; replace: boolean; objects: Expected }> = {
  'samples/livepatch-callbacks-demo.c': {
    source: 'klp_patch',
    replace: false,
    objects: [
      { name: null, callbacks: ALL('vmlinux', 'initializer') },
      { name: 'demo_target', callbacks: ALL('target', 'initializer') },
    ],
  },
  'samples/livepatch-callbacks-variable.c': {
    source: 'klp_patch',
    replace: false,
    objects: [{ name: 'demo_conn', callbacks: ALL('conn', 'variable') }],
  },
  'samples/livepatch-runtime-callbacks.c': {
    source: 'klp_patch',
    replace: false,
    objects: [
      { name: null, callbacks: ALL('uptime', 'assignment') },
      {
        name: 'demo_probe',
        callbacks: { post_patch: 'probe_post_patch/assignment', pre_unpatch: 'probe_pre_unpatch/assignment' },
      },
    ],
  },
  'samples/livepatch-object-variables.c': {
    source: 'klp_patch',
    replace: false,
    objects: [
      { name: null, callbacks: ALL('loadavg', 'initializer') },
      {
        name: 'demo_cache',
        callbacks: {
          pre_patch: 'cache_pre_patch/initializer',
          post_unpatch: 'cache_post_unpatch/initializer',
        },
      },
    ],
  },
  'samples/kpatch-callbacks.c': {
    source: 'kpatch-macros',
    replace: true,
    objects: [{ name: null, callbacks: ALL('meminfo', 'kpatch-macro') }],
  },
  'samples/klp-build-callbacks.c': {
    source: 'klp-build-macros',
    replace: true,
    objects: [{ name: null, callbacks: ALL('banner', 'klp-macro') }],
  },
  'samples/kpatch-consoles-note.patch': {
    source: 'kpatch-macros',
    replace: true,
    objects: [{ name: null, callbacks: ALL('note', 'kpatch-macro') }],
  },
};

test('extract on samples/ gives the expected model for every clean sample', async () => {
  const { code, out, err } = await run(['samples']);
  assert.equal(err, '');
  assert.equal(code, 0);
  const files = (JSON.parse(out) as { files: FileModel[] }).files;
  for (const [file, expected] of Object.entries(SAMPLE_MODELS)) {
    const model = files.find((f) => f.path === file);
    assert.ok(model, `${file} is missing from the output`);
    assert.deepEqual(model.problems, [], `${file} problems`);
    assert.equal(model.patches.length, 1, file);
    const [patch] = model.patches;
    assert.equal(
      patch.name,
      path
        .basename(file)
        .replace(/\.(c|patch)$/, '')
        .replace(/-/g, '_'),
    );
    assert.equal(patch.source, expected.source, file);
    assert.equal(patch.replace, expected.replace, file);
    const objects = patch.objects.map((object) => ({
      name: object.name,
      callbacks: Object.fromEntries(
        Object.values(object.callbacks).map((c) => [c.kind, `${c.function}/${c.via}`]),
      ),
    }));
    assert.deepEqual(objects, expected.objects, file);
    assert.ok(
      patch.objects.every((o) => o.duplicateCallbacks.length === 0 && o.funcsSet),
      file,
    );
    if (patch.source === 'klp_patch') {
      assert.equal(patch.objectsTerminated, true, file);
      assert.ok(
        patch.objects.every((o) => o.funcsTerminated === true && o.funcs.length > 0),
        file,
      );
      assert.ok(patch.enableCallRange, `${file} calls klp_enable_patch`);
      assert.ok(model.moduleInit && model.moduleExit, `${file} has module_init/module_exit`);
    }
  }
});

test('ranges are 0-based LSP positions and paths are shown as given', async () => {
  const { code, out } = await run(['./kpatch-callbacks.c'], SAMPLES);
  assert.equal(code, 0);
  const [model] = (JSON.parse(out) as { files: FileModel[] }).files;
  assert.equal(model.path, './kpatch-callbacks.c');
  const pre = model.patches[0].objects[0].callbacks.pre_patch;
  assert.ok(pre);
  assert.deepEqual(pre.range.start, { line: 53, character: 0 });
});

test('--patch-name and --kpatch-object apply to every file', async () => {
  const { code, out } = await run([
    'samples/kpatch-callbacks.c',
    '--patch-name',
    'custom',
    '--kpatch-object=xfs',
  ]);
  assert.equal(code, 0);
  const [model] = (JSON.parse(out) as { files: FileModel[] }).files;
  assert.equal(model.patches[0].name, 'custom');
  assert.equal(model.patches[0].objects[0].name, 'xfs');
});

test('a missing file is reported on stderr with exit code 2, without hiding the other results', async () => {
  const { code, out, err } = await run(['no-such-file.c', 'samples/kpatch-callbacks.c']);
  assert.equal(code, 2);
  assert.equal(err, 'klp-callbacks: no-such-file.c: no such file or folder\n');
  const files = (JSON.parse(out) as { files: FileModel[] }).files;
  assert.deepEqual(
    files.map((f) => f.path),
    ['samples/kpatch-callbacks.c'],
  );
});

test('usage errors give exit code 2', async () => {
  assert.equal((await run([])).code, 2);
  const unknown = await run(['--frobnicate', 'samples']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.err, /unknown option '--frobnicate'/);
  assert.equal((await run(['samples', '--patch-name'])).code, 2);
});
