/**
 * The environment the client starts the language server's process with (the benchmark's children get it too).
 *
 * glibc's allocator reads `MALLOC_MMAP_THRESHOLD_` when the process starts. With its default, the threshold rises to
 * the largest block freed, so the next columns of a few MB (the index's typed arrays) land in the main heap, where a
 * freed one leaves a hole the process keeps: ~50 MB at a million records. Fixed at 1 MB, each block of columns is a
 * mapping of its own, given back when freed. Other C libraries ignore it. The server's own heap setting is
 * `tuneHeap` (src/server/processMemory.ts); both are measured in docs/PERFORMANCE.md.
 */
export const SERVER_ENV: Readonly<Record<string, string>> = { MALLOC_MMAP_THRESHOLD_: String(1024 * 1024) };
