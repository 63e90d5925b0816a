// klp-callbacks-ls's own options (--help, --version), answered before any transport is opened.

const USAGE = `usage: klp-callbacks-ls [--stdio | --node-ipc | --socket=PORT | --pipe=NAME] [--clientProcessId=PID]

The klp-callbacks language server: diagnostics for every lint rule, hovers saying when the
kernel runs each livepatch callback, quick fixes, go to definition and references of callbacks,
document and workspace symbols, and the klpCallbacks/trace request. An editor starts it and
speaks LSP over the chosen transport (most use --stdio).

options:
  --stdio             speak LSP on stdin/stdout
  --node-ipc          speak LSP over Node's IPC channel (the VS Code extension)
  --socket=PORT       connect to PORT on localhost
  --pipe=NAME         connect to the named pipe NAME
  --clientProcessId=PID  exit when that process ends
  -h, --help          print this text and exit
  -v, --version       print the version and exit

Settings come as initializationOptions or workspace/didChangeConfiguration under
"klpCallbacks": rules, kpatchObject, objects (see README.md, "Language server").
`;

/** True when the arguments asked for help or the version (already printed): the server must not start. */
export function handleCommandLine(argv: readonly string[], print: (text: string) => void): boolean {
  if (argv.includes('--help') || argv.includes('-h')) {
    print(USAGE);
    return true;
  }
  if (argv.includes('--version') || argv.includes('-v')) {
    print(`klp-callbacks-ls ${version()}\n`);
    return true;
  }
  return false;
}

function version(): string {
  // Injected by esbuild; from sources (tests) there is no build, hence 'dev'.
  return typeof KLP_CALLBACKS_VERSION === 'string' ? KLP_CALLBACKS_VERSION : 'dev';
}

declare const KLP_CALLBACKS_VERSION: string | undefined;
