// The fuzz run: every mutated input through the core (extract, check, every built-in trace, a random scenario) and the CLI.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeText } from '../../server/src/core/analyze';
import { onInternalError, type CaughtError } from '../../server/src/core/internal-errors';
import { builtinScenarios } from '../../server/src/core/lifecycle/builtins';
import { livepatchModulesOf } from '../../server/src/core/lifecycle/file-modules';
import { parseScenario } from '../../server/src/core/lifecycle/scenario';
import { simulate } from '../../server/src/core/lifecycle/simulate';
import { extractFileModel } from '../../server/src/core/model/extract';
import { loadEngine, type ParserEngine } from '../../server/src/core/parse/engine';
import { runCli } from '../../server/src/cli/main';
import { seededRandom } from '../seeded-random';
import { mutate, type FuzzInput, type Seed } from './mutators';
import { fuzzSeeds } from './seeds';

export interface FuzzOptions {
  inputs: number;
  seed: number;
  /** Inputs larger than this are drawn again (the short run in the test suite stays small). */
  maxBytes?: number;
  /** Stop drawing inputs after this many minutes (a run on a busy machine still reports). */
  minutes?: number;
  /** Where failing inputs are written (to become regression fixtures); nothing is written without it. */
  failuresDir?: string;
  log?: (line: string) => void;
}

export interface FuzzFailure {
  input: string;
  what: string;
}

export interface FuzzReport {
  inputs: number;
  /** Thrown out of an entry point, an internal CLI error, or caught and survived inside the core. */
  exceptions: FuzzFailure[];
  lostModels: FuzzFailure[];
  /** Milliseconds per input (all entry points together, and each entry point), with the input's size. */
  timings: { ms: number; bytes: number; input: string; mutator: string; steps: Record<string, number> }[];
  byMutator: Map<string, number>;
}

const CLI_RUNS: readonly (readonly string[])[] = [
  ['check', '--format', 'text'],
  ['check', '--format', 'json'],
  ['check', '--format', 'sarif'],
  ['extract'],
];

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const engine = await loadEngine();
  const random = seededRandom(options.seed);
  const seeds = fuzzSeeds();
  const seedPatches = new Map(seeds.map((seed) => [seed.name, patchCount(engine, seed)]));
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'klp-fuzz-'));
  const report: FuzzReport = { inputs: 0, exceptions: [], lostModels: [], timings: [], byMutator: new Map() };
  let caught: CaughtError[] = [];
  const began = performance.now();
  onInternalError((error) => caught.push(error));
  try {
    const deadline = options.minutes === undefined ? Infinity : began + options.minutes * 60_000;
    for (let index = 0; index < options.inputs && performance.now() < deadline; index++) {
      let seed: Seed;
      let input: FuzzInput;
      do {
        seed = random.pick(seeds);
        input = mutate(seed, random, index);
      } while (options.maxBytes !== undefined && input.bytes.length > options.maxBytes);
      report.byMutator.set(input.mutator, (report.byMutator.get(input.mutator) ?? 0) + 1);
      caught = [];
      const started = performance.now();
      const steps: Record<string, number> = {};
      const problems = await runInput(engine, folder, input, seedPatches.get(seed.name) ?? 0, steps);
      report.timings.push({
        ms: performance.now() - started,
        bytes: input.bytes.length,
        input: input.name,
        mutator: input.mutator,
        steps,
      });
      report.inputs++;
      for (const error of caught) problems.exceptions.push(`caught in ${error.where}: ${error.message}`);
      const failures = [
        ...problems.exceptions.map((what) => ({ input: input.name, what })),
        ...problems.lost.map((what) => ({ input: input.name, what })),
      ];
      report.exceptions.push(...problems.exceptions.map((what) => ({ input: input.name, what })));
      report.lostModels.push(...problems.lost.map((what) => ({ input: input.name, what })));
      if (failures.length > 0 && options.failuresDir) saveFailure(options.failuresDir, input);
      if ((index + 1) % 250 === 0) {
        const seconds = ((performance.now() - began) / 1000).toFixed(0);
        options.log?.(
          `${index + 1} inputs, ${seconds} s, ${report.exceptions.length + report.lostModels.length} failures`,
        );
      }
    }
    return report;
  } finally {
    onInternalError(undefined);
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

async function runInput(
  engine: ParserEngine,
  folder: string,
  input: FuzzInput,
  seedPatches: number,
  steps: Record<string, number>,
): Promise<{ exceptions: string[]; lost: string[] }> {
  const exceptions: string[] = [];
  const lost: string[] = [];
  const file = path.join(folder, `fuzz${input.extension}`);
  const scenarioFile = path.join(folder, 'fuzz.klpscenario');
  fs.writeFileSync(file, input.bytes);
  fs.writeFileSync(scenarioFile, input.scenario);
  const attempt = (what: string, run: () => void) => {
    const started = performance.now();
    try {
      run();
    } catch (error) {
      exceptions.push(`${what} threw: ${error instanceof Error ? error.message : String(error)}`);
    }
    steps[what] = performance.now() - started;
  };
  attempt('core', () => {
    const analysis = analyzeText(engine, file, input.bytes.toString('utf8'));
    const { model } = analysis;
    if (input.keepsSeed && !analysis.skipped && model.patches.length < seedPatches) {
      lost.push(`${model.patches.length} patches where the seed has ${seedPatches}`);
    }
    const modules = livepatchModulesOf(model);
    for (const scenario of builtinScenarios(modules)) {
      if (scenario.applicable) simulate(modules, parseScenario(scenario.text).actions);
    }
    simulate(modules, parseScenario(input.scenario).actions);
  });
  const runs = [...CLI_RUNS.map((args) => [...args, file]), ['trace', file, '--scenario', scenarioFile]];
  for (const args of runs) {
    let out = '';
    let err = '';
    const started = performance.now();
    const io = { out: (t: string) => (out += t), err: (t: string) => (err += t), isTTY: false, cwd: folder };
    try {
      const code = await runCli([...args], io);
      if (err.includes('internal error')) exceptions.push(`${args[0]}: ${err.trim()}`);
      if (code !== 2 && args.includes('json')) JSON.parse(out);
      if (code !== 2 && args.includes('sarif')) JSON.parse(out);
    } catch (error) {
      exceptions.push(`${args.join(' ')} threw: ${error instanceof Error ? error.message : String(error)}`);
    }
    steps[stepName(args)] = performance.now() - started;
  }
  return { exceptions, lost };
}

/** `check --format json`, `extract`, `trace`: the command as a user would name it, without the file. */
function stepName(args: readonly string[]): string {
  const format = args.indexOf('--format');
  return format >= 0 ? `${args[0]} --format ${args[format + 1]}` : args[0];
}

function patchCount(engine: ParserEngine, seed: Seed): number {
  const file = `/fuzz/${seed.name}${seed.extension}`;
  return extractFileModel(engine, file, seed.bytes.toString('utf8')).patches.length;
}

function saveFailure(dir: string, input: FuzzInput): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${input.name}${input.extension}`), input.bytes);
  fs.writeFileSync(path.join(dir, `${input.name}.klpscenario`), input.scenario);
}
