// `klp-callbacks extract`: prints the extracted model (patches, objects, callbacks, functions) as JSON.
import { extractFileModel } from '../../core/model/extract';
import type { FileModel } from '../../core/model/types';
import { loadEngine } from '../../core/parse/engine';
import { applySourceFlag, SOURCE_FLAGS, sourceFlagsUsage, splitArguments, type SourceOptions } from '../args';
import { collectInputs } from '../inputs';
import { SourceOptionsResolver } from '../source-options';
import { EXIT_OK, EXIT_USAGE, UsageError, type CliIO } from '../io';
import { oneLine } from '../format/escape';
import type { Command } from './command';

const USAGE = `usage: klp-callbacks extract <files or folders...> [--patch-name N] [--kpatch-object M] [--object-for G=M ...] [--kernel-tree DIR]

Prints, as JSON on stdout, what klp-callbacks reads from each .c, .h, .patch and .diff file:
{"files":[{"path", "kind", "patches":[{"name", "replace", "objects":[{"name", "callbacks"}]}], "functions", ...}]}
Ranges are 0-based lines and UTF-16 characters (as in LSP).

options:
  --patch-name N      the livepatch's name (default: the file's base name, '-' turned into '_')
${sourceFlagsUsage(22)}

Unreadable or missing inputs are reported on stderr and give exit code 2; the others are still printed.
`;

export const extractCommand: Command = {
  name: 'extract',
  summary: 'print the livepatch model (patches, objects, callbacks, functions) of C files as JSON',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const { inputs, options } = parseArguments(args);
    const resolver = new SourceOptionsResolver(options, io.cwd);
    const collected = collectInputs(inputs, io.cwd);
    const engine = await loadEngine();
    const files: FileModel[] = collected.sources.map((source) =>
      extractFileModel(engine, source.path, source.text, resolver.forSource(source.absolutePath)),
    );
    io.out(`${JSON.stringify({ files }, null, 2)}\n`);
    for (const problem of collected.problems)
      io.err(`klp-callbacks: ${oneLine(problem.path)}: ${oneLine(problem.message)}\n`);
    return collected.problems.length > 0 ? EXIT_USAGE : EXIT_OK;
  },
};

function parseArguments(args: string[]): { inputs: string[]; options: SourceOptions } {
  const { inputs, options: flags } = splitArguments(args, ['--patch-name', ...SOURCE_FLAGS]);
  const options: SourceOptions = {};
  for (const { flag, value } of flags) {
    if (flag === '--patch-name') {
      // What the in-file `patch-name` directive accepts: a module name, as kbuild writes it.
      if (!/^[A-Za-z0-9_.-]+$/.test(value))
        throw new UsageError(
          `--patch-name takes a module name (letters, digits, '_', '-', '.'), not '${value}'`,
        );
      options.patchName = value;
    } else applySourceFlag(flag, value, options);
  }
  if (inputs.length === 0) throw new UsageError('give at least one file or folder');
  return { inputs, options };
}
