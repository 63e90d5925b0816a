// kpatch-style .patch/.diff files: the C of each changed file after the patch, with lines mapped back.
import type { Position } from './types';

export interface PatchedSource {
  /** The changed file's path from the kernel tree's root (see treeRelative). */
  path: string;
  /** Context and added lines of every hunk, in order: what the file looks like after the patch. */
  text: string;
  /** For each line of `text`, its 0-based line in the patch file. */
  lineMap: number[];
}

const C_FILE = /\.[ch]$/;
/** Top-level folders of a kernel tree: a path that starts with one has no prefix to strip. */
const TREE_TOP =
  /^(arch|block|certs|crypto|drivers|fs|include|init|io_uring|ipc|kernel|lib|mm|net|rust|samples|scripts|security|sound|tools|usr|virt)\//;

/**
 * kpatch-build applies patches with `patch -p1`: the first folder (`b/`, `src/`, `linux-6.1/`) is
 * not part of the tree's path. A git `--no-prefix` patch (`drivers/…`) is taken as it is.
 */
export function treeRelative(target: string): string {
  if (TREE_TOP.test(target)) return target;
  const slash = target.indexOf('/');
  return slash > 0 ? target.slice(slash + 1) : target;
}

export function reconstructPatch(patchText: string): PatchedSource[] {
  const lines = patchText.split('\n');
  const sources = new Map<string, { lines: string[]; lineMap: number[] }>();
  let current: { lines: string[]; lineMap: number[] } | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('diff ')) {
      current = null;
    } else if (line.startsWith('+++ ')) {
      const target = line.slice(4).split('\t')[0].trim();
      const path = treeRelative(target);
      current =
        target === '/dev/null' || !C_FILE.test(path)
          ? null
          : (sources.get(path) ?? { lines: [], lineMap: [] });
      if (current) sources.set(path, current);
    } else if (line.startsWith('@@') && current) {
      const counts = /^@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@/.exec(line);
      if (!counts) continue;
      let oldLeft = counts[1] === undefined ? 1 : Number(counts[1]);
      let newLeft = counts[2] === undefined ? 1 : Number(counts[2]);
      while ((oldLeft > 0 || newLeft > 0) && i + 1 < lines.length) {
        const body = lines[i + 1].replace(/\r$/, '');
        const marker = body[0];
        if (marker === '\\') {
          i++;
          continue;
        }
        if (marker === '-') oldLeft--;
        else if (marker === '+') newLeft--;
        else if (marker === ' ' || body === '') {
          oldLeft--;
          newLeft--;
        } else break;
        i++;
        if (marker !== '-') {
          current.lines.push(body.slice(1));
          current.lineMap.push(i);
        }
      }
    }
  }
  return [...sources].map(([path, source]) => ({
    path,
    text: source.lines.join('\n'),
    lineMap: source.lineMap,
  }));
}

/** A copy of `value` whose positions are moved from the reconstructed C to the patch file (past the +/space column). */
export function mapToPatch<T>(value: T, lineMap: readonly number[]): T {
  const visit = (item: unknown): unknown => {
    if (Array.isArray(item)) return item.map(visit);
    if (item === null || typeof item !== 'object') return item;
    const record = item as Record<string, unknown>;
    if (isPosition(record)) return mapPosition(record, lineMap);
    const copy: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(record)) copy[key] = visit(child);
    return copy;
  };
  return visit(value) as T;
}

function mapPosition(position: Position, lineMap: readonly number[]): Position {
  const line = lineMap[position.line];
  if (line === undefined) {
    const last = lineMap[lineMap.length - 1] ?? 0;
    return { line: last + 1, character: 0 };
  }
  return { line, character: position.character + 1 };
}

function isPosition(record: Record<string, unknown>): record is { line: number; character: number } {
  const keys = Object.keys(record);
  return keys.length === 2 && typeof record.line === 'number' && typeof record.character === 'number';
}
