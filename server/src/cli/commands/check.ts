// `klp-callbacks check`: runs the lint rules on files and folders; text, JSON or SARIF output.
import * as os from 'node:os';
import { packageVersion } from '../../version';
import { loadEngine } from '../../core/parse/engine';
import { ALL_RULES, findRule } from '../../core/rules/index';
import type { Severity } from '../../core/rules/types';
import { formatJson } from '../format/json';
import type { CheckResults, FileResult } from '../format/results';
import { formatSarif } from '../format/sarif';
import { formatText } from '../format/text';
import {
  applySourceFlag,
  oneOf,
  SOURCE_FLAGS,
  sourceFlagsUsage,
  splitArguments,
  type SourceOptions,
} from '../args';
import { collectInputItems, readSource, type InputProblem } from '../inputs';
import { FileChecker, type CheckSettings, type FileJob, type FileOutcome } from '../check-files';
import { checkFiles } from '../check-pool';
import { definedAskedNames, filesToRecheck } from '../workspace-names';
import { SourceOptionsResolver } from '../source-options';
import { EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, type CliIO } from '../io';
import { oneLine } from '../format/escape';
import type { Command } from './command';

type Format = 'text' | 'json' | 'sarif';
const FORMATS: readonly Format[] = ['text', 'json', 'sarif'];
const SEVERITIES: readonly (Severity | 'off')[] = ['off', 'info', 'warning', 'error'];

const USAGE = `usage: klp-callbacks check [files or folders...] [--format text|json|sarif] [--rule id=off|info|warning|error ...] [--explain]

Checks livepatch modules (.c, .h, .patch, .diff; folders are searched) for callback bugs.
With no paths, the current folder is checked.

options:
  --format F          text (default): path:line:col: severity: message [rule], and a summary;
                      json: {"files":[{"path","findings":[{"rule","severity","message","range","related"}]}]}
                      with 0-based LSP ranges; sarif: SARIF 2.1.0 for GitHub code scanning
  --rule id=S         run rule 'id' with severity S (off, info, warning or error); repeatable
  --jobs N            worker threads that parse and check files (default: the available CPUs);
                      output is in input order whatever N
  --no-prefilter      parse every file, also those with no livepatch construct (same results, slower)
  --explain           text: print under each lifecycle finding its counterexample, the shortest
                      scenario showing it, and its trace (violating events marked '>'); json gets
                      it as "counterexample": {"scenario","events"}, sarif as codeFlows
${sourceFlagsUsage(22)}

A file may silence findings with /* klp-callbacks: ignore rule-id */ on the line or the line
above, or /* klp-callbacks: ignore-file rule-id */ anywhere (ids comma-separated).

exit codes: 0 no error-severity finding, 1 at least one, 2 usage error or unreadable input.

rules:
${ALL_RULES.map((rule) => `  ${rule.id.padEnd(32)} ${rule.defaultSeverity.padEnd(8)} ${rule.docs.summary}`).join('\n')}
`;

export const checkCommand: Command = {
  name: 'check',
  summary: 'report callback bugs in livepatch modules (text, JSON or SARIF)',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const { rest, explain } = takeExplain(args);
    const options = parseArguments(rest);
    const settings: CheckSettings = {
      cwd: io.cwd,
      extract: options.extract,
      severities: options.severities,
      prefilter: options.prefilter,
    };
    // A bad --kernel-tree is a usage error before any file is read.
    new SourceOptionsResolver(options.extract, io.cwd);
    const items = collectInputItems(options.inputs.length > 0 ? options.inputs : ['.'], io.cwd);
    const jobs: FileJob[] = [];
    for (const item of items) if (!('problem' in item)) jobs.push({ ...item, index: jobs.length });
    const progress = io.progress ? progressLine(io.progress) : undefined;
    const outcomes = await checkFiles(jobs, settings, { jobs: options.jobs, progress: progress?.update });
    progress?.clear();
    let checker: FileChecker | undefined;
    const mainChecker = async () => (checker ??= new FileChecker(await loadEngine(), settings));
    // Files checked before the rest of the workspace was known are checked again if that changes their findings.
    const engineChecker = (await needsMainChecker(jobs, outcomes)) ? await mainChecker() : undefined;
    if (engineChecker) {
      const defined = definedAskedNames(jobs, outcomes, () => engineChecker, readText);
      for (const index of filesToRecheck(outcomes, defined)) {
        const text = readText(jobs[index]);
        if (text !== undefined) outcomes[index] = engineChecker.checkText(jobs[index], text, defined);
      }
    }
    const files: FileResult[] = [];
    const problems: InputProblem[] = [];
    let next = 0;
    for (const item of items) {
      if ('problem' in item) {
        problems.push(item.problem);
        continue;
      }
      const outcome = outcomes[next++];
      if ('unreadable' in outcome) problems.push({ path: item.path, message: outcome.unreadable });
      else
        files.push({
          path: item.path,
          absolutePath: item.absolutePath,
          findings: outcome.findings,
          problems: outcome.problems,
        });
    }
    const results: CheckResults = { files, root: io.cwd, severities: options.severities };
    if (options.format === 'json') io.out(formatJson(results));
    else if (options.format === 'sarif') io.out(formatSarif(results, packageVersion('0.0.0-dev')));
    else io.out(formatText(results, io.isTTY, explain));
    for (const problem of problems)
      io.err(`klp-callbacks: ${oneLine(problem.path)}: ${oneLine(problem.message)}\n`);
    if (problems.length > 0) return EXIT_USAGE;
    return files.some((file) => file.findings.some((f) => f.severity === 'error')) ? EXIT_FINDINGS : EXIT_OK;
  },
};

