/**
 * The feedback records folded with the tags log (SPEC §2): each record's links after every `add` and `remove`, and
 * what the records are tagged to. An index shares this with the next one while the records and the log are the
 * same; when lines are appended to the log (the way it grows), `appendTags` folds only those lines in, copying
 * just the sets and lists that change, so that the previous index keeps answering as it did.
 */
import { NO_LINKS } from './fastRecords';
import type { FeedbackRows, NumberedLinks } from './feedbackTable';
import type { Lined } from './recordLoaders';
import type { Link, TagDecision } from './schemas';
import type { IdLookup } from './idIndex';
import { LayeredMap } from './layeredMap';
import { grown } from './multiMap';
import { firstAtOrAfter } from './sortedSearch';

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

export function withSeq(seqs: Seqs | undefined, seq: number): Seqs {
  const from = seqs ?? NO_SEQS;
  const at = firstAtOrAfter(from, seq);
  if (from[at] === seq) return from;
  const out = new Int32Array(from.length + 1);
  out.set(from.subarray(0, at));
  out[at] = seq;
  out.set(from.subarray(at), at + 1);
  return out;
}

export function withoutSeq(seqs: Seqs | undefined, seq: number): Seqs {
  const from = seqs ?? NO_SEQS;
  const at = firstAtOrAfter(from, seq);
  if (from[at] !== seq) return from;
  const out = new Int32Array(from.length - 1);
  out.set(from.subarray(0, at));
  out.set(from.subarray(at + 1), at);
  return out;
}

/**
 * Room the unions work in, kept between them up to a size: a union then allocates only its result. (Each union
 * allocated its bitset or its list of all members, ~125 KB for a journey's records, outside the heap; thousands of
 * them in a summary lay dead there until a collection came, ~30 MB at its peak.)
 */
let scratchWords = new Int32Array(1024);
let scratchSeqs = new Int32Array(1024);
const KEPT_SCRATCH = 1 << 18;

function wordsFor(n: number): Int32Array {
  if (n <= scratchWords.length) return scratchWords;
  const words = new Int32Array(n);
  if (n <= KEPT_SCRATCH) scratchWords = words;
  return words;
}

function seqsFor(n: number): Int32Array {
  if (n <= scratchSeqs.length) return scratchSeqs;
  const seqs = new Int32Array(n);
  if (n <= KEPT_SCRATCH) scratchSeqs = seqs;
  return seqs;
}

/** The union of some sets. */
export function unionSeqs(lists: readonly Seqs[]): Seqs {
  if (lists.length === 1) return lists[0]!;
  let size = 0;
  let last = -1;
  for (const l of lists) {
    size += l.length;
    if (l.length && l[l.length - 1]! > last) last = l[l.length - 1]!;
  }
  // Many members for their range (a journey's records gathered from thousands of targets): a mark a member in a
  // bitset, read back in order, costs a pass over the members and one over the range's words; a sort costs more.
  if (size > 256 && last >>> 5 < size * 4) return unionByBits(lists, last, size);
  const all = seqsFor(size);
  let at = 0;
  for (const l of lists) {
    // A copy call costs more than a short loop.
    if (l.length > 8) all.set(l, at);
    else for (let i = 0; i < l.length; i++) all[at + i] = l[i]!;
    at += l.length;
  }
  all.subarray(0, size).sort();
  let n = 0;
  for (let i = 0; i < size; i++) if (i === 0 || all[i] !== all[i - 1]) all[n++] = all[i]!;
  return all.slice(0, n);
}

/** `unionSeqs` through a bitset of the seqs up to `last`, the largest member. */
function unionByBits(lists: readonly Seqs[], last: number, size: number): Seqs {
  const count = (last >>> 5) + 1;
  const words = wordsFor(count);
  for (const l of lists) for (let i = 0; i < l.length; i++) words[l[i]! >>> 5]! |= 1 << (l[i]! & 31);
  const out = seqsFor(size);
  let n = 0;
  for (let w = 0; w < count; w++) {
    for (let bits = words[w]!; bits !== 0; bits &= bits - 1) out[n++] = (w << 5) | (31 - Math.clz32(bits & -bits));
    words[w] = 0; // left clear for the next union
  }
  return out.slice(0, n);
}

