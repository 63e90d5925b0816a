// Loads a CommonJS bundle with V8's code cache kept on disk: a later start skips compiling what the last one ran (Node 20 has no module compile cache).
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

import { CODE_CACHE_ENV } from './code-cache-env';

/** After a start, the cache is written once this much time has passed (the first analyses ran by then), or at exit. */
const WRITE_AFTER_MS = 5_000;

export interface CodeCacheStatus {
  /** The cache file used (absent: the cache is off or its folder is not safe to use). */
  file?: string;
  /** 'accepted': V8 used the cache; 'rejected': it was stale or corrupt; 'absent': none yet. */
  state: 'off' | 'absent' | 'accepted' | 'rejected';
}

export interface LoadedBundle<T> {
  exports: T;
  status: CodeCacheStatus;
  /** Writes the cache now (when none was accepted); the loader also does it by itself, later. */
  writeCache(): void;
}

/**
 * The folder for cache files, or undefined when caching is off or the folder cannot be trusted: a
 * cache holds bytecode, so it must be this user's own folder that no one else can write to.
 */
export function cacheFolder(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = env[CODE_CACHE_ENV];
  if (configured !== undefined && (configured === '' || configured === 'off')) return undefined;
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  const folder =
    configured ?? path.join(os.tmpdir(), `klp-callbacks-code-cache-${uid ?? os.userInfo().username}`);
  try {
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
    const stat = fs.lstatSync(folder);
    if (!stat.isDirectory()) return undefined;
    if (uid !== undefined && stat.uid !== uid) return undefined;
    // Group- or world-writable: someone else could plant bytecode.
    if (process.platform !== 'win32' && (stat.mode & 0o022) !== 0) return undefined;
    return folder;
  } catch {
    return undefined;
  }
}

/** One file per bundle content, Node version and V8 flags: V8 itself checks only the source's length. */
function cacheFile(folder: string, bundle: string, source: string): string {
  const key = crypto
    .createHash('sha256')
    .update(source)
    .update(`\0${process.version}\0${process.arch}\0${process.execArgv.join(' ')}`)
    .digest('hex')
    .slice(0, 24);
  return path.join(folder, `${path.basename(bundle, '.js')}-${key}.cache`);
}

/** Cache files kept per bundle name (other contents, Node versions or flags): the newest win. */
export const CACHES_PER_BUNDLE = 4;

/** Deletes all but the newest CACHES_PER_BUNDLE cache files of `kept`'s bundle: each upgrade leaves one. */
function pruneOlderCaches(kept: string): void {
  const folder = path.dirname(kept);
  const bundle = path.basename(kept).replace(/-[0-9a-f]+\.cache$/, '');
  const siblings = fs
    .readdirSync(folder)
    .filter((name) => name.startsWith(`${bundle}-`) && name.endsWith('.cache'))
    .map((name) => path.join(folder, name))
    .map((file) => ({ file, modified: fs.statSync(file).mtimeMs }))
    .sort((a, b) => b.modified - a.modified);
  for (const { file } of siblings.slice(CACHES_PER_BUNDLE)) {
    if (file !== kept) fs.rmSync(file, { force: true });
  }
}

function readCache(file: string | undefined): Buffer | undefined {
  if (!file) return undefined;
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Evaluates the CommonJS bundle at `bundle` as `require` would (its own `module`, `require`,
 * `__filename`, `__dirname`; `import()` through Node's loader) with the code cache found for it,
 * and writes the cache for the next start when there was none to use.
 */
export function loadWithCodeCache<T>(bundle: string, env: NodeJS.ProcessEnv = process.env): LoadedBundle<T> {
  const source = fs.readFileSync(bundle, 'utf8');
  const folder = cacheFolder(env);
  const file = folder ? cacheFile(folder, bundle, source) : undefined;
  const cachedData = readCache(file);
  const script = new vm.Script(Module.wrap(source), {
    filename: bundle,
    cachedData,
    importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  const state: CodeCacheStatus['state'] = !file
    ? 'off'
    : !cachedData
      ? 'absent'
      : script.cachedDataRejected
        ? 'rejected'
        : 'accepted';
  const loaded = new Module(bundle, module);
  loaded.filename = bundle;
  loaded.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(
    path.dirname(bundle),
  );
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  // Its `require.main` is the launcher's: the bundle does not start itself, the launcher calls it.
  const localRequire = Module.createRequire(bundle);
  wrapper.call(loaded.exports, loaded.exports, localRequire, loaded, bundle, path.dirname(bundle));
  loaded.loaded = true;

  let written = state === 'accepted' || state === 'off';
  const writeCache = () => {
    if (written || !file) return;
    written = true;
    try {
      // Atomic: a concurrent start reads the old file or the new one, never half of one.
      const temporary = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
      fs.renameSync(temporary, file);
      pruneOlderCaches(file);
    } catch {
      // A cache that cannot be written only costs the next start its head start.
    }
  };
  if (!written) {
    setTimeout(writeCache, WRITE_AFTER_MS).unref();
    process.once('exit', writeCache);
  }
  return { exports: loaded.exports as T, status: { file, state }, writeCache };
}
