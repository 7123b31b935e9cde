/**
 * Reads the line-oriented `.cx/` files: feedback (JSONL and CSV), the tags log (JSONL) and metric series (CSV).
 * Each bad line or row is reported at its line and column and skipped; every other line still loads.
 */
import type { z } from 'zod';
import { parseCsv } from './csv';
import { fastMetricPoint, fastTagDecision, isoTime } from './fastRecords';
import type { CsvRow } from './csv';
import { issueMessage } from './issues';
import { jsonErrorMessage, jsonErrorOffset, locateJsonPath } from './jsonLocate';
import type { Problem, Range } from './problems';
import { MetricPoint, TagDecision } from './schemas';
import type { Link } from './schemas';

/** A value read from a line-oriented file, with the zero-based line it came from. */
export interface Lined<T> {
  value: T;
  file: string;
  line: number;
}

export interface Loaded<T> {
  items: Lined<T>[];
  problems: Problem[];
}

function problem(file: string, range: Range, message: string, code: Problem['code']): Problem {
  return { file, range, severity: 'error', code, message };
}

function lineRange(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: Math.max(end, start) } };
}

function fieldName(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}

/**
 * Reads a JSONL text, one schema-checked value a line; blank lines are allowed. `fast`, when given, accepts the
 * plainly valid values without the schema (it must accept only what the schema accepts, with the same output).
 */
export function loadJsonl<S extends z.ZodType>(
  file: string,
  text: string,
  schema: S,
  what: (raw: unknown) => string,
  fast?: (raw: unknown) => z.infer<S> | undefined,
  firstLine = 0,
): Loaded<z.infer<S>> {
  const items: Lined<z.infer<S>>[] = [];
  const problems: Problem[] = [];
  let line = firstLine;
  let start = firstLine === 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const raw = text.charCodeAt(end - 1) === 13 && end > start ? text.slice(start, end - 1) : text.slice(start, end);
    const value = readJsonLine(file, raw, line, problems, schema, what, fast);
    if (value !== undefined) items.push({ value: value.value, file, line });
    line++;
    start = end + 1;
  }
  return { items, problems };
}

/**
 * One JSONL line (without its line break): nothing for a blank line, else its value when it is valid, else its
 * problems added to `problems`. `quick` says the value came from `fast` (so reading the line again gives it again).
 */