export interface Folded {
  /** The records, by `seq`. */
  rows: FeedbackRows;
  /** What the statistics and orders read, by `seq`: the time, the sentiment (`SENTIMENT_CODES`), the score. */
  time: Float64Array;
  sentiment: Uint8Array;
  scoreType: Uint8Array;
  scoreValue: Float64Array;
  /** The links of the records whose links are not their own as written (the log changed them, or a link repeats). */
  tagged: LayeredMap<number, Link[]>;
  seqOf: IdLookup;
  /** What records are tagged to, by target (`targetOf`). */
  byTarget: LayeredMap<string, Seqs>;
  /** Records tagged to each path with the lines they are about, in load order. */
  byPath: LayeredMap<string, PathTag[]>;
  /**
   * The targets the records' own links name, by kind of target and the target's name (its key without the kind:
   * `checkout/pay` for `j:checkout/pay`): lets the links be checked once per target instead of once per record,
   * and one kind alone after an edit of its kind; `forEachPlaceNaming` then finds where the missing ones are written.
   */
  named: Record<TargetKind, { has(name: string): boolean } & Iterable<string>>;
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

/**
 * Places for the targets' items, one target after another in one array, from each target's count of them: returns
 * each target's end, and turns `counts` into each target's next place (its start), to fill them.
 */
function layOut(counts: Int32Array, targets: number): Int32Array {
  const ends = new Int32Array(targets);
  for (let t = 0, at = 0; t < targets; t++) ends[t] = at += counts[t]!;
  for (let t = 0; t < targets; t++) counts[t] = startOf(ends, t);
  return ends;
}

/** Where target `t`'s places start, by the ends `layOut` gave. */
function startOf(ends: Int32Array, t: number): number {
  return t ? ends[t - 1]! : 0;
}

/** A record's tag to a path, with the lines it is about. */
function pathTag(seq: number, link: Extract<Link, { path: string }>): PathTag {
  return link.lines ? { seq, lines: link.lines } : { seq };
}

function distinctLinks(links: readonly Link[]): Link[] {
  const out: Link[] = [];
  for (const link of links) if (!out.some((l) => sameLink(l, link))) out.push(link);
  return out;
}

/** `links` after one decision, or the same array when the decision changes nothing. */
function decide(links: Link[], t: TagDecision): Link[] {
  const at = links.findIndex((l) => sameLink(l, t.ref));
  if (t.op === 'add' && at < 0) return [...links, t.ref];
  if (t.op === 'remove' && at >= 0) return links.filter((_, i) => i !== at);
  return links;
}

/**
 * Calls `each` with every place where a record's own link names a target of `kind` among `names`: its `seq`, the
 * link's index and the name, in seq order (one pass over the links, made for the targets that are missing).
 */
export function forEachPlaceNaming(rows: FeedbackRows, kind: TargetKind, names: ReadonlySet<string> | ReadonlyMap<string, unknown>, each: (seq: number, k: number, name: string) => void): void {
  if (!names.size) return;
  const nameOf = (link: Link): string | undefined =>
    kind === 'j:' ? ('journey' in link ? link.journey : undefined) : kind === 'c:' ? ('component' in link ? link.component : undefined) : 'path' in link ? link.path : undefined;
  rows.forEachLinked((links, _file, _line, seq) => {
    for (let k = 0; k < links.length; k++) {
      const name = nameOf(links[k]!);
      if (name !== undefined && names.has(name)) each(seq, k, name);
    }
  });
}

/** Whether two links are the same link (`linkKey`), compared without making their keys. */
function sameLink(a: Link, b: Link): boolean {
  if ('journey' in a) return 'journey' in b && a.journey === b.journey;
  if ('component' in a) return 'component' in b && a.component === b.component;
  if (!('path' in b) || a.path !== b.path) return false;
  return a.lines ? !!b.lines && a.lines[0] === b.lines[0] && a.lines[1] === b.lines[1] : !b.lines;
}

/** Whether a list of links names one link twice. */
function repeatsLink(links: readonly Link[]): boolean {
  if (links.length > 16) return new Set(links.map(linkKey)).size !== links.length;
  for (let i = 1; i < links.length; i++) for (let j = 0; j < i; j++) if (sameLink(links[i]!, links[j]!)) return true;
  return false;
}

/**
 * Whether the numbered links `numbers[from..to)` name one link twice: `repeatsLink` of their list, since the scan
 * gives a link one number whichever way it is written (and one object: see `linkAt`).
 */
function repeatsNumber(numbers: Int32Array, from: number, to: number, list: readonly Link[]): boolean {
  if (to - from > 16) return repeatsLink(list);
  for (let i = from + 1; i < to; i++) for (let j = from; j < i; j++) if (numbers[i] === numbers[j]) return true;
  return false;
}

/** A record's links: its own, with the tags log folded in. */
export function linksOf(folded: Folded, seq: number): Link[] {
  return folded.tagged.get(seq) ?? folded.rows.ownLinks(seq);
}

const linkedOf = new WeakMap<Folded, Uint8Array>();

/**
 * Whether each record has links (1) or none (0) after the tags log, by seq: what the Inbox (untagged) and the
 * tagged filter ask of every record, from the tables' lists of linked rows and the log's changes instead of a
 * lookup per record. Made once per fold (a tag append makes a new fold).
 */
export function linkedMarks(folded: Folded): Uint8Array {
  let marks = linkedOf.get(folded);
  if (marks) return marks;
  const linked = (marks = new Uint8Array(folded.rows.length));
  folded.rows.forEachLinked((_links, _file, _line, seq) => (linked[seq] = 1));
  for (const [seq, links] of folded.tagged) linked[seq] = links.length ? 1 : 0;
  linkedOf.set(folded, marks);
  return marks;
}

/** Folds every record with the whole log. */
export function foldFeedback(rows: FeedbackRows, tags: readonly Lined<TagDecision>[], ids?: IdLookup): Folded {
  const n = rows.length;
  const time = new Float64Array(n);
  const sentiment = new Uint8Array(n);
  const scoreType = new Uint8Array(n);
  const scoreValue = new Float64Array(n);
  const tagged = new Map<number, Link[]>();
  // The ids as combining the files found them, or found here.
  const seqOf = ids ?? rows.idIndex();
  const tagTargets: string[] = [];
  // The targets, numbered by kind and name as first named (a target's key is made once per target, not once per
  // link), each with its records and links counted. Those the records' own links name are numbered first.
  const numbers = { 'j:': new Map<string, number>(), 'c:': new Map<string, number>(), 'p:': new Map<string, number>() };
  let counts: Int32Array<ArrayBuffer> = new Int32Array(1024);
  let linkCounts: Int32Array<ArrayBuffer> = new Int32Array(1024);
  let targets = 0;
  const numberOf = (kind: TargetKind, name: string): number => {
    let t = numbers[kind].get(name);
    if (t === undefined) {
      numbers[kind].set(name, (t = targets++));
      if (t === counts.length) {
        counts = grown(counts);
        linkCounts = grown(linkCounts);
      }
    }
    return t;
  };
  const targetOfLink = (l: Link) => ('journey' in l ? numberOf('j:', l.journey) : 'component' in l ? numberOf('c:', l.component) : numberOf('p:', l.path));
  // The records that have links of their own, ascending, their links, and those links' targets one after another.
  const ownSeqs: number[] = [];
  const ownLists: Link[][] = [];
  let ownTargets: Int32Array<ArrayBuffer> = new Int32Array(4096);
  let owned = 0;
  // By the shared links the scans numbered (one set for a folder's files read together): the target of each number,
  // looked up by name once per link rather than once per record naming it (-1: not yet).
  const numberedTargets = new Map<readonly Link[], Int32Array>();
  const knownOf = (shared: readonly Link[]): Int32Array => {
    let known = numberedTargets.get(shared);
    if (!known || known.length < shared.length) {
      const more = new Int32Array(shared.length).fill(-1);
      if (known) more.set(known);
      numberedTargets.set(shared, (known = more));
    }
    return known;
  };
  /**
   * A record with links of its own. `numbered`, when the scan numbered them: their numbers are `numbers[from..)`
   * among `numbered.links`, whose targets `known` holds.
   */
  const own = (seq: number, links: Link[], numbered?: NumberedLinks, from = 0, known?: Int32Array) => {
    ownSeqs.push(seq);
    ownLists.push(links);
    while (owned + links.length > ownTargets.length) ownTargets = grown(ownTargets);
    for (let k = 0; k < links.length; k++) {
      if (!numbered) {
        ownTargets[owned++] = targetOfLink(links[k]!);
        continue;
      }
      const l = numbered.numbers[from + k]!;
      let t = known![l]!;
      if (t < 0) t = known![l] = targetOfLink(numbered.links[l]!);
      ownTargets[owned++] = t;
    }
    // A record's own list unless it names a link twice.
    if (links.length > 1 && (numbered ? repeatsNumber(numbered.numbers, from, from + links.length, links) : repeatsLink(links))) {
      tagged.set(seq, distinctLinks(links));
    }
  };
  rows.forEachPart((table, selected, first) => {
    if (!selected) {
      // The whole table: its columns copied as they are, then read by the table from here.
      time.set(table.times, first);
      sentiment.set(table.sentiments, first);
      scoreType.set(table.scoreTypes, first);
      scoreValue.set(table.scoreValues, first);
      table.shareColumns({ time, sentiment, scoreType, scoreValue }, first);
      const { rows, lists, numbered } = table.links;
      const known = numbered && knownOf(numbered.links);
      for (let k = 0, from = 0; k < rows.length; from += lists[k++]!.length) own(first + rows[k]!, lists[k]!, numbered, from, known);
      return;
    }
    for (let i = 0; i < selected.length; i++) {
      const row = selected[i]!;
      time[first + i] = table.times[row]!;
      sentiment[first + i] = table.sentiments[row]!;
      scoreType[first + i] = table.scoreTypes[row]!;
      scoreValue[first + i] = table.scoreValues[row]!;
      const links = table.links.get(row);
      if (links) own(first + i, links);
    }
  });
  // The targets the records' own links name: those numbered so far.
  const ownNamed = targets;
  let newest = Number.NEGATIVE_INFINITY;
  for (let seq = 0; seq < n; seq++) if (time[seq]! > newest) newest = time[seq]!;
  const ownOf = (seq: number): Link[] => {
    const at = firstAtOrAfter(ownSeqs, seq);
    return ownSeqs[at] === seq ? ownLists[at]! : NO_LINKS;
  };
  // Fold the log in order: add appends a link, remove takes the same link away.
  for (const t of tags) {
    const seq = seqOf.get(t.value.feedback);
    tagTargets.push(seq === undefined ? '' : targetOf(t.value.ref));
    if (seq === undefined) continue;
    const links = tagged.get(seq) ?? ownOf(seq);
    const now = decide(links, t.value);
    if (now !== links) tagged.set(seq, now);
  }
  // The records whose links are not their own, ascending, with their links (a list made by a spread or a filter
  // keeps room for more, 17 links for 2: tens of thousands kept at their length) and their links' targets.
  const taggedSeqs = Int32Array.from(tagged.keys()).sort();
  const taggedLists: Link[][] = [];
  const taggedStarts = new Int32Array(taggedSeqs.length + 1);
  let taggedTargets: Int32Array<ArrayBuffer> = new Int32Array(1024);
  for (let j = 0, at = 0; j < taggedSeqs.length; j++) {
    let links = tagged.get(taggedSeqs[j]!)!;
    if (links.length) tagged.set(taggedSeqs[j]!, (links = links.slice()));
    taggedLists.push(links);
    for (let k = 0; k < links.length; k++) {
      if (at === taggedTargets.length) taggedTargets = grown(taggedTargets);
      taggedTargets[at++] = targetOfLink(links[k]!);
    }
    taggedStarts[j + 1] = at;
  }
  // The records with links in load order, those with their own merged with those the log changed: each with its
  // links, and their targets at `from` in `listTargets`.
  const eachLinked = (visit: (seq: number, links: readonly Link[], listTargets: Int32Array, from: number) => void) => {
    for (let i = 0, j = 0, o = 0; i < ownSeqs.length || j < taggedSeqs.length; ) {
      const a = i < ownSeqs.length ? ownSeqs[i]! : Infinity;
      const b = j < taggedSeqs.length ? taggedSeqs[j]! : Infinity;
      const seq = Math.min(a, b);
      if (b === seq) visit(seq, taggedLists[j]!, taggedTargets, taggedStarts[j]!);
      else visit(seq, ownLists[i]!, ownTargets, o);
      if (a === seq) o += ownLists[i++]!.length;
      if (b === seq) j++;
    }
  };
  // The members of each target: counted, then each target's records laid out in one array, a view each.
  const lastSeq = new Int32Array(targets).fill(-1);
  eachLinked((seq, links, listTargets, from) => {
    for (let k = 0; k < links.length; k++) {
      const t = listTargets[from + k]!;
      linkCounts[t]!++;
      // Two path links may name one path (other lines): the record counts once.
      if (lastSeq[t] !== seq) {
        lastSeq[t] = seq;
        counts[t]!++;
      }
    }
  });
  const ends = layOut(counts, targets);
  const members = new Int32Array(targets ? ends[targets - 1]! : 0);
  const fill = counts; // each target's next place
  lastSeq.fill(-1);
  // Each path's links, laid out as the members are: the record and the link of each. A path's tags are made from them
  // when they are first asked for: ~90,000 objects at a large company's size, and a list for each of ~55,000 paths,
  // that the first index does not need before it answers.
  const linkFill = new Int32Array(targets);
  numbers['p:'].forEach((t) => (linkFill[t] = linkCounts[t]!));
  const linkEnds = layOut(linkFill, targets);
  const linkSeqs = new Int32Array(targets ? linkEnds[targets - 1]! : 0);
  const pathLinks = new Array<Extract<Link, { path: string }>>(linkSeqs.length);
  eachLinked((seq, links, listTargets, from) => {
    for (let k = 0; k < links.length; k++) {
      const t = listTargets[from + k]!;
      if (lastSeq[t] !== seq) {
        lastSeq[t] = seq;
        members[fill[t]!++] = seq;
      }
      if (linkFill[t]! < linkEnds[t]!) {
        linkSeqs[linkFill[t]!] = seq;
        pathLinks[linkFill[t]!++] = links[k] as Extract<Link, { path: string }>;
      }
    }
  });
  const pathTags = new Array<PathTag[] | undefined>(targets);
  const tagsOfPath = (t: number): PathTag[] => {
    const from = startOf(linkEnds, t);
    const tags = new Array<PathTag>(linkEnds[t]! - from);
    for (let i = from; i < linkEnds[t]!; i++) tags[i - from] = pathTag(linkSeqs[i]!, pathLinks[i]!);
    return tags;
  };
  // Read through the numbering, not copied into maps of their own: a million records name ~60,000 targets, and a key
  // string, a map entry and a view of each target's records were made for every one of them before the first question.
  // A target that only records' own links named, and that the log took from each of them, has no records: left out.
  const views: (Seqs | undefined)[] = [];
  const byTarget = new ByNumber<Seqs>(
    TARGET_KINDS.map((kind) => [kind, numbers[kind]]),
    (t) => ends[t]! > startOf(ends, t),
    (t) => (views[t] ??= members.subarray(startOf(ends, t), ends[t]!)),
  );
  // In the order the paths were first named.
  const byPath = new ByNumber<PathTag[]>(
    [['', numbers['p:']]],
    (t) => linkEnds[t]! > startOf(linkEnds, t),
    (t) => (pathTags[t] ??= tagsOfPath(t)),
  );
  const named = { 'j:': new Named(numbers['j:'], ownNamed), 'c:': new Named(numbers['c:'], ownNamed), 'p:': new Named(numbers['p:'], ownNamed) };
  return {
    rows, time, sentiment, scoreType, scoreValue, tagged: LayeredMap.of(tagged),
    seqOf, byTarget: LayeredMap.of(byTarget), byPath: LayeredMap.of(byPath), named, tagTargets, tags: tags.length, newest,
  };
}

/**
 * A map read from a fold's numbering of its targets: each key is a prefix and a name some `names` numbers, present
 * when `has` says its number is, its value `valueOf` the number. In the order the names were numbered, kind by kind.
 */
class ByNumber<V> implements ReadonlyMap<string, V> {
  #size = -1;

