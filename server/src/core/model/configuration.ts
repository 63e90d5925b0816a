// A build configuration's view of a model: the callback registrations a false preprocessor condition leaves out.
import type { FileModel, ObjectModel } from './types';

/** A scenario's directive comment naming the build it runs: `# klp-callbacks: without CONFIG_X`. */
const WITHOUT_DIRECTIVE = /^\s*#\s*klp-callbacks:\s*without\s+(\S+)\s*$/m;

/** The condition a scenario's directive says the build is without, if any. */
export function scenarioWithout(scenario: string): string | undefined {
  return WITHOUT_DIRECTIVE.exec(scenario)?.[1];
}

/**
 * The scenario with its build named in a last comment line (comments are no actions, so no line
 * of the scenario moves): `trace` and the trace panel then simulate that build when replaying it.
 */
export function withWithoutDirective(scenario: string, condition: string): string {
  return `${scenario.replace(/\n*$/, '\n')}# klp-callbacks: without ${condition}\n`;
}

/**
 * The model as built without `condition`: every callback registration under it (its condition is
 * `condition`, or textually includes it, as `CONFIG_A && CONFIG_B` includes `CONFIG_A`) is left out.
 * Model checking simulates that build for a counterpart registered only under a condition, and
 * `trace --without-condition` replays it.
 */
export function withoutCondition(model: FileModel, condition: string): FileModel {
  // One view per model and condition: model checking remembers its explorations per model object.
  let views = viewsOf.get(model);
  if (!views) viewsOf.set(model, (views = new Map()));
  let view = views.get(condition);
  if (!view) views.set(condition, (view = buildWithout(model, condition)));
  return view;
}

const viewsOf = new WeakMap<FileModel, Map<string, FileModel>>();

function buildWithout(model: FileModel, condition: string): FileModel {
  return {
    ...model,
    patches: model.patches.map((patch) => ({
      ...patch,
      objects: patch.objects.map((object) => objectWithout(object, condition)),
    })),
  };
}

function objectWithout(object: ObjectModel, condition: string): ObjectModel {
  const callbacks: ObjectModel['callbacks'] = {};
  for (const [kind, registration] of Object.entries(object.callbacks) as [
    keyof ObjectModel['callbacks'],
    ObjectModel['callbacks'][keyof ObjectModel['callbacks']],
  ][]) {
    if (registration && !registration.condition?.includes(condition)) callbacks[kind] = registration;
  }
  return { ...object, callbacks };
}
