// Finds the modules of a scenario directory: livepatches (with their pre_patch result parameters) and targets.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Map of module name → {file, livepatch, retParams: Map<object, paramName>, hasReplaceParam}. */
export function scanModules(dir) {
  const modules = new Map();
  for (const file of fs.readdirSync(dir).sort()) {
    if (!file.endsWith('.c')) continue;
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const name = path.basename(file, '.c').replace(/-/g, '_');
    const retParams = new Map();
    for (const match of text.matchAll(/module_param\(\s*pre_patch_ret_(\w+)\s*,/g)) {
      retParams.set(match[1], `pre_patch_ret_${match[1]}`);
    }
    modules.set(name, {
      file,
      name,
      livepatch: /MODULE_INFO\(\s*livepatch\s*,/.test(text),
      retParams,
      hasReplaceParam: /module_param\(\s*replace\s*,/.test(text),
    });
  }
  return modules;
}
