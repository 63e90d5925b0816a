// The oracle harness's entry: `run DIR...` records dmesg.txt for scenario directories, `record` refreshes sources first.
// The guest side is klp-callbacks verify's own (server/src/host/verify): the same /init script, loader,
// initramfs, qemu invocation and kernel-log reader, here with the directory's hand-written modules.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { copyModuleSources } from './record.mjs';
import { scenarioActions, scanModules } from './sources.mjs';
// The scripts run this through tsx (see ../record): the product's TypeScript is imported as is.
import buildTs from '../../../server/src/host/verify/build.ts';
import guestScriptTs from '../../../server/src/host/verify/guest-script.ts';
import kernelLogTs from '../../../server/src/host/verify/kernel-log.ts';
import toolchainTs from '../../../server/src/host/verify/toolchain.ts';
import vmTs from '../../../server/src/host/verify/vm.ts';

const { buildCases, buildFixedParts, buildInitramfs } = buildTs;
const { guestScript } = guestScriptTs;
const { readCapture } = kernelLogTs;
const { aptLine, cacheRoot, findToolchain } = toolchainTs;
const { bootGuest } = vmTs;

const ORACLE_ROOT = path.join(import.meta.dirname, '..');
const WORK_ROOT = path.join(ORACLE_ROOT, '.work');
/* The hand-written modules: each scenario loads oracle_busy itself when it stalls, with one thread. */
const ORACLE_GUEST = { busyModule: false, heldTasks: 1 };
/* One scenario per boot; the longest (a stall past the kernel's 15 s signalling) takes about 40 s on TCG. */
const BOOT_TIMEOUT_MS = 240_000;

function scenarioFile(dir) {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.klpscenario'));
  if (files.length !== 1)
    throw new Error(`${dir}: expected exactly one .klpscenario file, found ${files.length}`);
  return path.join(dir, files[0]);
}

/** Builds, boots and writes DIR/dmesg.txt; returns the problems met (none means recorded). */
async function runScenario(dir, toolchain) {
  const file = scenarioFile(dir);
  const actions = scenarioActions(fs.readFileSync(file, 'utf8'), file);
  const modules = scanModules(dir);
  for (const action of actions) {
    const name = action.kind === 'load' || action.kind === 'unload' ? action.name : action.patch;
    if (name !== undefined && !modules.has(name))
      throw new Error(`line ${action.line}: no source for module '${name}' in the scenario directory`);
    const object = action.kind === 'fail' || action.kind === 'succeed' ? action.object : null;
    if (object !== null && !modules.get(name).objects.includes(object))
      throw new Error(`line ${action.line}: ${name} has no pre_patch_ret_${object} parameter`);
  }
  const workDir = path.join(WORK_ROOT, path.basename(path.resolve(dir)));
  fs.mkdirSync(workDir, { recursive: true });
  const cache = cacheRoot();
  fs.mkdirSync(cache, { recursive: true });
  const sources = new Map([...modules].map(([name, m]) => [name, m.source]));
  const [kos] = buildCases(cache, toolchain, [sources], () => {});
  const id = 'oracle';
  const livepatches = new Map(
    [...modules].filter(([, m]) => m.livepatch).map(([name, m]) => [name, m.objects]),
  );
  const init = guestScript([{ id, actions, livepatches }], ORACLE_GUEST);
  const fixed = buildFixedParts(cache, toolchain);
  const initramfs = buildInitramfs(workDir, toolchain, fixed, [{ id, kos }], init);
  const guest = await bootGuest(toolchain, initramfs, BOOT_TIMEOUT_MS);
  fs.writeFileSync(path.join(workDir, 'console.log'), guest.console + guest.stderr);
  const capture = readCapture(guest.console);
  const log = capture.cases.get(id);
  const problems = [...capture.problems, ...(log?.problems ?? [])];
  if (guest.timedOut) problems.push('qemu did not finish in time');
  if (!log) problems.push('the scenario did not run to its end (see console.log)');
  if (problems.length > 0) return problems;
  const header = [
    `# Recorded by tools/oracle/run-scenario from ${path.basename(file)}: Linux ${capture.kernel},`,
    '# qemu TCG -smp 1. Format: test/fixtures/oracle/README.md.',
  ];
  fs.writeFileSync(path.join(dir, 'dmesg.txt'), [...header, ...log.lines, ''].join('\n'));
  return [];
}

async function main(argv) {
  const [command, ...rest] = argv;
  const all = rest.includes('--all');
  const dirs = rest.filter((a) => a !== '--all');
  if (all) {
    // The verify-* folders come from the differential suite (npm run test:kernel -- --record).
    const fixtures = path.join(ORACLE_ROOT, '..', '..', 'test', 'fixtures', 'oracle');
    for (const entry of fs.readdirSync(fixtures, { withFileTypes: true })) {
      if (entry.isDirectory() && !entry.name.startsWith('verify-'))
        dirs.push(path.join(fixtures, entry.name));
    }
  }
  if (!['run', 'record'].includes(command) || dirs.length === 0) {
    console.error('usage: run-scenario DIR... | record (DIR... | --all)');
    return 2;
  }
  const found = findToolchain();
  if ('missing' in found) {
    console.error(`missing: ${found.missing.join(', ')}\n  ${aptLine(found.packages)}`);
    return 2;
  }
  let failed = 0;
  for (const dir of dirs.sort()) {
    const started = Date.now();
    try {
      if (command === 'record') copyModuleSources(dir, path.join(ORACLE_ROOT, 'modules'));
      const problems = await runScenario(dir, found.toolchain);
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

process.exitCode = await main(process.argv.slice(2));
