// Puts the harness's own module sources next to a scenario under the names its actions use.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { scenarioActions } from './sources.mjs';

const FIXED_SOURCES = {
  oracle_target: 'oracle-target.c',
  oracle_busy: 'oracle-busy.c',
  oracle_patch_vmlinux: 'oracle-livepatch-vmlinux.c',
  oracle_patch_nobusy: 'oracle-livepatch-nobusy.c',
  oracle_patch_dupobject: 'oracle-livepatch-dupobject.c',
  oracle_patch_nofuncs_module: 'oracle-livepatch-nofuncs-module.c',
  oracle_patch_nofuncs_vmlinux: 'oracle-livepatch-nofuncs-vmlinux.c',
};

/** The source text for module `name`, or null when the harness has none. */
function moduleSource(modulesDir, name) {
  const read = (file) => fs.readFileSync(path.join(modulesDir, file), 'utf8');
  if (FIXED_SOURCES[name]) return read(FIXED_SOURCES[name]);
  // oracle_patch_state_vN: the one-state livepatch with the state's version written as N.
  const state = /^oracle_patch_state_v(\d+)$/.exec(name);
  if (state) {
    const text = read('oracle-livepatch-state.c');
    if (!text.includes('.version = 1,'))
      throw new Error('oracle-livepatch-state.c no longer has `.version = 1,`');
    return text.replace('.version = 1,', `.version = ${Number(state[1])},`);
  }
  // Any other oracle_patch_*: the two-object livepatch; its patch name comes from the file name.
  if (/^oracle_patch_\w+$/.test(name)) return read('oracle-livepatch.c');
  return null;
}

/** Writes (overwriting) the source of every module the scenario names, as NAME-with-dashes.c. */
export function copyModuleSources(dir, modulesDir) {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.klpscenario'));
  if (files.length !== 1) throw new Error(`${dir}: expected exactly one .klpscenario file`);
  const actions = scenarioActions(fs.readFileSync(path.join(dir, files[0]), 'utf8'), files[0]);
  const names = new Set();
  for (const action of actions) {
    const name = action.kind === 'load' || action.kind === 'unload' ? action.name : action.patch;
    if (name !== undefined) names.add(name);
  }
  for (const name of names) {
    const source = moduleSource(modulesDir, name);
    if (source === null) throw new Error(`${dir}: the harness has no source for module '${name}'`);
    fs.writeFileSync(path.join(dir, `${name.replace(/_/g, '-')}.c`), source);
  }
}
