/**
 * Coverage figures for leads (SPEC §4 Coverage Map, §5 `cx coverage`): which code serves a journey, which journeys
 * have no code, which components no journey, and where customers complain about code nobody linked.
 *
 * `computeCoverage` reads the index once; everything the Coverage Map's filters change (headline figures, folder
 * tree, matrix, gap lists, owners) is then derived from the report alone by `filterCoverage`: the language server
 * keeps the report and answers each of the map's filters from it (coverageView.ts).
 */
import type { CxIndex } from './cxIndex';
import { closest } from './issues';
import { getOrMake, Numbering, pushTo } from './multiMap';
import type { Link } from './schemas';

export interface FileCoverage {
  path: string;
  lines: number;
  /** Journey and step references the file serves (by its components and its `@cx` annotations). */
  refs: string[];
  components: string[];
  /** Feedback records tagged to the file itself or to one of its components (each record once). */
  feedback: number;
  negative: number;
}

/** Linked out of total, and the share (0–1; 0 when there is nothing). */
export interface Share {
  total: number;
  linked: number;
  share: number;
}

/** A folder (with children) or a file (without) of the treemap. */
export interface CoverageTreeNode {
  /** The last path segment; `''` for the workspace folder itself. */
  name: string;
  /** Workspace-relative, `/`-separated; `''` for the workspace folder. */
  path: string;
  lines: number;
  files: number;
  /** Files under it that serve a journey or step. */
  linkedFiles: number;
  /** Lines of those files. */
  linkedLines: number;
  /** Feedback records tagged to files under it or to their components, each record once. */
  feedback: number;
  negative: number;
  /** Folders and files, by name; absent on a file. */
  children?: CoverageTreeNode[];
}

/** One journey × component pair: the component lists the journey or one of its steps. */
export interface MatrixCell {
  journey: string;
  component: string;
  /** Files of the component. */
  files: number;
  /**
   * Feedback records tagged to the component, to one of its files, or to what the component lists of this journey
   * (a step it lists; the journey and any of its steps when it lists the whole journey). Each record once.
   */
  feedback: number;
  negative: number;
}

export interface CoverageMatrix {
  /** Every journey id, in the order of the journeys files. */
  journeys: string[];
  /** Every component that lists at least one existing journey or step, in the order of the components files. */
  components: string[];
  /** Only the pairs that exist, by journey then component. */
  cells: MatrixCell[];
}

/** A component with its figures. */
export interface ComponentCoverage {
  id: string;
  name: string;
  owner?: string;
  /** The journeys and steps it lists that exist (unknown ones are `cx validate` errors, and serve nothing). */
  journeys: string[];
  files: number;
  /** Its files that serve a journey or step (by this component or otherwise). */
  linkedFiles: number;
  /** Feedback records tagged to the component or to one of its files, each once. */
  feedback: number;
  negative: number;
}

/** A component owner (`owner:` of components), for a filter by owner. */
export interface OwnerCoverage {
  owner: string;
  components: string[];
  /** Files of those components (a file in two of them counts once). */
  files: number;
  linkedFiles: number;
  /** linkedFiles / files. */
  share: number;
  lines: number;
  linkedLines: number;
}

/** An `@cx` annotation reference that names no journey or step. */
export interface UnknownAnnotation {
  path: string;
  /** One-based, as printed (`path:line:column`). */
  line: number;
  column: number;
  /** As written. */
  ref: string;
  /** The closest existing references, best first. */
  suggestions: string[];
}

/** What a feedback record is tagged to (its own links plus the tags log), without its text: for filters. */
export interface FeedbackLinks {
  id: string;
  negative: boolean;
  journeys: string[];
  components: string[];
  paths: string[];
}

/** A subset of the report: files under a folder, of an owner's components, or serving a journey. */
export interface CoverageFilter {
  /** A journey id: its files, its row of the matrix, its gaps. */
  journey?: string;
  /** A component owner: files of their components, their components, the journeys they own or serve. */
  owner?: string;
  /** A workspace-relative folder (or file): the files under it. */
  folder?: string;
}

