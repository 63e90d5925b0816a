// A build configuration's view of a model: the callback registrations a false preprocessor condition leaves out.
import type { FileModel, ObjectModel } from './types';

/**
 * The model as built without `condition`: every callback registration under it (its condition is
 * `condition`, or textually includes it, as `CONFIG_A && CONFIG_B` includes `CONFIG_A`) is left out.
 * Model checking simulates that build for a counterpart registered only under a condition, and
 * `trace --without-condition` replays it.
 */
export function withoutCondition(model: FileModel, condition: string): FileModel {
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