export function readJsonLine<S extends z.ZodType>(
  file: string,
  raw: string,
  line: number,
  problems: Problem[],
  schema: S,
  what: (raw: unknown) => string,
  fast?: (raw: unknown) => z.infer<S> | undefined,
): { value: z.infer<S>; quick: boolean } | undefined {
  // A record line starts with `{`: only other lines need the look for blankness.
  if (raw.charCodeAt(0) !== 123 && raw.trim() === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (e) {
    const at = Math.min(jsonErrorOffset(e, raw), raw.length);
    problems.push(problem(file, lineRange(line, at, Math.min(at + 1, raw.length)), `invalid JSON: ${jsonErrorMessage(e)}`, 'jsonl-syntax'));
    return undefined;
  }
  const quick = fast ? fast(parsed) : undefined;
  if (quick !== undefined) return { value: quick, quick: true };
  const result = schema.safeParse(parsed);
  if (result.success) return { value: result.data, quick: false };
  for (const issue of result.error.issues) {
    const span = locateJsonPath(raw, issue.path) ?? { start: 0, end: raw.length };
    problems.push(problem(file, lineRange(line, span.start, span.end), `${what(parsed)}: ${issueMessage(issue, fieldName(issue.path) || undefined)}`, 'schema'));
  }
  return undefined;
}

interface CsvColumns {
  names: string[];
  rows: CsvRow[];
}

function csvTable(file: string, text: string, required: readonly string[], problems: Problem[]): CsvColumns | undefined {
  const { rows, errors } = parseCsv(text);
  for (const e of errors) problems.push(problem(file, lineRange(e.position.line, e.position.character, e.position.character + 1), e.message, 'csv-syntax'));
  const header = rows.shift();
  if (!header) return undefined;
  const names = header.cells.map((c) => c.value.trim());
  const missing = required.filter((r) => !names.includes(r));
  if (missing.length) {
    problems.push(problem(file, lineRange(header.line, 0, header.cells.at(-1)?.end.character ?? 0),
      `the header lacks the column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')} (it has ${names.map((n) => `'${n}'`).join(', ')})`, 'csv-syntax'));
    return undefined;
  }
  return { names, rows };
}

/**
 * Reads CSV rows into objects by header name and checks them with `schema`. `convert` turns a cell's text into
 * the field's value (JSON for objects, numbers); empty cells are left out. `fast`, when given, accepts the plainly
 * valid rows without the schema (as `loadJsonl`'s).
 */
export function loadCsv<S extends z.ZodType>(
  file: string,
  text: string,
  schema: S,
  required: readonly string[],
  convert: (column: string, cell: string) => unknown,
  what: (raw: Record<string, unknown>) => string,
  fast?: (raw: unknown) => z.infer<S> | undefined,
): Loaded<z.infer<S>> {
  const problems: Problem[] = [];
  const items: Lined<z.infer<S>>[] = [];
  const table = csvTable(file, text, required, problems);
  if (!table) return { items, problems };
  for (const row of table.rows) {
    if (row.cells.length !== table.names.length) {
      const last = row.cells.at(-1)!;
      problems.push(problem(file, { start: row.cells[0]!.start, end: last.end },
        `row has ${row.cells.length} cells but the header has ${table.names.length} columns`, 'csv-syntax'));
      continue;
    }
    const raw: Record<string, unknown> = {};
    let bad = false;
    row.cells.forEach((cell, i) => {
      const column = table.names[i]!;
      if (cell.value === '') return;
      try {
        raw[column] = convert(column, cell.value);
      } catch (e) {
        bad = true;
        problems.push(problem(file, { start: cell.start, end: cell.end }, `column '${column}': ${e instanceof Error ? jsonErrorMessage(e) : String(e)}`, 'csv-syntax'));
      }
    });
    if (bad) continue;
    const quick = fast?.(raw);
    if (quick !== undefined) {
      items.push({ value: quick, file, line: row.line });
      continue;
    }
    const result = schema.safeParse(raw);
    if (result.success) {
      items.push({ value: result.data, file, line: row.line });
      continue;
    }
    for (const issue of result.error.issues) {
      const column = String(issue.path[0] ?? '');
      const cell = row.cells[table.names.indexOf(column)] ?? row.cells[0]!;
      problems.push(problem(file, { start: cell.start, end: cell.end }, `${what(raw)}: ${issueMessage(issue, fieldName(issue.path) || undefined)}`, 'schema'));
    }
  }
  return { items, problems };
}

export const recordLabel = (raw: unknown): string => {
  const id = raw && typeof raw === 'object' && 'id' in raw ? (raw as { id: unknown }).id : undefined;
  return typeof id === 'string' && id ? `record '${id}'` : 'record';
};

export function feedbackCell(column: string, cell: string): unknown {
  if (column === 'score' || column === 'links') {
    const trimmed = cell.trim();
    if (column === 'score' && /^-?\d+(\.\d+)?$/.test(trimmed)) throw new Error(`write the score with its type, e.g. {"type":"nps","value":${trimmed}}`);
    return JSON.parse(trimmed);
  }
  return cell;
}

/** Reads `.cx/tags.jsonl`. */
export function loadTags(file: string, text: string, firstLine = 0): Loaded<TagDecision> {
  return plainTags(file, text, firstLine) ?? jsonlTags(file, text, firstLine);
}

const ADD = '{"op":"add","feedback":"';
const REMOVE = '{"op":"remove","feedback":"';
const REF = ',"ref":{"';
const BY = ',"by":"';
const AT = ',"at":"';
const LINES = ',"lines":[';

/** Where the JSON string whose text starts at `at` ends (its quote) when it holds no escape or control character; else -1. */
function plainStringEnd(text: string, at: number, end: number): number {
  for (let i = at; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) return i;
    if (c === 92 || c < 32) return -1;
  }
  return -1;
}

/** The line number written as String(n) writes one (1 to 15 digits, no leading zero) at `at`; `lineEnd` is set past it. */
let lineEnd = 0;
function plainLineNumber(text: string, at: number, end: number): number {
  let i = at;
  let v = 0;
  if (i >= end || text.charCodeAt(i) < 49 || text.charCodeAt(i) > 57) return -1;
  for (; i < end && i - at < 15; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
  }
  lineEnd = i;
  return v;
}

/**
 * The tags log written plainly, every line a valid decision as `tagLine` writes one (keys in the documented order, no
 * spaces or escapes; blank lines allowed), read by its characters: what `jsonlTags` makes of it (the same values, key
 * order included), without a parse and a check per line. Undefined for any other text, which `jsonlTags` reads.
 */
export function plainTags(file: string, text: string, firstLine = 0): Loaded<TagDecision> | undefined {
  const items: Lined<TagDecision>[] = [];
  let start = firstLine === 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (let line = firstLine; start < text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end > start) {
      const value = plainTag(text, start, end);
      if (!value) return undefined;
      items.push({ value, file, line });
    }
    start = end + 1;
  }
  return { items, problems: [] };
}

