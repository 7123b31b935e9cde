/**
 * The whole `.cx/` folder as data: each file parsed on its own (so an edit re-parses one file) and then combined,
 * which is where the checks across files happen (duplicate ids).
 */
import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { loadFeedbackText } from './feedbackLoad';
import { FeedbackRows } from './feedbackTable';
import { IdIndex } from './idIndex';
import type { IdLookup, IdPart, IdRepeat } from './idIndex';
import { loadMetrics, loadTags } from './recordLoaders';
import type { Lined } from './recordLoaders';
import type { Problem } from './problems';
import type { MetricPoint, TagDecision } from './schemas';
import { loadComponentsYaml, loadJourneysYaml } from './yamlModel';
import type { ComponentEntry, JourneyEntry, Loc } from './yamlModel';

export type CxFileKind = 'journeys' | 'components' | 'feedback' | 'tags' | 'metrics';

/** What kind of `.cx/` file a workspace-relative path is, or undefined when the product does not read it. */
export function cxFileKind(path: string, root = '.cx'): CxFileKind | undefined {
  const prefix = `${root.replace(/\/+$/, '')}/`;
  if (!path.startsWith(prefix)) return undefined;
  const rest = path.slice(prefix.length);
  const lower = rest.toLowerCase();
  const yaml = lower.endsWith('.yaml') || lower.endsWith('.yml');
  if (yaml && (/^journeys\.ya?ml$/.test(lower) || /^journeys\/[^/]+$/.test(lower))) return 'journeys';
  if (yaml && (/^components\.ya?ml$/.test(lower) || /^components\/[^/]+$/.test(lower))) return 'components';
  if (lower.startsWith('feedback/') && (lower.endsWith('.jsonl') || lower.endsWith('.csv'))) return 'feedback';
  if (lower === 'tags.jsonl') return 'tags';
  if (lower.startsWith('metrics/') && lower.endsWith('.csv')) return 'metrics';
  return undefined;
}

/** One parsed `.cx/` file. */
export interface CxFile {
  path: string;
  kind: CxFileKind;
  journeys: JourneyEntry[];
  components: ComponentEntry[];
  feedback: FeedbackRows;
  tags: Lined<TagDecision>[];
  metrics: Lined<MetricPoint>[];
  problems: Problem[];
  /**
   * The tags log as read from disk, when it ends with a complete line: the hash of its bytes, their length and line
   * count, so that the next read parses only the lines appended since (see `readCxFile`).
   */
  appendable?: Appendable;
}

/** A file of `kind` with nothing in it (and no problems yet). */
export function emptyCxFile(path: string, kind: CxFileKind): CxFile {
  return { path, kind, journeys: [], components: [], feedback: FeedbackRows.EMPTY, tags: [], metrics: [], problems: [] };
}

/**
 * What a tags log was read from: the SHA-256 state of its bytes (to tell whether a file starts with the same bytes
 * without keeping them: they grow with every tag), their length and line count.
 */
export interface Appendable {
  /** Never digested itself: `digestOf` digests a copy, and the next append goes on from another. */
  hash: Hash;
  length: number;
  lines: number;
}

/** The digest of the bytes `appendable` was read from. */
export function digestOf(appendable: Appendable): Buffer {
  return appendable.hash.copy().digest();
}

export function parseCxFile(path: string, kind: CxFileKind, text: string): CxFile {
  const empty = emptyCxFile(path, kind);
  const lines = (key: 'tags' | 'metrics', r: { items: Lined<never>[] | Lined<unknown>[]; problems: Problem[] }): CxFile =>
    ({ ...empty, [key]: r.items, problems: r.problems }) as CxFile;
  switch (kind) {
    case 'journeys':
      return { ...empty, ...loadJourneysYaml(path, text) };
    case 'components':
      return { ...empty, ...loadComponentsYaml(path, text) };
    case 'feedback': {
      const { rows, problems } = loadFeedbackText(path, text);
      return { ...empty, feedback: rows, problems };
    }
    case 'tags':
      return lines('tags', loadTags(path, text));
    case 'metrics':
      return lines('metrics', loadMetrics(path, text));
  }
}

/**
 * `file` (the tags log) with `tail`, the bytes appended to it since it was read, parsed and added (the earlier lines
 * are the very same items). The caller has checked that the file still starts with the bytes it was read from.
 */
