// Go to counterpart: from a callback (registration or definition) to the callback that undoes it, of the same object.
import type { Position } from 'vscode-languageserver/node';
import { COUNTERPART, plainFunctionName } from '../../core/rules/callbacks';
import type { CounterpartLocation, CounterpartResult } from '../../protocol';
import { toLspRange } from '../convert';
import type { DiskLocation } from '../workspace-index';
import { definitionsOf } from './definition';
import {
  functionAt,
  registrationAt,
  registrationUses,
  type OpenModel,
  type RegistrationUse,
} from './registrations';

interface PlacedUse extends RegistrationUse {
  uri: string;
}

/** The registrations the cursor stands for: the one written there, else every registration of the function defined there. */
export function callbacksAt(uri: string, position: Position, open: readonly OpenModel[]): PlacedUse[] {
  const current = open.find((doc) => doc.uri === uri);
  if (!current) return [];
  const written = registrationAt(current.model, position);
  if (written.length > 0) return written.map((use) => ({ ...use, uri }));
  const fn = functionAt(current.model, position);
  if (!fn) return [];
  // The current document's registrations first: a callback is usually registered next to its definition.
  const ordered = [...open].sort((a, b) => Number(b.uri === uri) - Number(a.uri === uri));
  return ordered.flatMap((doc) =>
    registrationUses(doc.model)
      .filter((use) => plainFunctionName(use.registration.function) === fn.name)
      // Another file defining a function of that name registers its own, not this one.
      .filter(() => doc === current || !doc.model.functions.some((f) => f.name === fn.name))
      .map((use) => ({ ...use, uri: doc.uri })),
  );
}

export function provideCounterpart(
  uri: string,
  position: Position,
  open: readonly OpenModel[],
  onDisk: ReadonlyMap<string, DiskLocation[]> = new Map(),
): CounterpartResult {
  const uses = callbacksAt(uri, position, open).filter((use) => use.object);
  if (uses.length === 0) {
    return { locations: [], reason: 'There is no callback registration or registered callback here.' };
  }
  const locations: CounterpartLocation[] = [];
  const missing: string[] = [];
  for (const use of uses) {
    const kind = COUNTERPART[use.registration.kind];
    const counterpart = use.object?.callbacks[kind];
    if (!counterpart) {
      missing.push(`no ${kind} is registered for object ${use.object?.name ?? 'vmlinux'}`);
      continue;
    }
    const name = plainFunctionName(counterpart.function);
    // The counterpart the registering file defines itself, if it does; else wherever the workspace defines it.
    const all = name ? definitionsOf(name, use.uri, open, onDisk) : [];
    const local = all.filter((l) => l.uri === use.uri);
    const definitions = local.length > 0 ? local : all;
    // A function defined nowhere we can see (or an expression): its registration is the best place to show.
    const targets =
      definitions.length > 0 ? definitions : [{ uri: use.uri, range: toLspRange(counterpart.range) }];
    for (const target of targets) {
      if (!locations.some((l) => l.uri === target.uri && sameStart(l.range, target.range)))
        locations.push(target);
    }
  }
  const reason =
    locations.length > 0 ? '' : `This callback has no counterpart: ${[...new Set(missing)].join('; ')}.`;
  return { locations, reason };
}

function sameStart(a: CounterpartLocation['range'], b: CounterpartLocation['range']): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character;
}
