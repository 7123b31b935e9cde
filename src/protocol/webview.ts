/**
 * Every message between the extension host and the Customer Context webview view, declared once: discriminated
 * unions on `type`, one zod schema per direction. Each side validates what arrives with `safeParse` and drops what
 * does not match, since a webview is a separate, less trusted process (it renders customer text).
 *
 * The host turns a file's context into a {@link ContextModel} (src/extension/views/contextModel.ts) and the webview
 * only renders it, so the model carries display-ready strings; every string in it may come from `.cx/` data or a
 * customer and is rendered as text, never as HTML.
 */
import * as z from 'zod/mini';
import '../core/zodLocale';
import { CoverageReportJson } from '../core/coverageReportJson';
import { CoverageFilter } from './lsp';

// ---- the view-model (host → webview) ---------------------------------------------------------------------------

/** Whether a change is good, bad or neither, given which way is better; the webview picks the theme colour. */
export const Tone = z.enum(['good', 'bad', 'neutral']);
export type Tone = z.infer<typeof Tone>;

/** The arrow of a change: up, down, flat, or none when there is nothing to compare with. */
export const Arrow = z.enum(['▲', '▼', '▶', '']);
export type Arrow = z.infer<typeof Arrow>;

export const Health = z.enum(['good', 'warning', 'unknown']);
export type Health = z.infer<typeof Health>;

export const Sentiment = z.enum(['positive', 'neutral', 'negative']);
export type Sentiment = z.infer<typeof Sentiment>;

/** SVG path data with absolute move/line commands and numbers only: it goes into a `d` attribute. */
const PathData = z.string().check(z.maxLength(20_000), z.regex(/^[ML0-9.\s-]*$/));

/** A metric's series drawn in a {@link SPARK_WIDTH}×{@link SPARK_HEIGHT} box (y grows downwards). */
export const Sparkline = z.object({
  path: PathData,
  /** The latest point, drawn as a dot. */
  last: z.object({ x: z.number(), y: z.number() }),
  /** The target as a horizontal line, when it lies inside the drawn range. */
  targetY: z.optional(z.number()),
});
export type Sparkline = z.infer<typeof Sparkline>;
export const SPARK_WIDTH = 120;
export const SPARK_HEIGHT = 32;

/** One metric of a journey or step: `61.8%`, target, trend and series. */
export const MetricTile = z.object({
  key: z.string(),
  name: z.string(),
  /** Latest value with its unit, `–` with no data. */
  value: z.string(),
  /** `target 65%`. */
  target: z.optional(z.string()),
  arrow: Arrow,
  /** `from 63.5% (2026-10-01)`. */
  change: z.optional(z.string()),
  /** Date of the latest value. */
  date: z.optional(z.string()),
  tone: Tone,
  offTarget: z.boolean(),
  sparkline: z.optional(Sparkline),
  /** The whole tile in one sentence, for screen readers. */
  label: z.string(),
});
export type MetricTile = z.infer<typeof MetricTile>;

/** One built-in feedback metric over the window, with its change vs the window before. */
export const StatTile = z.object({
  id: z.enum(['count', 'negative', 'csat', 'nps']),
  name: z.string(),
  value: z.string(),
  /** `+3 vs previous 30 days`, or why there is no comparison. */
  change: z.string(),
  arrow: Arrow,
  tone: Tone,
  label: z.string(),
});
export type StatTile = z.infer<typeof StatTile>;

/** One feedback record as a row of the list. */
export const FeedbackRow = z.object({
  id: z.string(),
  text: z.string(),
  title: z.optional(z.string()),
  source: z.optional(z.string()),
  /** `2026-11-02`. */
  date: z.string(),
  sentiment: z.optional(Sentiment),
  /** `CSAT 2/5`, `NPS 3/10`. */
  score: z.optional(z.string()),
  segment: z.optional(z.string()),
  /** The original record's address; only http and https addresses are ever put here. */
  url: z.optional(z.string()),
  /** `lines 40–62`, for feedback tagged to lines of this file. */
  lines: z.optional(z.string()),
});
export type FeedbackRow = z.infer<typeof FeedbackRow>;

/** A journey or step the file serves. */
export const RefCard = z.object({
  ref: z.string(),
  kind: z.enum(['journey', 'step']),
  /** `Checkout › Pay`. */
  title: z.string(),
  outcome: z.optional(z.string()),
  /** The journey's outcome, on a step's card. */
  journeyOutcome: z.optional(z.string()),
  owner: z.optional(z.string()),
  /** How the file serves it: `component Payments API`, `@cx on line 12`. */
  via: z.array(z.string()),
  /** The cursor is on an `@cx` line that names it. */
  atCursor: z.boolean(),
  health: Health,
  metrics: z.array(MetricTile),
  stats: z.array(StatTile),
  /** `last 30 days, to 2026-11-18`. */
  window: z.string(),
  /** The most negative feedback about it. */
  quotes: z.array(FeedbackRow),
});
export type RefCard = z.infer<typeof RefCard>;