/** Files changed since a git revision (`cx coverage --since REV`). */
export interface CoverageChanges {
  /** The revision as given. */
  since: string;
  /** Changed files the index knows (source files that exist now), with their coverage. */
  files: FileCoverage[];
  /** Changed paths that are not source files now: deleted, binary, ignored, `.cx/` data. */
  other: string[];
  /** Journeys the changed files serve, with the refs and files that do. */
  journeys: { ref: string; name: string; refs: string[]; files: string[] }[];
  /** Changed files that serve no journey. */
  withoutJourney: string[];
}

export interface CoverageReport {
  /** When the report was made, ISO date-time. */
  generatedAt: string;
  /** The built-in metrics' window, which `journeys[].negativeShare` covers: `from` inclusive, `to` exclusive. */
  window: { days: number; from: string; to: string };
  /** Set on a filtered report. */
  filter?: CoverageFilter;
  files: Share;
  lines: Share;
  /**
   * Feedback records with at least one tag. Always the whole workspace's, also in a filtered report: untagged
   * feedback belongs to no folder, owner or journey (a subset's feedback volume is `tree.feedback`).
   */
  feedback: { total: number; tagged: number; share: number };
  /** The folder tree of the files, for the treemap. */
  tree: CoverageTreeNode;
  matrix: CoverageMatrix;
  /** Journeys and steps no component or annotation points to. */
  journeysWithoutCode: { ref: string; name: string }[];
  componentsWithoutJourney: { id: string; name: string; owner?: string; files: number }[];
  /** Files with negative feedback and no journey, by customer pain: negative count, negative share, total. */
  negativeFilesWithoutJourney: { path: string; negative: number; feedback: number; negativeShare: number }[];
  /** `@cx` references to journeys or steps that do not exist. */
  unknownAnnotations: UnknownAnnotation[];
  /** Per journey: how much code and feedback it has (feedback all time; negativeShare over the window). */
  journeys: { ref: string; name: string; owner?: string; files: number; components: string[]; feedback: number; negativeShare: number | undefined }[];
  components: ComponentCoverage[];
  owners: OwnerCoverage[];
  perFile: FileCoverage[];
  feedbackLinks: FeedbackLinks[];
  /** With `--since`: the changed files. */
  changes?: CoverageChanges;
}

const share = (part: number, whole: number) => (whole ? part / whole : 0);
const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
const journeyOf = (ref: string) => ref.split('/')[0]!;
/** Whether `ref` (as a component or a record lists it) is the journey or one of its steps. */
const inJourney = (ref: string, journey: string) => ref === journey || ref.startsWith(`${journey}/`);

export interface CoverageOptions {
  /** The report's `generatedAt` (default: now). */
  generatedAt?: Date;
}

/** The lists of a record tagged to nothing (most of a store), shared: a report's lists are never changed. */
const NONE = Object.freeze([]) as unknown as string[];

type Targets = Pick<FeedbackLinks, 'journeys' | 'components' | 'paths'>;
const NO_TARGETS: Targets = { journeys: NONE, components: NONE, paths: NONE };

/** What a record's links name: its journeys and steps, its components, its paths (each path once). */
function targetsOfLinks(links: readonly Link[]): Targets {
  const journeys: string[] = [];
  const components: string[] = [];
  const paths: string[] = [];
  for (const l of links) {
    if ('journey' in l) journeys.push(l.journey);
    else if ('component' in l) components.push(l.component);
    else if (!paths.includes(l.path)) paths.push(l.path);
  }
  // At their length: an array grown by pushes keeps room for more.
  const exact = (list: string[]) => (list.length ? list.slice() : NONE);
  return { journeys: exact(journeys), components: exact(components), paths: exact(paths) };
}

/** Work between two steps of the generators below: a caller running them in slices yields to others there. */
const STEP = 4096;

/** Runs a generator of steps to its end, at once. */
export function drain<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

