/**
 * A fast reader for the plain YAML that `.cx/` journeys and components files are written in: block mappings and
 * lists, one-line scalars (plain, double- or single-quoted) and one-line flow lists, comments at the ends of lines
 * and on lines of their own. It builds the `yaml` package's own nodes, with the ranges that package's parser gives
 * them (comment lines make some ranges longer, the package's way: see `absorb`), so the model (yamlModel.ts) reads
 * either the same way; a 170 KB file takes milliseconds instead of the parser's hundreds. Any text outside that
 * subset (anchors, tags, block scalars, a key or value over several lines, a comment line right below a key without
 * a value, tabs, a `\r` that is not part of a `\r\n`, anything the parser would warn about) gives undefined, and the
 * caller parses it with the package. Unit tests hold it to the package over generated and edited documents.
 */
import { Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import type { Node } from 'yaml';

/** The document's contents, as `parseDocument(text).contents` has them (null for a document without any). */
export interface PlainDocument {
  contents: Node | null;
}

/** Thrown inside the reader when the text leaves the plain subset. */
class NotPlain extends Error {}
const NOT_PLAIN = new NotPlain('not plain YAML');

/** The plain document `text` is, or undefined when it is outside the subset (then parse it with the package). */
export function plainYaml(text: string): PlainDocument | undefined {
  try {
    return { contents: new PlainReader(text).document() };
  } catch (e) {
    if (e === NOT_PLAIN) return undefined;
    throw e;
  }
}

const SPACE = 0x20;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;
/** Characters that may not start a plain scalar (YAML's indicators); quotes and `[` are read as what they start. */
const INDICATOR = new Set([...'-?:,[]{}#&*!|>\'"%@`'].map((c) => c.charCodeAt(0)));
/** The first characters of every plain scalar the core schema reads as something other than a string. */
const MAYBE_TYPED = new Set([...'~NnTtFf0123456789+-.'].map((c) => c.charCodeAt(0)));
/** The core schema's null, bool, int and float forms (yaml's `core` tags), one expression. */
const TYPED = /^(?:~|[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?[0-9]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$/;
/** The numbers read here; every other typed form is left to the package. */
const DECIMAL = /^-?(?:0|[1-9][0-9]{0,14})(?:\.[0-9]{1,15})?$/;
/** A key as the subset writes it. */
const KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

class PlainReader {
  /** Per content line (not blank, not a comment): where it starts, where its first character is, where it ends. */
  private readonly starts: number[] = [];
  private readonly firsts: number[] = [];
  private readonly ends: number[] = [];
  /** Per content line: where its `\n` is (or the text's end). */
  private readonly breaks: number[] = [];
  /**
   * Per content line: the comment lines between it and the next content line (or the text's end), as pairs of
   * their indentation and where the line after them starts; undefined when there are none. A node that takes them
   * into its range (`absorb`, `lineValue`) removes them.
   */
  private readonly gaps: (number[] | undefined)[] = [];
  /** The content line being read. */
  private at = 0;

  constructor(private readonly text: string) {
    let seenContent = false;
    for (let start = 0; start <= text.length; ) {
      let next = text.indexOf('\n', start);
      if (next === -1) next = text.length;
      // A line ends before its line break, `\r\n` or `\n` (a `\r` alone is left to the package).
      const end = next < text.length && next > start && text.charCodeAt(next - 1) === 0x0d ? next - 1 : next;
      let first = start;
      while (first < end && text.charCodeAt(first) === SPACE) first++;
      for (let i = first; i < end; i++) {
        const c = text.charCodeAt(i);
        // Tabs, carriage returns, other control characters, Unicode's line separators and byte order marks: the
        // package's rules for them are its own.
        if (c < SPACE || c === 0x7f || (c >= 0x80 && (c <= 0x9f || c === 0x2028 || c === 0x2029 || c === 0xfeff))) throw NOT_PLAIN;
      }
      if (first < end) {
        if (text.charCodeAt(first) === HASH) {
          // A comment line among the entries: the package may give it to a node whose range then grows (`absorb`).
          if (seenContent) (this.gaps[this.gaps.length - 1] ??= []).push(first - start, Math.min(next + 1, text.length));
        } else {
          // Directives and document markers.
          if (start === first && (text.startsWith('---', first) || text.startsWith('...', first) || text.charCodeAt(first) === 0x25)) throw NOT_PLAIN;
          seenContent = true;
          this.gaps.push(undefined);
          this.starts.push(start);
          this.firsts.push(first);
          this.ends.push(end);
          this.breaks.push(next);
        }
      }
      if (next === text.length) break;
      start = next + 1;
    }
  }

  document(): Node | null {
    if (!this.starts.length) return null;
    if (this.indent(0) !== 0) throw NOT_PLAIN;
    const node = this.block(0);
    if (this.at !== this.starts.length) throw NOT_PLAIN;
    return node;
  }

  private indent(line: number): number {
    return this.firsts[line]! - this.starts[line]!;
  }

  /** Past the end of content line `line`: after its line break, or the text's end. */
  private afterLine(line: number): number {
    return Math.min(this.breaks[line]! + 1, this.text.length);
  }

  /** The block mapping or list whose first line is the current one, at `column`. */
  private block(column: number): Node {
    const first = this.firsts[this.at]!;
    if (this.isItem(first)) return this.list(column);
    return this.mapping(column, first);
  }

  private isItem(at: number): boolean {
    if (this.text.charCodeAt(at) !== DASH) return false;
    const next = this.text.charCodeAt(at + 1);
    // A `-` that ends its line starts an empty item or one on the next lines: left to the package.
    if (at + 1 === this.ends[this.at]!) throw NOT_PLAIN;
    return next === SPACE;
  }

  /** A block list at `column`, from its first item (the current line). */
  private list(column: number): YAMLSeq {
    const seq = new YAMLSeq();
    const start = this.firsts[this.at]!;
    let end = start;
    while (this.at < this.starts.length && this.indent(this.at) === column) {
      const dash = this.firsts[this.at]!;
      if (!this.isItem(dash)) break;
      let p = dash + 1;
      while (this.text.charCodeAt(p) === SPACE) p++;
      const lineEnd = this.ends[this.at]!;
      if (p === lineEnd || this.text.charCodeAt(p) === HASH) throw NOT_PLAIN;
      let item: Node;
      if (startsKey(this.text.charCodeAt(p)) && this.keyEnd(p, lineEnd) !== -1) item = this.mapping(p - this.starts[this.at]!, p);
      else item = this.lineValue(p, column);
      seq.items.push(item);
      end = item.range![2];
    }
    if (this.at < this.starts.length && this.indent(this.at) > column) throw NOT_PLAIN;
    seq.range = [start, end, this.absorb(column, end)];
    return seq;
  }

  /**
   * A block mapping at `column` whose first key is at `firstKey` on the current line (after a list item's `- `,
   * or at the line's first character).
   */
  private mapping(column: number, firstKey: number): YAMLMap {
    const map = new YAMLMap();
    const keys = new Set<string>();
    let end = firstKey;
    let keyAt = firstKey;
    for (;;) {
      const lineEnd = this.ends[this.at]!;
      const colon = this.keyEnd(keyAt, lineEnd);
      if (colon === -1) throw NOT_PLAIN;
      const name = this.text.slice(keyAt, colon);
      // A repeated key is an error the package reports.
      if (keys.has(name)) throw NOT_PLAIN;
      keys.add(name);
      const key = scalar(name, keyAt, colon, colon, 'PLAIN');
      let p = colon + 1;
      while (p < lineEnd && this.text.charCodeAt(p) === SPACE) p++;
      let value: Node;
      if (p === lineEnd || this.text.charCodeAt(p) === HASH) value = this.valueBelow(column, p, lineEnd);
      else value = this.lineValue(p, column);
      map.items.push(new Pair(key, value));
      end = value.range![2];
      if (this.at >= this.starts.length || this.indent(this.at) !== column) break;
      keyAt = this.firsts[this.at]!;
      // The next item of the list this mapping is an item of (a compact list: the mapping is at the list's column).
      if (this.text.charCodeAt(keyAt) === DASH) break;
    }
    if (this.at < this.starts.length && this.indent(this.at) > column) throw NOT_PLAIN;
    map.range = [firstKey, end, this.absorb(column, end)];
    return map;
  }

  /**
   * The value of a key written alone on its line (`p` is where its line's comment starts, or its end): the block on
   * the lines below it, or null. Moves to the next line.
   */
  private valueBelow(column: number, p: number, lineEnd: number): Node {
    const comments = this.gaps[this.at];
    this.at++;
    if (this.at < this.starts.length) {
      const indent = this.indent(this.at);
      const first = this.firsts[this.at]!;
      if (indent > column || (indent === column && this.text.charCodeAt(first) === DASH && this.isItem(first))) {
        // Comment lines between the key and its block are in no range (nothing reads the key line's gap again).
        return this.block(indent);
      }
    }
    // Comment lines right below a key without a value: where the package puts them is its own.
    if (comments) throw NOT_PLAIN;
    // The package's null with a comment after it ends where the next token starts; but when blank lines come
    // before the mapping's next key, at the line break (`\r\n` or `\n`) before that key's line (and at the text's
    // end, there).
    let after = p;
    if (p < lineEnd) {
      if (this.at === this.starts.length) after = this.text.length;
      else if (this.starts[this.at] !== this.afterLine(this.at - 1) && this.indent(this.at) === column) {
        const start = this.starts[this.at]!;
        after = this.text.charCodeAt(start - 2) === 0x0d ? start - 2 : start - 1;
      }
      else after = this.firsts[this.at]!;
    }
    return scalar(null, p, p, after, 'PLAIN');
  }

  /**
   * Where a block collection at `column` that ends with the last line read ends, `end` as its last item leaves it.
   * The package gives the comment lines after that line (those its last value did not take) to the innermost
   * collection that ends there and is not indented deeper than the deepest of them, unless it is at the first
   * column; that collection's range then runs to the next token (or the text's end). Found by comparing with the
   * package over generated and edited documents (test/unit/plainYaml.test.ts).
   */
  private absorb(column: number, end: number): number {
    const comments = this.gaps[this.at - 1];
    if (!comments) return end;
    // At the first column, they are the document's, or the next key's.
    if (column === 0) return end;
    const atEnd = this.at === this.starts.length;
    let deepest = -1;
    for (let k = 0; k < comments.length; k += 2) deepest = Math.max(deepest, comments[k]!);
    if (deepest < column) return end;
    this.gaps[this.at - 1] = undefined;
    return atEnd ? this.text.length : this.firsts[this.at]!;
  }

  /** Where the key starting at `p` ends (its `:`), or -1 when no key starts there. */
  private keyEnd(p: number, lineEnd: number): number {
    let colon = p;
    while (colon < lineEnd && this.text.charCodeAt(colon) !== COLON) colon++;
    if (colon === lineEnd) return -1;
    if (colon + 1 < lineEnd && this.text.charCodeAt(colon + 1) !== SPACE) return -1;
    const name = this.text.slice(p, colon);
    if (!KEY.test(name) || (MAYBE_TYPED.has(name.charCodeAt(0)) && TYPED.test(name))) {
      // Something that is not a key of the subset, but that the package may read as one.
      throw NOT_PLAIN;
    }
    return colon;
  }

  /**
   * The scalar or flow list at `p`, the rest of the current line (a comment may end it), a value of the collection
   * at `column`. Moves to the next line.
   */
  private lineValue(p: number, column: number): Node {
    const lineEnd = this.ends[this.at]!;
    const c = this.text.charCodeAt(p);
    let node: Node;
    let after: number;
    if (c === 0x22 || c === 0x27) {
      node = this.quoted(p, lineEnd);
      after = node.range![1];
    } else if (c === 0x5b) {
      const seq = this.flowList(p, lineEnd);
      node = seq;
      after = seq.range![1];
    } else {
      if (INDICATOR.has(c) && !(c === DASH && startsKey(this.text.charCodeAt(p + 1)))) throw NOT_PLAIN;
      // Up to a comment (` #`) or the line's end.
      let end = p;
      while (end < lineEnd && !(this.text.charCodeAt(end) === HASH && this.text.charCodeAt(end - 1) === SPACE)) end++;
      while (this.text.charCodeAt(end - 1) === SPACE) end--;
      const raw = this.text.slice(p, end);
      // `a: b: c` and a trailing `:` are mappings (or errors) to the package.
      if (raw.includes(': ') || raw.endsWith(':')) throw NOT_PLAIN;
      node = scalar(plainValue(raw), p, end, 0, 'PLAIN');
      after = end;
    }
    // Only spaces, or spaces and a comment, may follow on the line.
    let q = after;
    while (q < lineEnd && this.text.charCodeAt(q) === SPACE) q++;
    if (q < lineEnd && (this.text.charCodeAt(q) !== HASH || q === after)) throw NOT_PLAIN;
    node.range![2] = this.afterLine(this.at);
    // The first comment lines below, while indented deeper than the collection, are the value's: its range runs
    // to the line after them.
    const comments = this.gaps[this.at];
    if (comments && comments[0]! > column) {
      let k = 0;
      while (k < comments.length && comments[k]! > column) k += 2;
      node.range![2] = comments[k - 1]!;
      this.gaps[this.at] = k < comments.length ? comments.slice(k) : undefined;
    }
    this.at++;
    // (A deeper line after it, a plain scalar over several lines or an error, is refused by its mapping or list.)
    return node;
  }

  /** The double- or single-quoted scalar at `p`, its range ending at its closing quote. */
  private quoted(p: number, lineEnd: number): Scalar {
    const quote = this.text.charCodeAt(p);
    const close = quote === 0x22 ? this.doubleQuoted(p, lineEnd) : this.singleQuoted(p, lineEnd);
    return scalar(unquote(this.text, p, close, quote), p, close + 1, close + 1, quote === 0x22 ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE');
  }

  /**
   * The closing quote of the double-quoted scalar at `p`; escapes and line breaks are left to the package. (Looked
   * for within the line: a search of the rest of the text per scalar would make a large file's read quadratic.)
   */
  private doubleQuoted(p: number, lineEnd: number): number {
    for (let q = p + 1; q < lineEnd; q++) {
      const c = this.text.charCodeAt(q);
      if (c === 0x22) return q;
      if (c === 0x5c) break;
    }
    throw NOT_PLAIN;
  }

  /** The closing quote of the single-quoted scalar at `p` (`''` is a quote inside it). */
  private singleQuoted(p: number, lineEnd: number): number {
    for (let q = p + 1; q < lineEnd; q++) {
      if (this.text.charCodeAt(q) !== 0x27) continue;
      if (this.text.charCodeAt(q + 1) === 0x27 && q + 1 < lineEnd) {
        q++;
        continue;
      }
      return q;
    }
    throw NOT_PLAIN;
  }

  /** A flow list on one line, `[a, "b", c]`, of scalars. */
  private flowList(open: number, lineEnd: number): YAMLSeq {
    const seq = new YAMLSeq();
    seq.flow = true;
    let p = open + 1;
    for (;;) {
      while (p < lineEnd && this.text.charCodeAt(p) === SPACE) p++;
      if (p >= lineEnd) throw NOT_PLAIN;
      const c = this.text.charCodeAt(p);
      if (c === 0x5d) {
        // `[]`, or `]` after a comma (a trailing comma: the package's to read).
        if (seq.items.length) throw NOT_PLAIN;
        p++;
        break;
      }
      let item: Scalar;
      if (c === 0x22 || c === 0x27) {
        item = this.quoted(p, lineEnd);
        p = item.range![1];
      } else {
        if (INDICATOR.has(c)) throw NOT_PLAIN;
        let end = p;
        for (; end < lineEnd; end++) {
          const d = this.text.charCodeAt(end);
          if (d === 0x2c || d === 0x5d) break;
          // Nested collections, pairs, quotes and comments inside a flow list: the package's.
          if (d === 0x5b || d === 0x7b || d === 0x7d || d === COLON || d === HASH || d === 0x22 || d === 0x27) throw NOT_PLAIN;
        }
        while (this.text.charCodeAt(end - 1) === SPACE) end--;
        item = scalar(plainValue(this.text.slice(p, end)), p, end, end, 'PLAIN');
        p = end;
      }
      seq.items.push(item);
      // Spaces between an item and its comma are in ranges the package's own way: left to it.
      if (p >= lineEnd) throw NOT_PLAIN;
      const d = this.text.charCodeAt(p);
      if (d === 0x5d) {
        p++;
        break;
      }
      if (d !== 0x2c) throw NOT_PLAIN;
      p++;
    }
    seq.range = [open, p, p];
    return seq;
  }
}

/** A letter, a digit or `_`: what a key (or a plain scalar after `-`) may start with. */
function startsKey(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f;
}

function scalar(value: unknown, start: number, end: number, after: number, type: Scalar.Type): Scalar {
  const node = new Scalar(value);
  node.range = [start, end, after];
  node.type = type;
  return node;
}

function unquote(text: string, open: number, close: number, quote: number): string {
  const inner = text.slice(open + 1, close);
  return quote === 0x27 ? inner.replace(/''/g, "'") : inner;
}

/** A plain scalar's value as the core schema reads it: a string, null, a bool or a plain decimal number. */
function plainValue(raw: string): string | number | boolean | null {
  if (!MAYBE_TYPED.has(raw.charCodeAt(0)) || !TYPED.test(raw)) return raw;
  switch (raw) {
    case '~': case 'null': case 'Null': case 'NULL':
      return null;
    case 'true': case 'True': case 'TRUE':
      return true;
    case 'false': case 'False': case 'FALSE':
      return false;
  }
  if (DECIMAL.test(raw)) return Number(raw);
  throw NOT_PLAIN;
}
