// Checks the files of one `check` run in worker threads (or in this thread), results in input order.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { loadEngine } from '../core/parse/engine';
import { FileChecker, type CheckSettings, type FileJob, type FileOutcome } from './check-files';

export interface PoolOptions {
  /** Worker threads at most; 1 checks in this thread. */
  jobs: number;
  /** Called as files complete (done of total). */
  progress?: (done: number, total: number) => void;
}

/** A worker pays for its own engine (~0.1 s): fewer files than this per worker are checked with fewer workers. */
const FILES_PER_WORKER = 16;
/** Files sent ahead to each worker, so it never waits for the main thread between two files. */
const IN_FLIGHT = 2;

/**
 * Every job's outcome, indexed like `jobs` (a job's `index` is its place in `jobs`). Each thread holds one tree at a time and the main
 * thread only paths and results: memory does not grow with the size of the inputs' text.
 */
export async function checkFiles(
  jobs: readonly FileJob[],
  settings: CheckSettings,
  options: PoolOptions,
): Promise<FileOutcome[]> {
  const outcomes: FileOutcome[] = new Array<FileOutcome>(jobs.length);
  let done = 0;
  const record = (outcome: FileOutcome) => {
    outcomes[outcome.index] = outcome;
    done++;
    options.progress?.(done, jobs.length);
  };
  const workers = Math.min(options.jobs, Math.ceil(jobs.length / FILES_PER_WORKER));
  const queue = [...jobs];
  if (workers > 1) await runWorkers(workers, queue, settings, record);
  // Without workers, or what they left (a worker that could not start or died): checked here.
  if (queue.length > 0) {
    const checker = new FileChecker(await loadEngine(), settings);
    for (const job of queue.splice(0)) record(checker.check(job));
  }
  return outcomes;
}

function runWorkers(
  count: number,
  queue: FileJob[],
  settings: CheckSettings,
  record: (outcome: FileOutcome) => void,
): Promise<void> {
  return new Promise((resolve) => {
    let running = count;
    const finished = () => {
      if (--running === 0) resolve();
    };
    for (let i = 0; i < count; i++) {
      const inFlight: FileJob[] = [];
      let worker: Worker;
      try {
        worker = startWorker(settings);
      } catch {
        finished();
        continue;
      }
      const feed = () => {
        while (inFlight.length < IN_FLIGHT && queue.length > 0) {
          const job = queue.shift() as FileJob;
          inFlight.push(job);
          worker.postMessage(job);
        }
        if (inFlight.length === 0) worker.postMessage(null);
      };
      let ended = false;
      const end = () => {
        if (ended) return;
        ended = true;
        // Jobs a failed worker did not finish go back to the queue for the others (or this thread).
        queue.unshift(...inFlight.splice(0));
        finished();
      };
      worker.on('message', (message: FileOutcome | 'ready') => {
        if (message !== 'ready') {
          const at = inFlight.findIndex((job) => job.index === message.index);
          if (at >= 0) inFlight.splice(at, 1);
          record(message);
        }
        feed();
      });
      worker.on('error', end);
      worker.on('exit', end);
    }
  });
}

/** The bundle ships dist/check-worker.js beside dist/cli.js; from source (tests, tsx) the .ts file is loaded through tsx's require hook. */
function startWorker(settings: CheckSettings): Worker {
  const bundled = path.join(__dirname, 'check-worker.js');
  if (fs.existsSync(bundled)) return new Worker(bundled, { workerData: settings });
  const source = path.join(__dirname, 'check-worker.ts');
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(source)});`, {
    eval: true,
    workerData: settings,
  });
}
