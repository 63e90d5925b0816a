// The only place where core types become LSP types.
import {
  DiagnosticSeverity,
  type Diagnostic,
  type DiagnosticRelatedInformation,
  type Range as LspRange,
} from 'vscode-languageserver/node';
import { pathToFileURL } from 'node:url';
import type { Range } from '../core/model/types';
import type { Finding, Severity } from '../core/rules/types';
import { ruleDocsUrl } from '../rule-docs';
import { packageVersion } from '../version';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export const DIAGNOSTIC_SOURCE = 'klp-callbacks';

export function toLspRange(range: Range): LspRange {
  return {
    start: { line: range.start.line, character: range.start.character },
    end: { line: range.end.line, character: range.end.character },
  };
}

/** `documentUri` resolves related locations in the same file; other paths become file URIs. */
export function toDiagnostic(finding: Finding, documentUri: string): Diagnostic {
  const relatedInformation: DiagnosticRelatedInformation[] = finding.related.map((related) => ({
    location: {
      uri: related.path === finding.path ? documentUri : pathToFileURL(related.path).href,
      range: toLspRange(related.range),
    },
    message: related.message,
  }));
  return {
    range: toLspRange(finding.range),
    severity: SEVERITY[finding.severity],
    source: DIAGNOSTIC_SOURCE,
    code: finding.rule,
    // The rule id in the Problems panel becomes a link to the rule's page.
    codeDescription: { href: ruleDocsUrl(finding.rule, packageVersion('dev')) },
    message: finding.message,
    ...(relatedInformation.length > 0 ? { relatedInformation } : {}),
  };
}
