// klp-callbacks: the command-line entry; dispatches to one subcommand per file.
import { COMMANDS } from './commands/index';
import { EXIT_USAGE, UsageError, processIO, type CliIO } from './io';

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(globalHelp());
    return name ? 0 : EXIT_USAGE;
  }
  if (name === '--version') {
    io.out(`${version()}\n`);
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`klp-callbacks: unknown command '${name}'\n\n${globalHelp()}`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.usage.endsWith('\n') ? command.usage : `${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`klp-callbacks ${name}: ${error.message}\n${command.usage}\n`);
      return EXIT_USAGE;
    }
    // A stack helps us, not the user: it is printed only when asked for.
    const detail =
      error instanceof Error
        ? process.env.KLP_CALLBACKS_DEBUG
          ? (error.stack ?? error.message)
          : error.message
        : String(error);
    io.err(
      `klp-callbacks ${name}: internal error: ${detail}\n(set KLP_CALLBACKS_DEBUG=1 for the stack trace, and please report it)\n`,
    );
    return EXIT_USAGE;
  }
}

function globalHelp(): string {
  const width = Math.max(0, ...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `usage: klp-callbacks <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun 'klp-callbacks <command> --help' for a command's options.\n`;
}

function version(): string {
  // Injected by esbuild; from sources (tests) it reads package.json.
  return typeof KLP_CALLBACKS_VERSION === 'string' ? KLP_CALLBACKS_VERSION : 'dev';
}

declare const KLP_CALLBACKS_VERSION: string | undefined;

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
