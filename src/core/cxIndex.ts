/**
 * The index of one workspace folder: `.cx/` data, the source files and their annotations, resolved into answers
 * for "what is this file's customer context" (SPEC §3), feedback queries and the problems that need the whole
 * picture (unknown references, patterns that match nothing).
 */
import type { Annotation } from './annotations';
import type { CxData } from './cxData';
import { feedbackStats } from './feedbackStats';
import type { FeedbackStats, StatInput } from './feedbackStats';
import { closest } from './issues';
import { ComponentMatcher } from './matcher';
import type { Problem, Range } from './problems';
import { sentimentOf } from './schemas';
import type { FeedbackRecord, Journey, Link, MetricDef, Score, Sentiment, Step } from './schemas';
import type { ComponentEntry, JourneyEntry, Loc } from './yamlModel';
import { pushTo } from './multiMap';

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

interface Fb extends StatInput {
  /** Load order: breaks ties between records of the same time, so answers never depend on a set's order. */
  seq: number;
  record: FeedbackRecord;
  file: string;
  line: number;
  links: Link[];
}

const DAY = 86_400_000;
const SENTIMENT_RANK: Record<string, number> = { negative: 0, neutral: 1, positive: 2 };

export function linkKey(link: Link): string {
  if ('journey' in link) return `j:${link.journey}`;
  if ('component' in link) return `c:${link.component}`;
  return `p:${link.path}${link.lines ? `#${link.lines[0]}-${link.lines[1]}` : ''}`;
}

function parseTime(date: string): number {
  return Date.parse(date.length === 10 ? `${date}T00:00:00Z` : date);
}

export class CxIndex {
  readonly problems: Problem[] = [];
  private readonly journeys = new Map<string, JourneyEntry>();
  private readonly components = new Map<string, ComponentEntry>();
  private readonly matcher: ComponentMatcher;
  private readonly files = new Map<string, SourceFile>();
  // The folded feedback and what it is tagged to: shared with the next index when its feedback and tags are the same.
  private feedback: Fb[] = [];
  private feedbackById = new Map<string, Fb>();
  private readonly series = new Map<string, { date: string; value: number }[]>();
  private readonly windowEnd: number;
  private readonly contextCache = new Map<string, FileContext>();
  /** Feedback indexes by what it is tagged to. */
  private byJourney = new Map<string, Set<Fb>>();
  private byStep = new Map<string, Set<Fb>>();
  private byComponent = new Map<string, Set<Fb>>();
  private byPath = new Map<string, { fb: Fb; lines?: [number, number] }[]>();
  /**
   * Feedback about each journey, step (by ref) and component (by `c:id`), as `feedbackOfRef` defines it: built on
   * first use in one pass over the tags, instead of a pass over every tagged path at each question.
   */
  private refFeedback: Map<string, Set<Fb>> | undefined;
  /** What `refContext` computes for a ref, but `via` (which depends on the file). */
  private readonly refCache = new Map<string, Omit<RefContext, 'via'>>();

  /**
   * `previous`, the index this one replaces, lends its folded feedback when the feedback records and the tags log
   * are the very same (an edit of journeys, components or sources): then a re-index does not touch a million records
   * again, only checks their links against the new journeys, components and files.
   */
  constructor(readonly data: CxData, sources: Iterable<SourceFile>, readonly options: IndexOptions, previous?: CxIndex) {
    for (const j of data.journeys) this.journeys.set(j.journey.id, j);
    for (const c of data.components) this.components.set(c.component.id, c);
    for (const f of sources) this.files.set(f.path, f);
    this.matcher = new ComponentMatcher(data.components.map((c) => c.component));
    this.checkJourneys();
    this.checkComponents();
    this.checkAnnotations();
    if (previous && sameItems(previous.data.feedback, data.feedback) && sameItems(previous.data.tags, data.tags)) this.reuseFeedback(previous);
    else this.loadFeedback();
    this.loadSeries();
    const newest = this.feedback.reduce((max, f) => (f.time > max ? f.time : max), Number.NEGATIVE_INFINITY);
    this.windowEnd = options.now
      ? options.now.getTime()
      : Number.isFinite(newest) ? Math.floor(newest / DAY) * DAY + DAY : Math.floor(Date.now() / DAY) * DAY + DAY;
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
    const fb = this.feedbackById.get(id);
    return fb && this.item(fb);
  }