export function appendedTags(file: CxFile, tail: Buffer): CxFile {
  const before = file.appendable!;
  const added = loadTags(file.path, tail.toString('utf8'), before.lines);
  const appended = appendableOf(tail);
  return {
    ...file,
    tags: file.tags.concat(added.items),
    problems: [...file.problems, ...added.problems],
    // The lines counted before and those of the tail: the log is not counted again from its start.
    appendable: appended && { hash: before.hash.copy().update(tail), length: before.length + tail.length, lines: before.lines + appended.lines },
  };
}

/** What `appendedTags` needs of the bytes a tags log was read from; none unless they end with a whole line. */
export function appendableOf(bytes: Buffer): Appendable | undefined {
  if (!bytes.length || bytes[bytes.length - 1] !== 10 /* \n */) return undefined;
  let lines = 0;
  for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) lines++;
  return { hash: createHash('sha256').update(bytes), length: bytes.length, lines };
}

/** The combined `.cx/` data of one workspace folder. */
export interface CxData {
  journeys: JourneyEntry[];
  components: ComponentEntry[];
  feedback: FeedbackRows;
  tags: Lined<TagDecision>[];
  metrics: Lined<MetricPoint>[];
  /** Every problem of every file, plus the checks across files. */
  problems: Problem[];
}

const byPath = (a: CxFile, b: CxFile) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

function duplicate(what: string, id: string, at: Loc, first: Loc): Problem {
  return {
    file: at.file,
    range: at.range,
    severity: 'error',
    code: 'duplicate-id',
    message: `duplicate ${what} id '${id}' (first defined at ${first.file}:${first.range.start.line + 1}:${first.range.start.character + 1})`,
  };
}

/** The feedback part of a combination, kept for the next one. */
interface FeedbackMemo {
  files: CxFile[];
  feedback: FeedbackRows;
  /** Each record's place in `feedback`, by id. */
  ids: IdIndex;
  /** The duplicate-id problems, per feedback file. */
  duplicates: Problem[][];
  /** The tags and metrics files the combination's lists were made of. */
  tagFiles: CxFile[];
  metricFiles: CxFile[];
}
const feedbackMemos = new WeakMap<CxData, FeedbackMemo>();

/**
 * Combines parsed files in path order (so results do not depend on the order files were read). The first
 * definition of an id wins; later ones are reported and left out. The tags log keeps its line order.
 * `previous`, the combination this one replaces, lends its feedback (the same array) when the feedback files are
 * the very same: an edit elsewhere does not check a million ids again, and the index can see that nothing changed.
 */
export function combineCxFiles(files: Iterable<CxFile>, previous?: CxData): CxData {
  const sorted = [...files].sort(byPath);
  const feedbackFiles = sorted.filter((f) => f.kind === 'feedback');
  const memo = previous && feedbackMemos.get(previous);
  const reuse = memo && memo.files.length === feedbackFiles.length && memo.files.every((f, i) => f === feedbackFiles[i]) ? memo : undefined;
  const duplicates: Problem[][] = [];
  const tagFiles = sorted.filter((f) => f.tags.length);
  const metricFiles = sorted.filter((f) => f.metrics.length);
  const sameTags = !!memo && sameFiles(memo.tagFiles, tagFiles);
  const sameMetrics = !!memo && sameFiles(memo.metricFiles, metricFiles);
  const data: CxData = { journeys: [], components: [], feedback: FeedbackRows.EMPTY, tags: [], metrics: [], problems: [] };
  const lists: Joined[] = [];
  let records = 0;
  const journeyIds = new Map<string, Loc>();
  const componentIds = new Map<string, Loc>();
  // The place of the first record of each id (spelled out only for a duplicate: a million Locs would be waste).
  let feedbackIds: IdIndex;
  let repeats: readonly IdRepeat[] = [];
  if (reuse) feedbackIds = reuse.ids;
  else {
    const parts: IdPart[] = [];
    for (const f of feedbackFiles) f.feedback.forEachPart((table, rows) => parts.push({ ids: table.ids, rows }));
    ({ index: feedbackIds, repeats } = IdIndex.build(parts, feedbackFiles.reduce((n, f) => n + f.feedback.length, 0)));
  }
  // Where the next file's records start among all the files' (the places `repeats` counts in).
  let place = 0;
  let repeat = 0;
  for (const f of sorted) {
    data.problems.push(...f.problems);
    for (const j of f.journeys) {
      const first = journeyIds.get(j.journey.id);
      if (first) {
        data.problems.push(duplicate('journey', j.journey.id, j.idLoc, first));
        continue;
      }
      journeyIds.set(j.journey.id, j.idLoc);
      data.journeys.push(withUniqueParts(j, data.problems));
    }
    for (const c of f.components) {
      const first = componentIds.get(c.component.id);
      if (first) {
        data.problems.push(duplicate('component', c.component.id, c.idLoc, first));
        continue;
      }
      componentIds.set(c.component.id, c.idLoc);
      data.components.push(c);
    }
    if (f.kind === 'feedback') {
      const dups = reuse ? reuse.duplicates[duplicates.length]! : [];
      if (!reuse) {
        const rows = f.feedback;
        const joined: Joined = { rows, first: records, drop: undefined };
        for (; repeat < repeats.length && repeats[repeat]!.at < place + rows.length; repeat++) {
          const { at, first } = repeats[repeat]!;
          const k = at - place;
          (joined.drop ??= new Set()).add(k);
          dups.push({ ...duplicate('feedback', rows.id(k), rowLoc(rows, k), seqLoc(lists, joined, first)), severity: 'warning' });
        }
        records += rows.length - (joined.drop?.size ?? 0);
        place += rows.length;
        lists.push(joined);
      }
      duplicates.push(dups);
      data.problems.push(...dups);
    }
  }
  data.feedback = reuse ? reuse.feedback : FeedbackRows.join(lists);
  // The same tags or metrics files: the very same list (the index then sees at once that nothing changed there).
  // A file's list is never changed once read: one file's is taken as it is.
  data.tags = sameTags ? previous!.tags : joined(tagFiles.map((f) => f.tags));
  data.metrics = sameMetrics ? previous!.metrics : joined(metricFiles.map((f) => f.metrics));
  feedbackMemos.set(data, { files: feedbackFiles, feedback: data.feedback, ids: feedbackIds, duplicates, tagFiles, metricFiles });
  return data;
}

