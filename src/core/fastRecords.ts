/**
 * Fast acceptance of the common, valid feedback record, tag decision and metric point, so that a million JSONL lines
 * (and tens of thousands of CSV rows) are not each run through zod. Each check accepts only what its zod schema
 * accepts, with the same output (a JSON.parse result with only known keys is already that output, but for the
 * defaults it fills in); anything else, valid or not, is left to zod, which gives the located messages.
 * test/unit/fastPaths.test.ts holds them to that.
 */
import type { FeedbackRecord, Link, MetricPoint, Score, TagDecision } from './schemas';

const RECORD_KEYS = new Set(['id', 'date', 'text', 'source', 'title', 'score', 'sentiment', 'segment', 'url', 'links']);
const TAG_KEYS = new Set(['op', 'feedback', 'ref', 'by', 'at']);
const METRIC_NAME = /^[a-z0-9][a-z0-9-]*\.[a-z0-9][a-z0-9-]*$/;
const SENTIMENTS = new Set(['positive', 'neutral', 'negative']);
const SCORE_RANGES: Record<string, [number, number]> = { csat: [1, 5], nps: [0, 10], ces: [1, 7], rating: [1, 5] };

type Json = Record<string, unknown>;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** The start of each day seen, by `yyyymmdd` as a number. */
const dayStarts = new Map<number, number>();

/**
 * The time of the usual `YYYY-MM-DDTHH:MM:SSZ` from its parts (-1 for a part that is not all digits): computed from
 * its day (parsed once per day) and its clock; undefined when a part is not one (then the date is parsed).
 */
export function usualTime(y: number, mo: number, d: number, h: number, m: number, sec: number): number | undefined {
  if (y < 0 || mo < 0 || d < 0 || h < 0 || h >= 24 || m < 0 || m >= 60 || sec < 0 || sec >= 60) return undefined;
  const day = y * 10000 + mo * 100 + d;
  let start = dayStarts.get(day);
  if (start === undefined) {
    const two = (n: number) => String(n).padStart(2, '0');
    start = Date.parse(`${String(y).padStart(4, '0')}-${two(mo)}-${two(d)}T00:00:00Z`);
    if (dayStarts.size > 100_000) dayStarts.clear();
    dayStarts.set(day, start);
  }
  return start + ((h * 60 + m) * 60 + sec) * 1000;
}

/** The number written by the `n` digits of `s` at `at`, or -1. */
function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** The time of a record's date (an ISO date; a date alone is the start of its day in UTC). */
export function parseTime(date: string): number {
  return Date.parse(date.length === 10 ? `${date}T00:00:00Z` : date);
}

/** The time of an ISO date as `parseTime` gives it, or NaN when the schema would refuse it. */
export function isoTime(s: string): number {
  if (s.length === 20 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45 && s.charCodeAt(10) === 84 && s.charCodeAt(13) === 58 && s.charCodeAt(16) === 58 && s.charCodeAt(19) === 90) {
    const t = usualTime(digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2), digits(s, 11, 2), digits(s, 14, 2), digits(s, 17, 2));
    if (t !== undefined) return t;
  }
  return ISO_DATE.test(s) ? parseTime(s) : Number.NaN;
}

/** The links of every record that has none: one frozen list instead of a million empty ones. */
export const NO_LINKS: Link[] = Object.freeze([]) as unknown as Link[];

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function onlyKeys(o: Json, keys: ReadonlySet<string>): boolean {
  for (const k in o) if (!keys.has(k)) return false;
  return true;
}

function isDate(v: unknown): boolean {
  return typeof v === 'string' && !Number.isNaN(isoTime(v));
}

function optionalString(v: unknown): boolean {
  return v === undefined || typeof v === 'string';
}

export function isScore(v: unknown): v is Score {
  if (!isObject(v)) return false;
  let n = 0;
  for (const k in v) {
    if (k !== 'type' && k !== 'value') return false;
    n++;
  }
  const range = typeof v.type === 'string' && Object.hasOwn(SCORE_RANGES, v.type) ? SCORE_RANGES[v.type] : undefined;
  return n === 2 && !!range && typeof v.value === 'number' && v.value >= range[0] && v.value <= range[1];
}

export function isLink(v: unknown): v is Link {
  if (!isObject(v)) return false;
  const keys = Object.keys(v);
  if (keys.length === 1 && (keys[0] === 'journey' || keys[0] === 'component' || keys[0] === 'path')) {
    const s = v[keys[0]];
    return typeof s === 'string' && s.length > 0;
  }
  if (keys.length !== 2 || !('path' in v) || !('lines' in v)) return false;
  const { path, lines } = v;
  return typeof path === 'string' && path.length > 0 && Array.isArray(lines) && lines.length === 2 &&
    Number.isSafeInteger(lines[0]) && Number.isSafeInteger(lines[1]) && lines[0] >= 1 && lines[1] >= 1 && lines[0] <= lines[1];
}

/** `raw` as a FeedbackRecord when it is a plainly valid one, else undefined (then ask zod). */
export function fastFeedbackRecord(raw: unknown): FeedbackRecord | undefined {
  if (!isObject(raw) || !onlyKeys(raw, RECORD_KEYS)) return undefined;
  if (typeof raw.id !== 'string' || raw.id.length === 0 || !isDate(raw.date) || typeof raw.text !== 'string') return undefined;
  if (!optionalString(raw.source) || !optionalString(raw.title) || !optionalString(raw.segment)) return undefined;
  if (raw.score !== undefined && !isScore(raw.score)) return undefined;
  if (raw.sentiment !== undefined && !SENTIMENTS.has(raw.sentiment as string)) return undefined;
  if (raw.url !== undefined && (typeof raw.url !== 'string' || !/^https?:\/\//i.test(raw.url) || !URL.canParse(raw.url))) return undefined;
  if (raw.links === undefined) raw.links = NO_LINKS;
  else if (!Array.isArray(raw.links) || !raw.links.every(isLink)) return undefined;
  return raw as FeedbackRecord;
}

/** `raw` as a TagDecision when it is a plainly valid one, else undefined (then ask zod). */
export function fastTagDecision(raw: unknown): TagDecision | undefined {
  if (!isObject(raw) || !onlyKeys(raw, TAG_KEYS)) return undefined;
  if ((raw.op !== 'add' && raw.op !== 'remove') || typeof raw.feedback !== 'string' || raw.feedback.length === 0) return undefined;
  if (!isLink(raw.ref) || !optionalString(raw.by) || !isDate(raw.at)) return undefined;
  return raw as TagDecision;
}

/**
 * `raw` (a metrics CSV row by column) as a MetricPoint when it is a plainly valid one, else undefined (then ask zod);
 * made as zod makes it: its keys in the schema's order, other columns left out.
 */
export function fastMetricPoint(raw: unknown): MetricPoint | undefined {
  if (!isObject(raw)) return undefined;
  const { metric, date, value, segment } = raw;
  if (typeof metric !== 'string' || !METRIC_NAME.test(metric) || !isDate(date) || typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  if (!optionalString(segment)) return undefined;
  return segment === undefined ? { metric, date: date as string, value } : { metric, date: date as string, value, segment: segment as string };
}
