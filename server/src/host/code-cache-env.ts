// The environment variable naming the code cache's folder: set by the VS Code extension, read by the launchers (no imports: both bundle it).

/** Names the folder of the launchers' V8 code cache; `off` (or empty) loads the bundles without one. */
export const CODE_CACHE_ENV = 'KLP_CALLBACKS_CODE_CACHE';