/** Only a file that asked about a name of another file needs a second look (and this thread's engine). */
async function needsMainChecker(
  jobs: readonly FileJob[],
  outcomes: readonly FileOutcome[],
): Promise<boolean> {
  return jobs.length > 0 && outcomes.some((outcome) => 'asked' in outcome && outcome.asked.length > 0);
}

function readText(job: FileJob): string | undefined {
  const read = readSource(job.absolutePath);
  return 'text' in read ? read.text : undefined;
}

/** "checked 120/200 files" on one terminal line, redrawn at most every 100 ms, erased at the end. */
function progressLine(write: (text: string) => void): {
  update: (done: number, total: number) => void;
  clear: () => void;
} {
  let last = 0;
  let shown = false;
  return {
    update(done, total) {
      const now = Date.now();
      if (done < total && now - last < 100) return;
      last = now;
      shown = true;
      write(`\rklp-callbacks: checked ${done}/${total} files`);
    },
    clear() {
      if (shown) write('\r\x1b[K');
    },
  };
}

interface CheckArguments {
  inputs: string[];
  jobs: number;
  prefilter: boolean;
  format: Format;
  severities: Record<string, Severity | 'off'>;
  extract: SourceOptions;
}

function parseArguments(args: string[]): CheckArguments {
  const end = args.indexOf('--');
  const noPrefilter = args.some((arg, i) => arg === '--no-prefilter' && (end < 0 || i < end));
  const rest = args.filter((arg, i) => arg !== '--no-prefilter' || (end >= 0 && i > end));
  const { inputs, options } = splitArguments(rest, ['--format', '--rule', '--jobs', ...SOURCE_FLAGS]);
  const result: CheckArguments = {
    inputs,
    jobs: os.availableParallelism(),
    prefilter: !noPrefilter,
    format: 'text',
    severities: {},
    extract: {},
  };
  for (const { flag, value } of options) {
    if (flag === '--format') result.format = oneOf(flag, value, FORMATS);
    else if (flag === '--jobs') result.jobs = parseJobs(value);
    else if (flag === '--rule') parseRule(value, result.severities);
    else applySourceFlag(flag, value, result.extract);
  }
  return result;
}

function parseJobs(value: string): number {
  const jobs = /^[1-9]\d{0,3}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(jobs))
    throw new UsageError(`--jobs takes a number of worker threads from 1 to 9999, not '${value}'`);
  return jobs;
}

/** `--explain` takes no value: it is taken out before the other options are read (not after `--`). */
function takeExplain(args: string[]): { rest: string[]; explain: boolean } {
  const end = args.indexOf('--');
  const before = end < 0 ? args : args.slice(0, end);
  const after = end < 0 ? [] : args.slice(end);
  return {
    rest: [...before.filter((a) => a !== '--explain'), ...after],
    explain: before.includes('--explain'),
  };
}

function parseRule(value: string, severities: Record<string, Severity | 'off'>): void {
  const parts = value.split('=');
  const [id, level] = parts;
  if (parts.length !== 2 || !id || !level)
    throw new UsageError(`--rule takes one id=severity (e.g. asymmetric-pair=off), not '${value}'`);
  if (!findRule(id))
    throw new UsageError(`unknown rule '${id}' (known: ${ALL_RULES.map((r) => r.id).join(', ')})`);
  const severity = SEVERITIES.find((s) => s === level);
  if (!severity)
    throw new UsageError(`unknown severity '${level}' for rule ${id} (use ${SEVERITIES.join(', ')})`);
  severities[id] = severity;
}
