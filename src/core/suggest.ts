/**
 * Tag suggestions (SPEC §4 Tag Feedback…): ranks the journeys, steps and components a record could be tagged with
 * by the words it shares with their names and outcomes and with the records already tagged with them. Plain
 * word statistics, TF-IDF-like, no external service: a shared word weighs its inverse document frequency over the
 * feedback, times how strongly it belongs to the target (in its name or outcome, or the share of its tagged records
 * that use it). Each suggestion says why it is made, in words a CX person reads.
 */
import { linkKey } from './cxIndex';
import type { Outline } from './outline';
import type { Link } from './schemas';

/** Something a record can be tagged with: a journey, a step or a component. */
export interface SuggestTarget {
  link: Link;
  /** `checkout/pay` or the component id, as the reason names it. */
  ref: string;
  name: string;
  outcome?: string;
  /** More words that name it (a component's id): matched as its name is. */
  keywords?: string;
}

/** A record as the suggestions read it. */
export interface SuggestRecord {
  id: string;
  text: string;
  title?: string;
  links: readonly Link[];
}

export interface Suggestion {
  target: SuggestTarget;
  score: number;
  /** `shares 'declined', 'card' with 12 records tagged checkout/pay; 'card' in its outcome`. */
  reason: string;
}

const STOPWORDS = new Set(`
a about above after again against all also am an and any are as at be because been before being below between both
but by can cannot could did do does doing done down during each even ever every few for from further get gets got
had has have having he her here hers him his how i if in into is it its itself just me more most my no nor not now
of off on once only or other our ours out over own same she should so some still such than that the their theirs
them then there these they this those through to too under until up us very was we were what when where which while
who whom why will with would you your yours yet really again ok okay hi hello thanks thank please lot lots much
many one two dont doesnt didnt cant wont isnt im ive its thats theres
`.split(/\s+/).filter(Boolean));

