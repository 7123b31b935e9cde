/**
 * The Customer Context view's model: a file's context (SPEC §3) and the cursor → what the webview shows, with
 * display-ready strings, tones and sparkline paths. Pure (no `vscode`), so plain unit tests cover it; the webview
 * only renders the result (src/webview/contextView.ts).
 */
import type { FeedbackItem, FileContext, MetricView, RefContext } from '../../core/cxIndex';
import type { FeedbackStats, PeriodStats } from '../../core/feedbackStats';
import { DEFAULT_SETTINGS } from '../../core/settings';
import { lastDay, metricValue, num, pct, TREND_ARROW } from '../../core/text';
import type { FeedbackParams, FileContextResult } from '../../protocol/lsp';
import { isWebUrl, SPARK_HEIGHT, SPARK_WIDTH } from '../../protocol/webview';
import type {
  Arrow,
  ContextModel,
  EmptyState,
  FeedbackFilters,
  FeedbackRow,
  MetricTile,
  RefCard,
  Sparkline,
  StatTile,
  Tone,
} from '../../protocol/webview';

const DAY = 86_400_000;

/** What the host knows when it builds the model. */
export type ContextInput =
  | { state: 'noEditor' }
  | { state: 'loading'; file: { name: string; path: string } }
  | { state: 'error'; message: string }
  | {
      state: 'ready';
      /** The file's name and workspace-relative path as the editor shows them. */
      file: { name: string; path: string };
      result: FileContextResult;
      /** Zero-based line of the cursor in the file. */
      cursorLine?: number;
    };

export const LINK_FILE_LABEL = 'Link File to Journey…';

export function buildContextModel(input: ContextInput): ContextModel {
  const base = { refs: [], feedback: false, windowDays: DEFAULT_SETTINGS.window };
  switch (input.state) {
    case 'noEditor':
      return {
        ...base,
        empty: {
          kind: 'noEditor',
          title: 'No file open',
          message: 'Open a file to see the customer journeys it serves, their metrics and what customers say about them.',
        },
      };
    case 'loading':
      return { ...base, file: { ...input.file, health: 'unknown', components: [] }, empty: { kind: 'loading', title: 'Loading…', message: '' } };
    case 'error':
      return { ...base, empty: { kind: 'error', title: 'Could not load the customer context', message: input.message } };
    case 'ready':
      return readyModel(input.file, input.result, input.cursorLine);
  }
}

function readyModel(file: { name: string; path: string }, ctx: FileContextResult, cursorLine: number | undefined): ContextModel {
  const windowDays = ctx?.refs[0]?.stats.window.days ?? DEFAULT_SETTINGS.window;
  if (!ctx) {
    return {
      refs: [],
      feedback: false,
      windowDays,
      file: { ...file, health: 'unknown', components: [] },
      empty: {
        kind: 'noWorkspace',
        title: 'No customer data here',
        message: 'This file is not in a workspace folder with a .cx/ folder. Run Customer Context: Initialize Workspace to create one.',
      },
    };
  }
  const atCursor = new Set<string>();
  if (cursorLine !== undefined) for (const a of ctx.annotations) if (a.line === cursorLine) for (const r of a.refs) atCursor.add(r);
  // The refs named on the cursor's line lead, in the order written; the rest keep the index's order (main first).
  const ordered = [
    ...[...atCursor].flatMap((ref) => ctx.refs.filter((r) => r.ref === ref)),
    ...ctx.refs.filter((r) => !atCursor.has(r.ref)),
  ];
  const cursorFeedback =
    cursorLine === undefined
      ? []
      : ctx.pathFeedback.filter((f) => f.lines && f.lines[0] <= cursorLine + 1 && cursorLine + 1 <= f.lines[1]).map((f) => feedbackRow(f.item, f.lines));
  const hasAnything = ctx.refs.length > 0 || ctx.components.length > 0 || ctx.pathFeedback.length > 0;
  let empty: EmptyState | undefined;
  if (ctx.refs.length === 0) {
    empty = {
      kind: 'noContext',
      title: 'No journey linked to this file yet',
      message: ctx.components.length
        ? 'Its components serve no journey. Link the file to the journey or step it serves, so its developers see who it is for.'
        : 'Link it to the journey or step it serves, with a component in .cx/components.yaml or an @cx annotation in the file.',
      action: { id: 'linkFile', label: LINK_FILE_LABEL },
    };
  }
  return {
    file: {
      name: file.name,
      path: ctx.path || file.path,
      health: ctx.health,
      components: ctx.components.map((c) => ({ name: c.name, ...(c.owner ? { owner: c.owner } : {}) })),
    },
    refs: ordered.map((r) => refCard(r, atCursor.has(r.ref))),
    ...(cursorFeedback.length && cursorLine !== undefined ? { cursor: { line: cursorLine, feedback: cursorFeedback } } : {}),
    ...(empty ? { empty } : {}),
    feedback: hasAnything,
    windowDays,
  };
}

