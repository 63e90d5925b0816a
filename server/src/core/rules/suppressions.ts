// Reads `klp-callbacks: ignore <ids>` comments (line and the line below) and `ignore-file <ids>`.
import type { SyntaxUnit } from '../flow/syntax-units';

export interface Suppressions {
  /** Whether a finding of `rule` starting on `line` (0-based) is suppressed. */
  suppresses(rule: string, line: number): boolean;
}

const DIRECTIVE = /klp-callbacks:\s*(ignore-file|ignore)\s+([A-Za-z0-9_,\s-]+)/;

export function readSuppressions(units: readonly SyntaxUnit[]): Suppressions {
  const fileWide = new Set<string>();
  const byLine = new Map<number, Set<string>>();
  for (const unit of units) readUnit(unit, fileWide, byLine);
  return {
    suppresses(rule, line) {
      if (fileWide.has(rule) || fileWide.has('all')) return true;
      const ids = byLine.get(line);
      return ids !== undefined && (ids.has(rule) || ids.has('all'));
    },
  };
}

function readUnit(unit: SyntaxUnit, fileWide: Set<string>, byLine: Map<number, Set<string>>): void {
  // Walking every comment of a large file costs more than a substring search that usually fails.
  if (!unit.root.text.includes('klp-callbacks:')) return;
  const fileLine = (line: number) => (unit.lineMap ? (unit.lineMap[line] ?? -1) : line);
  for (const comment of unit.root.descendantsOfType('comment')) {
    const match = DIRECTIVE.exec(comment.text.replace(/\*\/$/, ''));
    if (!match) continue;
    const ids = match[2]
      .split(/[\s,]+/)
      .map((id) => id.trim())
      .filter(Boolean);
    if (match[1] === 'ignore-file') {
      for (const id of ids) fileWide.add(id);
      continue;
    }
    // A comment suppresses findings on its own lines and on the line right after it.
    for (let line = comment.startPosition.row; line <= comment.endPosition.row + 1; line++) {
      const set = byLine.get(fileLine(line)) ?? new Set<string>();
      for (const id of ids) set.add(id);
      byLine.set(fileLine(line), set);
    }
  }
}
