/**
 * The index of one workspace folder: `.cx/` data, the source files and their annotations, resolved into answers
 * for "what is this file's customer context" (SPEC §3), feedback queries and the problems that need the whole
 * picture (unknown references, patterns that match nothing).
 */
import type { Annotation } from './annotations';
import { feedbackIdsOf } from './cxData';
import type { CxData } from './cxData';
import { firstSorted } from './firstSorted';
import { feedbackStats } from './feedbackStats';
import type { FeedbackStats } from './feedbackStats';
import { closest } from './issues';
import { parseTime } from './fastRecords';
import { appendTags, foldFeedback, forEachPlaceNaming, linkedMarks, linkKey, linksOf, TARGET_KINDS, targetOf, unionSeqs, withoutSeq, withSeq } from './foldedFeedback';
import { NEGATIVE, SCORE_TYPES, SENTIMENT_CODES } from './feedbackTable';
import type { Folded, Retagged, Seqs, TargetKind } from './foldedFeedback';
import { LayeredMap } from './layeredMap';
import { ComponentMatcher, PathIndex, pathsTouchedBy } from './matcher';
import type { Problem, Range } from './problems';
import type { Component, Journey, Link, MetricDef, Score, Sentiment, Step } from './schemas';
import type { ComponentEntry, JourneyEntry, Loc } from './yamlModel';
import { Numbering, pushTo } from './multiMap';

/** A source file as the index sees it. */
export interface SourceFile {
  /** Workspace-relative, `/`-separated. */
  path: string;
  lines: number;
  annotations: Annotation[];
}

export interface IndexOptions {
  /** Days of the built-in feedback metrics window. */
  windowDays: number;
  /** The end of the window; by default the end of the day of the newest feedback (so an export ages gracefully). */
  now?: Date;
}

/** A journey or step reference resolved against the journeys. */
export type ResolvedRef =
  | { kind: 'journey'; ref: string; journey: JourneyEntry }
  | { kind: 'step'; ref: string; journey: JourneyEntry; step: Step };

/** How a file came to serve a journey or step. */
export type Via = { kind: 'component'; id: string; name: string } | { kind: 'annotation'; line: number };

/** One feedback record as shown to people. */
export interface FeedbackItem {
  id: string;
  date: string;
  text: string;
  title?: string;
  source?: string;
  sentiment?: Sentiment;
  score?: Score;
  segment?: string;
  url?: string;
  /** Where the record is stored. */
  file: string;
  line: number;
  /** Its tags: own links plus the tags log folded in. */
  links: Link[];
}

export interface MetricView {
  /** `journey.metric`, the key in the metrics CSVs. */
  key: string;
  id: string;
  name: string;
  unit?: string;
  target?: number;
  better: 'higher' | 'lower';
  step?: string;
  latest?: { date: string; value: number };
  previous?: { date: string; value: number };
  /** Direction of the latest change. */
  trend: 'up' | 'down' | 'flat' | 'none';
  /** Whether the latest change is an improvement, given `better`. */
  improving: boolean | undefined;
  /** Latest value misses the target (below for `higher`, above for `lower`). */
  offTarget: boolean | undefined;
  series: { date: string; value: number }[];
}

export type Health = 'good' | 'warning' | 'unknown';

/** What a file's developer should know about one journey or step it serves. */
export interface RefContext {
  ref: string;
  journeyId: string;
  stepId?: string;
  /** `Checkout › Pay`. */
  title: string;
  journeyName: string;
  stepName?: string;
  /** The step's outcome, else the journey's. */
  outcome?: string;
  journeyOutcome?: string;
  owner?: string;
  via: Via[];
  metrics: MetricView[];
  stats: FeedbackStats;
  recent: FeedbackItem[];
  mostNegative: FeedbackItem[];
  health: Health;
}

export interface FileContext {
  path: string;
  components: { id: string; name: string; owner?: string; journeys: string[] }[];
  /** The main journey first. */
  refs: RefContext[];
  annotations: { line: number; range: Range; refs: string[] }[];
  /** Feedback tagged to this file, with the lines it is about. */
  pathFeedback: { item: FeedbackItem; lines?: [number, number] }[];
  health: Health;
}

export interface FeedbackQuery {
  /** A journey, step (`checkout/pay`) or component id; all feedback when absent. */
  ref?: string;
  /** Feedback about a file: tagged to it, or to the journeys and components it serves. */
  path?: string;
  /** Only records with no tags at all (the CX inbox). */
  untagged?: boolean;
  /** Only records with at least one tag. */
  tagged?: boolean;
  source?: string[];
  sentiment?: Sentiment[];
  segment?: string[];
  /** ISO date; records on or after it. */
  since?: string;
  /** Words that must all appear in the title or text, case-insensitive. */
  search?: string;
  sort?: 'recent' | 'negative';
  offset?: number;
  limit?: number;
}

export interface FeedbackPage {
  total: number;
  items: FeedbackItem[];
  /** Values present in the filtered set before the source/sentiment/segment filters, for filter menus. */
  facets: { source: string[]; segment: string[] };
}

const DAY = 86_400_000;
const SENTIMENT_RANK: Record<string, number> = { negative: 0, neutral: 1, positive: 2 };
/** `SENTIMENT_RANK` by sentiment code (`SENTIMENT_CODES`); a record without one ranks as neutral. */
const RANK_OF_CODE = SENTIMENT_CODES.map((s) => SENTIMENT_RANK[s ?? 'neutral'] ?? 1);

export { linkKey };

/** A problem at a place of the feedback (a record's link or a tag line): sorted by place, they come in file order. */
interface Placed {
  at: number;
  k: number;
  /** The target whose check failed; none for a tag of an unknown record. */
  target?: string;
  problem: Problem;
}

/**
 * Feedback about each journey, step (by ref) and component (by `c:id`), as `feedbackOfRef` defines it, with what
 * makes it up: which refs each target serves, and which targets each ref gathers. Built in one pass over the
 * targets on first use, then carried to the next index and updated for what changed.
 */
interface RefFeedback {
  sets: Map<string, Seqs>;
  keysOf: LayeredMap<string, readonly string[]>;
  /** The targets of each ref, in chunks (the refs of a group of targets share one). */
  targetsOf: Map<string, readonly (readonly string[])[]>;
}

/** What a new index has in common with the one it replaces. */
interface Same {
  journeys: boolean;
  components: boolean;
  /** The same component ids in the same order (what links to components are checked against). */
  componentIds: boolean;
  /** The same source files, annotations and all. */
  sources: boolean;
  /** The same set of paths. */
  paths: boolean;
  metrics: boolean;
  feedback: boolean;
  /** The same tags log, or the previous one with lines appended (`tags` false). */
  tags: boolean;
  tagsAppended: boolean;
}

/** Each record's id, whether it is negative and its links, by its number in load order (0 … length - 1). */
export interface RecordLinks {
  length: number;
  id(seq: number): string;
  negative(seq: number): boolean;
  /** With the tags log. Never changed; records read with the same links share one list. */
  links(seq: number): readonly Link[];
}

