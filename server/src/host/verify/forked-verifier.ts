// Runs verify for the language server in a child process (dist/verify-worker.js), so the server keeps answering; cancel kills it.
import { fork, type ChildProcess } from 'node:child_process';
import type {
  Cancellation,
  ScenarioVerifier,
  VerifyJob,
  VerifyOutcome,
} from '../../lsp/features/verify-scenario';

/** Parent → worker: one request per process. */
export type WorkerRequest = { type: 'probe' } | ({ type: 'run' } & VerifyJob);
/** Worker → parent. */
export type WorkerReply = { type: 'progress'; message: string } | { type: 'outcome'; outcome: VerifyOutcome };

export function forkedVerifier(workerScript: string): ScenarioVerifier {
  return {
    probe: () => ask(workerScript, { type: 'probe' }, () => {}),
    run: (job, progress, cancel) => ask(workerScript, { type: 'run', ...job }, progress, cancel),
  };
}

function ask(
  workerScript: string,
  request: WorkerRequest,
  progress: (message: string) => void,
  cancel?: Cancellation,
): Promise<VerifyOutcome> {
  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      // Its own process group (detached), so cancelling also ends the make and qemu it started. Its
      // stdout stays away from ours: the server may be talking LSP on it.
      child = fork(workerScript, [], {
        // Not the server's own flags (an --inspect port would clash); the environment is inherited, so
        // under VS Code desktop ELECTRON_RUN_AS_NODE makes its executable a plain Node.
        execArgv: [],
        serialization: 'advanced',
        detached: true,
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
    } catch (error) {
      resolve({ kind: 'error', message: `cannot start ${workerScript}: ${String(error)}` });
      return;
    }
    let stderr = '';
    let settled = false;
    const finish = (outcome: VerifyOutcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
    };
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2000)));
    child.on('message', (raw: unknown) => {
      const reply = raw as WorkerReply;
      if (reply.type === 'progress') progress(reply.message);
      else if (reply.type === 'outcome') finish(reply.outcome);
    });
    child.on('error', (error) => finish({ kind: 'error', message: `the verify process: ${error.message}` }));
    child.on('exit', (code, signal) => {
      const why = signal ? `signal ${signal}` : `code ${String(code)}`;
      const last = stderr.trim().split('\n').pop() ?? '';
      finish({ kind: 'error', message: `the verify process ended (${why})${last ? `: ${last}` : ''}` });
    });
    cancel?.onCancellationRequested(() => {
      finish({ kind: 'cancelled' });
      killGroup(child);
    });
    if (cancel?.isCancellationRequested) {
      finish({ kind: 'cancelled' });
      killGroup(child);
      return;
    }
    child.send(request);
  });
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL'); // the group is gone already, or never formed
  }
}
