// node:child_process for the web builds: there are no processes to start; the web server gets no verifier, so this never runs.

export function fork(): never {
  throw new Error('child processes are not available in the browser');
}

export default { fork };
