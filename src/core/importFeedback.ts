/**
 * Feedback exports → feedback records (SPEC §2, §5 `cx import feedback`). A preset knows the columns of one tool's
 * export; `--map field=Column,…` overrides or completes them. Each row becomes a record or is rejected with its line
 * and the reason; nothing is guessed silently (the result says which column fed which field).
 *
 * - Header names are compared loosely (case, spaces and punctuation ignored): `Created at`, `created_at` and
 *   `CreatedAt` are the same column.
 * - Dates become ISO 8601: `2026-11-02` stays a date; a time becomes UTC (`2026-11-02T09:14:00Z`). A time without an
 *   offset is read in `timeZone` (IANA name or ±hh:mm; default UTC; Qualtrics exports name their zone). `11/02/2026`
 *   is month/day/year unless `dayFirst`. Unix seconds and milliseconds are accepted.
 * - Ids that are bare numbers get the preset's prefix (`ZD-48213`, `IC-…`, `QX-…`, `AS-…`) so the tools' numbers do
 *   not collide in one store; other ids are kept as they are (Qualtrics `R_…`, Google Play `gp:…`).
 * - `sentiment` is written when the export has one, else derived from the score (SPEC §2); Zendesk's good/bad rating
 *   has no 1–5 value, so it gives a sentiment and no score.
 * - Tags the export carries that equal a known journey or step reference or component id become `links`.
 */
import { parseCsv } from './csv';
import { issueMessage } from './issues';
import { FeedbackRecord, Score, Sentiment, sentimentOf } from './schemas';
import type { Link } from './schemas';

export const PRESETS = ['zendesk', 'intercom', 'qualtrics', 'appstore', 'generic'] as const;
export type Preset = (typeof PRESETS)[number];

/** A whole-file problem (a missing column, a bad option): nothing can be imported. */
export class ImportError extends Error {}

export interface ImportOptions {
  /** Field → column overrides, e.g. `{ id: 'Ticket', text: 'Body' }` (see `parseColumnMap`). */
  map?: Record<string, string>;
  /** Link to the original: `{id}` is replaced by the export's id; without it, the id is appended as a path. */
  baseUrl?: string;
  /** Zone of times written without an offset: an IANA name (`Europe/Berlin`) or `+02:00`; default UTC. */
  timeZone?: string;
  /** Read `01/02/2026` as 1 February (default: January 2, as US exports write it). */
  dayFirst?: boolean;
  /** The `source` of every record instead of the preset's. */
  source?: string;
  /** Journey and step references and component ids: export tags equal to one of them become links. */
  knownRefs?: { journeys?: Iterable<string>; components?: Iterable<string> };
}

export interface RejectedRow {
  /** One-based line of the export where the row starts. */
  line: number;
  reason: string;
}

export interface ImportResult {
  records: FeedbackRecord[];
  rejected: RejectedRow[];
  /** Which column fed which field, as found in the header. */
  columns: Record<string, string>;
}

type Field =
  | 'id' | 'date' | 'text' | 'title' | 'source' | 'segment' | 'url' | 'sentiment' | 'tags' | 'links'
  | 'score' | 'nps' | 'csat' | 'ces' | 'rating' | 'remark' | 'satisfaction' | 'status' | 'link';

interface PresetDef {
  source: string;
  /** Prefix for ids that are bare numbers. */
  prefix?: string;
  /** Loose header names that feed each field, best first. */
  fields: Partial<Record<Field, string[]>>;
  /** Fields that must have a column. */
  required: Field[];
  /** Where a ticket lives under `--base-url` when it has no `{id}`. */
  urlPath?: (id: string) => string;
  tagSplit: RegExp;
  html?: boolean;
}

