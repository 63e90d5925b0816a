// Checks one file for `check` (in a worker or in the main thread): pre-filter, one parse, the rules; a plain, cloneable result.
import { analyzeText } from '../core/analyze';
import { extractFileModel } from '../core/model/extract';
import { relevantProblems, summarizeProblems } from '../core/model/problem-summary';
import type { ExtractionProblem } from '../core/model/types';
import type { ParserEngine } from '../core/parse/engine';
import { mayHoldLivepatchConstruct } from '../core/prefilter';
import { unanalysableReason } from '../core/input-limits';
import type { Finding, Severity } from '../core/rules/types';
import type { SourceOptions } from './args';
import { readSource } from './inputs';
import { SourceOptionsResolver } from './source-options';

/** What every file of one `check` run is checked with (sent to each worker once). */
export interface CheckSettings {
  cwd: string;
  extract: SourceOptions;
  severities: Record<string, Severity | 'off'>;
  /** False for `--no-prefilter`: every file is parsed (the results are the same, only slower). */
  prefilter: boolean;
}

export interface FileJob {
  index: number;
  path: string;
  absolutePath: string;
}

export type FileOutcome =
  | { index: number; unreadable: string }
  | {
      index: number;
      findings: Finding[];
      problems: ExtractionProblem[];
      /** Whether the file was parsed (false: the pre-filter found no livepatch construct in it). */
      parsed: boolean;
      /** Functions the file defines (parsed files only): callbacks registered elsewhere may be among them. */
      defines: string[];
      /** Names `undefined-callback` looked up in the rest of the workspace, all answered "not defined". */
      asked: string[];
    };

/**
 * A name set that answers from `known` and records every question: a file is checked before the
 * rest of the workspace is known, and checked again only when one of its questions was answered wrong.
 */
export class AskedNames extends Set<string> {
  readonly asked = new Set<string>();

  override has(name: string): boolean {
    this.asked.add(name);
    return super.has(name);
  }
}

/** One process's (or worker's) state for checking files: the engine and kernel-tree lookups. */
export class FileChecker {
  private readonly resolver: SourceOptionsResolver;

  constructor(
    private readonly engine: ParserEngine,
    private readonly settings: CheckSettings,
  ) {
    this.resolver = new SourceOptionsResolver(settings.extract, settings.cwd);
  }

  check(job: FileJob): FileOutcome {
    const read = readSource(job.absolutePath);
    if ('problem' in read) return { index: job.index, unreadable: read.problem };
    return this.checkText(job, read.text);
  }

  /** `workspace`: the names defined elsewhere, when known (a second look at a file). */
  checkText(job: FileJob, text: string, workspace: ReadonlySet<string> = new Set()): FileOutcome {
    const skipped = unanalysableReason(text) !== undefined;
    if (this.settings.prefilter && !skipped && !mayHoldLivepatchConstruct(text)) {
      return { index: job.index, findings: [], problems: [], parsed: false, defines: [], asked: [] };
    }
    const workspaceFunctions = new AskedNames(workspace);
    const { findings, model } = analyzeText(this.engine, job.path, text, {
      extract: this.resolver.forSource(job.absolutePath),
      check: { severities: this.settings.severities, workspaceFunctions },
    });
    return {
      index: job.index,
      findings,
      problems: summarizeProblems(relevantProblems(model.problems, text)),
      parsed: true,
      defines: model.functions.map((fn) => fn.name),
      asked: [...workspaceFunctions.asked],
    };
  }

  /** The functions a file defines, for a name another file registers (parses it: the caller scanned first). */
  definitions(absolutePath: string, shown: string): string[] {
    const read = readSource(absolutePath);
    if ('problem' in read || unanalysableReason(read.text) !== undefined) return [];
    const model = extractFileModel(this.engine, shown, read.text, this.resolver.forSource(absolutePath));
    return model.functions.map((fn) => fn.name);
  }
}
