/**
 * Reads the plainly valid feedback record straight from a JSONL line's bytes, without JSON.parse building the record
 * and its text: a record's text and title are checked (as JSON.parse would) and left in the bytes, to be read again
 * by offset when someone looks at them (see feedbackTable.ts). Only what the index computes with is taken out: the
 * id, the time, sentiment and score, the source and segment, the links.
 *
 * It accepts a line only when `fastFeedbackRecord(JSON.parse(line))` would accept it; anything else (whitespace in
 * odd places, an escape in a key, a repeated key, a value of another type, an unknown key, bad JSON) is left to that
 * path, which gives the located messages. test/unit/feedbackTable.test.ts holds it to that.
 */
import { isLink, isoTime, isScore, NO_LINKS, usualTime } from './fastRecords';
import { Holds } from './holds';
import { copyBytes, sameBytes } from './idIndex';
import { grown } from './multiMap';
import type { Link, Score, Sentiment } from './schemas';

/** What a scan takes out of one record line; one object, overwritten by each scan. */
export interface Scanned {
  /** The id when it is not plain ASCII (escaped or wider); otherwise '' and the id is `idStart..idEnd` of the line's buffer. */
  id: string;
  idStart: number;
  idEnd: number;
  time: number;
  sentiment: Sentiment | undefined;
  score: Score | undefined;
  source: string | undefined;
  segment: string | undefined;
  /** Undefined when the record has no `links` key. */
  links: Link[] | undefined;
  /** The numbers of `links`' links (the first `links.length`) among `scanLinks()`. */
  linkNumbers: Int32Array;
}

const KEY_ID = 1;
const KEY_DATE = 2;
const KEY_TEXT = 4;
const KEY_SOURCE = 8;
const KEY_TITLE = 16;
const KEY_SCORE = 32;
const KEY_SENTIMENT = 64;
const KEY_SEGMENT = 128;
const KEY_URL = 256;
const KEY_LINKS = 512;

const KEYS: [string, number][] = [
  ['id', KEY_ID], ['date', KEY_DATE], ['text', KEY_TEXT], ['source', KEY_SOURCE], ['title', KEY_TITLE],
  ['score', KEY_SCORE], ['sentiment', KEY_SENTIMENT], ['segment', KEY_SEGMENT], ['url', KEY_URL], ['links', KEY_LINKS],
];
/** The known keys' bytes by length and first byte (`length * 128 + byte`). */
const KEY_BY_SHAPE: ({ bytes: Buffer; bit: number } | undefined)[] = new Array(16 * 128).fill(undefined);
for (const [name, bit] of KEYS) KEY_BY_SHAPE[name.length * 128 + name.charCodeAt(0)] = { bytes: Buffer.from(name, 'latin1'), bit };

const SENTIMENTS = new Map<string, Sentiment>([['positive', 'positive'], ['neutral', 'neutral'], ['negative', 'negative']]);

// Flags of the last string scanned.
let escaped = false;
let wide = false;

/** Each byte's part in a JSON string: 0 plain, 1 quote, 2 backslash, 3 control (never in a string), 4 not ASCII. */
const CLASS = new Uint8Array(256);
for (let c = 0; c < 256; c++) CLASS[c] = c === 0x22 ? 1 : c === 0x5c ? 2 : c < 0x20 ? 3 : c >= 0x80 ? 4 : 0;

/** The index of the quote that ends the JSON string opening at `at`, or -1 when it is not a valid JSON string. */
function stringEnd(b: Uint8Array, at: number, end: number): number {
  escaped = false;
  wide = false;
  let i = at + 1;
  for (;;) {
    let k = 0;
    while (i < end && (k = CLASS[b[i]!]!) === 0) i++;
    if (i >= end) return -1;
    if (k === 1) return i;
    if (k === 4) {
      wide = true;
      i++;
      continue;
    }
    if (k === 3) return -1;
    escaped = true;
    const e = b[i + 1];
    if (e === 0x75 /* u */) {
      for (let d = 2; d < 6; d++) if (!isHex(b[i + d])) return -1;
      i += 6;
      continue;
    }
    if (e !== 0x22 && e !== 0x5c && e !== 0x2f && e !== 0x62 && e !== 0x66 && e !== 0x6e && e !== 0x72 && e !== 0x74) return -1;
    i += 2;
  }
}

