// The object a translation unit's KPATCH_*/KLP_* callback macros belong to, by the documented precedence.
import type { ObjectNameOrigin } from '../types';
import { matchUserGlob, normalizePath } from './glob';
import { resolveFromKbuild } from './kbuild-resolve';
import type { KernelTree } from './kernel-tree';
import { guessObject } from './path-guess';

/** `GLOB=NAME` from `--object-for`, `klpCallbacks.objects` or a `klp-callbacks: object` directive. */
export interface ObjectOverride {
  glob: string;
  /** null for vmlinux. */
  name: string | null;
}

export interface MacroObjectInputs {
  /** The changed file's path: as the patch names it, or the .c file's path as extraction got it. */
  path: string;
  /** True for a file of a .patch/.diff (its path is relative to the kernel tree's root). */
  inPatch: boolean;
  /** `--object-for` / `klpCallbacks.objects`, in order: the first matching glob wins. */
  settingOverrides: readonly ObjectOverride[];
  /** `--kpatch-object` / `klpCallbacks.kpatchObject`: every file's object (undefined when unset). */
  settingObject: string | null | undefined;
  /** `klp-callbacks: kpatch-object M` written in this file (its hunks, for a .patch). */
  fileDirective: string | null | undefined;
  /** `klp-callbacks: object GLOB=NAME` written anywhere in the patch or file. */
  pathDirectives: readonly ObjectOverride[];
  tree: KernelTree | undefined;
}

export interface ResolvedObject {
  name: string | null;
  origin: ObjectNameOrigin;
}

const label = (name: string | null) => name ?? 'vmlinux';

/**
 * Precedence (README "Which object kpatch/klp-build macros belong to"): per-path setting, then the
 * kpatch-object setting, the file's own kpatch-object directive, a path directive, the Kbuild
 * Makefiles, the path guess, and vmlinux.
 */
export function resolveMacroObject(inputs: MacroObjectInputs): ResolvedObject {
  const treePath = inputs.inPatch ? normalizePath(inputs.path) : inputs.tree?.relativePath(inputs.path);
  const matchPath = treePath ?? inputs.path;
  const setting = inputs.settingOverrides.find((o) => matchUserGlob(o.glob, matchPath));
  if (setting) {
    const detail = `the setting ${setting.glob}=${label(setting.name)} (--object-for / klpCallbacks.objects)`;
    return { name: setting.name, origin: { kind: 'setting', detail } };
  }
  if (inputs.settingObject !== undefined) {
    const detail = `the setting --kpatch-object / klpCallbacks.kpatchObject = ${label(inputs.settingObject)}`;
    return { name: inputs.settingObject, origin: { kind: 'setting', detail } };
  }
  if (inputs.fileDirective !== undefined) {
    const detail = `/* klp-callbacks: kpatch-object ${label(inputs.fileDirective)} */ in this file`;
    return { name: inputs.fileDirective, origin: { kind: 'directive', detail } };
  }
  const directive = inputs.pathDirectives.find((o) => matchUserGlob(o.glob, matchPath));
  if (directive) {
    const detail = `klp-callbacks: object ${directive.glob}=${label(directive.name)}`;
    return { name: directive.name, origin: { kind: 'directive', detail } };
  }
  // A standalone .c file outside any kernel tree has no path to go by: vmlinux, as kpatch-build's default.
  if (treePath === undefined)
    return defaultObject('the file is in no kernel tree, and no setting or directive names a module');
  return (
    fromKbuild(treePath, inputs.tree) ??
    fromGuess(treePath) ??
    defaultObject('no setting, directive, Makefile or path guess names a module')
  );
}

function fromKbuild(treePath: string, tree: KernelTree | undefined): ResolvedObject | undefined {
  const found = tree && resolveFromKbuild(treePath, tree);
  if (!found) return undefined;
  const guess = guessObject(treePath);
  // obj-$(CONFIG_AIO) += aio.o in fs/: the symbol is usually bool in core folders, so built in is likelier.
  if (!found.certain && guess?.name === null) {
    const detail = `guessed: ${found.evidence}; ${found.config}; ${guess.entry.why} (${guess.entry.glob})`;
    return { name: null, origin: { kind: 'guess', detail } };
  }
  return { name: found.name, origin: { kind: 'kbuild', detail: found.detail } };
}

function fromGuess(treePath: string): ResolvedObject | undefined {
  const guess = guessObject(treePath);
  if (!guess) return undefined;
  const detail = `guessed from the path (${guess.entry.glob}): ${guess.entry.why}`;
  return { name: guess.name, origin: { kind: 'guess', detail } };
}

function defaultObject(detail: string): ResolvedObject {
  return { name: null, origin: { kind: 'default', detail } };
}
