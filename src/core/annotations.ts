/**
 * Finds `@cx` annotations in comments of any language (SPEC §2 "Annotations in code"):
 * `// @cx checkout/pay, refunds` · `# @cx onboarding/signup` · `/* @cx checkout *\/` · `<!-- @cx search -->` ·
 * `-- @cx orders` · `; @cx x` · `% @cx x` · ` * @cx x` in a doc block · `""" @cx x """` · `{- @cx x -}` ·
 * `(* @cx x *)`.
 *
 * The rule is lexical, one line at a time, not a parser per language; it errs towards finding annotations in
 * comments and ignoring `@cx` in code and strings. An `@cx` counts when it is in a comment:
 * - inside a block comment opened earlier, on its line or a line before: `/* *\/`, `<!-- -->`, `{- -}`,
 *   `(* *)`, `""" """`, `''' '''`, `--[[ ]]`. `/*` after a word character (`src/*`), `(*` not followed by a
 *   space or `*` (`f(*args)`, `(*ptr)`) and `{-` not followed by a space, `#`, `|` or `-` (`{-1: x}`) open
 *   nothing;
 * - after a line comment opener on its line: `//` (not after `:`, so `https://` opens nothing); `#` (`##`) and
 *   `--` (`---`) at the start of the line or after a space, and followed by a space; `;` (`;;`), `%` (`%%`) and a
 *   doc-block `*` at the start of the line and followed by a space; `;` between spaces. Elsewhere these
 *   characters are code in too many languages (`a % b`, `this.#x`, `color: #fff`, `f(); g()`);
 * - or right after `;`, `%`, `#` or `--` with only spaces between (`x; @cx a`, `text %@cx a`).
 * Openers inside a string on the same line (`"…"`, `'…'`, `` `…` ``, closed on that line; a `'` after a letter is
 * an apostrophe) do not count. The `@cx` itself must stand alone: after a space, the start of the line or a
 * comment opener, and before a space, `:`, a closer or the end of the line (`dev@cx.example` is an e-mail).
 *
 * References follow the `@cx` (and an optional `:`) on the same line, separated by commas and/or spaces:
 * `[a-z0-9][a-z0-9-]*(/[a-z0-9][a-z0-9-]*)?`. The list ends at a comment closer, the end of the line, a token
 * that is not a reference, or sentence punctuation glued to a reference (`refunds: both call this`,
 * `checkout.`). A token that looks like a reference but breaks the grammar (`Checkout/Pay`, `checkout//pay`,
 * `pay_now`) is returned as malformed when a reference is expected there (first, or after a comma) or when it
 * holds a `/`; elsewhere it is prose and ends the list. So prose after references needs a separator that is not a
 * reference: `// @cx checkout/pay — retries declined cards`.
 *
 * Positions are LSP's: zero-based lines (`\n`, `\r\n` and a lone `\r` break lines) and UTF-16 columns; a leading
 * byte order mark is not counted, as editors do not show it.
 */
import type { Range } from './problems';

export interface AnnotationRef {
  /** As written: `checkout` or `checkout/pay`. */
  ref: string;
  journey: string;
  step?: string;
  range: Range;
}

export interface Annotation {
  /** Zero-based line of the `@cx`: where its CodeLens and hover go. */
  line: number;
  /** From `@cx` to the end of the last reference or malformed token (or of `@cx` when none follows). */
  range: Range;
  refs: AnnotationRef[];
  /** Tokens after `@cx` that look like references but break the grammar (`Checkout/Pay`, `a//b`). */
  malformed: { text: string; range: Range }[];
}