export const EmptyState = z.object({
  kind: z.enum(['noEditor', 'noWorkspace', 'noContext', 'loading', 'error']),
  title: z.string(),
  message: z.string(),
  /** A button that runs Link File to Journey… on the file. */
  action: z.optional(z.object({ id: z.literal('linkFile'), label: z.string() })),
});
export type EmptyState = z.infer<typeof EmptyState>;

/** Everything the view shows for one file, except the feedback list (paged separately). */
export const ContextModel = z.object({
  file: z.optional(
    z.object({
      name: z.string(),
      /** Workspace-relative path. */
      path: z.string(),
      health: Health,
      components: z.array(z.object({ name: z.string(), owner: z.optional(z.string()) })),
    }),
  ),
  /** The journeys and steps, those at the cursor first, then the main one. */
  refs: z.array(RefCard),
  /** Feedback tagged to the lines around the cursor. */
  cursor: z.optional(z.object({ line: z.number().check(z.int()), feedback: z.array(FeedbackRow) })),
  empty: z.optional(EmptyState),
  /** Whether to show the feedback list (the file is in a folder with `.cx/` and has something to show). */
  feedback: z.boolean(),
  /** Days of the built-in metrics' window. */
  windowDays: z.number().check(z.int(), z.minimum(1)),
});
export type ContextModel = z.infer<typeof ContextModel>;

// ---- feedback list filters ---------------------------------------------------------------------------------------

export const Period = z.enum(['7', '30', '90', 'all']);
export type Period = z.infer<typeof Period>;

/** The feedback list's filters; an absent source, sentiment or segment means all. */
export const FeedbackFilters = z.object({
  source: z.optional(z.string().check(z.maxLength(200))),
  sentiment: z.optional(Sentiment),
  segment: z.optional(z.string().check(z.maxLength(200))),
  period: Period,
  search: z.string().check(z.maxLength(500)),
  sort: z.enum(['recent', 'negative']),
});
export type FeedbackFilters = z.infer<typeof FeedbackFilters>;

export const DEFAULT_FILTERS: FeedbackFilters = { period: 'all', search: '', sort: 'recent' };

/** Rows per page of the feedback list. */
export const PAGE_SIZE = 50;

// ---- host → webview --------------------------------------------------------------------------------------------

/** host → webview: the context of the file now followed. `seq` grows with each; queries name the one they are for. */
export const ContextMessage = z.object({ type: z.literal('context'), seq: z.number().check(z.int(), z.minimum(0)), model: ContextModel });

/** host → webview: a page of the feedback list, answering the query of the same number. */
export const FeedbackPageMessage = z.object({
  type: z.literal('feedbackPage'),
  query: z.number().check(z.int(), z.minimum(0)),
  offset: z.number().check(z.int(), z.minimum(0)),
  total: z.number().check(z.int(), z.minimum(0)),
  rows: z.array(FeedbackRow),
  /** Values to offer in the source and segment filters. */
  facets: z.object({ source: z.array(z.string()), segment: z.array(z.string()) }),
});

/** host → webview: the query of this number failed. */
export const FeedbackErrorMessage = z.object({ type: z.literal('feedbackError'), query: z.number().check(z.int(), z.minimum(0)), message: z.string() });

/**
 * host → webview: bring a journey or step card or one feedback record into view (Show Context, the Feedback tree),
 * or set the list's filters (e.g. to show a file's negative feedback).
 */
export const RevealMessage = z.object({
  type: z.literal('reveal'),
  ref: z.optional(z.string()),
  row: z.optional(FeedbackRow),
  filters: z.optional(FeedbackFilters),
});

export const HostMessage = z.discriminatedUnion('type', [ContextMessage, FeedbackPageMessage, FeedbackErrorMessage, RevealMessage]);
export type HostMessage = z.infer<typeof HostMessage>;

// ---- webview → host --------------------------------------------------------------------------------------------

/** webview → host: the script is listening (sent on every load, also after the view was hidden and shown again). */
export const ReadyMessage = z.object({ type: z.literal('ready') });

/** webview → host: a page of the followed file's feedback, for the context of number `context`. */
export const QueryFeedbackMessage = z.object({
  type: z.literal('queryFeedback'),
  query: z.number().check(z.int(), z.minimum(0)),
  context: z.number().check(z.int(), z.minimum(0)),
  filters: FeedbackFilters,
  offset: z.number().check(z.int(), z.minimum(0)),
  limit: z.number().check(z.int(), z.minimum(1), z.maximum(500)),
});

/** webview → host: open a record's original; the host opens only http and https addresses, through the editor. */
export const OpenExternalMessage = z.object({ type: z.literal('openExternal'), url: z.string().check(z.maxLength(4096)) });

/** webview → host: open the YAML definition of a journey or step. */
export const OpenRefMessage = z.object({ type: z.literal('openRef'), ref: z.string().check(z.minLength(1), z.maxLength(300)) });

/** webview → host: run Link File to Journey… on the followed file. */
export const LinkFileMessage = z.object({ type: z.literal('linkFile') });

