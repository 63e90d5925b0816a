// The status bar's text: the active file's livepatch name(s), or the tool's name, and the findings count.

export function statusText(patches: readonly string[], findings: number): string {
  const counted = `${findings} finding${findings === 1 ? '' : 's'}`;
  const label = patches.length > 0 ? patches.join(', ') : 'klp-callbacks';
  return `$(pulse) ${label}: ${counted}`;
}