/** The decision written plainly on `text[start..end)`, or undefined. */
function plainTag(text: string, start: number, end: number): TagDecision | undefined {
  const op = text.startsWith(ADD, start) ? 'add' : text.startsWith(REMOVE, start) ? 'remove' : undefined;
  if (!op) return undefined;
  let i = start + (op === 'add' ? ADD.length : REMOVE.length);
  let close = plainStringEnd(text, i, end);
  if (close <= i || !text.startsWith(REF, close + 1)) return undefined;
  const feedback = text.slice(i, close);
  i = close + 1 + REF.length;
  const kind = text.startsWith('journey":"', i) ? 'journey' : text.startsWith('component":"', i) ? 'component' : text.startsWith('path":"', i) ? 'path' : undefined;
  if (!kind) return undefined;
  i += kind.length + 3; // past the kind, its quote, the colon and the value's quote
  close = plainStringEnd(text, i, end);
  if (close <= i) return undefined;
  const name = text.slice(i, close);
  i = close + 1;
  let ref: Link;
  if (kind === 'path' && text.startsWith(LINES, i)) {
    const first = plainLineNumber(text, i + LINES.length, end);
    if (first < 0 || text.charCodeAt(lineEnd) !== 44) return undefined;
    const last = plainLineNumber(text, lineEnd + 1, end);
    if (last < first || text.charCodeAt(lineEnd) !== 93) return undefined;
    ref = { path: name, lines: [first, last] };
    i = lineEnd + 1;
  } else ref = kind === 'journey' ? { journey: name } : kind === 'component' ? { component: name } : { path: name };
  if (text.charCodeAt(i) !== 125) return undefined;
  i++;
  let by: string | undefined;
  if (text.startsWith(BY, i)) {
    i += BY.length;
    close = plainStringEnd(text, i, end);
    if (close < 0) return undefined;
    by = text.slice(i, close);
    i = close + 1;
  }
  if (!text.startsWith(AT, i)) return undefined;
  i += AT.length;
  close = plainStringEnd(text, i, end);
  if (close < 0 || close + 2 !== end || text.charCodeAt(close + 1) !== 125) return undefined;
  const at = text.slice(i, close);
  if (Number.isNaN(isoTime(at))) return undefined;
  return by === undefined ? { op, feedback, ref, at } : { op, feedback, ref, by, at };
}

/** Reads a tags log line by line with JSON.parse: any text, each bad line a problem. */
export function jsonlTags(file: string, text: string, firstLine = 0): Loaded<TagDecision> {
  return loadJsonl(file, text, TagDecision, (raw) => {
    const id = raw && typeof raw === 'object' && 'feedback' in raw ? (raw as { feedback: unknown }).feedback : undefined;
    return typeof id === 'string' ? `tag of '${id}'` : 'tag';
  }, fastTagDecision, firstLine);
}

/** Reads a `.cx/metrics/*.csv` series. */
export function loadMetrics(file: string, text: string): Loaded<MetricPoint> {
  return plainMetrics(file, text) ?? csvMetrics(file, text);
}

const PLAIN_HEADER = 'metric,date,value\n';
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * A series written plainly (the header `metric,date,value`, then rows of three cells, every row valid) read by
 * splitting its lines: what `csvMetrics` makes of it, without the general CSV parse and the object of each row.
 * Undefined for any other text, which `csvMetrics` reads (with its problems). A quote, a carriage return or a fourth
 * cell is in no valid cell (a name, a date, a plain number): a row with one is not plain.
 */
export function plainMetrics(file: string, text: string): Loaded<MetricPoint> | undefined {
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (!text.startsWith(PLAIN_HEADER, at)) return undefined;
  at += PLAIN_HEADER.length;
  const items: Lined<MetricPoint>[] = [];
  for (let line = 1; at < text.length; line++) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    if (end > at) {
      const first = text.indexOf(',', at);
      const second = first < 0 ? -1 : text.indexOf(',', first + 1);
      if (second < 0 || second >= end) return undefined;
      const cell = text.slice(second + 1, end);
      const value = PLAIN_NUMBER.test(cell) ? Number(cell) : Number.NaN;
      const point = fastMetricPoint({ metric: text.slice(at, first), date: text.slice(first + 1, second), value });
      if (!point) return undefined;
      items.push({ value: point, file, line });
    }
    at = end + 1;
  }
  return { items, problems: [] };
}

/** Reads a series with the general CSV parse: any text, each bad row a problem. */
export function csvMetrics(file: string, text: string): Loaded<MetricPoint> {
  return loadCsv(file, text, MetricPoint, ['metric', 'date', 'value'], (column, cell) => {
    if (column !== 'value') return cell;
    const n = Number(cell.trim());
    if (cell.trim() === '' || !Number.isFinite(n)) throw new Error(`'${cell}' is not a number`);
    return n;
  }, (raw) => (typeof raw.metric === 'string' ? `metric '${raw.metric}'` : 'row'), fastMetricPoint);
}
