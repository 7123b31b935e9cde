/**
 * Feedback record ids as bytes. A table's ids are one buffer of their UTF-8 bytes and the offsets where each ends
 * (`IdColumn`): a million ids are ~14 MB and two objects, where a million strings were ~40 MB and a million objects
 * for the garbage collector to copy and mark. The id of a row is made a string only when someone asks for it.
 *
 * `IdIndex` finds a record's seq by its id: an open-addressing hash table of entries in one typed array, each entry
 * the row of its id in its table's column (read in place). For a million records that is ~17 MB in a few objects.
 */
import { firstAtOrAfter, lastAtOrBefore } from './sortedSearch';

/** Copies `from[start..end)` to `to` at `at` with a loop: an id or a link is a few bytes, fewer than a copy call costs. */
export function copyBytes(from: Uint8Array, start: number, end: number, to: Uint8Array, at: number): void {
  for (let i = start; i < end; i++) to[at + i - start] = from[i]!;
}

/** FNV-1a over bytes. */
function hashBytes(b: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h >>> 0;
}

/** Whether `a[aStart..aEnd)` are the bytes of `b` from `bStart`. */
export function sameBytes(a: Uint8Array, aStart: number, aEnd: number, b: Uint8Array, bStart: number): boolean {
  for (let i = aStart, j = bStart; i < aEnd; i++, j++) if (a[i] !== b[j]) return false;
  return true;
}

/** A table's ids, by row: their UTF-8 bytes one after the other, and where each ends. */
export class IdColumn {
  static readonly EMPTY = new IdColumn(Buffer.alloc(0), new Int32Array(0));

  constructor(
    readonly bytes: Buffer,
    /** The end of each row's id in `bytes` (its start is the previous row's end). */
    readonly ends: Int32Array,
  ) {}

  get length(): number {
    return this.ends.length;
  }

  start(row: number): number {
    return row ? this.ends[row - 1]! : 0;
  }

  get(row: number): string {
    return this.bytes.toString('utf8', this.start(row), this.ends[row]!);
  }

  /** Every id, by row (for tests and small tables). */
  all(): string[] {
    return Array.from({ length: this.length }, (_, row) => this.get(row));
  }

  static of(ids: readonly string[]): IdColumn {
    const builder = new IdColumnBuilder();
    for (const id of ids) builder.addString(id);
    return builder.build();
  }
}

/** Builds an `IdColumn` id by id. */
export class IdColumnBuilder {
  private bytes = Buffer.allocUnsafe(4096);
  private used = 0;
  private ends = new Int32Array(256);
  private n = 0;

  private room(bytes: number): void {
    if (this.n === this.ends.length) {
      const ends = new Int32Array(this.ends.length * 2);
      ends.set(this.ends);
      this.ends = ends;
    }
    if (this.used + bytes > this.bytes.length) {
      const more = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + bytes));
      this.bytes.copy(more, 0, 0, this.used);
      this.bytes = more;
    }
  }

  /** Adds the id whose UTF-8 bytes are `b[start..end)`. */
  addBytes(b: Uint8Array, start: number, end: number): void {
    this.room(end - start);
    copyBytes(b, start, end, this.bytes, this.used);
    this.used += end - start;
    this.ends[this.n++] = this.used;
  }

  addString(id: string): void {
    const size = Buffer.byteLength(id, 'utf8');
    this.room(size);
    this.used += this.bytes.write(id, this.used, 'utf8');
    this.ends[this.n++] = this.used;
  }

  /** The ids added (copies: the builder may be emptied and filled again). */
  build(): IdColumn {
    return new IdColumn(Buffer.from(this.bytes.subarray(0, this.used)), this.ends.slice(0, this.n));
  }

  /** Empties the builder, keeping its room, for other ids. */
  emptied(): this {
    this.used = 0;
    this.n = 0;
    return this;
  }
}

/** A column's ids, or its `rows` only, for `IdIndex.build`. */
export interface IdPart {
  ids: IdColumn;
  rows?: ArrayLike<number> | undefined;
}

/** A repeated id `IdIndex.build` left out: its place among all the rows given, and the seq of its first. */
export interface IdRepeat {
  at: number;
  first: number;
}

