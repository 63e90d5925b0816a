// Go to definition: from a callback registration to the function it registers, in any file of the workspace.
import { pathToFileURL } from 'node:url';
import type { Location, Position } from 'vscode-languageserver/node';
import { toLspRange } from '../convert';
import type { DiskLocation } from '../workspace-index';
import { registrationAt, type OpenModel } from './registrations';

/**
 * `open` are the open documents' models (the current one among them): their text is newer than
 * the disk's, so the workspace index is asked only about files that are not open.
 */
export function provideDefinition(
  uri: string,
  position: Position,
  open: readonly OpenModel[],
  onDisk: ReadonlyMap<string, DiskLocation[]> = new Map(),
): Location[] {
  const current = open.find((doc) => doc.uri === uri);
  if (!current) return [];
  const names = new Set(registrationAt(current.model, position).map((use) => use.registration.function));
  return [...names].flatMap((name) => definitionsOf(name, uri, open, onDisk));
}

/** The definitions of `name`: the current document's first, then other open ones, then files on disk. */
export function definitionsOf(
  name: string,
  uri: string,
  open: readonly OpenModel[],
  onDisk: ReadonlyMap<string, DiskLocation[]>,
): Location[] {
  const ordered = [...open].sort((a, b) => Number(b.uri === uri) - Number(a.uri === uri));
  const locations: Location[] = ordered.flatMap((doc) =>
    doc.model.functions
      .filter((fn) => fn.name === name)
      .map((fn) => ({ uri: doc.uri, range: toLspRange(fn.nameRange) })),
  );
  const openPaths = new Set(open.map((doc) => doc.model.path));
  for (const definition of onDisk.get(name) ?? []) {
    if (openPaths.has(definition.path)) continue;
    locations.push({ uri: pathToFileURL(definition.path).href, range: toLspRange(definition.range) });
  }
  return locations;
}
