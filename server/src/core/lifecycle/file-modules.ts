// One simulated livepatch module per `struct klp_patch` of a file, each with a name of its own.
import type { FileModel, PatchModel } from '../model/types';
import type { LivepatchModule } from './state';

/** The kernel's MODULE_NAME_LEN is 56 including the terminating NUL. */
const MAX_MODULE_NAME = 55;

/**
 * A livepatch module has one patch, named after the module, so every patch of a file gets the file's
 * name. A file with several (a test file, patches under different `#ifdef`s) would then hold one name
 * several times and could not be traced: the patch the file enables keeps the name (else the first),
 * the others are told apart by their variable, `NAME_VARIABLE`.
 */
export function livepatchModulesOf(model: FileModel): LivepatchModule[] {
  const { patches } = model;
  const keeper = patches.find((patch) => patch.enableCallRange !== undefined) ?? patches[0];
  return patches.map((patch, index) => {
    const name = apartFromTargets(
      patch,
      moduleName(patches.length > 1 && patch !== keeper ? distinctName(patch, index) : patch.name),
    );
    return {
      path: model.path,
      patch: name === patch.name ? patch : { ...patch, name },
      functions: model.functions,
    };
  });
}

/**
 * A module name holds letters, digits and '_': kpatch-build turns any other character of a patch
 * file's name into '-', which the kernel reads as '_' (`bp-6.10.10.patch` → `bp_6_10_10`). Scenarios
 * can then name every patch.
 */
function moduleName(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

/**
 * A `.patch` file is named after what it patches (`fixdemo.patch` for module fixdemo), but a loaded
 * livepatch and its target cannot share a module name, and a scenario's `load fixdemo` must mean the
 * target. kpatch-build names such a module `livepatch-<name>`: so does the simulation, on a clash.
 */
function apartFromTargets(patch: PatchModel, name: string): string {
  const clashes = patch.objects.some((object) => object.name === name);
  return clashes ? `livepatch_${name}`.slice(0, MAX_MODULE_NAME) : name;
}

function distinctName(patch: PatchModel, index: number): string {
  const suffix = (patch.variable ?? `patch${index + 1}`).replace(/[^A-Za-z0-9_]/g, '_');
  return `${patch.name}_${suffix}`.slice(0, MAX_MODULE_NAME);
}
