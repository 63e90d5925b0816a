// Runs every rule on one file: severities from options, suppression comments, findings sorted by position.
import type { Tree } from 'web-tree-sitter';
import type { FunctionIrCache } from '../flow/cache';
import { FileFlow } from '../flow/file-flow';
import { FileSyntax } from '../flow/syntax-units';
import type { FileModel } from '../model/types';
import { comparePositions } from '../text';
import { ALL_RULES } from './index';
import { readSuppressions, type Suppressions } from './suppressions';
import type { Finding, Fix, Rule, RuleContext, Severity } from './types';
import { noteInternalError } from '../internal-errors';
import { withoutExploring, type PendingExplorations } from '../check/model-check';

export interface CheckInput {
  path: string;
  text: string;
  tree: Tree;
  model: FileModel;
  /** The tree of maskForParsing(text) when the caller has it (the one extraction read): not parsed again. */
  syntaxTree?: Tree;
}

/** A rule re-run after its explorations asks for new ones at most this often (a configuration's model, then done). */
const MAX_ROUNDS = 8;

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
  const check = new StagedCheck(input, options, false);
  try {
    return check.findings();
  } finally {
    check.dispose();
  }
}

/** The order findings are reported in: by position, then rule, then message. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    comparePositions(a.range.start, b.range.start) ||
    a.rule.localeCompare(b.rule) ||
    a.message.localeCompare(b.message)
  );
}

/**
 * A check whose model checking can run off the keystroke path. With `deferExploration`, the rules
 * run at once on what needs no fresh exploration (structural rules, and lifecycle rules whose
 * objects' explorations are remembered); `explore()` then explores the rest in slices and re-runs
 * the rules that waited. The final findings are exactly `checkFile`'s. Owns the file's syntax
 * until disposed: dispose it before the document's tree changes.
 */
export class StagedCheck {
  private readonly syntax: FileSyntax;
  private readonly context: RuleContext;
  private readonly suppressions: Suppressions;
  private readonly byRule = new Map<Rule, Finding[]>();
  /** Rules whose findings wait for explorations, with the object tasks each asked for. */
  private readonly waiting: { rule: Rule; pending: PendingExplorations }[] = [];

  constructor(
    private readonly input: CheckInput,
    private readonly options: CheckOptions = {},
    deferExploration = true,
  ) {
    this.syntax = openSyntax(input);
    this.context = {
      path: input.path,
      text: input.text,
      units: this.syntax.units,
      model: input.model,
      flow: new FileFlow(this.syntax.units, options.cache),
      workspaceFunctions: options.workspaceFunctions ?? new Set(),
      workspaceIsWholeProject: options.workspaceIsWholeProject ?? false,
    };
    this.suppressions = readSuppressions(this.syntax.units);
    for (const rule of options.rules ?? ALL_RULES) {
      if (options.severities?.[rule.id] === 'off') continue;
      if (!deferExploration) {
        this.byRule.set(rule, this.run(rule));
        continue;
      }
      const { result, pending } = this.runWithoutExploring(rule);
      if (pending.length === 0) this.byRule.set(rule, result);
      else this.waiting.push({ rule, pending });
    }
  }

  /** Whether some rule's findings wait for an exploration. */
  get pending(): boolean {
    return this.waiting.length > 0;
  }

  /** The ids of the rules whose findings wait for an exploration. */
  get waitingRules(): string[] {
    return this.waiting.map(({ rule }) => rule.id);
  }

  /** The findings of every rule that has run, sorted by position (all of them once not `pending`). */
  findings(): Finding[] {
    return [...this.byRule.values()].flat().sort(compareFindings);
  }

  /** Explores what the waiting rules asked for, one slice per step, then runs them: all the findings. */
  *explore(): Generator<void, Finding[]> {
    for (const { rule, pending } of this.waiting.splice(0)) {
      let explorations = pending;
      for (let round = 0; explorations.length > 0; round++) {
        if (round === MAX_ROUNDS) {
          // Explorations that fail are never done: the plain run reports the failure.
          this.byRule.set(rule, this.run(rule));
          break;
        }
        for (const exploration of explorations) {
          yield;
          yield* slicesSafely(exploration, rule.id);
        }
        // Remembered objects' replays are slices of their own too: the re-run is then cheap.
        const again = this.runWithoutExploring(rule, true);
        this.byRule.set(rule, again.result);
        explorations = again.pending;
      }
    }
    return this.findings();
  }

  dispose(): void {
    this.syntax.dispose();
  }

  private runWithoutExploring(
    rule: Rule,
    deferReplays = false,
  ): { result: Finding[]; pending: PendingExplorations } {
    try {
      return withoutExploring(this.context, () => this.run(rule), deferReplays);
    } catch (error) {
      // run() reports a rule's own failure; this is the deferral's, which must not hide the other rules.
      noteInternalError(`rule ${rule.id}`, error);
      return { result: [], pending: [] };
    }
  }

  /** One rule's findings: its severity, suppression comments, duplicates dropped. */
  private run(rule: Rule): Finding[] {
    const setting = this.options.severities?.[rule.id];
    const chosen = setting === 'off' ? undefined : setting;
    let raw;
    try {
      raw = rule.check(this.context);
    } catch (error) {
      noteInternalError(`rule ${rule.id}`, error);
      // A rule tripping over unexpected input must not hide the other rules' findings.
      raw = [{ message: `internal error in rule ${rule.id}: ${String(error)}`, range: wholeFile() }];
    }
    const findings: Finding[] = [];
    const seen = new Set<string>();
    for (const item of raw) {
      if (this.suppressions.suppresses(rule.id, item.range.start.line)) continue;
      const id = `${item.range.start.line}:${item.range.start.character}|${item.message}`;
      if (seen.has(id)) continue;
      seen.add(id);
      findings.push({
        rule: rule.id,
        severity: chosen ?? item.severity ?? rule.defaultSeverity,
        message: item.message,
        path: this.input.path,
        range: item.range,
        related: (item.related ?? []).map((r) => ({
          path: r.path ?? this.input.path,
          range: r.range,
          message: r.message,
        })),
        ...fixesFor(item.fixes, this.input.model.kind),
        ...(item.counterexample ? { counterexample: item.counterexample } : {}),
      });
    }
    return findings;
  }
}

/** An exploration that throws is noted and ends; the rule's re-run then explores it (and fails) in place. */
function* slicesSafely(exploration: () => Generator<void, void>, ruleId: string): Generator<void, void> {
  const steps = exploration();
  for (;;) {
    try {
      if (steps.next().done) return;
    } catch (error) {
      noteInternalError(`rule ${ruleId}`, error);
      return;
    }
    yield;
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

function wholeFile() {
  return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

/** A fix written for C text would break a `.patch` file's hunks: there only patch-aware fixes are offered. */
function fixesFor(fixes: Fix[] | undefined, kind: 'c' | 'patch'): { fixes?: Fix[] } {
  const kept = (fixes ?? []).filter((fix) => kind === 'c' || fix.forPatch === true);
  return kept.length > 0 ? { fixes: kept } : {};
}
