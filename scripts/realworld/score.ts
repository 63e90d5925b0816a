// Compares the tool's registrations and findings for one real file with the expectations judged by hand.

/** A callback registration as a kernel engineer reads it; `object` null is vmlinux. */
export interface ExpectedRegistration {
  patch: string;
  object: string | null;
  kind: string;
  function: string;
}

/** A real bug: 1-based line, and a bug kind of issue 7 or an existing rule id. */
export interface ExpectedBug {
  line: number;
  kind: string;
  note: string;
}

/** A finding that is true but minor: it counts as a true positive when reported, never as missed. */
export interface AcceptableFinding {
  rule: string;
  line: number;
  why: string;
}

export interface FileExpectation {
  registrations: ExpectedRegistration[];
  bugs: ExpectedBug[];
  acceptable?: AcceptableFinding[];
}

/** What the tool said, reduced to what is compared: 1-based lines, effective registrations only. */
export interface ToolRegistration {
  patch: string;
  object: string | null;
  kind: string;
  function: string;
}

export interface ToolFinding {
  rule: string;
  severity: 'error' | 'warning' | 'info';
  line: number;
  message: string;
}

export interface FileScore {
  registrationsExpected: number;
  /** Found with the right kind and function on the right object. */
  registrationsRight: number;
  /** Found with the right kind and function, but on another object. */
  registrationsWrongObject: number;
  registrationsMissing: number;
  /** Reported registrations that match no expected one. */
  registrationsInvented: number;
  /** Warnings and errors. */
  reported: number;
  truePositives: number;
  falsePositives: number;
  bugsExpected: number;
  bugsFound: number;
  infoReported: number;
  infoTrue: number;
  /** The findings judged false and the bugs not found, for the detail listing. */
  falseFindings: ToolFinding[];
  missedBugs: ExpectedBug[];
}

/** Lines a finding may be away from the judged line and still be the same finding. */
export const LINE_TOLERANCE = 3;

/**
 * Which rule ids report each bug kind. A kind not listed is reported by the rule of the same id;
 * the lists name the ids the issue's new rules may get, so the score does not depend on naming.
 */
export const BUG_KIND_RULES: Readonly<Record<string, readonly string[]>> = {
  'post-unpatch-uses-post-patch-state': ['post-unpatch-assumes-post-patch'],
  'replace-state-not-taken-over': ['replace-without-takeover'],
  'sleep-in-atomic': ['sleep-in-atomic', 'shadow-ctor-sleeps'],
  'broken-declaration': ['broken-declaration', 'syntax-error', 'broken-code'],
  'unpaired-resource': ['unpaired-resource', 'pre-patch-partial-cleanup', 'init-partial-cleanup'],
};

export function ruleReportsBug(rule: string, kind: string): boolean {
  return rule === kind || (BUG_KIND_RULES[kind] ?? []).includes(rule);
}

function near(a: number, b: number): boolean {
  return Math.abs(a - b) <= LINE_TOLERANCE;
}

function sameRegistration(a: ExpectedRegistration, b: ToolRegistration): boolean {
  return a.kind === b.kind && a.function === b.function;
}

function scoreRegistrations(
  expected: readonly ExpectedRegistration[],
  reported: readonly ToolRegistration[],
): Pick<
  FileScore,
  | 'registrationsExpected'
  | 'registrationsRight'
  | 'registrationsWrongObject'
  | 'registrationsMissing'
  | 'registrationsInvented'
> {
  const unused = [...reported];
  const take = (match: (r: ToolRegistration) => boolean): boolean => {
    const index = unused.findIndex(match);
    if (index < 0) return false;
    unused.splice(index, 1);
    return true;
  };
  // Exact matches first, so a registration found twice on different objects counts as right once.
  const pending = expected.filter((e) => !take((r) => sameRegistration(e, r) && r.object === e.object));
  const right = expected.length - pending.length;
  const wrongObject = pending.filter((e) => take((r) => sameRegistration(e, r))).length;
  return {
    registrationsExpected: expected.length,
    registrationsRight: right,
    registrationsWrongObject: wrongObject,
    registrationsMissing: pending.length - wrongObject,
    registrationsInvented: unused.length,
  };
}

