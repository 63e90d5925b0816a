// npm run bench: start-up, keystrokes, the language server, and `check` against the raw parse and spatch, as ratios of one run.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Edit } from 'web-tree-sitter';
import { collectInputs } from '../server/src/cli/inputs';
import { analyzeText, DocumentAnalyzer } from '../server/src/core/analyze';
import type { TextChange } from '../server/src/core/parse/document';
import { loadEngine, type ParserEngine } from '../server/src/core/parse/engine';
import { LineIndex } from '../server/src/core/text';
import { WorkspaceIndex } from '../server/src/lsp/workspace-index';
import { generateKernelTree, generateMixedCorpus } from './bench/corpus';
import { measure, medianProcess, runProcess, type ProcessCost } from './bench/measure';
import { measureServerStarts } from './bench/server';
import { forgetExplorations } from '../server/src/core/check/model-check';

const ROOT = path.join(__dirname, '..');

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

/** One keystroke at (line, character), typed then deleted on alternate calls, as LSP changes. */
function keystrokes(line: number, character: number): (n: number) => TextChange {
  return (n) => {
    const insert = n % 2 === 0;
    return {
      range: { start: { line, character }, end: { line, character: insert ? character : character + 1 } },
      text: insert ? 'x' : '',
    };
  };
}

/** The baseline of a keystroke: tree.edit and web-tree-sitter's incremental reparse of the raw text, nothing else. */
function rawReparse(engine: ParserEngine, text: string, change: (n: number) => TextChange): () => void {
  let current = text;
  let tree = engine.parse(current);
  let typed = 0;
  return () => {
    const edit = change(typed++);
    if (!('range' in edit)) return;
    const index = new LineIndex(current);
    const startIndex = index.offsetAt(edit.range.start);
    const oldEndIndex = index.offsetAt(edit.range.end);
    const next = current.slice(0, startIndex) + edit.text + current.slice(oldEndIndex);
    const newEnd = new LineIndex(next).positionAt(startIndex + edit.text.length);
    tree.edit(
      new Edit({
        startIndex,
        oldEndIndex,
        newEndIndex: startIndex + edit.text.length,
        startPosition: { row: edit.range.start.line, column: edit.range.start.character },
        oldEndPosition: { row: edit.range.end.line, column: edit.range.end.character },
        newEndPosition: { row: newEnd.line, column: newEnd.character },
      }),
    );
    const previous = tree;
    tree = engine.parse(next, previous);
    previous.delete();
    current = next;
  };
}

/** What the language server computes per keystroke: the update (tree.edit, reparse), extraction, the rules. */
function analyzedKeystroke(analyzer: DocumentAnalyzer, change: (n: number) => TextChange): () => void {
  let typed = 0;
  return () => {
    analyzer.update([change(typed++)]);
    analyzer.analyze();
  };
}

