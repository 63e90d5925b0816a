// The Kbuild Makefile forms that decide a translation unit's object, each parsed and resolved through extraction.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractFileModel, type ExtractOptions } from '../../../../server/src/core/model/extract';
import { parseDotConfig, parseKbuild } from '../../../../server/src/core/model/objname/kbuild-parse';
import type { ObjectModel } from '../../../../server/src/core/model/types';
import { engine } from '../../../helpers';
import { macroPatch, memoryTree } from './memory-tree';

async function macroObject(path: string, options: ExtractOptions): Promise<ObjectModel> {
  const model = extractFileModel(await engine(), 'fix.patch', macroPatch(path), options);
  assert.equal(model.patches.length, 1, JSON.stringify(model.problems));
  assert.equal(model.patches[0].objects.length, 1);
  return model.patches[0].objects[0];
}

test('parseKbuild reads obj-y, obj-m, obj-$(CONFIG_X), lib-y and subdirectory descents', () => {
  const file = parseKbuild(
    'obj-y := a.o\nobj-m += b.o\nobj-$(CONFIG_C) += c.o sub/\nlib-y += d.o\nobj-$(CONFIG_E) += $(e-objs)\n',
  );
  assert.deepEqual(
    file.goals.map((g) => `${g.target}:${g.when}:${g.line}`),
    ['a.o:y:1', 'b.o:m:2', 'c.o:CONFIG_C:3', 'sub/:CONFIG_C:3', 'd.o:y:4'],
  );
});

test('parseKbuild reads composites from -y, -objs and -$(CONFIG_X), over continued lines and comments', () => {
  const file = parseKbuild(
    [
      '# comment: foo-y += never.o',
      'foo-y := a.o \\',
      '\tb.o # trailing comment',
      'foo-$(CONFIG_FOO_EXTRA) += c.o',
      'bar-objs = d.o',
      'ccflags-y += -DDEBUG',
      'subdir-y += tools',
    ].join('\n'),
  );
  assert.deepEqual(
    [...file.composites].map(
      ([name, members]) => `${name}=${members.map((m) => `${m.target}:${m.when}`).join(',')}`,
    ),
    ['foo.o=a.o:y,b.o:y,c.o:CONFIG_FOO_EXTRA', 'bar.o=d.o:y'],
  );
  assert.equal(file.goals.length, 0);
});

test('parseDotConfig reads y and m, not unset symbols', () => {
  const config = parseDotConfig('CONFIG_A=y\nCONFIG_B=m\n# CONFIG_C is not set\n');
  assert.deepEqual(
    [...config],
    [
      ['CONFIG_A', 'y'],
      ['CONFIG_B', 'm'],
    ],
  );
});

test('obj-y is built into vmlinux', async () => {
  const tree = memoryTree({ 'drivers/core/Makefile': 'obj-y += bus.o\n' });
  const object = await macroObject('drivers/core/bus.c', { kernelTree: tree });
  assert.equal(object.name, null);
  assert.equal(object.nameOrigin?.kind, 'kbuild');
  assert.match(object.nameOrigin?.detail ?? '', /drivers\/core\/Makefile: obj-y \+= bus\.o \(line 1\)/);
});

test('lib-y is built into vmlinux', async () => {
  const tree = memoryTree({ 'lib/Makefile': 'lib-y += sort.o\n' });
  const object = await macroObject('lib/sort.c', { kernelTree: tree });
  assert.deepEqual([object.name, object.nameOrigin?.kind], [null, 'kbuild']);
});

test('obj-m is a module named after the object', async () => {
  const tree = memoryTree({ 'drivers/input/misc/Makefile': 'obj-m += pc-spkr.o\n' });
  const object = await macroObject('drivers/input/misc/pc-spkr.c', { kernelTree: tree });
  assert.deepEqual([object.name, object.nameOrigin?.kind], ['pc_spkr', 'kbuild']);
});

test('obj-$(CONFIG_X) is a module candidate without a .config, and follows the .config when there is one', async () => {
  const makefile = { 'drivers/input/Makefile': 'obj-$(CONFIG_INPUT_JOYDEV) += joydev.o\n' };
  const unknown = await macroObject('drivers/input/joydev.c', { kernelTree: memoryTree(makefile) });
  assert.deepEqual([unknown.name, unknown.nameOrigin?.kind], ['joydev', 'kbuild']);
  assert.match(unknown.nameOrigin?.detail ?? '', /no \.config says whether CONFIG_INPUT_JOYDEV is y or m/);
  const builtIn = memoryTree({ ...makefile, '.config': 'CONFIG_INPUT_JOYDEV=y\n' });
  assert.equal((await macroObject('drivers/input/joydev.c', { kernelTree: builtIn })).name, null);
  const module = memoryTree({ ...makefile, '.config': 'CONFIG_INPUT_JOYDEV=m\n' });
  assert.equal((await macroObject('drivers/input/joydev.c', { kernelTree: module })).name, 'joydev');
});

