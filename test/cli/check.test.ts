// `klp-callbacks check`: text, JSON and SARIF output, exit codes, --rule, and callbacks across input files.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Log as SarifLog } from 'sarif';
import { runCli } from '../../server/src/cli/main';
import { ALL_RULES } from '../../server/src/core/rules/index';
import { REPO_ROOT } from '../helpers';
import { sarifValidator } from '../sarif-schema';
import { expectedFindings } from '../core/rules/expectations';

async function run(args: string[], cwd = REPO_ROOT): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(['check', ...args], {
    out: (text) => (out += text),
    err: (text) => (err += text),
    isTTY: false,
    cwd,
  });
  return { code, out, err };
}

const SIGNATURE = 'test/fixtures/rules/callback-signature/bad.c';
const ASYMMETRIC = 'test/fixtures/rules/asymmetric-pair/bad.c';
const CLEAN = 'test/fixtures/rules/asymmetric-pair/good.c';

test('text: one line per finding with 1-based line:col, related notes, and a summary', async () => {
  const { code, out } = await run([SIGNATURE]);
  assert.equal(code, 1);
  const lines = out.trim().split('\n');
  assert.match(
    lines[0],
    /^test\/fixtures\/rules\/callback-signature\/bad\.c:41:4: error: pre_patch 'sig_pre_patch' returns `void`.* \[callback-signature\]$/,
  );
  assert.match(
    lines[1],
    /^ {4}test\/fixtures\/rules\/callback-signature\/bad\.c:11:13: note: sig_pre_patch is defined here$/,
  );
  assert.equal(lines[lines.length - 1], '4 errors, 0 warnings, 0 infos in 1 file');
  assert.ok(!out.includes('\u001b['), 'no colour when stdout is not a terminal');
});

test('exit code 0 without error findings, 1 with them; --rule changes severities', async () => {
  assert.equal((await run([CLEAN])).code, 0);
  const warnings = await run([ASYMMETRIC]);
  assert.equal(warnings.code, 0);
  assert.match(warnings.out, /0 errors, 3 warnings, 0 infos in 1 file/);
  assert.equal((await run([ASYMMETRIC, '--rule', 'asymmetric-pair=error'])).code, 1);
  const off = await run([SIGNATURE, '--rule=callback-signature=off']);
  assert.equal(off.code, 0);
  assert.match(off.out, /^0 errors, 0 warnings, 0 infos in 1 file$/m);
});

test('usage errors exit 2: unknown rule, bad severity, unknown format, unknown option', async () => {
  for (const args of [
    ['--rule', 'no-such-rule=error'],
    ['--rule', 'asymmetric-pair=loud'],
    ['--rule', 'asymmetric-pair'],
    ['--format', 'xml'],
    ['--colour'],
  ]) {
    const result = await run([CLEAN, ...args]);
    assert.equal(result.code, 2, args.join(' '));
    assert.match(result.err, /klp-callbacks check: /);
    assert.equal(result.out, '');
  }
});

test('a missing file exits 2 but the other files are still checked', async () => {
  const { code, out, err } = await run(['no/such/file.c', SIGNATURE]);
  assert.equal(code, 2);
  assert.match(err, /no\/such\/file\.c: no such file or folder/);
  assert.match(out, /\[callback-signature\]/);
});

test('json: files with findings, LSP ranges and related locations', async () => {
  const { code, out } = await run([SIGNATURE, CLEAN, '--format', 'json']);
  assert.equal(code, 1);
  const parsed = JSON.parse(out) as { files: { path: string; findings: Record<string, unknown>[] }[] };
  assert.deepEqual(
    parsed.files.map((f) => [f.path, f.findings.length]),
    [
      [SIGNATURE, 4],
      [CLEAN, 0],
    ],
  );
  const [first] = parsed.files[0].findings;
  assert.deepEqual(Object.keys(first).sort(), ['message', 'range', 'related', 'rule', 'severity']);
  assert.deepEqual(first.range, { start: { line: 40, character: 3 }, end: { line: 40, character: 29 } });
  assert.deepEqual(first.related, [
    {
      path: SIGNATURE,
      range: { start: { line: 10, character: 12 }, end: { line: 10, character: 25 } },
      message: 'sig_pre_patch is defined here',
    },
  ]);
});