const REF = /^[a-z0-9][a-z0-9-]*(?:\/[a-z0-9][a-z0-9-]*)?$/;
/** Letters, digits and the punctuation of references: what someone meant as a reference, however misspelled. */
const REF_LIKE = /^[\p{L}\p{N}_./-]*[\p{L}\p{N}][\p{L}\p{N}_./-]*$/u;
const ANY_BLOCK_OPENER = /\/\*|<!--|\{-|\(\*|"""|'''|--\[\[/;
/** What ends a block comment, and so also a list of references. */
const CLOSERS = ['*/', '-->', '-}', '*)', '"""', "'''", ']]'];

/** Character codes the lexer compares against. */
const Ch = {
  Tab: 9,
  LineFeed: 10,
  VerticalTab: 11,
  FormFeed: 12,
  CarriageReturn: 13,
  Space: 32,
  Bang: 33,
  DoubleQuote: 34,
  Hash: 35,
  Percent: 37,
  Quote: 39,
  OpenParen: 40,
  CloseParen: 41,
  Star: 42,
  Comma: 44,
  Dash: 45,
  Dot: 46,
  Slash: 47,
  Colon: 58,
  Semicolon: 59,
  Less: 60,
  Question: 63,
  At: 64,
  Backslash: 92,
  CloseBracket: 93,
  Backtick: 96,
  OpenBrace: 123,
  Pipe: 124,
  NoBreakSpace: 160,
  Bom: 0xfeff,
} as const;

/** ASCII characters that can start a comment, a string or an annotation: the lexer skips every other one. */
const SIGNIFICANT = new Uint8Array(128);
for (const ch of '"\'`/<{(-#;%*@') SIGNIFICANT[ch.charCodeAt(0)] = 1;

function isSpace(c: number): boolean {
  return c === Ch.Space || c === Ch.Tab || c === Ch.VerticalTab || c === Ch.FormFeed || c === Ch.NoBreakSpace;
}

/** Space or the end of the line (charCodeAt past the end is NaN). */
function isSpaceOrEnd(c: number): boolean {
  return Number.isNaN(c) || c === Ch.LineFeed || c === Ch.CarriageReturn || isSpace(c);
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 128;
}

/** Scans a text for annotations. Never throws; linear in the length of the text. */
export function scanAnnotations(text: string): Annotation[] {
  let nextCx = text.indexOf('@cx');
  if (nextCx < 0) return [];
  const scanner = new Scanner(text);
  // Without any block opener before the last `@cx`, only the lines holding one need a look.
  const lastCx = text.lastIndexOf('@cx');
  const opener = ANY_BLOCK_OPENER.exec(text);
  const trackBlocks = opener !== null && opener.index < lastCx;

  // Line ends by native search: the next `\n` and the next `\r`, each looked up again only once passed.
  let nextLf = -1;
  let nextCr = -1;
  let lineStart = text.charCodeAt(0) === Ch.Bom ? 1 : 0;
  let columnBase = lineStart; // columns of line 0 do not count the byte order mark
  for (let line = 0; lineStart <= text.length; line++) {
    if (nextLf < lineStart) nextLf = indexOrLength(text, '\n', lineStart);
    if (nextCr < lineStart) nextCr = indexOrLength(text, '\r', lineStart);
    const lineEnd = Math.min(nextLf, nextCr);
    const hasCx = nextCx >= lineStart && nextCx < lineEnd;
    if (hasCx || trackBlocks || scanner.block) scanner.scanLine(lineStart, lineEnd, line, columnBase, hasCx);
    if (hasCx) {
      nextCx = text.indexOf('@cx', lineEnd);
      if (nextCx < 0) break;
    }
    lineStart = lineEnd + (text.charCodeAt(lineEnd) === Ch.CarriageReturn && text.charCodeAt(lineEnd + 1) === Ch.LineFeed ? 2 : 1);
    columnBase = lineStart;
  }
  return scanner.found;
}

function indexOrLength(text: string, search: string, from: number): number {
  const i = text.indexOf(search, from);
  return i < 0 ? text.length : i;
}

class Scanner {
  readonly found: Annotation[] = [];
  /** The closer of the block comment open at the end of the last line scanned. */
  block: string | undefined;
  /** Where that closer is (found once, so an unclosed comment is not searched again on every line), or -1. */
  private blockEnd = -1;
  /** The next `@cx` at or after the last place looked from (text length when none), so no stretch is searched twice. */
  private nextCx = -1;

  constructor(private readonly text: string) {}

  /** Lexes one line (`start`..`end`, without its break), collecting its annotations when `collect`. */
  scanLine(start: number, end: number, line: number, columnBase: number, collect: boolean): void {
    const { text } = this;
    const at = { line, columnBase, end };
    let i = start;
    let firstNonSpace = start;
    while (firstNonSpace < end && isSpace(text.charCodeAt(firstNonSpace))) firstNonSpace++;
    // Quote kinds the rest of the line does not close: later ones of the same kind open no string either.
    let unclosed = '';
    while (i < end) {
      if (this.block) {
        const close = this.blockEnd;
        const commentEnd = close < 0 || close + this.block.length > end ? end : close;
        if (collect) this.collectIn(i, commentEnd, at);
        if (commentEnd === end) return;
        i = close + this.block.length;
        this.block = undefined;
        continue;
      }
      const c = text.charCodeAt(i);
      if (c >= 128 || !SIGNIFICANT[c]) {
        i++;
        continue;
      }
      const next = text.charCodeAt(i + 1);
      const prev = i > start ? text.charCodeAt(i - 1) : NaN;
      const atLineStart = i === firstNonSpace;
      const afterSpace = atLineStart || isSpace(prev);
      switch (c) {
        case Ch.DoubleQuote:
        case Ch.Quote:
        case Ch.Backtick: {
          if (c !== Ch.Backtick && next === c && text.charCodeAt(i + 2) === c) {
            i = this.openBlock(c === Ch.DoubleQuote ? '"""' : "'''", i + 3);
            continue;
          }
          // An apostrophe (`don't`) or a quote never closed on the line (a Rust lifetime, a Lisp quote) opens no string.
          const kind = text[i]!;
          const close = (c === Ch.Quote && isWordChar(prev)) || unclosed.includes(kind) ? -1 : stringEnd(text, i, end);
          if (close < 0 && !(c === Ch.Quote && isWordChar(prev))) unclosed += kind;
          i = close < 0 ? i + 1 : close + 1;
          continue;
        }
        case Ch.Slash:
          if (next === Ch.Slash && prev !== Ch.Colon) return this.lineComment(i, end, at, collect);
          if (next === Ch.Star && !isWordChar(prev) && prev !== Ch.Star && prev !== Ch.Slash) {
            i = this.openBlock('*/', i + 2);
            continue;
          }
          break;
        case Ch.Less:
          if (text.startsWith('<!--', i)) {
            i = this.openBlock('-->', i + 4);
            continue;
          }
          break;
        case Ch.OpenBrace: {
          const after = text.charCodeAt(i + 2);
          if (next === Ch.Dash && (isSpaceOrEnd(after) || after === Ch.Hash || after === Ch.Pipe || after === Ch.Dash)) {
            i = this.openBlock('-}', i + 2);
            continue;
          }
          break;
        }
        case Ch.OpenParen: {
          const after = text.charCodeAt(i + 2);
          if (next === Ch.Star && (isSpaceOrEnd(after) || after === Ch.Star)) {
            i = this.openBlock('*)', i + 2);
            continue;
          }
          break;
        }
        case Ch.Dash:
          if (next === Ch.Dash && afterSpace) {
            if (text.startsWith('[[', i + 2)) {
              i = this.openBlock(']]', i + 4);
              continue;
            }
            if (isSpaceOrEnd(text.charCodeAt(i + 2)) || text.charCodeAt(i + 2) === Ch.Dash) return this.lineComment(i, end, at, collect);
          }
          break;
        case Ch.Hash:
          if (afterSpace && (isSpaceOrEnd(next) || next === Ch.Hash)) return this.lineComment(i, end, at, collect);
          break;
        case Ch.Semicolon:
          if ((atLineStart && (isSpaceOrEnd(next) || next === Ch.Semicolon)) || (afterSpace && isSpaceOrEnd(next))) return this.lineComment(i, end, at, collect);
          break;
        case Ch.Percent:
          if (atLineStart && (isSpaceOrEnd(next) || next === Ch.Percent)) return this.lineComment(i, end, at, collect);
          break;
        case Ch.Star:
          if (atLineStart && isSpaceOrEnd(next)) return this.lineComment(i, end, at, collect);
          break;
        case Ch.At:
          if (collect && text.startsWith('@cx', i) && followsLooseOpener(text, start, i)) {
            this.annotationAt(i, at);
            i += 3;
            continue;
          }
          break;
      }
      i++;
    }
  }

  /** Enters a block comment whose text starts at `from`; returns `from`. */
  private openBlock(closer: string, from: number): number {
    this.block = closer;
    this.blockEnd = this.text.indexOf(closer, from);
    return from;
  }

  private lineComment(from: number, end: number, at: Where, collect: boolean): void {
    if (collect) this.collectIn(from, end, at);
  }

  /** Every standalone `@cx` starting in `from`..`to`, a stretch of comment. */
  private collectIn(from: number, to: number, at: Where): void {
    for (let p = this.cxFrom(from); p < to; p = this.cxFrom(p + 3)) this.annotationAt(p, at);
  }

  private cxFrom(from: number): number {
    if (this.nextCx < from) {
      const p = this.text.indexOf('@cx', from);
      this.nextCx = p < 0 ? this.text.length : p;
    }
    return this.nextCx;
  }

  private annotationAt(p: number, at: Where): void {
    const { text } = this;
    const lineStart = at.columnBase;
    const before = p > lineStart ? text.charCodeAt(p - 1) : NaN;
    const beforeOk =
      Number.isNaN(before) ||
      isSpace(before) ||
      before === Ch.Star ||
      before === Ch.Hash ||
      before === Ch.Semicolon ||
      before === Ch.Percent ||
      before === Ch.Dash ||
      before === Ch.Bang ||
      before === Ch.OpenBrace ||
      before === Ch.OpenParen ||
      before === Ch.DoubleQuote ||
      before === Ch.Quote ||
      (before === Ch.Slash && p - 2 >= lineStart && text.charCodeAt(p - 2) === Ch.Slash); // `//@cx`, not a URL's `/@cx`
    if (!beforeOk) return;
    const after = text.charCodeAt(p + 3);
    if (!(p + 3 >= at.end || isSpace(after) || after === Ch.Colon || closerAt(text, p + 3) > 0)) return;
    this.found.push(parseRefs(text, p, at));
  }
}

interface Where {
  line: number;
  /** Offset of the line's column 0. */
  columnBase: number;
  /** Offset of the line's end (its break, or the end of the text). */
  end: number;
}

/** The offset of the quote closing the string opened at `open`, or -1 when the line does not close it. */
function stringEnd(text: string, open: number, end: number): number {
  const quote = text.charCodeAt(open);
  for (let i = open + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === Ch.Backslash) i++;
    else if (c === quote) return i;
  }
  return -1;
}

/** Whether only spaces separate `@cx` at `p` from a `;`, `%`, `#` or `--` before it on its line. */
function followsLooseOpener(text: string, lineStart: number, p: number): boolean {
  let i = p - 1;
  while (i >= lineStart && isSpace(text.charCodeAt(i))) i--;
  if (i < lineStart) return false;
  const c = text.charCodeAt(i);
  if (c === Ch.Semicolon || c === Ch.Percent || c === Ch.Hash) return true;
  return c === Ch.Dash && i - 1 >= lineStart && text.charCodeAt(i - 1) === Ch.Dash;
}

/** The length of the comment closer at `i`, or 0. */
function closerAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c !== Ch.Star && c !== Ch.Dash && c !== Ch.DoubleQuote && c !== Ch.Quote && c !== Ch.CloseBracket) return 0;
  for (const closer of CLOSERS) if (text.startsWith(closer, i)) return closer.length;
  return 0;
}

