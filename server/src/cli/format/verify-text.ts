// Predicted and real traces side by side, the first difference marked, for `klp-callbacks verify`.
import type { CaseResult } from '../../host/verify/run-cases';
import { comparableLines } from '../../host/verify/trace-lines';
import { oneLine } from './escape';

const MARK = '>>';

/** Two columns (predicted | real kernel), the first differing row marked `>>`, then the verdict. */
export function sideBySide(result: CaseResult, color: boolean): string {
  const predicted = comparableLines(result.predictedLines).map(oneLine);
  const real = comparableLines(result.realLines).map(oneLine);
  const width = Math.min(72, Math.max(20, ...predicted.map((l) => l.length)));
  const rows = Math.max(predicted.length, real.length);
  const out = [`   ${'predicted (klp-callbacks trace)'.padEnd(width)} | real kernel`];
  out.push(`   ${'-'.repeat(width)}-+-${'-'.repeat(30)}`);
  for (let i = 0; i < rows; i++) {
    const left = predicted[i] ?? '';
    const right = real[i] ?? '';
    const first = i === result.firstDifference;
    const differs = left !== right;
    const sep = differs ? '≠' : '|';
    let row = `${first ? MARK : '  '} ${fit(left, width)} ${sep} ${right}`;
    if (first && color) row = `\u001b[1;31m${row}\u001b[0m`;
    out.push(row);
  }
  return `${out.join('\n')}\n`;
}

function fit(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}
