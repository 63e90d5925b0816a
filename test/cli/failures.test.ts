// Every failure is a message: one line (and a hint) on stderr, the documented exit code, stacks only with --debug.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import type { CliIO } from '../../server/src/cli/io';
import { runCli } from '../../server/src/cli/main';
import { REPO_ROOT } from '../helpers';

const DEMO = 'samples/livepatch-callbacks-demo.c';

async function cli(argv: string[], options: { cwd?: string; failingOut?: boolean } = {}) {
  let out = '';
  let err = '';
  const io: CliIO = {
    out: (t) => {
      if (options.failingOut) throw new Error('the output went away');
      out += t;
    },
    err: (t) => void (err += t),
    isTTY: false,
    cwd: options.cwd ?? REPO_ROOT,
  };
  const code = await runCli(argv, io);
  return { code, out, err };
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'klp-failures-'));
}

test('an internal error is one line without a stack; --debug (anywhere before --) shows the stack', async () => {
  const plain = await cli(['extract', DEMO], { failingOut: true });
  assert.equal(plain.code, 2);
  assert.equal(plain.err.split('\n').length, 2, plain.err);
  assert.match(plain.err, /^klp-callbacks extract: internal error: the output went away \(run with --debug/);
  assert.doesNotMatch(plain.err, /\n\s+at /);
  for (const argv of [
    ['--debug', 'extract', DEMO],
    ['extract', '--debug', DEMO],
  ]) {
    const debug = await cli(argv, { failingOut: true });
    assert.equal(debug.code, 2);
    assert.match(debug.err, /internal error: Error: the output went away\n\s+at /);
  }
});

test('--debug is no input and changes nothing on success', async () => {
  const plain = await cli(['extract', DEMO]);
  const debug = await cli(['extract', DEMO, '--debug']);
  assert.equal(debug.code, 0);
  assert.equal(debug.err, '');
  assert.equal(debug.out, plain.out);
});

test('usage errors: the error and one hint line, not the usage text', async () => {
  const cases: [string[], RegExp][] = [
    [['check', '--format', 'xml'], /^klp-callbacks check: --format takes text, json, sarif, not 'xml'$/],
    [['check', '--bogus'], /^klp-callbacks check: unknown option '--bogus'$/],
    [['trace', DEMO], /^klp-callbacks trace: --scenario is required/],
    [['extract'], /^klp-callbacks extract: give at least one file or folder$/],
    [['scenarios', '--format'], /^klp-callbacks scenarios: --format needs a value$/],
  ];
  for (const [argv, message] of cases) {
    const { code, out, err } = await cli(argv);
    assert.equal(code, 2, argv.join(' '));
    assert.equal(out, '');
    const lines = err.trimEnd().split('\n');
    assert.equal(lines.length, 2, err);
    assert.match(lines[0], message);
    assert.equal(lines[1], `Run 'klp-callbacks ${argv[0]} --help' for its options.`);
  }
  const none = await cli([]);
  assert.equal(none.code, 2);
  assert.equal(none.out, '');
  assert.equal(none.err, "klp-callbacks: no command given\nRun 'klp-callbacks --help' for the commands.\n");
  const unknown = await cli(['lint']);
  assert.equal(unknown.code, 2);
  assert.equal(
    unknown.err,
    "klp-callbacks: unknown command 'lint'\nRun 'klp-callbacks --help' for the commands.\n",
  );
});

test('malformed option values are refused with the value named', async () => {
  const cases: [string[], RegExp][] = [
    [
      ['check', DEMO, '--rule', 'asymmetric-pair=off=warning'],
      /--rule takes one id=severity .*'asymmetric-pair=off=warning'/,
    ],
    [['check', DEMO, '--rule', 'asymmetric-pair='], /--rule takes one id=severity/],
    [['check', DEMO, '--rule', '=off'], /--rule takes one id=severity/],
    [['check', DEMO, '--rule', 'no-such-rule=off'], /unknown rule 'no-such-rule'/],
    [['check', DEMO, '--rule', 'asymmetric-pair=loud'], /unknown severity 'loud'/],
    [
      ['check', DEMO, '--kpatch-object', 'two words'],
      /--kpatch-object: 'two words' is neither vmlinux nor a module name/,
    ],
    [['check', DEMO, '--kpatch-object', 'x'.repeat(56)], /is neither vmlinux nor a module name/],
    [['extract', DEMO, '--object-for', '*.c=a/b'], /--object-for: 'a\/b' is neither .* \(in '\*\.c=a\/b'\)/],
    [['extract', DEMO, '--patch-name', 'a b'], /--patch-name takes a module name/],
  ];
  for (const [argv, message] of cases) {
    const { code, err } = await cli(argv);
    assert.equal(code, 2, argv.join(' '));
    assert.match(err, message);
  }
  // The boundaries that are fine stay fine.
  assert.equal((await cli(['extract', DEMO, '--kpatch-object', 'x'.repeat(55)])).code, 0);
  assert.equal((await cli(['extract', DEMO, '--object-for', '**/*.c=snd-hda'])).code, 0);
});

test('control characters from the source and the file name are escaped in text output and messages', async () => {
  const dir = tempDir();
  // A file name that, printed raw, would start a forged finding line and colour the terminal.
  const name = 'evil\nforged.c:1:1: error: fake [x]\u001b[31m\u0007.c';
  const bell = 'm\u0007\u001b[2J';
  fs.writeFileSync(
    path.join(dir, name),
    `static struct klp_func funcs[] = { { .old_name = "f", .new_func = g }, { } };
static struct klp_object objs[] = {
\t{ .name = "${bell}", .funcs = funcs },
\t{ .name = "${bell}", .funcs = funcs },
\t{ }
};
static struct klp_patch patch = { .mod = THIS_MODULE, .objs = objs };
`,
  );
  fs.symlinkSync('nowhere\u001b.c', path.join(dir, 'dangling\u0007.c'));
  const { code, out, err } = await cli(['check', '.'], { cwd: dir });
  assert.equal(code, 2, 'the dangling link is an unreadable input');
  // eslint-disable-next-line no-control-regex -- the very characters that must not be there
  for (const text of [out, err]) assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f\u007f]/);
  // Every line is ours: a finding (or its related note) starts with the escaped name, nothing else.
  const lines = out.trimEnd().split('\n').filter(Boolean);
  const findingLines = lines.filter((line) => /: (error|warning|info|note): /.test(line));
  assert.ok(findingLines.length >= 2, out);
  for (const line of findingLines)
    assert.ok(line.trimStart().startsWith('evil\\nforged.c:1:1: error: fake [x]\\x1b[31m\\x07.c:'), line);
  assert.match(out, /second object for 'm\\x07\\x1b\[2J'/);
  assert.match(err, /^klp-callbacks: dangling\\x07\.c: a broken symbolic link/m);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('symlinks: a self-link is a loop, a link to a source is followed once, a loop of folders ends', async () => {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, 'sub'));
  fs.copyFileSync(path.join(REPO_ROOT, DEMO), path.join(dir, 'sub', 'real.c'));
  fs.symlinkSync('self.c', path.join(dir, 'self.c'));
  fs.symlinkSync(path.join('sub', 'real.c'), path.join(dir, 'link.c'));
  fs.symlinkSync('..', path.join(dir, 'sub', 'up'));
  const outside = tempDir();
  fs.symlinkSync(path.join(dir, 'sub', 'real.c'), path.join(outside, 'only-a-link.c'));

  const self = await cli(['extract', 'self.c'], { cwd: dir });
  assert.equal(self.code, 2);
  assert.equal(self.err, 'klp-callbacks: self.c: a symbolic link loop (the link leads back to itself)\n');

  const folder = await cli(['extract', '.'], { cwd: dir });
  assert.equal(folder.code, 2, 'the self-link inside is reported');
  assert.match(folder.err, /^klp-callbacks: self\.c: a symbolic link loop/m);
  const paths = (JSON.parse(folder.out) as { files: { path: string }[] }).files.map((f) => f.path);
  assert.deepEqual(paths, ['link.c'], 'the link and its target are one input, read once');

  const linked = await cli(['extract', outside], { cwd: dir });
  assert.equal(linked.code, 0, linked.err);
  assert.equal((JSON.parse(linked.out) as { files: unknown[] }).files.length, 1);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

test(
  'a FIFO named like a source inside a folder is said, not read',
  { skip: process.platform === 'win32' },
  async () => {
    const dir = tempDir();
    fs.copyFileSync(path.join(REPO_ROOT, DEMO), path.join(dir, 'demo.c'));
    const { spawnSync } = await import('node:child_process');
    if (spawnSync('mkfifo', [path.join(dir, 'pipe.c')]).status !== 0) return;
    const { code, err } = await cli(['check', '.'], { cwd: dir });
    assert.equal(code, 2);
    assert.equal(err, 'klp-callbacks: pipe.c: skipped: not a regular file\n');
    fs.rmSync(dir, { recursive: true, force: true });
  },
);
