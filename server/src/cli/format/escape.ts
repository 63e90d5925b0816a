// Control characters from sources and file names made visible, so they never reach the terminal raw.

/**
 * C0 controls (newline and tab included), DEL and the C1 controls (`\u009b` is a one-byte CSI) as
 * `\n`, `\t` or `\xNN`: an ESC or BEL in a name cannot drive the terminal, and a newline in a file
 * name cannot start a line that reads like a finding.
 */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, escapeOne);
}

/** Each line of a text our formatter built, escaped on its own: its line structure is ours. */
export function printableLines(text: string): string {
  return text.split('\n').map(oneLine).join('\n');
}

function escapeOne(char: string): string {
  if (char === '\n') return '\\n';
  if (char === '\t') return '\\t';
  if (char === '\r') return '\\r';
  return `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
}
