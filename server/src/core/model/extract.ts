// Entry points of extraction: C text (or an edited tree) → FileModel, reusing facts of unchanged declarations.
import { appendAll } from '../append';
import type { Node, Tree } from 'web-tree-sitter';
import type { ParserEngine } from '../parse/engine';
import { changedSpan } from '../parse/changed-span';
import { TopLevelCache } from '../parse/top-level-cache';
import {
  allPatches,
  composeUnits,
  IncrementalComposer,
  type ComposedUnit,
  type ComposeSettings,
} from './compose';
import { readDirectives, type FileDirectives } from './directives';
import type { UnitFacts } from './facts';
import { buildMacroPatches, type PlacedMacro } from './macro-patches';
import { maskForParsing } from './mask';
import { MaskedParser } from './masked-parser';
import type { KernelTree } from './objname/kernel-tree';
import { resolveMacroObject, type ObjectOverride, type ResolvedObject } from './objname/resolve';
import { mapToPatch, reconstructPatch } from './patch-file';
import { childrenThroughBlocks } from '../parse/tree-walk';
import { parseWithinNesting } from '../parse/nesting-cap';
import { strayTokenProblems } from './recoveries';
import { computeUnitFacts } from './unit-facts';
import type { ExtractionProblem, FileModel } from './types';
import { nodeRange } from '../text';
import { noteInternalError } from '../internal-errors';
import { clonePlain } from '../plain-clone';

export interface ExtractOptions {
  /** Overrides the name derived from the path (and any `klp-callbacks: patch-name` comment). */
  patchName?: string;
  /** Object for every file's kpatch KPATCH_* / klp-build KLP_* macros: null = vmlinux or a module name. */
  kpatchObject?: string | null;
  /** Per-path objects for those macros (`--object-for GLOB=NAME`, `klpCallbacks.objects`): first match wins. */
  objectsFor?: ObjectOverride[];
  /** The kernel source tree the file belongs to (or the patch applies to): its Kbuild Makefiles name objects. */
  kernelTree?: KernelTree;
  /** `replace` of kpatch/klp-build macro-built patches (overrides a `klp-callbacks: replace` comment). */
  macroReplace?: boolean;
  /** Time one file's declarations may take (default `EXTRACTION_BUDGET`); `clock` is for tests. */
  budget?: { milliseconds: number; clock?: () => number };
}

/** Past this, a file's remaining declarations get one 'skipped' note instead of stalling an editor or CI job. */
export const EXTRACTION_BUDGET = { milliseconds: 20_000 };

/** When one file's extraction must stop reading declarations. */
interface Deadline {
  at: number;
  clock: () => number;
}

const PATCH_FILE = /\.(patch|diff)$/i;
const ORIGIN = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** The livepatch module's name: the file's base name without extension, '-' turned into '_'. */
export function patchNameFromPath(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path;
  const dot = base.lastIndexOf('.');
  return (dot > 0 ? base.slice(0, dot) : base).replace(/-/g, '_');
}

/** One per open document: facts of unchanged top-level declarations come from its cache. */
export class ModelExtractor {
  readonly cache = new TopLevelCache<UnitFacts>();
  private readonly masked: MaskedParser;
  /** The C tree the last extraction read (the document's or the masked text's), valid until the next one. */
  lastCTree: Tree | undefined;
  /** The text that tree was parsed from, in an edited document: the next pass compares against it. */
  private lastSource: string | undefined;
  private readonly composer = new IncrementalComposer();
  /** Whether `lastSource` was parsed by the masked parser (else it was the document's own tree). */
  private lastSourceMasked = false;

  constructor(private readonly engine: ParserEngine) {
    this.masked = new MaskedParser(engine);
  }

  /** Frees the tree of the masked text kept for incremental reparsing. */
  dispose(): void {
    this.masked.dispose();
  }

