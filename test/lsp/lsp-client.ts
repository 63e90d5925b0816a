// A real JSON-RPC client for the bundled language server, started as `klp-callbacks-ls --stdio`.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import {
  createProtocolConnection,
  LogMessageNotification,
  MessageType,
  PublishDiagnosticsNotification,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { REPO_ROOT } from '../helpers';

export interface LspSession {
  connection: ProtocolConnection;
  /** Resolves with the next diagnostics published for `uri` that satisfy `accept`. */
  diagnostics(
    uri: string,
    accept?: (params: PublishDiagnosticsParams) => boolean,
  ): Promise<PublishDiagnosticsParams>;
  /** Takes the diagnostics published for `uri` that no call to diagnostics() consumed yet. */
  unconsumed(uri: string): PublishDiagnosticsParams[];
  stderr(): string;
  /** The server's process id (its memory can be read from outside). */
  pid: number | undefined;
  /** The server's exit code once it has exited (after close()), else null. */
  exitCode(): number | null;
  /** window/logMessage errors the server reported (analysis failures it survived). */
  loggedErrors(): string[];
  /** Every window/logMessage text (what an editor's output channel shows). */
  logged(): string[];
  close(): Promise<void>;
}

/**
 * `command` starts the server with `--stdio` appended: the clone's launcher unless told otherwise.
 * `nodeOptions` go to node before the script when the command is node (the soak passes `--expose-gc`).
 */
export function startServer(
  command: readonly string[] = [process.execPath, path.join(REPO_ROOT, 'bin', 'klp-callbacks-ls.js')],
  cwd?: string,
  nodeOptions: readonly string[] = [],
): LspSession {
  const [program, ...rest] = command;
  const args = program === process.execPath ? [...nodeOptions, ...rest] : rest;
  const child: ChildProcess = spawn(program, [...args, '--stdio'], {
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(cwd ? { cwd } : {}),
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const connection = createProtocolConnection(
    new StreamMessageReader(child.stdout!),
    new StreamMessageWriter(child.stdin!),
  );
  const seen: PublishDiagnosticsParams[] = [];
  const waiters: {
    uri: string;
    accept: (p: PublishDiagnosticsParams) => boolean;
    resolve: (p: PublishDiagnosticsParams) => void;
  }[] = [];
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    const index = waiters.findIndex((w) => w.uri === params.uri && w.accept(params));
    if (index >= 0) waiters.splice(index, 1)[0].resolve(params);
    else seen.push(params);
  });
  const loggedErrors: string[] = [];
  const logged: string[] = [];
  connection.onNotification(LogMessageNotification.type, (params) => {
    logged.push(params.message);
    if (params.type === MessageType.Error) loggedErrors.push(params.message);
  });
  connection.listen();
  return {
    loggedErrors: () => loggedErrors,
    logged: () => logged,
    connection,
    diagnostics(uri, accept = () => true) {
      const earlier = seen.findIndex((p) => p.uri === uri && accept(p));
      if (earlier >= 0) return Promise.resolve(seen.splice(earlier, 1)[0]);
      return new Promise((resolve) => waiters.push({ uri, accept, resolve }));
    },
    unconsumed(uri) {
      const taken = seen.filter((p) => p.uri === uri);
      seen.splice(0, seen.length, ...seen.filter((p) => p.uri !== uri));
      return taken;
    },
    stderr: () => stderr,
    pid: child.pid,
    exitCode: () => child.exitCode,
    async close() {
      try {
        await connection.sendRequest('shutdown');
        await connection.sendNotification('exit');
      } catch {
        // Already gone: nothing to shut down.
      }
      connection.dispose();
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => child.kill(), 5000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
  };
}

/** Starts the server and completes the initialize handshake (no root, no client capabilities unless given). */
export async function startInitialized(initialize: Record<string, unknown> = {}): Promise<LspSession> {
  const session = startServer();
  await session.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {},
    ...initialize,
  });
  await session.connection.sendNotification('initialized', {});
  return session;
}
