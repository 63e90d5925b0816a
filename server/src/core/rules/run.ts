// Runs every rule on one file: severities from options, suppression comments, findings sorted by position.
import type { Tree } from 'web-tree-sitter';
import type { FunctionIrCache } from '../flow/cache';
import { FileFlow } from '../flow/file-flow';
import { FileSyntax, type SyntaxUnit } from '../flow/syntax-units';
import type { FileModel } from '../model/types';
import { comparePositions } from '../text';
import { ALL_RULES } from './index';
import { readSuppressions } from './suppressions';
import type { Finding, Fix, Rule, RuleContext, Severity } from './types';
import { noteInternalError } from '../internal-errors';

export interface CheckInput {
  path: string;
  text: string;
  tree: Tree;
  model: FileModel;
  /** The tree of maskForParsing(text) when the caller has it (the one extraction read): not parsed again. */
  syntaxTree?: Tree;
}

export interface CheckOptions {
  severities?: Record<string, Severity | 'off'>;
  /** Names of functions defined elsewhere in the workspace. */
  workspaceFunctions?: ReadonlySet<string>;
  /** See RuleContext.workspaceIsWholeProject; false (the CLI may be given one file of many). */
  workspaceIsWholeProject?: boolean;
  /** Per-function facts cache; a process-wide one is used when absent. */
  cache?: FunctionIrCache;
  rules?: readonly Rule[];
}

export function checkFile(input: CheckInput, options: CheckOptions = {}): Finding[] {
  const syntax = openSyntax(input);
  try {
    return runRules(input, options, syntax.units);
  } finally {
    syntax.dispose();
  }
}

/** The masked or patch-rebuilt syntax; the document's own tree if that cannot be had. */
function openSyntax(input: CheckInput): FileSyntax {
  try {
    return FileSyntax.open(input.tree, input.path, input.text, input.syntaxTree);
  } catch (error) {
    noteInternalError('rule syntax', error);
    return FileSyntax.of(input.tree);
  }
}

function runRules(input: CheckInput, options: CheckOptions, units: SyntaxUnit[]): Finding[] {
  const context: RuleContext = {
    path: input.path,
    text: input.text,
    units,
    model: input.model,
    flow: new FileFlow(units, options.cache),
    workspaceFunctions: options.workspaceFunctions ?? new Set(),
    workspaceIsWholeProject: options.workspaceIsWholeProject ?? false,
  };
  const suppressions = readSuppressions(units);
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const rule of options.rules ?? ALL_RULES) {
    const chosen = options.severities?.[rule.id];
    if (chosen === 'off') continue;
    let raw;
    try {
      raw = rule.check(context);
    } catch (error) {
      noteInternalError(`rule ${rule.id}`, error);
      // A rule tripping over unexpected input must not hide the other rules' findings.
      raw = [{ message: `internal error in rule ${rule.id}: ${String(error)}`, range: wholeFile() }];
    }
    for (const item of raw) {
      if (suppressions.suppresses(rule.id, item.range.start.line)) continue;
      const id = `${rule.id}|${item.range.start.line}:${item.range.start.character}|${item.message}`;
      if (seen.has(id)) continue;
      seen.add(id);
      findings.push({
        rule: rule.id,
        severity: chosen ?? item.severity ?? rule.defaultSeverity,
        message: item.message,
        path: input.path,
        range: item.range,
        related: (item.related ?? []).map((r) => ({
          path: r.path ?? input.path,
          range: r.range,
          message: r.message,
        })),
        ...fixesFor(item.fixes, input.model.kind),
        ...(item.counterexample ? { counterexample: item.counterexample } : {}),
      });
    }
  }
  return findings.sort(
    (a, b) =>
      comparePositions(a.range.start, b.range.start) ||
      a.rule.localeCompare(b.rule) ||
      a.message.localeCompare(b.message),
  );
}

function wholeFile() {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

/** A fix written for C text would break a `.patch` file's hunks: there only patch-aware fixes are offered. */
function fixesFor(fixes: Fix[] | undefined, kind: 'c' | 'patch'): { fixes?: Fix[] } {
  const kept = (fixes ?? []).filter((fix) => kind === 'c' || fix.forPatch === true);
  return kept.length > 0 ? { fixes: kept } : {};
}
