// The bench's language-server figures, over real stdio: cold start to first diagnostics, per-edit latency, memory.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { median } from './measure';

export interface ServerFigures {
  /** Spawn of `klp-callbacks-ls --stdio` to the first publishDiagnostics of the opened module. */
  coldStart: number;
  /** didChange (one character inside a function) to its publishDiagnostics, median. */
  editLatency: number;
  /** Resident memory of the server after the edits, MiB. */
  rssMiB: number;
}

function rssMiB(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

export async function measureServer(
  root: string,
  file: string,
  text: string,
  editLine: number,
  edits: number,
  /** Extra environment, e.g. the code cache's folder (KLP_CALLBACKS_CODE_CACHE). */
  env: NodeJS.ProcessEnv = {},
): Promise<ServerFigures> {
  const start = performance.now();
  const child = spawn(process.execPath, [path.join(root, 'bin', 'klp-callbacks-ls.js'), '--stdio'], {
    stdio: ['pipe', 'pipe', 'ignore'],
    env: { ...process.env, ...env },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  let waiting: ((params: PublishDiagnosticsParams) => void) | undefined;
  const uri = pathToFileURL(file).toString();
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    if (params.uri === uri && waiting) waiting(params);
  });
  connection.listen();
  const next = () => new Promise<PublishDiagnosticsParams>((resolve) => (waiting = resolve));
  try {
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      capabilities: {},
      workspaceFolders: null,
    });
    await connection.sendNotification(InitializedNotification.type, {});
    const first = next();
    await connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: 'c', version: 1, text },
    });
    await first;
    const coldStart = performance.now() - start;
    const samples: number[] = [];
    for (let i = 0; i < edits; i++) {
      const insert = i % 2 === 0;
      const character = 14;
      const published = next();
      const sent = performance.now();
      await connection.sendNotification(DidChangeTextDocumentNotification.type, {
        textDocument: { uri, version: i + 2 },
        contentChanges: [
          {
            range: {
              start: { line: editLine, character },
              end: { line: editLine, character: insert ? character : character + 1 },
            },
            text: insert ? 'x' : '',
          },
        ],
      });
      await published;
      samples.push(performance.now() - sent);
    }
    const rss = child.pid ? rssMiB(child.pid) : NaN;
    // Shut down as an editor does: the server exits by itself (and writes its code cache on the way).
    await connection.sendRequest(ShutdownRequest.type);
    await connection.sendNotification(ExitNotification.type);
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    return { coldStart, editLatency: median(samples), rssMiB: rss };
  } finally {
    connection.dispose();
    child.kill();
  }
}

/**
 * Three pairs of starts, each pair with a fresh code cache folder: the first start of a pair has
 * no code cache yet (it writes one as it exits), the second loads it. Medians of each; the rest of
 * the figures are the last cached start's.
 */
export async function measureServerStarts(
  root: string,
  file: string,
  text: string,
  editLine: number,
): Promise<ServerFigures & { firstStart: number }> {
  const firstStarts: number[] = [];
  const cachedStarts: number[] = [];
  let last: ServerFigures | undefined;
  for (let run = 0; run < 3; run++) {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'klp-bench-cache-'));
    const env = { KLP_CALLBACKS_CODE_CACHE: folder };
    try {
      firstStarts.push((await measureServer(root, file, text, editLine, 2, env)).coldStart);
      last = await measureServer(root, file, text, editLine, 20, env);
      cachedStarts.push(last.coldStart);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  }
  if (!last) throw new Error('no server run');
  return { ...last, coldStart: median(cachedStarts), firstStart: median(firstStarts) };
}
