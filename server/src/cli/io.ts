// The CLI's streams and exit codes, injectable so tests run commands in-process.
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** Whether stdout is a terminal (colour, human formatting). */
  readonly isTTY: boolean;
  readonly cwd: string;
  /** Writes a transient progress line to the terminal; absent when stderr is not one, or under CI. */
  progress?(text: string): void;
}

export const EXIT_OK = 0;
/** A finding of error severity (check) or a simulated failure the caller asked to fail on. */
export const EXIT_FINDINGS = 1;
/** Usage errors and unreadable inputs. */
export const EXIT_USAGE = 2;

export class UsageError extends Error {}

export function processIO(): CliIO {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    isTTY: Boolean(process.stdout.isTTY),
    cwd: process.cwd(),
    ...(wantsProgress(Boolean(process.stderr.isTTY), process.env)
      ? { progress: (text: string) => process.stderr.write(text) }
      : {}),
  };
}

/** A progress line only for a person at a terminal: not when stderr is piped or a CI service runs us. */
export function wantsProgress(stderrIsTTY: boolean, env: NodeJS.ProcessEnv): boolean {
  const ci = env.CI;
  return stderrIsTTY && (ci === undefined || ci === '' || ci === 'false' || ci === '0');
}
