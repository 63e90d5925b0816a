// The byte scan that decides whether a file can hold anything the analysis reads, before any parse.

/**
 * A livepatch construct, as a substring of the text:
 * - a token of the livepatch API or of the kpatch/klp-build macros: `klp_`, `KPATCH_`, `KLP_`
 *   (also inside a longer identifier) and kpatch's `patch_object`;
 * - a callback-shaped identifier: one containing a callback kind, `pre_patch`, `post_patch`,
 *   `pre_unpatch` or `post_unpatch` (a `.pre_patch =` member, `my_post_unpatch`, `post_unpatch_enabled`);
 * - `module_init` / `module_exit`: the rules follow a module's init and exit functions too
 *   (sleep-in-atomic, init-partial-cleanup), in any file.
 * Text without one of them gives no finding and no note but "not analysed" (too large, binary),
 * and defines no callback a registration elsewhere could name unless it contains that name:
 * checking it costs this scan, not a parse.
 */
export const LIVEPATCH_CONSTRUCT =
  /klp_|KPATCH_|KLP_|patch_object|pre_patch|post_patch|pre_unpatch|post_unpatch|module_init|module_exit/;

export function mayHoldLivepatchConstruct(text: string): boolean {
  return LIVEPATCH_CONSTRUCT.test(text);
}