/** webview → host: run Tag Feedback… on a record. */
export const TagFeedbackMessage = z.object({ type: z.literal('tagFeedback'), id: z.string().check(z.minLength(1), z.maxLength(500)) });

export const WebviewMessage = z.discriminatedUnion('type', [
  ReadyMessage,
  QueryFeedbackMessage,
  OpenExternalMessage,
  OpenRefMessage,
  LinkFileMessage,
  TagFeedbackMessage,
]);
export type WebviewMessage = z.infer<typeof WebviewMessage>;

/** What the webview keeps with `vscode.setState` so that hiding and showing the view loses nothing. */
export const WebviewState = z.object({
  seq: z.number().check(z.int(), z.minimum(0)),
  model: z.optional(ContextModel),
  filters: FeedbackFilters,
  /** Rows loaded, to load as many again after a reload. */
  loaded: z.number().check(z.int(), z.minimum(0)),
  scrollY: z.number().check(z.minimum(0)),
});
export type WebviewState = z.infer<typeof WebviewState>;

/** Whether `url` is an absolute http or https address: the only ones a webview may ask the editor to open. */
export function isWebUrl(url: string): boolean {
  if (!/^https?:\/\//i.test(url)) return false;
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

// ---- the Coverage Map panel ------------------------------------------------------------------------------------
// Its own pair of unions: the panel and the Customer Context view never receive each other's messages.

/** The formats Export Coverage Report writes (the same as `cx coverage --format`). */
export const ExportFormat = z.enum(['md', 'json', 'csv', 'html']);
export type ExportFormat = z.infer<typeof ExportFormat>;

/** The Coverage Map's filters (see `filterCoverage`); absent means all. */
export const CoverageMapFilter = CoverageFilter;
export type CoverageMapFilter = CoverageFilter;

/** What the filters offer (`CoverageChoices`). */
const CoverageChoices = z.object({
  journeys: z.array(z.object({ ref: z.string(), name: z.string() })),
  owners: z.array(z.string()),
  folders: z.array(z.string()),
});

/**
 * host → webview: what the map draws of a workspace folder's coverage report with the filters applied (a
 * `CoverageView`: filtered and cut to size by the language server), or why there is none.
 */
export const CoverageMessage = z.object({
  type: z.literal('coverage'),
  seq: z.number().check(z.int(), z.minimum(0)),
  /** The workspace folder's name, for the title. */
  folder: z.string(),
  report: z.optional(CoverageReportJson),
  /** The filters applied (those asked for, without what names nothing in the report). */
  filter: z.optional(CoverageMapFilter),
  choices: z.optional(CoverageChoices),
  /** The treemap's colour scale: the largest feedback count of a file under the folder shown. */
  maxFileFeedback: z.optional(z.number().check(z.int(), z.minimum(0))),
  /** The components of the filtered matrix, of which `report.matrix` shows those with the most feedback. */
  matrixComponents: z.optional(z.number().check(z.int(), z.minimum(0))),
  /** Set instead of `report`: no data folder, or the request failed. */
  message: z.optional(z.string()),
});

export const CoverageHostMessage = z.discriminatedUnion('type', [CoverageMessage]);
export type CoverageHostMessage = z.infer<typeof CoverageHostMessage>;

/** A workspace-relative path, `/`-separated, never absolute nor climbing out. */
const RelPath = z.string().check(
  z.minLength(1),
  z.maxLength(4096),
  z.refine((p) => !p.startsWith('/') && !/^[a-zA-Z]:/.test(p) && !p.split(/[\\/]/).includes('..'), 'not a workspace-relative path'),
);

export const CoverageWebviewMessage = z.discriminatedUnion('type', [
  /** The script is listening, with the filters it shows (kept with `setState`). */
  z.object({ type: z.literal('ready'), filter: z.optional(CoverageMapFilter) }),
  /** The user changed the filters: the host answers with the view of them. */
  z.object({ type: z.literal('filter'), filter: CoverageMapFilter }),
  /** Open a file of the workspace folder, at a one-based line and column when given. */
  z.object({ type: z.literal('openFile'), path: RelPath, line: z.optional(z.number().check(z.int(), z.minimum(1))), column: z.optional(z.number().check(z.int(), z.minimum(1))) }),
  /** Open where a journey, step or component is defined. */
  z.object({ type: z.literal('openRef'), ref: z.string().check(z.minLength(1), z.maxLength(300)) }),
  /** Save the report, with the filters on screen, in a format. */
  z.object({ type: z.literal('export'), format: ExportFormat, filter: CoverageMapFilter }),
]);
export type CoverageWebviewMessage = z.infer<typeof CoverageWebviewMessage>;

/** What the Coverage Map keeps with `setState`: its filters and colouring survive a reload. */
export const CoverageMapState = z.object({
  filter: CoverageMapFilter,
  intensity: z.enum(['volume', 'negative']),
});
export type CoverageMapState = z.infer<typeof CoverageMapState>;
