// Completion: livepatch struct members with docs, callback functions of the right signature, callback macros, snippets.
import {
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CompletionItem,
  type Position,
  type Range,
} from 'vscode-languageserver/node';
import { CALLBACK_TIMING } from '../../core/docs/callback-timing';
import { STRUCT_FIELDS } from '../../core/docs/struct-fields';
import { CALLBACK_KINDS, type CallbackKind, type FunctionModel } from '../../core/model/types';
import { fitsCallback } from '../../core/rules/callback-signature';
import { plainFunctionName } from '../../core/rules/callbacks';
import { completionSite } from './completion-site';
import { registrationUses, type OpenModel } from './registrations';
import { SNIPPETS, type Snippet } from './snippets';

const MACRO_FAMILIES = [
  { prefix: 'KPATCH', tool: 'kpatch', marker: /\bKPATCH_\w+|kpatch-macros\.h/ },
  { prefix: 'KLP', tool: 'klp-build', marker: /\bKLP_(?:PRE|POST)_\w+|livepatch-external\.h|klp-build/ },
] as const;

/** `open` holds every open document (the current one among them): a function may be registered in another. */
export function provideCompletion(
  uri: string,
  text: string,
  position: Position,
  open: readonly OpenModel[],
): CompletionItem[] {
  const current = open.find((doc) => doc.uri === uri);
  if (!current) return [];
  const isPatch = current.model.kind === 'patch';
  const site = completionSite(text, position, isPatch);
  const replace = (typed: string) => ({
    start: { line: position.line, character: position.character - typed.length },
    end: position,
  });
  switch (site.kind) {
    case 'field': {
      const range = replace(site.typed);
      const present = new Set(site.present);
      return STRUCT_FIELDS[site.struct].flatMap((field, index) => {
        // A member the initialiser already sets is not offered again (a second one would override it).
        if (present.has(field.name)) return [];
        const opensBraces = field.nested && !field.nested.array;
        return {
          label: `.${field.name}`,
          kind: CompletionItemKind.Field,
          detail: `${field.type} — struct ${site.struct}`,
          documentation: { kind: MarkupKind.Markdown, value: field.doc },
          filterText: `.${field.name}`,
          sortText: String(index).padStart(2, '0'),
          insertTextFormat: opensBraces ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
          textEdit: { range, newText: opensBraces ? `.${field.name} = {\n\t$0\n},` : `.${field.name} = ` },
          // Typing the value right after `= ` asks for completion again (callback functions).
          ...(opensBraces ? {} : { command: { title: 'Suggest', command: 'editor.action.triggerSuggest' } }),
        };
      });
    }
    case 'callback-function': {
      const range = replace(site.typed);
      const spaceBefore = /=$/.test(lineBefore(text, range.start)) ? ' ' : '';
      return callbackCandidates(site.callback, open, current).map(({ fn, registeredAs }) => ({
        label: fn.name,
        kind: CompletionItemKind.Function,
        detail: `${fn.returnType} ${fn.name}(${fn.parameters.map((p) => p.type).join(', ')})`,
        documentation: {
          kind: MarkupKind.Markdown,
          value: registeredAs.length
            ? `Already registered as ${registeredAs.join(', ')}.`
            : `Not registered yet: fits \`${site.callback}\`.`,
        },
        // Functions no object registers yet come first: they are what the author is most likely wiring up.
        sortText: `${registeredAs.length ? 1 : 0}_${fn.name}`,
        filterText: fn.name,
        textEdit: { range, newText: `${spaceBefore}${fn.name}` },
      }));
    }
    case 'element':
      return SNIPPETS.filter((s) => s.site === 'element' && s.struct === site.struct).map((s) =>
        snippetItem(s, replace(site.typed)),
      );
    case 'top-level': {
      const range = replace(site.typed);
      const families = MACRO_FAMILIES.filter((f) => isPatch || f.marker.test(text));
      const macros = families.flatMap((family) =>
        CALLBACK_KINDS.map((kind) => macroItem(family.prefix, family.tool, kind, range)),
      );
      // A whole module makes no sense inside a patch's hunk, nor in a file that already has a livepatch.
      const snippets = isPatch
        ? []
        : SNIPPETS.filter(
            (s) => s.site === 'top-level' && (s.struct !== 'klp_patch' || current.model.patches.length === 0),
          );
      return [...macros, ...snippets.map((s) => snippetItem(s, range))];
    }
    case 'none':
      return [];
  }
}

interface Candidate {
  fn: FunctionModel;
  /** `pre_patch of vmlinux`, ... for each registration of the function in the open documents. */
  registeredAs: string[];
}

/** The open documents' functions whose signature the kernel can call as `kind`, this document's first. */
function callbackCandidates(kind: CallbackKind, open: readonly OpenModel[], current: OpenModel): Candidate[] {
  const registered = new Map<string, string[]>();
  for (const doc of open) {
    for (const use of registrationUses(doc.model)) {
      const name = plainFunctionName(use.registration.function);
      if (!name) continue;
      const list = registered.get(name) ?? [];
      list.push(`${use.registration.kind} of ${use.object?.name ?? 'vmlinux'}`);
      registered.set(name, list);
    }
  }
  const seen = new Set<string>();
  const candidates: Candidate[] = [];
  for (const doc of [current, ...open.filter((d) => d !== current)]) {
    for (const fn of doc.model.functions) {
      if (seen.has(fn.name) || !fitsCallback(fn, kind)) continue;
      seen.add(fn.name);
      candidates.push({ fn, registeredAs: registered.get(fn.name) ?? [] });
    }
  }
  return candidates;
}

function macroItem(prefix: string, tool: string, kind: CallbackKind, range: Range): CompletionItem {
  const name = `${prefix}_${kind.toUpperCase()}_CALLBACK`;
  return {
    label: name,
    kind: CompletionItemKind.Function,
    detail: `${tool}: register a ${kind} callback for this file's object`,
    documentation: { kind: MarkupKind.Markdown, value: CALLBACK_TIMING[kind].when },
    insertTextFormat: InsertTextFormat.Snippet,
    filterText: name,
    textEdit: { range, newText: `${name}(\${1:${kind}_callback});` },
  };
}

function snippetItem(snippet: Snippet, range: Range): CompletionItem {
  return {
    label: snippet.label,
    kind: CompletionItemKind.Snippet,
    detail: snippet.detail,
    documentation: { kind: MarkupKind.Markdown, value: `\`\`\`c\n${snippet.preview}\n\`\`\`` },
    insertTextFormat: InsertTextFormat.Snippet,
    filterText: snippet.label,
    textEdit: { range, newText: snippet.body },
  };
}

function lineBefore(text: string, position: Position): string {
  return (text.split('\n')[position.line] ?? '').slice(0, position.character);
}
