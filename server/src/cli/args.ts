// Splits a command's arguments into inputs and options the same way for every command.
import type { ExtractOptions } from '../core/model/extract';
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
      parsed.inputs.push(...args.slice(i + 1));
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

/** The options every command that reads sources accepts: they change what extraction sees. */
export const SOURCE_FLAGS = ['--kpatch-object'] as const;

/** The SOURCE_FLAGS lines of a usage text, their descriptions starting at `column`. */
export function sourceFlagsUsage(column: number): string {
  return `  ${'--kpatch-object M'.padEnd(column - 2)}the object KPATCH_* / KLP_* callback macros belong to (default: vmlinux)`;
}

/** Applies a SOURCE_FLAGS option; false when `flag` is not one of them. */
export function applySourceFlag(flag: string, value: string, options: ExtractOptions): boolean {
  if (flag !== '--kpatch-object') return false;
  options.kpatchObject = value === 'vmlinux' ? null : value;
  return true;
}