  /** The end of the built-in metrics' window. */
  get window(): { end: Date; days: number } {
    return { end: new Date(this.windowEnd), days: this.options.windowDays };
  }

  // ---- file context --------------------------------------------------------------------------------------------

  /** The journeys and steps a file serves, with how it serves them, main first: annotations, then components. */
  refsOf(path: string): { ref: string; via: Via[] }[] {
    const found = new Map<string, Via[]>();
    const add = (ref: string, via: Via) => {
      if (!this.resolve(ref)) return;
      const list = found.get(ref) ?? [];
      list.push(via);
      found.set(ref, list);
    };
    for (const a of this.files.get(path)?.annotations ?? []) for (const r of a.refs) add(r.ref, { kind: 'annotation', line: a.line });
    for (const id of this.matcher.componentsOf(path)) {
      const c = this.components.get(id)!.component;
      for (const ref of c.journeys) add(ref, { kind: 'component', id, name: c.name ?? id });
    }
    return [...found].map(([ref, via]) => ({ ref, via }));
  }

  contextOf(path: string): FileContext {
    const cached = this.contextCache.get(path);
    if (cached) return cached;
    const components = this.matcher.componentsOf(path).map((id) => {
      const c = this.components.get(id)!.component;
      return { id, name: c.name ?? id, ...(c.owner ? { owner: c.owner } : {}), journeys: c.journeys };
    });
    const refs = this.refsOf(path).map(({ ref, via }) => this.refContext(ref, via));
    // Among equals the ref with the most feedback leads: it is where customers speak most about this code.
    const main = refs.slice().sort((a, b) => rank(a) - rank(b) || b.stats.current.count - a.stats.current.count)[0];
    const ordered = main ? [main, ...refs.filter((r) => r !== main)] : [];
    const ctx: FileContext = {
      path,
      components,
      refs: ordered,
      annotations: (this.files.get(path)?.annotations ?? []).map((a) => ({ line: a.line, range: a.range, refs: a.refs.map((r) => r.ref) })),
      pathFeedback: (this.byPath.get(path) ?? [])
        .slice()
        .sort((a, b) => byRecent(a.fb, b.fb))
        .map(({ fb, lines }) => ({ item: this.item(fb), ...(lines ? { lines } : {}) })),
      health: ordered.some((r) => r.health === 'warning') ? 'warning' : ordered.some((r) => r.health === 'good') ? 'good' : 'unknown',
    };
    this.contextCache.set(path, ctx);
    return ctx;
  }

  /**
   * Computes now what the first lookups would otherwise compute on demand: the feedback of every journey, step and
   * component, and every journey's and step's context (metrics, statistics, recent and most negative feedback). The
   * language server calls it as soon as an index is built, so that no file's first lookup pays for a large journey;
   * the answers are the same as computed lazily (test/unit/fastPaths.test.ts). Returns the number of refs.
   */
  summarize(): number {
    this.feedbackByRef();
    const refs = this.allRefs();
    for (const ref of refs) this.refContext(ref);
    return refs.length;
  }

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
    const fb = [...this.feedbackOfRef(ref)];
    const stats = feedbackStats(fb, this.windowEnd, this.options.windowDays);
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
      recent: top(fb, 3, byRecent).map((f) => this.item(f)),
      mostNegative: top(fb.filter((f) => f.sentiment === 'negative'), 3, byNegative).map((f) => this.item(f)),
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
  private feedbackOfRef(ref: string): Set<Fb> {
    const byRef = this.feedbackByRef();
    const empty = new Set<Fb>();
    if (this.components.has(ref) && !this.resolve(ref)) return byRef.get(`c:${ref}`) ?? empty;
    return (this.resolve(ref) && byRef.get(ref)) || empty;
  }

