/**
 * Feedback records as columns: a million records are a few typed arrays (time, sentiment, score, line, where the
 * line's bytes are) and the ids, not a million objects with their texts. A record's text, title and the rest are
 * read again from its line's bytes when someone looks at it: from the file on disk for a large file, from the bytes
 * kept in memory for a small one (SPEC §2's records are read-only to the product: the tags log is their history).
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { fastFeedbackRecord, NO_LINKS } from './fastRecords';
import { Holds } from './holds';
import type { IdColumn } from './idIndex';
import { IdColumnBuilder, IdIndex } from './idIndex';
import type { Lined } from './recordLoaders';
import { grown } from './multiMap';
import { scanLinks } from './recordScan';
import { sentimentOf } from './schemas';
import { firstAtOrAfter, lastAtOrBefore } from './sortedSearch';
import type { FeedbackRecord, Link, Score, Sentiment } from './schemas';

export const SENTIMENT_CODES: readonly (Sentiment | undefined)[] = [undefined, 'positive', 'neutral', 'negative'];
export const SCORE_TYPES: readonly (Score['type'] | undefined)[] = [undefined, 'csat', 'nps', 'ces', 'rating'];
const SENTIMENT_CODE = new Map(SENTIMENT_CODES.map((s, i) => [s, i]));
const SCORE_CODE = new Map(SCORE_TYPES.map((s, i) => [s, i]));
export const NEGATIVE = 3;

/** Where a table's lines can be read again. */
export interface RecordStore {
  /** The bytes `start..end`, or undefined when they cannot be read (the file is gone). */
  read(start: number, end: number): Buffer | undefined;
}

/** Lines kept in memory (a small file, or a text given by the editor). */
export class MemoryStore implements RecordStore {
  constructor(private readonly bytes: Buffer) {}
  read(start: number, end: number): Buffer {
    return this.bytes.subarray(start, end);
  }
}

const IDLE_MS = 2000;
const openStores = new FinalizationRegistry<{ fd?: number }>((held) => {
  if (held.fd !== undefined) closeSync(held.fd);
});

/**
 * Lines read from the file they were loaded from. The file is held open while it is read from and closed when idle;
 * a file replaced since is noticed by its size and time (and each record read back is checked by its id).
 */
export class FileStore implements RecordStore {
  private readonly held: { fd?: number } = {};
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly path: string, private readonly size: number, private readonly mtimeMs: number) {
    openStores.register(this, this.held);
  }

  read(start: number, end: number): Buffer | undefined {
    try {
      if (this.held.fd === undefined) {
        const fd = openSync(this.path, 'r');
        const stat = fstatSync(fd);
        // Appending keeps every earlier line where it was: only a shorter or rewritten file is another file.
        if (stat.size < this.size || (stat.size === this.size && stat.mtimeMs !== this.mtimeMs)) {
          closeSync(fd);
          return undefined;
        }
        this.held.fd = fd;
      }
      const buf = Buffer.allocUnsafe(end - start);
      const n = readSync(this.held.fd, buf, 0, buf.length, start);
      this.idle();
      return n === buf.length ? buf : undefined;
    } catch {
      this.close();
      return undefined;
    }
  }

  private idle(): void {
    if (this.timer) this.timer.refresh();
    else {
      this.timer = setTimeout(() => this.close(), IDLE_MS);
      this.timer.unref?.();
    }
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const fd = this.held.fd;
    this.held.fd = undefined;
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
    }
  }
}

/**
 * A table's own links by row, for the rows that have any: those rows ascending, and each one's list beside it (a
 * list of a few hundred thousand rows is two arrays, where a map of them was a hash table ~4× the size).
 */
export class RowLinks {
  constructor(
    readonly rows: Int32Array,
    readonly lists: readonly Link[][],
    /** The lists' links as numbers, where the scan numbered them (see `NumberedLinks`). */
    readonly numbered?: NumberedLinks,
  ) {}

  get(row: number): Link[] | undefined {
    const k = firstAtOrAfter(this.rows, row);
    return this.rows[k] === row ? this.lists[k] : undefined;
  }
}

/**
 * The links of a table's lists as the scan numbered them (`scanLinks`), one list after another: the links of each
 * list are `links[n]` for its numbers `n`. A table has them when the scan numbered every one of its lists.
 */
