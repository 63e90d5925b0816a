// The web worker's stand-ins for node:path and node:url behave as Node's POSIX versions on the paths the server uses.
import * as assert from 'node:assert/strict';
import * as nodePath from 'node:path';
import * as nodeUrl from 'node:url';
import { test } from 'node:test';
import * as fsShim from '../../server/src/web/shims/fs';
import * as pathShim from '../../server/src/web/shims/path';
import * as urlShim from '../../server/src/web/shims/url';

const PATHS = [
  '/a/b/c.c',
  '/a/b/../c/./d.h',
  'a/b',
  '../x/y',
  '/',
  '.',
  '',
  '/a//b/',
  'a/../../b',
  '/linux/drivers/input/joydev.c',
];
const posix = nodePath.posix;

test('path: join, normalize, dirname, basename, extname, isAbsolute match node:path.posix', () => {
  for (const p of PATHS) {
    if (p !== '') {
      assert.equal(pathShim.normalize(p), posix.normalize(p).replace(/(.)\/$/, '$1'), `normalize ${p}`);
      assert.equal(
        pathShim.dirname(p),
        posix.dirname(posix.normalize(p).replace(/(.)\/$/, '$1')),
        `dirname ${p}`,
      );
    }
    assert.equal(pathShim.basename(p), posix.basename(p), `basename ${p}`);
    assert.equal(pathShim.extname(p), posix.extname(p), `extname ${p}`);
    assert.equal(pathShim.isAbsolute(p), posix.isAbsolute(p), `isAbsolute ${p}`);
  }
  assert.equal(pathShim.basename('/a/b.scm', '.scm'), 'b');
  assert.equal(pathShim.join('/a', 'b', '../c', 'd.c'), posix.join('/a', 'b', '../c', 'd.c'));
  assert.equal(pathShim.join('a', '', 'b'), posix.join('a', '', 'b'));
});

test('path: resolve and relative match node:path.posix from the root folder', () => {
  assert.equal(pathShim.resolve('/a/b', '../c'), posix.resolve('/a/b', '../c'));
  assert.equal(pathShim.resolve('/a', '/x', 'y'), posix.resolve('/a', '/x', 'y'));
  assert.equal(pathShim.resolve('x/y'), '/x/y');
  for (const [from, to] of [
    ['/linux', '/linux/drivers/a.c'],
    ['/linux/fs', '/linux/drivers/a.c'],
    ['/a', '/a'],
    ['/a/b/c', '/a'],
  ]) {
    assert.equal(pathShim.relative(from, to), posix.relative(from, to), `${from} → ${to}`);
  }
});

test('url: file URIs to paths and back as node:url does, other schemes refused', () => {
  for (const p of ['/work/a b/c.c', '/x/100%/y#z?.c', '/ünï/cödé.c']) {
    assert.equal(urlShim.pathToFileURL(p).href, nodeUrl.pathToFileURL(p).href, p);
    assert.equal(urlShim.fileURLToPath(nodeUrl.pathToFileURL(p).href), p);
  }
  assert.throws(() => urlShim.fileURLToPath('vscode-vfs://github/x/a.c'), TypeError);
});

test('fs: no file exists and every read fails as a missing file', () => {
  assert.equal(fsShim.existsSync(), false);
  assert.throws(
    () => fsShim.readFileSync('/a.c'),
    (error: Error & { code?: string }) => error.code === 'ENOENT',
  );
  assert.throws(() => fsShim.statSync('/a'), /ENOENT/);
});
