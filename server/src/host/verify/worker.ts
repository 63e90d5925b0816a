// The verify child process the language server forks (dist/verify-worker.js): one probe or one run, answered over IPC.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { VerifyOutcome } from '../../lsp/features/verify-scenario';
import type { WorkerReply, WorkerRequest } from './forked-verifier';
import { runCases } from './run-cases';
import { aptLine, cacheRoot, findToolchain } from './toolchain';
import { comparableLines } from './trace-lines';

function reply(message: WorkerReply): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) resolve();
    else process.send(message, undefined, {}, () => resolve());
  });
}

async function answer(request: WorkerRequest): Promise<VerifyOutcome> {
  const found = findToolchain();
  if ('missing' in found)
    return { kind: 'unavailable', missing: found.missing, aptLine: aptLine(found.packages) };
  if (request.type === 'probe') return { kind: 'available' };
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'klp-callbacks-verify-'));
  try {
    const [result] = await runCases([{ id: 'c0', modules: request.modules, actions: request.actions }], {
      toolchain: found.toolchain,
      cache: cacheRoot(),
      workDir,
      progress: (message) => void reply({ type: 'progress', message }),
    });
    if (!result) return { kind: 'error', message: 'no result' };
    return {
      kind: 'ran',
      kernel: result.kernel,
      problems: result.problems,
      predicted: comparableLines(result.predictedLines),
      real: comparableLines(result.realLines),
      firstDifference: result.firstDifference,
    };
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

process.once('message', (raw: unknown) => {
  void answer(raw as WorkerRequest)
    .catch((error: unknown): VerifyOutcome => ({
      kind: 'error',
      message: error instanceof Error ? error.message : String(error),
    }))
    .then((outcome) => reply({ type: 'outcome', outcome }))
    .finally(() => process.exit(0));
});
