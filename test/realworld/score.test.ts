// The real-code regression script's matching and scoring, on synthetic registrations and findings.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import {
  addScores,
  doneWhen,
  isProposal,
  ratio,
  ruleReportsBug,
  scoreFile,
  tallyBugKinds,
  type FileExpectation,
  type ToolFinding,
} from '../../scripts/realworld/score';

const pre = { patch: 'p', object: null, kind: 'pre_patch', function: 'setup' };
const post = { patch: 'p', object: 'mod', kind: 'post_unpatch', function: 'teardown' };

function finding(rule: string, line: number, severity: ToolFinding['severity'] = 'warning'): ToolFinding {
  return { rule, line, severity, message: `${rule} at ${line}` };
}

test('a registration on its object is right; on another object it is counted apart, not as missing', () => {
  const expectation: FileExpectation = { registrations: [pre, post], bugs: [] };
  const score = scoreFile(expectation, [pre, { ...post, object: null }], []);
  assert.equal(score.registrationsRight, 1);
  assert.equal(score.registrationsWrongObject, 1);
  assert.equal(score.registrationsMissing, 0);
  assert.equal(score.registrationsInvented, 0);
});

test('registrations the tool does not report are missing; ones nobody wrote are invented', () => {
  const expectation: FileExpectation = { registrations: [pre, post], bugs: [] };
  const invented = { patch: 'p', object: null, kind: 'post_patch', function: 'other' };
  const score = scoreFile(expectation, [pre, invented], []);
  assert.deepEqual(
    [score.registrationsRight, score.registrationsMissing, score.registrationsInvented],
    [1, 1, 1],
  );
});

test('one registration reported on two objects is right once and invented once', () => {
  const score = scoreFile({ registrations: [pre], bugs: [] }, [{ ...pre, object: 'mod' }, pre], []);
  assert.equal(score.registrationsRight, 1);
  assert.equal(score.registrationsWrongObject, 0);
  assert.equal(score.registrationsInvented, 1);
});

test('a finding is true within three lines of a bug of its rule family, false beyond', () => {
  const expectation: FileExpectation = {
    registrations: [],
    bugs: [{ line: 20, kind: 'post-unpatch-uses-post-patch-state', note: 'p->x after a cancelled enable' }],
  };
  const near = scoreFile(expectation, [], [finding('post-unpatch-assumes-post-patch', 23)]);
  assert.equal(near.truePositives, 1);
  assert.equal(near.bugsFound, 1);
  const far = scoreFile(expectation, [], [finding('post-unpatch-assumes-post-patch', 24)]);
  assert.equal(far.falsePositives, 1);
  assert.equal(far.bugsFound, 0);
  assert.deepEqual(
    far.missedBugs.map((b) => b.line),
    [20],
  );
});

test('a finding of another rule family at the bug line is false and does not find the bug', () => {
  const expectation: FileExpectation = {
    registrations: [],
    bugs: [{ line: 5, kind: 'sleep-in-atomic', note: 'GFP_KERNEL under a spinlock' }],
  };
  const score = scoreFile(expectation, [], [finding('unpaired-resource', 5)]);
  assert.equal(score.falsePositives, 1);
  assert.equal(score.bugsFound, 0);
});

test('acceptable findings count as true when reported', () => {
  const expectation: FileExpectation = {
    registrations: [],
    bugs: [],
    acceptable: [{ rule: 'asymmetric-pair', line: 9, why: 'true but harmless' }],
  };
  assert.equal(scoreFile(expectation, [], [finding('asymmetric-pair', 10)]).truePositives, 1);
  // The rule must be the same: an acceptable entry does not excuse other rules at that line.
  assert.equal(scoreFile(expectation, [], [finding('lock-across-callbacks', 9)]).falsePositives, 1);
});

test('info findings are counted apart and never as false warnings, but may still find a bug', () => {
  const expectation: FileExpectation = {
    registrations: [],
    bugs: [{ line: 30, kind: 'replace-state-not-taken-over', note: 'uname restored from a replaced patch' }],
  };
  const score = scoreFile(
    expectation,
    [],
    [finding('replace-without-takeover', 31, 'info'), finding('replace-without-takeover', 80, 'info')],
  );
  assert.deepEqual([score.reported, score.falsePositives], [0, 0]);
  assert.deepEqual([score.infoReported, score.infoTrue, score.bugsFound], [2, 1, 1]);
});