/** A finding is true when it reports an expected bug or an acceptable finding near its line. */
function isTrue(finding: ToolFinding, expectation: FileExpectation): boolean {
  return (
    expectation.bugs.some((bug) => ruleReportsBug(finding.rule, bug.kind) && near(bug.line, finding.line)) ||
    (expectation.acceptable ?? []).some((ok) => ok.rule === finding.rule && near(ok.line, finding.line))
  );
}

export function scoreFile(
  expectation: FileExpectation,
  registrations: readonly ToolRegistration[],
  findings: readonly ToolFinding[],
): FileScore {
  const serious = findings.filter((f) => f.severity !== 'info');
  const info = findings.filter((f) => f.severity === 'info');
  const falseFindings = serious.filter((f) => !isTrue(f, expectation));
  const missedBugs = expectation.bugs.filter(
    (bug) => !findings.some((f) => ruleReportsBug(f.rule, bug.kind) && near(bug.line, f.line)),
  );
  return {
    ...scoreRegistrations(expectation.registrations, registrations),
    reported: serious.length,
    truePositives: serious.length - falseFindings.length,
    falsePositives: falseFindings.length,
    bugsExpected: expectation.bugs.length,
    bugsFound: expectation.bugs.length - missedBugs.length,
    infoReported: info.length,
    infoTrue: info.filter((f) => isTrue(f, expectation)).length,
    falseFindings,
    missedBugs,
  };
}

export type Totals = Omit<FileScore, 'falseFindings' | 'missedBugs'>;

export function addScores(scores: readonly FileScore[]): Totals {
  const totals: Totals = {
    registrationsExpected: 0,
    registrationsRight: 0,
    registrationsWrongObject: 0,
    registrationsMissing: 0,
    registrationsInvented: 0,
    reported: 0,
    truePositives: 0,
    falsePositives: 0,
    bugsExpected: 0,
    bugsFound: 0,
    infoReported: 0,
    infoTrue: 0,
  };
  for (const score of scores) {
    for (const key of Object.keys(totals) as (keyof Totals)[]) totals[key] += score[key];
  }
  return totals;
}

/** "n/d (p%)", or "n/0" when nothing was expected. */
export function ratio(n: number, d: number): string {
  return d === 0 ? `${n}/0` : `${n}/${d} (${((100 * n) / d).toFixed(0)}%)`;
}

/** Per bug kind: how many bugs the expectations hold and how many the tool found. */
export function tallyBugKinds(
  files: readonly { expectation: FileExpectation; score: FileScore }[],
): Map<string, { expected: number; found: number }> {
  const tally = new Map<string, { expected: number; found: number }>();
  for (const { expectation, score } of files) {
    for (const bug of expectation.bugs) {
      const entry = tally.get(bug.kind) ?? { expected: 0, found: 0 };
      entry.expected++;
      if (!score.missedBugs.includes(bug)) entry.found++;
      tally.set(bug.kind, entry);
    }
  }
  return new Map([...tally].sort(([a], [b]) => a.localeCompare(b)));
}

/** Manifest kinds of code written against an API proposal that never reached mainline. */
export function isProposal(kind: string): boolean {
  return kind.endsWith('-proposal');
}

/**
 * Issue 7's "done when", measured: ≥95% on the right object and none invented (in code that uses the
 * mainline API or the kpatch/klp-build macros: `registrations`), ≥90% true, every kind found.
 */
export function doneWhen(
  totals: Totals,
  kinds: ReadonlyMap<string, { expected: number; found: number }>,
  registrations: Totals = totals,
): string[] {
  const percent = (n: number, d: number) => (d === 0 ? 100 : (100 * n) / d);
  const unfound = [...kinds].filter(([, t]) => t.found === 0).map(([kind]) => kind);
  const mark = (ok: boolean) => (ok ? 'met' : 'not met');
  return [
    `registrations on the right object ≥ 95%: ${mark(percent(registrations.registrationsRight, registrations.registrationsExpected) >= 95)}`,
    `no invented registration: ${mark(totals.registrationsInvented === 0)}`,
    `warnings and errors true ≥ 90%: ${mark(percent(totals.truePositives, totals.reported) >= 90)}`,
    `every bug kind found: ${mark(unfound.length === 0)}${unfound.length ? ` (none found: ${unfound.join(', ')})` : ''}`,
  ];
}
