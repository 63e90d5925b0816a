// The launchers' code cache: a bundle loads as require would, its cache is written once and used, and an unsafe or stale one is not.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { CACHES_PER_BUNDLE, cacheFolder, loadWithCodeCache } from '../../server/src/host/code-cache';
import { CODE_CACHE_ENV } from '../../server/src/host/code-cache-env';
import { REPO_ROOT } from '../helpers';

interface Exports {
  answer(): number;
  where(): { filename: string; dirname: string; isMain: boolean; sibling: string };
  dynamic(): Promise<string>;
}

/** A bundle of our own in a fresh folder, and a cache folder beside it. */
function fixture(answer = 42): { bundle: string; env: NodeJS.ProcessEnv } {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'klp-code-cache-test-'));
  fs.writeFileSync(path.join(folder, 'sibling.js'), 'module.exports = "beside the bundle";\n');
  const bundle = path.join(folder, 'bundle.js');
  fs.writeFileSync(
    bundle,
    [
      `exports.answer = () => ${answer};`,
      'exports.where = () => ({ filename: __filename, dirname: __dirname, isMain: require.main === module,',
      "  sibling: require('./sibling.js') });",
      "exports.dynamic = async () => (await import('node:path')).basename('/a/b.c');",
      '',
    ].join('\n'),
  );
  return { bundle, env: { [CODE_CACHE_ENV]: path.join(folder, 'cache') } };
}

/**
 * Loads `bundle` in a new Node process, as a launcher does (V8 would reuse this process's own
 * compilation of the same source and never look at the cache), and says what the cache did.
 */
function loadInChild(
  bundle: string,
  env: NodeJS.ProcessEnv,
): { state: string; file?: string; answer: number } {
  const loader = path.join(REPO_ROOT, 'server', 'src', 'host', 'code-cache.ts');
  const script = [
    `const { loadWithCodeCache } = require(${JSON.stringify(loader)});`,
    `const loaded = loadWithCodeCache(${JSON.stringify(bundle)});`,
    'console.log(JSON.stringify({ ...loaded.status, answer: loaded.exports.answer() }));',
  ].join('\n');
  const output = execFileSync(process.execPath, ['--import', 'tsx', '--eval', script], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  return JSON.parse(output) as { state: string; file?: string; answer: number };
}

test('a bundle loads as require would load it: its own names, its folder, import() through Node', async () => {
  const { bundle, env } = fixture();
  const loaded = loadWithCodeCache<Exports>(bundle, env);
  assert.equal(loaded.exports.answer(), 42);
  assert.deepEqual(loaded.exports.where(), {
    filename: bundle,
    dirname: path.dirname(bundle),
    isMain: false,
    sibling: 'beside the bundle',
  });
  assert.equal(await loaded.exports.dynamic(), 'b.c');
});

test('the first start writes the cache as it exits, the next one uses it', () => {
  const { bundle, env } = fixture();
  const first = loadInChild(bundle, env);
  assert.equal(first.state, 'absent');
  assert.ok(first.file && fs.existsSync(first.file));
  assert.equal(fs.statSync(first.file).mode & 0o777, 0o600);
  assert.deepEqual(loadInChild(bundle, env), { ...first, state: 'accepted' });
});

test('another bundle of the same length gets its own cache file (V8 checks only the length)', () => {
  const { bundle, env } = fixture(42);
  const first = loadInChild(bundle, env);
  fs.writeFileSync(bundle, fs.readFileSync(bundle, 'utf8').replace('=> 42', '=> 43'));
  const changed = loadInChild(bundle, env);
  assert.equal(changed.state, 'absent');
  assert.notEqual(changed.file, first.file);
  assert.equal(changed.answer, 43);
});

test('a corrupt cache is rejected, the bundle still runs, and the cache is written again', () => {
  const { bundle, env } = fixture();
  const { file } = loadInChild(bundle, env);
  assert.ok(file);
  fs.writeFileSync(file, Buffer.from('not bytecode at all'));
  assert.deepEqual(loadInChild(bundle, env), { file, state: 'rejected', answer: 42 });
  assert.equal(loadInChild(bundle, env).state, 'accepted');
});

test('off, or a folder others may write to: no cache is read or written', () => {
  const { bundle, env } = fixture();
  for (const value of ['off', '']) {
    const loaded = loadWithCodeCache<Exports>(bundle, { [CODE_CACHE_ENV]: value });
    assert.deepEqual(loaded.status, { file: undefined, state: 'off' });
    assert.equal(loaded.exports.answer(), 42);
  }
  const folder = env[CODE_CACHE_ENV];
  assert.ok(folder);
  fs.mkdirSync(folder, { recursive: true });
  fs.chmodSync(folder, 0o777);
  assert.equal(cacheFolder(env), undefined);
  assert.equal(loadWithCodeCache<Exports>(bundle, env).status.state, 'off');
  fs.chmodSync(folder, 0o700);
  assert.equal(cacheFolder(env), folder);
  // A symbolic link is not a folder of ours, wherever it points.
  const link = `${folder}-link`;
  fs.symlinkSync(folder, link);
  assert.equal(cacheFolder({ [CODE_CACHE_ENV]: link }), undefined);
});

test('each bundle keeps its newest caches only, whatever the other bundles have', () => {
  const { bundle, env } = fixture();
  const folder = env[CODE_CACHE_ENV];
  assert.ok(folder);
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  // Caches of earlier builds of this bundle, oldest first, and one of another bundle.
  const old = Array.from({ length: 6 }, (_, i) =>
    path.join(folder, `bundle-${String(i).padStart(24, '0')}.cache`),
  );
  old.forEach((file, i) => {
    fs.writeFileSync(file, 'stale');
    fs.utimesSync(file, 1000 + i, 1000 + i);
  });
  const other = path.join(folder, `server-${'f'.repeat(24)}.cache`);
  fs.writeFileSync(other, 'another bundle');
  fs.utimesSync(other, 1, 1);
  const { file } = loadInChild(bundle, env);
  const left = fs.readdirSync(folder).sort();
  assert.ok(file && left.includes(path.basename(file)));
  assert.deepEqual(
    left.filter((name) => name.startsWith('bundle-')).length,
    CACHES_PER_BUNDLE,
    `kept: ${left.join(', ')}`,
  );
  // The newest stale ones stay, the oldest go; another bundle's cache is not this bundle's to prune.
  assert.ok(left.includes(path.basename(old[5])) && !left.includes(path.basename(old[0])));
  assert.ok(left.includes(path.basename(other)));
});
