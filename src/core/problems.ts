/** Where things are and what is wrong with them: the one shape every loader, the server and the CLI share. */
import { lastAtOrBefore } from './sortedSearch';

/** A zero-based line and UTF-16 column, as in LSP; the CLI prints both one-based. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

/** Why a problem was reported; stable identifiers the server maps to quick fixes and tests assert on. */
export type ProblemCode =
  | 'yaml-syntax'
  | 'schema'
  | 'duplicate-id'
  | 'unknown-reference'
  | 'pattern-matches-nothing'
  | 'jsonl-syntax'
  | 'csv-syntax'
  | 'io'
  | 'too-large';

/** A located problem in a workspace file. */
export interface Problem {
  /** Path relative to the workspace folder, `/`-separated (e.g. `.cx/journeys.yaml`). */
  file: string;
  range: Range;
  severity: Severity;
  code: ProblemCode;
  message: string;
  /** For `unknown-reference`: the reference as written and the closest known ones, best first. */
  suggestions?: string[];
}

export function position(line: number, character: number): Position {
  return { line, character };
}

export function range(startLine: number, startChar: number, endLine: number, endChar: number): Range {
  return { start: position(startLine, startChar), end: position(endLine, endChar) };
}

/** Formats a problem as compilers do, `path:line:col: severity: message`, one-based. */
export function formatProblem(p: Problem): string {
  return `${p.file}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.severity}: ${p.message}`;
}

/** Maps offsets in a text to line/column positions, for loaders whose parsers report offsets. */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) this.starts.push(i + 1);
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = lastAtOrBefore(this.starts, this.starts.length, clamped);
    return { line, character: clamped - this.starts[line]! };
  }

  offsetAt(pos: Position): number {
    const start = this.starts[Math.max(0, Math.min(pos.line, this.starts.length - 1))] ?? 0;
    return Math.min(start + pos.character, this.text.length);
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** The text of a line without its line break (and without a trailing `\r`). */
  lineText(line: number): string {
    const start = this.starts[line];
    if (start === undefined) return '';
    const next = this.starts[line + 1];
    const raw = this.text.slice(start, next === undefined ? undefined : next - 1);
    return raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  }
}