  constructor(
    private readonly names: readonly (readonly [string, ReadonlyMap<string, number>])[],
    private readonly present: (t: number) => boolean,
    private readonly valueOf: (t: number) => V,
  ) {}

  private numberOf(key: string): number | undefined {
    for (const [prefix, names] of this.names) {
      if (!key.startsWith(prefix)) continue;
      const t = names.get(prefix ? key.slice(prefix.length) : key);
      return t !== undefined && this.present(t) ? t : undefined;
    }
    return undefined;
  }

  get(key: string): V | undefined {
    const t = this.numberOf(key);
    return t === undefined ? undefined : this.valueOf(t);
  }

  has(key: string): boolean {
    return this.numberOf(key) !== undefined;
  }

  get size(): number {
    if (this.#size < 0) {
      let n = 0;
      for (const [, names] of this.names) names.forEach((t) => this.present(t) && n++);
      this.#size = n;
    }
    return this.#size;
  }

  *keys(): MapIterator<string> {
    for (const [prefix, names] of this.names) for (const [name, t] of names) if (this.present(t)) yield prefix + name;
  }

  *entries(): MapIterator<[string, V]> {
    for (const [prefix, names] of this.names) for (const [name, t] of names) if (this.present(t)) yield [prefix + name, this.valueOf(t)];
  }

