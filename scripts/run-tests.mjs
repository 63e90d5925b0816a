// Finds every *.test.ts under test/ (or the folders given) and runs them with node's test runner.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const roots = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const passThrough = process.argv.slice(2).filter((a) => a.startsWith('--'));

function find(dir) {
  if (fs.statSync(dir).isFile()) return [dir];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => {
      const full = path.join(dir, e.name);
      if (e.isDirectory())
        return e.name === 'fixtures' || e.name === 'node_modules' || e.name.startsWith('.') ? [] : find(full);
      return e.name.endsWith('.test.ts') ? [full] : [];
    })
    .sort();
}

const files = (roots.length ? roots : ['test']).flatMap(find);
if (files.length === 0) {
  console.error('run-tests: no *.test.ts files found');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-timeout=120000', ...passThrough, ...files],
  {
    stdio: 'inherit',
  },
);
process.exit(result.status ?? 1);