const PRESET_DEFS: Record<Preset, PresetDef> = {
  zendesk: {
    source: 'zendesk',
    prefix: 'ZD',
    fields: {
      id: ['id', 'ticketid', 'ticket'],
      date: ['createdat', 'created', 'ticketcreatedat', 'datecreated', 'requested'],
      title: ['subject', 'ticketsubject'],
      text: ['description', 'ticketdescription', 'firstcomment', 'comment', 'body'],
      satisfaction: ['satisfactionscore', 'satisfaction', 'satisfactionrating', 'ticketsatisfactionrating'],
      tags: ['tags', 'tickettags'],
      segment: ['plan', 'planlist', 'requesterplan', 'organizationplan', 'customerplan', 'requesterorganization', 'organization', 'organizationname'],
      url: ['url', 'ticketurl', 'link'],
    },
    required: ['id', 'date'],
    urlPath: (id) => `/agent/tickets/${id}`,
    tagSplit: /\s+/,
  },
  intercom: {
    source: 'intercom',
    prefix: 'IC',
    fields: {
      id: ['conversationid', 'id'],
      date: ['conversationcreatedat', 'createdat', 'conversationstartedat', 'startedat', 'createdatutc', 'date'],
      text: ['firstmessage', 'conversationfirstmessage', 'messagebody', 'initialmessage', 'sourcebody', 'body'],
      title: ['conversationsubject', 'sourcesubject', 'subject', 'conversationtitle', 'title'],
      csat: ['conversationrating', 'rating', 'conversationratingscore', 'csatrating'],
      remark: ['conversationratingremark', 'ratingremark', 'remark'],
      tags: ['conversationtags', 'tags'],
      segment: ['companyplan', 'plan', 'userplan', 'companyname', 'company', 'messageauthorcompanies'],
      url: ['conversationurl', 'url', 'link'],
      status: ['messagetype'],
    },
    required: ['id', 'date', 'text'],
    tagSplit: /\s*,\s*/,
    html: true,
  },
  qualtrics: {
    source: 'qualtrics',
    prefix: 'QX',
    fields: {
      id: ['responseid'],
      date: ['recordeddate', 'enddate', 'startdate'],
      status: ['status'],
      segment: ['plan', 'segment', 'customerplan', 'tier'],
    },
    required: ['id', 'date'],
    tagSplit: /\s*,\s*/,
  },
  appstore: {
    source: 'appstore',
    prefix: 'AS',
    fields: {
      id: ['reviewid', 'id'],
      link: ['reviewlink'],
      date: ['date', 'createddate', 'reviewdate', 'reviewsubmitdateandtime', 'submitdate', 'lastmodified', 'reviewlastupdatedateandtime'],
      rating: ['rating', 'starrating', 'stars'],
      title: ['title', 'reviewtitle'],
      text: ['body', 'review', 'reviewtext', 'content', 'text'],
      segment: ['territory', 'country', 'countrycode', 'storefront', 'region'],
      url: ['url', 'link', 'reviewurl'],
    },
    required: ['date', 'text'],
    tagSplit: /\s*,\s*/,
  },
  generic: {
    source: '',
    fields: Object.fromEntries(
      (['id', 'date', 'text', 'title', 'source', 'segment', 'url', 'sentiment', 'tags', 'links', 'score', 'nps', 'csat', 'ces', 'rating'] as const)
        .map((f) => [f, [f]]),
    ),
    required: ['id', 'date', 'text'],
    tagSplit: /[\s,;]+/,
  },
};

const COMMON_FIELDS: readonly Field[] = ['id', 'date', 'text', 'title', 'source', 'segment', 'url', 'sentiment', 'tags', 'links', 'score', 'nps', 'csat', 'ces', 'rating'];

/** The fields `--map` accepts for a preset: the record's, the score types, and the preset's own (`remark`…). */
export function mappableFields(preset: Preset): string[] {
  const own = (Object.keys(PRESET_DEFS[preset].fields) as Field[]).filter((f) => f !== 'status' && f !== 'link');
  return [...new Set([...COMMON_FIELDS, ...own])];
}

/** Parses `id=Ticket,date=Created at,text=Body` into a field → column map. Throws ImportError on a bad entry. */
export function parseColumnMap(spec: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const part of spec.split(',')) {
    if (!part.trim()) continue;
    const eq = part.indexOf('=');
    const field = part.slice(0, eq).trim();
    const column = part.slice(eq + 1).trim();
    if (eq < 0 || !field || !column) throw new ImportError(`--map entry '${part.trim()}' must be FIELD=COLUMN, e.g. text=Body`);
    map[field] = column;
  }
  return map;
}

const loose = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

// ---- reading the export into rows ---------------------------------------------------------------------------------

interface Row {
  line: number;
  get(column: string): unknown;
}

