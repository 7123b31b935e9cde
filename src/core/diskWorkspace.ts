/**
 * Loads a workspace folder from disk for the CLI, the language server's first index and tests: the `.cx/` files
 * and every source file (skipping dot-folders, node_modules, what the root .gitignore ignores, binaries and
 * files too large to be source).
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, promises as fs, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import type { Dirent } from 'node:fs';
import * as path from 'node:path';
import { scanAnnotations } from './annotations';
import { appendableOf, appendedTags, combineCxFiles, cxFileKind, digestOf, emptyCxFile, parseCxFile } from './cxData';
import type { CxData, CxFile, CxFileKind } from './cxData';
import { CxIndex } from './cxIndex';
import { holdColumns } from './feedbackTable';
import { holdChunk, readFeedbackFile } from './feedbackLoad';
import { holdLinkLists } from './recordScan';
import type { IndexOptions, SourceFile } from './cxIndex';
import { capFeedback, DEFAULT_LIMITS, limitsOf, overSizeLimit, tooLargeFile } from './limits';
import type { Limits } from './limits';
import { compilePattern } from './matcher';
import type { CompiledPattern } from './matcher';
import type { Problem } from './problems';
import type { Settings } from './settings';

/** Source files larger than this are not scanned for annotations (generated or vendored code). */
export const MAX_SOURCE_BYTES = 2 * 1024 * 1024;

const SKIPPED_DIRS = new Set(['node_modules', 'bower_components', '__pycache__']);

/** The root .gitignore's patterns, read with the same CODEOWNERS-style matcher (close to gitignore's rules). */
async function ignorePatterns(root: string): Promise<CompiledPattern[]> {
  const text = await fs.readFile(path.join(root, '.gitignore'), 'utf8').catch(() => '');
  const patterns: CompiledPattern[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const compiled = compilePattern(line);
    if ('matches' in compiled) patterns.push(compiled);
  }
  return patterns;
}

function ignored(patterns: readonly CompiledPattern[], rel: string): boolean {
  let result = false;
  for (const p of patterns) if (p.matches(rel)) result = !p.negated;
  return result;
}

/**
 * Whether a workspace-relative file is one `listFiles` would list (or, with `isDirectory`, a folder it would walk):
 * not under a dot-folder or a skipped folder, not ignored by the root .gitignore. For updating an index file by
 * file (the language server's file events).
 */
export async function sourcePathFilter(root: string): Promise<(rel: string, isDirectory?: boolean) => boolean> {
  const patterns = await ignorePatterns(root);
  return (rel, isDirectory = false) => {
    const parts = rel.split('/');
    let dir = '';
    for (const name of isDirectory ? parts : parts.slice(0, -1)) {
      dir = dir ? `${dir}/${name}` : name;
      if (name.startsWith('.') || SKIPPED_DIRS.has(name) || ignored(patterns, `${dir}/`)) return false;
    }
    return isDirectory || !ignored(patterns, rel);
  };
}

/** Every file under `root`, workspace-relative and `/`-separated, sorted. */
export async function listFiles(root: string): Promise<string[]> {
  const patterns = await ignorePatterns(root);
  const out: string[] = [];
  // The root once, each folder after it (path.join per folder normalizes 50,000 paths for nothing).
  const base = path.join(root, '/');
  // Folders still to list: one at a time, without an async call and a promise each (for 50,000 folders, ~0.1 s of
  // the listing's ~0.25 s of this thread's own time), yielding now and then.
  const folders = [''];
  for (let listed = 1; folders.length; listed++) {
    const dir = folders.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(base + dir, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && !SKIPPED_DIRS.has(e.name) && !ignored(patterns, `${rel}/`)) folders.push(rel);
      } else if (e.isFile() && !ignored(patterns, rel)) out.push(rel); // '/'-separated as built: a name holds no separator
    }
    if (listed % 64 === 0) await nextTurn();
  }
  return out.sort();
}

/** Lets the event loop turn (requests, file events) in the middle of a long read. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Every file under `<root>/<cxRoot>`, workspace-relative. */
async function listCxFiles(root: string, cxRoot: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await fs.readdir(path.join(root, dir), { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) await walk(rel);
      else if (e.isFile()) out.push(rel);
    }
  };
  await walk(cxRoot.replace(/\/+$/, ''));
  return out.sort();
}

/** Scans one source file's text: its line count and annotations. */
export function sourceFileOf(rel: string, text: string): SourceFile {
  let lines = text.length ? 1 : 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  if (text.endsWith('\n')) lines--;
  return { path: rel, lines, annotations: scanAnnotations(text) };
}

