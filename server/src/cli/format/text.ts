// The human format: `path:line:col: severity: message [rule]`, grouped by file, then a summary line.
import { changesAnalysis } from '../../core/model/problem-summary';
import type { Severity } from '../../core/rules/types';
import { explainLines } from './counterexample';
import { oneLine } from './escape';
import { countBySeverity, type CheckResults } from './results';

const COLOURS: Record<Severity | 'note' | 'bold', [string, string]> = {
  error: ['\u001b[1;31m', '\u001b[0m'],
  warning: ['\u001b[1;33m', '\u001b[0m'],
  info: ['\u001b[1;36m', '\u001b[0m'],
  note: ['\u001b[2m', '\u001b[0m'],
  bold: ['\u001b[1m', '\u001b[0m'],
};

/** `explain`: each lifecycle finding's counterexample trace under it. */
export function formatText(results: CheckResults, colour: boolean, explain = false): string {
  const paint = (style: keyof typeof COLOURS, text: string) =>
    colour ? COLOURS[style][0] + text + COLOURS[style][1] : text;
  const blocks: string[] = [];
  for (const file of results.files) {
    if (file.findings.length === 0 && file.problems.length === 0) continue;
    const lines: string[] = [];
    for (const finding of file.findings) {
      const where = `${oneLine(file.path)}:${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
      lines.push(
        `${paint('bold', where)}: ${paint(finding.severity, finding.severity)}: ${oneLine(finding.message)} [${finding.rule}]`,
      );
      for (const related of finding.related) {
        const path = oneLine(related.path === finding.path ? file.path : related.path);
        lines.push(
          paint(
            'note',
            `    ${path}:${related.range.start.line + 1}:${related.range.start.character + 1}: note: ${oneLine(related.message)}`,
          ),
        );
      }
      if (explain && finding.counterexample)
        for (const line of explainLines(finding.counterexample)) lines.push(paint('note', line));
    }
    // In the order given: what changes the analysis first, then the summary of harmless recoveries.
    for (const problem of file.problems) {
      const where = `${oneLine(file.path)}:${problem.range.start.line + 1}:${problem.range.start.character + 1}`;
      lines.push(paint('note', `${where}: note: ${oneLine(problem.message)}`));
    }
    blocks.push(lines.join('\n'));
  }
  const counts = countBySeverity(results);
  const summary = [
    plural(counts.error, 'error'),
    plural(counts.warning, 'warning'),
    plural(counts.info, 'info'),
  ].join(', ');
  const unread = results.files.filter((file) => file.problems.some(changesAnalysis)).length;
  const caveat =
    unread > 0 ? ` (${plural(unread, 'file')} not fully read: findings there may be incomplete)` : '';
  blocks.push(`${summary} in ${plural(results.files.length, 'file')}${caveat}`);
  return `${blocks.join('\n\n')}\n`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
