// Several `struct klp_patch` in one file: each becomes a module of its own name, so the file can be traced.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { livepatchModulesOf } from '../../../server/src/core/lifecycle/file-modules';
import { extractFileModel } from '../../../server/src/core/model/extract';
import { engine } from '../../helpers';

const OBJECTS = `
static struct klp_func funcs[] = { { .old_name = "f", .new_func = f_fixed }, { } };
static struct klp_object objs_a[] = { { .funcs = funcs }, { } };
static struct klp_object objs_b[] = { { .funcs = funcs }, { } };
`;

test('one patch keeps the file name', async () => {
  const source = `${OBJECTS.replace(/.*objs_b.*\n/, '')}static struct klp_patch only = { .mod = THIS_MODULE, .objs = objs_a };\n`;
  const model = extractFileModel(await engine(), 'one-fix.c', source);
  assert.deepEqual(
    livepatchModulesOf(model).map((m) => m.patch.name),
    ['one_fix'],
  );
});

test('several patches: the first keeps the name, the others are named after their variable', async () => {
  const source = `${OBJECTS}static struct klp_patch first = { .mod = THIS_MODULE, .objs = objs_a };
static struct klp_patch second = { .mod = THIS_MODULE, .objs = objs_b };\n`;
  const model = extractFileModel(await engine(), 'two-fixes.c', source);
  assert.deepEqual(
    livepatchModulesOf(model).map((m) => m.patch.name),
    ['two_fixes', 'two_fixes_second'],
  );
  // The model itself is untouched: extract and the rules still see the module's name.
  assert.deepEqual(
    model.patches.map((p) => p.name),
    ['two_fixes', 'two_fixes'],
  );
});

test('several patches: the one the file enables keeps the name', async () => {
  const source = `${OBJECTS}static struct klp_patch spare = { .mod = THIS_MODULE, .objs = objs_a };
static struct klp_patch live = { .mod = THIS_MODULE, .objs = objs_b };
static int fix_init(void) { return klp_enable_patch(&live); }\n`;
  const model = extractFileModel(await engine(), 'fix.c', source);
  assert.deepEqual(
    livepatchModulesOf(model).map((m) => [m.patch.variable, m.patch.name]),
    [
      ['spare', 'fix_spare'],
      ['live', 'fix'],
    ],
  );
});

test('a klp_patch declared without an initialiser is no second patch, even when the file enables it', async () => {
  const source = `${OBJECTS.replace(/.*objs_b.*\n/, '')}static struct klp_patch elsewhere;
static struct klp_patch real = { .mod = THIS_MODULE, .objs = objs_a };
static int enable_other(void) { return klp_enable_patch(&elsewhere); }
static int init(void) { return klp_enable_patch(&real); }
`;
  const model = extractFileModel(await engine(), 'declared-fix.c', source);
  assert.deepEqual(
    model.patches.map((p) => p.variable),
    ['real'],
  );
  assert.deepEqual(
    livepatchModulesOf(model).map((m) => m.patch.name),
    ['declared_fix'],
  );
});

test('a declared klp_patch whose members are assigned at run time is still a patch', async () => {
  const source = `${OBJECTS}static struct klp_patch built;
static struct klp_patch real = { .mod = THIS_MODULE, .objs = objs_a };
static int init(void) { built.objs = objs_b; return klp_enable_patch(&real); }
`;
  const model = extractFileModel(await engine(), 'runtime-fix.c', source);
  assert.deepEqual(
    model.patches.map((p) => p.variable),
    ['built', 'real'],
  );
});

test('a patch named like its own target module is named livepatch_<name>, as kpatch-build does', async () => {
  const source = `static struct klp_func funcs[] = { { .old_name = "f", .new_func = f_fixed }, { } };
static struct klp_object objs[] = { { .name = "fixdemo", .funcs = funcs }, { } };
static struct klp_patch patch = { .mod = THIS_MODULE, .objs = objs };\n`;
  const model = extractFileModel(await engine(), 'fixdemo.c', source);
  assert.deepEqual(
    livepatchModulesOf(model).map((m) => m.patch.name),
    ['livepatch_fixdemo'],
  );
  const other = extractFileModel(await engine(), 'other.c', source);
  assert.deepEqual(
    livepatchModulesOf(other).map((m) => m.patch.name),
    ['other'],
  );
});