/** A key that changes when the cursor moves to a place that changes the model (another `@cx` line or tagged range). */
export function cursorKey(ctx: FileContext | null | undefined, cursorLine: number | undefined): string {
  if (!ctx || cursorLine === undefined) return '';
  const line = cursorLine + 1;
  const annotation = ctx.annotations.some((a) => a.line === cursorLine) ? `a${cursorLine}` : '';
  const ranges = ctx.pathFeedback.filter((f) => f.lines && f.lines[0] <= line && line <= f.lines[1]).map((f) => f.item.id);
  return `${annotation}|${ranges.join(',')}`;
}

export function refCard(r: RefContext, atCursor = false): RefCard {
  return {
    ref: r.ref,
    kind: r.stepId ? 'step' : 'journey',
    title: r.title,
    ...(r.outcome ? { outcome: r.outcome } : {}),
    ...(r.stepId && r.journeyOutcome && r.journeyOutcome !== r.outcome ? { journeyOutcome: r.journeyOutcome } : {}),
    ...(r.owner ? { owner: r.owner } : {}),
    via: r.via.map((v) => (v.kind === 'component' ? `component ${v.name}` : `@cx on line ${v.line + 1}`)),
    atCursor,
    health: r.health,
    metrics: r.metrics.map(metricTile),
    stats: statTiles(r.stats),
    window: `last ${r.stats.window.days} days, to ${lastDay(r.stats.window.to)}`,
    quotes: r.mostNegative.slice(0, 2).map((f) => feedbackRow(f)),
  };
}

function trendWords(trend: MetricView['trend']): string {
  return trend === 'up' ? 'rising' : trend === 'down' ? 'falling' : trend === 'flat' ? 'unchanged' : 'no earlier value';
}