/** A light stemmer, the same on both sides: `declined`, `declines`, `decline` → `declin`; `payments` → `payment`. */
export function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/** The distinct stems of a text, each with the first word it came from; stopwords and short words left out. */
export function wordsOf(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.toLowerCase().replace(/['’]/g, '').split(/[^\p{L}\p{N}]+/u)) {
    if (raw.length < 3 || STOPWORDS.has(raw) || /^\d+$/.test(raw)) continue;
    const s = stem(raw);
    if (!out.has(s)) out.set(s, raw);
  }
  return out;
}

/**
 * Whether a record's link counts for the target: a journey gathers its steps' records too. The plain rule that
 * `countedKeys` gives for all targets at once (test/unit/suggest.test.ts holds them to the same answers).
 */
export function counts(link: Link, target: Link): boolean {
  if ('journey' in target) return 'journey' in link && (link.journey === target.journey || (!target.journey.includes('/') && link.journey.startsWith(`${target.journey}/`)));
  return linkKey(link) === linkKey(target);
}

const recordText = (r: SuggestRecord) => (r.title ? `${r.title} ${r.text}` : r.text);

/** The journeys, steps and components of an outline, as targets (journey, its steps, …, then components). */
export function targetsOfOutline(outline: Pick<Outline, 'journeys' | 'components'>): SuggestTarget[] {
  const out: SuggestTarget[] = [];
  for (const j of outline.journeys) {
    out.push({ link: { journey: j.ref }, ref: j.ref, name: j.name, ...(j.outcome ? { outcome: j.outcome } : {}) });
    for (const s of j.steps) out.push({ link: { journey: s.ref }, ref: s.ref, name: s.name, ...(s.outcome ? { outcome: s.outcome } : {}) });
  }
  for (const c of outline.components) out.push({ link: { component: c.ref }, ref: c.ref, name: c.name, keywords: c.ref.replace(/-/g, ' ') });
  return out;
}

/** Records a target's word shares are smoothed by: its tagged records count as if this many more lacked the word. */
const SMOOTHING = 2;

const quoted = (words: readonly string[]) => words.map((w) => `'${w}'`).join(', ');

/** How many of the newest records the suggestions read: enough to know the words of a large store. */
export const SUGGEST_RECORDS = 5_000;

/** The keys (`linkKey`) of the targets a record's link counts for (see `counts`): a step's link counts for its journey too. */
export function countedKeys(link: Link): string[] {
  const key = linkKey(link);
  if (!('journey' in link)) return [key];
  const slash = link.journey.indexOf('/');
  return slash > 0 ? [key, linkKey({ journey: link.journey.slice(0, slash) })] : [key];
}

/**
 * Ranks `targets` for `record`, best first, at most `limit`: only those sharing at least one word, and none the
 * record is already tagged with. `records` is the folder's feedback, or its newest `SUGGEST_RECORDS` in a large
 * store (the record itself is ignored in it); it gives both the word frequencies and each target's tagged records.
 * Ties go by reference, so the order is stable.
 */
export function suggestTags(record: SuggestRecord, targets: readonly SuggestTarget[], records: readonly SuggestRecord[], limit = 5): Suggestion[] {
  const words = wordsOf(recordText(record));
  if (!words.size) return [];
  const others = records.filter((r) => r.id !== record.id);
  const docs = others.map((r) => ({ r, words: wordsOf(recordText(r)) }));
  // Document frequency over the feedback, for the record's words only.
  const df = new Map<string, number>();
  for (const d of docs) for (const w of words.keys()) if (d.words.has(w)) df.set(w, (df.get(w) ?? 0) + 1);
  const idf = (w: string) => Math.log((docs.length + 1) / ((df.get(w) ?? 0) + 1)) + 1;
  // Each target's tagged records, gathered in one pass over the records' links (in the records' order).
  const taggedBy = new Map<string, typeof docs>();
  for (const d of docs) {
    const keys = new Set(d.r.links.flatMap(countedKeys));
    for (const key of keys) {
      const list = taggedBy.get(key);
      if (list) list.push(d);
      else taggedBy.set(key, [d]);
    }
  }
  const has = new Set(record.links.map(linkKey));
  const out: Suggestion[] = [];
  for (const target of targets) {
    if (has.has(linkKey(target.link))) continue;
    const nameWords = wordsOf(target.keywords ? `${target.name} ${target.keywords}` : target.name);
    const outcomeWords = wordsOf(target.outcome ?? '');
    const tagged = taggedBy.get(linkKey(target.link)) ?? [];
    let score = 0;
    const fromName: string[] = [];
    const fromOutcome: string[] = [];
    const fromRecords: { word: string; n: number; weight: number }[] = [];
    for (const [w, surface] of words) {
      const own = nameWords.has(w) ? 1 : outcomeWords.has(w) ? 0.6 : 0;
      if (nameWords.has(w)) fromName.push(surface);
      else if (outcomeWords.has(w)) fromOutcome.push(surface);
      const n = tagged.length ? tagged.filter((d) => d.words.has(w)).length : 0;
      // Smoothed: a word in the one record tagged so counts less than one in most of twenty.
      const share = n / (tagged.length + SMOOTHING);
      if (n) fromRecords.push({ word: surface, n, weight: idf(w) * share });
      score += idf(w) * (own + share);
    }
    if (score <= 0) continue;
    fromRecords.sort((a, b) => b.weight - a.weight || (a.word < b.word ? -1 : 1));
    const parts: string[] = [];
    const shown = fromRecords.slice(0, 3);
    if (shown.length) {
      const using = tagged.filter((d) => shown.some((s) => d.words.has(stem(s.word)))).length;
      parts.push(`shares ${quoted(shown.map((s) => s.word))} with ${using} record${using === 1 ? '' : 's'} tagged ${target.ref}`);
    }
    if (fromName.length) parts.push(`${quoted(fromName.slice(0, 3))} in its name`);
    if (fromOutcome.length) parts.push(`${quoted(fromOutcome.slice(0, 3))} in its outcome`);
    out.push({ target, score: Math.round(score * 1000) / 1000, reason: parts.join('; ') });
  }
  out.sort((a, b) => b.score - a.score || (a.target.ref < b.target.ref ? -1 : a.target.ref > b.target.ref ? 1 : 0));
  return out.slice(0, limit);
}
