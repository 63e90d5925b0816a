// `klp-callbacks extract`: prints the extracted model (patches, objects, callbacks, functions) as JSON.
import { extractFileModel, type ExtractOptions } from '../../core/model/extract';
import type { FileModel } from '../../core/model/types';
import { loadEngine } from '../../core/parse/engine';
import { collectInputs } from '../inputs';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliIO } from '../io';
import type { Command } from './command';

const USAGE = `usage: klp-callbacks extract <files or folders...> [--patch-name N] [--kpatch-object M]

Prints, as JSON on stdout, what klp-callbacks reads from each .c, .h, .patch and .diff file:
{"files":[{"path", "kind", "patches":[{"name", "replace", "objects":[{"name", "callbacks"}]}], "functions", ...}]}
Ranges are 0-based lines and UTF-16 characters (as in LSP).

options:
  --patch-name N      the livepatch's name (default: the file's base name, '-' turned into '_')
  --kpatch-object M   the object KPATCH_* / KLP_* callback macros belong to (default: vmlinux)

Unreadable or missing inputs are reported on stderr and give exit code 2; the others are still printed.
`;

export const extractCommand: Command = {
  name: 'extract',
  summary: 'print the livepatch model (patches, objects, callbacks, functions) of C files as JSON',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const { inputs, options } = parseArguments(args);
    const collected = collectInputs(inputs, io.cwd);
    const engine = await loadEngine();
    const files: FileModel[] = collected.sources.map((source) =>
      extractFileModel(engine, source.path, source.text, options),
    );
    io.out(`${JSON.stringify({ files }, null, 2)}\n`);
    for (const problem of collected.problems) io.err(`klp-callbacks: ${problem.path}: ${problem.message}\n`);
    return collected.problems.length > 0 ? EXIT_USAGE : EXIT_OK;
  },
};

function parseArguments(args: string[]): { inputs: string[]; options: ExtractOptions } {
  const inputs: string[] = [];
  const options: ExtractOptions = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    if (flag === '--patch-name' || flag === '--kpatch-object') {
      const value = inline ?? args[++i];
      if (value === undefined || value === '') throw new UsageError(`${flag} needs a value`);
      if (flag === '--patch-name') options.patchName = value;
      else options.kpatchObject = value === 'vmlinux' ? null : value;
    } else if (arg === '--') {
      inputs.push(...args.slice(i + 1));
      break;
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option '${arg}'`);
    } else {
      inputs.push(arg);
    }
  }
  if (inputs.length === 0) throw new UsageError('give at least one file or folder');
  return { inputs, options };
}
