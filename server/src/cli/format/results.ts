// What `klp-callbacks check` hands to its output formats: the findings of each checked file.
import type { ExtractionProblem } from '../../core/model/types';
import type { Finding, Severity } from '../../core/rules/types';

export interface FileResult {
  /** As the user would write it (relative to the working folder when inside it). */
  path: string;
  absolutePath: string;
  findings: Finding[];
  /**
   * What the extractor could not read (syntax errors, unresolved references): findings may be
   * incomplete. Ordered by summarizeProblems: those first, then one line for harmless recoveries.
   */
  problems: ExtractionProblem[];
}

export interface CheckResults {
  files: FileResult[];
  /** Where relative paths start: the working folder. */
  root: string;
  /** The severity each rule ran with, 'off' for disabled rules. */
  severities: Record<string, Severity | 'off'>;
}

export function countBySeverity(results: CheckResults): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const file of results.files) for (const finding of file.findings) counts[finding.severity]++;
  return counts;
}