interface Table {
  columns: string[];
  rows: Row[];
  rejected: RejectedRow[];
  /** Qualtrics: each column's question text and ImportId metadata. */
  questions?: Map<string, string>;
  importIds?: Map<string, { ImportId?: string; timeZone?: string }>;
}

/** Decodes an export's bytes: UTF-8 (BOM or not) or UTF-16 with a BOM (Google Play writes UTF-16LE). */
export function decodeExport(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}

function csvTable(text: string, preset: Preset): Table {
  const { rows, errors } = parseCsv(text);
  const rejected: RejectedRow[] = [];
  const badLines = new Set<number>();
  for (const e of errors) {
    rejected.push({ line: e.position.line + 1, reason: `CSV: ${e.message}` });
    badLines.add(e.position.line);
  }
  const header = rows.shift();
  if (!header) throw new ImportError('the file is empty: no header row');
  const columns = header.cells.map((c) => c.value.trim());
  const table: Table = { columns, rows: [], rejected };
  if (preset === 'qualtrics') {
    // Qualtrics writes three header rows: ids, question texts, and {"ImportId": …} metadata (legacy exports: two).
    const byId = (r: (typeof rows)[number] | undefined) => new Map(columns.map((c, i) => [c, r?.cells[i]?.value ?? '']));
    const second = rows[0];
    const third = rows[1];
    const thirdIsMeta = third?.cells.some((c) => c.value.trim().startsWith('{"ImportId"'));
    if (thirdIsMeta) {
      table.questions = byId(second);
      table.importIds = new Map();
      for (const [column, raw] of byId(third)) {
        try {
          const meta = JSON.parse(raw) as { ImportId?: string; timeZone?: string };
          if (meta && typeof meta === 'object') table.importIds.set(column, meta);
        } catch {
          // a metadata cell that is not JSON carries nothing we use
        }
      }
      rows.splice(0, 2);
    } else if (second && loose(byId(second).get('ResponseId') ?? '') === 'responseid') {
      table.questions = byId(second);
      rows.splice(0, 1);
    }
  }
  for (const row of rows) {
    if (badLines.has(row.line)) continue;
    const line = row.line + 1;
    if (row.cells.length !== columns.length) {
      rejected.push({ line, reason: `the row has ${row.cells.length} cells but the header has ${columns.length} columns` });
      continue;
    }
    const values = new Map(columns.map((c, i) => [c, row.cells[i]!.value]));
    table.rows.push({ line, get: (column) => values.get(column) });
  }
  return table;
}

function jsonlTable(text: string): Table {
  const rejected: RejectedRow[] = [];
  const rows: Row[] = [];
  const columns = new Set<string>();
  text.replace(/^\uFEFF/, '').split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (!line.trim()) return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      rejected.push({ line: i + 1, reason: `invalid JSON: ${(e as Error).message}` });
      return;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      rejected.push({ line: i + 1, reason: 'the line is not a JSON object' });
      return;
    }
    const obj = value as Record<string, unknown>;
    for (const k of Object.keys(obj)) columns.add(k);
    rows.push({
      line: i + 1,
      get: (column) => (column in obj ? obj[column] : column.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), obj)),
    });
  });
  return { columns: [...columns], rows, rejected };
}

// ---- dates ----------------------------------------------------------------------------------------------------

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function zoneOffsetMs(tz: string, utcMs: number): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
    .formatToParts(new Date(utcMs));
  const n = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(utcMs / 1000) * 1000;
}

/** Checks a zone option: undefined when usable, else why not. */
export function checkTimeZone(tz: string): string | undefined {
  if (/^(Z|UTC|GMT|[+-]\d{2}:?\d{2})$/i.test(tz)) return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return undefined;
  } catch {
    return `'${tz}' is not a time zone: give an IANA name such as Europe/Berlin, or an offset such as +02:00`;
  }
}