/** `IdIndex.build` sorts the ids into 2^BUCKET_BITS runs of slots (a run's next place stays in the caches). */
const BUCKET_BITS = 12;

export interface IdLookup {
  get(id: string): number | undefined;
}

/** Room for one id's bytes when looking up a string that is not plain ASCII. */
let scratch = Buffer.allocUnsafe(256);

export class IdIndex implements IdLookup {
  /**
   * Per slot, entry + 1 in the low bits and the high bits of its id's hash above them (0: empty): a probe that meets
   * another id's entry tells it from the hash alone most of the time, without finding its part and reading its bytes.
   */
  private readonly slots: Int32Array;
  private readonly mask: number;
  /** The bits of a slot that hold the entry, and those that hold the hash's (only the sign bit for 2^30 ids or more). */
  private readonly entryMask: number;
  private readonly tagMask: number;
  /**
   * Each entry's seq, and its id's row in its column (entries in the order added). Each is made only when it is
   * needed: while every entry's seq is the entry (as combining the files numbers the records) and every part's rows
   * follow one another (no repeated id left out), both are computed (for a million ids, 8 MB not kept).
   */
  private seqs: Int32Array | undefined;
  private rows: Int32Array | undefined;
  /**
   * The columns the ids are read from, in place (the tables keep them): a copy of their bytes was a second ~9 MB for
   * a million ids. The entries of `columns[p]` start at entry `firsts[p]`, whose row is `rowStarts[p]` (a column
   * given again after another starts a new part).
   */
  private readonly columns: IdColumn[] = [];
  private readonly firsts: number[] = [];
  private readonly rowStarts: number[] = [];
  private entries = 0;

