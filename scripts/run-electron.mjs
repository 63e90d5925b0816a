// npm run test:electron: the extension-host suite in VS Code desktop via @vscode/test-electron (see test/e2e/README.md).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', path.join(root, 'test', 'e2e', 'harness', 'electron.ts'), ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
