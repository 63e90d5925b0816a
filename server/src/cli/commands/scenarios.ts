// `klp-callbacks scenarios`: lists the built-in scenarios, marking which apply to the given livepatch sources.
import { builtinScenarios, type BuiltinScenario } from '../../core/lifecycle/builtins';
import {
  applySourceFlag,
  oneOf,
  SOURCE_FLAGS,
  sourceFlagsUsage,
  splitArguments,
  type SourceOptions,
} from '../args';
import { EXIT_OK, EXIT_USAGE, type CliIO } from '../io';
import { oneLine, printableLines } from '../format/escape';
import type { Command } from './command';
import { loadLivepatchModules } from './trace';

const USAGE = `usage: klp-callbacks scenarios [files or folders...] [--format text|json] [--show NAME]

Lists the built-in scenarios 'klp-callbacks trace --scenario NAME' accepts. With livepatch sources, each
is written against their real patch and object names and marked as applicable or not (with the reason).

options:
  --format text|json  text (default): one line per scenario; json: {"scenarios":[{name, title,
                      description, applicable, reason?, text}]}
  --show NAME         print that scenario's source (needs inputs it applies to)
${sourceFlagsUsage(22)}
`;

export const scenariosCommand: Command = {
  name: 'scenarios',
  summary: 'list the built-in lifecycle scenarios and which apply to the given livepatch sources',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const options = parseArguments(args);
    const modules = options.inputs.length
      ? await loadLivepatchModules(options.inputs, io, 'scenarios', options.extract)
      : [];
    if (!modules) return EXIT_USAGE;
    const scenarios = builtinScenarios(modules);
    if (options.show !== undefined) return show(scenarios, options.show, io);
    if (options.format === 'json') {
      io.out(`${JSON.stringify({ scenarios }, null, 2)}\n`);
      return EXIT_OK;
    }
    io.out(printableLines(listText(scenarios, options.inputs.length > 0)));
    return EXIT_OK;
  },
};

function show(scenarios: BuiltinScenario[], name: string, io: CliIO): number {
  const found = scenarios.find((s) => s.name === name);
  if (!found) {
    io.err(`klp-callbacks scenarios: no built-in scenario named '${oneLine(name)}'\n`);
    return EXIT_USAGE;
  }
  if (!found.applicable) {
    io.err(`klp-callbacks scenarios: '${oneLine(name)}' does not apply: ${oneLine(found.reason ?? '')}\n`);
    return EXIT_USAGE;
  }
  io.out(printableLines(found.text));
  return EXIT_OK;
}

function listText(scenarios: BuiltinScenario[], withInputs: boolean): string {
  const width = Math.max(...scenarios.map((s) => s.name.length));
  const lines = scenarios.map((s) => {
    const mark = !withInputs ? '' : s.applicable ? 'applies  ' : 'n/a      ';
    const why = withInputs && !s.applicable ? ` (${s.reason})` : '';
    return `${s.name.padEnd(width)}  ${mark}${s.title}${why}\n    ${s.description}\n`;
  });
  const hint = withInputs ? '' : '\nGive livepatch files or folders to see which scenarios apply to them.\n';
  return lines.join('') + hint;
}

interface ScenariosOptions {
  inputs: string[];
  format: 'text' | 'json';
  show?: string;
  extract: SourceOptions;
}

function parseArguments(args: string[]): ScenariosOptions {
  const { inputs, options } = splitArguments(args, ['--format', '--show', ...SOURCE_FLAGS]);
  const result: ScenariosOptions = { inputs, format: 'text', extract: {} };
  for (const { flag, value } of options) {
    if (flag === '--show') result.show = value;
    else if (flag === '--format') result.format = oneOf(flag, value, ['text', 'json'] as const);
    else applySourceFlag(flag, value, result.extract);
  }
  return result;
}
