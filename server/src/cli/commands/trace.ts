// `klp-callbacks trace`: simulates a scenario against livepatch sources and prints the kernel's callback trace.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { appendAll } from '../../core/append';
import { withNextVersions } from '../../core/check/alphabet';
import { builtinScenarios } from '../../core/lifecycle/builtins';
import { formatTraceText } from '../../core/lifecycle/events';
import { livepatchModulesOf } from '../../core/lifecycle/file-modules';
import { scenarioWithout, withoutCondition } from '../../core/model/configuration';
import { scenarioLimits } from '../../core/lifecycle/limits';
import { parseScenario } from '../../core/lifecycle/scenario';
import { simulate, type LivepatchModule } from '../../core/lifecycle/simulate';
import { extractFileModel } from '../../core/model/extract';
import { loadEngine } from '../../core/parse/engine';
import {
  applySourceFlag,
  oneOf,
  SOURCE_FLAGS,
  sourceFlagsUsage,
  splitArguments,
  type SourceOptions,
} from '../args';
import { readBounded } from '../../host/read-bounded';
import { collectInputs } from '../inputs';
import { SourceOptionsResolver } from '../source-options';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliIO } from '../io';
import { oneLine, printableLines } from '../format/escape';
import type { Command } from './command';

const USAGE = `usage: klp-callbacks trace <files or folders...> --scenario FILE|BUILTIN [--format json|text]

Predicts which callbacks the kernel's livepatch core calls, on which object, in which order, with which
kernel messages, for the scenario's sequence of actions (see 'klp-callbacks scenarios' for the built-ins).

Scenario lines (.klpscenario; '#' starts a comment):
  load NAME [replace=0|1]     insmod a livepatch among the inputs (by patch name) or a target module
  unload NAME                 rmmod
  disable PATCH | enable PATCH  echo 0|1 > /sys/kernel/livepatch/PATCH/enabled
  fail PATCH[:OBJECT] [ERRNO] that pre_patch returns ERRNO from now on (default -ENODEV)
  succeed PATCH[:OBJECT]      undo 'fail'
  stall | settle              transitions wait until 'settle'

options:
  --scenario FILE|BUILTIN  a .klpscenario file, or the name of a built-in scenario
  --format json|text       json (default): {"events":[...]}; text: dmesg-like lines
  --without-condition C    simulate the build without preprocessor condition C: callbacks
                           registered under it are left out (a counterexample's withoutCondition;
                           a scenario line '# klp-callbacks: without C' says the same)
${sourceFlagsUsage(27)}

Warnings (stderr; "warnings" in JSON): scenario lines a real kernel would run differently (a stall
that cannot hold a patch changing no function, a long stall, unloading a module while stalled).

Exit codes: 0 traced (refusals the scenario provokes are part of the trace); 2 usage errors, unreadable
inputs, scenario errors, or no livepatch in the inputs. An input whose patch name an earlier input
already has is left out, with a warning (one module name is inserted once).
`;

export const traceCommand: Command = {
  name: 'trace',
  summary: 'simulate a scenario (load, unload, disable, ...) and print the callbacks the kernel would call',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const options = parseArguments(args);
    // The build to simulate: the flag, else the scenario file's own `# klp-callbacks: without C` line.
    const without = options.without ?? scenarioFileWithout(options.scenario, io.cwd);
    const modules = await loadLivepatchModules(options.inputs, io, 'trace', options.extract, without);
    if (!modules) return EXIT_USAGE;
    if (modules.length === 0) {
      io.err('klp-callbacks trace: no livepatch (struct klp_patch or callback macros) in the inputs\n');
      return EXIT_USAGE;
    }
    const scenario = resolveScenario(options.scenario, modules, io.cwd);
    if ('problem' in scenario) {
      io.err(`klp-callbacks trace: ${oneLine(scenario.problem)}\n`);
      return EXIT_USAGE;
    }
    const parsed = parseScenario(scenario.text);
    if (parsed.errors.length > 0) {
      reportScenarioErrors(scenario.label, parsed.errors, io);
      return EXIT_USAGE;
    }
    // A model-checking counterexample may load a patch's next version (`P_v2`): the same source again.
    const versions = withNextVersions(modules, parsed.actions);
    const events = simulate(versions, parsed.actions);
    // What a real kernel would do differently (see `verify`): said, not hidden in the trace.
    const warnings = scenarioLimits(versions, parsed.actions);
    for (const w of warnings)
      io.err(`klp-callbacks trace: warning: ${oneLine(scenario.label)}:${w.line}: ${oneLine(w.message)}\n`);
    io.out(
      options.format === 'text'
        ? printableLines(formatTraceText(events))
        : `${JSON.stringify(warnings.length > 0 ? { events, warnings } : { events }, null, 2)}\n`,
    );
    return EXIT_OK;
  },
};

interface TraceOptions {
  inputs: string[];
  scenario: string;
  format: 'json' | 'text';
  extract: SourceOptions;
  /** Simulate the build without this preprocessor condition (a counterexample's `withoutCondition`). */
  without?: string;
}

