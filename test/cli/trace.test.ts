// `klp-callbacks trace` and `scenarios`, run in-process on livepatch sources written for these tests.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import type { TraceEvent } from '../../server/src/core/lifecycle/events';
import { runCli } from '../../server/src/cli/main';
import type { CliIO } from '../../server/src/cli/io';
import { REPO_ROOT } from '../helpers';

const DIR = 'test/fixtures/scenarios';
const DEMO = `${DIR}/demo_patch.c`;
const CUMULATIVE = `${DIR}/cumulative_fix.c`;

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    isTTY: false,
    cwd: REPO_ROOT,
  };
  const code = await runCli(argv, io);
  return { code, out, err };
}

test('a scenario file traced as JSON: actions with their lines, callbacks pointing at their definitions', async () => {
  const { code, out, err } = await cli('trace', DEMO, '--scenario', `${DIR}/target-after-patch.klpscenario`);
  assert.equal(err, '');
  assert.equal(code, 0);
  const { events } = JSON.parse(out) as { events: TraceEvent[] };
  assert.deepEqual(events[0], { type: 'action', line: 2, text: 'load demo_patch' });
  assert.deepEqual(events[1], { type: 'kernel', level: 'notice', text: "enabling patch 'demo_patch'" });
  const first = events.find((e) => e.type === 'callback');
  assert.deepEqual(first, {
    type: 'callback',
    patch: 'demo_patch',
    object: 'vmlinux',
    callback: 'pre_patch',
    function: 'demo_pre_patch',
    moduleState: null,
    ret: 0,
    source: { path: DEMO, range: { start: { line: 5, character: 11 }, end: { line: 5, character: 25 } } },
  });
  const comingIndex = events.findIndex((e) => e.type === 'callback' && e.moduleState === 'COMING');
  const initIndex = events.findIndex((e) => e.type === 'module' && e.event === 'init');
  assert.ok(comingIndex > 0 && comingIndex < initIndex, 'COMING callbacks run before the init');
});

test('the text format reads like dmesg', async () => {
  const { code, out } = await cli(
    'trace',
    DEMO,
    '--scenario',
    `${DIR}/target-after-patch.klpscenario`,
    '--format=text',
  );
  assert.equal(code, 0);
  const lines = out.trimEnd().split('\n');
  const load = lines.indexOf('# load demo_target');
  assert.deepEqual(lines.slice(load, load + 4), [
    '# load demo_target',
    "livepatch: applying patch 'demo_patch' to loading module 'demo_target'",
    'demo_patch: pre_patch(demo_target) [MODULE_STATE_COMING] -> target_pre_patch = 0',
    'demo_target: module init',
  ]);
  // demo_target registers no post_patch and no pre_unpatch: nothing is printed for them.
  assert.ok(!lines.some((l) => /post_patch\(demo_target\)|pre_unpatch\(demo_target\)/.test(l)));
  assert.ok(lines.includes('demo_patch: post_unpatch(demo_target) [MODULE_STATE_LIVE] -> demo_post_unpatch'));
});