  /**
   * `tree` is the document's tree; it is used as is when the text has nothing tree-sitter misreads,
   * else the masked text (see maskForParsing) is parsed here. .patch/.diff files ignore `tree`.
   * `treeIsMasked`: `tree` is already the tree of the masked text (a one-shot analysis parses only that).
   */
  extract(
    tree: Tree,
    path: string,
    text: string,
    options: ExtractOptions = {},
    treeIsMasked = false,
  ): FileModel {
    const kind = PATCH_FILE.test(path) ? 'patch' : 'c';
    this.lastCTree = undefined;
    this.cache.beginPass();
    try {
      const model =
        kind === 'patch'
          ? this.extractPatch(path, text, options, deadlineOf(options))
          : this.extractC(tree, path, text, options, deadlineOf(options), treeIsMasked);
      applyMacroReplace(model, options.macroReplace ?? readDirectives(text).replace);
      // The copy keeps callers from changing facts the cache hands out again; a one-shot analysis
      // (this extractor is read once, then disposed) has no later pass to protect.
      return treeIsMasked ? model : clonePlain(model);
    } catch (error) {
      noteInternalError('extraction', error);
      const message = error instanceof Error ? error.message : String(error);
      const problem = { message: `extraction failed: ${message}`, range: ORIGIN, kind: 'internal' as const };
      return { path, kind, patches: [], functions: [], problems: [problem] };
    } finally {
      this.cache.endPass();
    }
  }

  private extractC(
    tree: Tree,
    path: string,
    text: string,
    options: ExtractOptions,
    deadline: Deadline,
    treeIsMasked: boolean,
  ): FileModel {
    const patchName = resolvePatchName(path, text, options);
    const directives = readDirectives(text);
    const macroObject = () => resolveObject(path, false, options, directives, directives.objects);
    const composed = this.composeText(text, { patchName, macroObject }, deadline, tree, treeIsMasked);
    return {
      path,
      kind: 'c',
      patches: allPatches(composed, patchName),
      functions: composed.functions,
      ...hooks(composed),
      ...(composed.templateCallbacks.length > 0 ? { templateCallbacks: composed.templateCallbacks } : {}),
      ...(composed.brokenDeclarations.length > 0 ? { brokenDeclarations: composed.brokenDeclarations } : {}),
      ...(composed.unanalysedObjects.length > 0 ? { unanalysedObjects: composed.unanalysedObjects } : {}),
      problems: composed.problems,
    };
  }

  private extractPatch(path: string, text: string, options: ExtractOptions, deadline: Deadline): FileModel {
    const patchName = resolvePatchName(path, text, options);
    const model: FileModel = { path, kind: 'patch', patches: [], functions: [], problems: [] };
    const sources = reconstructPatch(text);
    if (sources.length === 0) {
      model.problems.push({ message: 'this patch changes no .c or .h file', range: ORIGIN });
    }
    const macros: PlacedMacro[] = [];
    // `klp-callbacks: object PATH=NAME` lines may sit in the commit message, outside every hunk.
    const pathDirectives = readDirectives(text).objects;
    for (const source of sources) {
      const directives = readDirectives(source.text);
      const macroObject = () => resolveObject(source.path, true, options, directives, pathDirectives);
      const composed = mapToPatch(
        this.composeText(source.text, { patchName, macroObject }, deadline),
        source.lineMap,
      );
      appendAll(model.patches, composed.klpPatches);
      appendAll(macros, composed.macros);
      appendAll(model.functions, composed.functions);
      if (composed.templateCallbacks.length > 0)
        appendAll((model.templateCallbacks ??= []), composed.templateCallbacks);
      if (composed.brokenDeclarations.length > 0)
        appendAll((model.brokenDeclarations ??= []), composed.brokenDeclarations);
      if (composed.unanalysedObjects.length > 0)
        appendAll((model.unanalysedObjects ??= []), composed.unanalysedObjects);
      // Hunks start and end in the middle of functions: their syntax errors say nothing about the patch.
      appendAll(
        model.problems,
        composed.problems.filter((problem) => problem.kind !== 'syntax' && problem.kind !== 'recovered'),
      );
      model.moduleInit ??= composed.moduleInit;
      model.moduleExit ??= composed.moduleExit;
    }
    if (model.moduleInit === undefined) delete model.moduleInit;
    if (model.moduleExit === undefined) delete model.moduleExit;
    // kpatch builds one module from all the changed files; macros of files of one object share it.
    appendAll(model.patches, buildMacroPatches(macros, patchName));
    return model;
  }

