/**
 * How the client starts the language server's process: its environment and its V8 options (the benchmark's
 * children get both too).
 *
 * glibc's allocator reads `MALLOC_MMAP_THRESHOLD_` when the process starts. With its default, the threshold rises to
 * the largest block freed, so the next columns of a few MB (the index's typed arrays) land in the main heap, where a
 * freed one leaves a hole the process keeps: ~50 MB at a million records. Fixed at 1 MB, each block of columns is a
 * mapping of its own, given back when freed. Other C libraries ignore it. The server's own heap setting is
 * `tuneHeap` (src/server/processMemory.ts); both are measured in docs/PERFORMANCE.md.
 */
export const SERVER_ENV: Readonly<Record<string, string>> = { MALLOC_MMAP_THRESHOLD_: String(1024 * 1024) };

/**
 * The V8 options of the server's process on a machine with `cores` cores (`os.availableParallelism()`).
 *
 * The first index keeps two threads busy: the server's own (reading and folding the `.cx/` data) and the sources
 * worker (listing and reading the source files). Beside them V8 runs helper threads, four by default, that compile
 * hot code and collect garbage. With two cores the helpers have no core of their own: they take turns with the two
 * threads, and their background compiles cost more time than compiling on the thread that runs the code (the
 * process's CPU ~6.2 s against ~5.1 s for a large company's first index, the server's thread waiting for a core
 * ~0.5 s against ~0.2 s; docs/PERFORMANCE.md). So on two cores or fewer V8 compiles in place and keeps one helper,
 * for the garbage collector. With more cores the helpers have room, and V8's defaults stay.
 */
export function serverExecArgv(cores: number): string[] {
  return cores <= 2 ? ['--no-concurrent-recompilation', '--v8-pool-size=1'] : [];
}
