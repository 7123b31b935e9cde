/** The source files of a folder as the sources worker posts them to the language server's thread. */
import type { Annotation } from './annotations';
import type { SourceFile } from './cxIndex';

/**
 * Source files as the worker posts them: a hundred thousand small objects cost this thread ~0.2 s to receive (and
 * the worker as much to send); their paths in one string, their line counts in one array and the annotations of
 * the few files that have any cost a fifth of that.
 */
export interface PackedSources {
  /** The paths, each ended by a NUL (which no path holds). */
  paths: string;
  lines: Int32Array<ArrayBuffer>;
  /** The annotations of the files that have any, by the file's place in the list. */
  annotated: [number, Annotation[]][];
}

export function packSources(sources: readonly SourceFile[]): PackedSources {
  const lines = new Int32Array(sources.length);
  const annotated: [number, Annotation[]][] = [];
  const paths = sources.map((s, i) => {
    lines[i] = s.lines;
    if (s.annotations.length) annotated.push([i, s.annotations]);
    return `${s.path}\0`;
  });
  return { paths: paths.join(''), lines, annotated };
}

/** The files without annotations share one empty list (nothing changes a source file's list in place). */
const NO_ANNOTATIONS: Annotation[] = Object.freeze([]) as unknown as Annotation[];

export function unpackSources({ paths, lines, annotated }: PackedSources): SourceFile[] {
  const out: SourceFile[] = new Array(lines.length);
  let next = 0;
  let from = 0;
  for (let i = 0; i < lines.length; i++) {
    const end = paths.indexOf('\0', from);
    const annotations = next < annotated.length && annotated[next]![0] === i ? annotated[next++]![1] : NO_ANNOTATIONS;
    out[i] = { path: paths.slice(from, end), lines: lines[i]!, annotations };
    from = end + 1;
  }
  return out;
}