export class CxIndex {
  readonly problems: Problem[];
  private readonly journeys = new Map<string, JourneyEntry>();
  private readonly components = new Map<string, ComponentEntry>();
  private readonly matcher: ComponentMatcher;
  private readonly files: ReadonlyMap<string, SourceFile>;
  private readonly folded: Folded;
  private readonly series: Map<string, { date: string; value: number }[]>;
  private readonly windowEnd: number;
  private readonly contextCache = new Map<string, FileContext>();
  // The problems by check, each kept for the next index while what it reads is the same.
  private readonly journeyProblems: Problem[];
  private readonly componentProblems: Problem[];
  private readonly annotationProblems: Problem[];
  private readonly linkProblems: Placed[];
  private readonly seriesProblems: Problem[];
  /**
   * Per component (its parsed value: the same object while its text is, see `loadComponentsYaml`): the patterns
   * that match no file. Shared by the indexes of the same files.
   */
  private readonly unmatched: WeakMap<Component, number[]>;
  private refFeedback: RefFeedback | undefined;
  /** `keysOfTarget` of a path without annotations, by its components (never changed: shared by targets). */
  private readonly keysOfComponents = new Map<string, readonly string[]>();
  /** What `refContext` computes for a ref, but `via` (which depends on the file). */
  private readonly refCache: Map<string, Omit<RefContext, 'via'>>;

  /**
   * `previous`, the index this one replaces, lends what did not change: the folded feedback when the records and
   * the tags log are the same (or the log only grew: then just the new lines are folded in), each check whose
   * inputs are the same, and the feedback of each journey, step and component that the change does not touch. An
   * index so built answers exactly as a fresh one (test/unit/incremental.test.ts).
   */
  constructor(readonly data: CxData, sources: Iterable<SourceFile> | ReadonlyMap<string, SourceFile>, readonly options: IndexOptions, previous?: CxIndex) {
    for (const j of data.journeys) this.journeys.set(j.journey.id, j);
    for (const c of data.components) this.components.set(c.component.id, c);
    // A map of the sources by path is taken as it is (the caller no longer changes it): the same map as the previous
    // index's says at once that no source changed.
    const files = sources instanceof Map ? (sources as ReadonlyMap<string, SourceFile>) : new Map<string, SourceFile>();
    if (files !== sources) for (const f of sources as Iterable<SourceFile>) (files as Map<string, SourceFile>).set(f.path, f);
    const same = previous && CxIndex.sameAs(previous, data, files);
    this.files = same?.sources ? previous!.files : files;
    this.matcher = same?.components ? previous!.matcher : new ComponentMatcher(data.components.map((c) => c.component));
    this.unmatched = same?.paths ? previous!.unmatched : new WeakMap();
    this.journeyProblems = same?.journeys ? previous!.journeyProblems : this.checkJourneys();
    this.componentProblems = same?.journeys && same.components && same.paths ? previous!.componentProblems : this.checkComponents();
    this.annotationProblems = same?.journeys && same.sources ? previous!.annotationProblems : this.checkAnnotations();

    let retagged: Retagged[] | undefined;
    if (same?.feedback && same.tags) this.folded = previous!.folded;
    else if (same?.feedback && same.tagsAppended) ({ folded: this.folded, retagged } = appendTags(previous!.folded, data.tags));
    else this.folded = preparedFolds.get(data) ?? foldFeedback(data.feedback, data.tags, feedbackIdsOf(data));
    this.linkProblems = this.checkLinks(previous, same, retagged);
    this.outsideBefore = previous && (outsideFiles.get(previous.folded.byPath) ?? previous.outsideBefore);

    if (same?.metrics && same.journeys) {
      this.series = previous!.series;
      this.seriesProblems = previous!.seriesProblems;
    } else {
      this.series = new Map();
      this.seriesProblems = this.loadSeries();
    }
    const newest = this.folded.newest;
    this.windowEnd = options.now
      ? options.now.getTime()
      : Number.isFinite(newest) ? Math.floor(newest / DAY) * DAY + DAY : Math.floor(Date.now() / DAY) * DAY + DAY;
    this.problems = [...this.journeyProblems, ...this.componentProblems, ...this.annotationProblems, ...this.linkProblems.map((p) => p.problem), ...this.seriesProblems];

    const carried = previous && same && this.carryRefFeedback(previous, same, retagged);
    this.refCache = new Map();
    if (carried && same.metrics && same.journeys && previous.windowEnd === this.windowEnd && previous.options.windowDays === options.windowDays) {
      for (const [ref, cached] of previous.refCache) if (!carried.has(ref)) this.refCache.set(ref, cached);
    }
  }

  /**
   * Folds the feedback of `data` with its tags log now, for the index of `data` built later: a load does it while
   * the source files are still being read.
   */
  static prepare(data: CxData): void {
    if (!preparedFolds.has(data)) preparedFolds.set(data, foldFeedback(data.feedback, data.tags, feedbackIdsOf(data)));
  }

  /**
   * Lends the first index of `sources` each component's patterns that match none of them, worked out where the
   * sources were read (the sources worker, while this thread folds the feedback): that index then builds no index of
   * the paths to check the components (the summary builds it, for the first edit). Taken only by an index whose
   * files are exactly these, and asked for once: the indexes after it carry what it found, or work it out.
   */
  static lendUnmatched(sources: ReadonlyMap<string, SourceFile>, unmatched: ReadonlyMap<Component, number[]>): void {
    for (const [component, patterns] of unmatched) lentUnmatched.set(component, { sources, patterns });
  }

  /** What `lendUnmatched` lent for `component`, if lent for exactly this index's files; asked once, then forgotten. */
  private lentUnmatched(component: Component): number[] | undefined {
    const lent = lentUnmatched.get(component);
    if (!lent) return undefined;
    lentUnmatched.delete(component);
    let same = this.lentFor.get(lent.sources);
    if (same === undefined) {
      const { files } = this;
      // The very map the index was given, or one with the same paths.
      same = lent.sources === files || (files.size === lent.sources.size && [...lent.sources.keys()].every((path) => files.has(path)));
      this.lentFor.set(lent.sources, same);
    }
    return same ? lent.patterns : undefined;
  }

  /** Whether this index's files are exactly those of each list of sources asked about. */
  private readonly lentFor = new WeakMap<ReadonlyMap<string, SourceFile>, boolean>();

  /** The files indexed for questions about one component's patterns; one per set of files, shared by indexes. */
  private pathIndex(): PathIndex {
    let index = pathIndexes.get(this.files);
    if (!index) pathIndexes.set(this.files, (index = PathIndex.of(this.files.keys())));
    return index;
  }

  /** The tagged paths that are not files of the workspace; kept while the tagged paths and the files are the same. */
  private taggedOutside(): string[] {
    const { byPath } = this.folded;
    const kept = outsideFiles.get(byPath);
    if (kept?.files === this.files) return kept.paths;
    let paths: string[] | undefined;
    // From the last ones an earlier index found, when only tags changed since: the paths whose tags changed.
    const before = this.outsideBefore;
    const changed = before?.files === this.files ? byPath.keysChangedSince(before.byPath) : undefined;
    if (before && changed) {
      const outside = new Set(before.paths);
      for (const path of changed) {
        if (byPath.has(path) && !this.files.has(path)) outside.add(path);
        else outside.delete(path);
      }
      paths = [...outside];
    }
    paths ??= [...byPath.keys()].filter((path) => !this.files.has(path));
    outsideFiles.set(byPath, { byPath, files: this.files, paths });
    return paths;
  }

