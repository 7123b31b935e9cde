/**
 * Finds `@cx` annotations in comments of any language: `// @cx checkout/pay, refunds`, `# @cx search`,
 * `/* @cx checkout *\/`, `<!-- @cx search -->`, `-- @cx orders`, `; @cx x`, `% @cx x`, ` * @cx x` in a doc block,
 * `""" @cx x """`, `{- @cx x -}`, `(* @cx x *)`. References are separated by commas; the first word after a
 * reference that is not preceded by a comma starts prose (`// @cx checkout/pay retries declined cards`).
 *
 * The rule: an `@cx` counts when it is inside a block comment that opened earlier (`/*`, `<!--`, `{-`, `(*`,
 * tracked across lines), or when the text before it on its line contains a comment opener (`//`, `#`, `--`,
 * `;`, `%`, `'''`, `"""`, or one of the block openers) that is not inside a string literal, or when its line
 * starts with `*` (a doc-block continuation). An `@cx` glued to a word (`dev@cx.example`) or inside a string
 * on a line without a comment is not an annotation. This is a lexical rule, not a parser per language: it
 * errs on the side of finding annotations in comments and ignoring them in plain code.
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
  /** Zero-based line of the `@cx`. */
  line: number;
  /** From `@cx` to the end of the last reference (or of `@cx` when none follows). */
  range: Range;
  refs: AnnotationRef[];
  /** Tokens after `@cx` that look like references but break the grammar (`Checkout/Pay`, `a//b`). */
  malformed: { text: string; range: Range }[];
}

const REF = /^[a-z0-9][a-z0-9-]*(?:\/[a-z0-9][a-z0-9-]*)?$/;
const BLOCKS: [open: string, close: string][] = [['/*', '*/'], ['<!--', '-->'], ['{-', '-}'], ['(*', '*)']];
const LINE_OPENERS = ['//', '#', '--', ';', '%', "'''", '"""'];
const CLOSERS = ['*/', '-->', '-}', '*)', "'''", '"""'];

/** Where the comment that holds position `at` of `line` begins, given the block state at the line's start. */
interface LineState {
  /** The closer of a block comment still open at the start of the next line, if any. */
  openBlock: string | undefined;
}

/** Returns the offsets in `line` that lie inside comments, as a predicate, and the block state after the line. */
function commentSpans(line: string, openBlock: string | undefined): { inComment: (at: number) => boolean; state: LineState } {
  const spans: [number, number][] = [];
  let i = 0;
  let block = openBlock;
  let blockStart = 0;
  let quote: string | undefined;
  while (i < line.length) {
    if (block) {
      const end = line.indexOf(block, i);
      if (end < 0) {
        spans.push([blockStart, line.length]);
        return { inComment: inside(spans), state: { openBlock: block } };
      }
      spans.push([blockStart, end]);
      i = end + block.length;
      block = undefined;
      continue;
    }
    const c = line[i]!;
    if (quote) {
      if (c === '\\') i += 2;
      else {
        if (c === quote) quote = undefined;
        i++;
      }
      continue;
    }
    const opener = BLOCKS.find(([open]) => line.startsWith(open, i));
    if (opener) {
      block = opener[1];
      blockStart = i;
      i += opener[0].length;
      continue;
    }
    if (LINE_OPENERS.some((o) => line.startsWith(o, i))) {
      spans.push([i, line.length]);
      return { inComment: inside(spans), state: { openBlock: undefined } };
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    i++;
  }
  return { inComment: inside(spans), state: { openBlock: block } };
}

function inside(spans: [number, number][]): (at: number) => boolean {
  return (at) => spans.some(([a, b]) => at >= a && at <= b);
}

/** Scans a text for annotations; never throws. */
export function scanAnnotations(text: string): Annotation[] {
  if (!text.includes('@cx')) return [];
  const out: Annotation[] = [];
  let openBlock: string | undefined;
  let start = 0;
  for (let lineNo = 0; start <= text.length; lineNo++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    let line = text.slice(start, end);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    // Columns count from the text as given; a BOM becomes a space so it is neither content nor a shift.
    if (lineNo === 0 && line.charCodeAt(0) === 0xfeff) line = ` ${line.slice(1)}`;
    const hasCx = line.includes('@cx');
    // Lines without `@cx` only matter for block comments: skip the lexer when none can be open or opened.
    if (hasCx || openBlock || BLOCKS.some(([open]) => line.includes(open))) {
      const { inComment, state } = commentSpans(line, openBlock);
      if (hasCx) {
        const docContinuation = /^\s*\*/.test(line);
        for (let at = line.indexOf('@cx'); at >= 0; at = line.indexOf('@cx', at + 3)) {
          const before = line[at - 1];
          const after = line[at + 3];
          if (before !== undefined && /[\w.@-]/.test(before)) continue; // an e-mail address or a word
          if (after !== undefined && !/[\s:]/.test(after)) continue; // `@cxfoo`
          if (!inComment(at) && !docContinuation) continue;
          out.push(parseRefs(line, lineNo, at));
        }
      }
      openBlock = state.openBlock;
    }
    start = end + 1;
  }
  return out;
}

function parseRefs(line: string, lineNo: number, at: number): Annotation {
  const refs: AnnotationRef[] = [];
  const malformed: Annotation['malformed'] = [];
  let i = at + 3;
  if (line[i] === ':') i++;
  let lastEnd = at + 3;
  for (let first = true; ; first = false) {
    // References are separated by commas; anything after a reference without a comma is prose.
    while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
    if (!first) {
      if (line[i] !== ',') break;
      i++;
      while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
    }
    if (i >= line.length || CLOSERS.some((c) => line.startsWith(c, i))) break;
    let j = i;
    while (j < line.length && !/[\s,]/.test(line[j]!) && !CLOSERS.some((c) => line.startsWith(c, j))) j++;
    // Punctuation that ends a sentence is not part of a reference (`refunds:`, `checkout.`).
    while (j > i + 1 && /[:.;)]/.test(line[j - 1]!)) j--;
    const token = line.slice(i, j);
    const range = { start: { line: lineNo, character: i }, end: { line: lineNo, character: j } };
    if (REF.test(token)) {
      const [journey, step] = token.split('/') as [string, string | undefined];
      refs.push({ ref: token, journey, ...(step ? { step } : {}), range });
      lastEnd = j;
    } else if (/^[\w-]+(\/+[\w-]*)*$/.test(token) && /[A-Z_]|\/\/|\/$|^-/.test(token)) {
      malformed.push({ text: token, range });
      lastEnd = j;
    } else break; // prose after the references ends the list
    i = j;
  }
  return { line: lineNo, range: { start: { line: lineNo, character: at }, end: { line: lineNo, character: lastEnd } }, refs, malformed };
}
