// The lint rules' contract: a rule reads one file's model, tree and flow facts and returns findings.
import type { FileFlow } from '../flow/file-flow';
import type { SyntaxUnit } from '../flow/syntax-units';
import type { Counterexample } from '../check/explore';
import type { FileModel, Range } from '../model/types';

export type Severity = 'error' | 'warning' | 'info';

export interface RelatedLocation {
  path: string;
  range: Range;
  message: string;
}

/** A replacement in the finding's own file; an empty range inserts. */
export interface TextReplacement {
  range: Range;
  newText: string;
  /** Where the editor's cursor goes after the fix: an offset into `newText` (a stub's empty body line). */
  cursorOffset?: number;
}

/** A mechanical repair the editor can offer as a quick fix. */
export interface Fix {
  title: string;
  edits: TextReplacement[];
  /** Written against a `.patch` file's own lines (added lines, hunk headers recounted); other fixes are for C files only. */
  forPatch?: boolean;
}

export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  path: string;
  range: Range;
  related: RelatedLocation[];
  fixes?: Fix[];
  /** For a lifecycle finding: the shortest scenario in which the kernel makes it happen. */
  counterexample?: Counterexample;
}

export interface RuleDocs {
  summary: string;
  /** Markdown: what happens at run time and what to do about it. */
  description: string;
}

/** What a rule reports; the runner adds the rule id, the severity and the path. */
export interface RuleFinding {
  message: string;
  range: Range;
  /**
   * This finding's default severity when the rule's findings differ in weight (e.g. a write that
   * changes nothing); a severity the user sets for the rule still applies to all of them.
   */
  severity?: Severity;
  related?: { range: Range; message: string; path?: string }[];
  fixes?: Fix[];
  counterexample?: Counterexample;
}

export interface RuleContext {
  path: string;
  text: string;
  /** The file's C syntax: one unit for a .c/.h file, one per changed C file for a .patch. */
  units: readonly SyntaxUnit[];
  model: FileModel;
  flow: FileFlow;
  /** Functions defined in other files of the workspace (for undefined-callback). */
  workspaceFunctions: ReadonlySet<string>;
  /**
   * The workspace is the whole module's source (an editor that read every file of its folder):
   * a prototype with no definition anywhere is then a link error, not a function defined elsewhere.
   */
  workspaceIsWholeProject: boolean;
}

export interface Rule {
  id: string;
  defaultSeverity: Severity;
  docs: RuleDocs;
  check(ctx: RuleContext): RuleFinding[];
}