  /** The tagged paths outside the files, as the latest earlier index that looked for them found them. */
  private readonly outsideBefore: Outside | undefined;

  /** What `data` and `files` have in common with `previous`'s, by identity of the parsed items. */
  private static sameAs(previous: CxIndex, data: CxData, files: ReadonlyMap<string, SourceFile>): Same {
    const before = previous.data;
    let sources = previous.files.size === files.size;
    let paths = sources;
    if (sources && previous.files !== files) {
      for (const [path, f] of files) {
        const was = previous.files.get(path);
        if (was === f) continue;
        sources = false;
        if (!was) {
          paths = false;
          break;
        }
      }
    }
    const tags = sameItems(before.tags, data.tags);
    return {
      journeys: sameItems(before.journeys, data.journeys),
      components: sameItems(before.components, data.components),
      componentIds: before.components.length === data.components.length && before.components.every((c, i) => c.component.id === data.components[i]!.component.id),
      sources,
      paths,
      metrics: sameItems(before.metrics, data.metrics),
      feedback: before.feedback === data.feedback,
      tags,
      tagsAppended: !tags && data.tags.length > before.tags.length && sameItems(before.tags, data.tags, before.tags.length),
    };
  }

  // ---- lookups -------------------------------------------------------------------------------------------------

  journeyList(): readonly JourneyEntry[] {
    return this.data.journeys;
  }

  componentList(): readonly ComponentEntry[] {
    return this.data.components;
  }

  sourceFiles(): IterableIterator<SourceFile> {
    return this.files.values();
  }

  sourceFile(path: string): SourceFile | undefined {
    return this.files.get(path);
  }

  journey(id: string): JourneyEntry | undefined {
    return this.journeys.get(id);
  }

  component(id: string): ComponentEntry | undefined {
    return this.components.get(id);
  }

  /** Resolves `checkout` or `checkout/pay`. */
  resolve(ref: string): ResolvedRef | undefined {
    const slash = ref.indexOf('/');
    const journey = this.journeys.get(slash < 0 ? ref : ref.slice(0, slash));
    if (!journey) return undefined;
    if (slash < 0) return { kind: 'journey', ref, journey };
    const step = journey.journey.steps.find((s) => s.id === ref.slice(slash + 1));
    return step ? { kind: 'step', ref, journey, step } : undefined;
  }

  /** The references `resolve` resolves (`allRefs`), made on first use. */
  private refSet: Set<string> | undefined;

  /** Whether `resolve(ref)` resolves, without making its answer (asked hundreds of thousands of times by a summary). */
  private isRef(ref: string): boolean {
    return (this.refSet ??= new Set(this.allRefs())).has(ref);
  }

  /** The references that this index or `previous` resolves, and not both. */
  private refsMovedSince(previous: CxIndex): Set<string> {
    const moved = new Set(this.allRefs().filter((ref) => !previous.isRef(ref)));
    for (const ref of previous.allRefs()) if (!this.isRef(ref)) moved.add(ref);
    return moved;
  }

  /** Every journey and step reference there is, for completion and suggestions. */
  allRefs(): string[] {
    const refs: string[] = [];
    for (const j of this.data.journeys) {
      refs.push(j.journey.id);
      for (const s of j.journey.steps) refs.push(`${j.journey.id}/${s.id}`);
    }
    return refs;
  }

  /** The definition of a journey, step or component reference. */
  definition(ref: string): Loc | undefined {
    const r = this.resolve(ref);
    if (r?.kind === 'journey') return r.journey.idLoc;
    if (r?.kind === 'step') return r.journey.steps.find((s) => s.step.id === r.step.id)?.idLoc;
    return this.components.get(ref)?.idLoc;
  }

  componentsOf(path: string): string[] {
    return this.matcher.componentsOf(path);
  }

  /** Files of a component, by its patterns. */
  filesOf(componentId: string): string[] {
    const out: string[] = [];
    for (const path of this.files.keys()) if (this.matcher.componentsOf(path).includes(componentId)) out.push(path);
    return out;
  }

  feedbackRecord(id: string): FeedbackItem | undefined {
    const seq = this.folded.seqOf.get(id);
    return seq === undefined ? undefined : this.item(seq);
  }

  /** The end of the built-in metrics' window. */
  get window(): { end: Date; days: number } {
    return { end: new Date(this.windowEnd), days: this.options.windowDays };
  }

  // ---- file context --------------------------------------------------------------------------------------------

  /** The journeys and steps a file serves, with how it serves them, main first: annotations, then components. */
  refsOf(path: string, components = this.matcher.componentsOf(path)): { ref: string; via: Via[] }[] {
    const found = new Map<string, Via[]>();
    const add = (ref: string, via: Via) => {
      if (!this.isRef(ref)) return;
      const list = found.get(ref) ?? [];
      list.push(via);
      found.set(ref, list);
    };
    for (const a of this.files.get(path)?.annotations ?? []) for (const r of a.refs) add(r.ref, { kind: 'annotation', line: a.line });
    for (const id of components) {
      const c = this.components.get(id)!.component;
      for (const ref of c.journeys) add(ref, { kind: 'component', id, name: c.name ?? id });
    }
    return [...found].map(([ref, via]) => ({ ref, via }));
  }

  contextOf(path: string): FileContext {
    const cached = this.contextCache.get(path);
    if (cached) return cached;
    const ids = this.matcher.componentsOf(path);
    const components = ids.map((id) => {
      const c = this.components.get(id)!.component;
      return { id, name: c.name ?? id, ...(c.owner ? { owner: c.owner } : {}), journeys: c.journeys };
    });
    const refs = this.refsOf(path, ids).map(({ ref, via }) => this.refContext(ref, via));
    // Among equals the ref with the most feedback leads: it is where customers speak most about this code.
    const main = refs.slice().sort((a, b) => rank(a) - rank(b) || b.stats.current.count - a.stats.current.count)[0];
    const ordered = main ? [main, ...refs.filter((r) => r !== main)] : [];
    const ctx: FileContext = {
      path,
      components,
      refs: ordered,
      annotations: (this.files.get(path)?.annotations ?? []).map((a) => ({ line: a.line, range: a.range, refs: a.refs.map((r) => r.ref) })),
      pathFeedback: (this.folded.byPath.get(path) ?? [])
        .slice()
        .sort((a, b) => this.byRecent(a.seq, b.seq))
        .map(({ seq, lines }) => ({ item: this.item(seq), ...(lines ? { lines } : {}) })),
      health: ordered.some((r) => r.health === 'warning') ? 'warning' : ordered.some((r) => r.health === 'good') ? 'good' : 'unknown',
    };
    this.contextCache.set(path, ctx);
    return ctx;
  }

