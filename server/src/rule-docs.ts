// Where each rule's documentation page lives: docs/rules/<id>.md in the repository named by package.json.

/** package.json's `repository.url` without `git+`/`.git` (a test keeps the two equal). */
export const REPOSITORY_URL = 'https://github.com/klp-callbacks/klp-callbacks';

/**
 * The page of `ruleId` as of `version`: a release links the docs of its own tag (`v0.1.0`), so
 * the page describes the rule it ran; anything else (sources, `dev`) links `main`.
 */
export function ruleDocsUrl(ruleId: string, version: string): string {
  const ref = /^\d+\.\d+\.\d+$/.test(version) ? `v${version}` : 'main';
  return `${REPOSITORY_URL}/blob/${ref}/docs/rules/${encodeURIComponent(ruleId)}.md`;
}