/** Trailing punctuation that ends a sentence or wraps a reference, not part of it. */
function isTrailingPunctuation(c: number): boolean {
  return (
    c === Ch.Dot ||
    c === Ch.Colon ||
    c === Ch.Semicolon ||
    c === Ch.Bang ||
    c === Ch.Question ||
    c === Ch.CloseParen ||
    c === Ch.DoubleQuote ||
    c === Ch.Quote ||
    c === Ch.Backtick
  );
}

function parseRefs(text: string, p: number, at: Where): Annotation {
  const { line, columnBase, end } = at;
  const pos = (offset: number) => ({ line, character: offset - columnBase });
  const refs: AnnotationRef[] = [];
  const malformed: Annotation['malformed'] = [];
  let lastEnd = p + 3;
  let i = p + 3;
  if (text.charCodeAt(i) === Ch.Colon) i++;
  let expectRef = true; // first token, or after a comma
  while (i < end) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === Ch.Comma) {
      expectRef = true;
      i++;
      continue;
    }
    if (closerAt(text, i)) break;
    let j = i;
    while (j < end) {
      const d = text.charCodeAt(j);
      if (isSpace(d) || d === Ch.Comma || closerAt(text, j)) break;
      j++;
    }
    let k = j;
    while (k > i + 1 && isTrailingPunctuation(text.charCodeAt(k - 1))) k--;
    const token = text.slice(i, k);
    const range = { start: pos(i), end: pos(k) };
    if (REF.test(token)) {
      const slash = token.indexOf('/');
      refs.push(slash < 0 ? { ref: token, journey: token, range } : { ref: token, journey: token.slice(0, slash), step: token.slice(slash + 1), range });
    } else if (REF_LIKE.test(token) && (expectRef || token.includes('/'))) {
      malformed.push({ text: token, range });
    } else break;
    lastEnd = k;
    if (k < j) break; // `refunds:` or `checkout.` ends the list
    expectRef = false;
    i = j;
  }
  return { line, range: { start: pos(p), end: pos(lastEnd) }, refs, malformed };
}
