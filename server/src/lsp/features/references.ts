// Find references: from a callback function (its definition, a registration or any use of its name) to its
// registrations in the open files and, through the workspace index, in the files on disk.
import { pathToFileURL } from 'node:url';
import type { Location, Position } from 'vscode-languageserver/node';
import { toLspRange } from '../convert';
import type { DiskLocation } from '../workspace-index';
import { definitionsOf } from './definition';
import { functionAt, identifierAt, registrationAt, registrationUses, type OpenModel } from './registrations';

export function provideReferences(
  uri: string,
  text: string,
  position: Position,
  includeDeclaration: boolean,
  open: readonly OpenModel[],
  onDisk: ReadonlyMap<string, DiskLocation[]> = new Map(),
  registeredOnDisk: ReadonlyMap<string, DiskLocation[]> = new Map(),
): Location[] {
  const current = open.find((doc) => doc.uri === uri);
  if (!current) return [];
  const name =
    functionAt(current.model, position)?.name ??
    registrationAt(current.model, position)[0]?.registration.function ??
    identifierAt(text, position);
  if (name === undefined) return [];
  const registrations: Location[] = open.flatMap((doc) =>
    registrationUses(doc.model)
      .filter((use) => use.registration.function === name)
      .map((use) => ({ uri: doc.uri, range: toLspRange(use.registration.range) })),
  );
  // Files that are open were read above, in their newer text.
  const openPaths = new Set(open.map((doc) => doc.model.path));
  for (const location of registeredOnDisk.get(name) ?? []) {
    if (openPaths.has(location.path)) continue;
    registrations.push({ uri: pathToFileURL(location.path).href, range: toLspRange(location.range) });
  }
  // A name nothing registers is not a callback: leave its references to the C language server.
  if (registrations.length === 0) return [];
  const declarations = includeDeclaration ? definitionsOf(name, uri, open, onDisk) : [];
  return [...declarations, ...registrations];
}
