// Text from the source (object names, conditions, file names) made inert inside the Markdown of hovers.

/**
 * A code span that the text cannot close: its fence is one backtick longer than the longest run of
 * backticks inside. Line breaks and other controls are shown escaped, so a blank line cannot end
 * the span's paragraph and start Markdown of its own (a link, an image fetched from a server).
 */
export function inlineCode(text: string): string {
  const shown = visibleControls(text);
  const longestRun = Math.max(0, ...(shown.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  // A span that starts or ends with a backtick needs a space between it and the fence.
  const pad = shown.startsWith('`') || shown.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${shown}${pad}${fence}`;
}

/** Plain text in Markdown: every ASCII punctuation character that could start markup is backslash-escaped. */
export function escapeMarkdown(text: string): string {
  return visibleControls(text).replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, '\\$&');
}

function visibleControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (char) =>
    char === '\n' ? '\\n' : `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}