/** Editors drop a BOM from a document's text; so do we, so that columns agree with the editor's. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function looksBinary(buf: Buffer): boolean {
  return buf.subarray(0, 8000).includes(0);
}

export interface DiskWorkspace {
  root: string;
  cxFiles: CxFile[];
  data: CxData;
  sources: SourceFile[];
  index: CxIndex;
  /** Loader and index problems together, sorted by file and position. */
  problems: Problem[];
}

/** A feedback JSONL file up to this size is kept in memory; a larger one is read again from disk record by record. */
const IN_MEMORY_BYTES = 1024 * 1024;

/**
 * Reads and parses one `.cx/` file; undefined when the product does not read that path. A file over the size limit
 * is not read: it gives a problem instead (src/core/limits.ts). `previous`, the same file as read before: when it is
 * the tags log and lines were only appended since, just those are parsed. Never throws.
 */
export async function readCxFile(root: string, rel: string, cxRoot: string, limits: Limits = DEFAULT_LIMITS, previous?: CxFile): Promise<CxFile | undefined> {
  const kind = cxFileKind(rel, cxRoot);
  if (!kind) return undefined;
  try {
    const full = path.join(root, rel);
    // Read synchronously: a .cx/ file other than a large feedback file is small, and a read through the thread
    // pool would leave this thread waiting for it (an appended tag would wait twice as long as it is read).
    const { size } = statSync(full);
    if (overSizeLimit(size, limits)) return tooLargeFile(rel, kind, size, limits);
    if (kind === 'feedback' && size > (limits.inMemoryBytes ?? IN_MEMORY_BYTES) && !rel.toLowerCase().endsWith('.csv')) {
      // Read in chunks; its records are read again from the file when looked at (feedbackTable.ts).
      const { rows, problems } = await readFeedbackFile(full, rel);
      return { ...emptyCxFile(rel, kind), feedback: rows, problems };
    }
    if (kind === 'tags' && previous?.appendable) {
      const appended = appendedOnDisk(full, previous);
      if (appended) return appended;
    }
    const buf = readFileSync(full);
    // The file may have grown between the stat and the read (a writer appending).
    if (overSizeLimit(buf.length, limits)) return tooLargeFile(rel, kind, buf.length, limits);
    if (kind !== 'tags') return parseCxFile(rel, kind, stripBom(buf.toString('utf8')));
    return { ...parseCxFile(rel, kind, stripBom(buf.toString('utf8'))), appendable: appendableOf(buf) };
  } catch (e) {
    const problem: Problem = { file: rel, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, severity: 'error', code: 'io', message: `cannot read: ${(e as Error).message}` };
    return { ...emptyCxFile(rel, kind), problems: [problem] };
  }
}

/** How many bytes of a tags log are read at a time to be compared with what was read before. */
const COMPARED_BYTES = 1024 * 1024;

/**
 * The tags log `file` with the lines appended since it was read, when the file on disk is the bytes it was read
 * from and more: those bytes are hashed a megabyte at a time through one buffer and the hash compared, and only the
 * new ones are read and parsed. Undefined when the file is anything else (then it is read whole).
 */
function appendedOnDisk(full: string, file: CxFile): CxFile | undefined {
  const before = file.appendable!;
  const scratch = Buffer.allocUnsafe(Math.min(COMPARED_BYTES, Math.max(1, before.length)));
  const fd = openSync(full, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size <= before.length) return undefined;
    const hash = createHash('sha256');
    for (let at = 0; at < before.length; ) {
      const n = readSync(fd, scratch, 0, Math.min(scratch.length, before.length - at), at);
      if (!n) return undefined;
      hash.update(scratch.subarray(0, n));
      at += n;
    }
    if (!hash.digest().equals(digestOf(before))) return undefined;
    const tail = Buffer.allocUnsafe(size - before.length);
    if (readSync(fd, tail, 0, tail.length, before.length) !== tail.length) return undefined;
    return appendedTags(file, tail);
  } finally {
    closeSync(fd);
  }
}

/** Every `.cx/` file, each read within the size limit (not yet capped in feedback records: see `capFeedback`). */
export async function readCxFiles(root: string, cxRoot: string, limits: Limits = DEFAULT_LIMITS, yaml?: Promise<ReadonlyMap<string, CxFile> | undefined>): Promise<CxFile[]> {
  const rels = await listCxFiles(root, cxRoot);
  const files: (CxFile | undefined)[] = [];
  // The feedback files share their records' lists of links (one object for a list named in many files), and are
  // read through one chunk buffer into one set of columns.
  const release = holdLinkLists();
  const releaseChunk = holdChunk();
  const releaseColumns = holdColumns();
  try {
    for (let i = 0; i < rels.length; i++) {
      // The journeys and components, when another thread reads them, are taken from it after the rest.
      if (!yaml || !isYamlKind(cxFileKind(rels[i]!, cxRoot))) files[i] = await readCxFile(root, rels[i]!, cxRoot, limits);
    }
  } finally {
    release();
    releaseChunk();
    releaseColumns();
  }
  if (yaml) {
    const read = await yaml;
    for (let i = 0; i < rels.length; i++) {
      if (isYamlKind(cxFileKind(rels[i]!, cxRoot))) files[i] = read?.get(rels[i]!) ?? (await readCxFile(root, rels[i]!, cxRoot, limits));
    }
  }
  return files.filter((f): f is CxFile => f !== undefined);
}