test('sarif: valid SARIF 2.1.0 with rules, help, relative URIs and 1-based regions', async () => {
  const { code, out } = await run([SIGNATURE, ASYMMETRIC, '--format', 'sarif', '--rule', 'vmlinux-name=off']);
  assert.equal(code, 1);
  const log = JSON.parse(out) as SarifLog;
  const validate = sarifValidator();
  assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));
  const [runLog] = log.runs;
  const rules = runLog.tool.driver.rules ?? [];
  assert.equal(runLog.tool.driver.name, 'klp-callbacks');
  assert.deepEqual(
    rules.map((r) => r.id),
    ALL_RULES.map((r) => r.id),
  );
  assert.equal(rules.find((r) => r.id === 'vmlinux-name')?.defaultConfiguration?.enabled, false);
  assert.ok(rules.every((r) => (r.help?.text.length ?? 0) > 0));
  assert.equal(runLog.originalUriBaseIds?.['%SRCROOT%'].uri, pathToFileURL(`${REPO_ROOT}/`).href);
  const results = runLog.results ?? [];
  assert.equal(results.length, 7);
  const first = results.find((r) => r.ruleId === 'callback-signature');
  assert.equal(first?.level, 'error');
  assert.deepEqual(first?.locations?.[0].physicalLocation?.artifactLocation, {
    uri: SIGNATURE,
    uriBaseId: '%SRCROOT%',
  });
  assert.deepEqual(first?.locations?.[0].physicalLocation?.region, {
    startLine: 41,
    startColumn: 4,
    endLine: 41,
    endColumn: 30,
  });
  assert.equal(
    first?.ruleIndex,
    ALL_RULES.findIndex((r) => r.id === 'callback-signature'),
  );
  const warning = results.find((r) => r.ruleId === 'asymmetric-pair');
  assert.equal(warning?.level, 'warning');
  assert.ok((warning?.relatedLocations ?? []).length > 0);
});

