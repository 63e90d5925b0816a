// Timing helpers of the bench: medians in-process, and child processes measured for wall time, CPU time and peak memory.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';

export function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export function measure(run: () => void, runs: number): number {
  run(); // warm-up: JIT and caches
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  return median(samples);
}

export interface ProcessCost {
  /** Milliseconds from spawn to exit. */
  wall: number;
  /** User + system CPU milliseconds of the process and all its threads (Linux; NaN elsewhere). */
  cpu: number;
  /** Peak resident memory in MiB (VmHWM, sampled every 20 ms; NaN where /proc is missing). */
  peakMiB: number;
}

const TICKS_PER_SECOND = 100;

/** cutime + cstime in clock ticks (/proc/self/stat fields 16 and 17): CPU of the children this process has reaped. */
function childrenTicks(): number {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[13]) + Number(fields[14]);
  } catch {
    return NaN;
  }
}

function peakKiB(pid: number): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs a command to its end (one at a time: its CPU time is what this process's reaped children
 * gained meanwhile, all its threads included). Peak memory is sampled while it lives.
 */
export function runProcess(command: string, args: string[], cwd: string): Promise<ProcessCost> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const ticksBefore = childrenTicks();
    const child = spawn(command, args, { cwd, stdio: 'ignore' });
    let peak = NaN;
    const sample = () => {
      if (child.pid !== undefined) peak = peakKiB(child.pid) ?? peak;
    };
    const timer = setInterval(sample, 20);
    child.on('error', (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on('exit', () => {
      clearInterval(timer);
      const ticks = childrenTicks() - ticksBefore;
      resolve({
        wall: performance.now() - start,
        cpu: (ticks / TICKS_PER_SECOND) * 1000,
        peakMiB: peak / 1024,
      });
    });
  });
}

/** The median run of `runs` (by wall time), after one warm-up run that fills the page cache. */
export async function medianProcess(
  command: string,
  args: string[],
  cwd: string,
  runs = 3,
): Promise<ProcessCost> {
  await runProcess(command, args, cwd);
  const costs: ProcessCost[] = [];
  for (let i = 0; i < runs; i++) costs.push(await runProcess(command, args, cwd));
  costs.sort((a, b) => a.wall - b.wall);
  return costs[Math.floor(costs.length / 2)];
}
