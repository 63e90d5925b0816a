// Reads a scenario directory: its actions (the simulator's own parser) and its modules, livepatches with their objects.
import * as fs from 'node:fs';
import * as path from 'node:path';
import scenarioTs from '../../../server/src/core/lifecycle/scenario.ts';

const { parseScenario } = scenarioTs;

/** The scenario's actions; throws on the first line the parser refuses. */
export function scenarioActions(source, fileName) {
  const { actions, errors } = parseScenario(source);
  if (errors.length > 0) throw new Error(`${fileName}:${errors[0].line}: ${errors[0].message}`);
  return actions;
}

/**
 * Map of module name → {file, source, livepatch, objects}: `objects` are the labels of the livepatch's
 * `pre_patch_ret_<object>` parameters, which the guest script sets for `fail` lines.
 */
export function scanModules(dir) {
  const modules = new Map();
  for (const file of fs.readdirSync(dir).sort()) {
    if (!file.endsWith('.c')) continue;
    const source = fs.readFileSync(path.join(dir, file), 'utf8');
    const name = path.basename(file, '.c').replace(/-/g, '_');
    const objects = [...source.matchAll(/module_param\(\s*pre_patch_ret_(\w+)\s*,/g)].map((m) => m[1]);
    modules.set(name, { file, source, livepatch: /MODULE_INFO\(\s*livepatch\s*,/.test(source), objects });
  }
  return modules;
}
