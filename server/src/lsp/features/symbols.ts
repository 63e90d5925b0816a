// Document symbols (patch → objects → callbacks) and workspace symbols over the open documents' models.
import { SymbolKind, type DocumentSymbol, type SymbolInformation } from 'vscode-languageserver/node';
import {
  CALLBACK_KINDS,
  type CallbackRegistration,
  type FileModel,
  type ObjectModel,
  type PatchModel,
  type Range,
} from '../../core/model/types';
import { comparePositions } from '../../core/text';
import { toLspRange } from '../convert';
import type { OpenModel } from './registrations';

const PATCH_KIND = SymbolKind.Module;
const OBJECT_KIND = SymbolKind.Object;
const CALLBACK_KIND = SymbolKind.Function;

export function provideDocumentSymbols(model: FileModel): DocumentSymbol[] {
  return model.patches.map(patchSymbol);
}

function patchSymbol(patch: PatchModel): DocumentSymbol {
  return symbol(
    patch.name,
    patchDetail(patch),
    PATCH_KIND,
    patch.range,
    patch.range,
    patch.objects.map(objectSymbol),
  );
}

function objectSymbol(object: ObjectModel): DocumentSymbol {
  const children = callbacksOf(object).map((registration) =>
    symbol(
      callbackName(registration),
      `via ${registration.via}`,
      CALLBACK_KIND,
      registration.range,
      registration.range,
      [],
    ),
  );
  return symbol(
    objectName(object),
    object.variable,
    OBJECT_KIND,
    object.range,
    object.nameRange ?? object.range,
    children,
  );
}

/**
 * VS Code rejects a symbol whose selection lies outside its range, and macro-built patches and
 * objects gather registrations written far apart: the range grows to hold what it contains.
 */
function symbol(
  name: string,
  detail: string | undefined,
  kind: SymbolKind,
  range: Range,
  selection: Range,
  children: DocumentSymbol[],
): DocumentSymbol {
  let start = range.start;
  let end = range.end;
  for (const inner of [selection, ...children.map((child) => child.range)]) {
    if (comparePositions(inner.start, start) < 0) start = inner.start;
    if (comparePositions(inner.end, end) > 0) end = inner.end;
  }
  return {
    name,
    ...(detail ? { detail } : {}),
    kind,
    range: toLspRange({ start, end }),
    selectionRange: toLspRange(selection),
    children,
  };
}

export function provideWorkspaceSymbols(query: string, open: readonly OpenModel[]): SymbolInformation[] {
  const found: SymbolInformation[] = [];
  const add = (name: string, kind: SymbolKind, uri: string, range: Range, containerName?: string) => {
    if (!matchesQuery(name, query)) return;
    found.push({
      name,
      kind,
      location: { uri, range: toLspRange(range) },
      ...(containerName ? { containerName } : {}),
    });
  };
  for (const { uri, model } of open) {
    for (const patch of model.patches) {
      add(patch.name, PATCH_KIND, uri, patch.range);
      for (const object of patch.objects) {
        add(objectName(object), OBJECT_KIND, uri, object.nameRange ?? object.range, patch.name);
        for (const registration of callbacksOf(object)) {
          add(callbackName(registration), CALLBACK_KIND, uri, registration.range, objectName(object));
        }
      }
    }
  }
  return found;
}

/** VS Code's own rule for workspace symbols: the query's characters appear in order, case aside. */
export function matchesQuery(name: string, query: string): boolean {
  const haystack = name.toLowerCase();
  let at = 0;
  for (const ch of query.toLowerCase()) {
    if (ch === ' ') continue;
    at = haystack.indexOf(ch, at);
    if (at < 0) return false;
    at++;
  }
  return true;
}

function callbacksOf(object: ObjectModel): CallbackRegistration[] {
  return CALLBACK_KINDS.flatMap((kind) => object.callbacks[kind] ?? []);
}

function callbackName(registration: CallbackRegistration): string {
  return `${registration.kind}: ${registration.function}`;
}

function objectName(object: ObjectModel): string {
  return object.name ?? 'vmlinux';
}

function patchDetail(patch: PatchModel): string {
  return patch.replace ? 'livepatch (atomic replace)' : 'livepatch';
}
