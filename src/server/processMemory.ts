/**
 * How the language server's process holds its memory. The index of a large workspace is ~150 MB of heap and ~70 MB
 * of columns outside it (typed arrays), kept for the whole session, and building it leaves as much garbage again.
 * The process is started with `SERVER_ENV` (src/protocol/serverProcess.ts: the allocator's setting) and calls
 * `tuneHeap()` first thing: V8 lets its heap grow to a factor of what was live after a full collection, which it
 * picks from how fast it collects (up to 4×). Capped at 2×, the garbage of a load or a summary is collected sooner,
 * for a few percent of time (measured in docs/PERFORMANCE.md).
 */
import { setFlagsFromString } from 'node:v8';

export const HEAP_FLAGS = ['--heap-growing-percent=100'] as const;

export function tuneHeap(): void {
  for (const flag of HEAP_FLAGS) setFlagsFromString(flag);
}
