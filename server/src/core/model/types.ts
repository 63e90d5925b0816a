// The extracted model of a livepatch source file: the contract between extraction, lifecycle and rules.

/** 0-based line and UTF-16 character, as LSP and web-tree-sitter both count them. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export const CALLBACK_KINDS = ['pre_patch', 'post_patch', 'pre_unpatch', 'post_unpatch'] as const;
export type CallbackKind = (typeof CALLBACK_KINDS)[number];

/** How a callback was wired to its object; each idiom of the reference's section 2 has one. */
export type RegistrationVia = 'initializer' | 'variable' | 'assignment' | 'kpatch-macro' | 'klp-macro';

export interface CallbackRegistration {
  kind: CallbackKind;
  /** The registered function's name (the expression's text when it is not a plain identifier). */
  function: string;
  via: RegistrationVia;
  /** Where the registration is written (the designator, assignment or macro use). */
  range: Range;
  /** The preprocessor condition guarding the registration, e.g. `CONFIG_FOO` or `!defined(BAR)`. */
  condition?: string;
  /** For `via: 'variable'`: the `struct klp_callbacks` variable copied into the object. */
  variable?: string;
  /** Where a `struct klp_callbacks` variable is copied into the object (`.callbacks = cbs` or `obj.callbacks = cbs;`). */
  copyRange?: Range;
}

export interface PatchedFunction {
  oldName: string | null;
  newFunc: string | null;
  range: Range;
  condition?: string;
}

/**
 * Where the name of an object built from kpatch/klp-build macros comes from (those macros do not
 * name it): a setting, a directive, the kernel tree's Kbuild Makefiles, a guess from the file's
 * path, or the vmlinux default. `detail` says which one, in words the user can check.
 */
export interface ObjectNameOrigin {
  kind: 'setting' | 'directive' | 'kbuild' | 'guess' | 'default';
  detail: string;
}

export interface ObjectModel {
  /** Target module name; null for vmlinux. */
  name: string | null;
  /** For macro-built objects only: why this name (two files of one module share the first's). */
  nameOrigin?: ObjectNameOrigin;
  range: Range;
  nameRange?: Range;
  /** Set when the object is a variable of its own rather than an element written inside objs[]. */
  variable?: string;
  /** Whether `.funcs` is set (the kernel refuses an object without it). */
  funcsSet: boolean;
  funcs: PatchedFunction[];
  /** Whether the funcs[] array ends with an all-zero `{ }` element; null when it cannot be seen. */
  funcsTerminated: boolean | null;
  callbacks: Partial<Record<CallbackKind, CallbackRegistration>>;
  /**
   * Registrations of a kind that do not take effect: a second kpatch/klp-build macro (the first is
   * kept), or an initializer value / assignment overridden by a later one (C keeps the last).
   */
  duplicateCallbacks: CallbackRegistration[];
  /**
   * Registrations of a kind already registered, under a different preprocessor condition (e.g. the
   * `#else` branch of an `#ifdef`): alternatives, not duplicates. Absent when there are none.
   */
  alternativeCallbacks?: CallbackRegistration[];
  /** Where the author sets `post_unpatch_enabled`, which is the kernel's own bookkeeping. */
  postUnpatchEnabledRange?: Range;
  condition?: string;
}

export interface StateModel {
  /** The numeric id, or null when it is not a constant the extractor could evaluate. */
  id: number | null;
  idText: string;
  version: number | null;
  range: Range;
}

/** Which source construct the patch came from. */
export type PatchSource = 'klp_patch' | 'kpatch-macros' | 'klp-build-macros';