export function computeCoverage(index: CxIndex, options: CoverageOptions = {}): CoverageReport {
  return drain(coverageSteps(index, options));
}

/**
 * `computeCoverage` in steps (a `yield` every few thousand records or files), so that the language server can make
 * the report of a large workspace in slices and answer other requests in between.
 */
export function* coverageSteps(index: CxIndex, options: CoverageOptions = {}): Generator<void, CoverageReport> {
  const records = index.recordLinks();
  yield;
  const feedbackLinks: FeedbackLinks[] = [];
  const recordsOfPath = new Map<string, number[]>();
  const recordsOfComponent = new Map<string, number[]>();
  const negatives = new Uint8Array(records.length);
  let step = 0;
  for (let seq = 0; seq < records.length; seq++) {
    if (++step % STEP === 0) yield;
    const negative = records.negative(seq);
    if (negative) negatives[seq] = 1;
    const links = records.links(seq);
    const targets = links.length ? targetsOfLinks(links) : NO_TARGETS;
    for (const p of targets.paths) pushTo(recordsOfPath, p, seq);
    for (const c of targets.components) pushTo(recordsOfComponent, c, seq);
    feedbackLinks.push({ id: records.id(seq), negative, journeys: targets.journeys, components: targets.components, paths: targets.paths });
  }

  const perFile: FileCoverage[] = [];
  const servedRefs = new Set<string>();
  const wholeJourneys = new Set<string>();
  const unknownAnnotations: UnknownAnnotation[] = [];
  const known = index.allRefs();
  // The records tagged to a set of components, counted once each, by the set (files of the same components share
  // it); a record is marked with the number of the set being counted.
  const ofComponents = new Map<string, { feedback: number; negative: number }>();
  const mark = new Int32Array(feedbackLinks.length);
  let counting = 0;
  const countsOfComponents = (components: readonly string[]) => {
    const key = components.join('\n');
    let of = ofComponents.get(key);
    if (!of) {
      of = { feedback: 0, negative: 0 };
      counting++;
      for (const c of components) {
        for (const i of recordsOfComponent.get(c) ?? []) {
          if (mark[i] === counting) continue;
          mark[i] = counting;
          of.feedback++;
          of.negative += negatives[i]!;
        }
      }
      ofComponents.set(key, of);
    }
    return of;
  };
  const seenRefs = new Set<string>();
  for (const file of index.sourceFiles()) {
    if (++step % STEP === 0) yield;
    const refs = index.refsOf(file.path).map((r) => r.ref);
    const components = index.componentsOf(file.path);
    let { feedback, negative } = countsOfComponents(components);
    // The records tagged to the file itself and to none of its components.
    for (const i of recordsOfPath.get(file.path) ?? []) {
      const r = feedbackLinks[i]!;
      if (r.components.some((c) => components.includes(c))) continue;
      feedback++;
      if (r.negative) negative++;
    }
    for (const r of refs) {
      if (seenRefs.has(r)) continue;
      seenRefs.add(r);
      servedRefs.add(r);
      if (!r.includes('/')) wholeJourneys.add(r);
      servedRefs.add(journeyOf(r));
    }
    perFile.push({ path: file.path, lines: file.lines, refs, components, feedback, negative });
    for (const a of file.annotations) {
      const unknown = [
        ...a.refs.filter((r) => !index.resolve(r.ref)).map((r) => ({ text: r.ref, range: r.range })),
        ...a.malformed,
      ];
      for (const u of unknown) {
        unknownAnnotations.push({
          path: file.path,
          line: u.range.start.line + 1,
          column: u.range.start.character + 1,
          ref: u.text,
          suggestions: closest(u.text.toLowerCase(), known),
        });
      }
    }
  }
  yield;
  perFile.sort(byPath);
  yield;
  unknownAnnotations.sort((a, b) => byPath(a, b) || a.line - b.line || a.column - b.column);

  const journeysWithoutCode: CoverageReport['journeysWithoutCode'] = [];
  const journeys: CoverageReport['journeys'] = [];
  for (const j of index.journeyList()) {
    const id = j.journey.id;
    // A journey is served when it or any of its steps is. Its steps are listed only when code serves some steps
    // but not these, and none serves the journey as a whole (which covers every step).
    if (!servedRefs.has(id)) journeysWithoutCode.push({ ref: id, name: j.journey.name });
    else if (!wholeJourneys.has(id)) {
      for (const s of j.journey.steps) {
        if (!servedRefs.has(`${id}/${s.id}`)) journeysWithoutCode.push({ ref: `${id}/${s.id}`, name: `${j.journey.name} › ${s.name}` });
      }
    }
    const stats = index.statsOf({ ref: id });
    journeys.push({
      ref: id,
      name: j.journey.name,
      ...(j.journey.owner ? { owner: j.journey.owner } : {}),
      files: 0,
      components: index.componentList().filter((c) => c.component.journeys.some((r) => inJourney(r, id))).map((c) => c.component.id),
      feedback: stats.total,
      negativeShare: stats.current.negativeShare,
    });
  }

  const components: ComponentCoverage[] = index.componentList().map(({ component: c }) => ({
    id: c.id,
    name: c.name ?? c.id,
    ...(c.owner ? { owner: c.owner } : {}),
    journeys: c.journeys.filter((r) => index.resolve(r)),
    files: 0,
    linkedFiles: 0,
    feedback: 0,
    negative: 0,
  }));

  const tagged = feedbackLinks.filter((f) => f.journeys.length + f.components.length + f.paths.length > 0).length;
  const { end, days } = index.window;
  const base: CoverageReport = {
    generatedAt: (options.generatedAt ?? new Date()).toISOString(),
    window: { days, from: new Date(end.getTime() - days * 86_400_000).toISOString(), to: end.toISOString() },
    files: { total: 0, linked: 0, share: 0 },
    lines: { total: 0, linked: 0, share: 0 },
    feedback: { total: feedbackLinks.length, tagged, share: share(tagged, feedbackLinks.length) },
    tree: { name: '', path: '', lines: 0, files: 0, linkedFiles: 0, linkedLines: 0, feedback: 0, negative: 0 },
    matrix: { journeys: [], components: [], cells: [] },
    journeysWithoutCode,
    componentsWithoutJourney: [],
    negativeFilesWithoutJourney: [],
    unknownAnnotations,
    journeys,
    components,
    owners: [],
    perFile,
    feedbackLinks,
  };
  return yield* deriveSteps(base, {});
}