export interface NumberedLinks {
  links: readonly Link[];
  numbers: Int32Array;
}

/** Small numbers by row, in the narrowest array that holds the largest (see `narrowed`). */
export type Codes = Uint8Array | Uint16Array | Uint32Array;

/** The first `n` of `column` in the narrowest array that holds `max` (a million rows of few values: 1 MB, not 4). */
function narrowed(column: Uint32Array, n: number, max: number): Codes {
  if (max < 0x100) return Uint8Array.from(column.subarray(0, n));
  if (max < 0x10000) return Uint16Array.from(column.subarray(0, n));
  return column.slice(0, n);
}

/**
 * The file lines of rows `0..n)` of `lines`: a number when each row's is its row plus that number (a file in which the
 * scan skipped no line), else a copy.
 */
function lineColumn(lines: Int32Array, n: number): Int32Array | number {
  const offset = n ? lines[0]! : 0;
  for (let r = 1; r < n; r++) if (lines[r] !== r + offset) return lines.slice(0, n);
  return offset;
}

/** One feedback file's records, by row (load order). */
export class FeedbackTable {
  constructor(
    readonly file: string,
    readonly length: number,
    readonly ids: IdColumn,
    /** The file line (0-based) of each row; a number `k` when each row's is the row plus `k` (see `line`). */
    private readonly lines: Int32Array | number,
    private times_: Float64Array,
    /** The sentiment each record carries, its own or from its score (`SENTIMENT_CODES`). */
    private sentiments_: Uint8Array,
    private scoreTypes_: Uint8Array,
    private scoreValues_: Float64Array,
    /** Indexes into `strings` (0: none). */
    readonly sources: Codes,
    readonly segments: Codes,
    readonly strings: readonly (string | undefined)[],
    /** The records' own links, for the rows that have any. */
    readonly links: RowLinks,
    /**
     * The rows' lines in `store`, for the rows not in `kept`: where each starts and its length in bytes (a file
     * read is at most 4 GiB, `limits.maxFileSizeMB`; were it larger, a line read at a wrong place is told by its id).
     */
    readonly starts: Uint32Array,
    readonly lengths: Codes,
    /** Rows read whole (a CSV row, a line the schema read): their values as read. */
    readonly kept: ReadonlyMap<number, FeedbackRecord>,
    readonly store: RecordStore | undefined,
  ) {}

  /** The file line (0-based) of `row`. */
  line(row: number): number {
    const { lines } = this;
    return typeof lines === 'number' ? row + lines : lines[row]!;
  }

  get times(): Float64Array {
    return this.times_;
  }

  get sentiments(): Uint8Array {
    return this.sentiments_;
  }

  get scoreTypes(): Uint8Array {
    return this.scoreTypes_;
  }

  get scoreValues(): Float64Array {
    return this.scoreValues_;
  }

  /**
   * Reads its times, sentiments and scores from now on in `columns` at `first`, where a fold copied them (the same
   * values): the table's own copies can go, instead of staying beside the fold's all along.
   */
  shareColumns(columns: { time: Float64Array; sentiment: Uint8Array; scoreType: Uint8Array; scoreValue: Float64Array }, first: number): void {
    const end = first + this.length;
    this.times_ = columns.time.subarray(first, end);
    this.sentiments_ = columns.sentiment.subarray(first, end);
    this.scoreTypes_ = columns.scoreType.subarray(first, end);
    this.scoreValues_ = columns.scoreValue.subarray(first, end);
  }

  score(row: number): Score | undefined {
    const type = SCORE_TYPES[this.scoreTypes[row]!];
    return type ? ({ type, value: this.scoreValues[row]! } as Score) : undefined;
  }

  /** The record as its line reads: what `fastFeedbackRecord(JSON.parse(line))` gave when it was loaded. */
  record(row: number): FeedbackRecord {
    return this.kept.get(row) ?? this.fromLine(row, this.store?.read(this.starts[row]!, this.end(row)));
  }

