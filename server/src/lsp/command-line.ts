// klp-callbacks-ls's own arguments: --help and --version answer and exit; a transport is required to serve.
const TRANSPORTS = ['--stdio', '--node-ipc', '--socket=', '--pipe='];

export const SERVER_USAGE = `usage: klp-callbacks-ls --stdio | --node-ipc | --socket=PORT | --pipe=NAME

The klp-callbacks language server: diagnostics for every 'klp-callbacks check' rule, hovers that say
when the kernel runs a callback, quick fixes and the klpCallbacks/trace request, over LSP.
An editor starts it; 'klp-callbacks-ls --stdio' is what most LSP clients are configured with.

options:
  --stdio, --node-ipc, --socket=PORT, --pipe=NAME   how to talk to the editor (one is required)
  --help                                            this text
  --version                                         the version
`;

export type ServerCommandLine =
  { serve: true } | { serve: false; stdout?: string; stderr?: string; exitCode: number };

/** What `klp-callbacks-ls ARGS` should do, decided before any LSP machinery starts (it throws without a transport). */
export function readServerCommandLine(args: readonly string[], version: string): ServerCommandLine {
  if (args.includes('--help') || args.includes('-h'))
    return { serve: false, stdout: SERVER_USAGE, exitCode: 0 };
  if (args.includes('--version')) return { serve: false, stdout: `${version}\n`, exitCode: 0 };
  if (args.some((arg) => TRANSPORTS.some((t) => (t.endsWith('=') ? arg.startsWith(t) : arg === t))))
    return { serve: true };
  return {
    serve: false,
    stderr:
      "klp-callbacks-ls: no transport given (--stdio, --node-ipc, --socket=PORT or --pipe=NAME)\nRun 'klp-callbacks-ls --help' for its options.\n",
    exitCode: 2,
  };
}