function isHex(c: number | undefined): boolean {
  return c !== undefined && ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66));
}

/** The value of the string from quote `at` to quote `close` (as scanned last). */
function stringValue(b: Buffer, at: number, close: number): string {
  if (escaped) return JSON.parse(b.toString('utf8', at, close + 1)) as string;
  return wide ? b.toString('utf8', at + 1, close) : b.toString('latin1', at + 1, close);
}

/** Recent short values by a hash of their bytes: a source or segment repeats, and is not made again each time. */
const recent: (string | undefined)[] = new Array(4096).fill(undefined);

/** `stringValue`, the same string as last time for a short plain value seen before. */
function sharedValue(b: Buffer, at: number, close: number): string {
  const len = close - at - 1;
  if (escaped || wide || len > 48) return stringValue(b, at, close);
  let h = 0x811c9dc5;
  for (let i = at + 1; i < close; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  const slot = (h >>> 0) & 4095;
  const seen = recent[slot];
  if (seen !== undefined && seen.length === len) {
    let same = true;
    for (let k = 0; k < len; k++) {
      if (seen.charCodeAt(k) !== b[at + 1 + k]) {
        same = false;
        break;
      }
    }
    if (same) return seen;
  }
  const value = b.toString('latin1', at + 1, close);
  recent[slot] = value;
  return value;
}

/** The index just past the object or array opening at `at` (strings inside skipped), or -1. */
function nestedEnd(b: Uint8Array, at: number, end: number): number {
  let depth = 0;
  let i = at;
  while (i < end) {
    const c = b[i]!;
    if (c === 0x22) {
      const close = stringEnd(b, i, end);
      if (close < 0) return -1;
      i = close + 1;
      continue;
    }
    if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return -1;
}

function skipSpace(b: Uint8Array, i: number, end: number): number {
  while (i < end) {
    const c = b[i]!;
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) break;
    i++;
  }
  return i;
}

/** `digits` of bytes. */
function byteDigits(b: Uint8Array, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = b[i]! - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** `isoTime` of the date written between quotes `at` and `close`, read from the bytes when it is the usual form. */
function timeAt(b: Buffer, at: number, close: number): number {
  const s = at + 1;
  if (!escaped && close - s === 20 && b[s + 4] === 45 && b[s + 7] === 45 && b[s + 10] === 84 && b[s + 13] === 58 && b[s + 16] === 58 && b[s + 19] === 90) {
    const t = usualTime(byteDigits(b, s, 4), byteDigits(b, s + 5, 2), byteDigits(b, s + 8, 2), byteDigits(b, s + 11, 2), byteDigits(b, s + 14, 2), byteDigits(b, s + 17, 2));
    if (t !== undefined) return t;
  }
  return isoTime(stringValue(b, at, close));
}

/** Whether `URL.canParse` of each address seen, by its scheme and host part. */
const hostsParse = new Map<string, boolean>();
/** After the host part, characters that cannot make an http(s) address fail to parse. */
const PLAIN_REST = /^[/?#][A-Za-z0-9/._~\-?=&%#+:@!$,;*'()]*$/;

/** Whether the fast path accepts `url` (an http(s) address `URL.canParse` takes), with parses kept per host. */
export function isHttpUrl(url: string): boolean {
  if (!/^https?:\/\//i.test(url)) return false;
  const from = url.indexOf('/', url.indexOf('//') + 2);
  const cut = from < 0 ? url.length : from;
  const host = url.slice(0, cut);
  if (from >= 0 && !PLAIN_REST.test(url.slice(cut))) return URL.canParse(url);
  if (/[?#\\]/.test(host)) return URL.canParse(url);
  return hostParses(host);
}

function hostParses(host: string): boolean {
  let ok = hostsParse.get(host);
  if (ok === undefined) {
    ok = URL.canParse(host);
    if (hostsParse.size > 10_000) hostsParse.clear();
    hostsParse.set(host, ok);
  }
  return ok;
}

/** The bytes `PLAIN_REST` allows after the host. */
const PLAIN_BYTE = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/._~-?=&%#+:@!$,;*'()") PLAIN_BYTE[c.charCodeAt(0)] = 1;

/** `isHttpUrl` of the address written between quotes `at` and `close`, from the bytes when it is plain. */
function urlAt(b: Buffer, at: number, close: number): boolean {
  if (escaped || wide) return isHttpUrl(stringValue(b, at, close));
  const s = at + 1;
  // http or https, in any case.
  if ((b[s]! | 0x20) !== 0x68 || (b[s + 1]! | 0x20) !== 0x74 || (b[s + 2]! | 0x20) !== 0x74 || (b[s + 3]! | 0x20) !== 0x70) return false;
  const colon = (b[s + 4]! | 0x20) === 0x73 ? s + 5 : s + 4;
  if (b[colon] !== 0x3a || b[colon + 1] !== 0x2f || b[colon + 2] !== 0x2f) return false;
  let cut = colon + 3;
  while (cut < close && b[cut] !== 0x2f) {
    const c = b[cut];
    if (c === 0x3f || c === 0x23 || c === 0x5c) return isHttpUrl(stringValue(b, at, close));
    cut++;
  }
  for (let i = cut; i < close; i++) if (!PLAIN_BYTE[b[i]!]) return isHttpUrl(stringValue(b, at, close));
  // A file's records mostly share one host: the last one's answer, when its bytes are these.
  const len = cut - s;
  if (len === lastHostLength && sameBytes(lastHost, 0, len, b, s)) return lastHostParses;
  lastHostParses = hostParses(sharedValue(b, at, cut));
  lastHostLength = len <= lastHost.length ? len : -1;
  if (lastHostLength >= 0) copyBytes(b, s, cut, lastHost, 0);
  return lastHostParses;
}

/** The scheme and host part of the last plain address `urlAt` read (when it fits), and whether it parses. */
const lastHost = Buffer.alloc(128);
let lastHostLength = -1;
let lastHostParses = false;

/** The score written on `b[at..close)` (an object), or undefined when the fast path does not take it. */
function scoreAt(b: Buffer, at: number, close: number): Score | undefined {
  const h = ByBytes.hash(b, at, close);
  let score = scores.get(b, at, close, h);
  if (score === undefined) {
    let value: unknown;
    try {
      value = JSON.parse(b.toString('utf8', at, close));
    } catch {
      value = undefined;
    }
    score = isScore(value) ? value : null;
    if (scores.size >= 10_000) scores.clear();
    scores.set(b, at, close, h, score);
  }
  return score ?? undefined;
}

/** A slot of `ByBytes` holds its entry + 1 in its low bits and the high bits of the entry's hash above them. */
const ENTRY_BITS = 21;
const ENTRY_MASK = (1 << ENTRY_BITS) - 1;
const TAG_MASK = ~ENTRY_MASK;

/**
 * Values by the bytes they were read from, found without making a string of those bytes: the bytes are copied into
 * one growing buffer, the entries found through an open-addressing table of a hash of their bytes. A slot holds its
 * hash's high bits beside the entry, so a probe that meets another entry tells it apart there, without reading that
 * entry's hash or bytes (each a miss of the processor's caches in tables of this size).
 */
class ByBytes<V> {
  private arena = Buffer.allocUnsafe(0);
  private used = 0;
  /** (Entry + 1) | hash tag by slot; 0 is empty. */
  private slots = new Int32Array(1024);
  private ends = new Int32Array(512);
  private values: V[] = [];

  get size(): number {
    return this.values.length;
  }

  static hash(b: Uint8Array, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
    return h | 0;
  }

  get(b: Uint8Array, start: number, end: number, h: number): V | undefined {
    const at = this.find(b, start, end, h);
    return at < 0 ? undefined : this.values[(this.slots[at]! & ENTRY_MASK) - 1];
  }

  /** The slot of the entry of `b[start..end)`, or -(the empty slot where it would go) - 1. */
  private find(b: Uint8Array, start: number, end: number, h: number): number {
    const { slots, arena, ends } = this;
    const mask = slots.length - 1;
    const len = end - start;
    for (let at = h & mask; ; at = (at + 1) & mask) {
      const v = slots[at]!;
      if (v === 0) return -at - 1;
      if (((v ^ h) & TAG_MASK) !== 0) continue;
      const e = (v & ENTRY_MASK) - 1;
      const from = e > 0 ? ends[e - 1]! : 0;
      if (ends[e]! - from !== len) continue;
      let i = 0;
      while (i < len && arena[from + i] === b[start + i]) i++;
      if (i === len) return at;
    }
  }

  /** Adds `value` for the bytes `b[start..end)`, which must not be here yet. */
  set(b: Uint8Array, start: number, end: number, h: number, value: V): void {
    const len = end - start;
    if (this.used + len > this.arena.length) {
      const more = Buffer.allocUnsafe(Math.max(64 * 1024, this.arena.length * 2, this.used + len));
      this.arena.copy(more, 0, 0, this.used);
      this.arena = more;
    }
    copyBytes(b, start, end, this.arena, this.used);
    this.used += len;
    const e = this.values.length;
    if (e >= ENTRY_MASK) throw new Error(`more than ${ENTRY_MASK} values by their bytes`);
    if (e === this.ends.length) this.ends = grown(this.ends);
    this.ends[e] = this.used;
    this.values.push(value);
    if (2 * (e + 1) > this.slots.length) this.rehash();
    else this.slots[-this.find(b, start, end, h) - 1] = slotOf(e, h);
  }

  /** Twice the slots, each entry's hash computed again from its bytes (kept only in its slot's high bits). */
  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let e = 0, from = 0; e < this.values.length; from = this.ends[e++]!) {
      const h = ByBytes.hash(this.arena, from, this.ends[e]!);
      let at = h & mask;
      while (slots[at] !== 0) at = (at + 1) & mask;
      slots[at] = slotOf(e, h);
    }
    this.slots = slots;
  }

  clear(): void {
    this.arena = Buffer.allocUnsafe(0);
    this.used = 0;
    this.slots = new Int32Array(1024);
    this.ends = new Int32Array(512);
    this.values = [];
  }
}

function slotOf(entry: number, h: number): number {
  return (h & TAG_MASK) | (entry + 1);
}

/**
 * Lists of links while a file (or a folder's files, see `holdLinkLists`) is read: records tagged alike share one
 * frozen list (a store has far fewer distinct lists than records with links), which is never changed (a tag makes a
 * new list). The links in them are shared too: one frozen object per distinct link, numbered, found by how it is
 * written. A link is also found by its plain spelling (`plainSpelling`), so that `{"lines":…,"path":…}` is the same
 * link as `{"path":…,"lines":…}`. A list is found by its links' numbers, not by how it is written: its spelling is not
 * kept (that was ~26 MB of lookup tables for a million records, which outlived the read until a full collection).
 */
const linkLists = new ByBytes<readonly Link[]>();
/** The number of the shared link each spelling of a link reads as (-1: not a link); every link's plain one among them. */
const linksWritten = new ByBytes<number>();
/** The shared links, by number. */
let sharedLinks: Link[] = [];
/** The list of just that link, by the shared link's number (undefined until a record has it alone). */
let singletons: (readonly Link[] | undefined)[] = [];

/** Scores by how they are written (a few dozen spellings in a store): parsed and checked once each. */
const scores = new ByBytes<Score | null>();

/** Makes `link` a shared link, numbered next. */
function newSharedLink(link: Link): number {
  if ('lines' in link && link.lines) Object.freeze(link.lines);
  sharedLinks.push(Object.freeze(link));
  singletons.push(undefined);
  return sharedLinks.length - 1;
}

/** How JSON.stringify writes a link with its keys in the schema's order: one spelling per link. */
export function plainSpelling(link: Link): string {
  if ('journey' in link) return `{"journey":${JSON.stringify(link.journey)}}`;
  if ('component' in link) return `{"component":${JSON.stringify(link.component)}}`;
  return link.lines ? `{"path":${JSON.stringify(link.path)},"lines":[${link.lines[0]},${link.lines[1]}]}` : `{"path":${JSON.stringify(link.path)}}`;
}

const PLAIN_JOURNEY = Buffer.from('{"journey":"');
const PLAIN_COMPONENT = Buffer.from('{"component":"');
const PLAIN_PATH = Buffer.from('{"path":"');
const PLAIN_LINES = Buffer.from('","lines":[');

function startsWith(b: Uint8Array, at: number, end: number, prefix: Uint8Array): boolean {
  return end - at >= prefix.length && sameBytes(prefix, 0, prefix.length, b, at);
}

/**
 * The link written on `b[at..close)` (an object) when it is written as `plainSpelling` writes a valid link, made as
 * JSON.parse makes it; otherwise undefined (then JSON.parse reads it). Most links are, and reading them so spares
 * a string of the whole object and its parse.
 */
export function plainLink(b: Buffer, at: number, close: number): Link | undefined {
  const prefix = startsWith(b, at, close, PLAIN_JOURNEY) ? PLAIN_JOURNEY : startsWith(b, at, close, PLAIN_PATH) ? PLAIN_PATH : startsWith(b, at, close, PLAIN_COMPONENT) ? PLAIN_COMPONENT : undefined;
  if (!prefix) return undefined;
  const open = at + prefix.length - 1;
  const end = stringEnd(b, open, close);
  if (end <= open + 1 || escaped) return undefined;
  let value: string;
  if (wide) {
    // Bytes that are not UTF-8 read as U+FFFD, which is written otherwise: not the plain spelling.
    value = b.toString('utf8', open + 1, end);
    if (Buffer.byteLength(value) !== end - open - 1) return undefined;
  } else {
    value = b.toString('latin1', open + 1, end);
  }
  if (end + 2 === close && b[end + 1] === 0x7d) return prefix === PLAIN_JOURNEY ? { journey: value } : prefix === PLAIN_PATH ? { path: value } : { component: value };
  if (prefix !== PLAIN_PATH || !startsWith(b, end, close, PLAIN_LINES)) return undefined;
  let i = end + PLAIN_LINES.length;
  const first = plainLine(b, i, close);
  if (first < 0) return undefined;
  i = numberEnd;
  if (b[i] !== 0x2c) return undefined;
  const last = plainLine(b, i + 1, close);
  if (last < first || numberEnd + 2 !== close || b[numberEnd] !== 0x5d || b[numberEnd + 1] !== 0x7d) return undefined;
  return { path: value, lines: [first, last] };
}

/** Where the last `plainLine` stopped. */
let numberEnd = 0;

/** The line number written as String(n) writes a line (1 or more, at most 15 digits) at `at`, or -1. */
function plainLine(b: Uint8Array, at: number, end: number): number {
  let i = at;
  let v = 0;
  if (i >= end || b[i]! < 0x31 || b[i]! > 0x39) return -1;
  while (i < end && b[i]! >= 0x30 && b[i]! <= 0x39 && i - at < 15) v = v * 10 + b[i++]! - 0x30;
  numberEnd = i;
  return v;
}

/** The number of the link written on `b[at..close)` (an object), or -1 when the fast path does not take it. */
function linkAt(b: Buffer, at: number, close: number): number {
  const h = ByBytes.hash(b, at, close);
  let n = linksWritten.get(b, at, close, h);
  if (n !== undefined) return n;
  // Not seen written so. A link in its plain spelling not seen so is a link not seen at all.
  const plain = plainLink(b, at, close);
  if (plain) {
    n = newSharedLink(plain);
    linksWritten.set(b, at, close, h, n);
    return n;
  }
  let value: unknown;
  try {
    value = JSON.parse(b.toString('utf8', at, close));
  } catch {
    value = undefined;
  }
  if (!isLink(value)) {
    linksWritten.set(b, at, close, h, -1);
    return -1;
  }
  // Found by its plain spelling, or a new link known by it from now on.
  const spelled = Buffer.from(plainSpelling(value));
  const ph = ByBytes.hash(spelled, 0, spelled.length);
  n = linksWritten.get(spelled, 0, spelled.length, ph);
  if (n === undefined) {
    n = newSharedLink(value);
    linksWritten.set(spelled, 0, spelled.length, ph, n);
  }
  // Written as its plain spelling, yet not taken as it (a line number of 16 digits): already known by it.
  if (!spelled.equals(b.subarray(at, close))) linksWritten.set(b, at, close, h, n);
  return n;
}

/** The numbers of the links of the list being read, and the same memory as bytes (a list's key in `linkLists`). */
let numbers: Int32Array<ArrayBuffer> = new Int32Array(64);
let numberBytes = new Uint8Array(numbers.buffer);

/**
 * Reads the list of links opening at `at` (its `[`) into `out.links`, each of its objects read as a link. Returns the
 * index just past its `]`, or -1 when it is not a list of links (or runs past `limit`).
 */
function readLinks(b: Buffer, at: number, limit: number): number {
  if (linkLists.size >= MAX_LISTS || linksWritten.size >= MAX_LISTS) forgetLinks();
  let n = 0;
  let i = skipSpace(b, at + 1, limit);
  if (b[i] === 0x5d) {
    out.links = NO_LINKS;
    return i + 1;
  }
  for (;;) {
    if (b[i] !== 0x7b) return -1;
    const end = nestedEnd(b, i, limit);
    if (end < 0) return -1;
    const link = linkAt(b, i, end);
    if (link < 0) return -1;
    if (n === numbers.length) {
      numbers = grown(numbers);
      numberBytes = new Uint8Array(numbers.buffer);
    }
    numbers[n++] = link;
    i = skipSpace(b, end, limit);
    if (b[i] === 0x2c) i = skipSpace(b, i + 1, limit);
    else if (b[i] === 0x5d) break;
    else return -1;
  }
  out.linkNumbers = numbers;
  if (n === 1) {
    // A list of one link (half of all lists): found by its link's number, without the table of lists.
    const link = numbers[0]!;
    out.links = (singletons[link] ??= Object.freeze([sharedLinks[link]!])) as Link[];
    return i + 1;
  }
  const h = ByBytes.hash(numberBytes, 0, 4 * n);
  let list = linkLists.get(numberBytes, 0, 4 * n, h);
  if (list === undefined) {
    const links: Link[] = new Array(n);
    for (let k = 0; k < n; k++) links[k] = sharedLinks[numbers[k]!]!;
    list = Object.freeze(links);
    linkLists.set(numberBytes, 0, 4 * n, h, list);
  }
  out.links = list as Link[];
  return i + 1;
}

/** How many lists (or links) are kept while reading: beyond it, they start again. */
const MAX_LISTS = 1_000_000;

function forgetLinks(): void {
  linkLists.clear();
  linksWritten.clear();
  sharedLinks = [];
  singletons = [];
}

const linkHolds = new Holds(forgetLinks);

/**
 * Keeps the lists of links seen from one file to the next until the returned function is called, so that a
 * folder's files share them (a list or link named in many files is then one object).
 */
export function holdLinkLists(): () => void {
  return linkHolds.hold();
}

/** Forgets the lists of links seen (a file's records keep theirs) unless they are held: call when a file has been read. */
export function scanDone(): void {
  if (!linkHolds.held) forgetLinks();
}

const out: Scanned = { id: '', idStart: -1, idEnd: -1, time: 0, sentiment: undefined, score: undefined, source: undefined, segment: undefined, links: undefined, linkNumbers: numbers };

/**
 * The shared links the scans number theirs by, by number: one array while the lists of links are held (a folder's
 * files read together), a new one when they are forgotten. A link's number means that link only in its array.
 */
export function scanLinks(): readonly Link[] {
  return sharedLinks;
}

/** What the last `scanRecord` that succeeded read. */
export function scanned(): Scanned {
  return out;
}

/** The id the last `scanRecord` that succeeded read from `b`, as a string. */
export function scannedId(b: Buffer): string {
  return out.idStart < 0 ? out.id : b.toString('latin1', out.idStart, out.idEnd);
}

/**
 * Scans the record line starting at `start` (a `{`) up to the line break or `limit`. Returns where the line ends
 * (its line break, or `limit`), with `scanned()` filled in; or -1 when it is not a plainly valid record line (then
 * parse it) or it runs past `limit`.
 */
export function scanRecord(b: Buffer, start: number, limit: number): number {
  let i = skipSpace(b, start, limit);
  if (b[i] !== 0x7b) return -1;
  i = skipSpace(b, i + 1, limit);
  let seen = 0;
  out.sentiment = undefined;
  out.score = undefined;
  out.source = undefined;
  out.segment = undefined;
  out.links = undefined;
  let sentiment: Sentiment | undefined;
  if (b[i] === 0x7d) return -1; // {}: no id
  for (;;) {
    if (b[i] !== 0x22) return -1;
    const keyEnd = stringEnd(b, i, limit);
    if (keyEnd < 0 || escaped) return -1;
    const len = keyEnd - i - 1;
    const first = b[i + 1]!;
    const key = len < 16 && first < 128 ? KEY_BY_SHAPE[len * 128 + first] : undefined;
    if (!key || (seen & key.bit) !== 0) return -1;
    for (let k = 1; k < len; k++) if (b[i + 1 + k] !== key.bytes[k]) return -1;
    seen |= key.bit;
    i = skipSpace(b, keyEnd + 1, limit);
    if (b[i] !== 0x3a) return -1;
    i = skipSpace(b, i + 1, limit);
    const bit = key.bit;
    if (bit === KEY_SCORE) {
      const close = nestedEnd(b, i, limit);
      if (close < 0) return -1;
      const score = scoreAt(b, i, close);
      if (!score) return -1;
      out.score = score;
      i = close;
    } else if (bit === KEY_LINKS) {
      if (b[i] !== 0x5b) return -1;
      i = readLinks(b, i, limit);
      if (i < 0) return -1;
    } else {
      if (b[i] !== 0x22) return -1;
      const close = stringEnd(b, i, limit);
      if (close < 0) return -1;
      switch (bit) {
        case KEY_ID:
          if (close === i + 1) return -1;
          // A plain id stays in the bytes (the table copies them): no string per record.
          if (escaped || wide) {
            out.id = stringValue(b, i, close);
            out.idStart = -1;
          } else {
            out.id = '';
            out.idStart = i + 1;
            out.idEnd = close;
          }
          break;
        case KEY_DATE:
          out.time = timeAt(b, i, close);
          if (Number.isNaN(out.time)) return -1;
          break;
        case KEY_SOURCE:
          out.source = sharedValue(b, i, close);
          break;
        case KEY_SEGMENT:
          out.segment = sharedValue(b, i, close);
          break;
        case KEY_SENTIMENT:
          sentiment = SENTIMENTS.get(sharedValue(b, i, close));
          if (!sentiment) return -1;
          out.sentiment = sentiment;
          break;
        case KEY_URL:
          if (!urlAt(b, i, close)) return -1;
          break;
        // text and title: checked, left in the bytes.
      }
      i = close + 1;
    }
    i = skipSpace(b, i, limit);
    if (b[i] === 0x2c) {
      i = skipSpace(b, i + 1, limit);
      continue;
    }
    if (b[i] !== 0x7d) return -1;
    break;
  }
  if ((seen & (KEY_ID | KEY_DATE | KEY_TEXT)) !== (KEY_ID | KEY_DATE | KEY_TEXT)) return -1;
  const end = skipSpace(b, i + 1, limit);
  return end === limit || b[end] === 0x0a ? end : -1;
}