  /**
   * Calls `each` with the record of every row of `rows` (ascending), reading the lines of rows near each other in
   * one read of up to a megabyte: a search through thousands of records' texts reads blocks, not lines.
   */
  forEachRecord(rows: ArrayLike<number>, each: (i: number, record: FeedbackRecord) => void): void {
    for (let i = 0; i < rows.length; ) {
      const first = rows[i]!;
      const kept = this.kept.get(first);
      if (kept || !this.store) {
        each(i++, kept ?? this.record(first));
        continue;
      }
      const from = this.starts[first]!;
      let last = i;
      while (last + 1 < rows.length && !this.kept.has(rows[last + 1]!) && this.end(rows[last + 1]!) - from <= BLOCK_BYTES) last++;
      const block = this.store.read(from, this.end(rows[last]!));
      for (; i <= last; i++) {
        const row = rows[i]!;
        each(i, this.fromLine(row, block?.subarray(this.starts[row]! - from, this.end(row) - from)));
      }
    }
  }

  /** Where the line of `row` ends in `store`. */
  private end(row: number): number {
    return this.starts[row]! + this.lengths[row]!;
  }

  /** The record of `row` from its line's bytes, or what the index knows of it when they are not its line. */
  private fromLine(row: number, bytes: Buffer | undefined): FeedbackRecord {
    let value: FeedbackRecord | undefined;
    try {
      value = bytes && fastFeedbackRecord(JSON.parse(bytes.toString('utf8')));
    } catch {
      value = undefined;
    }
    if (value && value.id === this.ids.get(row)) return value;
    // The file changed since it was read (its new contents are being indexed): what the index knows of the record.
    const time = this.times[row]!;
    const score = this.score(row);
    const source = this.strings[this.sources[row]!];
    const segment = this.strings[this.segments[row]!];
    const sentiment = SENTIMENT_CODES[this.sentiments[row]!];
    return {
      id: this.ids.get(row),
      date: Number.isFinite(time) ? new Date(time).toISOString() : '',
      text: `(${this.file} changed since it was read: this record is read again with the file)`,
      ...(source !== undefined ? { source } : {}),
      ...(score ? { score } : {}),
      ...(sentiment ? { sentiment } : {}),
      ...(segment !== undefined ? { segment } : {}),
      links: this.links.get(row) ?? NO_LINKS,
    };
  }
}

/** How far apart lines read together may be. */
const BLOCK_BYTES = 1024 * 1024;

/** The columns a `TableBuilder` fills, with room for `cap` rows. */
class Columns {
  readonly lines: Int32Array;
  readonly times: Float64Array;
  readonly sentiments: Uint8Array;
  readonly scoreTypes: Uint8Array;
  readonly scoreValues: Float64Array;
  readonly sources: Uint32Array;
  readonly segments: Uint32Array;
  readonly starts: Uint32Array;
  readonly lengths: Uint32Array;

  constructor(readonly cap: number) {
    this.lines = new Int32Array(cap);
    this.times = new Float64Array(cap);
    this.sentiments = new Uint8Array(cap);
    this.scoreTypes = new Uint8Array(cap);
    this.scoreValues = new Float64Array(cap);
    this.sources = new Uint32Array(cap);
    this.segments = new Uint32Array(cap);
    this.starts = new Uint32Array(cap);
    this.lengths = new Uint32Array(cap);
  }

  /** Columns with twice the room, holding these columns' rows. */
  grown(): Columns {
    const more = new Columns(this.cap * 2);
    more.lines.set(this.lines);
    more.times.set(this.times);
    more.sentiments.set(this.sentiments);
    more.scoreTypes.set(this.scoreTypes);
    more.scoreValues.set(this.scoreValues);
    more.sources.set(this.sources);
    more.segments.set(this.segments);
    more.starts.set(this.starts);
    more.lengths.set(this.lengths);
    return more;
  }
}

/** A builder's columns and ids, for the next builder (see `holdColumns`). */
interface Spare {
  columns: Columns;
  ids: IdColumnBuilder;
}

let spare: Spare | undefined;
const columnHolds = new Holds(() => (spare = undefined));

/**
 * Keeps the columns of the last table built for the next one until the returned function is called: the files of a
 * folder are read through one set that grows to the largest file, each table copying out its rows, instead of each
 * file growing its own by doubling and leaving them to the garbage collector (~1.5 MB per 10,000 records, outside
 * the heap, where they were freed only by a full collection: a million records' peak RSS was ~35 MB higher).
 */
