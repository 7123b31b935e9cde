/**
 * The feedback records folded with the tags log (SPEC §2): each record's links after every `add` and `remove`, and
 * what the records are tagged to. An index shares this with the next one while the records and the log are the
 * same; when lines are appended to the log (the way it grows), `appendTags` folds only those lines in, copying
 * just the sets and lists that change, so that the previous index keeps answering as it did.
 */
import type { Lined } from './recordLoaders';
import { sentimentOf } from './schemas';
import type { FeedbackRecord, Link, TagDecision } from './schemas';
import type { StatInput } from './feedbackStats';
import { LayeredMap } from './layeredMap';

/** One folded record. Never changed once built: a new tag makes a new one (so sets of them can be shared). */
export interface Fb extends StatInput {
  /** Load order, the index in the records: breaks ties between records of the same time. */
  seq: number;
  record: FeedbackRecord;
  file: string;
  line: number;
  links: Link[];
}

export interface PathTag {
  seq: number;
  lines?: [number, number];
}

/**
 * A set of records as their `seq`s, ascending and distinct: 4 bytes a member instead of a set entry, in load order,
 * and the same for a record before and after a new tag.
 */
export type Seqs = Int32Array;

const NO_SEQS: Seqs = new Int32Array(0);

/** Where `seq` is, or where it would go, in `seqs`. */
function seqIndex(seqs: Seqs, seq: number): number {
  let lo = 0;
  let hi = seqs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (seqs[mid]! < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function withSeq(seqs: Seqs | undefined, seq: number): Seqs {
  const from = seqs ?? NO_SEQS;
  const at = seqIndex(from, seq);
  if (from[at] === seq) return from;
  const out = new Int32Array(from.length + 1);
  out.set(from.subarray(0, at));
  out[at] = seq;
  out.set(from.subarray(at), at + 1);
  return out;
}

export function withoutSeq(seqs: Seqs | undefined, seq: number): Seqs {
  const from = seqs ?? NO_SEQS;
  const at = seqIndex(from, seq);
  if (from[at] !== seq) return from;
  const out = new Int32Array(from.length - 1);
  out.set(from.subarray(0, at));
  out.set(from.subarray(at + 1), at);
  return out;
}

/** The union of some sets. */
export function unionSeqs(lists: readonly Seqs[]): Seqs {
  if (lists.length === 1) return lists[0]!;
  let size = 0;
  for (const l of lists) size += l.length;
  const all = new Int32Array(size);
  let at = 0;
  for (const l of lists) {
    all.set(l, at);
    at += l.length;
  }
  all.sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[n++] = all[i]!;
  return n === all.length ? all : all.slice(0, n);
}

/**
 * The folded records by `seq`: a list shared between versions, and the records retagged since, by `seq`, so that a
 * tag costs a copy of the few records changed, not of a million; merged into a new list once they grow many.
 */
export class FoldedRecords {
  private merged: readonly Fb[] | undefined;

  constructor(private readonly base: readonly Fb[], private readonly changed: ReadonlyMap<number, Fb> = new Map()) {}

  get length(): number {
    return this.base.length;
  }

  at(seq: number): Fb {
    return (this.changed.size && this.changed.get(seq)) || this.base[seq]!;
  }

  /** Every record in load order. */
  list(): readonly Fb[] {
    if (!this.changed.size) return this.base;
    return (this.merged ??= this.base.map((f, seq) => this.changed.get(seq) ?? f));
  }

  /** This version with some records replaced (keyed by `seq`); this one is left as it is. */
  with(records: ReadonlyMap<number, Fb>): FoldedRecords {
    const changed = new Map(this.changed);
    for (const [seq, fb] of records) changed.set(seq, fb);
    if (changed.size <= Math.max(4096, this.base.length / 64)) return new FoldedRecords(this.base, changed);
    return new FoldedRecords(this.base.map((f, seq) => changed.get(seq) ?? f));
  }
}

export interface Folded {
  /** By `seq`. */
  feedback: FoldedRecords;
  seqOf: ReadonlyMap<string, number>;
  /** What records are tagged to, by target (`targetOf`). */
  byTarget: LayeredMap<string, Seqs>;
  /** Records tagged to each path with the lines they are about, in load order. */
  byPath: LayeredMap<string, PathTag[]>;
  /**
   * Where the records' own links name each target, by kind of target, as pairs of `seq` and link index: lets the
   * links be checked once per target instead of once per record, and one kind alone after an edit of its kind.
   */
  uses: Record<TargetKind, Map<string, number[]>>;
  /**
   * The target of each tag line ('' for a line naming no record: a problem). Appended to in place by `appendTags` when it is
   * this version's own: a version reads only its first `tags` items.
   */
  tagTargets: string[];
  /** The tag lines folded in. */
  tags: number;
  /** The time of the newest record, or -Infinity. */
  newest: number;
}

export type TargetKind = 'j:' | 'c:' | 'p:';
export const TARGET_KINDS: readonly TargetKind[] = ['j:', 'c:', 'p:'];

/** A link's target: `j:` a journey or step reference, `c:` a component id, `p:` a path (lines aside). */
export function targetOf(link: Link): string {
  if ('journey' in link) return `j:${link.journey}`;
  if ('component' in link) return `c:${link.component}`;
  return `p:${link.path}`;
}

/** What makes two links the same link: the target, and for a path its lines. */
export function linkKey(link: Link): string {
  return 'path' in link && link.lines ? `${targetOf(link)}#${link.lines[0]}-${link.lines[1]}` : targetOf(link);
}

/** A record's tag to a path, with the lines it is about. */
function pathTag(seq: number, link: Extract<Link, { path: string }>): PathTag {
  return link.lines ? { seq, lines: link.lines } : { seq };
}

export function parseTime(date: string): number {
  return Date.parse(date.length === 10 ? `${date}T00:00:00Z` : date);
}

function distinctLinks(links: readonly Link[]): Link[] {
  const out: Link[] = [];
  for (const link of links) if (!out.some((l) => linkKey(l) === linkKey(link))) out.push(link);
  return out;
}

/** `links` after one decision, or the same array when the decision changes nothing. */
function decide(links: Link[], t: TagDecision): Link[] {
  const key = linkKey(t.ref);
  const at = links.findIndex((l) => linkKey(l) === key);
  if (t.op === 'add' && at < 0) return [...links, t.ref];
  if (t.op === 'remove' && at >= 0) return links.filter((_, i) => i !== at);
  return links;
}

function addUse(uses: Folded['uses'], target: string, place: number, k: number): void {
  const byKind = uses[target.slice(0, 2) as TargetKind];
  const list = byKind.get(target);
  if (list) list.push(place, k);
  else byKind.set(target, [place, k]);
}

/** Folds every record with the whole log. */
export function foldFeedback(records: readonly Lined<FeedbackRecord>[], tags: readonly Lined<TagDecision>[], ids?: ReadonlyMap<string, number>): Folded {
  const feedback: Fb[] = [];
  // The ids as combining the files found them, or found here.
  const seqOf = ids ?? new Map<string, number>();
  const uses: Folded['uses'] = { 'j:': new Map(), 'c:': new Map(), 'p:': new Map() };
  const tagTargets: string[] = [];
  let newest = Number.NEGATIVE_INFINITY;
  for (const r of records) {
    const record = r.value;
    const seq = feedback.length;
    record.links.forEach((link, k) => addUse(uses, targetOf(link), seq, k));
    // The record's own list unless it names a link twice (mostly it is the shared empty list).
    const links = record.links.length < 2 || new Set(record.links.map(linkKey)).size === record.links.length ? record.links : distinctLinks(record.links);
    const time = parseTime(record.date);
    if (time > newest) newest = time;
    feedback.push({ seq, record, file: r.file, line: r.line, links, time, sentiment: sentimentOf(record), score: record.score });
    if (!ids) (seqOf as Map<string, number>).set(record.id, seq);
  }
  // Fold the log in order: add appends a link, remove takes the same link away. The records are new: change in place.
  for (const t of tags) {
    const seq = seqOf.get(t.value.feedback);
    tagTargets.push(seq === undefined ? '' : targetOf(t.value.ref));
    if (seq === undefined) continue;
    const fb = feedback[seq]!;
    fb.links = decide(fb.links, t.value);
  }
  const members = new Map<string, number[]>();
  const byPath = new Map<string, PathTag[]>();
  for (const fb of feedback) {
    for (const l of fb.links) {
      const target = targetOf(l);
      // A record's links are distinct, but two path links may name one path (other lines): one member.
      const list = members.get(target);
      if (!list) members.set(target, [fb.seq]);
      else if (list.at(-1) !== fb.seq) list.push(fb.seq);
      if ('path' in l) {
        const entry = pathTag(fb.seq, l);
        const list = byPath.get(l.path);
        if (list) list.push(entry);
        else byPath.set(l.path, [entry]);
      }
    }
  }
  const byTarget = new Map<string, Seqs>();
  for (const [target, seqs] of members) byTarget.set(target, Int32Array.from(seqs));
  return { feedback: new FoldedRecords(feedback), seqOf, byTarget: LayeredMap.of(byTarget), byPath: LayeredMap.of(byPath), uses, tagTargets, tags: tags.length, newest };
}

/** What `appendTags` changed: each record whose links changed, before and after. */
export interface Retagged {
  before: Fb;
  after: Fb;
}

/**
 * `folded` with the log's lines from `folded.tags` on folded in, as `foldFeedback` of the whole log would give
 * (the records must be the same). `folded` itself is left as it was.
 */
export function appendTags(folded: Folded, tags: readonly Lined<TagDecision>[]): { folded: Folded; retagged: Retagged[] } {
  const updates = new Map<number, Fb>();
  const fbAt = (seq: number) => updates.get(seq) ?? folded.feedback.at(seq);
  const tagTargets = folded.tagTargets.length === folded.tags ? folded.tagTargets : folded.tagTargets.slice(0, folded.tags);
  const before = new Map<number, Fb>();
  for (let i = folded.tags; i < tags.length; i++) {
    const t = tags[i]!;
    const seq = folded.seqOf.get(t.value.feedback);
    tagTargets.push(seq === undefined ? '' : targetOf(t.value.ref));
    if (seq === undefined) continue;
    const fb = fbAt(seq);
    const links = decide(fb.links, t.value);
    if (links === fb.links) continue;
    if (!before.has(seq)) before.set(seq, fb);
    updates.set(seq, { ...fb, links });
  }
  const feedback = folded.feedback.with(updates);
  const byTarget = folded.byTarget.next();
  const byPath = folded.byPath.next();
  const retagged: Retagged[] = [];
  for (const [seq, was] of before) {
    const now = feedback.at(seq);
    retagged.push({ before: was, after: now });
    const targetsBefore = new Set(was.links.map(targetOf));
    const targetsNow = new Set(now.links.map(targetOf));
    for (const target of targetsBefore) {
      if (targetsNow.has(target)) continue;
      const seqs = withoutSeq(byTarget.get(target), seq);
      if (seqs.length) byTarget.set(target, seqs);
      else byTarget.delete(target);
    }
    for (const target of targetsNow) if (!targetsBefore.has(target)) byTarget.set(target, withSeq(byTarget.get(target), seq));
    const paths = new Set([...was.links, ...now.links].flatMap((l) => ('path' in l ? [l.path] : [])));
    for (const path of paths) {
      const list = (byPath.get(path) ?? []).filter((e) => e.seq !== seq);
      let at = list.findIndex((e) => e.seq > seq);
      if (at < 0) at = list.length;
      const entries = now.links.flatMap((l) => ('path' in l && l.path === path ? [pathTag(seq, l)] : []));
      list.splice(at, 0, ...entries);
      if (list.length) byPath.set(path, list);
      else byPath.delete(path);
    }
  }
  return { folded: { ...folded, feedback, byTarget, byPath, tagTargets, tags: tags.length }, retagged };
}
