// npm run bench: measures start-up, one-shot analysis and per-keystroke incremental analysis.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { collectInputs } from '../server/src/cli/inputs';
import { analyzeText, DocumentAnalyzer } from '../server/src/core/analyze';
import { appendAll } from '../server/src/core/append';
import { forgetExplorations } from '../server/src/core/check/model-check';
import { loadEngine } from '../server/src/core/parse/engine';

const ROOT = path.join(__dirname, '..');
const RUNS = 30;

/** A large but realistic module: many helpers and patched functions, callbacks on many objects. */
function syntheticModule(objects: number, helpersPerObject: number): string {
  const parts = ['#include <linux/module.h>', '#include <linux/livepatch.h>', '#include <linux/slab.h>', ''];
  for (let o = 0; o < objects; o++) {
    parts.push(`static void *state_${o};`);
    for (let h = 0; h < helpersPerObject; h++) {
      parts.push(
        `static int helper_${o}_${h}(int value)`,
        '{',
        `\tint total = value * ${h + 1};`,
        '\tif (total > 1000)',
        '\t\treturn -EINVAL;',
        `\treturn total + ${o};`,
        '}',
        '',
      );
    }
    parts.push(
      `static int pre_patch_${o}(struct klp_object *obj)`,
      '{',
      `\tstate_${o} = kzalloc(64, GFP_KERNEL);`,
      `\treturn state_${o} ? 0 : -ENOMEM;`,
      '}',
      '',
      `static void post_unpatch_${o}(struct klp_object *obj)`,
      '{',
      `\tkfree(state_${o});`,
      `\tstate_${o} = NULL;`,
      '}',
      '',
      `static struct klp_func funcs_${o}[] = {`,
      `\t{ .old_name = "target_fn_${o}", .new_func = helper_${o}_0 },`,
      '\t{ }',
      '};',
      '',
    );
  }
  parts.push('static struct klp_object objs[] = {');
  for (let o = 0; o < objects; o++) {
    const name = o === 0 ? 'NULL' : `"target_mod_${o}"`;
    parts.push(
      `\t{ .name = ${name}, .funcs = funcs_${o},`,
      `\t  .callbacks = { .pre_patch = pre_patch_${o}, .post_unpatch = post_unpatch_${o} } },`,
    );
  }
  parts.push(
    '\t{ }',
    '};',
    '',
    'static struct klp_patch patch = { .mod = THIS_MODULE, .objs = objs };',
    '',
    'static int bench_init(void) { return klp_enable_patch(&patch); }',
    'static void bench_exit(void) { }',
    'module_init(bench_init);',
    'module_exit(bench_exit);',
    'MODULE_LICENSE("GPL");',
    'MODULE_INFO(livepatch, "Y");',
    '',
  );
  return parts.join('\n');
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function measure(run: () => void, runs = RUNS): number {
  run(); // warm-up: JIT and caches
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

async function main(): Promise<void> {
  const rows: [string, string][] = [];
  let start = performance.now();
  const engine = await loadEngine();
  rows.push([
    'engine start-up (wasm runtime + C grammar + all queries)',
    `${(performance.now() - start).toFixed(1)} ms`,
  ]);

  const text = syntheticModule(40, 10);
  const lines = text.split('\n').length;
  rows.push([
    `one-shot analysis, synthetic ${lines}-line module`,
    `${measure(() => analyzeText(engine, 'bench.c', text)).toFixed(2)} ms`,
  ]);

  // A keystroke inside one helper in the middle of the file, then the analysis the server runs.
  const analyzer = new DocumentAnalyzer(engine, 'bench.c', text);
  analyzer.analyze();
  const target = text.split('\n').findIndex((l) => l.includes('int total = value * 5;'));
  let typed = 0;
  const keystroke = () => {
    const character = 14 + (typed % 2);
    const insert = typed % 2 === 0;
    analyzer.update([
      {
        range: {
          start: { line: target, character },
          end: { line: target, character: insert ? character : character + 1 },
        },
        text: insert ? 'x' : '',
      },
    ]);
    typed++;
    analyzer.analyze();
  };
  rows.push([`keystroke + incremental re-analysis, same module`, `${measure(keystroke, 100).toFixed(2)} ms`]);
  analyzer.dispose();

  const samples = collectInputs(['samples'], ROOT).sources;
  const all = measure(() => samples.forEach((source) => analyzeText(engine, source.path, source.text)), 10);
  rows.push([`one-shot analysis of all ${samples.length} samples`, `${all.toFixed(2)} ms`]);

  start = performance.now();
  try {
    execFileSync(process.execPath, [path.join(ROOT, 'bin', 'klp-callbacks.js'), 'check', 'samples/'], {
      cwd: ROOT,
      stdio: 'ignore',
    });
  } catch {
    // check exits 1 when the buggy samples have error findings: only the time matters here.
  }
  rows.push([
    '`klp-callbacks check samples/` wall time (new process)',
    `${(performance.now() - start).toFixed(0)} ms`,
  ]);

  appendAll(rows, modelCheckingRows(engine, text, samples));

  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(`klp-callbacks bench (node ${process.version}, median of ${RUNS} runs unless noted)\n`);
  for (const [label, value] of rows) console.log(`${label.padEnd(width)}  ${value}`);
}

/**
 * What the lifecycle model checker costs: a file explored afresh (nothing remembered), and a
 * keystroke that changes one callback's effects, so that its object is explored again.
 */
function modelCheckingRows(
  engine: Awaited<ReturnType<typeof loadEngine>>,
  synthetic: string,
  samples: ReturnType<typeof collectInputs>['sources'],
): [string, string][] {
  const rows: [string, string][] = [];
  const largest = [...samples].sort((a, b) => b.text.length - a.text.length)[0];
  for (const [label, file, text] of [
    [`largest sample (${largest.path})`, largest.path, largest.text],
    ['synthetic module', 'bench.c', synthetic],
  ]) {
    const fresh = measure(() => {
      forgetExplorations();
      analyzeText(engine, file, text);
    }, 10);
    const remembered = measure(() => analyzeText(engine, file, text), 10);
    rows.push([
      `one-shot analysis, ${label}: explored afresh / remembered`,
      `${fresh.toFixed(2)} / ${remembered.toFixed(2)} ms`,
    ]);
  }
  const analyzer = new DocumentAnalyzer(engine, 'bench.c', synthetic);
  analyzer.analyze();
  const line = synthetic.split('\n').findIndex((l) => l.includes('kfree(state_20);'));
  let typed = 0;
  const keystroke = () => {
    // Typing or deleting a 'k' before kfree: a release becomes an unknown call, and back.
    const insert = typed % 2 === 0;
    const at = { line, character: 1 };
    analyzer.update([
      { range: { start: at, end: insert ? at : { line, character: 2 } }, text: insert ? 'k' : '' },
    ]);
    typed++;
    forgetExplorations();
    analyzer.analyze();
  };
  rows.push([
    "keystroke changing a callback's effects, nothing remembered",
    `${measure(keystroke, 20).toFixed(2)} ms`,
  ]);
  analyzer.dispose();
  return rows;
}

void main();
