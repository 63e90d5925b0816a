// The built-in scenarios' callback counts per document, simulated again only when an open model changed.
import { countCallbackRuns, type CallbackRuns } from '../core/lifecycle/callback-runs';
import type { FileModel } from '../core/model/types';
import { collectModules, type TraceSource } from './features/trace';

interface Entry {
  /** The models simulated (this document's first): the store gives a new object per changed version. */
  models: FileModel[];
  runs: CallbackRuns;
}

const NOTHING: CallbackRuns = { scenarios: [], byCallback: new Map() };

export class CallbackRunsCache {
  private readonly entries = new Map<string, Entry>();
  /** How many times scenarios were simulated (tests check that lens requests reuse them). */
  simulations = 0;

  runs(source: TraceSource, uri: string): CallbackRuns {
    const model = source.has(uri) ? source.model(uri) : undefined;
    if (!model) return NOTHING;
    const models = [
      model,
      ...source.uris().flatMap((other) => (other === uri ? [] : [source.model(other)])),
    ].filter((m): m is FileModel => m !== undefined);
    const cached = this.entries.get(uri);
    if (cached && sameModels(cached.models, models)) return cached.runs;
    this.simulations++;
    const runs = countCallbackRuns(collectModules(source, uri, model).modules);
    this.entries.set(uri, { models, runs });
    return runs;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }
}

function sameModels(a: readonly FileModel[], b: readonly FileModel[]): boolean {
  return a.length === b.length && a.every((model, index) => model === b[index]);
}
