// The package version esbuild writes into each bundle; from sources (tests) there is none.

declare const KLP_CALLBACKS_VERSION: string | undefined;

/** The version of the build, or `fallback` when running from sources. */
export function packageVersion(fallback: string): string {
  return typeof KLP_CALLBACKS_VERSION === 'string' ? KLP_CALLBACKS_VERSION : fallback;
}
