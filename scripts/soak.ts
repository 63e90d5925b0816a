// npm run soak [-- --edits N --documents N --cycles N --seed N]: the language server soak, with memory and latency tables.
import { runSoak, type SoakReport } from './soak/run-soak';

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? Number(process.argv[index + 1]) : fallback;
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} needs a whole number`);
  return value;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function printReport(report: SoakReport): void {
  const mb = (bytes: number) => (bytes / 1048576).toFixed(1);
  console.log(
    `\n${report.edits} edits, ${report.hovers} hovers, ${report.codeActions} code actions, ` +
      `${report.traces} traces, ${report.cycles} close/reopen cycles`,
  );
  console.log(
    '\n| after edits | open | rss MB | heapUsed MB | heapTotal MB | external MB | wasm MB | flow cache MB | server CPU ms/edit |',
  );
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  report.memory.forEach(({ edits, stats, cpuMs }, i) => {
    const row = [
      stats.rss,
      stats.heapUsed,
      stats.heapTotal,
      stats.external,
      stats.wasm,
      stats.flowCacheBytes,
    ].map(mb);
    const previous = report.memory[i - 1];
    // Since the previous sample: CPU time is what latency would be on an idle machine, summed.
    const perEdit =
      previous && edits > previous.edits
        ? ((cpuMs - previous.cpuMs) / (edits - previous.edits)).toFixed(1)
        : '';
    console.log(`| ${edits} | ${stats.openDocuments} | ${row.join(' | ')} | ${perEdit} |`);
  });
  const tenth = Math.max(1, Math.floor(report.latencies.length / 10));
  const windows = [
    ['first 10%', report.latencies.slice(0, tenth)],
    ['last 10%', report.latencies.slice(-tenth)],
    ['all', report.latencies],
  ] as const;
  console.log('\n| keystroke → diagnostics (ms) | n | p50 | p90 | p99 | max |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const [name, values] of windows) {
    const cells = [50, 90, 99, 100].map((p) => percentile(values, p).toFixed(1));
    console.log(`| ${name} | ${values.length} | ${cells.join(' | ')} |`);
  }
  console.log(`\nerror responses / logged errors: ${report.errors.length}`);
  for (const error of report.errors.slice(0, 10)) console.log(`  ${error}`);
  console.log(`final diagnostics differing from a fresh check --format json: ${report.mismatches.length}`);
  for (const file of report.mismatches.slice(0, 10)) console.log(`  ${file}`);
}

async function main(): Promise<void> {
  const edits = option('edits', 10000);
  const report = await runSoak({
    documents: option('documents', 50),
    edits,
    cycles: option('cycles', 100),
    seed: option('seed', 1),
    sampleEvery: Math.max(1, Math.floor(edits / 20)),
    serverNodeOptions: process.env.KLP_SOAK_NODE_OPTIONS?.split(' ').filter(Boolean),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  printReport(report);
  if (report.errors.length > 0 || report.mismatches.length > 0) process.exitCode = 1;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