test('callbacks defined in another input file are found; checking the file alone reports them', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'klp-check-'));
  try {
    fs.writeFileSync(
      path.join(dir, 'main.c'),
      `#include <linux/livepatch.h>
static struct klp_func funcs[] = { { .old_name = "f", .new_func = new_f }, { } };
static struct klp_object objs[] = {
	{ .funcs = funcs, .callbacks = { .pre_patch = split_pre_patch, .post_unpatch = split_post_unpatch } },
	{ }
};
static struct klp_patch patch = { .mod = THIS_MODULE, .objs = objs };
`,
    );
    fs.writeFileSync(
      path.join(dir, 'callbacks.c'),
      `int split_pre_patch(struct klp_object *obj) { return 0; }
void split_post_unpatch(struct klp_object *obj) { }
`,
    );
    const together = await run([], dir);
    assert.equal(together.code, 0, together.out);
    assert.match(together.out, /^0 errors, 0 warnings, 0 infos in 2 files$/m);
    const alone = await run(['main.c'], dir);
    assert.equal(alone.code, 1);
    assert.equal((alone.out.match(/\[undefined-callback\]/g) ?? []).length, 2);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('check samples/ reports exactly the planted bugs of samples/buggy and nothing in the clean samples', async () => {
  const { code, out, err } = await run(['samples', '--format', 'json']);
  assert.equal(err, '');
  assert.equal(code, 1);
  const parsed = JSON.parse(out) as {
    files: { path: string; findings: { rule: string; range: { start: { line: number } } }[] }[];
  };
  assert.ok(parsed.files.some((f) => f.path.startsWith('samples/buggy/')));
  for (const file of parsed.files) {
    const expected = expectedFindings(fs.readFileSync(path.join(REPO_ROOT, file.path), 'utf8'));
    const actual = file.findings.map((f) => `${f.rule}@${f.range.start.line + 1}`).sort();
    assert.deepEqual(actual, expected, file.path);
  }
});

test('text output is coloured on a terminal only', async () => {
  let out = '';
  const code = await runCli(['check', SIGNATURE], {
    out: (text) => (out += text),
    err: () => undefined,
    isTTY: true,
    cwd: REPO_ROOT,
  });
  assert.equal(code, 1);
  assert.ok(out.includes("\u001b[1;31merror\u001b[0m: pre_patch 'sig_pre_patch'"), out);
});

test('code the extractor could not read is noted in text and listed in JSON, never silently dropped', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'klp-callbacks-half-'));
  const file = path.join(dir, 'half.c');
  fs.writeFileSync(file, 'static int ok(struct klp_object *obj) { return 0; }\nint broken( {\n');
  try {
    const text = await run(['half.c'], dir);
    assert.equal(text.code, 0);
    assert.match(text.out, /^half\.c:2:1: note: syntax error: /m);
    assert.match(
      text.out,
      /0 errors, 0 warnings, 0 infos in 1 file \(1 file not fully read: findings there may be incomplete\)/,
    );
    const json = JSON.parse((await run(['half.c', '--format', 'json'], dir)).out) as {
      files: { problems: { message: string; range: { start: { line: number } } }[] }[];
    };
    assert.equal(json.files[0].problems.length, 1);
    assert.equal(json.files[0].problems[0].range.start.line, 1);
    const clean = await run([CLEAN]);
    assert.doesNotMatch(clean.out, /note:|not fully read/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('notes that change the analysis come first; harmless recoveries are one summary line per file', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'klp-callbacks-recover-'));
  // Harmless recoveries before and after a real syntax error and an unattached registration.
  const mixed = [
    'static int @@PREFIX@@_show(void) { return 0; }',
    'static int pre(struct klp_object * __attribute__((unused)) obj) { return 0; }',
    'int broken( {',
    'static void wire(struct klp_state *state) { state->callbacks.pre_patch = pre; }',
    'static int @@PREFIX@@_other(void) { return 0; }',
    '',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'mixed.c'), mixed);
  fs.writeFileSync(
    path.join(dir, 'harmless.c'),
    'static int @@A@@_x(struct klp_object *obj) { return 0; }\n',
  );
  try {
    const text = await run(['mixed.c', 'harmless.c'], dir);
    assert.equal(text.code, 0);
    const notes = text.out.split('\n').filter((line) => line.includes(': note: '));
    assert.deepEqual(
      notes.map((line) => line.replace(/: note: (.{0,20}).*$/, ': $1')),
      [
        'mixed.c:3:1: syntax error: this d',
        "mixed.c:4:45: 'state' is a struct ",
        'mixed.c:1:12: tree-sitter recovere',
        'harmless.c:1:12: tree-sitter recovere',
      ],
    );
    assert.match(
      notes[2],
      /recovered harmlessly in 3 declarations \(template marker @@…@@ at lines 1, 5; __attribute__ in a parameter list at line 2\)/,
    );
    // Only mixed.c has notes that change the analysis.
    assert.match(text.out, /in 2 files \(1 file not fully read: findings there may be incomplete\)/);
    const json = JSON.parse((await run(['mixed.c', '--format', 'json'], dir)).out) as {
      files: { problems: { message: string; kind?: string }[] }[];
    };
    assert.deepEqual(
      json.files[0].problems.map((problem) => problem.kind),
      ['syntax', 'unresolved', 'recovered'],
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('notes only where livepatch code could hide: the ordinary files of a tree and C-less patches stay quiet', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'klp-callbacks-quiet-'));
  try {
    // Broken C with no livepatch token, and a patch that changes only documentation.
    fs.writeFileSync(path.join(dir, 'driver.c'), 'static int probe(struct device *dev {\n\treturn 0;\n}\n');
    fs.writeFileSync(
      path.join(dir, 'docs.patch'),
      '--- a/Documentation/x.rst\n+++ b/Documentation/x.rst\n@@ -1,1 +1,1 @@\n-old\n+new\n',
    );
    // The same syntax error next to a livepatch: it may hide a registration, so it is said.
    fs.writeFileSync(
      path.join(dir, 'livepatch.c'),
      'static int probe(struct device *dev {\n\treturn 0;\n}\nstatic struct klp_object objs[] = { { } };\n',
    );
    const { out } = await run([dir]);
    assert.doesNotMatch(out, /driver\.c:.*note:/);
    assert.doesNotMatch(out, /docs\.patch:.*note:/);
    assert.match(out, /livepatch\.c:1:\d+: note: syntax error/);
    assert.match(out, /in 3 files \(1 file not fully read/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