/**
 * The report of a subset, for the Coverage Map's filters (they combine: a folder of an owner's files). Headline
 * figures, tree, matrix, gap lists, owners and per-journey file counts are recomputed for the subset; the
 * per-journey feedback figures and the workspace's feedback headline stay as they are (see `feedback`).
 * Filtering a filtered report narrows it further. Pure: the report is not changed.
 */
export function filterCoverage(report: CoverageReport, filter: CoverageFilter): CoverageReport {
  return drain(filterSteps(report, filter));
}

/** `filterCoverage` in steps (see `coverageSteps`). */
export function* filterSteps(report: CoverageReport, filter: CoverageFilter): Generator<void, CoverageReport> {
  const clean: CoverageFilter = {};
  if (filter.journey) clean.journey = filter.journey;
  if (filter.owner) clean.owner = filter.owner;
  const folder = filterFolder(filter.folder);
  if (folder) clean.folder = folder;
  return yield* deriveSteps(report, clean);
}

/** A filter's folder as the tree names it: `./src/`, `src/` and `src` are the same folder; `.` and `/` are none. */
export function filterFolder(folder: string | undefined): string | undefined {
  return folder?.trim().replace(/\\/g, '/').replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '').replace(/^\.$/, '') || undefined;
}

/** Whether a workspace-relative path is the folder (or file) or under it. */
function under(path: string, folder: string): boolean {
  return !folder || path === folder || path.startsWith(`${folder}/`);
}

/**
 * The journeys `ref` is in (`inJourney(ref, j)`): itself, and what comes before each `/` of it. A question "which
 * journeys is this ref about" answered by lookups instead of a scan of every journey.
 */
