/**
 * The whole `.cx/` folder as data: each file parsed on its own (so an edit re-parses one file) and then combined,
 * which is where the checks across files happen (duplicate ids).
 */
import { loadFeedback, loadMetrics, loadTags } from './recordLoaders';
import type { Lined } from './recordLoaders';
import type { Problem } from './problems';
import type { FeedbackRecord, MetricPoint, TagDecision } from './schemas';
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
  feedback: Lined<FeedbackRecord>[];
  tags: Lined<TagDecision>[];
  metrics: Lined<MetricPoint>[];
  problems: Problem[];
  /**
   * The tags log as read from disk, when it ends with a complete line: its bytes and line count, so that the next
   * read parses only the lines appended since (see `readCxFile`).
   */
  appendable?: { bytes: Buffer; lines: number };
}

export function parseCxFile(path: string, kind: CxFileKind, text: string): CxFile {
  const empty = { path, kind, journeys: [], components: [], feedback: [], tags: [], metrics: [] };
  const lines = (key: 'feedback' | 'tags' | 'metrics', r: { items: Lined<never>[] | Lined<unknown>[]; problems: Problem[] }): CxFile =>
    ({ ...empty, [key]: r.items, problems: r.problems }) as CxFile;
  switch (kind) {
    case 'journeys':
      return { ...empty, ...loadJourneysYaml(path, text) };
    case 'components':
      return { ...empty, ...loadComponentsYaml(path, text) };
    case 'feedback':
      return lines('feedback', loadFeedback(path, text));
    case 'tags':
      return lines('tags', loadTags(path, text));
    case 'metrics':
      return lines('metrics', loadMetrics(path, text));
  }
}

/**
 * The tags log read again as `bytes`: when they are the bytes `file` was read from with lines appended, `file` with
 * just those lines parsed and added (the earlier ones are the very same items); otherwise undefined.
 */
export function appendedTags(file: CxFile, bytes: Buffer): CxFile | undefined {
  const before = file.appendable;
  if (!before || bytes.length <= before.bytes.length || !bytes.subarray(0, before.bytes.length).equals(before.bytes)) return undefined;
  const tail = bytes.subarray(before.bytes.length);
  const added = loadTags(file.path, tail.toString('utf8'), before.lines);
  const appended = appendableOf(tail);
  return {
    ...file,
    tags: [...file.tags, ...added.items],
    problems: [...file.problems, ...added.problems],
    // The lines counted before and those of the tail: the log is not counted again from its start.
    appendable: appended && { bytes, lines: before.lines + appended.lines },
  };
}

/** What `appendedTags` needs of the bytes a tags log was read from; none unless they end with a whole line. */
export function appendableOf(bytes: Buffer): CxFile['appendable'] {
  if (!bytes.length || bytes[bytes.length - 1] !== 10 /* \n */) return undefined;
  let lines = 0;
  for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) lines++;
  return { bytes, lines };
}

/** The combined `.cx/` data of one workspace folder. */
export interface CxData {
  journeys: JourneyEntry[];
  components: ComponentEntry[];
  feedback: Lined<FeedbackRecord>[];
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
  feedback: Lined<FeedbackRecord>[];
  /** Each record's id and place in `feedback`. */
  ids: Map<string, number>;
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
  const data: CxData = { journeys: [], components: [], feedback: [], tags: [], metrics: [], problems: [] };
  const journeyIds = new Map<string, Loc>();
  const componentIds = new Map<string, Loc>();
  // The place of the first record of each id (spelled out only for a duplicate: a million Locs would be waste).
  const feedbackIds = reuse ? reuse.ids : new Map<string, number>();
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
        for (const r of f.feedback) {
          const first = feedbackIds.get(r.value.id);
          if (first !== undefined) {
            dups.push({ ...duplicate('feedback', r.value.id, lineLoc(r), lineLoc(data.feedback[first]!)), severity: 'warning' });
            continue;
          }
          feedbackIds.set(r.value.id, data.feedback.length);
          data.feedback.push(r);
        }
      }
      duplicates.push(dups);
      data.problems.push(...dups);
    }
    if (!sameTags) for (const t of f.tags) data.tags.push(t);
    if (!sameMetrics) for (const m of f.metrics) data.metrics.push(m);
  }
  if (reuse) data.feedback = reuse.feedback;
  // The same tags or metrics files: the very same list (the index then sees at once that nothing changed there).
  if (sameTags) data.tags = previous!.tags;
  if (sameMetrics) data.metrics = previous!.metrics;
  feedbackMemos.set(data, { files: feedbackFiles, feedback: data.feedback, ids: feedbackIds, duplicates, tagFiles, metricFiles });
  return data;
}

/** Each feedback record's id and place in `data.feedback`, as combining found them (undefined for other data). */
export function feedbackIdsOf(data: CxData): ReadonlyMap<string, number> | undefined {
  const memo = feedbackMemos.get(data);
  return memo?.feedback === data.feedback ? memo.ids : undefined;
}

function sameFiles(a: readonly CxFile[], b: readonly CxFile[]): boolean {
  return a.length === b.length && a.every((f, i) => f === b[i]);
}

function lineLoc(r: Lined<unknown>): Loc {
  return { file: r.file, range: { start: { line: r.line, character: 0 }, end: { line: r.line, character: 0 } } };
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
