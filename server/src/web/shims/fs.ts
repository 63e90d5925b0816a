// node:fs for the web worker build: a browser has no disk, so every file is missing and every read fails as a missing file would.

function missing(file: unknown): never {
  const error = new Error(`ENOENT: no file system in the web worker: ${String(file)}`) as Error & {
    code: string;
  };
  error.code = 'ENOENT';
  throw error;
}

export const constants = { O_RDONLY: 0, O_NONBLOCK: 0 };
export const existsSync = (): boolean => false;
export const statSync = missing;
export const fstatSync = missing;
export const openSync = missing;
export const readSync = missing;
export const closeSync = (): void => undefined;
export const readFileSync = missing;
export const readdirSync = missing;
export const promises = {
  readFile: (file: unknown) => Promise.reject(new Error(`ENOENT: ${String(file)}`)),
  readdir: (dir: unknown) => Promise.reject(new Error(`ENOENT: ${String(dir)}`)),
  stat: (file: unknown) => Promise.reject(new Error(`ENOENT: ${String(file)}`)),
};

export default {
  constants,
  existsSync,
  statSync,
  fstatSync,
  openSync,
  readSync,
  closeSync,
  readFileSync,
  readdirSync,
  promises,
};
