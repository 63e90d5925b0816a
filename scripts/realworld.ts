// npm run realworld: measures the tool on real public livepatch code against expectations judged by hand.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DocumentAnalyzer } from '../server/src/core/analyze';
import type { FileModel } from '../server/src/core/model/types';
import { loadEngine } from '../server/src/core/parse/engine';
import type { Finding } from '../server/src/core/rules/types';
import {
  addScores,
  doneWhen,
  isProposal,
  ratio,
  scoreFile,
  tallyBugKinds,
  type FileExpectation,
  type FileScore,
  type ToolFinding,
  type ToolRegistration,
  type Totals,
} from './realworld/score';

const ROOT = path.join(__dirname, '..');
const SET = path.join(ROOT, 'test', 'realworld');

export interface ManifestEntry {
  /** The file's path under the corpus folder: `<owner>+<repo>/<commit[0:12]>/<path>`. */
  id: string;
  repo: string;
  commit: string;
  path: string;
  kind: string;
  what: string;
  sha256: string;
}

interface ScoredFile {
  entry: ManifestEntry;
  expectation: FileExpectation;
  score: FileScore;
}

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

/**
 * Every registration the model holds, including the ones it judged duplicates: a duplicate is
 * still a registration the tool saw, and when it sits on the wrong object (kpatch macros of
 * several files put on one vmlinux object) that is what the score must show.
 */
export function toolRegistrations(model: FileModel): ToolRegistration[] {
  return model.patches.flatMap((patch) =>
    patch.objects.flatMap((object) =>
      [...Object.values(object.callbacks), ...object.duplicateCallbacks].map((registration) => ({
        patch: patch.name,
        object: object.name,
        kind: registration.kind,
        function: registration.function,
      })),
    ),
  );
}