export function holdColumns(): () => void {
  return columnHolds.hold();
}

/** Builds a table row by row. */
export class TableBuilder {
  private n = 0;
  private columns: Columns;
  private readonly ids: IdColumnBuilder;
  private readonly strings: (string | undefined)[] = [undefined];
  private readonly stringIds = new Map<string, number>();
  private readonly linkRows: number[] = [];
  private readonly linkLists: Link[][] = [];
  /** The lists' link numbers, and the shared links they number (null: a list not numbered, or two sets; none kept). */
  private linkNumbers = new Int32Array(256);
  private numbered = 0;
  private numberedIn: readonly Link[] | null | undefined;
  private readonly kept = new Map<number, FeedbackRecord>();
  private built = false;

  constructor(readonly file: string) {
    // Taken: builders may overlap (two reads at once), and each fills its own.
    const taken = spare;
    spare = undefined;
    this.columns = taken?.columns ?? new Columns(1024);
    this.ids = taken?.ids ?? new IdColumnBuilder();
  }

  private stringId(s: string | undefined): number {
    if (s === undefined) return 0;
    let id = this.stringIds.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.stringIds.set(s, id);
    }
    return id;
  }

  /**
   * Adds a record whose line is `start..end` of the store; with `kept`, a record read whole (it is kept, not read
   * again). The fields are the record's; its id is `r.id`, or when `r.idStart` is 0 or more, `bytes[idStart..idEnd)`.
   */
  add(
    line: number,
    r: { id: string; idStart?: number; idEnd?: number; time: number; sentiment?: Sentiment | undefined; score?: Score | undefined; source?: string | undefined; segment?: string | undefined; links?: Link[] | undefined; linkNumbers?: Int32Array },
    start: number,
    end: number,
    kept?: FeedbackRecord,
    bytes?: Buffer,
  ): void {
    if (this.built) throw new Error(`the table of ${this.file} was built already`);
    let c = this.columns;
    if (this.n === c.cap) this.columns = c = c.grown();
    const row = this.n++;
    if (bytes && r.idStart !== undefined && r.idStart >= 0) this.ids.addBytes(bytes, r.idStart, r.idEnd!);
    else this.ids.addString(r.id);
    c.lines[row] = line;
    c.times[row] = r.time;
    c.sentiments[row] = SENTIMENT_CODE.get(sentimentOf(r)) ?? 0;
    c.scoreTypes[row] = r.score ? SCORE_CODE.get(r.score.type)! : 0;
    c.scoreValues[row] = r.score ? r.score.value : 0;
    c.sources[row] = this.stringId(r.source);
    c.segments[row] = this.stringId(r.segment);
    c.starts[row] = start;
    c.lengths[row] = end - start;
    if (r.links?.length) {
      this.linkRows.push(row);
      this.linkLists.push(r.links);
      if (r.linkNumbers && !kept) this.number(r.links.length, r.linkNumbers);
      else this.numberedIn = null;
    }
    if (kept) this.kept.set(row, kept);
  }

  /** Keeps the first `n` of `numbers` for the list just added, numbers of `scanLinks()`. */
  private number(n: number, numbers: Int32Array): void {
    const links = scanLinks();
    if (this.numberedIn === undefined) this.numberedIn = links;
    else if (this.numberedIn !== links) this.numberedIn = null;
    if (this.numberedIn === null) return;
    while (this.numbered + n > this.linkNumbers.length) this.linkNumbers = grown(this.linkNumbers);
    for (let i = 0; i < n; i++) this.linkNumbers[this.numbered++] = numbers[i]!;
  }

  /** Adds a record read whole. */
  addRecord(line: number, record: FeedbackRecord, time: number): void {
    this.add(line, { ...record, time }, 0, 0, record);
  }

  /** The table (copies of the rows: the builder's columns go to the next builder while they are held). */
  build(store: RecordStore | undefined): FeedbackTable {
    if (this.built) throw new Error(`the table of ${this.file} was built already`);
    this.built = true;
    const { n, columns: c } = this;
    let longest = 0;
    for (let r = 0; r < n; r++) if (c.lengths[r]! > longest) longest = c.lengths[r]!;
    const table = new FeedbackTable(
      this.file, n, this.ids.build(), lineColumn(c.lines, n), c.times.slice(0, n), c.sentiments.slice(0, n), c.scoreTypes.slice(0, n),
      c.scoreValues.slice(0, n), narrowed(c.sources, n, this.strings.length - 1), narrowed(c.segments, n, this.strings.length - 1), this.strings,
      new RowLinks(Int32Array.from(this.linkRows), this.linkLists, this.numberedIn ? { links: this.numberedIn, numbers: this.linkNumbers.slice(0, this.numbered) } : undefined),
      c.starts.slice(0, n), narrowed(c.lengths, n, longest), this.kept, this.kept.size === n ? undefined : store,
    );
    if (columnHolds.held && (!spare || spare.columns.cap < c.cap)) spare = { columns: c, ids: this.ids.emptied() };
    return table;
  }
}

