/**
 * The index of one workspace folder, kept current: a first load from disk (asynchronous, file by file, so requests
 * are answered meanwhile), then file by file as files change on disk or in the editor. Each `.cx/` file and source
 * file is parsed on its own; a change re-parses only that file, then the folder's data is combined and indexed again
 * (debounced, and at once when a request needs the index).
 */
import { promises as fs } from 'node:fs';
import { performance } from 'node:perf_hooks';
import * as path from 'node:path';
import { combineCxFiles, cxFileKind, parseCxFile } from '../core/cxData';
import type { CxData, CxFile } from '../core/cxData';
import { CxIndex } from '../core/cxIndex';
import type { SourceFile } from '../core/cxIndex';
import { readCxFile, readCxFiles, readSourceFile, sortProblems, sourceFileOf, sourcePathFilter, stripBom } from '../core/diskWorkspace';
import { readOffThread } from '../core/sourcesThread';
import { capFeedback, limitsOf, overSizeLimit, tooLargeFile } from '../core/limits';
import type { Problem } from '../core/problems';
import type { Settings } from '../core/settings';
import type { Logger } from './logger';
import { inSlices } from './slices';

export type FileChange = 'created' | 'changed' | 'deleted';

/** One consistent state of a folder's index; handlers answer from one snapshot. */
export interface Snapshot {
  folder: FolderIndex;
  data: CxData;
  index: CxIndex;
  /** Loader and index problems, sorted by file and position. */
  problems: Problem[];
  version: number;
}

/** What a folder needs from the server around it. */
export interface FolderHost {
  /** The text of an open document, which overrides the file on disk. */
  openText(folder: FolderIndex, rel: string): string | undefined;
  /** The workspace-relative paths of this folder's open documents. */
  openPaths(folder: FolderIndex): string[];
  /** Called after each re-index, and when the folder stops being indexed (then `snapshot` is undefined). */
  onIndexed(folder: FolderIndex): void;
  log: Logger;
}

/** Edits are indexed this long after the last keystroke (sooner when a request needs the index). */
export const DEBOUNCE_MS = 150;

export class FolderIndex {
  private cxFiles = new Map<string, CxFile>();
  private sources = new Map<string, SourceFile>();
  /**
   * The map of sources the index was given: `sources` itself until a source changes (the index then sees at once
   * that none did), when `sources` becomes a copy to change (`sourcesToChange`), so the index's map stays as it was.
   */
  private sourcesGiven: Map<string, SourceFile> | undefined;
  /**
   * The `.cx/` files as a load read them, combined and folded while the sources were still being read: the first
   * index takes them when the files are still the same.
   */
  private prepared: { files: CxFile[]; data: CxData } | undefined;
  private accepts: (rel: string, isDirectory?: boolean) => boolean = () => false;
  /** The folder has a `.cx/` (the setting `root`) and is indexed. */
  private indexed = false;
  private snap: Snapshot | undefined;
  private loading: Promise<void> | undefined;
  private generation = 0;
  /** Disk reads, one after the other, so that two events for one file apply in order. */
  private queue: Promise<void> = Promise.resolve();
  /** Open documents edited since the last index. */
  private readonly edited = new Set<string>();
  private dirty = false;
  /** Only line counts changed since the last index: they matter to coverage alone, which re-indexes for them. */
  private linesStale = false;
  private timer: NodeJS.Timeout | undefined;
  private disposed = false;
  private version = 0;
  /** The summary in progress (see `summarizeInBackground`). */
  private summary: { steps: Generator<void, number, void>; done: Promise<void> } | undefined;
  /** An index of this folder has been summarized: later ones stay lazy. */
  private summarized = false;
  /** A first index summarized after newer ones replaced it: the next index is built from it, carrying its summary. */
  private summarizedBase: CxIndex | undefined;

  constructor(
    readonly uri: string,
    readonly fsPath: string,
    readonly name: string,
    private settings: Settings,
    private readonly host: FolderHost,
  ) {}

  get root(): string {
    return this.settings.root;
  }

  /** The latest index, possibly behind pending edits; undefined while loading for the first time or without `.cx/`. */
  get snapshot(): Snapshot | undefined {
    return this.snap;
  }

