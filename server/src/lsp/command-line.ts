// klp-callbacks-ls's own arguments: --help and --version answer and exit; a transport is required to serve.
const TRANSPORTS = ['--stdio', '--node-ipc', '--socket=', '--pipe='];

export const SERVER_USAGE = `usage: klp-callbacks-ls --stdio | --node-ipc | --socket=PORT | --pipe=NAME [--clientProcessId=PID]

The klp-callbacks language server: diagnostics for every 'klp-callbacks check' rule, hovers saying
when the kernel runs each livepatch callback, quick fixes, go to definition and references of
callbacks, document and workspace symbols, and the klpCallbacks/trace request. An editor starts it
and speaks LSP over the chosen transport ('klp-callbacks-ls --stdio' is what most clients use).

options:
  --stdio                speak LSP on stdin/stdout
  --node-ipc             speak LSP over Node's IPC channel (the VS Code extension)
  --socket=PORT          connect to PORT on localhost
  --pipe=NAME            connect to the named pipe NAME
  --clientProcessId=PID  exit when that process ends
  -h, --help             print this text and exit
  -v, --version          print the version and exit

Settings come as initializationOptions or workspace/didChangeConfiguration under
"klpCallbacks": rules, kpatchObject, objects (see README.md, "Language server").
`;

export type ServerCommandLine =
  { serve: true } | { serve: false; stdout?: string; stderr?: string; exitCode: number };

/** What `klp-callbacks-ls ARGS` should do, decided before any LSP machinery starts (it throws without a transport). */
export function readServerCommandLine(args: readonly string[], version: string): ServerCommandLine {
  if (args.includes('--help') || args.includes('-h'))
    return { serve: false, stdout: SERVER_USAGE, exitCode: 0 };
  if (args.includes('--version') || args.includes('-v'))
    return { serve: false, stdout: `klp-callbacks-ls ${version}\n`, exitCode: 0 };
  if (args.some((arg) => TRANSPORTS.some((t) => (t.endsWith('=') ? arg.startsWith(t) : arg === t))))
    return { serve: true };
  return {
    serve: false,
    stderr:
      "klp-callbacks-ls: no transport given (--stdio, --node-ipc, --socket=PORT or --pipe=NAME)\nRun 'klp-callbacks-ls --help' for its options.\n",
    exitCode: 2,
  };
}
