// The mirror harness: generated C extracts back to the user's model, and the simulator traces both alike.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { patchChangesFunctions } from '../../../server/src/core/lifecycle/held-transition';
import { livepatchModulesOf } from '../../../server/src/core/lifecycle/file-modules';
import { parseScenario } from '../../../server/src/core/lifecycle/scenario';
import { simulate } from '../../../server/src/core/lifecycle/simulate';
import { extractFileModel } from '../../../server/src/core/model/extract';
import type { PatchModel } from '../../../server/src/core/model/types';
import { mirrorLivepatchSource } from '../../../server/src/host/verify/mirror-livepatch';
import {
  BUSY_FUNCTION,
  BUSY_MODULE,
  IDLE_FUNCTION,
  targetModuleSource,
} from '../../../server/src/host/verify/mirror-targets';
import { projectedLines } from '../../../server/src/host/verify/trace-lines';
import { engine, SAMPLES } from '../../helpers';

const samples = fs
  .readdirSync(SAMPLES)
  .filter((f) => /\.(c|patch)$/.test(f))
  .sort();

function mirrorOf(patch: PatchModel): string {
  const mirror = mirrorLivepatchSource(patch);
  assert.ok('source' in mirror, 'message' in mirror ? mirror.message : '');
  return mirror.source;
}

/** What the kernel sees of a patch: names, order, callbacks, replace, states (the busy object aside). */
function shape(patch: PatchModel) {
  return {
    changesFunctions: patchChangesFunctions(patch),
    replace: patch.replace,
    states: patch.states?.map((s) => [s.id, s.version]) ?? null,
    objects: patch.objects
      .filter((o) => o.name !== BUSY_MODULE)
      .map((o) => ({
        name: o.name,
        funcsSet: o.funcsSet,
        callbacks: Object.fromEntries(Object.entries(o.callbacks).map(([k, r]) => [k, r.function])),
      })),
  };
}

for (const sample of samples) {
  test(`the mirror of ${sample} has the same objects, callbacks, replace and states`, async () => {
    const parser = await engine();
    const file = path.join(SAMPLES, sample);
    const original = livepatchModulesOf(extractFileModel(parser, file, fs.readFileSync(file, 'utf8')));
    assert.ok(original.length > 0);
    for (const module of original) {
      const source = mirrorOf(module.patch);
      const mirrored = extractFileModel(parser, `${module.patch.name}.c`, source);
      assert.deepEqual(mirrored.problems, []);
      const [patch] = mirrored.patches;
      assert.ok(patch);
      assert.deepEqual(shape(patch), shape(module.patch));
      const scenario = parseScenario(
        ['load m', `load ${module.patch.name}`, 'unload m', 'load m', `disable ${module.patch.name}`].join(
          '\n',
        ),
      ).actions;
      const mirrorModule = {
        path: 'mirror.c',
        patch: { ...patch, name: module.patch.name },
        functions: mirrored.functions,
      };
      assert.deepEqual(
        projectedLines(simulate([mirrorModule], scenario)),
        projectedLines(simulate([module], scenario)),
      );
    }
  });
}

test('callback names that are not safe C identifiers get generated C names but report the registered one', async () => {
  const parser = await engine();
  const source = fs.readFileSync(path.join(SAMPLES, 'livepatch-callbacks-demo.c'), 'utf8');
  const [module] = livepatchModulesOf(extractFileModel(parser, 'demo.c', source));
  assert.ok(module);
  const object = module.patch.objects[0];
  assert.ok(object?.callbacks.pre_patch);
  object.callbacks.pre_patch = { ...object.callbacks.pre_patch, function: 'report' };
  const mirror = mirrorOf(module.patch);
  assert.match(mirror, /static int klpcb_pre_patch_\d+\(struct klp_object \*obj\)/);
  assert.match(mirror, /report_pre_patch\(obj, "report"\)/);
});

test('a patch that changes functions replaces the busy function, a callback-only one the idle function', async () => {
  const parser = await engine();
  const withFuncs = fs.readFileSync(path.join(SAMPLES, 'livepatch-callbacks-demo.c'), 'utf8');
  const [module] = livepatchModulesOf(extractFileModel(parser, 'demo.c', withFuncs));
  assert.ok(module);
  const some = {
    ...module.patch,
    objects: module.patch.objects.map((o) => ({
      ...o,
      funcs: [{ oldName: 'f', newFunc: 'g', range: o.range }],
    })),
  };
  assert.ok(mirrorOf(some).includes(`{ .old_name = "${BUSY_FUNCTION}", .new_func = mirror_busy_wait }`));
  const none = { ...module.patch, objects: module.patch.objects.map((o) => ({ ...o, funcs: [] })) };
  const mirror = mirrorOf(none);
  assert.ok(!mirror.includes(BUSY_FUNCTION));
  assert.ok(mirror.includes('static struct klp_func busy_funcs[2];'));
  assert.ok(mirror.includes(`busy_funcs[0].old_name = "${IDLE_FUNCTION}";`));
});

test('a klp_state id that is not a constant cannot be mirrored', () => {
  const patch: PatchModel = {
    name: 'p',
    source: 'klp_patch',
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    replace: false,
    replaceSetAtRuntime: false,
    objects: [],
    objectsTerminated: true,
    states: [
      {
        id: null,
        idText: 'MY_ID',
        version: 1,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      },
    ],
    statesTerminated: true,
  };
  const mirror = mirrorLivepatchSource(patch);
  assert.ok('message' in mirror);
  assert.match(mirror.message, /MY_ID/);
});

test('a target stand-in prints its init and exit under its own name', () => {
  const source = targetModuleSource('nfsd');
  assert.match(source, /pr_info\("%s: init\\n", KBUILD_MODNAME\)/);
  assert.match(source, /module_exit\(target_exit\)/);
});
