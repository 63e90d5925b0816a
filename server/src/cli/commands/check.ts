// `klp-callbacks check`: runs the lint rules on files and folders; text, JSON or SARIF output.
import { DocumentAnalyzer } from '../../core/analyze';
import { packageVersion } from '../../version';
import { relevantProblems, summarizeProblems } from '../../core/model/problem-summary';
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
import { collectInputs } from '../inputs';
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
    const resolver = new SourceOptionsResolver(options.extract, io.cwd);
    const collected = collectInputs(options.inputs.length > 0 ? options.inputs : ['.'], io.cwd);
    const engine = await loadEngine();
    const analyzers = collected.sources.map((source) => ({
      source,
      extract: resolver.forSource(source.absolutePath),
      analyzer: new DocumentAnalyzer(engine, source.path, source.text),
    }));
    const files: FileResult[] = [];
    try {
      const models = analyzers.map(({ analyzer, extract }) => analyzer.model(extract));
      // A callback may be defined in another input file: the inputs are the workspace.
      const workspaceFunctions = new Set(models.flatMap((model) => model.functions.map((fn) => fn.name)));
      analyzers.forEach(({ source, analyzer, extract }, index) => {
        const { findings, model } = analyzer.analyze(
          { extract, check: { severities: options.severities, workspaceFunctions } },
          models[index],
        );
        files.push({
          path: source.path,
          absolutePath: source.absolutePath,
          findings,
          problems: summarizeProblems(relevantProblems(model.problems, source.text)),
        });
      });
    } finally {
      for (const { analyzer } of analyzers) analyzer.dispose();
    }
    const results: CheckResults = { files, root: io.cwd, severities: options.severities };
    if (options.format === 'json') io.out(formatJson(results));
    else if (options.format === 'sarif') io.out(formatSarif(results, packageVersion('0.0.0-dev')));
    else io.out(formatText(results, io.isTTY, explain));
    for (const problem of collected.problems)
      io.err(`klp-callbacks: ${oneLine(problem.path)}: ${oneLine(problem.message)}\n`);
    if (collected.problems.length > 0) return EXIT_USAGE;
    return files.some((file) => file.findings.some((f) => f.severity === 'error')) ? EXIT_FINDINGS : EXIT_OK;
  },
};

interface CheckArguments {
  inputs: string[];
  format: Format;
  severities: Record<string, Severity | 'off'>;
  extract: SourceOptions;
}

function parseArguments(args: string[]): CheckArguments {
  const { inputs, options } = splitArguments(args, ['--format', '--rule', ...SOURCE_FLAGS]);
  const result: CheckArguments = { inputs, format: 'text', severities: {}, extract: {} };
  for (const { flag, value } of options) {
    if (flag === '--format') result.format = oneOf(flag, value, FORMATS);
    else if (flag === '--rule') parseRule(value, result.severities);
    else applySourceFlag(flag, value, result.extract);
  }
  return result;
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
