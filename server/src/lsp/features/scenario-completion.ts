// Completion in a `.klpscenario` document: the actions, then the patch, object and module names of the open livepatches.
import {
  CompletionItemKind,
  InsertTextFormat,
  type CompletionItem,
  type Position,
  type Range,
} from 'vscode-languageserver/node';
import { ERRNO_NAMES } from '../../core/lifecycle/errno';
import { livepatchModulesOf } from '../../core/lifecycle/file-modules';
import type { FileModel } from '../../core/model/types';

/** One scenario action: what it is typed as (an LSP snippet) and what it does. */
export interface ScenarioVerb {
  verb: string;
  snippet: string;
  doc: string;
}

/** Every action of the scenario language (server/src/core/lifecycle/scenario.ts), as completion offers it. */
export const SCENARIO_VERBS: readonly ScenarioVerb[] = [
  {
    verb: 'load',
    snippet: 'load ${1:NAME}',
    doc: 'insmod: a livepatch among the open files (by patch name) loads and enables its patch; any other name is a target module. `replace=0|1` may follow.',
  },
  { verb: 'unload', snippet: 'unload ${1:NAME}', doc: 'rmmod of a target module or a livepatch module.' },
  {
    verb: 'disable',
    snippet: 'disable ${1:PATCH}',
    doc: '`echo 0 > /sys/kernel/livepatch/PATCH/enabled` (reverses a patching transition).',
  },
  {
    verb: 'enable',
    snippet: 'enable ${1:PATCH}',
    doc: '`echo 1 > /sys/kernel/livepatch/PATCH/enabled` (only to reverse an unpatching transition).',
  },
  {
    verb: 'fail',
    snippet: 'fail ${1:PATCH}',
    doc: "From now on that patch's pre_patch returns ERRNO (default -ENODEV): `fail PATCH[:OBJECT] [ERRNO]`.",
  },
  { verb: 'succeed', snippet: 'succeed ${1:PATCH}', doc: 'Undoes `fail`: `succeed PATCH[:OBJECT]`.' },
  { verb: 'stall', snippet: 'stall', doc: 'Transitions started from now on wait for `settle`.' },
  { verb: 'settle', snippet: 'settle', doc: 'Pending transitions complete, and stalling stops.' },
];

/** The names a scenario can refer to, from the open documents' livepatches. */
export interface ScenarioNames {
  patches: string[];
  /** Each patch's module objects (not vmlinux) by patch name. */
  objects: Map<string, string[]>;
}

export function scenarioNames(models: readonly FileModel[]): ScenarioNames {
  const patches: string[] = [];
  const objects = new Map<string, string[]>();
  for (const model of models) {
    for (const { patch } of livepatchModulesOf(model)) {
      if (objects.has(patch.name)) continue;
      patches.push(patch.name);
      objects.set(
        patch.name,
        patch.objects.flatMap((o) => (o.name ? [o.name] : [])),
      );
    }
  }
  return { patches, objects };
}

export function provideScenarioCompletion(
  text: string,
  position: Position,
  names: ScenarioNames,
): CompletionItem[] {
  const line = text.split(/\r?\n/)[position.line] ?? '';
  const before = line.slice(0, position.character);
  if (before.includes('#')) return [];
  // The words before the cursor, and whether the cursor is in a word or after a space.
  const words = before.trimStart().split(/\s+/);
  const current = words.pop() ?? '';
  if (words.length === 0) return verbItems();
  const [verb] = words;
  const argument = words.length; // 1: the first argument, 2: the second
  const modules = [...new Set([...names.objects.values()].flat())];
  // Names replace the whole argument typed so far (`demo:vm` included: ':' splits words in editors).
  const replace = {
    start: { line: position.line, character: position.character - current.length },
    end: position,
  };
  const nameItems = (values: readonly string[], detail: string, prefix = '') =>
    namesAsItems(values, detail, prefix, replace);
  if (argument === 1) {
    switch (verb) {
      case 'load':
      case 'unload':
        return [...nameItems(names.patches, 'livepatch'), ...nameItems(modules, 'target module')];
      case 'enable':
      case 'disable':
        return nameItems(names.patches, 'livepatch');
      case 'fail':
      case 'succeed': {
        const colon = current.indexOf(':');
        if (colon < 0) return nameItems(names.patches, 'livepatch');
        const patch = current.slice(0, colon);
        return nameItems(['vmlinux', ...(names.objects.get(patch) ?? [])], `object of ${patch}`, `${patch}:`);
      }
    }
  }
  if (argument === 2 && verb === 'load') return nameItems(['replace=1', 'replace=0'], 'atomic replace');
  if (argument === 2 && verb === 'fail')
    return nameItems(
      ERRNO_NAMES.map((n) => `-${n}`),
      'errno',
    );
  return [];
}

function verbItems(): CompletionItem[] {
  return SCENARIO_VERBS.map((v, index) => ({
    label: v.verb,
    kind: CompletionItemKind.Keyword,
    insertText: v.snippet,
    insertTextFormat: InsertTextFormat.Snippet,
    documentation: { kind: 'markdown', value: v.doc },
    sortText: String(index).padStart(2, '0'),
  }));
}

/** `prefix` is written before each name (`PATCH:` for an object); `range` is the argument being typed. */
function namesAsItems(
  values: readonly string[],
  detail: string,
  prefix: string,
  range: Range,
): CompletionItem[] {
  return values.map((value, index) => ({
    label: prefix + value,
    kind: CompletionItemKind.Value,
    detail,
    textEdit: { range, newText: prefix + value },
    sortText: String(index).padStart(4, '0'),
  }));
}