  /**
   * One pass over what feedback is tagged to. A journey's feedback: tagged to it or to one of its steps, to a
   * component that serves it or one of its steps (as written in the component, known step or not), or to a file
   * that serves it or one of its steps. A step's: tagged to it, to a component that lists it, or to a file that
   * serves it. A component's: tagged to it, or to a file it includes.
   */
  private feedbackByRef(): Map<string, Set<Fb>> {
    if (this.refFeedback) return this.refFeedback;
    const map = new Map<string, Set<Fb>>();
    const add = (key: string, fbs: Iterable<Fb> | undefined) => {
      if (!fbs) return;
      let set = map.get(key);
      if (!set) map.set(key, (set = new Set()));
      for (const f of fbs) set.add(f);
    };
    const journeyOf = (ref: string) => ref.slice(0, ref.indexOf('/'));
    for (const [ref, set] of this.byJourney) add(ref, set);
    for (const [ref, set] of this.byStep) {
      add(ref, set);
      if (this.resolve(ref)) add(journeyOf(ref), set);
    }
    for (const c of this.data.components) {
      const tagged = this.byComponent.get(c.component.id);
      add(`c:${c.component.id}`, tagged);
      if (!tagged) continue;
      for (const target of new Set(c.component.journeys)) {
        add(target, tagged);
        if (target.includes('/')) add(journeyOf(target), tagged);
      }
    }
    for (const [path, tagged] of this.byPath) {
      const fbs = tagged.map((t) => t.fb);
      for (const id of this.matcher.componentsOf(path)) add(`c:${id}`, fbs);
      for (const { ref } of this.refsOf(path)) {
        add(ref, fbs);
        if (ref.includes('/')) add(journeyOf(ref), fbs);
      }
    }
    this.refFeedback = map;
    return map;
  }

  /** Paged, filtered feedback for views and the `customerContext/feedback` request. */
  /** The records a query starts from: about a file, about a reference or component, or all. */
  private poolOf(q: Pick<FeedbackQuery, 'ref' | 'path'>): Iterable<Fb> {
    if (q.path !== undefined) {
      const set = new Set<Fb>((this.byPath.get(q.path) ?? []).map((t) => t.fb));
      for (const { ref } of this.refsOf(q.path)) for (const f of this.feedbackOfRef(ref)) set.add(f);
      for (const id of this.matcher.componentsOf(q.path)) for (const f of this.byComponent.get(id) ?? []) set.add(f);
      return set;
    }
    return q.ref !== undefined ? this.feedbackOfRef(q.ref) : this.feedback;
  }

