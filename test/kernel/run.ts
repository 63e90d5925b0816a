// The differential suite: built-in scenarios on the samples and seeded random cases, through `trace` and a real kernel.
//
//   node --import tsx test/kernel/run.ts [--cases N] [--seed S] [--no-builtins] [--batch B] [--save DIR]
//
// Every case is simulated and run in qemu with mirror modules (server/src/host/verify); both traces must
// agree event for event. Without qemu or the kernel packages it prints one line and exits 0.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { builtinScenarios } from '../../server/src/core/lifecycle/builtins';
import { livepatchModulesOf } from '../../server/src/core/lifecycle/file-modules';
import { parseScenario } from '../../server/src/core/lifecycle/scenario';
import type { LivepatchModule } from '../../server/src/core/lifecycle/state';
import { extractFileModel } from '../../server/src/core/model/extract';
import { loadEngine, type ParserEngine } from '../../server/src/core/parse/engine';
import { sideBySide } from '../../server/src/cli/format/verify-text';
import { runCases, type CaseResult, type VerifyCase } from '../../server/src/host/verify/run-cases';
import { aptLine, cacheRoot, findToolchain } from '../../server/src/host/verify/toolchain';
import { generateCase } from './generate';

const ROOT = path.join(__dirname, '..', '..');

interface Options {
  cases: number;
  seed: number;
  builtins: boolean;
  batch: number;
  save: string;
}

function parseOptions(argv: string[]): Options {
  const options: Options = {
    cases: 30,
    seed: 1,
    builtins: true,
    batch: 16,
    save: path.join(ROOT, '.work', 'kernel-suite'),
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => Number(argv[++i]);
    if (flag === '--cases') options.cases = value();
    else if (flag === '--seed') options.seed = value();
    else if (flag === '--batch') options.batch = value();
    else if (flag === '--no-builtins') options.builtins = false;
    else if (flag === '--save') options.save = path.resolve(argv[++i] ?? '');
    else throw new Error(`unknown option ${flag}`);
  }
  return options;
}

interface SuiteCase extends VerifyCase {
  label: string;
  scenario: string;
  files: Map<string, string>;
}

function modulesOf(engine: ParserEngine, files: ReadonlyMap<string, string>): LivepatchModule[] {
  return [...files].flatMap(([file, text]) => livepatchModulesOf(extractFileModel(engine, file, text)));
}

function makeCase(
  id: string,
  label: string,
  files: Map<string, string>,
  modules: LivepatchModule[],
  scenario: string,
): SuiteCase {
  const parsed = parseScenario(scenario);
  if (parsed.errors.length > 0) throw new Error(`${label}: ${parsed.errors[0]?.message}`);
  return { id, label, files, modules, actions: parsed.actions, scenario };
}

/** Every built-in scenario that applies, on each sample alone and on pairs of samples (for the two-patch ones). */
function builtinCases(engine: ParserEngine): SuiteCase[] {
  const samples = path.join(ROOT, 'samples');
  const inputs = fs
    .readdirSync(samples)
    .filter((f) => /\.(c|patch)$/.test(f))
    .sort()
    .map((f) => [f]);
  inputs.push(['livepatch-callbacks-demo.c', 'livepatch-callbacks-variable.c']);
  inputs.push(['livepatch-object-variables.c', 'livepatch-runtime-callbacks.c']);
  inputs.push(['kpatch-callbacks.c', 'klp-build-callbacks.c']);
  const cases: SuiteCase[] = [];
  const covered = new Set<string>();
  for (const names of inputs) {
    const files = new Map(names.map((n) => [n, fs.readFileSync(path.join(samples, n), 'utf8')]));
    const modules = modulesOf(engine, new Map([...files].map(([n, t]) => [path.join(samples, n), t])));
    for (const builtin of builtinScenarios(modules)) {
      if (!builtin.applicable) continue;
      covered.add(builtin.name);
      const id = `b${cases.length}`;
      cases.push(makeCase(id, `${names.join('+')} ${builtin.name}`, files, modules, builtin.text));
    }
  }
  const missing = builtinScenarios([])
    .map((b) => b.name)
    .filter((n) => !covered.has(n));
  if (missing.length > 0)
    console.log(`note: no sample input makes these built-ins apply: ${missing.join(', ')}`);
  return cases;
}

function generatedCases(engine: ParserEngine, count: number, seed: number): SuiteCase[] {
  return Array.from({ length: count }, (_, i) => {
    const generated = generateCase(seed, i);
    return makeCase(
      generated.id,
      `seed ${seed} case ${i}`,
      generated.files,
      modulesOf(engine, generated.files),
      generated.scenario,
    );
  });
}

function save(dir: string, c: SuiteCase, result: CaseResult): void {
  const out = path.join(dir, c.id);
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'scenario.klpscenario'), `# ${c.label}\n${c.scenario}`);
  for (const [name, text] of result.sources)
    fs.writeFileSync(path.join(out, `${name.replace(/_/g, '-')}.c`), text);
  for (const [name, text] of c.files) fs.writeFileSync(path.join(out, `input-${path.basename(name)}`), text);
  fs.writeFileSync(path.join(out, 'real.txt'), `${result.realLines.join('\n')}\n`);
  fs.writeFileSync(path.join(out, 'predicted.txt'), `${result.predictedLines.join('\n')}\n`);
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const found = findToolchain();
  if ('missing' in found) {
    console.log(`kernel suite skipped: missing ${found.missing.join(', ')} (${aptLine(found.packages)})`);
    return 0;
  }
  const engine = await loadEngine();
  const cases = [
    ...(options.builtins ? builtinCases(engine) : []),
    ...generatedCases(engine, options.cases, options.seed),
  ];
  console.log(
    `kernel suite: ${cases.length} cases on ${found.toolchain.release}, ${options.batch} per VM boot`,
  );
  const started = Date.now();
  let agreed = 0;
  const failures: string[] = [];
  for (let i = 0; i < cases.length; i += options.batch) {
    const batch = cases.slice(i, i + options.batch);
    const results = await runCases(batch, {
      toolchain: found.toolchain,
      cache: cacheRoot(),
      workDir: path.join(options.save, `batch-${i / options.batch}`),
      progress: (m) => console.log(`  ${m}`),
    });
    results.forEach((result, j) => {
      const c = batch[j] as SuiteCase;
      if (result.problems.length === 0 && result.firstDifference < 0) {
        agreed += 1;
        console.log(`ok     ${c.id} ${c.label}`);
        return;
      }
      save(options.save, c, result);
      const what = result.problems.length > 0 ? `ERROR ${result.problems.join('; ')}` : 'DIFFERS';
      failures.push(`${c.id} ${c.label}: ${what}`);
      console.log(
        `FAIL   ${c.id} ${c.label}: ${what}\n${result.problems.length === 0 ? sideBySide(result, false) : ''}`,
      );
    });
  }
  const minutes = ((Date.now() - started) / 60000).toFixed(1);
  console.log(`kernel suite: ${agreed}/${cases.length} agree (${minutes} min)`);
  if (failures.length > 0)
    console.log(`not agreeing (saved under ${options.save}):\n  ${failures.join('\n  ')}`);
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(2);
  },
);