  *values(): MapIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  forEach(each: (value: V, key: string, map: ReadonlyMap<string, V>) => void): void {
    for (const [k, v] of this.entries()) each(v, k, this);
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }
}

/** The names of one kind of target the records' own links name: those numbered before `ownNamed`, in that order. */
class Named implements Iterable<string> {
  constructor(
    private readonly names: ReadonlyMap<string, number>,
    private readonly ownNamed: number,
  ) {}

  has(name: string): boolean {
    const t = this.names.get(name);
    return t !== undefined && t < this.ownNamed;
  }

  *[Symbol.iterator](): Iterator<string> {
    for (const [name, t] of this.names) if (t < this.ownNamed) yield name;
  }
}

/** What `appendTags` changed: a record whose links changed, and its links before and after. */
export interface Retagged {
  seq: number;
  before: Link[];
  after: Link[];
}

/**
 * `folded` with the log's lines from `folded.tags` on folded in, as `foldFeedback` of the whole log would give
 * (the records must be the same). `folded` itself is left as it was.
 */
export function appendTags(folded: Folded, tags: readonly Lined<TagDecision>[]): { folded: Folded; retagged: Retagged[] } {
  const updates = new Map<number, Link[]>();
  const tagTargets = folded.tagTargets.length === folded.tags ? folded.tagTargets : folded.tagTargets.slice(0, folded.tags);
  const before = new Map<number, Link[]>();
  for (let i = folded.tags; i < tags.length; i++) {
    const t = tags[i]!;
    const seq = folded.seqOf.get(t.value.feedback);
    tagTargets.push(seq === undefined ? '' : targetOf(t.value.ref));
    if (seq === undefined) continue;
    const links = updates.get(seq) ?? linksOf(folded, seq);
    const now = decide(links, t.value);
    if (now === links) continue;
    if (!before.has(seq)) before.set(seq, links);
    updates.set(seq, now);
  }
  const tagged = updates.size ? folded.tagged.next() : folded.tagged;
  for (const [seq, links] of updates) tagged.set(seq, links);
  const byTarget = folded.byTarget.next();
  const byPath = folded.byPath.next();
  const retagged: Retagged[] = [];
  for (const [seq, was] of before) {
    const now = updates.get(seq)!;
    retagged.push({ seq, before: was, after: now });
    const targetsBefore = new Set(was.map(targetOf));
    const targetsNow = new Set(now.map(targetOf));
    for (const target of targetsBefore) {
      if (targetsNow.has(target)) continue;
      const seqs = withoutSeq(byTarget.get(target), seq);
      if (seqs.length) byTarget.set(target, seqs);
      else byTarget.delete(target);
    }
    for (const target of targetsNow) if (!targetsBefore.has(target)) byTarget.set(target, withSeq(byTarget.get(target), seq));
    const paths = new Set([...was, ...now].flatMap((l) => ('path' in l ? [l.path] : [])));
    for (const path of paths) {
      const list = (byPath.get(path) ?? []).filter((e) => e.seq !== seq);
      let at = list.findIndex((e) => e.seq > seq);
      if (at < 0) at = list.length;
      const entries = now.flatMap((l) => ('path' in l && l.path === path ? [pathTag(seq, l)] : []));
      list.splice(at, 0, ...entries);
      if (list.length) byPath.set(path, list);
      else byPath.delete(path);
    }
  }
  return { folded: { ...folded, tagged, byTarget, byPath, tagTargets, tags: tags.length }, retagged };
}