export function toolFindings(findings: readonly Finding[]): ToolFinding[] {
  return findings.map((f) => ({
    rule: f.rule,
    severity: f.severity,
    line: f.range.start.line + 1,
    message: f.message,
  }));
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Analyses every present file. A folder of the corpus is one module's sources, as
 * `klp-callbacks check <folder>` would see it: a callback may be defined in a sibling file.
 */
async function analyzeCorpus(
  corpus: string,
  entries: readonly ManifestEntry[],
  expectations: Record<string, FileExpectation>,
): Promise<{ scored: ScoredFile[]; problems: string[] }> {
  const engine = await loadEngine();
  const problems: string[] = [];
  const opened: { entry: ManifestEntry; analyzer: DocumentAnalyzer; model: FileModel }[] = [];
  for (const entry of entries) {
    const file = path.join(corpus, entry.id);
    if (!fs.existsSync(file)) {
      problems.push(`${entry.id}: absent (see test/realworld/README.md)`);
      continue;
    }
    const text = fs.readFileSync(file, 'utf8');
    if (sha256(text) !== entry.sha256) {
      problems.push(`${entry.id}: content differs from the manifest's (sha256), not scored`);
      continue;
    }
    if (!expectations[entry.id]) {
      problems.push(`${entry.id}: no expectation written, not scored`);
      continue;
    }
    const analyzer = new DocumentAnalyzer(engine, entry.id, text);
    opened.push({ entry, analyzer, model: analyzer.model() });
  }
  const scored: ScoredFile[] = [];
  for (const { entry, analyzer, model } of opened) {
    const folder = path.dirname(entry.id);
    const workspaceFunctions = new Set(
      opened
        .filter((other) => other.entry !== entry && path.dirname(other.entry.id) === folder)
        .flatMap((other) => other.model.functions.map((f) => f.name)),
    );
    const { findings } = analyzer.analyze({ check: { workspaceFunctions } }, model);
    scored.push({
      entry,
      expectation: expectations[entry.id],
      score: scoreFile(expectations[entry.id], toolRegistrations(model), toolFindings(findings)),
    });
  }
  for (const { analyzer } of opened) analyzer.dispose();
  return { scored, problems };
}

const COLUMNS = [
  'file',
  'kind',
  'regs',
  'right object',
  'wrong object',
  'missing',
  'invented',
  'warn+err',
  'true',
  'false',
  'bugs',
  'found',
  'info (true)',
];

function counts(s: Totals): (string | number)[] {
  return [
    s.registrationsExpected,
    s.registrationsRight,
    s.registrationsWrongObject,
    s.registrationsMissing,
    s.registrationsInvented,
    s.reported,
    s.truePositives,
    s.falsePositives,
    s.bugsExpected,
    s.bugsFound,
    `${s.infoReported} (${s.infoTrue})`,
  ];
}

function tableRow(cells: readonly (string | number)[]): string {
  return `| ${cells.join(' | ')} |`;
}

function header(columns: readonly string[]): string[] {
  return [tableRow(columns), `|${columns.map(() => ' --- ').join('|')}|`];
}

function shortName(entry: ManifestEntry): string {
  return `${entry.repo.split('/')[1]}@${entry.commit.slice(0, 7)}:${entry.path}`;
}

/** Keeps the detail listing to one readable line per finding. */
function clip(text: string, length = 110): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

function markdown(scored: readonly ScoredFile[], totals: Totals): string {
  const lines = header(COLUMNS);
  for (const { entry, score } of scored)
    lines.push(tableRow([shortName(entry), entry.kind, ...counts(score)]));
  lines.push(tableRow(['**total**', '', ...counts(totals)]));
  lines.push('', ...header(['by kind', ...COLUMNS.slice(2)]));
  for (const kind of [...new Set(scored.map(({ entry }) => entry.kind))].sort()) {
    const subtotal = addScores(scored.filter(({ entry }) => entry.kind === kind).map(({ score }) => score));
    lines.push(tableRow([kind, ...counts(subtotal)]));
  }
  const mainline = addScores(scored.filter(({ entry }) => !isProposal(entry.kind)).map(({ score }) => score));
  const proposals = addScores(scored.filter(({ entry }) => isProposal(entry.kind)).map(({ score }) => score));
  lines.push(
    '',
    `- registrations on the right object, mainline API and kpatch/klp-build macros: ${ratio(mainline.registrationsRight, mainline.registrationsExpected)}; invented: ${mainline.registrationsInvented}`,
    `- registrations on the right object, API proposals (*-proposal, not modelled): ${ratio(proposals.registrationsRight, proposals.registrationsExpected)}; invented: ${proposals.registrationsInvented}`,
    `- warnings and errors that are true: ${ratio(totals.truePositives, totals.reported)}`,
    `- real bugs found: ${ratio(totals.bugsFound, totals.bugsExpected)}`,
    `- info findings: ${totals.infoReported}, of which true: ${totals.infoTrue}`,
  );
  const kinds = tallyBugKinds(scored);
  lines.push(
    `- bugs found per kind: ${[...kinds].map(([kind, t]) => `${kind} ${t.found}/${t.expected}`).join(', ')}`,
  );
  lines.push('', '### Issue 7 targets', '', ...doneWhen(totals, kinds, mainline).map((line) => `- ${line}`));
  const details = scored.filter(({ score }) => score.falseFindings.length > 0 || score.missedBugs.length > 0);
  if (details.length > 0) lines.push('', '### False findings and missed bugs', '');
  for (const { entry, score } of details) {
    lines.push(`- ${shortName(entry)}`);
    for (const f of score.falseFindings) lines.push(`  - false: ${f.rule}@${f.line} ${clip(f.message)}`);
    for (const b of score.missedBugs) lines.push(`  - missed: ${b.kind}@${b.line} ${clip(b.note)}`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const corpus = process.env.KLP_REALWORLD_DIR ?? path.join(ROOT, '.realworld');
  const manifest = readJson<{ files: ManifestEntry[] }>(path.join(SET, 'manifest.json'));
  const expectations = readJson<Record<string, FileExpectation>>(path.join(SET, 'expectations.json'));
  const present = manifest.files.filter((entry) => fs.existsSync(path.join(corpus, entry.id)));
  if (present.length === 0) {
    console.log(
      `realworld: skipped, none of the ${manifest.files.length} files of test/realworld/manifest.json is in ${corpus} ` +
        '(set KLP_REALWORLD_DIR, or populate the folder as test/realworld/README.md says)',
    );
    return;
  }
  const { scored, problems } = await analyzeCorpus(corpus, manifest.files, expectations);
  const totals = addScores(scored.map((s) => s.score));
  if (process.argv.includes('--json')) {
    const files = scored.map(({ entry, score }) => ({ id: entry.id, kind: entry.kind, ...score }));
    const bugKinds = Object.fromEntries(tallyBugKinds(scored));
    console.log(JSON.stringify({ corpus, files, totals, bugKinds, problems }, null, 2));
  } else {
    console.log(markdown(scored, totals));
    for (const problem of problems) console.log(`note: ${problem}`);
  }
  if (problems.some((p) => p.includes('differs'))) process.exitCode = 1;
}

if (require.main === module) void main();