export function metricTile(m: MetricView): MetricTile {
  const value = metricValue(m, m.latest?.value);
  const target = m.target !== undefined ? `target ${metricValue(m, m.target)}` : undefined;
  const tone: Tone = m.improving === undefined ? 'neutral' : m.improving ? 'good' : 'bad';
  const change = m.previous ? `from ${metricValue(m, m.previous.value)} (${m.previous.date.slice(0, 10)})` : m.latest ? 'first value' : 'no data yet';
  const spark = sparkline(m.series.map((p) => p.value), m.target);
  const label = [
    `${m.name}: ${value}`,
    target,
    m.latest ? `${trendWords(m.trend)}${m.previous ? ` ${change}` : ''}` : 'no data yet',
    m.offTarget ? 'off target' : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  return {
    key: m.key,
    name: m.name,
    value,
    ...(target ? { target } : {}),
    arrow: TREND_ARROW[m.trend],
    change,
    ...(m.latest ? { date: m.latest.date.slice(0, 10) } : {}),
    tone,
    offTarget: m.offTarget === true,
    ...(spark ? { sparkline: spark } : {}),
    label,
  };
}

/** At most this many of the latest points are drawn: one per couple of pixels is all a sparkline can show. */
const SPARK_POINTS = 60;
const PAD = 3;

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * The series as an SVG path in the sparkline box; the target is kept inside the vertical range so its line shows
 * how far off the series is. Undefined with fewer than two points.
 */
export function sparkline(values: readonly number[], target?: number): Sparkline | undefined {
  const pts = values.filter((v) => Number.isFinite(v)).slice(-SPARK_POINTS);
  if (pts.length < 2) return undefined;
  const range = target !== undefined && Number.isFinite(target) ? [...pts, target] : pts;
  let min = Math.min(...range);
  let max = Math.max(...range);
  if (max === min) {
    min -= 1;
    max += 1;
  }
  const x = (i: number) => round(PAD + (i / (pts.length - 1)) * (SPARK_WIDTH - 2 * PAD));
  const y = (v: number) => round(PAD + (1 - (v - min) / (max - min)) * (SPARK_HEIGHT - 2 * PAD));
  const path = pts.map((v, i) => `${i === 0 ? 'M' : 'L'}${x(i)} ${y(v)}`).join(' ');
  const lastIndex = pts.length - 1;
  return {
    path,
    last: { x: x(lastIndex), y: y(pts[lastIndex]!) },
    ...(target !== undefined && Number.isFinite(target) ? { targetY: y(target) } : {}),
  };
}

function arrowOf(d: number | undefined): Arrow {
  return d === undefined ? '' : d > 0 ? '▲' : d < 0 ? '▼' : '▶';
}

function signed(d: number, fmt: (n: number) => string): string {
  return `${d > 0 ? '+' : d < 0 ? '−' : '±'}${fmt(Math.abs(d))}`;
}

/** Count, share negative, CSAT and NPS of the window, each against the window before; none without feedback. */
export function statTiles(stats: FeedbackStats): StatTile[] {
  const { current: cur, previous: prev, window } = stats;
  const vs = `vs previous ${window.days} days`;
  const tile = (
    id: StatTile['id'],
    name: string,
    pick: (p: PeriodStats) => number | undefined,
    fmt: (n: number) => string,
    deltaFmt: (n: number) => string,
    better: 'higher' | 'lower' | 'neither',
    none: string,
  ): StatTile => {
    const c = pick(cur);
    const p = pick(prev);
    const d = c !== undefined && p !== undefined ? c - p : undefined;
    const tone: Tone = d === undefined || d === 0 || better === 'neither' ? 'neutral' : (d > 0) === (better === 'higher') ? 'good' : 'bad';
    const value = c === undefined ? '–' : fmt(c);
    const change = c === undefined ? none : d === undefined ? `none in the previous ${window.days} days` : `${signed(d, deltaFmt)} ${vs}`;
    return { id, name, value, change, arrow: arrowOf(d), tone, label: `${name}: ${value}, ${change}` };
  };
  // Nothing in either window: one line says so instead of four empty tiles. CSAT and NPS show when scored.
  if (!cur.count && !prev.count) return [];
  return [
    tile('count', 'Feedback', (s) => s.count, String, String, 'neither', 'none'),
    tile('negative', 'Negative', (s) => s.negativeShare, (n) => pct(n), (n) => `${Math.round(n * 100)} pts`, 'lower', 'no feedback in the window'),
    ...(cur.csatCount || prev.csatCount
      ? [tile('csat', 'CSAT', (s) => s.csat, (n) => n.toFixed(1), (n) => n.toFixed(1), 'higher', 'no CSAT scores in the window')]
      : []),
    ...(cur.npsCount || prev.npsCount
      ? [tile('nps', 'NPS', (s) => s.nps, (n) => (n > 0 ? `+${n.toFixed(0)}` : n.toFixed(0)), (n) => n.toFixed(0), 'higher', 'no NPS scores in the window')]
      : []),
  ];
}

const SCORE_SCALE = { csat: ['CSAT', 5], nps: ['NPS', 10], ces: ['CES', 7], rating: ['Rating', 5] } as const;

export function feedbackRow(f: FeedbackItem, lines?: [number, number]): FeedbackRow {
  const score = f.score ? `${SCORE_SCALE[f.score.type][0]} ${num(f.score.value)}/${SCORE_SCALE[f.score.type][1]}` : undefined;
  return {
    id: f.id,
    text: f.text,
    ...(f.title ? { title: f.title } : {}),
    ...(f.source ? { source: f.source } : {}),
    date: f.date.slice(0, 10),
    ...(f.sentiment ? { sentiment: f.sentiment } : {}),
    ...(score ? { score } : {}),
    ...(f.segment ? { segment: f.segment } : {}),
    ...(f.url && isWebUrl(f.url) ? { url: f.url } : {}),
    ...(lines ? { lines: lines[0] === lines[1] ? `line ${lines[0]}` : `lines ${lines[0]}–${lines[1]}` } : {}),
  };
}

/** The end of the window the file's statistics use; the list's periods count back from it, so both agree. */
export function windowEndOf(ctx: FileContext | null | undefined, now = Date.now()): number {
  const to = ctx?.refs[0]?.stats.window.to;
  const end = to ? Date.parse(to) : NaN;
  return Number.isFinite(end) ? end : Math.floor(now / DAY) * DAY + DAY;
}

/** The `customerContext/feedback` params of one page of a file's feedback list. */
export function feedbackParams(uri: string, filters: FeedbackFilters, windowEnd: number, offset: number, limit: number): FeedbackParams {
  const search = filters.search.trim();
  return {
    uri,
    ...(filters.source ? { source: [filters.source] } : {}),
    ...(filters.sentiment ? { sentiment: [filters.sentiment] } : {}),
    ...(filters.segment ? { segment: [filters.segment] } : {}),
    ...(filters.period !== 'all' ? { since: new Date(windowEnd - Number(filters.period) * DAY).toISOString() } : {}),
    ...(search ? { search } : {}),
    sort: filters.sort,
    offset,
    limit,
  };
}
