// The npm package as users get it: `npm pack`, installed offline into a fresh prefix, run outside the clone.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT, SAMPLES } from '../helpers';
import { startServer } from '../lsp/lsp-client';

const npm = spawnSync('npm', ['--version'], { encoding: 'utf8' });
const built = fs.existsSync(path.join(REPO_ROOT, 'dist', 'cli.js'));
const skip =
  npm.status !== 0 ? 'npm is not installed' : !built ? 'not built: run npm run build first' : false;

let temp = '';
let tarball = '';
let prefix = '';
let work = '';

function bin(name: string): string {
  return path.join(prefix, 'bin', name);
}

before(() => {
  if (skip) return;
  temp = fs.mkdtempSync(path.join(os.tmpdir(), 'klp-package-'));
  // --ignore-scripts: pack what the build made; `prepare` would re-bundle under the other tests' feet.
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', temp], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  ) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(temp, packed[0].filename);
  prefix = path.join(temp, 'prefix');
  // Offline: the package has no runtime dependencies, so nothing may need the registry.
  execFileSync(
    'npm',
    [
      'install',
      '--global',
      '--prefix',
      prefix,
      '--offline',
      '--no-audit',
      '--no-fund',
      '--cache',
      path.join(temp, 'cache'),
      tarball,
    ],
    { cwd: temp, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  work = path.join(temp, 'work');
  fs.cpSync(SAMPLES, path.join(work, 'samples'), { recursive: true });
});

after(() => {
  if (temp) fs.rmSync(temp, { recursive: true, force: true });
});

test(
  'the tarball holds the bundles, launchers, grammar and docs, and no sources, tests or maps',
  { skip },
  () => {
    const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((entry) => entry.replace(/^package\//, ''));
    for (const file of [
      'package.json',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      'bin/klp-callbacks.js',
      'bin/klp-callbacks-ls.js',
      'dist/cli.js',
      // check's worker threads: without it `check` silently falls back to one thread.
      'dist/check-worker.js',
      'dist/server.js',
      'grammars/tree-sitter-c.wasm',
      'grammars/web-tree-sitter.wasm',
      'docs/rules/asymmetric-pair.md',
    ]) {
      assert.ok(listing.includes(file), `${file} is missing from the tarball`);
    }
    assert.ok(listing.some((f) => f.startsWith('grammars/queries/c/') && f.endsWith('.scm')));
    const unwanted = listing.filter((f) =>
      /^(server|client|test|scripts|samples|tools|node_modules)\/|\.map$|\.ts$/.test(f),
    );
    assert.deepEqual(unwanted, []);
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    assert.equal(manifest.dependencies, undefined, 'the bundles need no runtime dependency');
    assert.equal(manifest.private, undefined);
  },
);

test('the installed klp-callbacks checks the samples outside the clone as the clone does', { skip }, () => {
  const installed = spawnSync(bin('klp-callbacks'), ['check', 'samples'], { cwd: work, encoding: 'utf8' });
  assert.equal(installed.status, 1, installed.stderr);
  assert.match(installed.stdout, /\[asymmetric-pair\]/);
  const clone = spawnSync(
    process.execPath,
    [path.join(REPO_ROOT, 'bin', 'klp-callbacks.js'), 'check', 'samples'],
    {
      cwd: work,
      encoding: 'utf8',
    },
  );
  assert.equal(installed.stdout, clone.stdout);
  const clean = spawnSync(bin('klp-callbacks'), ['check', 'samples/livepatch-callbacks-demo.c'], {
    cwd: work,
    encoding: 'utf8',
  });
  assert.equal(clean.status, 0, clean.stdout + clean.stderr);
  const version = spawnSync(bin('klp-callbacks-ls'), ['--version'], { cwd: work, encoding: 'utf8' });
  assert.match(version.stdout, /\d+\.\d+\.\d+/);
});

test(
  'the installed klp-callbacks-ls answers initialize, publishes diagnostics and shuts down cleanly',
  { skip },
  async () => {
    const session = startServer([bin('klp-callbacks-ls')], work);
    try {
      const result = (await session.connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: null,
        capabilities: {},
      })) as { capabilities: { hoverProvider?: boolean }; serverInfo?: { name: string } };
      assert.equal(result.serverInfo?.name, 'klp-callbacks-ls');
      assert.equal(result.capabilities.hoverProvider, true);
      await session.connection.sendNotification('initialized', {});
      const file = path.join(work, 'samples', 'buggy', 'leaky-probe.c');
      const uri = pathToFileURL(file).href;
      await session.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'c', version: 1, text: fs.readFileSync(file, 'utf8') },
      });
      const published = await session.diagnostics(uri, (p) => p.diagnostics.length > 0);
      assert.ok(published.diagnostics.every((d) => d.source === 'klp-callbacks'));
    } finally {
      await session.close();
    }
    assert.equal(session.exitCode(), 0, session.stderr());
    assert.equal(session.stderr(), '');
  },
);
