// Orders a file's extraction problems for people: what changes the analysis first, harmless recoveries as one line.
import { unanalysableReason } from '../input-limits';
import { comparePositions } from '../text';
import type { ExtractionProblem } from './types';

/** Whether findings may be incomplete because of this problem (a harmless recovery loses nothing). */
export function changesAnalysis(problem: ExtractionProblem): boolean {
  return problem.kind !== 'recovered';
}

/** Any token of the livepatch API or of the kpatch/klp-build macros: code the analysis reads. */
export const LIVEPATCH_TOKEN = /\b(?:klp_\w+|KPATCH_\w+|KLP_\w+|patch_object)\b/;

/**
 * What is worth saying about a file's problems. In text with no livepatch token a syntax error
 * cannot hide a registration (and a .patch that changes no C file has nothing to read): only a
 * whole file not read (too large, binary) is said, so a kernel tree's ordinary files do not bury
 * the notes that matter. A declaration of such text left unread (nested too deep) hides nothing
 * either, and saying so would need a parse of every file, which `check`'s pre-filter spares.
 */
export function relevantProblems(problems: readonly ExtractionProblem[], text: string): ExtractionProblem[] {
  if (LIVEPATCH_TOKEN.test(text)) return [...problems];
  return problems.filter(
    (problem) => problem.kind === 'skipped' && problem.message === unanalysableReason(text),
  );
}

/**
 * The problems that change the analysis, by position, then at most one 'recovered' problem that
 * counts the harmless recoveries and says where each kind of construct is (1-based lines), so a
 * file full of template markers does not bury the one note that matters.
 */
export function summarizeProblems(problems: readonly ExtractionProblem[]): ExtractionProblem[] {
  const byPosition = (a: ExtractionProblem, b: ExtractionProblem) =>
    comparePositions(a.range.start, b.range.start);
  const important = problems.filter(changesAnalysis).sort(byPosition);
  const recovered = problems.filter((problem) => !changesAnalysis(problem)).sort(byPosition);
  if (recovered.length === 0) return important;
  const lines = new Map<string, number[]>();
  for (const problem of recovered) {
    for (const construct of problem.constructs ?? ['a construct tree-sitter lacks']) {
      const list = lines.get(construct) ?? [];
      list.push(problem.range.start.line + 1);
      lines.set(construct, list);
    }
  }
  const where = [...lines].map(
    ([construct, at]) => `${construct} at ${at.length === 1 ? 'line' : 'lines'} ${at.join(', ')}`,
  );
  const count = recovered.length === 1 ? '1 declaration' : `${recovered.length} declarations`;
  const summary: ExtractionProblem = {
    message: `tree-sitter recovered harmlessly in ${count} (${where.join('; ')}): its C grammar lacks these constructs, nothing the analysis reads was lost`,
    range: recovered[0].range,
    kind: 'recovered',
    constructs: [...lines.keys()],
  };
  return [...important, summary];
}
