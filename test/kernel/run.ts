// The differential suite: built-in scenarios on the samples and seeded random cases, through `trace` and a real kernel.
//
//   node --import tsx test/kernel/run.ts [--cases N] [--seed S] [--no-builtins] [--all-samples] [--list] [--only ID-PREFIX] [--record DIR] [--batch B] [--save DIR]
//
// Every case is simulated and run in qemu with mirror modules (server/src/host/verify), the `r` cases with
// the samples built as written (--real-callbacks); both traces must agree event for event. Without qemu or the kernel packages it prints one line and exits 0.
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
import { unbuildableReason, unsupportedActions } from '../../server/src/host/verify/real-callbacks';
import { builtinPair, generateCase, limitCases } from './generate';

const ROOT = path.join(__dirname, '..', '..');

interface Options {
  cases: number;
  seed: number;
  builtins: boolean;
  allSamples: boolean;
  list: boolean;
  only?: string;
  record?: string;
  batch: number;
  save: string;
}

function parseOptions(argv: string[]): Options {
  const options: Options = {
    cases: 30,
    seed: 1,
    builtins: true,
    allSamples: false,
    list: false,
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
    else if (flag === '--all-samples') options.allSamples = true;
    else if (flag === '--list') options.list = true;
    else if (flag === '--only') options.only = argv[++i];
    else if (flag === '--record') options.record = path.resolve(argv[++i] ?? '');
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

/**
 * Built-in scenarios on the samples (alone, and in pairs for the two-patch ones) and on a generated pair
 * that makes every built-in apply. `allSamples`: every applicable built-in on every input; otherwise the
 * generated pair's and the first two inputs' each.
 */
function builtinCases(engine: ParserEngine, allSamples: boolean): SuiteCase[] {
  const samples = path.join(ROOT, 'samples');
  const read = (names: string[]) =>
    new Map(names.map((n) => [path.join(samples, n), fs.readFileSync(path.join(samples, n), 'utf8')]));
  const inputs = [
    ...fs.readdirSync(samples),
    ...fs.readdirSync(path.join(samples, 'buggy')).map((f) => `buggy/${f}`),
  ]
    .filter((f) => /\.(c|patch)$/.test(f))
    .sort()
    .map((f) => read([f]));
  inputs.push(read(['livepatch-callbacks-demo.c', 'livepatch-callbacks-variable.c']));
  inputs.push(read(['livepatch-object-variables.c', 'livepatch-runtime-callbacks.c']));
  inputs.push(read(['kpatch-callbacks.c', 'klp-build-callbacks.c']));
  inputs.unshift(builtinPair());
  const cases: SuiteCase[] = [];
  const covered = new Map<string, number>();
  for (const files of inputs) {
    const modules = modulesOf(engine, files);
    const names = [...files.keys()]
      .map((f) => (f.startsWith(samples) ? path.relative(samples, f) : f))
      .join('+');
    for (const builtin of builtinScenarios(modules)) {
      if (!builtin.applicable) continue;
      if (!allSamples && (covered.get(builtin.name) ?? 0) >= 2) continue;
      covered.set(builtin.name, (covered.get(builtin.name) ?? 0) + 1);
      const id = `b${cases.length}`;
      cases.push(makeCase(id, `${names} ${builtin.name}`, files, modules, builtin.text));
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

/**
 * --real-callbacks: the samples built as written, each on the built-ins a module built as written can run
 * (no fail, stall or replace=). `allSamples`: every such pair; otherwise two.
 */
function realCases(engine: ParserEngine, allSamples: boolean): SuiteCase[] {
  const samples = path.join(ROOT, 'samples');
  const cases: SuiteCase[] = [];
  // samples/buggy/ holds deliberately broken modules, several of which do not compile.
  const files = fs
    .readdirSync(samples)
    .filter((f) => f.endsWith('.c'))
    .sort();
  for (const file of files) {
    const full = path.join(samples, file);
    const inputs = new Map([[full, fs.readFileSync(full, 'utf8')]]);
    const modules = modulesOf(engine, inputs);
    if (modules.length === 0 || modules.some((m) => unbuildableReason(m) !== '')) continue;
    const real = new Map(modules.map((m) => [m.patch.name, inputs.get(m.path) ?? '']));
    for (const builtin of builtinScenarios(modules)) {
      if (!builtin.applicable) continue;
      const c = makeCase(
        `r${cases.length}`,
        `${file} ${builtin.name} (real callbacks)`,
        inputs,
        modules,
        builtin.text,
      );
      if (unsupportedActions(c.actions).length > 0) continue;
      cases.push({ ...c, real });
    }
  }
  if (allSamples) return cases;
  const wanted = [
    'livepatch-callbacks-demo.c target-loaded-before-patch',
    'livepatch-object-variables.c target-not-present',
  ];
  return cases.filter((c) => wanted.some((w) => c.label.startsWith(`${w} `)));
}

function limitSuite(engine: ParserEngine): SuiteCase[] {
  return limitCases().map((l, i) =>
    makeCase(`l${i}`, l.name, l.files, modulesOf(engine, l.files), l.scenario),
  );
}

/** An agreeing case as a recording the oracle test replays (test/fixtures/oracle/README.md's format). */
function record(dir: string, c: SuiteCase, result: CaseResult, kernel: string): void {
  const out = path.join(dir, c.label);
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'scenario.klpscenario'), c.scenario);
  for (const [name, text] of result.sources) fs.writeFileSync(path.join(out, `${name}.c`), text);
  const header = [
    `# Recorded by npm run test:kernel -- --record (klp-callbacks verify's mirror modules): Linux ${kernel},`,
    '# qemu TCG -smp 1. Format: test/fixtures/oracle/README.md.',
  ];
  fs.writeFileSync(path.join(out, 'dmesg.txt'), [...header, ...result.realLines, ''].join('\n'));
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
  let cases = [
    ...(options.builtins
      ? [
          ...limitSuite(engine),
          ...builtinCases(engine, options.allSamples),
          ...realCases(engine, options.allSamples),
        ]
      : []),
    ...generatedCases(engine, options.cases, options.seed),
  ];
  if (options.only !== undefined) {
    const prefix = options.only;
    cases = cases.filter((c) => c.id.startsWith(prefix));
  }
  if (options.list) {
    for (const c of cases) console.log(`${c.id} ${c.label}`);
    return 0;
  }
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
        if (options.record && c.id.startsWith('l')) record(options.record, c, result, result.kernel);
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