function journeysContaining(ref: string): string[] {
  const out = [ref];
  for (let slash = ref.indexOf('/'); slash >= 0; slash = ref.indexOf('/', slash + 1)) out.push(ref.slice(0, slash));
  return out;
}

/**
 * Counts each record once per target it is about, for a million records: the targets it hits are marked with its
 * number, so a target reached two ways (its component and one of its files) counts it once.
 */
class RecordCounts {
  readonly feedback: Int32Array;
  readonly negative: Int32Array;
  private readonly mark: Int32Array;
  private record = 0;
  private isNegative = false;

  constructor(size: number) {
    this.feedback = new Int32Array(size);
    this.negative = new Int32Array(size);
    this.mark = new Int32Array(size).fill(-1);
  }

  /** Starts the next record. */
  next(negative: boolean): void {
    this.record++;
    this.isNegative = negative;
  }

  hit(targets: readonly number[] | undefined): void {
    if (!targets) return;
    for (const t of targets) {
      if (this.mark[t] === this.record) continue;
      this.mark[t] = this.record;
      this.feedback[t]!++;
      if (this.isNegative) this.negative[t]!++;
    }
  }

  /** Adds `feedback` records, `negative` of them negative, to each of `targets` (which must be distinct). */
  add(targets: readonly number[] | undefined, feedback: number, negative: number): void {
    for (const t of targets ?? []) {
      this.feedback[t]! += feedback;
      this.negative[t]! += negative;
    }
  }

  of(target: number): { feedback: number; negative: number } {
    return { feedback: this.feedback[target]!, negative: this.negative[target]! };
  }
}

/**
 * Records about one target alone (one component or file), summed by its name: each sum is then added once to the
 * counts of what the target reaches (its folders), instead of record by record. Such a record reaches each of them
 * once, so no marks are needed.
 */
class AloneSums {
  private readonly sums = new Map<string, { feedback: number; negative: number }>();

  count(name: string, negative: boolean): void {
    let sum = this.sums.get(name);
    if (!sum) this.sums.set(name, (sum = { feedback: 0, negative: 0 }));
    sum.feedback++;
    if (negative) sum.negative++;
  }

  /** Adds each sum to the counts of its name's targets (distinct ones). */
  addTo(counts: RecordCounts, targetsOf: (name: string) => readonly number[] | undefined): void {
    this.sums.forEach((sum, name) => counts.add(targetsOf(name), sum.feedback, sum.negative));
  }
}

