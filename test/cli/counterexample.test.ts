// Every lifecycle finding's counterexample replays: `trace` with its scenario prints exactly its events.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import type { Log } from 'sarif';
import { runCli } from '../../server/src/cli/main';
import type { CliIO } from '../../server/src/cli/io';
import type { TraceEvent } from '../../server/src/core/lifecycle/events';
import { REPO_ROOT } from '../helpers';
import { LIFECYCLE_RULES as LIFECYCLE_RULE_IDS } from '../core/rules/expectations';

const LIFECYCLE_RULES = new Set(LIFECYCLE_RULE_IDS);

const INPUTS = [...[...LIFECYCLE_RULES].map((rule) => `test/fixtures/rules/${rule}`), 'samples/buggy'];

interface JsonFinding {
  rule: string;
  message: string;
  range: { start: { line: number } };
  related: { message: string }[];
  counterexample?: { scenario: string; events: TraceEvent[]; withoutCondition?: string };
}

async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const io: CliIO = { out: (t) => void (out += t), err: () => undefined, isTTY: false, cwd: REPO_ROOT };
  return { code: await runCli(argv, io), out };
}

test('every lifecycle finding carries a counterexample that trace replays event for event', async () => {
  const { out } = await cli('check', '--format', 'json', ...INPUTS);
  const files = (JSON.parse(out) as { files: { path: string; findings: JsonFinding[] }[] }).files;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'klp-cex-'));
  let replayed = 0;
  try {
    for (const file of files) {
      for (const finding of file.findings.filter((f) => LIFECYCLE_RULES.has(f.rule))) {
        const where = `${file.path}:${finding.range.start.line + 1} ${finding.rule}`;
        assert.ok(finding.counterexample, `${where} has no counterexample`);
        const scenarioFile = path.join(scratch, `s${replayed}.klpscenario`);
        fs.writeFileSync(scenarioFile, finding.counterexample.scenario);
        // A counterpart registered under another #if: the counterexample is of the build without it.
        const without = finding.counterexample.withoutCondition;
        if (/only when/.test(finding.message)) assert.ok(without, `${where} names no configuration`);
        const configuration = without === undefined ? [] : ['--without-condition', without];
        const trace = await cli(
          'trace',
          file.path,
          ...configuration,
          '--scenario',
          scenarioFile,
          '--format',
          'json',
        );
        assert.equal(trace.code, 0, where);
        assert.deepEqual(JSON.parse(trace.out).events, finding.counterexample.events, where);
        replayed++;
      }
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  assert.ok(replayed > 20, `only ${replayed} counterexamples replayed`);
});

test('the highlighted events of a counterexample are the violating callbacks and actions', async () => {
  const { out } = await cli('check', '--format', 'sarif', ...INPUTS);
  const log = JSON.parse(out) as Log;
  let flows = 0;
  for (const result of log.runs[0].results ?? []) {
    if (!LIFECYCLE_RULES.has(result.ruleId ?? '') || !result.codeFlows) continue;
    const steps = result.codeFlows[0].threadFlows[0].locations;
    const essential = steps.filter((s) => s.importance === 'essential');
    assert.ok(essential.length > 0, `${result.message.text}: nothing highlighted`);
    // A highlighted callback is one the finding talks about: its function is named in the message.
    for (const step of essential) {
      const text = step.location?.message?.text ?? '';
      const fn = / -> (\w+)/.exec(text)?.[1];
      if (fn)
        assert.ok(
          result.message.text?.includes(fn) || relatedMention(result, fn),
          `${text} in ${result.message.text}`,
        );
      else assert.match(text, /^# /);
    }
    flows++;
  }
  assert.ok(flows > 20, `only ${flows} code flows`);
});

function relatedMention(result: NonNullable<Log['runs'][0]['results']>[number], fn: string): boolean {
  return (result.relatedLocations ?? []).some((r) => r.message?.text?.includes(fn));
}

test('an asymmetric-pair whose counterpart sits under another #if: the counterexample of the build without it, in JSON, SARIF and --explain', async () => {
  const fixture = 'test/fixtures/rules/asymmetric-pair/bad-ifdef.c';
  const json = JSON.parse((await cli('check', '--format', 'json', fixture)).out) as {
    files: { findings: JsonFinding[] }[];
  };
  const [finding] = json.files[0].findings.filter((f) => f.rule === 'asymmetric-pair');
  assert.equal(finding.counterexample?.withoutCondition, 'CONFIG_BANNER_CLEANUP');
  const callbacks = (finding.counterexample?.events ?? []).filter((e) => e.type === 'callback');
  assert.ok(callbacks.some((e) => e.type === 'callback' && e.callback === 'pre_patch'));
  assert.ok(!callbacks.some((e) => e.type === 'callback' && e.callback === 'post_unpatch'));
  const scenario = finding.counterexample?.scenario ?? '';
  assert.match(scenario, /^# klp-callbacks: without CONFIG_BANNER_CLEANUP$/m);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'klp-cex-'));
  try {
    // The scenario names its build: trace replays it without the flag too.
    const scenarioFile = path.join(scratch, 'ifdef.klpscenario');
    fs.writeFileSync(scenarioFile, scenario);
    const replayed = JSON.parse((await cli('trace', fixture, '--scenario', scenarioFile)).out) as {
      events: TraceEvent[];
    };
    assert.deepEqual(replayed.events, finding.counterexample?.events);
    // With every registration compiled in, the same actions run the counterpart: no leak to show.
    const fullBuild = path.join(scratch, 'full.klpscenario');
    fs.writeFileSync(fullBuild, scenario.replace(/^#.*\n/m, ''));
    const full = JSON.parse((await cli('trace', fixture, '--scenario', fullBuild)).out) as {
      events: TraceEvent[];
    };
    assert.ok(full.events.some((e) => e.type === 'callback' && e.callback === 'post_unpatch'));
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  const sarif = JSON.parse((await cli('check', '--format', 'sarif', fixture)).out) as Log;
  const flow = sarif.runs[0].results?.find((r) => r.ruleId === 'asymmetric-pair')?.codeFlows?.[0];
  assert.match(flow?.message?.text ?? '', /built without CONFIG_BANNER_CLEANUP/);
  const explained = (await cli('check', '--explain', fixture)).out;
  assert.match(
    explained,
    /^ {4}counterexample: .* \(built without CONFIG_BANNER_CLEANUP: trace --without-condition 'CONFIG_BANNER_CLEANUP'\)$/m,
  );
});

test('check --explain prints the counterexample under the finding, the violating lines marked', async () => {
  const { out } = await cli('check', '--explain', 'test/fixtures/rules/pre-patch-partial-cleanup/bad.c');
  const lines = out.split('\n');
  const at = lines.findIndex((l) => l.includes('[pre-patch-partial-cleanup]'));
  const block = lines.slice(at + 1).join('\n');
  assert.match(block, /^ {4}counterexample: fail bad:vmlinux; load bad$/m);
  assert.match(block, /^ {4}> {3}bad: pre_patch\(vmlinux\) -> probes_pre_patch = -19$/m);
  const { out: plain } = await cli('check', 'test/fixtures/rules/pre-patch-partial-cleanup/bad.c');
  assert.doesNotMatch(plain, /counterexample:/);
});
