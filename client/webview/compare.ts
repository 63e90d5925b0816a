// Two traces side by side, lined up by a longest common subsequence of their lines, differences marked.

export type Change = 'same' | 'removed' | 'added';

export interface CompareLine {
  change: Change;
  /** The left trace's line (empty for an added line). */
  left: string;
  /** The right trace's line (empty for a removed line). */
  right: string;
}

/** Traces are a few hundred lines: the quadratic table stays small; beyond the cap, lines pair by position. */
const MAX_CELLS = 4_000_000;

export function compareLines(left: readonly string[], right: readonly string[]): CompareLine[] {
  if (left.length * right.length > MAX_CELLS) return byPosition(left, right);
  const n = left.length;
  const m = right.length;
  // lcs[i][j]: length of the longest common subsequence of left[i..] and right[j..].
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] =
        left[i] === right[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const lines: CompareLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && left[i] === right[j]) {
      lines.push({ change: 'same', left: left[i]!, right: right[j]! });
      i++;
      j++;
    } else if (j < m && (i === n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) {
      lines.push({ change: 'added', left: '', right: right[j]! });
      j++;
    } else {
      lines.push({ change: 'removed', left: left[i]!, right: '' });
      i++;
    }
  }
  return lines;
}

function byPosition(left: readonly string[], right: readonly string[]): CompareLine[] {
  const lines: CompareLine[] = [];
  for (let k = 0; k < Math.max(left.length, right.length); k++) {
    const [l, r] = [left[k], right[k]];
    if (l !== undefined && l === r) lines.push({ change: 'same', left: l, right: l });
    else {
      if (l !== undefined) lines.push({ change: 'removed', left: l, right: '' });
      if (r !== undefined) lines.push({ change: 'added', left: '', right: r });
    }
  }
  return lines;
}