function offsetMs(offset: string): number {
  if (/^(Z|UTC|GMT)$/i.test(offset)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(offset)!;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
}

/** Wall-clock time in a zone (an IANA name or an offset) → UTC milliseconds. */
function wallToUtc(y: number, mo: number, d: number, h: number, mi: number, s: number, zone: string): number {
  const wall = Date.UTC(y, mo - 1, d, h, mi, s);
  if (/^(Z|UTC|GMT|[+-]\d{2}:?\d{2})$/i.test(zone)) return wall - offsetMs(zone);
  // The zone's offset at the guessed instant, then once more at the corrected one (daylight saving edges).
  const first = wall - zoneOffsetMs(zone, wall);
  return wall - zoneOffsetMs(zone, first);
}

function validDay(y: number, mo: number, d: number): boolean {
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

/**
 * Normalises an export's date or date-time to ISO 8601 (see the module comment), or explains why it cannot.
 * `zone` is used for times without an offset.
 */
export function normaliseDate(raw: string, zone = 'UTC', dayFirst = false): { date: string } | { error: string } {
  const s = raw.trim();
  const bad = { error: `'${raw}' is not a date (write 2026-11-02, 2026-11-02 09:14 or 2026-11-02T09:14:00Z)` };
  if (/^\d{10}(\d{3})?$/.test(s)) {
    const ms = s.length === 13 ? Number(s) : Number(s) * 1000;
    return { date: new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z') };
  }
  let y: number, mo: number, d: number;
  let rest: string;
  const iso = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(.*)$/.exec(s);
  const slash = /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})(.*)$/.exec(s);
  if (iso) [y, mo, d, rest] = [Number(iso[1]), Number(iso[2]), Number(iso[3]), iso[4]!];
  else if (slash) {
    const a = Number(slash[1]);
    const b = Number(slash[2]);
    y = Number(slash[3]!.length === 2 ? `20${slash[3]}` : slash[3]);
    [mo, d] = dayFirst ? [b, a] : [a, b];
    rest = slash[4]!;
  } else return bad;
  if (!validDay(y, mo, d)) return { error: `'${raw}' is not a real calendar date${slash ? (dayFirst ? ' (read as day/month/year)' : ' (read as month/day/year; use the day-first option for day/month)') : ''}` };
  if (!rest.trim()) return { date: `${y}-${pad(mo)}-${pad(d)}` };
  const time = /^(?:T|\s+|,\s*)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([AaPp][Mm])?\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$/.exec(rest);
  if (!time) return bad;
  let h = Number(time[1]);
  const mi = Number(time[2]);
  const sec = Number(time[3] ?? 0);
  const ampm = time[4]?.toLowerCase();
  if (ampm) {
    if (h < 1 || h > 12) return bad;
    h = (h % 12) + (ampm === 'pm' ? 12 : 0);
  }
  if (h > 23 || mi > 59 || sec > 59) return bad;
  const ms = wallToUtc(y, mo, d, h, mi, sec, time[5] ?? zone);
  return { date: new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z') };
}

// ---- values ---------------------------------------------------------------------------------------------------

function str(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v.replace(/\r\n?/g, '\n').trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Plain text of an HTML message body (Intercom writes message bodies as HTML). */
export function htmlToText(html: string): string {
  if (!/<[a-z/!][^>]*>|&[a-z#0-9]+;/i.test(html)) return html;
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6])>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1));
        return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const NPS_LABELS: Record<string, number> = { notatalllikely: 0, extremelylikely: 10 };

function scoreValue(type: Score['type'], raw: string, column: string): Score | { error: string } {
  const range: readonly [number, number] = ({ nps: [0, 10], csat: [1, 5], ces: [1, 7], rating: [1, 5] } as const)[type];
  const word = loose(raw);
  let value: number | undefined;
  const lead = /^\s*(\d+(?:\.\d+)?)(?:\s*(?:-|–|:|stars?\b).*)?$/i.exec(raw);
  if (lead) value = Number(lead[1]);
  else if (type === 'nps' && word in NPS_LABELS) value = NPS_LABELS[word];
  else if (type === 'csat') {
    if (/^(very|extremely)dissatisfied/.test(word)) value = 1;
    else if (/dissatisfied/.test(word)) value = 2;
    else if (/^(neither|neutral)/.test(word)) value = 3;
    else if (/^(very|extremely)satisfied/.test(word)) value = 5;
    else if (/satisfied/.test(word)) value = 4;
  }
  if (value === undefined || !Number.isInteger(value) || value < range[0] || value > range[1]) {
    return { error: `${column} '${raw}' is not ${type === 'nps' ? 'an NPS score' : `a ${type} score`} from ${range[0]} to ${range[1]}` };
  }
  return { type, value } as Score;
}

// ---- the import -----------------------------------------------------------------------------------------------

interface Columns {
  /** Field → column name in the header. */
  of: Partial<Record<Field, string>>;
}

function resolveColumns(table: Table, preset: Preset, def: PresetDef, map: Record<string, string>): Columns {
  const allowed = mappableFields(preset);
  const of: Partial<Record<Field, string>> = {};
  const byLoose = new Map<string, string>();
  for (const c of table.columns) if (!byLoose.has(loose(c))) byLoose.set(loose(c), c);
  for (const [field, aliases] of Object.entries(def.fields) as [Field, string[]][]) {
    const found = aliases.map((a) => byLoose.get(a)).find((c) => c !== undefined);
    if (found !== undefined) of[field] = found;
  }
  if (preset === 'qualtrics') detectQualtrics(table, of);
  for (const [field, column] of Object.entries(map)) {
    if (!allowed.includes(field)) throw new ImportError(`--map: '${field}' is not a field of the ${preset} preset (fields: ${allowed.join(', ')})`);
    const found = table.columns.includes(column) ? column : byLoose.get(loose(column));
    if (found === undefined) throw new ImportError(`--map ${field}=${column}: the export has no column '${column}' (it has ${listColumns(table.columns)})`);
    of[field as Field] = found;
    if (['nps', 'csat', 'ces', 'rating'].includes(field)) for (const f of ['nps', 'csat', 'ces', 'rating'] as const) if (f !== field && !(f in map)) delete of[f];
  }
  // A Google Play export has no id column: the id is in the review link. A Zendesk ticket may have only a subject.
  const missing = def.required.filter((f) => of[f] === undefined && !(f === 'id' && of.link !== undefined));
  if (preset === 'zendesk' && of.text === undefined && of.title === undefined) missing.push('text');
  if (preset === 'qualtrics' && of.text === undefined && of.nps === undefined && of.csat === undefined) {
    throw new ImportError(`found no NPS, CSAT or open-text question: name them, e.g. --map nps=Q1,text=Q2 (columns: ${listColumns(table.columns)})`);
  }
  if (missing.length) {
    const hints = missing.map((f) => `${f} (${(def.fields[f] ?? [f]).slice(0, 3).join(', ')})`).join('; ');
    throw new ImportError(`no column for ${hints}; it has ${listColumns(table.columns)}. Map one with --map ${missing[0]}=COLUMN`);
  }
  return { of };
}

function listColumns(columns: readonly string[]): string {
  const shown = columns.slice(0, 25).map((c) => `'${c}'`).join(', ');
  return columns.length > 25 ? `${shown}, …` : shown || 'no columns';
}

/** Qualtrics: the NPS question (`Q1` beside `Q1_NPS_GROUP`), a satisfaction question, the first open-text question. */
function detectQualtrics(table: Table, of: Partial<Record<Field, string>>): void {
  const group = table.columns.find((c) => /_NPS_GROUP$/i.test(c));
  const npsColumn = group?.replace(/_NPS_GROUP$/i, '');
  if (npsColumn && table.columns.includes(npsColumn)) of.nps = npsColumn;
  const importId = (c: string) => table.importIds?.get(c)?.ImportId ?? '';
  const text = table.columns.find((c) => /^QID\d+_TEXT$/.test(importId(c)));
  if (text) of.text = text;
  if (!of.nps) {
    const csat = table.columns.find((c) => /^QID\d+$/.test(importId(c)) && /satisf/i.test(table.questions?.get(c) ?? ''));
    if (csat) of.csat = csat;
  }
}

const STATUS_SKIPPED: Record<string, string> = {
  '1': 'a survey preview', '2': 'a survey test', '8': 'spam', '9': 'a survey preview (spam)', '12': 'imported spam', '17': 'an offline survey preview',
};

/** The export's own ids are bare numbers for most tools: prefix them so two tools' ticket 123 stay apart. */
function recordId(raw: string, def: PresetDef): string {
  return def.prefix && /^\d+$/.test(raw) ? `${def.prefix}-${raw}` : raw;
}

function urlOf(base: string, rawId: string, def: PresetDef): string {
  const id = encodeURIComponent(rawId);
  if (base.includes('{id}')) return base.replace(/\{id\}/g, id);
  return `${base.replace(/\/+$/, '')}${def.urlPath ? def.urlPath(id) : `/${id}`}`;
}

/** Reads an export with a preset. Throws ImportError when the file as a whole cannot be read (rows never throw). */
export function importFeedback(text: string, fileName: string, preset: Preset, options: ImportOptions = {}): ImportResult {
  const def = PRESET_DEFS[preset];
  if (!def) throw new ImportError(`unknown preset '${String(preset)}' (presets: ${PRESETS.join(', ')})`);
  if (options.timeZone) {
    const why = checkTimeZone(options.timeZone);
    if (why) throw new ImportError(why);
  }
  if (options.baseUrl !== undefined && !(/^https?:\/\//i.test(options.baseUrl) && URL.canParse(options.baseUrl.replace(/\{id\}/g, 'x')))) {
    throw new ImportError(`--base-url '${options.baseUrl}' must be an http or https address`);
  }
  const lower = fileName.toLowerCase();
  const looksJsonl = lower.endsWith('.jsonl') || lower.endsWith('.ndjson') || (!lower.endsWith('.csv') && text.trimStart().startsWith('{'));
  if (looksJsonl && preset !== 'generic') throw new ImportError(`the ${preset} preset reads the tool's CSV export; read JSON lines with --preset generic`);
  const table = looksJsonl ? jsonlTable(text) : csvTable(text, preset);
  const { of } = resolveColumns(table, preset, def, options.map ?? {});

  const zone = options.timeZone ?? (of.date ? table.importIds?.get(of.date)?.timeZone : undefined) ?? 'UTC';
  if (checkTimeZone(zone)) throw new ImportError(`the export's time zone '${zone}' is unknown: give one with the time-zone option`);
  const known = {
    journeys: new Set(options.knownRefs?.journeys ?? []),
    components: new Set(options.knownRefs?.components ?? []),
  };
  const source = options.source ?? (preset === 'appstore' && table.columns.some((c) => loose(c) === 'packagename') ? 'googleplay' : def.source);

  const records: FeedbackRecord[] = [];
  const rejected = [...table.rejected];
  const firstLine = new Map<string, number>();
  for (const row of table.rows) {
    const get = (f: Field) => (of[f] === undefined ? '' : str(row.get(of[f]!)));
    const reject = (reason: string) => rejected.push({ line: row.line, reason });

    if (preset === 'qualtrics' && of.status) {
      const status = get('status');
      const why = STATUS_SKIPPED[status] ?? (/preview|test|spam/i.test(status) ? `a '${status}' response` : undefined);
      if (why) {
        reject(`${why}, not a customer's response (Status ${status})`);
        continue;
      }
    }
    if (preset === 'intercom' && of.status) {
      const type = get('status');
      if (type && type !== 'conversation_message') {
        reject(`a ${type} part, not the conversation's first message (export conversation entries only)`);
        continue;
      }
    }

    let rawId = get('id');
    if (!rawId && of.link) rawId = decodeURIComponentSafe(/[?&#;]reviewid=([^&#;]+)/i.exec(get('link'))?.[1] ?? '');
    if (!rawId) {
      reject(`no id${of.id ? ` in column '${of.id}'` : of.link ? ` in column '${of.link}'` : ''}`);
      continue;
    }
    const id = recordId(rawId, def);
    const firstAt = firstLine.get(id);
    if (firstAt !== undefined) {
      reject(`duplicate id '${id}' (first on line ${firstAt})`);
      continue;
    }

    const rawDate = get('date');
    if (!rawDate) {
      reject(`no date in column '${of.date}'`);
      continue;
    }
    const date = normaliseDate(rawDate, zone, options.dayFirst);
    if ('error' in date) {
      reject(`${of.date}: ${date.error}`);
      continue;
    }

    let title = get('title') || undefined;
    let text = get('text');
    if (def.html) {
      text = htmlToText(text);
      if (title) title = htmlToText(title);
    }
    if (preset === 'zendesk' && !text && title) {
      text = title;
      title = undefined;
    }
    const remark = get('remark');
    if (remark) text = text ? `${text}\n\n${remark}` : remark;

    let score: Score | undefined;
    let sentiment: Sentiment | undefined;
    let error: string | undefined;
    for (const type of ['nps', 'csat', 'ces', 'rating'] as const) {
      const raw = get(type);
      if (!raw || score) continue;
      const s = scoreValue(type, raw, of[type]!);
      if ('error' in s) error = s.error;
      else score = s;
    }
    const rawScore = of.score === undefined ? undefined : row.get(of.score);
    if (!score && !error && rawScore !== undefined && rawScore !== null && rawScore !== '') {
      let value: unknown = rawScore;
      if (typeof rawScore === 'string') {
        try {
          value = JSON.parse(rawScore);
        } catch {
          value = undefined;
        }
      }
      const parsed = Score.safeParse(value);
      if (parsed.success) score = parsed.data;
      else if (value && typeof value === 'object' && 'type' in value && 'value' in value) error = `${of.score}: ${issueMessage(parsed.error.issues[0]!, 'value')}`;
      else error = `${of.score} '${str(rawScore)}' is not a score: write {"type":"nps","value":9}, or map a column to nps, csat, ces or rating`;
    }
    if (preset === 'zendesk' && of.satisfaction) {
      const sat = loose(get('satisfaction'));
      if (sat.startsWith('good')) sentiment = 'positive';
      else if (sat.startsWith('bad')) sentiment = 'negative';
      else if (sat && !['offered', 'notoffered', 'unoffered'].includes(sat)) error = `${of.satisfaction} '${get('satisfaction')}' is not a Zendesk satisfaction rating (Good, Bad, Offered, Not Offered)`;
    }
    const rawSentiment = get('sentiment').toLowerCase();
    if (rawSentiment) {
      const parsed = Sentiment.safeParse(rawSentiment);
      if (parsed.success) sentiment = parsed.data;
      else error = `${of.sentiment} '${get('sentiment')}' is not a sentiment (positive, neutral, negative)`;
    }
    if (error) {
      reject(error);
      continue;
    }
    if (!text && !score) {
      reject(`no text${of.text ? ` in column '${of.text}'` : ''} and no score: nothing a customer said`);
      continue;
    }

    const links: Link[] = [];
    const addLink = (l: Link) => {
      const key = JSON.stringify(l);
      if (!links.some((x) => JSON.stringify(x) === key)) links.push(l);
    };
    for (const tag of get('tags').split(def.tagSplit).map((t) => t.trim()).filter(Boolean)) {
      if (known.journeys.has(tag)) addLink({ journey: tag });
      else if (known.components.has(tag)) addLink({ component: tag });
    }
    const rawLinks = of.links === undefined ? undefined : row.get(of.links);
    if (rawLinks !== undefined && rawLinks !== null && rawLinks !== '') {
      let value: unknown = rawLinks;
      if (typeof rawLinks === 'string') {
        try {
          value = JSON.parse(rawLinks);
        } catch {
          value = rawLinks;
        }
      }
      if (!Array.isArray(value)) {
        reject(`${of.links} must be a JSON list such as [{"journey":"checkout/pay"}]`);
        continue;
      }
      for (const l of value) addLink(l as Link);
    }

    let url: string | undefined = get('url') || get('link');
    if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) url = undefined;
    if (!url && options.baseUrl) url = urlOf(options.baseUrl, rawId, def);

    const segment = get('segment') || undefined;
    const recordSource = get('source') || source || undefined;
    sentiment ??= sentimentOf({ score });
    const draft = {
      id,
      date: date.date,
      ...(recordSource ? { source: recordSource } : {}),
      ...(title ? { title } : {}),
      text,
      ...(score ? { score } : {}),
      ...(sentiment ? { sentiment } : {}),
      ...(segment ? { segment } : {}),
      ...(url ? { url } : {}),
      ...(links.length ? { links } : {}),
    };
    const checked = FeedbackRecord.safeParse(draft);
    if (!checked.success) {
      reject(checked.error.issues.map((i) => issueMessage(i, i.path.join('.') || undefined)).join('; '));
      continue;
    }
    firstLine.set(id, row.line);
    records.push(checked.data);
  }
  rejected.sort((a, b) => a.line - b.line);
  const columns: Record<string, string> = {};
  for (const [f, c] of Object.entries(of)) if (c !== undefined) columns[f] = c;
  return { records, rejected, columns };
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** A record as its JSONL line, keys in the documented order and no empty `links`. */
export function feedbackLine(r: FeedbackRecord): string {
  const { id, date, source, title, text, score, sentiment, segment, url, links } = r;
  return JSON.stringify({ id, date, source, title, text, score, sentiment, segment, url, links: links?.length ? links : undefined });
}
