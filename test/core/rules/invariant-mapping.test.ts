// Which rule reports acquire-held and module_init's held-at-end: each finding's counterexample shows that invariant.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { FIXTURES } from '../../helpers';
import { checkSource } from './expectations';

const RULES = path.join(FIXTURES, 'rules');

test('acquire-held is unpaired-resource: post_patch again after a reversed disable, pre_patch again on a target reload', async () => {
  for (const [fixture, scenario] of [
    ['bad-acquire-held.c', /stall; disable \w+; enable \w+$/],
    ['bad-acquire-held-module.c', /load ext4; unload ext4; load ext4$/],
  ] as const) {
    const findings = await checkSource(path.join(RULES, 'unpaired-resource', fixture));
    const finding = findings.find((f) => f.rule === 'unpaired-resource');
    assert.ok(finding?.counterexample, fixture);
    assert.match(finding.counterexample.violation, /^acquire-held\|/, fixture);
    assert.match(finding.counterexample.scenario.trim().split('\n').join('; '), scenario, fixture);
    assert.match(finding.message, /again while still holding it: in the scenario `[^`]+`, \w+ runs again/);
  }
  const good = await checkSource(path.join(RULES, 'unpaired-resource', 'good-acquire-held.c'));
  assert.deepEqual(good, []);
});

test("module_init's lock held at the end is lock-across-callbacks: the scenario in which the release never comes", async () => {
  const findings = await checkSource(path.join(RULES, 'lock-across-callbacks', 'bad.c'));
  const fromInit = findings.find(
    (f) => f.rule === 'lock-across-callbacks' && /in module_init/.test(f.message),
  );
  assert.ok(fromInit);
  assert.match(
    fromInit.message,
    /in the scenario `fail bad:vmlinux; load bad`, module_init ran for the module, no callback of it ran after that, and the patch is gone, the lock still held/,
  );
});