  /**
   * Computes now what the first lookups would otherwise compute on demand: the feedback of every journey, step and
   * component, and every journey's and step's context (metrics, statistics, recent and most negative feedback), so
   * that no file's first lookup pays for a large journey; the answers are the same as computed lazily
   * (test/unit/fastPaths.test.ts). Returns the number of refs.
   */
  summarize(): number {
    const steps = this.summarySteps();
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  /**
   * `summarize` in steps of a few milliseconds each, for the language server to run between requests (it calls
   * `return()` to stop early). A lookup made between two steps computes what it needs itself and gets the same
   * answer; what the summary computed stays computed.
   */
  *summarySteps(): Generator<void, number, void> {
    yield* this.refFeedbackSteps();
    const refs = this.allRefs();
    // Refs share their newest and most negative records (a journey's are often its steps'): each is read once.
    this.itemsRead = new Map();
    try {
      for (const ref of refs) {
        this.refContext(ref);
        yield;
      }
    } finally {
      this.itemsRead = undefined;
    }
    // What the first edit of a component's patterns looks through: the files' index (not built when the first
    // index was lent what it checks), and the tagged paths that are not files.
    this.pathIndex();
    this.taggedOutside();
    this.summaryRan = true;
    return refs.length;
  }

  private summaryRan = false;

  /** Whether a summary ran to its end. */
  get summarized(): boolean {
    return this.summaryRan;
  }

  /** The records read back while summarizing, by seq. */
  private itemsRead: Map<number, FeedbackItem> | undefined;

  /** The context of one journey or step reference, as a file that serves it would show it. */
  refContext(ref: string, via: Via[] = []): RefContext {
    let cached = this.refCache.get(ref);
    if (!cached) {
      cached = this.refContextOf(ref);
      this.refCache.set(ref, cached);
    }
    return { ...cached, via };
  }

  private refContextOf(ref: string): Omit<RefContext, 'via'> {
    const r = this.resolve(ref);
    if (!r) throw new Error(`unknown journey or step '${ref}'`);
    const j = r.journey.journey;
    const step = r.kind === 'step' ? r.step : undefined;
    const defs = j.metrics.filter((m) => !step || !m.step || m.step === step.id);
    const metrics = defs.map((m) => this.metricView(j, m));
    const fb = this.feedbackOfRef(ref);
    const stats = feedbackStats(fb, this.folded, this.windowEnd, this.options.windowDays);
    const health: Health = metrics.some((m) => m.offTarget) ? 'warning' : metrics.some((m) => m.offTarget === false) ? 'good' : 'unknown';
    return {
      ref,
      journeyId: j.id,
      ...(step ? { stepId: step.id, stepName: step.name } : {}),
      title: step ? `${j.name} › ${step.name}` : j.name,
      journeyName: j.name,
      ...((step?.outcome ?? j.outcome) ? { outcome: step?.outcome ?? j.outcome } : {}),
      ...(j.outcome ? { journeyOutcome: j.outcome } : {}),
      ...(j.owner ? { owner: j.owner } : {}),
      metrics,
      stats,
      recent: this.newest(fb, 3).map((seq) => this.item(seq)),
      mostNegative: this.worst(fb, 3).map((seq) => this.item(seq)),
      health,
    };
  }

  private metricView(j: Journey, m: MetricDef): MetricView {
    const key = `${j.id}.${m.id}`;
    const series = this.series.get(key) ?? [];
    const latest = series.at(-1);
    const previous = series.at(-2);
    const trend = !latest || !previous ? 'none' : latest.value > previous.value ? 'up' : latest.value < previous.value ? 'down' : 'flat';
    const improving = trend === 'none' || trend === 'flat' ? undefined : (trend === 'up') === (m.better === 'higher');
    const offTarget = latest && m.target !== undefined ? (m.better === 'higher' ? latest.value < m.target : latest.value > m.target) : undefined;
    return {
      key,
      id: m.id,
      name: m.name,
      ...(m.unit !== undefined ? { unit: m.unit } : {}),
      ...(m.target !== undefined ? { target: m.target } : {}),
      better: m.better,
      ...(m.step ? { step: m.step } : {}),
      ...(latest ? { latest } : {}),
      ...(previous ? { previous } : {}),
      trend,
      improving,
      offTarget,
      series,
    };
  }

  // ---- feedback ------------------------------------------------------------------------------------------------

  /**
   * Feedback about a journey, step or component: tagged to it directly, to a component that serves it, or to a
   * file that serves it. A journey includes its steps.
   */
  private feedbackOfRef(ref: string): Seqs {
    const byRef = this.feedbackByRef();
    if (this.components.has(ref) && !this.resolve(ref)) return byRef.get(`c:${ref}`) ?? NO_SEQS;
    return (this.resolve(ref) && byRef.get(ref)) || NO_SEQS;
  }

  /**
   * Which refs feedback tagged to `target` is about (keys of `RefFeedback.sets`). A journey's feedback: tagged to it
   * or to one of its steps, to a component that serves it or one of its steps (as written in the component, known
   * step or not), or to a file that serves it or one of its steps. A step's: tagged to it, to a component that lists
   * it, or to a file that serves it. A component's (`c:id`): tagged to it, or to a file it includes.
   */
  private keysOfTarget(target: string): readonly string[] {
    const keys = new Set<string>();
    const body = target.slice(2);
    const addRef = (ref: string, journeyIfKnown: boolean) => {
      keys.add(ref);
      const slash = ref.indexOf('/');
      if (slash >= 0 && (!journeyIfKnown || this.isRef(ref))) keys.add(this.keyString(ref.slice(0, slash)));
    };
    if (target.startsWith('j:')) addRef(body, true);
    else if (target.startsWith('c:')) {
      const c = this.components.get(body);
      if (c) {
        keys.add(this.keyString(target));
        for (const ref of c.component.journeys) addRef(ref, false);
      }
    } else {
      const components = this.matcher.componentsOf(body);
      // A file without annotations is about what its components are about: one answer per set of components.
      const plain = !this.files.get(body)?.annotations.length;
      const shared = plain ? this.keysOfComponents.get(components.join('\n')) : undefined;
      if (shared) return shared;
      for (const id of components) keys.add(this.keyString(`c:${id}`));
      // The refs of `refsOf(body, components)`, in its order, without how the file serves them (a file of a dozen
      // components would make a list of a few dozen ways each time).
      for (const a of this.files.get(body)?.annotations ?? []) for (const r of a.refs) if (this.isRef(r.ref)) addRef(r.ref, false);
      for (const id of components) for (const ref of this.components.get(id)!.component.journeys) if (this.isRef(ref)) addRef(ref, false);
      if (plain) {
        const list = [...keys];
        this.keysOfComponents.set(components.join('\n'), list);
        return list;
      }
    }
    return [...keys];
  }

  /**
   * One string per key that `keysOfTarget` makes (a component's `c:id`, a step's journey): the lists of keys of tens
   * of thousands of targets, dozens of keys each, then share them (a string made for each list was ~17 MB more heap
   * at full size).
   */
  private keyString(key: string): string {
    const shared = this.keyStrings.get(key);
    if (shared !== undefined) return shared;
    this.keyStrings.set(key, key);
    return key;
  }

  private readonly keyStrings = new Map<string, string>();

  /** What feedback is tagged to, by ref (see `keysOfTarget`): built now unless a summary has built it. */
  private feedbackByRef(): Map<string, Seqs> {
    const steps = this.refFeedbackSteps();
    while (!steps.next().done);
    return this.refFeedback!.sets;
  }

  /** The build of `refFeedback`, when a summary stopped in the middle of it: the next use goes on from there. */
  private refFeedbackBuild: Generator<void, void, void> | undefined;

  /** Builds `refFeedback` in steps (none when it is built), going on with a build a summary left. */
  private *refFeedbackSteps(): Generator<void, void, void> {
    if (this.refFeedback) return;
    const build = (this.refFeedbackBuild ??= this.buildRefFeedback());
    try {
      while (!build.next().done) yield;
    } catch (e) {
      this.refFeedbackBuild = undefined; // it failed: the next use starts again
      throw e;
    }
    this.refFeedbackBuild = undefined;
  }

  private *buildRefFeedback(): Generator<void, void, void> {
    const keysOf = new Map<string, readonly string[]>();
    // A target has dozens of refs (a file's components serve many journeys and steps), and the targets of the same
    // components share their list of refs: the records are gathered once per such group, then each ref's from its
    // groups, instead of once per target and ref.
    const groups = new Numbering<readonly string[]>();
    const groupTargets: string[][] = [];
    for (const target of this.folded.byTarget.keys()) {
      const keys = this.keysOfTarget(target);
      keysOf.set(target, keys);
      (groupTargets[groups.of(keys)] ??= []).push(target);
      yield;
    }
    // The groups of each ref, counted, then laid out in one array: what the build keeps until its end is a few
    // arrays, not a growing list of records and of targets per ref (~15 MB the summary left for a full collection).
    const refs = new Numbering<string>();
    const counts: number[] = [];
    for (const keys of groups.keys) {
      for (const key of keys) {
        const k = refs.of(key);
        if (k === counts.length) counts.push(0);
        counts[k]!++;
      }
    }
    const keyNames = refs.keys;
    const starts = new Int32Array(keyNames.length + 1);
    for (let k = 0; k < keyNames.length; k++) starts[k + 1] = starts[k]! + counts[k]!;
    const groupsOfKey = new Int32Array(starts[keyNames.length]!);
    const next = starts.slice(0, keyNames.length);
    groups.keys.forEach((keys, g) => {
      for (const key of keys) groupsOfKey[next[refs.of(key)]!++] = g;
    });
    const unions: Seqs[] = new Array<Seqs>(groups.keys.length);
    for (let g = 0; g < unions.length; g++) {
      unions[g] = this.gather(groupTargets[g]!);
      yield;
    }
    const sets = new Map<string, Seqs>();
    const targetsOf: RefFeedback['targetsOf'] = new Map();
    for (let k = 0; k < keyNames.length; k++) {
      const from = starts[k]!;
      const lists = new Array<Seqs>(starts[k + 1]! - from);
      const chunks = new Array<readonly string[]>(lists.length);
      for (let i = 0; i < lists.length; i++) {
        const g = groupsOfKey[from + i]!;
        lists[i] = unions[g]!;
        chunks[i] = groupTargets[g]!;
      }
      sets.set(keyNames[k]!, unionSeqs(lists));
      targetsOf.set(keyNames[k]!, chunks);
      yield;
    }
    this.refFeedback = { sets, keysOf: LayeredMap.of(keysOf), targetsOf };
  }

  /** The records tagged to any of `targets`. */
  private gather(targets: readonly string[]): Seqs {
    const lists: Seqs[] = [];
    for (const target of targets) {
      const seqs = this.folded.byTarget.get(target);
      if (seqs) lists.push(seqs);
    }
    return unionSeqs(lists);
  }

  /**
   * The previous index's `RefFeedback`, updated for what changed, when it had one and the records are the same:
   * retagged records move between the sets of their refs; targets whose refs change (the tags of a component that
   * changed, a path one of its patterns can match, a file whose annotations changed, a target that names a
   * reference that came or went) are re-keyed and the sets of the refs they leave or join gathered again. Returns
   * the refs whose feedback changed, or undefined when this index starts without (and builds it on first use).
   */
  private carryRefFeedback(previous: CxIndex, same: Same, retagged: Retagged[] | undefined): Set<string> | undefined {
    const before = previous.refFeedback;
    if (!before || !same.feedback || !(same.tags || retagged)) return undefined;
    // What feedback is tagged to reads the journeys only through which references resolve: an edit of a name, an
    // outcome or a metric (typing in the journeys file) leaves it as it was; one that adds or removes a journey or
    // step re-keys the targets that name those references (`retargeted`).
    const movedRefs = same.journeys ? new Set<string>() : this.refsMovedSince(previous);
    const changedModel = !same.components || !same.sources || movedRefs.size > 0;
    if (changedModel && retagged) return undefined; // a retag and a model change in one step: rebuilt on demand
    const sets = new Map(before.sets);
    const changed = new Set<string>();
    let keysOf = before.keysOf;
    let targetsOf = before.targetsOf;
    const keysOfTarget = (target: string): readonly string[] => {
      let keys = keysOf.get(target);
      if (!keys) {
        if (keysOf === before.keysOf) keysOf = keysOf.next();
        if (targetsOf === before.targetsOf) targetsOf = new Map(targetsOf);
        keys = this.keysOfTarget(target);
        keysOf.set(target, keys);
        for (const key of keys) targetsOf.set(key, [...(targetsOf.get(key) ?? []), [target]]);
      }
      return keys;
    };
    const keysOfLinks = (links: readonly Link[]) => new Set(links.flatMap((l) => keysOfTarget(targetOf(l))));
    for (const { seq, before: was, after: now } of retagged ?? []) {
      // The record keeps its seq: it leaves the refs it no longer serves and joins the new ones.
      const left = keysOfLinks(was);
      const joined = keysOfLinks(now);
      for (const key of left) {
        if (joined.has(key)) continue;
        const seqs = withoutSeq(sets.get(key), seq);
        if (seqs.length) sets.set(key, seqs);
        else sets.delete(key);
        changed.add(key);
      }
      for (const key of joined) {
        if (!left.has(key)) sets.set(key, withSeq(sets.get(key), seq));
        changed.add(key);
      }
    }
    if (changedModel) {
      if (keysOf === before.keysOf) keysOf = keysOf.next();
      if (targetsOf === before.targetsOf) targetsOf = new Map(targetsOf);
      // Which targets leave and join each ref, applied once per ref (a journey may gather thousands of targets).
      const leaving = new Map<string, Set<string>>();
      const joining = new Map<string, string[]>();
      for (const target of this.retargeted(previous, movedRefs)) {
        const old = keysOf.get(target) ?? [];
        const keys = this.folded.byTarget.has(target) ? this.keysOfTarget(target) : [];
        if (old.length === keys.length && old.every((k, i) => k === keys[i])) continue;
        for (const key of old) leaving.set(key, (leaving.get(key) ?? new Set()).add(target));
        for (const key of keys) pushTo(joining, key, target);
        if (keys.length) keysOf.set(target, keys);
        else keysOf.delete(target);
      }
      const regather = new Set([...leaving.keys(), ...joining.keys()]);
      for (const key of regather) {
        const gone = leaving.get(key);
        const all = (targetsOf.get(key) ?? []).flat();
        const kept = gone ? all.filter((t) => !gone.has(t)) : all;
        targetsOf.set(key, [[...kept, ...(joining.get(key) ?? [])]]);
      }
      for (const key of regather) {
        changed.add(key);
        const targets = targetsOf.get(key)![0]!;
        const seqs = this.gather(targets);
        if (seqs.length) sets.set(key, seqs);
        else sets.delete(key);
        if (!targets.length) targetsOf.delete(key);
      }
    }
    this.refFeedback = { sets, keysOf, targetsOf };
    return changed;
  }

  /**
   * The tagged targets whose refs may differ from `previous`'s when the components, sources or references changed:
   * each changed, added or removed component's own, every tagged path one of its old or new patterns can match, every
   * tagged path whose file came, went or changed, and the targets that name one of `moved`, the references that came
   * or went.
   */
  private retargeted(previous: CxIndex, moved: ReadonlySet<string>): Set<string> {
    const out = new Set<string>();
    const patterns: string[] = [];
    if (moved.size) {
      // A journey or step tagged, a component that serves one (with the paths its patterns can match), a file whose
      // annotations name one.
      for (const ref of moved) out.add(`j:${ref}`);
      for (const [id, c] of this.components) {
        if (!c.component.journeys.some((ref) => moved.has(ref))) continue;
        out.add(`c:${id}`);
        patterns.push(...c.component.paths);
      }
      for (const [path, f] of this.files) {
        if (f.annotations.length && f.annotations.some((a) => a.refs.some((r) => moved.has(r.ref))) && this.folded.byPath.has(path)) out.add(`p:${path}`);
      }
    }
    const key = (c: ComponentEntry) => JSON.stringify([c.component.paths, c.component.journeys]);
    for (const [id, c] of this.components) {
      const was = previous.components.get(id);
      // The same parsed value while the component's text is the same (see loadComponentsYaml): no need to compare.
      if (was && (was.component === c.component || key(was) === key(c))) continue;
      out.add(`c:${id}`);
      patterns.push(...c.component.paths, ...(was?.component.paths ?? []));
    }
    for (const [id, c] of previous.components) {
      if (this.components.has(id)) continue;
      out.add(`c:${id}`);
      patterns.push(...c.component.paths);
    }
    if (patterns.length) {
      // Tagged paths that are files, found through the files' index; tagged paths that are not, tried one by one.
      for (const path of this.pathIndex().touchedBy(patterns)) if (this.folded.byPath.has(path)) out.add(`p:${path}`);
      for (const path of pathsTouchedBy(patterns, this.taggedOutside())) out.add(`p:${path}`);
    }
    if (previous.files !== this.files) {
      for (const path of this.folded.byPath.keys()) if (previous.files.get(path) !== this.files.get(path)) out.add(`p:${path}`);
    }
    return out;
  }

  /** The records a query starts from: about a file, about a reference or component, or all. */
  private poolOf(q: Pick<FeedbackQuery, 'ref' | 'path'>): Seqs {
    if (q.path !== undefined) {
      const lists: Seqs[] = [Int32Array.from(new Set((this.folded.byPath.get(q.path) ?? []).map((t) => t.seq)))];
      const byRef = this.feedbackByRef();
      for (const { ref } of this.refsOf(q.path)) lists.push(byRef.get(ref) ?? NO_SEQS);
      for (const id of this.matcher.componentsOf(q.path)) lists.push(this.folded.byTarget.get(`c:${id}`) ?? NO_SEQS);
      return unionSeqs(lists);
    }
    return q.ref !== undefined ? this.feedbackOfRef(q.ref) : this.allSeqs();
  }

  /** Every record's seq. */
  private allSeqs(): Seqs {
    const n = this.folded.rows.length;
    let all = allSeqs.get(this.folded.rows);
    if (!all) allSeqs.set(this.folded.rows, (all = Int32Array.from({ length: n }, (_, i) => i)));
    return all;
  }

  /** Paged, filtered feedback for views and the `customerContext/feedback` request. */
  queryFeedback(q: FeedbackQuery): FeedbackPage {
    const pool = this.poolOf(q);
    const { rows, time, sentiment } = this.folded;
    const since = q.since ? parseTime(q.since) : undefined;
    const words = (q.search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    // The pool itself when nothing is left out (a million seqs are not copied for nothing).
    let base: Seqs = pool;
    if (q.untagged || q.tagged || since !== undefined) {
      const kept = new Int32Array(pool.length);
      const linked = q.untagged || q.tagged ? linkedMarks(this.folded) : undefined;
      let n = 0;
      for (const seq of pool) {
        if (q.untagged && linked![seq]) continue;
        if (q.tagged && !linked![seq]) continue;
        if (since !== undefined && time[seq]! < since) continue;
        kept[n++] = seq;
      }
      base = kept.subarray(0, n);
    }
    if (words.length) {
      // The texts are read only here (and for the items shown), in blocks.
      const found: number[] = [];
      rows.forEachRecord(base, (seq, r) => {
        const hay = `${r.title ?? ''} ${r.text}`.toLowerCase();
        if (words.every((w) => hay.includes(w))) found.push(seq);
      });
      base = Int32Array.from(found);
    }
    const { sources, segments } = rows.valuesOf(base);
    const facets = { source: [...sources].sort(), segment: [...segments].sort() };
    const filtering = !!(q.source?.length || q.sentiment?.length || q.segment?.length);
    const filtered = !filtering ? base : base.filter((seq) => {
      if (q.source?.length) {
        const source = rows.source(seq);
        if (source === undefined || !q.source.includes(source)) return false;
      }
      if (q.sentiment?.length) {
        const s = SENTIMENT_CODES[sentiment[seq]!];
        if (s === undefined || !q.sentiment.includes(s)) return false;
      }
      if (q.segment?.length) {
        const segment = rows.segment(seq);
        if (segment === undefined || !q.segment.includes(segment)) return false;
      }
      return true;
    });
    const offset = Math.max(0, q.offset ?? 0);
    const limit = Math.max(0, q.limit ?? 50);
    // Only the records up to the end of the page are put in order (a page of a million is a thousand of them).
    const ordered = firstSorted(filtered, offset + limit, q.sort === 'negative' ? this.byNegative : this.byRecent);
    return { total: filtered.length, items: ordered.slice(offset, offset + limit).map((seq) => this.item(seq)), facets };
  }

  /** Built-in statistics of any feedback selection (e.g. a component, or a file's whole pool). */
  statsOf(q: Pick<FeedbackQuery, 'ref' | 'path'>): FeedbackStats {
    return feedbackStats(this.poolOf(q), this.folded, this.windowEnd, this.options.windowDays);
  }

  /**
   * `top(seqs, n, byRecent)`, without a call per record: `seqs` ascend, so a record no newer than the last kept
   * cannot be kept.
   */
  private newest(seqs: Seqs, n: number): number[] {
    const { time } = this.folded;
    const out: number[] = [];
    for (let i = 0; i < seqs.length; i++) {
      const seq = seqs[i]!;
      if (out.length === n && time[seq]! <= time[out[n - 1]!]!) continue;
      let at = out.length;
      while (at > 0 && this.byRecent(seq, out[at - 1]!) < 0) at--;
      out.splice(at, 0, seq);
      if (out.length > n) out.pop();
    }
    return out;
  }

  /** `top` of the negative records of `seqs` by `byNegative`. */
  private worst(seqs: Seqs, n: number): number[] {
    const { sentiment } = this.folded;
    const out: number[] = [];
    // Each kept record's rank beside it: a record's rank is worked out once, not at every comparison.
    const ranks: number[] = [];
    const before = (rank: number, seq: number, at: number) => (rank - ranks[at]! || this.byRecent(seq, out[at]!)) < 0;
    for (let i = 0; i < seqs.length; i++) {
      const seq = seqs[i]!;
      if (sentiment[seq] !== NEGATIVE) continue;
      const rank = this.scoreRank(seq);
      if (out.length === n && !before(rank, seq, n - 1)) continue;
      let at = out.length;
      while (at > 0 && before(rank, seq, at - 1)) at--;
      out.splice(at, 0, seq);
      ranks.splice(at, 0, rank);
      if (out.length > n) {
        out.pop();
        ranks.pop();
      }
    }
    return out;
  }

  /** Newest first; the same time in load order. */
  private readonly byRecent = (a: number, b: number): number => this.folded.time[b]! - this.folded.time[a]! || a - b;

  /** Worst first, then newest. */
  private readonly byNegative = (a: number, b: number): number => this.scoreRank(a) - this.scoreRank(b) || this.byRecent(a, b);

  /** Lower is worse: negative first, then by how bad the score is. */
  private scoreRank(seq: number): number {
    const type = SCORE_TYPES[this.folded.scoreType[seq]!];
    const value = this.folded.scoreValue[seq]!;
    const scaled = !type ? 0.5 : type === 'nps' ? value / 10 : type === 'ces' ? (value - 1) / 6 : (value - 1) / 4;
    return RANK_OF_CODE[this.folded.sentiment[seq]!]! + scaled;
  }

  private item(seq: number): FeedbackItem {
    const read = this.itemsRead?.get(seq);
    if (read) return { ...read };
    const { rows } = this.folded;
    const r = rows.record(seq);
    const sentiment = SENTIMENT_CODES[this.folded.sentiment[seq]!];
    const item: FeedbackItem = {
      id: r.id,
      date: r.date,
      text: r.text,
      ...(r.title !== undefined ? { title: r.title } : {}),
      ...(r.source !== undefined ? { source: r.source } : {}),
      ...(sentiment !== undefined ? { sentiment } : {}),
      ...(r.score !== undefined ? { score: r.score } : {}),
      ...(r.segment !== undefined ? { segment: r.segment } : {}),
      ...(r.url !== undefined ? { url: r.url } : {}),
      file: rows.file(seq),
      line: rows.line(seq),
      links: linksOf(this.folded, seq),
    };
    this.itemsRead?.set(seq, item);
    return item;
  }

  /** Every feedback record with its folded tags (for coverage and the Feedback tree). */
  allFeedback(): FeedbackItem[] {
    return Array.from(this.allSeqs(), (seq) => this.item(seq));
  }

  /**
   * Every record's id, whether it is negative and its links (with the tags log): what coverage counts, without
   * reading the records' texts.
   */
  recordLinks(): RecordLinks {
    const folded = this.folded;
    return {
      length: folded.rows.length,
      id: (seq) => folded.rows.id(seq),
      negative: (seq) => folded.sentiment[seq] === NEGATIVE,
      links: (seq) => linksOf(folded, seq),
    };
  }

  /** Every record's id, in load order. */
  feedbackIds(): string[] {
    const { rows } = this.folded;
    return Array.from(this.allSeqs(), (seq) => rows.id(seq));
  }

  // ---- loading and checks --------------------------------------------------------------------------------------

  private unknownRef(loc: Loc, ref: string, severity: Problem['severity'] = 'error', kinds: 'refs' | 'components' = 'refs'): Problem {
    const suggestions = closest(ref, kinds === 'components' ? [...this.components.keys()] : this.allRefs());
    const what = kinds === 'components' ? 'component' : ref.includes('/') ? 'step' : 'journey';
    return {
      file: loc.file,
      range: loc.range,
      severity,
      code: 'unknown-reference',
      message: `unknown ${what} '${ref}'${suggestions.length ? ` (did you mean ${suggestions.map((s) => `'${s}'`).join(' or ')}?)` : ''}`,
      suggestions,
    };
  }

  private checkJourneys(): Problem[] {
    const problems: Problem[] = [];
    for (const j of this.data.journeys) {
      for (const m of j.metrics) {
        if (m.metric.step && !j.journey.steps.some((s) => s.id === m.metric.step)) {
          const suggestions = closest(m.metric.step, j.journey.steps.map((s) => s.id));
          problems.push({
            file: (m.stepLoc ?? m.loc).file,
            range: (m.stepLoc ?? m.loc).range,
            severity: 'error',
            code: 'unknown-reference',
            message: `journey '${j.journey.id}' has no step '${m.metric.step}'${suggestions.length ? ` (did you mean '${suggestions[0]}'?)` : ''}`,
            suggestions,
          });
        }
      }
    }
    return problems;
  }

  /**
   * Unknown journeys in components, and patterns that match no file. Which patterns match nothing is kept per
   * component while the files are the same (`unmatched`): an edit of one component asks the files' index about its
   * patterns alone; a first index tries every pattern in one pass.
   */
  private checkComponents(): Problem[] {
    const problems: Problem[] = [];
    // Each pattern looks up the files it can match in the path index (built now, with the first index: an edit of a
    // component finds it), rather than each file trying every pattern (~2× the time at 100,000 files).
    for (const c of this.data.components) {
      c.component.journeys.forEach((ref, i) => {
        if (!this.resolve(ref)) problems.push(this.unknownRef(c.journeyRefLocs[i] ?? c.idLoc, ref));
      });
      let unmatched = this.unmatched.get(c.component);
      if (!unmatched) this.unmatched.set(c.component, (unmatched = this.lentUnmatched(c.component) ?? this.pathIndex().unmatched(c.component.paths)));
      for (const patternIndex of unmatched) {
        const loc = c.patternLocs[patternIndex] ?? c.idLoc;
        const pattern = c.component.paths[patternIndex];
        if (pattern?.startsWith('!')) continue; // an exclusion that excludes nothing today is harmless
        problems.push({
          file: loc.file,
          range: loc.range,
          severity: 'warning',
          code: 'pattern-matches-nothing',
          message: `pattern '${pattern}' of component '${c.component.id}' matches no file`,
        });
      }
    }
    return problems;
  }

  private checkAnnotations(): Problem[] {
    const problems: Problem[] = [];
    for (const f of this.files.values()) {
      for (const a of f.annotations) {
        for (const r of a.refs) if (!this.resolve(r.ref)) problems.push(this.unknownRef({ file: f.path, range: r.range }, r.ref, 'warning'));
        for (const m of a.malformed) {
          problems.push({
            file: f.path,
            range: m.range,
            severity: 'warning',
            code: 'unknown-reference',
            message: `'${m.text}' is not a reference: write journey or journey/step in lower case (e.g. checkout/pay)`,
          });
        }
      }
    }
    return problems;
  }

  /** The record (a seq) or tag line (the number of records + its index) at a place, as a location. */
  private placeLoc(at: number): Loc {
    const records = this.data.feedback.length;
    const file = at < records ? this.data.feedback.file(at) : this.data.tags[at - records]!.file;
    const line = at < records ? this.data.feedback.line(at) : this.data.tags[at - records]!.line;
    return { file, range: { start: { line, character: 0 }, end: { line, character: 0 } } };
  }

  /** The problem of a link to `target` (`targetOf`) at a place, or undefined when the target exists. */
  private checkTarget(target: string, at: number): Problem | undefined {
    return this.checkNamed(target.slice(0, 2) as TargetKind, target.slice(2), at);
  }

  /**
   * `checkTarget` of the target of `kind` named `name`. (Looked up by the name itself: for the records' own links
   * that is the string the links hold, whose hash the fold computed already, not a new one made per target.)
   */
  private checkNamed(kind: TargetKind, name: string, at: number): Problem | undefined {
    if (kind === 'j:') return this.resolve(name) ? undefined : this.unknownRef(this.placeLoc(at), name, 'warning');
    if (kind === 'c:') return this.components.has(name) ? undefined : this.unknownRef(this.placeLoc(at), name, 'warning', 'components');
    if (!this.files.size || this.files.has(name)) return undefined;
    return { ...this.placeLoc(at), severity: 'warning', code: 'unknown-reference', message: `no file '${name}' in the workspace` };
  }

  /** The problems of the records' own links to targets of `kinds` that do not exist. */
  private recordLinkProblems(kinds: readonly TargetKind[]): Placed[] {
    const out: Placed[] = [];
    for (const kind of kinds) {
      // One check (and one look for suggestions) per target, then its problem at every place it is written.
      const missing = new Map<string, Problem>();
      for (const name of this.folded.named[kind]) {
        const problem = this.checkNamed(kind, name, 0); // placed below, at each place it is written
        if (problem) missing.set(name, problem);
      }
      forEachPlaceNaming(this.folded.rows, kind, missing, (at, k, name) => {
        out.push({ at, k, target: `${kind}${name}`, problem: { ...missing.get(name)!, ...this.placeLoc(at) } });
      });
    }
    return out;
  }

  /**
   * The problems of the tag lines `from` to `to`: links to targets of `kinds` that do not exist (checked once per
   * target), and, with `orphans`, tags of records that do not exist.
   */
  private tagLineProblems(from: number, to: number, kinds: readonly TargetKind[], orphans: boolean): Placed[] {
    const out: Placed[] = [];
    const checked = new Map<string, Problem | undefined>();
    const records = this.data.feedback.length;
    for (let i = from; i < to; i++) {
      const at = records + i;
      const target = this.folded.tagTargets[i]!;
      if (!target) {
        if (orphans) out.push({ at, k: 0, problem: { ...this.placeLoc(at), severity: 'warning', code: 'unknown-reference', message: `tag of unknown feedback '${this.data.tags[i]!.value.feedback}'` } });
        continue;
      }
      if (kinds.length < TARGET_KINDS.length && !kinds.some((kind) => target.startsWith(kind))) continue;
      if (!checked.has(target)) checked.set(target, this.checkTarget(target, at));
      const problem = checked.get(target);
      if (problem) out.push({ at, k: 0, target, problem: { ...problem, ...this.placeLoc(at) } });
    }
    return out;
  }

  /**
   * The problems of the feedback's links and tag lines, in place order. Kept from `previous` for each kind of target
   * whose definitions are the same (journeys, component ids, the set of files), with the appended tag lines checked.
   */
  private checkLinks(previous: CxIndex | undefined, same: Same | undefined, retagged: Retagged[] | undefined): Placed[] {
    const tags = this.folded.tags;
    if (!previous || !same || !same.feedback || !(same.tags || retagged)) {
      return [...this.recordLinkProblems(TARGET_KINDS), ...this.tagLineProblems(0, tags, TARGET_KINDS, true)].sort(byPlace);
    }
    // The lines the previous index checked; those after it were appended.
    const checked = previous.folded.tags;
    // A link to a component is checked against the components' ids (and suggests among them): the same ids, the same problems.
    const stale = TARGET_KINDS.filter((kind) => (kind === 'j:' ? !same.journeys : kind === 'c:' ? !same.componentIds : !same.paths));
    let out = previous.linkProblems;
    if (stale.length) {
      const kept = out.filter((p) => !p.target || !stale.some((kind) => p.target!.startsWith(kind)));
      out = [...kept, ...this.recordLinkProblems(stale), ...this.tagLineProblems(0, checked, stale, false)].sort(byPlace);
    }
    // The new lines come after every earlier place: their problems go at the end.
    if (retagged) out = [...out, ...this.tagLineProblems(checked, tags, TARGET_KINDS, true)];
    return out;
  }

  private loadSeries(): Problem[] {
    const problems: Problem[] = [];
    const bySegment = new Map<string, Map<string, number[]>>();
    for (const p of this.data.metrics) {
      const m = p.value;
      if (m.segment) {
        // Segmented rows only make a series when a metric has no overall rows: then the segments are averaged.
        const dates = bySegment.get(m.metric) ?? new Map<string, number[]>();
        pushTo(dates, m.date, m.value);
        bySegment.set(m.metric, dates);
        continue;
      }
      const list = this.series.get(m.metric) ?? [];
      list.push({ date: m.date, value: m.value });
      this.series.set(m.metric, list);
    }
    for (const [metric, dates] of bySegment) {
      if (this.series.has(metric)) continue;
      this.series.set(metric, [...dates].map(([date, values]) => ({ date, value: values.reduce((a, b) => a + b, 0) / values.length })));
    }
    for (const list of this.series.values()) list.sort((a, b) => parseTime(a.date) - parseTime(b.date));
    const known = new Set(this.data.journeys.flatMap((j) => j.journey.metrics.map((m) => `${j.journey.id}.${m.id}`)));
    const reported = new Set<string>();
    for (const p of this.data.metrics) {
      if (known.has(p.value.metric) || reported.has(p.value.metric)) continue;
      reported.add(p.value.metric);
      const suggestions = closest(p.value.metric, known);
      problems.push({
        file: p.file,
        range: { start: { line: p.line, character: 0 }, end: { line: p.line, character: p.value.metric.length } },
        severity: 'warning',
        code: 'unknown-reference',
        message: `metric '${p.value.metric}' is not defined in any journey${suggestions.length ? ` (did you mean '${suggestions[0]}'?)` : ''}`,
        suggestions,
      });
    }
    return problems;
  }
}

function sameItems<T>(a: readonly T[], b: readonly T[], length = b.length): boolean {
  if (a === b) return true;
  if (a.length !== length) return false;
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const NO_SEQS: Seqs = new Int32Array(0);
const preparedFolds = new WeakMap<CxData, Folded>();

const allSeqs = new WeakMap<object, Seqs>();
const pathIndexes = new WeakMap<ReadonlyMap<string, SourceFile>, PathIndex>();
/** Patterns that match no file, by component, as `CxIndex.lendUnmatched` lent them, with the sources they are of. */
const lentUnmatched = new WeakMap<Component, { sources: ReadonlyMap<string, SourceFile>; patterns: number[] }>();
const outsideFiles = new WeakMap<object, Outside>();

/** The tagged paths outside the files, for the files and tagged paths (`byPath`) they were found for. */
interface Outside {
  byPath: Folded['byPath'];
  files: ReadonlyMap<string, SourceFile>;
  paths: string[];
}

function byPlace(a: Placed, b: Placed): number {
  return a.at - b.at || a.k - b.k;
}

function rank(r: RefContext): number {
  return r.via.some((v) => v.kind === 'annotation') ? 0 : 1;
}

