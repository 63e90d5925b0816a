// Counts errors the core caught and survived (a rule, a declaration, a function left out), so harnesses can see them.

export interface CaughtError {
  where: string;
  message: string;
}

let count = 0;
let listener: ((caught: CaughtError) => void) | undefined;

/**
 * Called where the core catches an error of its own and goes on without part of the analysis:
 * the user sees a note (or, for a function left out, nothing), the fuzz harness counts them all.
 */
export function noteInternalError(where: string, error: unknown): void {
  count++;
  listener?.({ where, message: error instanceof Error ? error.message : String(error) });
}

/** How many internal errors were caught since the process started. */
export function internalErrorCount(): number {
  return count;
}

/** One listener (the fuzz harness); undefined removes it. */
export function onInternalError(handler: ((caught: CaughtError) => void) | undefined): void {
  listener = handler;
}