/** Everything that depends on which files are in view. `filter` combines with the report's own one. */
function* deriveSteps(report: CoverageReport, filter: CoverageFilter): Generator<void, CoverageReport> {
  const { journey, owner, folder } = filter;
  const ownerComponents = new Set(report.components.filter((c) => owner !== undefined && c.owner === owner).map((c) => c.id));
  const files = report.perFile.filter(
    (f) =>
      under(f.path, folder ?? '') &&
      (owner === undefined || f.components.some((c) => ownerComponents.has(c))) &&
      (journey === undefined || f.refs.some((r) => inJourney(r, journey))),
  );
  yield;
  const inView = new Map(files.map((f) => [f.path, f]));
  const filesOfComponent = new Map<string, FileCoverage[]>();
  for (const f of files) for (const c of f.components) pushTo(filesOfComponent, c, f);
  yield;
  // How many files in view serve each journey (by the journey or one of its steps). The journeys and steps are
  // numbered as the files' refs name them, and a file counts once for each (marked with the file's number).
  const journeyNumbers = new Numbering<string>();
  const fileCounts: number[] = [];
  const countedFile: number[] = [];
  const containing = new Map<string, number[]>();
  const numbersContaining = (ref: string) =>
    journeysContaining(ref).map((j) => {
      const n = journeyNumbers.of(j);
      // Kept packed (no holes to read through) for the loop over files below.
      if (n === fileCounts.length) {
        fileCounts.push(0);
        countedFile.push(-1);
      }
      return n;
    });
  const containingNumbers = (ref: string) => getOrMake(containing, ref, numbersContaining);
  files.forEach((f, i) => {
    for (const r of f.refs) {
      for (const n of containingNumbers(r)) {
        if (countedFile[n] === i) continue;
        countedFile[n] = i;
        fileCounts[n]!++;
      }
    }
  });
  const filesOfJourney = new Map(journeyNumbers.keys.map((j, n) => [j, fileCounts[n]!]));

  const narrowed = folder !== undefined || journey !== undefined;
  const componentIn = (c: ComponentCoverage) =>
    (owner === undefined || c.owner === owner) &&
    (!narrowed || filesOfComponent.has(c.id) || (journey !== undefined && folder === undefined && c.journeys.some((r) => inJourney(r, journey))));
  // With an owner: the journeys they own, their components list, or their files serve (by an annotation too).
  const ownerServes = new Set<string>();
  if (owner !== undefined) {
    for (const c of report.components) if (ownerComponents.has(c.id)) for (const r of c.journeys) for (const j of journeysContaining(r)) ownerServes.add(j);
    for (const j of filesOfJourney.keys()) ownerServes.add(j);
  }
  const journeyIn = (ref: string, jOwner: string | undefined) =>
    (journey === undefined || ref === journey) && (owner === undefined || jOwner === owner || ownerServes.has(ref));

  const components: ComponentCoverage[] = report.components.filter(componentIn).map((c) => {
    const own = filesOfComponent.get(c.id) ?? [];
    return { ...c, files: own.length, linkedFiles: own.filter((f) => f.refs.length).length, feedback: 0, negative: 0 };
  });

  const journeys = report.journeys.filter((j) => journeyIn(j.ref, j.owner)).map((j) => ({ ...j, files: filesOfJourney.get(j.ref) ?? 0 }));
  const journeyRows = new Map(report.journeys.map((j) => [j.ref, j]));
  const journeysWithoutCode = report.journeysWithoutCode.filter((g) => journeyIn(journeyOf(g.ref), journeyRows.get(journeyOf(g.ref))?.owner));

  const matrixComponents = components.filter((c) => c.journeys.length && (journey === undefined || c.journeys.some((r) => inJourney(r, journey))));
  const cells: MatrixCell[] = [];
  // A record counts in a cell when it is about the component (tagged to it or to one of its files in view) or
  // about what the component lists of the cell's journey: a step it lists, or, when it lists the whole journey,
  // the journey or any of its steps. Targets 0… are the components, then the cells.
  const targetsOfComponent = new Map<string, number[]>();
  components.forEach((c, i) => pushTo(targetsOfComponent, c.id, i));
  const cellsOfRef = new Map<string, number[]>();
  const cellsOfWholeJourney = new Map<string, number[]>();
  for (const j of journeys) {
    for (const c of matrixComponents) {
      const listed = c.journeys.filter((r) => inJourney(r, j.ref));
      if (!listed.length) continue;
      const target = components.length + cells.length;
      pushTo(targetsOfComponent, c.id, target);
      for (const l of new Set(listed)) pushTo(l === j.ref ? cellsOfWholeJourney : cellsOfRef, l, target);
      cells.push({ journey: j.ref, component: c.id, files: filesOfComponent.get(c.id)?.length ?? 0, feedback: 0, negative: 0 });
    }
  }
  // The targets of a path in view (its components' and their cells) and of a journey or step (the cells of it and
  // of the whole journeys it is in), gathered once each rather than looked up again for every record.
  const targetsOfPath = new Map<string, number[]>();
  const targetsOfPathInView = (path: string) => (inView.get(path)?.components ?? []).flatMap((c) => targetsOfComponent.get(c) ?? []);
  const pathTargets = (path: string) => getOrMake(targetsOfPath, path, targetsOfPathInView);
  const cellsOfJourneyRef = new Map<string, number[]>();
  const cellsServing = (ref: string) => [...(cellsOfRef.get(ref) ?? []), ...journeysContaining(ref).flatMap((j) => cellsOfWholeJourney.get(j) ?? [])];
  const refCells = (ref: string) => getOrMake(cellsOfJourneyRef, ref, cellsServing);
  const counts = new RecordCounts(components.length + cells.length);
  let step = 0;
  for (const r of report.feedbackLinks) {
    if (++step % STEP === 0) yield;
    if (!r.components.length && !r.paths.length && !r.journeys.length) continue;
    counts.next(r.negative);
    for (const c of r.components) counts.hit(targetsOfComponent.get(c));
    for (const p of r.paths) counts.hit(pathTargets(p));
    for (const ref of r.journeys) counts.hit(refCells(ref));
  }
  components.forEach((c, i) => Object.assign(c, counts.of(i)));
  cells.forEach((cell, i) => Object.assign(cell, counts.of(components.length + i)));

  const componentsWithoutJourney = components
    .filter((c) => !c.journeys.length)
    .map((c) => ({ id: c.id, name: c.name, ...(c.owner ? { owner: c.owner } : {}), files: c.files }));

  const negativeFilesWithoutJourney = files
    .filter((f) => !f.refs.length && f.negative > 0)
    .map((f) => ({ path: f.path, negative: f.negative, feedback: f.feedback, negativeShare: share(f.negative, f.feedback) }))
    .sort((a, b) => b.negative - a.negative || b.negativeShare - a.negativeShare || b.feedback - a.feedback || byPath(a, b));

  const owners: OwnerCoverage[] = [];
  const ownersOf = new Map<string, string[]>();
  for (const c of components) if (c.owner) pushTo(ownersOf, c.id, c.owner);
  // Each owner's files (a file of two of their components once), in one pass over the files.
  const filesOfOwner = new Map<string, FileCoverage[]>();
  for (const f of files) {
    for (const c of f.components) {
      for (const name of ownersOf.get(c) ?? []) if (filesOfOwner.get(name)?.at(-1) !== f) pushTo(filesOfOwner, name, f);
    }
  }
  for (const name of [...new Set(components.flatMap((c) => (c.owner ? [c.owner] : [])))].sort()) {
    const ids = components.filter((c) => c.owner === name).map((c) => c.id);
    const own = filesOfOwner.get(name) ?? [];
    const linked = own.filter((f) => f.refs.length);
    owners.push({
      owner: name,
      components: ids,
      files: own.length,
      linkedFiles: linked.length,
      share: share(linked.length, own.length),
      lines: own.reduce((n, f) => n + f.lines, 0),
      linkedLines: linked.reduce((n, f) => n + f.lines, 0),
    });
  }

  const linked = files.filter((f) => f.refs.length);
  const totalLines = files.reduce((n, f) => n + f.lines, 0);
  const linkedLines = linked.reduce((n, f) => n + f.lines, 0);
  const merged = { ...report.filter, ...filter };
  return {
    generatedAt: report.generatedAt,
    window: report.window,
    ...(Object.keys(merged).length ? { filter: merged } : {}),
    files: { total: files.length, linked: linked.length, share: share(linked.length, files.length) },
    lines: { total: totalLines, linked: linkedLines, share: share(linkedLines, totalLines) },
    feedback: report.feedback,
    tree: yield* treeSteps(files, report.feedbackLinks),
    matrix: { journeys: journeys.map((j) => j.ref), components: matrixComponents.map((c) => c.id), cells },
    journeysWithoutCode,
    componentsWithoutJourney,
    negativeFilesWithoutJourney,
    unknownAnnotations: report.unknownAnnotations.filter((u) => inView.has(u.path)),
    journeys,
    components,
    owners,
    perFile: files,
    feedbackLinks: report.feedbackLinks,
    ...(report.changes ? { changes: report.changes } : {}),
  };
}