test('obj-$(CONFIG_X) in a core folder without a .config is guessed built in, and says so', async () => {
  const tree = memoryTree({ 'fs/Makefile': 'obj-$(CONFIG_AIO) += aio.o\n' });
  const object = await macroObject('fs/aio.c', { kernelTree: tree });
  assert.deepEqual([object.name, object.nameOrigin?.kind], [null, 'guess']);
  assert.match(object.nameOrigin?.detail ?? '', /fs\/Makefile: obj-\$\(CONFIG_AIO\) \+= aio\.o/);
});

test('a multi-file module (foo-y, foo-objs, foo-$(CONFIG_X)) is named after the composite', async () => {
  const tree = memoryTree({
    'fs/ext4/Makefile': 'obj-m += ext4.o\next4-y := super.o\next4-$(CONFIG_EXT4_ACL) += acl.o\n',
    'drivers/snd/Makefile': 'obj-m += snd-card.o\nsnd-card-objs := card_main.o\n',
  });
  for (const [path, name] of [
    ['fs/ext4/super.c', 'ext4'],
    ['fs/ext4/acl.c', 'ext4'],
    ['drivers/snd/card_main.c', 'snd_card'],
  ]) {
    const object = await macroObject(path, { kernelTree: tree });
    assert.deepEqual([object.name, object.nameOrigin?.kind], [name, 'kbuild'], path);
  }
});

test('a member listed by a parent folder (foo-y += sub/a.o) is found there', async () => {
  const tree = memoryTree({ 'drivers/gpu/Makefile': 'obj-m += gpu.o\ngpu-y := core.o display/dc.o\n' });
  const object = await macroObject('drivers/gpu/display/dc.c', { kernelTree: tree });
  assert.deepEqual([object.name, object.nameOrigin?.kind], ['gpu', 'kbuild']);
});

test('a subdirectory descent (obj-$(CONFIG_X) += dir/) names no object: the own Makefile of the folder does', async () => {
  const tree = memoryTree({
    'drivers/Makefile': 'obj-$(CONFIG_WIDGET) += widget/\n',
    'drivers/widget/Makefile': 'obj-y += widget.o\n',
  });
  assert.deepEqual((await macroObject('drivers/widget/widget.c', { kernelTree: tree })).name, null);
  // The descent alone says nothing about `other.c`: the path guess decides, and says it guessed.
  const guessed = await macroObject('drivers/widget/other.c', { kernelTree: tree });
  assert.deepEqual([guessed.name, guessed.nameOrigin?.kind], ['other', 'guess']);
});

test('a Kbuild file is read before the Makefile of the same folder', async () => {
  const tree = memoryTree({
    'fs/xfs/Kbuild': 'obj-m += xfs.o\nxfs-y := xfs_super.o\n',
    'fs/xfs/Makefile': 'obj-y += xfs_super.o\n',
  });
  const object = await macroObject('fs/xfs/xfs_super.c', { kernelTree: tree });
  assert.equal(object.name, 'xfs');
  assert.match(object.nameOrigin?.detail ?? '', /^fs\/xfs\/Kbuild:/);
});

test('KLP_ macros get the same object as KPATCH_ ones', async () => {
  const tree = memoryTree({ 'drivers/input/misc/Makefile': 'obj-m += pcspkr.o\n' });
  const text = macroPatch('drivers/input/misc/pcspkr.c', 'KLP');
  const model = extractFileModel(await engine(), 'fix.patch', text, { kernelTree: tree });
  assert.equal(model.patches[0].source, 'klp-build-macros');
  assert.equal(model.patches[0].objects[0].name, 'pcspkr');
});

test('broken Makefiles never throw: unreadable lines are skipped', async () => {
  const tree = memoryTree({ 'drivers/x/Makefile': 'obj-$(CONFIG_ += \\\n\tifeq (\nobj-m += \n+= x.o\n' });
  const object = await macroObject('drivers/x/x.c', { kernelTree: tree });
  assert.deepEqual([object.name, object.nameOrigin?.kind], ['x', 'guess']);
});

test('a standalone .c file is resolved like a patched one inside a kernel tree, and is vmlinux outside', async () => {
  const tree = memoryTree({ 'drivers/input/misc/Makefile': 'obj-m += pcspkr.o\n' }, '/src/linux');
  const text = 'KLP_POST_PATCH_CALLBACK(fix_post_patch);\n';
  const loaded = await engine();
  const inside = extractFileModel(loaded, '/src/linux/drivers/input/misc/pcspkr.c', text, {
    kernelTree: tree,
  });
  assert.deepEqual(
    [inside.patches[0].objects[0].name, inside.patches[0].objects[0].nameOrigin?.kind],
    ['pcspkr', 'kbuild'],
  );
  const outside = extractFileModel(loaded, '/home/me/fix/drivers/input/misc/pcspkr.c', text, {
    kernelTree: tree,
  });
  assert.deepEqual(
    [outside.patches[0].objects[0].name, outside.patches[0].objects[0].nameOrigin?.kind],
    [null, 'default'],
  );
});
