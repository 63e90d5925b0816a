// The .vsix as `npm run package` builds it (offline): the extension page, its images, the rule docs and the bundles, nothing else.
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { ALL_RULES } from '../../server/src/core/rules/index';
import { REPO_ROOT } from '../helpers';

const built = fs.existsSync(path.join(REPO_ROOT, 'dist', 'extension.js'));
const hasUnzip = spawnSync('unzip', ['-v']).status === 0;
const skip = !built ? 'not built: run npm run build first' : !hasUnzip ? 'unzip is not installed' : false;

let temp = '';
let vsix = '';
let entries: string[] = [];

function read(entry: string): Buffer {
  return execFileSync('unzip', ['-p', vsix, entry], { maxBuffer: 64 * 1024 * 1024 });
}

before(() => {
  if (skip) return;
  temp = fs.mkdtempSync(path.join(os.tmpdir(), 'klp-vsix-'));
  vsix = path.join(temp, 'klp-callbacks.vsix');
  // The package script's own options, with the output redirected away from the e2e run's .vsix.
  execFileSync('npm', ['run', '--silent', 'package', '--', '-o', vsix], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  entries = execFileSync('unzip', ['-Z1', vsix], { encoding: 'utf8' }).trim().split('\n');
});

after(() => {
  if (temp) fs.rmSync(temp, { recursive: true, force: true });
});

test(
  'the extension page is EXTENSION.md with every image it shows, the changelog and the icon',
  { skip },
  () => {
    const page = fs.readFileSync(path.join(REPO_ROOT, 'EXTENSION.md'), 'utf8');
    assert.equal(read('extension/readme.md').toString('utf8'), page);
    assert.ok(entries.includes('extension/changelog.md'));
    const images = [...page.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
    assert.ok(images.length >= 4, `images: ${images.join(', ')}`);
    for (const image of images) {
      assert.ok(!/^[a-z]+:/.test(image), `${image}: shown from the package, not the network`);
      assert.ok(entries.includes(`extension/${image}`), `${image} is missing from the .vsix`);
    }
    const icon = read('extension/images/icon.png');
    assert.equal(icon.subarray(1, 4).toString('latin1'), 'PNG');
    assert.deepEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128]);
    const manifest = read('extension.vsixmanifest').toString('utf8');
    assert.match(manifest, /<Icon>extension\/images\/icon\.png<\/Icon>/);
    assert.match(manifest, /Linters/);
    assert.match(manifest, /livepatch/);
  },
);

test(
  'the rule docs, the settings schema and the bundles are in; sources, tests and the dev README are not',
  { skip },
  () => {
    for (const rule of ALL_RULES) assert.ok(entries.includes(`extension/docs/rules/${rule.id}.md`), rule.id);
    for (const file of [
      'dist/extension.js',
      'dist/server.js',
      // "Verify on a real kernel": the child process the server forks.
      'dist/verify-worker.js',
      'dist/webview/main.js',
      'grammars/tree-sitter-c.wasm',
    ]) {
      assert.ok(entries.includes(`extension/${file}`), file);
    }
    const manifest = JSON.parse(read('extension/package.json').toString('utf8')) as {
      contributes: {
        configuration: { properties: Record<string, { properties?: Record<string, unknown> }> };
      };
    };
    assert.deepEqual(
      Object.keys(manifest.contributes.configuration.properties['klpCallbacks.rules'].properties ?? {}),
      ALL_RULES.map((rule) => rule.id),
    );
    const unwanted = entries.filter((e) =>
      /^extension\/(server|client|test|scripts|samples|node_modules)\/|\.map$|\.ts$/.test(e),
    );
    assert.deepEqual(unwanted, []);
  },
);