  /** (Re)loads the folder from disk: the first index, a new `root`, a changed .gitignore, a `.cx/` that came or went. */
  reload(settings?: Settings): Promise<void> {
    if (settings) this.settings = settings;
    const generation = ++this.generation;
    // A summary of what was there before is of no use to what is read now: the index this load makes is summarized
    // instead (unless one of this folder's was already).
    this.stopSummary();
    const run = async (): Promise<void> => {
      const started = Date.now();
      const root = this.settings.root;
      const stat = await fs.stat(path.join(this.fsPath, root)).catch(() => undefined);
      if (generation !== this.generation || this.disposed) return;
      if (!stat?.isDirectory()) {
        const was = this.indexed;
        this.indexed = false;
        this.cxFiles.clear();
        this.sources = new Map();
        this.sourcesGiven = undefined;
        this.snap = undefined;
        this.summarized = false; // a first index again when it comes back
        if (was) this.host.onIndexed(this);
        this.host.log.info(`${this.name}: no ${root}/ folder, not indexed`);
        return;
      }
      const limits = limitsOf(this.settings);
      // A worker parses the journeys and components, then reads the source files, while this thread reads the rest.
      const offThread = readOffThread(this.fsPath, { root, limits });
      const [accepts, prepared, sources] = await Promise.all([
        sourcePathFilter(this.fsPath),
        readCxFiles(this.fsPath, root, limits, offThread.yaml).then((files) => {
          // The sources are read on a worker meanwhile: combine and fold the .cx/ data now rather than after.
          const data = combineCxFiles(capFeedback(files, limits));
          CxIndex.prepare(data);
          return { files, data };
        }),
        offThread.sources,
      ]);
      // Given with the sources: the components' patterns that match none of them, worked out on the worker.
      const unmatched = await offThread.unmatched;
      if (generation !== this.generation || this.disposed) return;
      const cxFiles = prepared.files;
      this.accepts = accepts;
      this.cxFiles = new Map(cxFiles.map((f) => [f.path, f]));
      this.prepared = prepared;
      // By a loop: a [path, file] pair for each of 100,000 files outlived the young collections (~6 MB for a full one).
      this.sources = new Map();
      for (const source of sources) this.sources.set(source.path, source);
      // Lent for this very map, which the first index is given (so it knows them for its files without a look).
      if (unmatched) CxIndex.lendUnmatched(this.sources, unmatched);
      this.sourcesGiven = undefined;
      this.indexed = true;
      for (const rel of this.host.openPaths(this)) this.edited.add(rel);
      this.dirty = true;
      this.loading = undefined;
      this.flush();
      this.host.log.info(`${this.name}: indexed ${sources.length} files and ${cxFiles.length} ${root}/ files in ${Date.now() - started} ms`);
    };
    const loading: Promise<void> = run()
      .catch((e: unknown) => this.host.log.error(`${this.name}: indexing failed: ${errorText(e)}`))
      .finally(() => {
        if (this.loading === loading) this.loading = undefined;
      });
    this.loading = loading;
    return loading;
  }

  /** Applies new settings: a new root or size limit reloads from disk, a new window or record limit only re-indexes. */
  applySettings(settings: Settings): void {
    if (settings.root !== this.settings.root || settings['limits.maxFileSizeMB'] !== this.settings['limits.maxFileSizeMB']) {
      void this.reload(settings);
    } else if (settings.window !== this.settings.window || settings['limits.maxFeedbackRecords'] !== this.settings['limits.maxFeedbackRecords']) {
      this.settings = settings;
      this.dirty = true;
      this.flush();
    }
  }

  /**
   * The index with every change so far applied: waits for the first load and pending disk reads, then indexes
   * pending edits at once. Undefined when the folder has no `.cx/`.
   */
  async ready(options: { lineCounts?: boolean } = {}): Promise<Snapshot | undefined> {
    while (this.loading) await this.loading;
    // The disk events received before this request; later ones need not hold it up.
    await this.queue;
    while (this.loading) await this.loading;
    if (options.lineCounts && this.linesStale) this.dirty = true;
    this.flush();
    return this.snap;
  }

  /** A file or folder changed on disk. */
  fileChanged(rel: string, change: FileChange): void {
    this.enqueue(async () => {
      const root = this.settings.root;
      if (rel === '.gitignore') return this.reload();
      const underRoot = rel === root || rel.startsWith(`${root}/`);
      if (underRoot && !this.indexed) return this.reload(); // the data folder may have appeared
      if (rel === root && change !== 'changed') return this.reload(); // …or gone, or been replaced
      // Events under node_modules, dot-folders and ignored paths (a build, an install) cost nothing.
      if (!this.indexed || (!underRoot && !this.accepts(rel))) return;
      const changed = change === 'deleted' ? this.forget(rel) : await this.read(rel);
      if (changed) this.markDirty();
    });
  }

