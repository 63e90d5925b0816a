// npm run fuzz [-- --inputs N --seed N --max-bytes N --minutes N --failures DIR]: hostile inputs through the core and the CLI; prints the figures.
import { percentile } from './soak';
import { runFuzz, type FuzzReport } from './fuzz/run-fuzz';

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function count(name: string, fallback: number): number {
  const value = Number(option(name) ?? fallback);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} needs a whole number`);
  return value;
}

const SMALL_BYTES = 256 * 1024;

function printReport(report: FuzzReport): void {
  const all = report.timings.map((t) => t.ms);
  const small = report.timings.filter((t) => t.bytes < SMALL_BYTES).map((t) => t.ms);
  const slowest = [...report.timings].sort((a, b) => b.ms - a.ms).slice(0, 5);
  console.log(
    `\n| inputs | exceptions | lost models | over 2 s | max ms | p50 ms (< 256 KB) | p99 ms (< 256 KB) |`,
  );
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  console.log(
    `| ${report.inputs} | ${report.exceptions.length} | ${report.lostModels.length} | ` +
      `${all.filter((ms) => ms > 2000).length} | ${Math.max(0, ...all).toFixed(0)} | ` +
      `${percentile(small, 50).toFixed(1)} | ${percentile(small, 99).toFixed(1)} |`,
  );
  printSteps(report);
  console.log('\n| mutator | inputs |\n| --- | ---: |');
  for (const [name, n] of [...report.byMutator].sort()) console.log(`| ${name} | ${n} |`);
  console.log('\nslowest inputs (all entry points together):');
  for (const t of slowest)
    console.log(`  ${t.ms.toFixed(0)} ms  ${(t.bytes / 1024).toFixed(0)} KB  ${t.input}`);
  const slowestSmall = report.timings.filter((t) => t.bytes < SMALL_BYTES).sort((a, b) => b.ms - a.ms);
  console.log('\nslowest inputs under 256 KB:');
  for (const t of slowestSmall.slice(0, 8))
    console.log(`  ${t.ms.toFixed(0)} ms  ${(t.bytes / 1024).toFixed(0)} KB  ${t.input}`);
  for (const failure of [...report.exceptions, ...report.lostModels].slice(0, 20)) {
    console.log(`FAIL ${failure.input}: ${failure.what.slice(0, 300)}`);
  }
}

/** Each entry point on its own: what one command costs a user on one of these files. */
function printSteps(report: FuzzReport): void {
  const names = [...new Set(report.timings.flatMap((t) => Object.keys(t.steps)))];
  console.log('\n| entry point | over 2 s | max ms | p50 ms (< 256 KB) | p99 ms (< 256 KB) |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const name of names) {
    const all = report.timings.map((t) => t.steps[name] ?? 0);
    const small = report.timings.filter((t) => t.bytes < SMALL_BYTES).map((t) => t.steps[name] ?? 0);
    console.log(
      `| ${name} | ${all.filter((ms) => ms > 2000).length} | ${Math.max(0, ...all).toFixed(0)} | ` +
        `${percentile(small, 50).toFixed(1)} | ${percentile(small, 99).toFixed(1)} |`,
    );
  }
  // What the tail is made of: the mutators of the inputs at or over each entry point's p99.
  console.log('\n| entry point | inputs under 256 KB at or over its p99, by mutator |\n| --- | --- |');
  for (const name of names) {
    const small = report.timings.filter((t) => t.bytes < SMALL_BYTES);
    const p99 = percentile(
      small.map((t) => t.steps[name] ?? 0),
      99,
    );
    const tail = new Map<string, number>();
    for (const t of small) {
      if ((t.steps[name] ?? 0) >= p99) tail.set(t.mutator, (tail.get(t.mutator) ?? 0) + 1);
    }
    const byCount = [...tail].sort((a, b) => b[1] - a[1]).map(([mutator, n]) => `${mutator} ${n}`);
    console.log(`| ${name} | ${byCount.join(', ')} |`);
  }
}

async function main(): Promise<void> {
  const report = await runFuzz({
    inputs: count('inputs', 10000),
    seed: count('seed', 1),
    failuresDir: option('failures'),
    ...(option('minutes') !== undefined ? { minutes: count('minutes', 0) } : {}),
    ...(option('max-bytes') !== undefined ? { maxBytes: count('max-bytes', 0) } : {}),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  printReport(report);
  if (report.exceptions.length > 0 || report.lostModels.length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