/** Each feedback record's id and place in `data.feedback`, as combining found them (undefined for other data). */
export function feedbackIdsOf(data: CxData): IdLookup | undefined {
  const memo = feedbackMemos.get(data);
  return memo?.feedback === data.feedback ? memo.ids : undefined;
}

function joined<T>(lists: T[][]): T[] {
  return lists.length === 1 ? lists[0]! : ([] as T[]).concat(...lists);
}

function sameFiles(a: readonly CxFile[], b: readonly CxFile[]): boolean {
  return a.length === b.length && a.every((f, i) => f === b[i]);
}

/** A feedback file's records as joined into the combination: from seq `first` on, without `drop`. */
interface Joined {
  rows: FeedbackRows;
  first: number;
  drop: Set<number> | undefined;
}

function rowLoc(rows: FeedbackRows, k: number): Loc {
  const line = rows.line(k);
  return { file: rows.file(k), range: { start: { line, character: 0 }, end: { line, character: 0 } } };
}

/** Where the record the combination numbers `seq` is (the files joined so far, and the one being joined). */
function seqLoc(lists: readonly Joined[], current: Joined, seq: number): Loc {
  let list = current;
  for (const l of lists) if (l.first <= seq && seq < current.first) list = l;
  let left = seq - list.first;
  for (let k = 0; ; k++) {
    if (list.drop?.has(k)) continue;
    if (left-- === 0) return rowLoc(list.rows, k);
  }
}

/** Drops steps and metrics whose id repeats within their journey, reporting each. */
function withUniqueParts(j: JourneyEntry, problems: Problem[]): JourneyEntry {
  const seenSteps = new Map<string, Loc>();
  const steps = j.steps.filter((s) => {
    const first = seenSteps.get(s.step.id);
    if (first) problems.push(duplicate(`step`, s.step.id, s.idLoc, first));
    else seenSteps.set(s.step.id, s.idLoc);
    return !first;
  });
  const seenMetrics = new Map<string, Loc>();
  const metrics = j.metrics.filter((m) => {
    const first = seenMetrics.get(m.metric.id);
    if (first) problems.push(duplicate(`metric`, m.metric.id, m.idLoc, first));
    else seenMetrics.set(m.metric.id, m.idLoc);
    return !first;
  });
  if (steps.length === j.steps.length && metrics.length === j.metrics.length) return j;
  return { ...j, steps, metrics, journey: { ...j.journey, steps: steps.map((s) => s.step), metrics: metrics.map((m) => m.metric) } };
}
