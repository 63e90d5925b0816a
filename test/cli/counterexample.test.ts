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

const LIFECYCLE_RULES = new Set([
  'asymmetric-pair',
  'unpaired-resource',
  'pre-patch-partial-cleanup',
  'post-unpatch-assumes-post-patch',
  'lock-across-callbacks',
  'replace-without-takeover',
  'shadow-free-in-exit',
]);

const INPUTS = [...[...LIFECYCLE_RULES].map((rule) => `test/fixtures/rules/${rule}`), 'samples/buggy'];

interface JsonFinding {
  rule: string;
  message: string;
  range: { start: { line: number } };
  related: { message: string }[];
  counterexample?: { scenario: string; events: TraceEvent[] };
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
        // Only a counterpart registered under another #if cannot be shown by the simulator.
        if (!finding.counterexample) {
          assert.match(finding.message, /only when/, `${where} has no counterexample`);
          continue;
        }
        const scenarioFile = path.join(scratch, `s${replayed}.klpscenario`);
        fs.writeFileSync(scenarioFile, finding.counterexample.scenario);
        const trace = await cli('trace', file.path, '--scenario', scenarioFile, '--format', 'json');
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
