// Runs code-server in isolation: its own user data, extensions and XDG dirs, a free loopback port, a process group.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { Log } from './paths';

export interface Profile {
  userData: string;
  extensions: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
}

export interface RunningServer {
  origin: string;
  stop(): Promise<void>;
}

/** Settings that keep the workbench from showing trust prompts, welcome pages or update checks. */
const SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  // The repository around the workspace folder would otherwise raise a "git repository found" toast.
  'git.openRepositoryInParentFolders': 'never',
  'editor.hover.delay': 100,
  'window.zoomLevel': 0,
  // A fixture edited by a test must never reach the disk (the next load would see it).
  'files.autoSave': 'off',
};

/** A fresh profile under runDir, with `settings` over the defaults; nothing is written to the user's home. */
export function createProfile(runDir: string, settings: Record<string, unknown> = {}): Profile {
  const dir = (name: string) => {
    const full = path.join(runDir, name);
    fs.mkdirSync(full, { recursive: true });
    return full;
  };
  const userData = dir('user-data');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify({ ...SETTINGS, ...settings }, null, 2),
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: dir('home'),
    XDG_CONFIG_HOME: dir('xdg-config'),
    XDG_DATA_HOME: dir('xdg-data'),
    XDG_CACHE_HOME: dir('xdg-cache'),
    TMPDIR: dir('tmp'),
    // No marketplace: the workbench would otherwise query open-vsx.org for recommendations and updates.
    EXTENSIONS_GALLERY: JSON.stringify({ serviceUrl: '' }),
  };
  // An inherited VSCODE_* variable (a terminal inside VS Code) would point code-server at that editor's IPC.
  for (const name of Object.keys(env)) if (name.startsWith('VSCODE_')) delete env[name];
  return { userData, extensions: dir('extensions'), env, logFile: path.join(runDir, 'code-server.log') };
}

function profileArgs(profile: Profile): string[] {
  return ['--user-data-dir', profile.userData, '--extensions-dir', profile.extensions];
}

export function installExtension(entry: string, profile: Profile, vsix: string, log: Log): void {
  log(`installing ${path.basename(vsix)} into the test profile`);
  const output = execFileSync(
    process.execPath,
    [entry, ...profileArgs(profile), '--install-extension', vsix, '--force'],
    { env: profile.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );
  if (!/successfully installed/i.test(output))
    throw new Error(`code-server did not install ${vsix}:\n${output}`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Starts code-server as a process-group leader and resolves once /healthz answers. */
export async function startCodeServer(entry: string, profile: Profile, log: Log): Promise<RunningServer> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const out = fs.openSync(profile.logFile, 'a');
  const child = spawn(
    process.execPath,
    [
      entry,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      ...profileArgs(profile),
    ],
    // detached: its own process group, so the file watchers and extension hosts it forks die with it.
    { env: profile.env, detached: true, stdio: ['ignore', out, out] },
  );
  fs.closeSync(out);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const server: RunningServer = { origin, stop: () => stopGroup(child, exited) };
  try {
    await waitForHealth(origin, exited, 60_000);
  } catch (error) {
    await server.stop();
    const tail = fs.readFileSync(profile.logFile, 'utf8').split('\n').slice(-20).join('\n');
    throw new Error(`${(error as Error).message}\ncode-server log (last lines):\n${tail}`);
  }
  log(`code-server ${origin} is up (pid ${child.pid})`);
  return server;
}

async function waitForHealth(
  origin: string,
  exited: Promise<number | null>,
  timeoutMs: number,
): Promise<void> {
  let gone: number | null | undefined;
  void exited.then((code) => (gone = code));
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (gone !== undefined) throw new Error(`code-server exited with code ${gone} before it was healthy`);
    try {
      const response = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`code-server at ${origin} not healthy after ${timeoutMs / 1000}s (last: ${last})`);
}

/** SIGTERM to the whole group, SIGKILL to what is left after a grace period. */
async function stopGroup(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal);
    } catch {
      // The group is already gone.
    }
  };
  signalGroup('SIGTERM');
  const grace = new Promise((resolve) => setTimeout(resolve, 5_000).unref());
  await Promise.race([exited, grace]);
  signalGroup('SIGKILL');
}
