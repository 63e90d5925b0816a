// End-to-end tests of the VS Code extension in a real VS Code (code-server + Chromium): see test/e2e/README.md.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const chromium = process.env.KLP_E2E_CHROMIUM ?? '/usr/bin/chromium';
const missing = [
  fs.existsSync(chromium) ? null : `chromium (${chromium})`,
  fs.existsSync('/usr/include/krb5/krb5.h') || fs.existsSync('/usr/include/krb5.h') ? null : 'libkrb5-dev',
].filter(Boolean);
if (missing.length > 0) {
  const message = `end-to-end tests need the Debian packages: apt-get install chromium libkrb5-dev (missing: ${missing.join(', ')})`;
  // CI installs them (.ci/run), so there a missing package is a failure; on a developer machine it is a notice.
  if (process.env.CI) {
    console.error(`run-e2e: ${message}`);
    process.exit(1);
  }
  console.log(`run-e2e: SKIPPED: ${message}`);
  process.exit(0);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', path.join(root, 'test', 'e2e', 'harness', 'run.ts'), ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
