/**
 * Long work on the language server's one thread, in slices: a generator of steps (`coverageSteps` and its kin)
 * runs for a slice of time, then lets the events waiting (requests, edits, file changes) in before the next slice.
 */
import { performance } from 'node:perf_hooks';

/** Work between two looks at the events waiting: short enough that a hover or a completion hardly waits. */
export const SLICE_MS = 15;

/** Runs `steps` to its end in slices of `ms`, yielding to other events between them. */
export async function inSlices<T>(steps: Generator<void, T>, ms = SLICE_MS): Promise<T> {
  for (;;) {
    const end = performance.now() + ms;
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      if (performance.now() >= end) break;
    }
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