interface Part {
  table: FeedbackTable;
  /** The table's rows in this part, ascending; undefined for all of them. */
  rows: Int32Array | undefined;
  /** The seq of the part's first record. */
  first: number;
}

function rowOf(p: Part, seq: number): number {
  return p.rows ? p.rows[seq - p.first]! : seq - p.first;
}

/**
 * Records of one or more tables, numbered by `seq` (load order): a file's, or the combination of the files (where a
 * repeated id is left out). Read by seq, column by column; `at` makes one record's value.
 */
export class FeedbackRows implements Iterable<Lined<FeedbackRecord>> {
  static readonly EMPTY = new FeedbackRows([]);
  readonly length: number;
  private readonly firsts: Int32Array;
  #last = 0;

  private constructor(private readonly parts: readonly Part[]) {
    this.length = parts.reduce((n, p) => n + (p.rows ? p.rows.length : p.table.length), 0);
    this.firsts = Int32Array.from(parts, (p) => p.first);
  }

  static of(table: FeedbackTable): FeedbackRows {
    return table.length ? new FeedbackRows([{ table, rows: undefined, first: 0 }]) : FeedbackRows.EMPTY;
  }

  /** The records of `lists` in order, each list without the records of `drop` (its seqs). */
  static join(lists: readonly { rows: FeedbackRows; drop?: ReadonlySet<number> }[]): FeedbackRows {
    const parts: Part[] = [];
    let first = 0;
    for (const { rows, drop } of lists) {
      for (const p of rows.parts) {
        let kept = p.rows;
        if (drop?.size) {
          const all = p.rows ?? Int32Array.from({ length: p.table.length }, (_, i) => i);
          kept = all.filter((_, i) => !drop.has(p.first + i));
        }
        const size = kept ? kept.length : p.table.length;
        if (!size) continue;
        parts.push({ table: p.table, rows: kept && kept.length === p.table.length ? undefined : kept, first });
        first += size;
      }
    }
    return new FeedbackRows(parts);
  }

  /** The first `n` records. */
  slice(n: number): FeedbackRows {
    if (n >= this.length) return this;
    const parts: Part[] = [];
    for (const p of this.parts) {
      if (p.first >= n) break;
      const size = p.rows ? p.rows.length : p.table.length;
      const take = Math.min(size, n - p.first);
      parts.push({ table: p.table, rows: take === size ? p.rows : (p.rows ?? Int32Array.from({ length: size }, (_, i) => i)).slice(0, take), first: p.first });
    }
    return new FeedbackRows(parts);
  }