const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 0)} ms`;
const ratio = (value: number) => `${value.toFixed(2)}×`;

interface Row {
  figure: string;
  value: string;
  ratio?: string;
}

async function main(): Promise<void> {
  // The processes measured run the bundles: built from this checkout first.
  spawnSync(process.execPath, [path.join(ROOT, 'esbuild.mjs')], { cwd: ROOT, stdio: 'inherit' });
  const rows: Row[] = [];
  const quick = process.argv.includes('--quick');
  const cpus = os.cpus();
  console.log(
    `klp-callbacks bench: node ${process.version}, ${os.availableParallelism()} cores (${cpus[0]?.model ?? 'unknown CPU'}), load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} at start`,
  );
  console.log(
    'Ratios compare figures measured in this one run; a process is timed by wall clock and by its CPU time.\n',
  );
  let start = performance.now();
  const engine = await loadEngine();
  rows.push({ figure: 'engine start-up (wasm runtime + C grammar)', value: ms(performance.now() - start) });
  // Queries compile on first use; a module that lacks the names a query needs never compiles it.
  start = performance.now();
  for (const name of engine.queryNames) engine.query(name);
  rows.push({
    figure: `compiling all ${engine.queryNames.length} queries (each on its first use)`,
    value: ms(performance.now() - start),
  });

  // Keystroke on a ~5,000-line module: inside a function body and inside objs[].
  const text = syntheticModule(50, 10);
  const lines = text.split('\n');
  rows.push({
    figure: `one-shot analysis, synthetic ${lines.length}-line module`,
    value: ms(measure(() => analyzeText(engine, 'bench.c', text), 10)),
  });
  const bodyLine = lines.findIndex((l) => l.includes('int total = value * 5;'));
  const objsLine = lines.findIndex((l) => l.includes('.name = "target_mod_25"'));
  for (const [where, change] of [
    ['a function body', keystrokes(bodyLine, 14)],
    ['objs[]', keystrokes(objsLine, lines[objsLine].indexOf('target_mod_25') + 4)],
  ] as const) {
    const raw = measure(rawReparse(engine, text, change), 100);
    const analyzer = new DocumentAnalyzer(engine, 'bench.c', text);
    analyzer.analyze();
    const full = measure(analyzedKeystroke(analyzer, change), 100);
    analyzer.dispose();
    rows.push({ figure: `keystroke in ${where}: raw incremental reparse`, value: ms(raw) });
    rows.push({
      figure: `keystroke in ${where}: edit to diagnostics (target ≤ 1.3× the reparse)`,
      value: ms(full),
      ratio: ratio(full / raw),
    });
  }

  const samples = collectInputs(['samples'], ROOT).sources;
  const all = measure(() => samples.forEach((source) => analyzeText(engine, source.path, source.text)), 10);
  rows.push({ figure: `one-shot analysis of all ${samples.length} samples`, value: ms(all) });

  const server = await measureServerStarts(ROOT, path.join(ROOT, 'bench.c'), text, bodyLine);
  rows.push({
    figure: 'language server: spawn to first diagnostics, first start (no code cache yet; median of 3)',
    value: ms(server.firstStart),
  });
  rows.push({
    figure: 'language server: spawn to first diagnostics, later starts (code cache; target < 300 ms)',
    value: ms(server.coldStart),
  });
  rows.push({
    figure: 'language server: didChange to diagnostics, same module',
    value: ms(server.editLatency),
  });
  rows.push({
    figure: 'language server: resident memory after the edits',
    value: `${server.rssMiB.toFixed(0)} MiB`,
  });

  const cli = path.join(ROOT, 'dist', 'cli.js');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'klp-bench-'));
  try {
    const corpus = generateMixedCorpus(path.join(tmp, 'mixed'));
    const label = `mixed corpus (${corpus.files} files, ${(corpus.bytes / 1e6).toFixed(1)} MB, ${corpus.livepatches} livepatches)`;
    const node = process.execPath;
    const raw = await medianProcess(
      node,
      [path.join(__dirname, 'bench', 'raw-parse.mjs'), corpus.root],
      ROOT,
    );
    const process1 = (cost: ProcessCost) => `${ms(cost.wall)} wall, ${ms(cost.cpu)} CPU`;
    rows.push({ figure: `${label}: raw web-tree-sitter parse (process)`, value: process1(raw) });
    const check = await medianProcess(node, [cli, 'check', corpus.root], ROOT);
    rows.push({
      figure: `${label}: \`check\` (pre-filter, ${os.availableParallelism()} workers) vs raw parse, CPU`,
      value: process1(check),
      ratio: ratio(raw.cpu / check.cpu),
    });
    const spatchArgs = [
      '--sp-file',
      path.join(__dirname, 'bench', 'callback-pairs.cocci'),
      '--dir',
      corpus.root,
      '--very-quiet',
    ];
    if (hasCommand('spatch')) {
      const spatch = await medianProcess('spatch', spatchArgs, tmp);
      rows.push({
        figure: `${label}: spatch (keyword pre-filter), \`check\` speed relative to it, wall | CPU`,
        value: process1(spatch),
        ratio: `${ratio(spatch.wall / check.wall)} | ${ratio(spatch.cpu / check.cpu)}`,
      });
      if (!quick) {
        const everything = await runProcess('spatch', [...spatchArgs, '--disable-worth-trying-opt'], tmp);
        rows.push({ figure: `${label}: spatch parsing every file`, value: process1(everything) });
      }
    } else {
      rows.push({ figure: `${label}: spatch`, value: 'not installed (apt-get install coccinelle)' });
    }
    const every1 = await medianProcess(
      node,
      [cli, 'check', corpus.root, '--no-prefilter', '--jobs', '1'],
      ROOT,
    );
    rows.push({
      figure: `${label}: \`check --no-prefilter --jobs 1\` (every file parsed): throughput vs raw parse (target ≥ 0.7×)`,
      value: process1(every1),
      ratio: ratio(raw.cpu / every1.cpu),
    });
    const every2 = await medianProcess(
      node,
      [cli, 'check', corpus.root, '--no-prefilter', '--jobs', '2'],
      ROOT,
    );
    rows.push({
      figure: `${label}: same with --jobs 2: wall-clock speed-up from 1 to 2 workers`,
      value: process1(every2),
      ratio: ratio(every1.wall / every2.wall),
    });
    const livepatches = path.join(corpus.root, 'livepatch');
    const rawLive = await medianProcess(
      node,
      [path.join(__dirname, 'bench', 'raw-parse.mjs'), livepatches],
      ROOT,
    );
    const checkLive = await medianProcess(node, [cli, 'check', livepatches, '--jobs', '1'], ROOT);
    rows.push({
      figure: `its ${corpus.livepatches} livepatch modules alone (all must be parsed): \`check --jobs 1\` throughput vs raw parse`,
      value: process1(checkLive),
      ratio: ratio(rawLive.cpu / checkLive.cpu),
    });

    const tree = generateKernelTree(path.join(tmp, 'tree'), 12, quick ? 2000 : 10_000);
    const treeLabel = `kernel-shaped tree (${tree.files} files, ${(tree.bytes / 1e6).toFixed(0)} MB, ${tree.livepatches} livepatches)`;
    const treeCheck = await runProcess(node, [cli, 'check', tree.root], ROOT);
    rows.push({
      figure: `${treeLabel}: \`check\``,
      value: `${process1(treeCheck)}, peak ${treeCheck.peakMiB.toFixed(0)} MiB`,
    });
    const rssBefore = process.memoryUsage().rss;
    start = performance.now();
    const workspaceIndex = new WorkspaceIndex(engine);
    const summary = await workspaceIndex.build([tree.root]);
    const index = workspaceIndex.state;
    rows.push({
      figure: `${treeLabel}: language server's workspace index (in the background, ${summary.files} files)`,
      value: `${ms(performance.now() - start)}, ${index.names.size} functions, +${((process.memoryUsage().rss - rssBefore) / 2 ** 20).toFixed(0)} MiB`,
    });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  for (const [figure, value] of modelCheckingRows(engine, text, samples)) rows.push({ figure, value });

  const width = Math.max(...rows.map((row) => row.figure.length));
  const valueWidth = Math.max(...rows.map((row) => row.value.length));
  for (const row of rows)
    console.log(`${row.figure.padEnd(width)}  ${row.value.padEnd(valueWidth)}  ${row.ratio ?? ''}`);
}

function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
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
  // The language server's path: structural findings at once, the exploration after, in slices.
  let onPath = 0;
  let deferred = 0;
  let slices = 0;
  let longestSlice = 0;
  const runs = 20;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    const insert = typed % 2 === 0;
    const at = { line, character: 1 };
    analyzer.update([
      { range: { start: at, end: insert ? at : { line, character: 2 } }, text: insert ? 'k' : '' },
    ]);
    typed++;
    forgetExplorations();
    const staged = analyzer.analyzeStaged();
    onPath += performance.now() - started;
    for (let done = !staged.rest; !done;) {
      const sliceStarted = performance.now();
      done = staged.rest?.next().done ?? true;
      const elapsed = performance.now() - sliceStarted;
      deferred += elapsed;
      longestSlice = Math.max(longestSlice, elapsed);
      slices++;
    }
    staged.dispose();
  }
  rows.push([
    'the same keystroke in the server: on the path (structural) / deferred exploration',
    `${(onPath / runs).toFixed(2)} / ${(deferred / runs).toFixed(2)} ms in ${Math.round(slices / runs)} slices (longest ${longestSlice.toFixed(2)} ms)`,
  ]);
  analyzer.dispose();
  return rows;
}

void main();
