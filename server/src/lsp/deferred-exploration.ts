// Runs a document's model checking off the keystroke path: one slice per turn of the event loop.
import type { FileAnalysis } from '../core/analyze';

/** One slice: 'more' to go on, the whole analysis when done, undefined when the work went stale. */
export type Slice = () => FileAnalysis | 'more' | undefined;

/**
 * Steps `slice` on later turns of the event loop (`later`: setImmediate), so requests that arrive
 * meanwhile (hovers, completions) are answered between slices; `publish` gets the whole analysis
 * once, and never when a newer edit made the work stale.
 */
export function continueInSlices(
  slice: Slice,
  publish: (analysis: FileAnalysis) => void,
  later: (run: () => void) => void = setImmediate,
): void {
  const step = () => {
    const result = slice();
    if (result === 'more') later(step);
    else if (result) publish(result);
  };
  later(step);
}
