/** Checks that problems and diagnostics point inside the files they name, and that nothing else went wrong. */
import { LineIndex } from '../../src/core/problems';
import type { Range } from '../../src/core/problems';

/**
 * Why a problem at `range` does not lie inside `text` (line within the file, column within the line or just past
 * its end), or undefined when it does.
 */
export function outside(lines: LineIndex | undefined, range: Range): string | undefined {
  if (lines === undefined) return 'names a file that does not exist';
  const text = lines.text;
  for (const [what, p] of [['start', range.start], ['end', range.end]] as const) {
    if (!Number.isInteger(p.line) || !Number.isInteger(p.character)) return `${what} is not whole numbers`;
    if (p.line < 0 || p.line >= lines.lineCount) return `${what} line ${p.line + 1} is not in the file's ${lines.lineCount} lines`;
    // The raw line, with a trailing \r (a position on it is still inside the line).
    const start = lines.offsetAt({ line: p.line, character: 0 });
    const next = text.indexOf('\n', start);
    const length = (next === -1 ? text.length : next) - start;
    if (p.character < 0 || p.character > length) return `${what} column ${p.character + 1} is not in line ${p.line + 1} (${length} characters)`;
  }
  if (range.end.line < range.start.line || (range.end.line === range.start.line && range.end.character < range.start.character)) return 'ends before it starts';
  return undefined;
}

/** The line indexes of files' texts, built once per file (a 10 MB file can have thousands of problems). */
export class Lines {
  private readonly cache = new Map<string, LineIndex | undefined>();

  constructor(private readonly textOf: (file: string) => string | undefined) {}

  of(file: string): LineIndex | undefined {
    if (!this.cache.has(file)) {
      const text = this.textOf(file);
      this.cache.set(file, text === undefined ? undefined : new LineIndex(text));
    }
    return this.cache.get(file);
  }
}

/** A short form of an input for messages. */
export function preview(bytes: Buffer | string): string {
  const s = typeof bytes === 'string' ? bytes : bytes.toString('utf8');
  return JSON.stringify(s.length > 160 ? `${s.slice(0, 160)}… (${s.length} chars)` : s);
}