  queryFeedback(q: FeedbackQuery): FeedbackPage {
    const pool = this.poolOf(q);
    const since = q.since ? parseTime(q.since) : undefined;
    const words = (q.search ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const base: Fb[] = [];
    for (const f of pool) {
      if (q.untagged && f.links.length) continue;
      if (since !== undefined && f.time < since) continue;
      if (words.length) {
        const hay = `${f.record.title ?? ''} ${f.record.text}`.toLowerCase();
        if (!words.every((w) => hay.includes(w))) continue;
      }
      base.push(f);
    }
    const facets = {
      source: [...new Set(base.map((f) => f.record.source).filter((s): s is string => !!s))].sort(),
      segment: [...new Set(base.map((f) => f.record.segment).filter((s): s is string => !!s))].sort(),
    };
    const filtered = base.filter(
      (f) =>
        (!q.source?.length || (f.record.source !== undefined && q.source.includes(f.record.source))) &&
        (!q.sentiment?.length || (f.sentiment !== undefined && q.sentiment.includes(f.sentiment))) &&
        (!q.segment?.length || (f.record.segment !== undefined && q.segment.includes(f.record.segment))),
    );
    filtered.sort(q.sort === 'negative' ? byNegative : byRecent);
    const offset = Math.max(0, q.offset ?? 0);
    const limit = Math.max(0, q.limit ?? 50);
    return { total: filtered.length, items: filtered.slice(offset, offset + limit).map((f) => this.item(f)), facets };
  }

  /** Built-in statistics of any feedback selection (e.g. a component, or a file's whole pool). */
  statsOf(q: Pick<FeedbackQuery, 'ref' | 'path'>): FeedbackStats {
    return feedbackStats([...this.poolOf(q)], this.windowEnd, this.options.windowDays);
  }

  private item(f: Fb): FeedbackItem {
    const r = f.record;
    return {
      id: r.id,
      date: r.date,
      text: r.text,
      ...(r.title !== undefined ? { title: r.title } : {}),
      ...(r.source !== undefined ? { source: r.source } : {}),
      ...(f.sentiment !== undefined ? { sentiment: f.sentiment } : {}),
      ...(r.score !== undefined ? { score: r.score } : {}),
      ...(r.segment !== undefined ? { segment: r.segment } : {}),
      ...(r.url !== undefined ? { url: r.url } : {}),
      file: f.file,
      line: f.line,
      links: f.links,
    };
  }

  /** Every feedback record with its folded tags (for coverage and the Feedback tree). */
  allFeedback(): FeedbackItem[] {
    return this.feedback.map((f) => this.item(f));
  }

  // ---- loading and checks --------------------------------------------------------------------------------------

  private unknownRef(loc: Loc, ref: string, severity: Problem['severity'] = 'error', kinds: 'refs' | 'components' | 'both' = 'refs'): void {
    const known = kinds === 'components' ? [...this.components.keys()] : kinds === 'both' ? [...this.allRefs(), ...this.components.keys()] : this.allRefs();
    const suggestions = closest(ref, known);
    const what = kinds === 'components' ? 'component' : ref.includes('/') ? 'step' : 'journey';
    this.problems.push({
      file: loc.file,
      range: loc.range,
      severity,
      code: 'unknown-reference',
      message: `unknown ${what} '${ref}'${suggestions.length ? ` (did you mean ${suggestions.map((s) => `'${s}'`).join(' or ')}?)` : ''}`,
      suggestions,
    });
  }

  private checkJourneys(): void {
    for (const j of this.data.journeys) {
      for (const m of j.metrics) {
        if (m.metric.step && !j.journey.steps.some((s) => s.id === m.metric.step)) {
          const suggestions = closest(m.metric.step, j.journey.steps.map((s) => s.id));
          this.problems.push({
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
  }

  private checkComponents(): void {
    for (const c of this.data.components) {
      c.component.journeys.forEach((ref, i) => {
        if (!this.resolve(ref)) this.unknownRef(c.journeyRefLocs[i] ?? c.idLoc, ref);
      });
    }
    for (const { componentId, patternIndex } of this.matcher.patternsMatchingNothing(this.files.keys())) {
      const c = this.components.get(componentId)!;
      const loc = c.patternLocs[patternIndex] ?? c.idLoc;
      const pattern = c.component.paths[patternIndex];
      if (pattern?.startsWith('!')) continue; // an exclusion that excludes nothing today is harmless
      this.problems.push({
        file: loc.file,
        range: loc.range,
        severity: 'warning',
        code: 'pattern-matches-nothing',
        message: `pattern '${pattern}' of component '${componentId}' matches no file`,
      });
    }
  }

  private checkAnnotations(): void {
    for (const f of this.files.values()) {
      for (const a of f.annotations) {
        for (const r of a.refs) if (!this.resolve(r.ref)) this.unknownRef({ file: f.path, range: r.range }, r.ref, 'warning');
        for (const m of a.malformed) {
          this.problems.push({
            file: f.path,
            range: m.range,
            severity: 'warning',
            code: 'unknown-reference',
            message: `'${m.text}' is not a reference: write journey or journey/step in lower case (e.g. checkout/pay)`,
          });
        }
      }
    }
  }

  private checkLink(link: Link, file: string, line: number): void {
    const loc = (): Loc => ({ file, range: { start: { line, character: 0 }, end: { line, character: 0 } } });
    if ('journey' in link) {
      if (!this.resolve(link.journey)) this.unknownRef(loc(), link.journey, 'warning');
    } else if ('component' in link) {
      if (!this.components.has(link.component)) this.unknownRef(loc(), link.component, 'warning', 'components');
    } else if (this.files.size && !this.files.has(link.path)) {
      this.problems.push({ file, range: loc().range, severity: 'warning', code: 'unknown-reference', message: `no file '${link.path}' in the workspace` });
    }
  }

  /** What loadFeedback would build from the same records and tags, taken from `previous`, with the links checked anew. */
  private reuseFeedback(previous: CxIndex): void {
    this.feedback = previous.feedback;
    this.feedbackById = previous.feedbackById;
    this.byJourney = previous.byJourney;
    this.byStep = previous.byStep;
    this.byComponent = previous.byComponent;
    this.byPath = previous.byPath;
    for (const r of this.data.feedback) for (const link of r.value.links) this.checkLink(link, r.file, r.line);
    for (const t of this.data.tags) {
      if (this.feedbackById.has(t.value.feedback)) this.checkLink(t.value.ref, t.file, t.line);
      else this.problems.push({ file: t.file, range: { start: { line: t.line, character: 0 }, end: { line: t.line, character: 0 } }, severity: 'warning', code: 'unknown-reference', message: `tag of unknown feedback '${t.value.feedback}'` });
    }
  }

  private loadFeedback(): void {
    const lineLoc = (file: string, line: number): Loc => ({ file, range: { start: { line, character: 0 }, end: { line, character: 0 } } });
    for (const r of this.data.feedback) {
      const record = r.value;
      const fb: Fb = { seq: this.feedback.length, record, file: r.file, line: r.line, links: [], time: parseTime(record.date), sentiment: sentimentOf(record), score: record.score };
      for (const link of record.links) {
        this.checkLink(link, r.file, r.line);
        if (!fb.links.length || !fb.links.some((l) => linkKey(l) === linkKey(link))) fb.links.push(link);
      }
      this.feedback.push(fb);
      this.feedbackById.set(record.id, fb);
    }
    // Fold the tags log in order: add appends a link, remove takes the same link away.
    for (const t of this.data.tags) {
      const fb = this.feedbackById.get(t.value.feedback);
      const loc = lineLoc(t.file, t.line);
      if (!fb) {
        this.problems.push({ file: t.file, range: loc.range, severity: 'warning', code: 'unknown-reference', message: `tag of unknown feedback '${t.value.feedback}'` });
        continue;
      }
      this.checkLink(t.value.ref, t.file, t.line);
      const key = linkKey(t.value.ref);
      const at = fb.links.findIndex((l) => linkKey(l) === key);
      if (t.value.op === 'add' && at < 0) fb.links.push(t.value.ref);
      if (t.value.op === 'remove' && at >= 0) fb.links.splice(at, 1);
    }
    const push = <K>(map: Map<K, Set<Fb>>, key: K, fb: Fb) => {
      let set = map.get(key);
      if (!set) map.set(key, (set = new Set()));
      set.add(fb);
    };
    for (const fb of this.feedback) {
      for (const l of fb.links) {
        if ('journey' in l) push(l.journey.includes('/') ? this.byStep : this.byJourney, l.journey, fb);
        else if ('component' in l) push(this.byComponent, l.component, fb);
        else {
          const list = this.byPath.get(l.path) ?? [];
          list.push({ fb, ...(l.lines ? { lines: l.lines } : {}) });
          this.byPath.set(l.path, list);
        }
      }
    }
  }

  private loadSeries(): void {
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
      this.problems.push({
        file: p.file,
        range: { start: { line: p.line, character: 0 }, end: { line: p.line, character: p.value.metric.length } },
        severity: 'warning',
        code: 'unknown-reference',
        message: `metric '${p.value.metric}' is not defined in any journey${suggestions.length ? ` (did you mean '${suggestions[0]}'?)` : ''}`,
        suggestions,
      });
    }
  }
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function rank(r: RefContext): number {
  return r.via.some((v) => v.kind === 'annotation') ? 0 : 1;
}

/** Newest first; the same time in load order. */
function byRecent(a: Fb, b: Fb): number {
  return b.time - a.time || a.seq - b.seq;
}

/** Worst first, then newest. */
function byNegative(a: Fb, b: Fb): number {
  return scoreRank(a) - scoreRank(b) || byRecent(a, b);
}

/** The first `n` of `items` in `order`, as sorting all of them and taking `n` would give, without the sort. */
export function top<T>(items: readonly T[], n: number, order: (a: T, b: T) => number): T[] {
  const out: T[] = [];
  if (n <= 0) return out;
  for (const x of items) {
    if (out.length === n && order(x, out[n - 1]!) >= 0) continue;
    let at = out.length;
    while (at > 0 && order(x, out[at - 1]!) < 0) at--;
    out.splice(at, 0, x);
    if (out.length > n) out.pop();
  }
  return out;
}

/** Lower is worse: negative first, then by how bad the score is. */
function scoreRank(f: Fb): number {
  const s = f.score;
  const scaled = !s ? 0.5 : s.type === 'nps' ? s.value / 10 : s.type === 'ces' ? (s.value - 1) / 6 : (s.value - 1) / 4;
  return (SENTIMENT_RANK[f.sentiment ?? 'neutral'] ?? 1) + scaled;
}