  private part(seq: number): Part {
    const parts = this.parts;
    let p = parts[this.#last]!;
    if (seq >= p.first && (this.#last === parts.length - 1 || seq < parts[this.#last + 1]!.first)) return p;
    this.#last = lastAtOrBefore(this.firsts, parts.length, seq);
    p = parts[this.#last]!;
    return p;
  }

  id(seq: number): string {
    const p = this.part(seq);
    return p.table.ids.get(rowOf(p, seq));
  }

  file(seq: number): string {
    return this.part(seq).table.file;
  }

  line(seq: number): number {
    const p = this.part(seq);
    return p.table.line(rowOf(p, seq));
  }

  source(seq: number): string | undefined {
    const p = this.part(seq);
    return p.table.strings[p.table.sources[rowOf(p, seq)]!];
  }

  segment(seq: number): string | undefined {
    const p = this.part(seq);
    return p.table.strings[p.table.segments[rowOf(p, seq)]!];
  }

  /** The distinct sources and segments of the records `seqs` (ascending is fastest), without the empty ones. */
  valuesOf(seqs: ArrayLike<number>): { sources: Set<string>; segments: Set<string> } {
    const sources = new Set<string>();
    const segments = new Set<string>();
    for (let i = 0; i < seqs.length; ) {
      // A run of records of one table: which of its strings they use, marked, then each used string once.
      const p = this.part(seqs[i]!);
      const end = p.first + (p.rows ? p.rows.length : p.table.length);
      const { table } = p;
      const usedAsSource = new Uint8Array(table.strings.length);
      const usedAsSegment = new Uint8Array(table.strings.length);
      for (; i < seqs.length && seqs[i]! >= p.first && seqs[i]! < end; i++) {
        const row = rowOf(p, seqs[i]!);
        usedAsSource[table.sources[row]!] = 1;
        usedAsSegment[table.segments[row]!] = 1;
      }
      for (let s = 1; s < table.strings.length; s++) {
        const value = table.strings[s];
        if (!value) continue;
        if (usedAsSource[s]) sources.add(value);
        if (usedAsSegment[s]) segments.add(value);
      }
    }
    return { sources, segments };
  }

  /** The record's own links (before the tags log). */
  ownLinks(seq: number): Link[] {
    const p = this.part(seq);
    return p.table.links.get(rowOf(p, seq)) ?? NO_LINKS;
  }

  record(seq: number): FeedbackRecord {
    const p = this.part(seq);
    return p.table.record(rowOf(p, seq));
  }

  /** Calls `each` with the seq and record of every one of `seqs` (ascending), read in blocks (see the table's). */
  forEachRecord(seqs: ArrayLike<number>, each: (seq: number, record: FeedbackRecord) => void): void {
    for (let i = 0; i < seqs.length; ) {
      const p = this.part(seqs[i]!);
      const end = p.first + (p.rows ? p.rows.length : p.table.length);
      let j = i;
      while (j < seqs.length && seqs[j]! < end) j++;
      const part = Array.prototype.slice.call(seqs, i, j) as number[];
      p.table.forEachRecord(part.map((seq) => rowOf(p, seq)), (k, record) => each(part[k]!, record));
      i = j;
    }
  }

  at(seq: number): Lined<FeedbackRecord> {
    const p = this.part(seq);
    const row = rowOf(p, seq);
    return { value: p.table.record(row), file: p.table.file, line: p.table.line(row) };
  }

  /** Every record's id, by seq (as strings: for tests and small sets). */
  ids(): string[] {
    return Array.from({ length: this.length }, (_, seq) => this.id(seq));
  }

  /** An index of the records' seqs by id (the first of a repeated id). */
  idIndex(): IdIndex {
    return IdIndex.of(this.parts.map((p) => ({ ids: p.table.ids, rows: p.rows })), this.length);
  }

  /** Calls `each` with the own links, file, line and seq of every record that has links of its own, in seq order. */
  forEachLinked(each: (links: Link[], file: string, line: number, seq: number) => void): void {
    for (const p of this.parts) {
      const { table, first } = p;
      if (!p.rows) {
        const { rows, lists } = table.links;
        for (let k = 0; k < rows.length; k++) each(lists[k]!, table.file, table.line(rows[k]!), first + rows[k]!);
        continue;
      }
      for (let i = 0; i < p.rows.length; i++) {
        const row = p.rows[i]!;
        const links = table.links.get(row);
        if (links) each(links, table.file, table.line(row), first + i);
      }
    }
  }

  /** Calls `each` with every part's table, its rows (undefined: all) and the seq of its first. */
  forEachPart(each: (table: FeedbackTable, rows: Int32Array | undefined, first: number) => void): void {
    for (const p of this.parts) each(p.table, p.rows, p.first);
  }

  *[Symbol.iterator](): IterableIterator<Lined<FeedbackRecord>> {
    for (let seq = 0; seq < this.length; seq++) yield this.at(seq);
  }
}