  /** An open document's text changed (or it was opened): it overrides the disk until closed. */
  documentChanged(rel: string): void {
    if (!this.indexed && !this.loading) return;
    this.edited.add(rel);
    this.markDirty();
  }

  /** An open document was closed: the file on disk counts again. */
  documentClosed(rel: string): void {
    this.fileChanged(rel, 'changed');
  }

  /** The current text of a file: the open document's, else the disk's. */
  async textOf(rel: string): Promise<string | undefined> {
    const open = this.host.openText(this, rel);
    if (open !== undefined) return open;
    const text = await fs.readFile(path.join(this.fsPath, rel), 'utf8').catch(() => undefined);
    return text === undefined ? undefined : stripBom(text);
  }

  dispose(): void {
    this.disposed = true;
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    this.stopSummary();
  }

  /** Indexes pending edits now. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.loading || this.disposed) return; // the load flushes when it is done
    if (!this.indexed) {
      this.edited.clear();
      this.dirty = false;
      return;
    }
    for (const rel of this.edited) {
      const text = this.host.openText(this, rel);
      if (text === undefined) continue; // closed meanwhile: the disk read queued on close applies
      try {
        const clean = stripBom(text);
        const kind = cxFileKind(rel, this.settings.root);
        if (kind) {
          const limits = limitsOf(this.settings);
          const bytes = Buffer.byteLength(clean, 'utf8');
          this.cxFiles.set(rel, overSizeLimit(bytes, limits) ? tooLargeFile(rel, kind, bytes, limits) : parseCxFile(rel, kind, clean));
          this.dirty = true;
        }
        if (this.accepts(rel) && this.setSource(rel, sourceFileOf(rel, clean))) this.dirty = true;
      } catch (e) {
        this.host.log.error(`${this.name}: cannot read ${rel}: ${errorText(e)}`);
      }
    }
    this.edited.clear();
    if (!this.dirty) return;
    this.dirty = false;
    this.linesStale = false;
    try {
      // The previous snapshot lends its feedback when the feedback files and tags are unchanged (see CxIndex).
      const prepared = this.prepared;
      this.prepared = undefined;
      const files = [...this.cxFiles.values()];
      const data = prepared && prepared.files.length === files.length && prepared.files.every((f, i) => f === files[i])
        ? prepared.data
        : combineCxFiles(capFeedback(files, limitsOf(this.settings)), this.snap?.data);
      this.sourcesGiven ??= this.sources;
      const index = new CxIndex(data, this.sourcesGiven, { windowDays: this.settings.window }, this.summarizedBase ?? this.snap?.index);
      this.summarizedBase = undefined;
      this.snap = { folder: this, data, index, problems: sortProblems([...data.problems, ...index.problems]), version: ++this.version };
    } catch (e) {
      this.host.log.error(`${this.name}: indexing failed, keeping the previous index: ${errorText(e)}`);
      return;
    }
    // A summary in progress goes on with the index it started with (see `summarizeInBackground`).
    if (!this.summarized && !this.summary) this.summarizeInBackground(this.snap);
    this.host.onIndexed(this);
  }

  /**
   * Summarizes the first index (each journey's and step's feedback and statistics: seconds for a large store) in
   * slices between requests, so that the index answers at once and no file's first lookup pays for a large journey
   * once the summary is done. Indexes that replace it meanwhile (edits: one every 150 ms while typing) answer lazily,
   * and the summary goes on with the first: starting again with each would never finish while edits come. Once it is
   * done, the folder is indexed again from it, which carries its summary over to what changed since. Re-indexes
   * after that stay lazy (each would take seconds again).
   */
  private summarizeInBackground(snap: Snapshot): void {
    this.stopSummary();
    const started = performance.now();
    const steps = snap.index.summarySteps();
    const summary = { steps, done: Promise.resolve() };
    this.summary = summary;
    // Stopped (a reload, or disposed): the steps were ended, and whatever comes of them is no longer this folder's.
    const stopped = () => this.summary !== summary;
    summary.done = new Promise<void>((resolve) => setImmediate(resolve)) // the index answers first
      .then(() => inSlices(steps)) // requests are answered between slices
      .then(
        (summarized) => {
          if (stopped()) return;
          this.summary = undefined;
          this.summarized = true;
          this.host.log.info(`${this.name}: summarized ${summarized} journeys and steps in ${Math.round(performance.now() - started)} ms`);
          if (this.snap !== snap && !this.loading) {
            // Edits came meanwhile: their index is made again from the summarized one.
            this.summarizedBase = snap.index;
            this.dirty = true;
            this.flush();
          }
        },
        (e: unknown) => {
          if (stopped()) return;
          this.summary = undefined;
          this.summarized = true; // lookups compute what they need
          this.host.log.error(`${this.name}: summarizing failed: ${errorText(e)}`);
        },
      );
  }

