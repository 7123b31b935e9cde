/**
 * How the language server's process holds its memory. The index of a large workspace is ~150 MB of heap and ~90 MB
 * of columns outside it (typed arrays), kept for the whole session, and building it leaves as much garbage again.
 * Two settings keep the process near what it holds (measured in docs/PERFORMANCE.md):
 *
 * - `SERVER_ENV`, given to the process when it is started (the client's fork, the benchmark's child): glibc's
 *   allocator reads it then. With its default, the mmap threshold rises to the largest block freed, so the next
 *   columns of a few MB land in the main heap, where a freed one leaves a hole the process keeps. Fixed at 1 MB, a
 *   block of columns is its own mapping, given back when freed. Other C libraries ignore it.
 * - `tuneHeap()`, called first thing in the process: V8 lets its heap grow to a multiple of what was live after a
 *   full collection, up to 4× for a heap that collects fast. Capped at 2×, the garbage of a load or a summary is
 *   collected sooner, for a few percent of time.
 */
import { setFlagsFromString } from 'node:v8';

export const SERVER_ENV: Readonly<Record<string, string>> = { MALLOC_MMAP_THRESHOLD_: String(1024 * 1024) };

export const HEAP_FLAGS = ['--heap-growing-percent=100'] as const;

export function tuneHeap(): void {
  for (const flag of HEAP_FLAGS) setFlagsFromString(flag);
}