test('every bug kind of issue 7 maps to at least the rule of its own name or an existing rule', () => {
  assert.ok(ruleReportsBug('unpaired-resource', 'unpaired-resource'));
  assert.ok(ruleReportsBug('shadow-ctor-sleeps', 'sleep-in-atomic'));
  assert.ok(ruleReportsBug('replace-without-takeover', 'replace-state-not-taken-over'));
  assert.ok(!ruleReportsBug('replace-without-takeover', 'unpaired-resource'));
});

test('totals add every counter and ratios print a percentage', () => {
  const expectation: FileExpectation = { registrations: [pre], bugs: [] };
  const a = scoreFile(expectation, [pre], [finding('internal-field', 3, 'error')]);
  const b = scoreFile(expectation, [], []);
  const totals = addScores([a, b]);
  assert.deepEqual(
    [
      totals.registrationsExpected,
      totals.registrationsRight,
      totals.registrationsMissing,
      totals.falsePositives,
    ],
    [2, 1, 1, 1],
  );
  assert.equal(ratio(1, 2), '1/2 (50%)');
  assert.equal(ratio(0, 0), '0/0');
});

test('the committed manifest and expectations describe the same files, with full commits and hashes', () => {
  const folder = path.join(__dirname);
  const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8')) as {
    files: { id: string; commit: string; sha256: string; repo: string; path: string }[];
  };
  const expectations = JSON.parse(fs.readFileSync(path.join(folder, 'expectations.json'), 'utf8')) as Record<
    string,
    FileExpectation
  >;
  assert.deepEqual(manifest.files.map((f) => f.id).sort(), Object.keys(expectations).sort());
  for (const entry of manifest.files) {
    assert.match(entry.commit, /^[0-9a-f]{40}$/, entry.id);
    assert.match(entry.sha256, /^[0-9a-f]{64}$/, entry.id);
    assert.equal(entry.id, `${entry.repo.replace('/', '+')}/${entry.commit.slice(0, 12)}/${entry.path}`);
  }
});

test('bug kinds are tallied across files, and the issue targets name the kinds never found', () => {
  const leaky: FileExpectation = {
    registrations: [pre],
    bugs: [
      { line: 4, kind: 'unpaired-resource', note: 'kmalloc in pre_patch, never freed' },
      { line: 40, kind: 'sleep-in-atomic', note: 'msleep under a spinlock' },
    ],
  };
  const lock: FileExpectation = {
    registrations: [],
    bugs: [{ line: 7, kind: 'sleep-in-atomic', note: 'mutex_lock under read_lock' }],
  };
  const files = [
    { expectation: leaky, score: scoreFile(leaky, [pre], [finding('unpaired-resource', 5)]) },
    { expectation: lock, score: scoreFile(lock, [], [finding('sleep-in-atomic', 7)]) },
  ];
  const kinds = tallyBugKinds(files);
  assert.deepEqual(Object.fromEntries(kinds), {
    'sleep-in-atomic': { expected: 2, found: 1 },
    'unpaired-resource': { expected: 1, found: 1 },
  });
  const totals = addScores(files.map((f) => f.score));
  assert.deepEqual(doneWhen(totals, kinds), [
    'registrations on the right object ≥ 95%: met',
    'no invented registration: met',
    'warnings and errors true ≥ 90%: met',
    'every bug kind found: met',
  ]);
  const missed = tallyBugKinds([{ expectation: lock, score: scoreFile(lock, [pre], []) }]);
  const targets = doneWhen(addScores([scoreFile(lock, [pre], [])]), missed);
  assert.equal(targets[1], 'no invented registration: not met');
  assert.equal(targets[3], 'every bug kind found: not met (none found: sleep-in-atomic)');
});

test('the registration target is measured without API proposals', () => {
  assert.ok(isProposal('split-object-proposal'));
  assert.ok(!isProposal('kernel-sample'));
  const kinds = new Map([['sleep-in-atomic', { expected: 1, found: 1 }]]);
  const all = { ...addScores([]), registrationsExpected: 10, registrationsRight: 5 };
  const mainline = { ...addScores([]), registrationsExpected: 5, registrationsRight: 5 };
  assert.match(doneWhen(all, kinds)[0], /not met/);
  assert.match(doneWhen(all, kinds, mainline)[0], /: met/);
});
