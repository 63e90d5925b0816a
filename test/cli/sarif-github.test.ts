// What GitHub code scanning needs of `check --format sarif` beyond the schema: rule metadata, helpUri to the rule's page, stable fingerprints.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import type { Log as SarifLog, Result } from 'sarif';
import { runCli } from '../../server/src/cli/main';
import { FINGERPRINT_KEY } from '../../server/src/cli/format/sarif';
import { ALL_RULES } from '../../server/src/core/rules/index';
import { REPOSITORY_URL } from '../../server/src/rule-docs';
import { REPO_ROOT } from '../helpers';
import { sarifValidator } from '../sarif-schema';

const BAD = 'test/fixtures/rules/unpaired-resource/bad.c';

async function sarif(args: string[], cwd = REPO_ROOT): Promise<SarifLog> {
  let out = '';
  await runCli(['check', ...args, '--format', 'sarif'], {
    out: (t) => (out += t),
    err: () => {},
    isTTY: false,
    cwd,
  });
  return JSON.parse(out) as SarifLog;
}

function fingerprints(results: readonly Result[]): string[] {
  return results.map((r) => r.partialFingerprints?.[FINGERPRINT_KEY] ?? '<none>');
}

test('every rule has the metadata code scanning shows: name, descriptions, help, helpUri to its page', async () => {
  const log = await sarif([BAD]);
  assert.ok(sarifValidator()(log));
  const rules = log.runs[0].tool.driver.rules ?? [];
  assert.equal(rules.length, ALL_RULES.length);
  for (const rule of rules) {
    assert.match(rule.name ?? '', /^[A-Z][A-Za-z]+$/, rule.id);
    assert.ok(rule.shortDescription?.text, rule.id);
    assert.ok(rule.fullDescription?.text, rule.id);
    assert.ok(rule.help?.markdown, rule.id);
    // GitHub links helpUri from the alert; it must be the rule's own generated page, which exists.
    const prefix = `${REPOSITORY_URL}/blob/`;
    assert.ok(rule.helpUri?.startsWith(prefix), rule.helpUri);
    const inRepo = (rule.helpUri ?? '').slice(prefix.length).replace(/^[^/]+\//, '');
    assert.equal(inRepo, `docs/rules/${rule.id}.md`);
    assert.ok(fs.existsSync(path.join(REPO_ROOT, inRepo)), inRepo);
  }
});

test('results carry partialFingerprints, unique per result, that survive lines added above', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'klp-sarif-'));
  try {
    const text = fs.readFileSync(path.join(REPO_ROOT, BAD), 'utf8');
    fs.writeFileSync(path.join(dir, 'module.c'), text);
    const before = await sarif(['module.c'], dir);
    // The same file with a comment and blank lines inserted at the top: every finding moves down.
    fs.writeFileSync(path.join(dir, 'module.c'), `// A new header comment.\n\n\n${text}`);
    const after = await sarif(['module.c'], dir);
    const [first, second] = [before.runs[0].results ?? [], after.runs[0].results ?? []];
    assert.ok(first.length >= 4, `findings: ${first.length}`);
    assert.ok(fingerprints(first).every((f) => /^[0-9a-f]{32}:\d+$/.test(f)));
    assert.equal(new Set(fingerprints(first)).size, first.length, 'one fingerprint per result');
    assert.deepEqual(
      second.map((r) => r.locations?.[0].physicalLocation?.region?.startLine),
      first.map((r) => (r.locations?.[0].physicalLocation?.region?.startLine ?? 0) + 3),
    );
    assert.deepEqual(fingerprints(second), fingerprints(first));
    // Another file with the same code is another alert.
    fs.renameSync(path.join(dir, 'module.c'), path.join(dir, 'other.c'));
    const renamed = await sarif(['other.c'], dir);
    assert.notDeepEqual(fingerprints(renamed.runs[0].results ?? []), fingerprints(first));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('results name a rule of the run by id and index, with a level and an in-repository location', async () => {
  const log = await sarif([BAD]);
  const rules = log.runs[0].tool.driver.rules ?? [];
  for (const result of log.runs[0].results ?? []) {
    assert.equal(rules[result.ruleIndex ?? -1]?.id, result.ruleId);
    assert.ok(['error', 'warning', 'note'].includes(result.level ?? ''));
    const artifact = result.locations?.[0].physicalLocation?.artifactLocation;
    assert.equal(artifact?.uriBaseId, '%SRCROOT%');
    assert.equal(artifact?.uri, BAD);
  }
});