  private stopSummary(): void {
    this.summary?.steps.return(0);
    this.summary = undefined;
  }

  /** Resolves when no summary is in progress (for tests and the benchmark). */
  async summaryDone(): Promise<void> {
    while (this.summary) await this.summary.done;
  }

  private markDirty(): void {
    this.dirty = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      try {
        this.flush();
      } catch (e) {
        this.host.log.error(`${this.name}: ${errorText(e)}`);
      }
    }, DEBOUNCE_MS);
  }

  private enqueue(task: () => Promise<void>): void {
    const waitForLoad = async () => {
      while (this.loading) await this.loading;
    };
    this.queue = this.queue
      .then(waitForLoad)
      .then(() => (this.disposed ? undefined : task()))
      .catch((e: unknown) => this.host.log.error(`${this.name}: ${errorText(e)}`));
  }

  /** Reads a created or changed file, or every file of a created folder. Returns whether anything changed. */
  private async read(rel: string): Promise<boolean> {
    const stat = await fs.stat(path.join(this.fsPath, rel)).catch(() => undefined);
    if (!stat) return this.forget(rel);
    if (!stat.isDirectory()) return this.readFile(rel);
    if (!rel.startsWith(`${this.settings.root}/`) && !this.accepts(rel, true)) return false;
    let changed = false;
    for (const file of await this.walk(rel)) if (await this.readFile(file)) changed = true;
    return changed;
  }

  private async readFile(rel: string): Promise<boolean> {
    if (this.host.openText(this, rel) !== undefined) return false; // the editor's text wins until it is closed
    let changed = false;
    if (cxFileKind(rel, this.settings.root)) {
      const file = await readCxFile(this.fsPath, rel, this.settings.root, limitsOf(this.settings), this.cxFiles.get(rel));
      if (file) {
        this.cxFiles.set(rel, file);
        changed = true;
      }
    }
    if (this.accepts(rel) && this.setSource(rel, readSourceFile(this.fsPath, rel))) changed = true;
    return changed;
  }

  private async walk(dir: string): Promise<string[]> {
    const out: string[] = [];
    const entries = await fs.readdir(path.join(this.fsPath, dir), { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const rel = `${dir}/${e.name}`;
      const underRoot = rel.startsWith(`${this.settings.root}/`);
      if (e.isDirectory() && (underRoot || this.accepts(rel, true))) out.push(...(await this.walk(rel)));
      else if (e.isFile()) out.push(rel);
    }
    return out;
  }

  /**
   * Sets (or, when undefined, removes) a source file; returns whether the index must be rebuilt for it. Typing in
   * a file changes its line count at every line break: that only marks coverage stale, it re-indexes nothing.
   */
  private setSource(rel: string, source: SourceFile | undefined): boolean {
    const before = this.sources.get(rel);
    if (!before && !source) return false;
    const sources = this.sourcesToChange();
    if (!source) return sources.delete(rel);
    sources.set(rel, source);
    if (!before || JSON.stringify(before.annotations) !== JSON.stringify(source.annotations)) return true;
    if (before.lines !== source.lines) this.linesStale = true;
    return false;
  }

  /** `sources`, to be changed: a copy of it while the index holds it as it is. */
  private sourcesToChange(): Map<string, SourceFile> {
    if (this.sourcesGiven === this.sources) this.sources = new Map(this.sources);
    this.sourcesGiven = undefined;
    return this.sources;
  }

  /** Drops a deleted file, or everything under a deleted folder, except open documents. */
  private forget(rel: string): boolean {
    const prefix = `${rel}/`;
    const gone = (key: string) => (key === rel || key.startsWith(prefix)) && this.host.openText(this, key) === undefined;
    let changed = false;
    for (const key of [...this.cxFiles.keys()]) if (gone(key)) changed = this.cxFiles.delete(key) || changed;
    const sources = [...this.sources.keys()].filter(gone);
    if (sources.length) {
      const map = this.sourcesToChange();
      for (const key of sources) map.delete(key);
      changed = true;
    }
    return changed;
  }
}

export function errorText(e: unknown): string {
  return e instanceof Error ? (e.stack ?? e.message) : String(e);
}