function parseArguments(args: string[]): TraceOptions {
  const { inputs, options } = splitArguments(args, [
    '--scenario',
    '--format',
    '--without-condition',
    ...SOURCE_FLAGS,
  ]);
  let scenario: string | undefined;
  let format: TraceOptions['format'] = 'json';
  let without: string | undefined;
  const extract: SourceOptions = {};
  for (const { flag, value } of options) {
    if (flag === '--scenario') scenario = value;
    else if (flag === '--format') format = oneOf(flag, value, ['json', 'text'] as const);
    else if (flag === '--without-condition') without = value;
    else applySourceFlag(flag, value, extract);
  }
  if (inputs.length === 0) throw new UsageError('give at least one livepatch file or folder');
  if (!scenario) throw new UsageError('--scenario is required (a .klpscenario file or a built-in name)');
  return { inputs, scenario, format, extract, ...(without !== undefined ? { without } : {}) };
}

/**
 * Reads and extracts the inputs into one LivepatchModule per patch; prints unreadable inputs and returns
 * undefined for them (the simulation would be wrong without them); a repeated patch name is a warning.
 */
export async function loadLivepatchModules(
  inputs: string[],
  io: CliIO,
  command: string,
  extract: SourceOptions = {},
  without?: string,
): Promise<LivepatchModule[] | undefined> {
  const resolver = new SourceOptionsResolver(extract, io.cwd);
  const collected = collectInputs(inputs, io.cwd);
  for (const problem of collected.problems)
    io.err(`klp-callbacks ${command}: ${oneLine(problem.path)}: ${oneLine(problem.message)}\n`);
  if (collected.problems.length > 0) return undefined;
  const engine = await loadEngine();
  const modules: LivepatchModule[] = [];
  for (const source of collected.sources) {
    const model = extractFileModel(engine, source.path, source.text, resolver.forSource(source.absolutePath));
    for (const problem of model.problems) {
      const line = problem.range.start.line + 1;
      io.err(
        `klp-callbacks ${command}: warning: ${oneLine(source.path)}:${line}: ${oneLine(problem.message)}\n`,
      );
    }
    appendAll(modules, livepatchModulesOf(without === undefined ? model : withoutCondition(model, without)));
  }
  return withoutDuplicateNames(modules, io, command);
}

/**
 * One module name can be inserted once: a second input with a patch of the same name (a `bad.c` in two
 * fixture folders, a copy of a file) is left out with a warning, as the language server does, and the
 * first keeps the name.
 */
function withoutDuplicateNames(modules: LivepatchModule[], io: CliIO, command: string): LivepatchModule[] {
  const kept = new Map<string, LivepatchModule>();
  for (const module of modules) {
    const first = kept.get(module.patch.name);
    if (!first) {
      kept.set(module.patch.name, module);
      continue;
    }
    io.err(
      `klp-callbacks ${command}: warning: ${oneLine(module.path)}: the patch name '${oneLine(module.patch.name)}' is already used by ${oneLine(first.path)}; this input is left out\n`,
    );
  }
  return [...kept.values()];
}

/** Past this many, a scenario's errors say it is the wrong file; more lines would only bury the terminal. */
const MAX_SCENARIO_ERRORS_SHOWN = 20;

/** The first scenario errors, one line each, and how many more there are (as a compiler's error limit does). */
export function reportScenarioErrors(
  label: string,
  errors: readonly { line: number; message: string }[],
  io: CliIO,
): void {
  for (const e of errors.slice(0, MAX_SCENARIO_ERRORS_SHOWN))
    io.err(`${oneLine(label)}:${e.line}: ${oneLine(e.message)}\n`);
  const more = errors.length - MAX_SCENARIO_ERRORS_SHOWN;
  if (more > 0) io.err(`${oneLine(label)}: ${more} more errors not shown; is this a scenario file?\n`);
}

/** A scenario is a few dozen lines; more is a wrong file (a log, a binary). */
const MAX_SCENARIO_BYTES = 1024 * 1024;

type ResolvedScenario = { text: string; label: string } | { problem: string };

/** A path that exists is a scenario file; otherwise the name of a built-in, which must apply. */
/** The condition a scenario file's directive leaves out (a built-in name has none). */
function scenarioFileWithout(value: string, cwd: string): string | undefined {
  const file = path.resolve(cwd, value);
  if (!fs.existsSync(file)) return undefined;
  const read = readBounded(file, MAX_SCENARIO_BYTES);
  return 'problem' in read ? undefined : scenarioWithout(read.bytes.toString('utf8'));
}

export function resolveScenario(value: string, modules: LivepatchModule[], cwd: string): ResolvedScenario {
  const file = path.resolve(cwd, value);
  if (fs.existsSync(file)) {
    const read = readBounded(file, MAX_SCENARIO_BYTES);
    if ('problem' in read) return { problem: `cannot read scenario ${value}: ${read.problem}` };
    return { text: read.bytes.toString('utf8'), label: value };
  }
  const builtins = builtinScenarios(modules);
  const builtin = builtins.find((s) => s.name === value);
  if (!builtin) {
    const names = builtins.map((s) => s.name).join(', ');
    return { problem: `'${value}' is neither a scenario file nor a built-in scenario (built-ins: ${names})` };
  }
  if (!builtin.applicable)
    return { problem: `the built-in scenario '${value}' does not apply: ${builtin.reason}` };
  return { text: builtin.text, label: `builtin:${value}` };
}