function isYamlKind(kind: CxFileKind | undefined): boolean {
  return kind === 'journeys' || kind === 'components';
}

/** The journeys and components files of `<root>/<cxRoot>`, read and parsed (what a worker reads for `readCxFiles`). */
export async function readCxYaml(root: string, cxRoot: string, limits: Limits = DEFAULT_LIMITS): Promise<CxFile[]> {
  const files: CxFile[] = [];
  for (const rel of await listCxFiles(root, cxRoot)) {
    if (!isYamlKind(cxFileKind(rel, cxRoot))) continue;
    const file = await readCxFile(root, rel, cxRoot, limits);
    if (file) files.push(file);
  }
  return files;
}

/**
 * Every source file. Read synchronously in batches with a turn of the event loop between them: for 100,000 small
 * files that is several times faster than a promise per file, and the loop still turns every few milliseconds.
 */
export async function readSources(root: string): Promise<SourceFile[]> {
  const out: SourceFile[] = [];
  const files = await listFiles(root);
  // The root once, each file's path after it (path.join per file normalizes 100,000 paths for nothing).
  const base = path.join(root, '/');
  for (let i = 0; i < files.length; i++) {
    // The listing saw a regular file: no stat before the read (one system call of five per file).
    const source = readSource(base + files[i]!, files[i]!, true);
    if (source) out.push(source);
    if (i % 256 === 255) await nextTurn();
  }
  return out;
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // nothing to do: the bytes were read
  }
}

/** One buffer for every source file read: a byte more than the largest file scanned, to tell a larger one. */
let sourceBuffer: Buffer | undefined;

/**
 * Reads one source file, synchronously (a source file is small: at most MAX_SOURCE_BYTES); undefined when it is
 * missing, too large or binary. Never throws. `listedAsFile`: a folder listing just said it is a regular file (so
 * it is opened without a stat first; one that is not — a FIFO would block the open — is stat'ed).
 */
export function readSourceFile(root: string, rel: string, listedAsFile = false): SourceFile | undefined {
  return readSource(path.join(root, rel), rel, listedAsFile);
}

/** `readSourceFile` of the file at `full`, known as `rel`. */
function readSource(full: string, rel: string, listedAsFile: boolean): SourceFile | undefined {
  const buf = (sourceBuffer ??= Buffer.allocUnsafe(MAX_SOURCE_BYTES + 1));
  let size = 0;
  let fd: number | undefined;
  try {
    if (!listedAsFile) {
      const stat = statSync(full);
      if (!stat.isFile() || stat.size > MAX_SOURCE_BYTES) return undefined;
    }
    // Not blocking: a file that became a FIFO since the listing fails its read instead of waiting for a writer.
    fd = openSync(full, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    for (let n; size < buf.length && (n = readSync(fd, buf, size, buf.length - size, null)) > 0; ) {
      size += n;
      // Fewer bytes than asked: the file's end, without a read more to be told so (a system call of four per file).
      // A count of whole pages may be a network or FUSE file system's chunk instead: then the next read says.
      if (size < buf.length && n % 4096 !== 0) break;
    }
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeQuietly(fd);
  }
  if (size > MAX_SOURCE_BYTES) return undefined;
  const bytes = buf.subarray(0, size);
  if (looksBinary(bytes)) return undefined;
  return sourceFileOf(rel, stripBom(bytes.toString('utf8')));
}

export function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character));
}

/** The settings loading reads; the limits take their defaults when absent. */
export type LoadSettings = Pick<Settings, 'root' | 'window'> & Partial<Pick<Settings, 'limits.maxFileSizeMB' | 'limits.maxFeedbackRecords'>>;

export async function loadDiskWorkspace(root: string, settings: LoadSettings, now?: Date): Promise<DiskWorkspace> {
  const limits = limitsOf(settings);
  const [read, sources] = await Promise.all([readCxFiles(root, settings.root, limits), readSources(root)]);
  const cxFiles = capFeedback(read, limits);
  const data = combineCxFiles(cxFiles);
  const options: IndexOptions = { windowDays: settings.window, ...(now ? { now } : {}) };
  const index = new CxIndex(data, sources, options);
  return { root, cxFiles, data, sources, index, problems: sortProblems([...data.problems, ...index.problems]) };
}