test('atomic-replace follows the sources in either input order: the non-replace patch first, then the replace one', async () => {
  for (const inputs of [
    [DEMO, CUMULATIVE],
    [CUMULATIVE, DEMO],
  ]) {
    const { code, out } = await cli('trace', ...inputs, '--scenario', 'atomic-replace', '--format', 'text');
    assert.equal(code, 0);
    assert.match(out, /^# load demo_patch\n(?:.*\n)*?# load cumulative_fix\n/m, inputs.join(' '));
    assert.doesNotMatch(out, /replace=/);
    const after = out.slice(out.indexOf('# load cumulative_fix'));
    assert.doesNotMatch(after, /^demo_patch: /m);
    const shown = await cli('scenarios', ...inputs, '--show', 'atomic-replace');
    assert.deepEqual(
      shown.out.split('\n').filter((l) => l.startsWith('load')),
      ['load demo_target', 'load demo_patch', 'load cumulative_fix'],
    );
  }
});

test('a built-in that does not apply, or an unknown name, is a usage error', async () => {
  const single = await cli('trace', DEMO, '--scenario', 'atomic-replace');
  assert.equal(single.code, 2);
  assert.match(single.err, /'atomic-replace' does not apply: no input sets \.replace = true/);
  const unknown = await cli('trace', DEMO, '--scenario', 'no-such-thing');
  assert.equal(unknown.code, 2);
  assert.match(
    unknown.err,
    /neither a scenario file nor a built-in scenario \(built-ins: target-not-present/,
  );
});

test('scenario errors are reported with file and line, and nothing is simulated', async () => {
  const { code, out, err } = await cli('trace', DEMO, '--scenario', `${DIR}/malformed.klpscenario`);
  assert.equal(code, 2);
  assert.equal(out, '');
  assert.match(err, new RegExp(`${DIR}/malformed.klpscenario:2: unknown action 'frobnicate'`));
  assert.match(err, new RegExp(`${DIR}/malformed.klpscenario:3: 'ENOTANERRNO' is not an errno`));
});

test('a file of thousands of bad lines shows the first 20 errors and counts the rest', async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'klp-trace-errors-'));
  try {
    const scenario = path.join(folder, 'log.klpscenario');
    fs.writeFileSync(scenario, Array.from({ length: 500 }, (_, i) => `line ${i} of a log\n`).join(''));
    const { code, out, err } = await cli('trace', DEMO, '--scenario', scenario);
    assert.equal(code, 2);
    assert.equal(out, '');
    const lines = err.trimEnd().split('\n');
    assert.equal(lines.length, 21);
    assert.match(lines[0], /log\.klpscenario:1: unknown action 'line'/);
    assert.match(lines[19], /log\.klpscenario:20: unknown action 'line'/);
    assert.match(lines[20], /log\.klpscenario: 480 more errors not shown; is this a scenario file\?$/);
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

test('a second input with the same patch name is left out with a warning; the first is traced', async () => {
  const duplicate = await cli('trace', DEMO, `${DIR}/copy/demo_patch.c`, '--scenario', 'target-not-present');
  assert.equal(duplicate.code, 0);
  assert.match(
    duplicate.err,
    /warning: test\/fixtures\/scenarios\/copy\/demo_patch\.c: the patch name 'demo_patch' is already used by test\/fixtures\/scenarios\/demo_patch\.c; this input is left out/,
  );
  const { events } = JSON.parse(duplicate.out) as { events: TraceEvent[] };
  const sources = events.flatMap((e) => (e.type === 'callback' ? [e.source.path] : []));
  assert.ok(sources.length > 0 && sources.every((p) => p === DEMO), sources.join(', '));
});

test('inputs that cannot be traced: no livepatch, missing files and options', async () => {
  const none = await cli('trace', `${DIR}/no_patch.c`, '--scenario', 'target-not-present');
  assert.equal(none.code, 2);
  assert.match(none.err, /no livepatch/);
  const missing = await cli('trace', `${DIR}/absent.c`, '--scenario', 'target-not-present');
  assert.equal(missing.code, 2);
  assert.match(missing.err, /absent\.c: no such file or folder/);
  const noScenario = await cli('trace', DEMO);
  assert.equal(noScenario.code, 2);
  assert.match(noScenario.err, /--scenario is required/);
  const badFormat = await cli('trace', DEMO, '--scenario', 'target-not-present', '--format', 'xml');
  assert.equal(badFormat.code, 2);
});

test('scenarios lists the built-ins and marks which apply', async () => {
  const { code, out } = await cli('scenarios', DEMO);
  assert.equal(code, 0);
  assert.match(out, /^target-loaded-after-patch +applies {2}Target module loaded after the patch$/m);
  assert.match(out, /^atomic-replace +n\/a {6}Atomic replace by a second patch \(no input sets \.replace/m);

  const bare = await cli('scenarios');
  assert.equal(bare.code, 0);
  assert.match(bare.out, /Give livepatch files or folders/);

  const json = await cli('scenarios', DEMO, CUMULATIVE, '--format', 'json');
  const { scenarios } = JSON.parse(json.out) as { scenarios: { name: string; applicable: boolean }[] };
  assert.ok(scenarios.find((s) => s.name === 'atomic-replace')?.applicable);

  const shown = await cli('scenarios', DEMO, '--show', 'target-loaded-before-patch');
  assert.equal(shown.code, 0);
  assert.equal(shown.out.split('\n')[1], 'load demo_target');
});

test('trace --help shows the scenario language', async () => {
  const { code, out } = await cli('trace', '--help');
  assert.equal(code, 0);
  assert.match(out, /fail PATCH\[:OBJECT\] \[ERRNO\]/);
});

test('on the samples, every callback source names its function in the sample text', async () => {
  const sample = 'samples/livepatch-callbacks-demo.c';
  const { code, out } = await cli('trace', sample, '--scenario', 'target-loaded-after-patch');
  assert.equal(code, 0);
  const lines = fs.readFileSync(path.join(REPO_ROOT, sample), 'utf8').split('\n');
  const callbacks = (JSON.parse(out) as { events: TraceEvent[] }).events.filter((e) => e.type === 'callback');
  assert.ok(callbacks.some((e) => e.object !== 'vmlinux' && e.moduleState === 'COMING'));
  for (const event of callbacks) {
    assert.equal(event.source.path, sample);
    const { start, end } = event.source.range;
    assert.equal(start.line, end.line);
    assert.equal(lines[start.line]?.slice(start.character, end.character), event.function);
  }
});

test('--kpatch-object puts kpatch macro callbacks on that module, in trace and scenarios', async () => {
  const sample = 'samples/kpatch-callbacks.c';
  const listed = await cli(
    'scenarios',
    sample,
    '--kpatch-object',
    'meminfo_mod',
    '--show',
    'target-loaded-after-patch',
  );
  assert.equal(listed.code, 0, listed.err);
  assert.match(listed.out, /^load meminfo_mod$/m);
  const { code, out, err } = await cli(
    'trace',
    sample,
    '--kpatch-object=meminfo_mod',
    '--scenario',
    'target-loaded-after-patch',
  );
  assert.equal(code, 0, err);
  const callbacks = (JSON.parse(out) as { events: TraceEvent[] }).events.filter((e) => e.type === 'callback');
  assert.ok(callbacks.length > 0);
  assert.ok(callbacks.every((e) => e.type === 'callback' && e.object === 'meminfo_mod'));
  const vmlinux = await cli('trace', sample, '--scenario', 'target-not-present');
  const objects = (JSON.parse(vmlinux.out) as { events: TraceEvent[] }).events.flatMap((e) =>
    e.type === 'callback' ? [e.object] : [],
  );
  assert.ok(objects.length > 0 && objects.every((o) => o === 'vmlinux'));
});

test('a file with several struct klp_patch traces: the patches other than the first are named after their variable', async () => {
  const file = 'test/fixtures/extract/terminators.c';
  const listed = await cli('scenarios', file);
  assert.equal(listed.err, '');
  assert.equal(listed.code, 0);
  const { code, out, err } = await cli('trace', file, '--scenario', 'target-not-present', '--format', 'text');
  assert.equal(err, '');
  assert.equal(code, 0);
  assert.match(out, /^# load terminators$/m);
  const scenarioFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'klp-trace-')), 'second.klpscenario');
  fs.writeFileSync(scenarioFile, 'load terminators_single_patch\n');
  const second = await cli('trace', file, '--scenario', scenarioFile, '--format', 'text');
  assert.equal(second.err, '');
  assert.equal(second.code, 0);
  assert.match(second.out, /^# load terminators_single_patch$/m);
  assert.doesNotMatch(second.out, /not a livepatch|unknown/i);
});
