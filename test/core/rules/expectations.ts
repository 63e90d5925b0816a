// Reads inline expectations (`expect: rule-id, ...` in a comment) and compares them with findings.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText } from '../../../server/src/core/analyze';
import type { CheckOptions } from '../../../server/src/core/rules/run';
import type { Finding } from '../../../server/src/core/rules/types';
import { engine } from '../../helpers';

/** The rules whose findings come from the model checker, each with a counterexample. */
export const LIFECYCLE_RULES: readonly string[] = [
  'asymmetric-pair',
  'unpaired-resource',
  'pre-patch-partial-cleanup',
  'post-unpatch-assumes-post-patch',
  'lock-across-callbacks',
  'replace-without-takeover',
  'shadow-free-in-exit',
];

const EXPECT = /expect:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/;

/** `rule@line` (1-based) for every expectation written in the text. */
export function expectedFindings(text: string): string[] {
  const expected: string[] = [];
  text.split('\n').forEach((line, index) => {
    const match = EXPECT.exec(line);
    if (!match || !/\/\*|\/\//.test(line.slice(0, match.index))) return;
    for (const id of match[1].split(',')) expected.push(`${id.trim()}@${index + 1}`);
  });
  return expected.sort();
}

export function actualFindings(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.rule}@${f.range.start.line + 1}`).sort();
}

export async function checkSource(file: string, options?: CheckOptions): Promise<Finding[]> {
  const text = fs.readFileSync(file, 'utf8');
  return analyzeText(await engine(), path.basename(file), text, { check: options }).findings;
}

/** Every file with a source extension under a folder, sorted. */
export function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return sourceFiles(full);
      return /\.(c|h|patch|diff)$/.test(entry.name) ? [full] : [];
    })
    .sort();
}

/** A readable diff for assertion messages: each finding as `rule@line: message`. */
export function describe(findings: readonly Finding[]): string {
  return findings.map((f) => `  ${f.rule}@${f.range.start.line + 1}: ${f.message}`).join('\n');
}