  /** A table for up to `capacity` ids. */
  constructor(private readonly capacity: number) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    const entryBits = 32 - Math.clz32(capacity + 1);
    this.entryMask = entryBits >= 31 ? 0x7fffffff : (1 << entryBits) - 1;
    this.tagMask = ~this.entryMask;
  }

  /** The entry of a full slot's value. */
  private entryOf(v: number): number {
    return (v & this.entryMask) - 1;
  }

  /** An index of the ids of `columns`' rows (`rows` of each, or all), numbered from 0 in that order; repeats keep the first. */
  static of(parts: readonly { ids: IdColumn; rows?: ArrayLike<number> | undefined }[], capacity: number): IdIndex {
    const index = new IdIndex(capacity);
    let seq = 0;
    for (const { ids, rows } of parts) {
      if (rows) for (let i = 0; i < rows.length; i++) index.add(ids, rows[i]!, seq++);
      else for (let row = 0; row < ids.length; row++) index.add(ids, row, seq++);
    }
    return index;
  }

  /** The part of an entry: the last starting at or before it. */
  private partOf(entry: number): number {
    return lastAtOrBefore(this.firsts, this.firsts.length, entry);
  }

  /** The row of an entry's id in the column of its part `p`. */
  private rowOf(p: number, entry: number): number {
    return this.rows ? this.rows[entry]! : this.rowStarts[p]! + entry - this.firsts[p]!;
  }

  private seqOf(entry: number): number {
    return this.seqs ? this.seqs[entry]! : entry;
  }

  get(id: string): number | undefined {
    const { slots, mask } = this;
    let h = 0x811c9dc5;
    let ascii = true;
    for (let i = 0; i < id.length; i++) {
      const c = id.charCodeAt(i);
      if (c > 127) {
        ascii = false;
        break;
      }
      h = Math.imul(h ^ c, 0x01000193);
    }
    if (!ascii) return this.getBytes(id);
    h >>>= 0;
    for (let at = h & mask; ; at = (at + 1) & mask) {
      const v = slots[at]!;
      if (v === 0) return undefined;
      if (((v ^ h) & this.tagMask) !== 0) continue;
      const entry = this.entryOf(v);
      const p = this.partOf(entry);
      const column = this.columns[p]!;
      const row = this.rowOf(p, entry);
      const start = column.start(row);
      if (column.ends[row]! - start !== id.length) continue;
      const { bytes } = column;
      let same = true;
      for (let i = 0; i < id.length; i++) {
        if (bytes[start + i] !== id.charCodeAt(i)) {
          same = false;
          break;
        }
      }
      if (same) return this.seqOf(entry);
    }
  }

  private getBytes(id: string): number | undefined {
    const size = Buffer.byteLength(id, 'utf8');
    if (size > scratch.length) scratch = Buffer.allocUnsafe(size * 2);
    scratch.write(id, 0, 'utf8');
    const at = this.find(scratch, 0, size, hashBytes(scratch, 0, size));
    return at < 0 ? undefined : this.seqOf(this.entryOf(this.slots[at]!));
  }

  /** The slot holding the id `b[start..end)`, or -(the empty slot where it would go) - 1. */
  private find(b: Uint8Array, start: number, end: number, h: number): number {
    const { slots, mask } = this;
    const len = end - start;
    for (let at = h & mask; ; at = (at + 1) & mask) {
      const v = slots[at]!;
      if (v === 0) return -at - 1;
      if (((v ^ h) & this.tagMask) !== 0) continue;
      const entry = this.entryOf(v);
      const p = this.partOf(entry);
      const column = this.columns[p]!;
      const row = this.rowOf(p, entry);
      const from = column.start(row);
      if (column.ends[row]! - from === len && sameBytes(column.bytes, from, from + len, b, start)) return at;
    }
  }

  /**
   * Adds the id of `ids`' row `row` as record `seq` unless that id is there already; returns the seq that was there,
   * if any (the id is then not added).
   */
  add(ids: IdColumn, row: number, seq: number): number | undefined {
    const start = ids.start(row);
    const end = ids.ends[row]!;
    const h = hashBytes(ids.bytes, start, end);
    const at = this.find(ids.bytes, start, end, h);
    if (at >= 0) return this.seqOf(this.entryOf(this.slots[at]!));
    this.slots[-at - 1] = (h & this.tagMask) | (this.place(ids, row, seq) + 1);
    return undefined;
  }

  /** Numbers the id of `ids`' row `row` as the next entry, of seq `seq`, without putting it in a slot; returns the entry. */
  private place(ids: IdColumn, row: number, seq: number): number {
    // More ids than it was made for would fill the slots (and a lookup would never end): a caller's mistake.
    if (this.entries === this.capacity) throw new Error(`an id index made for ${this.capacity} ids was given more`);
    const entry = this.entries++;
    let p = this.columns.length - 1;
    if (this.columns[p] !== ids) {
      this.columns.push(ids);
      this.firsts.push(entry);
      this.rowStarts.push(row);
      p++;
    }
    if (!this.rows && row !== this.rowStarts[p]! + entry - this.firsts[p]!) {
      // A row out of turn: from now on each entry's row is kept.
      const rows = new Int32Array(this.capacity);
      for (let e = 0; e < entry; e++) rows[e] = this.rowOf(this.partOf(e), e);
      this.rows = rows;
    }
    if (this.rows) this.rows[entry] = row;
    if (!this.seqs && seq !== entry) {
      this.seqs = new Int32Array(this.capacity);
      for (let e = 0; e < entry; e++) this.seqs[e] = e;
    }
    if (this.seqs) this.seqs[entry] = seq;
    return entry;
  }

  /**
   * The index of the ids of `parts`' rows (`rows` of each part's column, or all of them), as adding them one at a
   * time in that order numbers them: each id not seen before takes the next seq from 0, a repeated id keeps the first.
   * Also gives each repeat: its place among all the parts' rows and the seq of its first.
   *
   * The ids are hashed in order, then put in the table in the order of their slots (sorted by counting), so that the
   * table is written from one end to the other instead of at random. A million ids' table is 8 MB, and right after
   * the read of the feedback none of it is in the processor's caches: one at a time, each write waited on memory.
   */
  static build(parts: readonly IdPart[], capacity: number): { index: IdIndex; repeats: IdRepeat[] } {
    const index = new IdIndex(capacity);
    const { slots, mask, tagMask, entryMask } = index;
    const starts = new Int32Array(parts.length + 1);
    parts.forEach((part, p) => (starts[p + 1] = starts[p]! + (part.rows ? part.rows.length : part.ids.length)));
    const n = starts[parts.length]!;
    if (n > capacity) throw new Error(`an id index made for ${capacity} ids was given more`);
    const hashes = new Int32Array(n);
    for (let p = 0, at = 0; p < parts.length; p++) {
      const { ids, rows } = parts[p]!;
      const { bytes, ends } = ids;
      const count = starts[p + 1]! - starts[p]!;
      for (let i = 0; i < count; i++) {
        const row = rows ? rows[i]! : i;
        hashes[at++] = hashBytes(bytes, row ? ends[row - 1]! : 0, ends[row]!);
      }
    }
    // The places in the order of their slots' first bits (a stable counting sort: a repeat stays after its first).
    const shift = Math.max(0, 31 - Math.clz32(slots.length) - BUCKET_BITS);
    const buckets = new Int32Array((slots.length >>> shift) + 1);
    for (let g = 0; g < n; g++) buckets[((hashes[g]! & mask) >>> shift) + 1]!++;
    for (let b = 1; b < buckets.length; b++) buckets[b]! += buckets[b - 1]!;
    const sortedHashes = new Int32Array(n);
    const sortedPlaces = new Int32Array(n);
    for (let g = 0; g < n; g++) {
      const k = buckets[(hashes[g]! & mask) >>> shift]!++;
      sortedHashes[k] = hashes[g]!;
      sortedPlaces[k] = g;
    }
    // Each slot holds its place + 1 for now: entries are numbered once the repeats are known.
    const columnOf = (g: number): [IdColumn, number] => {
      const p = lastAtOrBefore(starts, parts.length, g);
      const { ids, rows } = parts[p]!;
      return [ids, rows ? rows[g - starts[p]!]! : g - starts[p]!];
    };
    const firstOf = new Map<number, number>();
    for (let k = 0; k < n; k++) {
      const h = sortedHashes[k]!;
      const g = sortedPlaces[k]!;
      let at = h & mask;
      let own: [IdColumn, number] | undefined;
      for (; slots[at] !== 0; at = (at + 1) & mask) {
        const v = slots[at]!;
        if (((v ^ h) & tagMask) !== 0) continue;
        const [a, aRow] = columnOf((v & entryMask) - 1);
        const [b, bRow] = (own ??= columnOf(g));
        const from = a.start(aRow);
        const len = a.ends[aRow]! - from;
        if (len === b.ends[bRow]! - b.start(bRow) && sameBytes(a.bytes, from, from + len, b.bytes, b.start(bRow))) {
          firstOf.set(g, (v & entryMask) - 1);
          at = -1;
          break;
        }
      }
      if (at >= 0) slots[at] = (h & tagMask) | (g + 1);
    }
    // An entry is its place less the repeats before it.
    const repeated = Int32Array.from(firstOf.keys()).sort();
    const entryOf = (g: number): number => g - firstAtOrAfter(repeated, g);
    if (repeated.length) {
      for (let at = 0; at < slots.length; at++) {
        const v = slots[at]!;
        if (v !== 0) slots[at] = (v & tagMask) | (entryOf((v & entryMask) - 1) + 1);
      }
    }
    for (let p = 0, r = 0; p < parts.length; p++) {
      const { ids, rows } = parts[p]!;
      const end = starts[p + 1]!;
      if (!rows && !index.rows && (r === repeated.length || repeated[r]! >= end) && index.columns[index.columns.length - 1] !== ids) {
        // A whole column in turn, none of it repeated: one part, as adding each of its ids would make it.
        index.columns.push(ids);
        index.firsts.push(index.entries);
        index.rowStarts.push(0);
        index.entries += end - starts[p]!;
        continue;
      }
      for (let i = 0, g = starts[p]!; g < end; i++, g++) {
        if (repeated[r] === g) r++;
        else index.place(ids, rows ? rows[i]! : i, index.entries);
      }
    }
    const repeats = Array.from(repeated, (g) => ({ at: g, first: entryOf(firstOf.get(g)!) }));
    return { index, repeats };
  }
}
