// Every entry of the path-guess table, exercised through extraction of a patch that changes such a file.
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractFileModel } from '../../../../server/src/core/model/extract';
import { PATH_GUESSES } from '../../../../server/src/core/model/objname/path-guess';
import { compileGlob, matchUserGlob } from '../../../../server/src/core/model/objname/glob';
import { engine } from '../../../helpers';
import { macroPatch } from './memory-tree';

/** For each table glob: a file it is for, and the object kpatch-build gives that file in a usual build. */
const EXAMPLES: Record<string, [path: string, object: string | null][]> = {
  'arch/*/kvm/vmx/**/*.c': [['arch/x86/kvm/vmx/nested.c', 'kvm_intel']],
  'arch/*/kvm/svm/**/*.c': [['arch/x86/kvm/svm/svm.c', 'kvm_amd']],
  'arch/*/kvm/**/*.c': [['arch/x86/kvm/x86.c', 'kvm']],
  'virt/kvm/**/*.c': [['virt/kvm/kvm_main.c', 'kvm']],
  'arch/**/*.c': [['arch/x86/kernel/process.c', null]],
  '{kernel,mm,init,ipc,block,lib,security,io_uring}/**/*.c': [
    ['kernel/fork.c', null],
    ['mm/vmscan.c', null],
    ['init/main.c', null],
    ['ipc/msg.c', null],
    ['block/blk-core.c', null],
    ['lib/string.c', null],
    ['security/selinux/hooks.c', null],
    ['io_uring/io_uring.c', null],
  ],
  'fs/*.c': [['fs/aio.c', null]],
  'fs/{proc,sysfs,kernfs,debugfs,tracefs,ramfs,devpts,notify,iomap,crypto,verity,hugetlbfs,quota}/**/*.c': [
    ['fs/proc/cmdline.c', null],
    ['fs/notify/inotify/inotify_user.c', null],
  ],
  'fs/overlayfs/**/*.c': [['fs/overlayfs/super.c', 'overlay']],
  'fs/smb/client/**/*.c': [['fs/smb/client/connect.c', 'cifs']],
  'fs/*/**/*.c': [
    ['fs/ext4/super.c', 'ext4'],
    ['fs/nfsd/nfs4proc.c', 'nfsd'],
  ],
  'net/{core,ipv4,unix,ethernet,netlink,packet}/**/*.c': [['net/ipv4/tcp.c', null]],
  'net/*.c': [['net/socket.c', null]],
  'net/netfilter/**/*.c': [['net/netfilter/xt_LOG.c', 'xt_LOG']],
  'net/sched/**/*.c': [['net/sched/sch_fq_codel.c', 'sch_fq_codel']],
  'net/*/**/*.c': [['net/sunrpc/sched.c', 'sunrpc']],
  'drivers/{base,tty,pci}/**/*.c': [['drivers/tty/tty_io.c', null]],
  'drivers/char/{mem,random,misc}.c': [['drivers/char/random.c', null]],
  'drivers/**/*.c': [
    ['drivers/input/joydev.c', 'joydev'],
    ['drivers/input/misc/pcspkr.c', 'pcspkr'],
    ['drivers/block/null_blk-main.c', 'null_blk_main'],
  ],
  'sound/**/*.c': [['sound/core/pcm.c', 'snd_pcm']],
};

test('every path-guess entry has examples here', () => {
  assert.deepEqual(
    PATH_GUESSES.map((entry) => entry.glob),
    Object.keys(EXAMPLES),
  );
});

for (const entry of PATH_GUESSES) {
  test(`path guess ${entry.glob}`, async () => {
    for (const [path, expected] of EXAMPLES[entry.glob] ?? []) {
      const model = extractFileModel(await engine(), 'fix.patch', macroPatch(path));
      const object = model.patches[0]?.objects[0];
      assert.equal(object?.name, expected, path);
      assert.equal(object?.nameOrigin?.kind, 'guess', path);
      assert.ok(
        object?.nameOrigin?.detail.includes(`(${entry.glob})`),
        `${path}: ${object?.nameOrigin?.detail}`,
      );
    }
  });
}

test('a file no entry covers is vmlinux by default, and says so', async () => {
  const model = extractFileModel(await engine(), 'fix.patch', macroPatch('crypto/api.c'));
  assert.deepEqual(model.patches[0].objects[0].nameOrigin?.kind, 'default');
  assert.equal(model.patches[0].objects[0].name, null);
});

test('a header is not a translation unit: no guess', async () => {
  const model = extractFileModel(await engine(), 'fix.patch', macroPatch('drivers/input/joydev.h'));
  assert.deepEqual(model.patches[0].objects[0].nameOrigin?.kind, 'default');
});

test('globs: * is one segment and captured, ** any depth, {a,b} alternatives', () => {
  assert.deepEqual(compileGlob('drivers/**/*.c').match('drivers/a/b/c.c'), ['c']);
  assert.deepEqual(compileGlob('drivers/**/*.c').match('drivers/c.c'), ['c']);
  assert.equal(compileGlob('fs/*.c').match('fs/ext4/super.c'), null);
  assert.deepEqual(compileGlob('{mm,kernel}/?.c').match('mm/a.c'), []);
  assert.equal(compileGlob('a.c').match('abc'), null);
});

test('user globs match at any folder depth unless they start with /', () => {
  assert.ok(matchUserGlob('input/joydev.c', '/home/me/linux/drivers/input/joydev.c'));
  assert.ok(matchUserGlob('joydev.c', 'drivers\\input\\joydev.c'));
  assert.equal(matchUserGlob('/input/joydev.c', 'drivers/input/joydev.c'), null);
  assert.ok(matchUserGlob('/drivers/input/*.c', 'drivers/input/joydev.c'));
});

test('half-typed globs compile: unclosed and nested braces, stray brackets and parentheses', () => {
  assert.deepEqual(compileGlob('fs/{ext4,xfs').match('fs/xfs'), []);
  assert.deepEqual(compileGlob('{a,{b,c}}.c').match('c.c'), []);
  assert.deepEqual(compileGlob('a}[(.c').match('a}[(.c'), []);
  assert.equal(matchUserGlob('drivers/{input', 'drivers/net/x.c'), null);
});
