// The oracle harness's entry: `run DIR...` records dmesg.txt for scenario directories, `record` refreshes sources first.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildInitramfs, buildLoader, buildModules, kernelRelease } from './build.mjs';
import { initScript } from './init-script.mjs';
import { readCapture } from './kmsg.mjs';
import { readScenario } from './scenario.mjs';
import { copyModuleSources } from './record.mjs';
import { scanModules } from './sources.mjs';
import { bootGuest } from './vm.mjs';

const ORACLE_ROOT = path.join(import.meta.dirname, '..');
const WORK_ROOT = path.join(ORACLE_ROOT, '.work');

function scenarioFile(dir) {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.klpscenario'));
  if (files.length !== 1)
    throw new Error(`${dir}: expected exactly one .klpscenario file, found ${files.length}`);
  return path.join(dir, files[0]);
}

/** Builds, boots and writes DIR/dmesg.txt; returns the problems met (none means recorded). */
function runScenario(dir, release, loader) {
  const file = scenarioFile(dir);
  const actions = readScenario(fs.readFileSync(file, 'utf8'), file);
  const modules = scanModules(dir);
  const workDir = path.join(WORK_ROOT, path.basename(path.resolve(dir)));
  fs.mkdirSync(workDir, { recursive: true });
  const kos = buildModules(dir, modules, workDir, release);
  const init = initScript(actions, modules);
  const initramfs = buildInitramfs(workDir, loader, kos, init);
  const guest = bootGuest(release, initramfs);
  fs.writeFileSync(path.join(workDir, 'console.log'), guest.console + guest.stderr);
  const capture = readCapture(guest.console);
  if (capture.problems.length > 0) return capture.problems;
  const header = [
    `# Recorded by tools/oracle/run-scenario from ${path.basename(file)}: Linux ${capture.kernel},`,
    '# qemu TCG -smp 1. Format: test/fixtures/oracle/README.md.',
  ];
  fs.writeFileSync(path.join(dir, 'dmesg.txt'), [...header, ...capture.lines, ''].join('\n'));
  return [];
}

function main(argv) {
  const [command, ...rest] = argv;
  const all = rest.includes('--all');
  const dirs = rest.filter((a) => a !== '--all');
  if (all) {
    const fixtures = path.join(ORACLE_ROOT, '..', '..', 'test', 'fixtures', 'oracle');
    for (const entry of fs.readdirSync(fixtures, { withFileTypes: true })) {
      if (entry.isDirectory()) dirs.push(path.join(fixtures, entry.name));
    }
  }
  if (!['run', 'record'].includes(command) || dirs.length === 0) {
    console.error('usage: run-scenario DIR... | record (DIR... | --all)');
    return 2;
  }
  const release = kernelRelease();
  const loader = buildLoader(WORK_ROOT);
  let failed = 0;
  for (const dir of dirs.sort()) {
    const started = Date.now();
    try {
      if (command === 'record') copyModuleSources(dir, path.join(ORACLE_ROOT, 'modules'));
      const problems = runScenario(dir, release, loader);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (problems.length === 0) console.log(`ok   ${dir} (${seconds} s)`);
      else console.log(`FAIL ${dir} (${seconds} s)\n  ${problems.join('\n  ')}`);
      failed += problems.length > 0 ? 1 : 0;
    } catch (error) {
      console.log(`FAIL ${dir}: ${error instanceof Error ? error.message : String(error)}`);
      failed += 1;
    }
  }
  return failed === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));
