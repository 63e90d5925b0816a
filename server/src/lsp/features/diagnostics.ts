// Diagnostics: the findings of one analysed document as LSP diagnostics.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { FileAnalysis } from '../../core/analyze';
import { DIAGNOSTIC_SOURCE, toDiagnostic } from '../convert';

export function provideDiagnostics(analysis: FileAnalysis, documentUri: string): Diagnostic[] {
  if (analysis.skipped) {
    // Say so rather than show nothing: an empty Problems panel would read as "no bugs".
    const origin = { line: 0, character: 0 };
    return [
      {
        range: { start: origin, end: origin },
        severity: DiagnosticSeverity.Information,
        source: DIAGNOSTIC_SOURCE,
        message: `klp-callbacks: ${analysis.skipped}`,
      },
    ];
  }
  return analysis.findings.map((finding) => toDiagnostic(finding, documentUri));
}