export interface PatchModel {
  /** The livepatch's name: the module name (file base name, '-' → '_') unless overridden. */
  name: string;
  source: PatchSource;
  /** The C variable holding the `struct klp_patch` (absent for macro-only patches). */
  variable?: string;
  range: Range;
  replace: boolean;
  /** True when `.replace` is assigned at run time (e.g. from a module parameter). */
  replaceSetAtRuntime: boolean;
  replaceRange?: Range;
  objects: ObjectModel[];
  /** Whether objs[] ends with `{ }`; null when it cannot be seen (e.g. macro-built patches). */
  objectsTerminated: boolean | null;
  /** null when the patch declares no `.states`. */
  states: StateModel[] | null;
  statesTerminated: boolean | null;
  /** The `klp_enable_patch(&patch)` call, when present in this file. */
  enableCallRange?: Range;
}

export interface Parameter {
  type: string;
  name: string | null;
}

export interface FunctionModel {
  name: string;
  returnType: string;
  parameters: Parameter[];
  isStatic: boolean;
  range: Range;
  nameRange: Range;
  condition?: string;
}

/** Something the extractor noticed while recovering from bad input; never an exception. */
export interface ExtractionProblem {
  message: string;
  range: Range;
  /**
   * 'syntax' for text tree-sitter could not parse (not reported for .patch hunks, which are
   * fragments); 'skipped' when the text was not parsed at all (too large, binary: input-limits.ts);
   * 'recovered' for constructs tree-sitter's grammar lacks but that lose nothing the analysis reads
   * (template markers, attributes in parameter lists, type names as macro arguments): the one kind
   * that does not make findings incomplete, summarised once per file (problem-summary.ts).
   */
  kind?: 'syntax' | 'unresolved' | 'internal' | 'skipped' | 'recovered';
  /** For 'recovered': the constructs recovered from (`template marker @@…@@`, ...). */
  constructs?: string[];
}

/**
 * A function with one of the fixed names template generators wire from another file
 * (`pre_patch_callback`, `post_patch_callback`, `pre_unpatch_callback`, `post_unpatch_callback`),
 * defined in this file but registered nowhere in it (reference section 2, idiom 6).
 */
export interface TemplateCallback {
  kind: CallbackKind;
  function: string;
  /** The function's name in its definition. */
  range: Range;
  condition?: string;
}

/** A livepatch struct variable declared without '=' before its initializer (the broken-declaration rule). */
export interface BrokenDeclaration {
  /** `klp_callbacks`, `klp_object`, ... (`patch_object` for kpatch's typedef). */
  type: string;
  variable: string;
  /** The variable's name; for a missing '=', up to the brace it belongs before. */
  range: Range;
  /** What the compiler finds missing: `'='` before the initializer. */
  missing: string;
  /** True when the declaration was read as the author meant it (a missing '=' put back): its callbacks count. */
  repaired: boolean;
  /** The preprocessor condition it is under: only builds with it fail. */
  condition?: string;
}

/**
 * A `struct klp_object` variable with callbacks that no struct klp_patch's objs[] holds (a proposed
 * API such as `klp_add_object(&obj)`, or a single `.obj = &obj`): its callbacks are not simulated.
 */
export interface UnanalysedObject {
  variable: string;
  /** The variable's name in its declaration. */
  range: Range;
  callbacks: CallbackRegistration[];
  /** The klp_patch variable that names it with `.obj`, when one does. */
  patchWithObj?: string;
}

export interface FileModel {
  path: string;
  /** 'patch' for kpatch-style .patch/.diff files, whose ranges are mapped back to the patch's lines. */
  kind: 'c' | 'patch';
  patches: PatchModel[];
  functions: FunctionModel[];
  /** Names given to module_init(...) / module_exit(...). */
  moduleInit?: string;
  moduleExit?: string;
  /** Template-named callbacks defined here and wired elsewhere; absent when there are none. */
  templateCallbacks?: TemplateCallback[];
  /** Livepatch struct variables whose declaration does not compile; absent when there are none. */
  brokenDeclarations?: BrokenDeclaration[];
  /** Objects with callbacks that no patch's objs[] holds; absent when there are none. */
  unanalysedObjects?: UnanalysedObject[];
  problems: ExtractionProblem[];
}
