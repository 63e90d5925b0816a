// Neovim (Debian's 0.7) drives the bundled server headless: diagnostics, hover, definition and a quick fix applied.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { FIXTURES, REPO_ROOT } from '../helpers';

interface NeovimResults {
  steps: string[];
  error?: string;
  diagnostics?: { line: number; code: string; message: string; source: string }[];
  hover?: string;
  definition?: { uri: string; range: { start: { line: number } } }[];
  actions?: string[];
  applied?: string;
  after?: { code: string }[];
  lines?: string[];
}

const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const missing =
  nvim.error || nvim.status !== 0
    ? 'nvim is not installed (apt-get install neovim; .ci/run installs it): the Neovim test is skipped'
    : false;
if (missing) console.log(`# ${missing}`);

test(
  'Neovim: diagnostics, hover, definition and a quick fix from klp-callbacks-ls',
  { skip: missing },
  () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'klp-nvim-'));
    try {
      const file = path.join(folder, 'ring-buffer.c');
      fs.copyFileSync(path.join(FIXTURES, 'neovim', 'ring-buffer.c'), file);
      const out = path.join(folder, 'results.json');
      const run = spawnSync(
        'nvim',
        [
          '--headless',
          '-u',
          'NONE',
          '-i',
          'NONE',
          '-n',
          '-c',
          `luafile ${path.join(REPO_ROOT, 'test', 'neovim', 'lsp-check.lua')}`,
        ],
        {
          cwd: folder,
          encoding: 'utf8',
          timeout: 100_000,
          env: {
            ...process.env,
            KLP_LS: path.join(REPO_ROOT, 'bin', 'klp-callbacks-ls.js'),
            KLP_NODE: process.execPath,
            KLP_FILE: file,
            KLP_OUT: out,
            // A fresh Neovim state: no user config, plugins or LSP log in the user's home.
            XDG_CONFIG_HOME: path.join(folder, 'config'),
            XDG_DATA_HOME: path.join(folder, 'data'),
            XDG_STATE_HOME: path.join(folder, 'state'),
            XDG_CACHE_HOME: path.join(folder, 'cache'),
          },
        },
      );
      assert.ok(
        fs.existsSync(out),
        `nvim wrote no results (status ${run.status}): ${run.stderr}${run.stdout}`,
      );
      const results = JSON.parse(fs.readFileSync(out, 'utf8')) as NeovimResults;
      assert.equal(
        results.error,
        undefined,
        `failed after steps ${results.steps.join(', ')}: ${results.error}`,
      );

      const text = fs.readFileSync(file, 'utf8').split('\n');
      const registration = text.findIndex((l) => l.includes('.post_patch = ring_post_patch'));
      const asymmetric = results.diagnostics?.find((d) => d.code === 'asymmetric-pair');
      assert.ok(asymmetric, JSON.stringify(results.diagnostics));
      assert.equal(asymmetric.line, registration);
      assert.equal(asymmetric.source, 'klp-callbacks');
      assert.match(asymmetric.message, /post_patch 'ring_post_patch' has no pre_unpatch counterpart/);

      assert.match(results.hover ?? '', /\*\*post_patch\*\*/);

      const definitionLine = text.findIndex((l) => l.startsWith('static void ring_post_patch('));
      assert.equal(results.definition?.length, 1);
      assert.equal(results.definition?.[0].range.start.line, definitionLine);
      assert.ok(results.definition?.[0].uri.endsWith('/ring-buffer.c'));

      assert.match(results.applied ?? '', /pre_unpatch/);
      assert.ok(results.actions?.some((title) => /Ignore asymmetric-pair/.test(title)));
      assert.ok(
        results.lines?.some((l) => /\.pre_unpatch = ring_pre_unpatch/.test(l)),
        (results.lines ?? []).join('\n'),
      );
      assert.ok(!results.after?.some((d) => d.code === 'asymmetric-pair'));
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  },
);
