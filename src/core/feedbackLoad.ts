/**
 * Reads a feedback file into a `FeedbackTable`: a JSONL file line by line from its bytes (given whole, or chunk by
 * chunk from disk so that a large file is never in memory at once), a CSV file row by row. The plainly valid line
 * is scanned (recordScan.ts); any other is parsed and checked as every JSONL line is (`readJsonLine`), with the same
 * located problems.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { FeedbackRows, FileStore, MemoryStore, TableBuilder } from './feedbackTable';
import type { RecordStore } from './feedbackTable';
import { fastFeedbackRecord, parseTime } from './fastRecords';
import { Holds } from './holds';
import type { Problem } from './problems';
import type { Loaded } from './recordLoaders';
import { feedbackCell, loadCsv, readJsonLine, recordLabel } from './recordLoaders';
import { scanDone, scanned, scanRecord } from './recordScan';
import { FeedbackRecord } from './schemas';

export interface LoadedFeedback {
  rows: FeedbackRows;
  problems: Problem[];
}

/** Reads JSONL bytes given in chunks of whole or partial lines. */
class JsonlReader {
  private readonly builder: TableBuilder;
  private readonly problems: Problem[] = [];
  private line = 0;
  /** Where in the file the bytes not yet read as lines start. */
  private offset = 0;

  constructor(private readonly file: string) {
    this.builder = new TableBuilder(file);
  }

  /** Reads the whole lines of `b[0..end)` (all of it when `last`); returns how many bytes it read. */
  lines(b: Buffer, end: number, last: boolean): number {
    let start = 0;
    if (this.offset === 0 && this.line === 0 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf && end >= 3) start = 3;
    while (start < end) {
      // The plainly valid record, scanned to its line's end; anything else is parsed.
      const scannedEnd = b[start] === 123 ? scanRecord(b, start, end) : -1;
      if (scannedEnd >= 0 && (scannedEnd < end || last)) {
        this.builder.add(this.line, scanned(), this.offset + start, this.offset + stopOf(b, start, scannedEnd), undefined, b);
        this.line++;
        start = scannedEnd + 1;
        continue;
      }
      let nl = b.indexOf(10, start);
      if (nl >= end) nl = -1;
      if (nl < 0 && !last) break;
      const stop = nl < 0 ? end : nl;
      this.parse(b, start, stopOf(b, start, stop));
      this.line++;
      start = stop + 1;
    }
    start = Math.min(start, end);
    this.offset += start;
    return start;
  }

  /** A line the scan did not take: parsed and checked, with located problems. */
  private parse(b: Buffer, start: number, end: number): void {
    const at = this.offset + start;
    const read = readJsonLine(this.file, b.toString('utf8', start, end), this.line, this.problems, FeedbackRecord, recordLabel, fastFeedbackRecord);
    if (!read) return;
    const time = parseTime(read.value.date);
    if (read.quick) this.builder.add(this.line, { ...read.value, time }, at, this.offset + end);
    else this.builder.addRecord(this.line, read.value, time);
  }

  finish(store: RecordStore): LoadedFeedback {
    scanDone();
    return { rows: FeedbackRows.of(this.builder.build(store)), problems: this.problems };
  }
}

/** Every record of a feedback file's text, as read (for a document's own records, and for tests). */
export function loadFeedback(file: string, text: string): Loaded<FeedbackRecord> {
  const { rows, problems } = loadFeedbackText(file, text);
  return { items: [...rows], problems };
}

/** Where the line `start..end` stops without its carriage return. */
function stopOf(b: Buffer, start: number, end: number): number {
  return end > start && b[end - 1] === 13 ? end - 1 : end;
}

/** Reads feedback from a `.jsonl` or `.csv` file's text (by its extension). */
export function loadFeedbackText(file: string, text: string): LoadedFeedback {
  if (file.toLowerCase().endsWith('.csv')) return loadFeedbackCsv(file, text);
  const bytes = Buffer.from(text, 'utf8');
  return loadFeedbackBytes(file, bytes);
}

/** Reads a CSV feedback file: its records are kept as read. */
function loadFeedbackCsv(file: string, text: string): LoadedFeedback {
  const { items, problems } = loadCsv(file, text, FeedbackRecord, ['id', 'date', 'text'], feedbackCell, recordLabel);
  const builder = new TableBuilder(file);
  for (const r of items) builder.addRecord(r.line, r.value, parseTime(r.value.date));
  return { rows: FeedbackRows.of(builder.build(undefined)), problems };
}

/** Reads a JSONL file's bytes, kept in memory to read records again from. */
function loadFeedbackBytes(file: string, bytes: Buffer): LoadedFeedback {
  const reader = new JsonlReader(file);
  reader.lines(bytes, bytes.length, true);
  return reader.finish(new MemoryStore(bytes));
}

const CHUNK = 4 * 1024 * 1024;

/**
 * Reads a JSONL feedback file from disk in chunks; its records are read again from the file when looked at.
 * `rel` names the file in problems. The file may grow while it is read: what was there when it was opened is read.
 */
export async function readFeedbackFile(full: string, rel: string, chunk = CHUNK): Promise<LoadedFeedback> {
  // Read synchronously, a chunk at a time with a turn of the event loop between: the bytes are mostly in the page
  // cache, and a read through the thread pool per chunk would leave this thread waiting.
  const fd = openSync(full, 'r');
  try {
    const stat = fstatSync(fd);
    const reader = new JsonlReader(rel);
    let buf = takeChunk(Math.min(chunk, Math.max(stat.size, 1)));
    let filled = 0;
    let position = 0;
    while (position < stat.size) {
      if (filled === buf.length) {
        // One line longer than the buffer: a larger one.
        const larger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(larger, 0, 0, filled);
        buf = larger;
      }
      const bytesRead = readSync(fd, buf, filled, Math.min(buf.length - filled, stat.size - position), position);
      if (!bytesRead) break;
      position += bytesRead;
      filled += bytesRead;
      const used = reader.lines(buf, filled, position >= stat.size);
      buf.copy(buf, 0, used, filled);
      filled -= used;
      if (position < stat.size) await nextTurn();
    }
    spareChunk = chunkHolds.held ? buf : undefined;
    return reader.finish(new FileStore(full, stat.size, stat.mtimeMs));
  } finally {
    closeSync(fd);
  }
}

/**
 * The chunk buffer the last read gave back, for the next, while a folder's files are read (`holdChunk`): reading
 * them through one buffer instead of a new one each spares the system mapping fresh pages for every file. A read
 * takes it (reads may overlap).
 */
let spareChunk: Buffer | undefined;
const chunkHolds = new Holds(() => (spareChunk = undefined));

/** Keeps the chunk buffer from one file's read to the next until the returned function is called. */
export function holdChunk(): () => void {
  return chunkHolds.hold();
}

function takeChunk(size: number): Buffer {
  const spare = spareChunk;
  if (spare && spare.length >= size && spare.length <= 2 * size) {
    spareChunk = undefined;
    return spare;
  }
  return Buffer.allocUnsafe(size);
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
