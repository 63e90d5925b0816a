// Splits a command's arguments into inputs and options the same way for every command.
import { appendAll } from '../core/append';
import type { ExtractOptions } from '../core/model/extract';
import { objectName } from '../core/model/directives';
import { UsageError } from './io';

export interface ParsedArguments {
  inputs: string[];
  /** In the order given, so repeatable options (`--rule`) keep every value. */
  options: { flag: string; value: string }[];
}

/** `valueFlags` take a value, as `--flag value` or `--flag=value`; `--` ends the options. */
export function splitArguments(args: readonly string[], valueFlags: readonly string[]): ParsedArguments {
  const parsed: ParsedArguments = { inputs: [], options: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = equals > 0 ? arg.slice(0, equals) : arg;
    if (valueFlags.includes(flag)) {
      const value = equals > 0 ? arg.slice(equals + 1) : args[++i];
      if (value === undefined || value === '') throw new UsageError(`${flag} needs a value`);
      parsed.options.push({ flag, value });
    } else if (arg === '--') {
      appendAll(parsed.inputs, args.slice(i + 1));
      break;
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option '${arg}'`);
    } else {
      parsed.inputs.push(arg);
    }
  }
  return parsed;
}

export function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  const found = allowed.find((candidate) => candidate === value);
  if (!found) throw new UsageError(`${flag} takes ${allowed.join(', ')}, not '${value}'`);
  return found;
}

/** Extraction options as the CLI gathers them: the kernel tree is still a folder name (see source-options.ts). */
export interface SourceOptions extends ExtractOptions {
  /** `--kernel-tree DIR`; absent: a kernel tree is looked for upward from each input, then the working folder. */
  kernelTreeDir?: string;
}

/** The options every command that reads sources accepts: they change what extraction sees. */
export const SOURCE_FLAGS = ['--kpatch-object', '--object-for', '--kernel-tree'] as const;

const SOURCE_FLAG_HELP: [string, string][] = [
  [
    '--kpatch-object M',
    'the object of the KPATCH_* / KLP_* callback macros of every file (vmlinux or a module)',
  ],
  ['--object-for G=M', 'the object of the macros of files matching glob G (repeatable; first match wins)'],
  ['--kernel-tree DIR', 'the kernel tree whose Kbuild Makefiles name objects (default: found upward)'],
];

/** The SOURCE_FLAGS lines of a usage text, their descriptions starting at `column`. */
export function sourceFlagsUsage(column: number): string {
  return SOURCE_FLAG_HELP.map(([flag, help]) => `  ${flag.padEnd(column - 2)}${help}`).join('\n');
}

/** The kernel's module names (MODULE_NAME_LEN 56 with its NUL); `-` is turned into `_` by kbuild. */
const MODULE_NAME = /^[A-Za-z0-9_-]{1,55}$/;

/** An object name given on the command line: vmlinux or a module name, nothing else reaches the model. */
function moduleArgument(flag: string, written: string, whole: string): string | null {
  if (!MODULE_NAME.test(written)) {
    const context = whole === written ? '' : ` (in '${whole}')`;
    throw new UsageError(
      `${flag}: '${written}' is neither vmlinux nor a module name (letters, digits, '_' and '-', at most 55)${context}`,
    );
  }
  return objectName(written);
}

/** Applies a SOURCE_FLAGS option; false when `flag` is not one of them. */
export function applySourceFlag(flag: string, value: string, options: SourceOptions): boolean {
  if (flag === '--kpatch-object') options.kpatchObject = moduleArgument(flag, value, value);
  else if (flag === '--kernel-tree') options.kernelTreeDir = value;
  else if (flag === '--object-for') {
    const equals = value.lastIndexOf('=');
    if (equals <= 0 || equals === value.length - 1)
      throw new UsageError(`--object-for takes GLOB=MODULE (or GLOB=vmlinux), not '${value}'`);
    (options.objectsFor ??= []).push({
      glob: value.slice(0, equals),
      name: moduleArgument(flag, value.slice(equals + 1), value),
    });
  } else return false;
  return true;
}
