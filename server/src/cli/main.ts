// klp-callbacks: the command-line entry; dispatches to one subcommand per file.
import { packageVersion } from '../version';
import { COMMANDS } from './commands/index';
import { EXIT_USAGE, UsageError, processIO, type CliIO } from './io';
import { oneLine, printableLines } from './format/escape';

export async function runCli(argv: string[], given: CliIO): Promise<number> {
  const { args, debug } = takeDebugFlag(argv);
  // Every message names user input (paths, names, values): whatever a command forgot, no ESC or BEL
  // reaches the terminal through stderr (the text formats escape their own fields, see format/escape.ts).
  const io: CliIO = { ...given, err: (text) => given.err(printableLines(text)) };
  const [name, ...rest] = args;
  if (!name) {
    io.err("klp-callbacks: no command given\nRun 'klp-callbacks --help' for the commands.\n");
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.out(globalHelp());
    return 0;
  }
  if (name === '--version') {
    io.out(`${packageVersion('dev')}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(
      `klp-callbacks: unknown command '${oneLine(name)}'\nRun 'klp-callbacks --help' for the commands.\n`,
    );
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.usage.endsWith('\n') ? command.usage : `${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    // The usage text is 30 lines: the one that matters is the error, and the hint says where the rest is.
    if (error instanceof UsageError) {
      io.err(
        `klp-callbacks ${name}: ${oneLine(error.message)}\nRun 'klp-callbacks ${name} --help' for its options.\n`,
      );
      return EXIT_USAGE;
    }
    // A stack helps us, not the user: it is printed only when asked for.
    if (debug && error instanceof Error && error.stack) {
      io.err(`klp-callbacks ${name}: internal error: ${error.stack}\n`);
    } else {
      const detail = error instanceof Error ? error.message : String(error);
      io.err(
        `klp-callbacks ${name}: internal error: ${oneLine(detail)} (run with --debug for the stack trace, and please report it)\n`,
      );
    }
    return EXIT_USAGE;
  }
}

/** `--debug` (before `--`, any command) or KLP_CALLBACKS_DEBUG set: internal errors show their stack. */
function takeDebugFlag(argv: readonly string[]): { args: string[]; debug: boolean } {
  const end = argv.indexOf('--');
  const options = end < 0 ? argv : argv.slice(0, end);
  const rest = end < 0 ? [] : argv.slice(end);
  const args = [...options.filter((arg) => arg !== '--debug'), ...rest];
  return { args, debug: args.length < argv.length || Boolean(process.env.KLP_CALLBACKS_DEBUG) };
}

function globalHelp(): string {
  const width = Math.max(0, ...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `usage: klp-callbacks <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun 'klp-callbacks <command> --help' for a command's options; --debug (any command) shows the stack\nof an internal error.\n`;
}

/** Runs with the process's arguments and streams; the bin launcher calls this. */
export function main(argv: string[] = process.argv.slice(2)): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    // `klp-callbacks extract ... | head`: the reader left, which is no error of ours.
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    // `> /dev/full`, a closed terminal: say so in one line; the results did not arrive.
    process.stderr.write(`klp-callbacks: cannot write the output: ${error.message}\n`);
    process.exit(EXIT_USAGE);
  });
  runCli(argv, processIO()).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`klp-callbacks: ${String(error)}\n`);
      process.exitCode = EXIT_USAGE;
    },
  );
}

if (require.main === module) main();
