// npm run test:electron where VS Code cannot be downloaded: one clear line and exit 1, quickly, never a hang.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../helpers';

function runElectron(
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now();
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts', 'run-electron.mjs')], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, KLP_ELECTRON_VSCODE: '' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // A hang is a failure of its own: the child is killed after a minute and the exit code is null.
  const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      clearTimeout(killer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    }),
  );
}

test('a download host that accepts connections but never answers fails within the probe timeout, in one line', async () => {
  // A black hole: connections are accepted and then nothing is ever sent, as behind a silent firewall.
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  try {
    const result = await runElectron({
      KLP_ELECTRON_PROBE_URL: `https://127.0.0.1:${port}/api/releases/stable`,
      KLP_ELECTRON_PROBE_TIMEOUT_MS: '2000',
    });
    assert.equal(result.code, 1, result.stderr);
    assert.equal(result.stdout, '');
    const lines = result.stderr.trim().split('\n');
    assert.equal(lines.length, 1, result.stderr);
    assert.match(
      lines[0],
      /^test:electron: cannot download VS Code \(127\.0\.0\.1:\d+: no answer within 2 s\); set KLP_ELECTRON_VSCODE/,
    );
    assert.ok(result.ms < 30_000, `took ${result.ms} ms`);
  } finally {
    for (const socket of sockets) socket.destroy();
    server.close();
  }
});

test('a refused connection fails at once with the reason', async () => {
  const closed = net.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const { port } = closed.address() as net.AddressInfo;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const result = await runElectron({ KLP_ELECTRON_PROBE_URL: `https://127.0.0.1:${port}/` });
  assert.equal(result.code, 1);
  assert.match(
    result.stderr,
    /^test:electron: cannot download VS Code \(127\.0\.0\.1:\d+: connect ECONNREFUSED/,
  );
});