/** The folder tree of `files` (sorted by path), counting each feedback record once per folder; in steps. */
function* treeSteps(files: readonly FileCoverage[], records: readonly FeedbackLinks[]): Generator<void, CoverageTreeNode> {
  const root: CoverageTreeNode = { name: '', path: '', lines: 0, files: 0, linkedFiles: 0, linkedLines: 0, feedback: 0, negative: 0, children: [] };
  // The folders by number, each with its parent's (the workspace folder is 0, its own parent).
  const nodes = [root];
  const parents = [0];
  const numbers = new Map<string, number>([['', 0]]);
  const folderOf = (path: string): number => {
    const existing = numbers.get(path);
    if (existing !== undefined) return existing;
    const slash = path.lastIndexOf('/');
    const parent = folderOf(slash < 0 ? '' : path.slice(0, slash));
    const node: CoverageTreeNode = { name: path.slice(slash + 1), path, lines: 0, files: 0, linkedFiles: 0, linkedLines: 0, feedback: 0, negative: 0, children: [] };
    nodes[parent]!.children!.push(node);
    numbers.set(path, nodes.length);
    nodes.push(node);
    parents.push(parent);
    return nodes.length - 1;
  };
  /** The folders each file is in, by number, its own folder first and the workspace folder last. */
  const chains: number[][] = [];
  let step = 0;
  for (const f of files) {
    if (++step % STEP === 0) yield;
    const isLinked = f.refs.length > 0;
    const slash = f.path.lastIndexOf('/');
    const folder = folderOf(slash < 0 ? '' : f.path.slice(0, slash));
    nodes[folder]!.children!.push({
      name: f.path.slice(slash + 1),
      path: f.path,
      lines: f.lines,
      files: 1,
      linkedFiles: isLinked ? 1 : 0,
      linkedLines: isLinked ? f.lines : 0,
      feedback: f.feedback,
      negative: f.negative,
    });
    const chain = [folder];
    while (chain.at(-1) !== 0) chain.push(parents[chain.at(-1)!]!);
    chains.push(chain);
    for (const n of chain) {
      const node = nodes[n]!;
      node.lines += f.lines;
      node.files++;
      if (isLinked) {
        node.linkedFiles++;
        node.linkedLines += f.lines;
      }
    }
  }
  // A record counts once in each folder holding a file it is about (tagged to the file or to its component).
  const filesOfComponent = new Map<string, number[]>();
  files.forEach((f, i) => f.components.forEach((c) => pushTo(filesOfComponent, c, i)));
  // A component's folders: up from each of its files to the first folder already listed (its parents are too).
  const componentFolders = new Map<string, number[]>();
  const listed = new Int32Array(nodes.length).fill(-1);
  let component = 0;
  for (const [c, own] of filesOfComponent) {
    const list: number[] = [];
    for (const f of own) {
      for (const n of chains[f]!) {
        if (listed[n] === component) break;
        listed[n] = component;
        list.push(n);
      }
    }
    componentFolders.set(c, list);
    component++;
  }
  const chainOf = new Map(files.map((f, i) => [f.path, chains[i]!]));
  const counts = new RecordCounts(nodes.length);
  // A record about one component or one file alone counts once in each of its folders (see AloneSums).
  const aloneByComponent = new AloneSums();
  const aloneByPath = new AloneSums();
  for (const r of records) {
    if (++step % STEP === 0) yield;
    const many = r.components.length + r.paths.length;
    if (!many) continue;
    if (many === 1) {
      if (r.components.length) aloneByComponent.count(r.components[0]!, r.negative);
      else aloneByPath.count(r.paths[0]!, r.negative);
      continue;
    }
    counts.next(r.negative);
    for (const c of r.components) counts.hit(componentFolders.get(c));
    for (const path of r.paths) counts.hit(chainOf.get(path));
  }
  aloneByComponent.addTo(counts, (c) => componentFolders.get(c));
  aloneByPath.addTo(counts, (path) => chainOf.get(path));
  nodes.forEach((node, i) => Object.assign(node, counts.of(i)));
  const sort = (node: CoverageTreeNode) => {
    if (!node.children) return;
    node.children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    node.children.forEach(sort);
  };
  sort(root);
  return root;
}
