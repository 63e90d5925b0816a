// A `check` worker thread: loads its own engine, checks the files it is sent, posts each result back.
import { parentPort, workerData } from 'node:worker_threads';
import { loadEngine } from '../core/parse/engine';
import { FileChecker, type CheckSettings, type FileJob } from './check-files';

async function serve(): Promise<void> {
  const port = parentPort;
  if (!port) return;
  const checker = new FileChecker(await loadEngine(), workerData as CheckSettings);
  port.on('message', (job: FileJob | null) => {
    if (job === null) {
      port.close();
      return;
    }
    port.postMessage(checker.check(job));
  });
  port.postMessage('ready');
}

void serve();