  private composeText(
    text: string,
    settings: ComposeSettings,
    deadline: Deadline,
    tree?: Tree,
    treeIsMasked = false,
  ): ComposedUnit {
    const masked = treeIsMasked ? '' : maskForParsing(text);
    // The document's own tree is used when masking changes nothing; a .patch's files are parsed once.
    const fresh = tree ? null : parseWithinNesting(this.engine, masked);
    try {
      // An edited document's declarations outside the changed span keep their cache keys unread.
      const edited = tree !== undefined && !treeIsMasked;
      const span = edited && this.lastSource !== undefined ? changedSpan(this.lastSource, masked) : undefined;
      if (span) this.cache.changedSince(span);
      const ownTree = tree !== undefined && (treeIsMasked || masked === text);
      // The span is the masked parser's own edit only when it parsed the previous source too.
      const maskedSpan = this.lastSourceMasked ? span : undefined;
      const source = fresh ?? (tree && ownTree ? tree : this.masked.parse(masked, maskedSpan));
      this.lastSource = edited ? masked : undefined;
      this.lastSourceMasked = edited && !ownTree;
      if (tree) this.lastCTree = source;
      const root = source.rootNode;
      const units: UnitFacts[] = [];
      let unread: Node | undefined;
      for (const unit of topLevelUnits(root)) {
        if (deadline.clock() > deadline.at) {
          unread = unit;
          break;
        }
        // A one-shot analysis has no next pass to reuse facts in: hashing each declaration for the cache is waste.
        units.push(
          treeIsMasked
            ? computeUnitFacts(this.engine, unit)
            : this.cache.get(unit, (node) => computeUnitFacts(this.engine, node)),
        );
      }
      // An edited document's composition is remembered (and must then be left unchanged here).
      const composed = edited
        ? this.composer.compose(units, text, settings)
        : composeUnits(units, text, settings);
      const problems = [...strayTokenProblems(root), ...composed.problems];
      if (unread) problems.push(budgetProblem(unread));
      return { ...composed, problems };
    } finally {
      fresh?.delete();
    }
  }
}

/** One-shot extraction: parses, extracts and frees its trees. */
export function extractFileModel(
  engine: ParserEngine,
  path: string,
  text: string,
  options?: ExtractOptions,
): FileModel {
  // The extractor parses masked text itself when masking changes it: then a tree of nothing will do.
  const needsOwnParse = PATCH_FILE.test(path) || maskForParsing(text) !== text;
  const tree = parseWithinNesting(engine, needsOwnParse ? '' : text);
  const extractor = new ModelExtractor(engine);
  try {
    return extractor.extract(tree, path, text, options);
  } finally {
    extractor.dispose();
    tree.delete();
  }
}

/** The tools set `.replace` in code they generate; the author says how the tool was run. */
function applyMacroReplace(model: FileModel, replace: boolean | undefined): void {
  if (replace === undefined) return;
  for (const patch of model.patches) if (patch.source !== 'klp_patch') patch.replace = replace;
}

function resolveObject(
  path: string,
  inPatch: boolean,
  options: ExtractOptions,
  directives: FileDirectives,
  pathDirectives: FileDirectives['objects'],
): ResolvedObject {
  return resolveMacroObject({
    path,
    inPatch,
    settingOverrides: options.objectsFor ?? [],
    settingObject: options.kpatchObject,
    fileDirective: directives.kpatchObject,
    pathDirectives,
    tree: options.kernelTree,
  });
}

function resolvePatchName(path: string, text: string, options: ExtractOptions): string {
  return options.patchName ?? readDirectives(text).patchName ?? patchNameFromPath(path);
}

function hooks(composed: ComposedUnit): Pick<FileModel, 'moduleInit' | 'moduleExit'> {
  const result: Pick<FileModel, 'moduleInit' | 'moduleExit'> = {};
  if (composed.moduleInit !== undefined) result.moduleInit = composed.moduleInit;
  if (composed.moduleExit !== undefined) result.moduleExit = composed.moduleExit;
  return result;
}

const PREPROCESSOR_BLOCK = /^preproc_(if|ifdef|else|elif|elifdef)$/;

/** The translation unit's declarations, looking inside any preprocessor block tree-sitter kept. */
function topLevelUnits(root: Node): Node[] {
  return childrenThroughBlocks(root, (type) => PREPROCESSOR_BLOCK.test(type)).filter(
    (child) => child.type !== 'comment',
  );
}

function deadlineOf(options: ExtractOptions): Deadline {
  const budget: NonNullable<ExtractOptions['budget']> = options.budget ?? EXTRACTION_BUDGET;
  const clock = budget.clock ?? (() => performance.now());
  return { at: clock() + budget.milliseconds, clock };
}

function budgetProblem(firstUnread: Node): ExtractionProblem {
  const line = firstUnread.startPosition.row + 1;
  return {
    message: `the analysis budget for this file was spent: declarations from line ${line} on were not analysed`,
    range: nodeRange(firstUnread),
    kind: 'skipped',
  };
}
