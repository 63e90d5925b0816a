// Parses the `.klpscenario` language: one action per line, `#` comments, blank lines ignored.
//
// Actions:
//   load NAME [replace=0|1]    insmod: a livepatch among the inputs (by patch name) loads and enables its
//                              patch (`replace=` overrides the source); any other NAME is a target module.
//   unload NAME                rmmod of a target module or a livepatch module.
//   disable PATCH              echo 0 > /sys/kernel/livepatch/PATCH/enabled (reverses a patching transition).
//   enable PATCH               echo 1 > .../enabled (only meaningful to reverse an unpatching transition).
//   fail PATCH[:OBJECT] [ERRNO] from now on that pre_patch returns ERRNO (default -ENODEV); every object of
//                              PATCH without `:OBJECT`; OBJECT is `vmlinux` or a module name.
//   succeed PATCH[:OBJECT]     undoes `fail` (for one object it overrides a whole-patch `fail`).
//   stall                      transitions started from now on wait for `settle`.
//   settle                     pending transitions complete, and stalling stops.
//
// What is a parse error and what is left to the simulation: the parser checks only the shape of a line
// (known verb, argument count, module-name syntax, `replace=` value, an errno written as -19, -ENODEV or
// ENODEV and negative). Whether a name refers to a loaded module or a known patch is a question for the
// simulated kernel, which answers like the real one would (a refused write, rmmod of an absent module).
// Names are module names: '-' and '_' are the same to modprobe, so '-' is read as '_'. `vmlinux` cannot be
// loaded or unloaded (it is the kernel itself). Any parse error means the caller must not simulate.
import { ENODEV, parseErrno } from './errno';

interface ActionBase {
  /** 1-based line number in the scenario text. */
  line: number;
  /** The line without its comment, whitespace collapsed. */
  text: string;
}

export type ScenarioAction =
  | (ActionBase & { kind: 'load'; name: string; replace?: boolean })
  | (ActionBase & { kind: 'unload'; name: string })
  | (ActionBase & { kind: 'enable' | 'disable'; patch: string })
  | (ActionBase & { kind: 'fail'; patch: string; object: string | null; errno: number })
  | (ActionBase & { kind: 'succeed'; patch: string; object: string | null })
  | (ActionBase & { kind: 'stall' | 'settle' });

export interface ScenarioError {
  line: number;
  message: string;
}

export interface ParsedScenario {
  actions: ScenarioAction[];
  errors: ScenarioError[];
}

/** The kernel's MODULE_NAME_LEN is 56 including the terminating NUL. */
const MAX_MODULE_NAME = 55;
const VERBS = 'load, unload, enable, disable, fail, succeed, stall or settle';

class LineError extends Error {}

export function parseScenario(text: string): ParsedScenario {
  const actions: ScenarioAction[] = [];
  const errors: ScenarioError[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const hash = raw.indexOf('#');
    const words = (hash >= 0 ? raw.slice(0, hash) : raw).trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) return;
    const base = { line: index + 1, text: words.join(' ') };
    try {
      actions.push(parseAction(base, words));
    } catch (error) {
      if (!(error instanceof LineError)) throw error;
      errors.push({ line: base.line, message: error.message });
    }
  });
  return { actions, errors };
}

function parseAction(base: ActionBase, words: string[]): ScenarioAction {
  const [verb = '', ...args] = words;
  switch (verb) {
    case 'load': {
      expectArgs(verb, args, 1, 2, 'load NAME [replace=0|1]');
      const name = moduleName(args[0], 'load');
      if (args.length === 1) return { ...base, kind: 'load', name };
      const match = /^replace=(.*)$/.exec(args[1] ?? '');
      if (!match)
        throw new LineError(`unexpected '${args[1]}' after 'load ${args[0]}' (only replace=0|1 may follow)`);
      if (match[1] !== '0' && match[1] !== '1')
        throw new LineError(`replace= takes 0 or 1, not '${match[1]}'`);
      return { ...base, kind: 'load', name, replace: match[1] === '1' };
    }
    case 'unload':
      expectArgs(verb, args, 1, 1, 'unload NAME');
      return { ...base, kind: 'unload', name: moduleName(args[0], 'unload') };
    case 'enable':
    case 'disable':
      expectArgs(verb, args, 1, 1, `${verb} PATCH`);
      return { ...base, kind: verb, patch: patchName(args[0]) };
    case 'fail': {
      expectArgs(verb, args, 1, 2, 'fail PATCH[:OBJECT] [ERRNO]');
      const target = patchAndObject(args[0] ?? '');
      const errnoText = args[1];
      if (errnoText === undefined) return { ...base, kind: 'fail', ...target, errno: ENODEV };
      const errno = parseErrno(errnoText);
      if (errno === null) {
        throw new LineError(
          `'${errnoText}' is not an errno: write a negative number or a name such as -19, -ENODEV or ENOMEM`,
        );
      }
      return { ...base, kind: 'fail', ...target, errno };
    }
    case 'succeed':
      expectArgs(verb, args, 1, 1, 'succeed PATCH[:OBJECT]');
      return { ...base, kind: 'succeed', ...patchAndObject(args[0] ?? '') };
    case 'stall':
    case 'settle':
      expectArgs(verb, args, 0, 0, verb);
      return { ...base, kind: verb };
    default:
      throw new LineError(`unknown action '${verb}' (expected ${VERBS})`);
  }
}

function expectArgs(verb: string, args: string[], min: number, max: number, usage: string): void {
  if (args.length < min || args.length > max) {
    const what = args.length < min ? 'missing argument' : 'too many arguments';
    throw new LineError(`${what} for '${verb}': write '${usage}'`);
  }
}

function checkedName(word: string | undefined, what: string): string {
  const name = word ?? '';
  if (!/^[A-Za-z0-9_-]+$/.test(name)) {
    throw new LineError(`'${name}' is not a valid ${what} (letters, digits, '_' and '-' only)`);
  }
  if (name.length > MAX_MODULE_NAME) {
    throw new LineError(
      `'${name}' is longer than the kernel's ${MAX_MODULE_NAME}-character module name limit`,
    );
  }
  return name.replace(/-/g, '_');
}

function moduleName(word: string | undefined, verb: string): string {
  const name = checkedName(word, 'module name');
  if (name === 'vmlinux')
    throw new LineError(`cannot ${verb} vmlinux: it is the kernel itself, not a module`);
  return name;
}

function patchName(word: string | undefined): string {
  return checkedName(word, 'patch name');
}

function patchAndObject(word: string): { patch: string; object: string | null } {
  const colon = word.indexOf(':');
  if (colon < 0) return { patch: patchName(word), object: null };
  return {
    patch: patchName(word.slice(0, colon)),
    object: checkedName(word.slice(colon + 1), 'object name (vmlinux or a module name)'),
  };
}
