// Diagnostics: the findings of one analysed document as LSP diagnostics.
import type { Diagnostic } from 'vscode-languageserver/node';
import type { FileAnalysis } from '../../core/analyze';
import { toDiagnostic } from '../convert';

export function provideDiagnostics(analysis: FileAnalysis, documentUri: string): Diagnostic[] {
  return analysis.findings.map((finding) => toDiagnostic(finding, documentUri));
}
