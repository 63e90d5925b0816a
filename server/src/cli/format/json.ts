// The machine format: {"files":[{"path","findings":[{rule, severity, message, range, related}],"problems"}]}, LSP ranges.
import { jsonCounterexample } from './counterexample';
import type { CheckResults } from './results';

export function formatJson(results: CheckResults): string {
  const files = results.files.map((file) => ({
    path: file.path,
    findings: file.findings.map((finding) => ({
      rule: finding.rule,
      severity: finding.severity,
      message: finding.message,
      range: finding.range,
      related: finding.related.map((related) => ({
        path: related.path === finding.path ? file.path : related.path,
        range: related.range,
        message: related.message,
      })),
      ...(finding.counterexample ? { counterexample: jsonCounterexample(finding.counterexample) } : {}),
    })),
    problems: file.problems.map((problem) => ({
      message: problem.message,
      range: problem.range,
      ...(problem.kind !== undefined ? { kind: problem.kind } : {}),
    })),
  }));
  return `${JSON.stringify({ files }, null, 2)}\n`;
}
