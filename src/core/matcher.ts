/**
 * Component path patterns in GitHub CODEOWNERS syntax, with `!` for exclusion (SPEC §2).
 *
 * Paths are workspace-relative and `/`-separated, without a leading slash (`src/payments/api.ts`). The rules, as
 * GitHub documents them for CODEOWNERS (and as hmarr/codeowners, which mirrors GitHub, implements them):
 * - a leading `/` anchors the pattern to the workspace root, and so does a `/` inside it (`docs/*` = `/docs/*`);
 *   a pattern with no slash, or only a trailing one (`*.ts`, `apps/`, `docs`), matches at any depth;
 * - a trailing `/` means the directory and everything under it (`apps/` does not match a file named `apps`);
 * - a last segment without wildcards names a file or a directory, so it also matches everything under it
 *   (`/src/payments` matches `src/payments/x/y.ts`, as GitHub's `/apps/github` example relies on);
 * - a last segment with a wildcard matches names in its own directory only: `docs/*` matches `docs/a.md`, not
 *   `docs/b/c.md` (GitHub's documented example). GitHub behaves the same for `/foo/b*` (reported in
 *   jjmschofield/github-codeowners#27 after testing on GitHub), where hmarr/codeowners would match deeper;
 * - `*` is any run of characters but `/` (a segment that is only `*` needs at least one), `?` one character but
 *   `/`; `**` as a whole segment spans directories: `**\/x` at any depth, `x/**` everything inside `x`, `a/**\/b`
 *   zero or more directories between; `**` inside a segment (`a**b`) is a plain `*`;
 * - `\` escapes the next character (`\#`, `\ `, `\!`, `\*`); a leading unescaped `!` marks an exclusion;
 *   `[` and `]` are literal (CODEOWNERS has no character classes); unescaped trailing spaces are ignored and
 *   leading ones kept, as in gitignore;
 * - `/` alone is the root directory, so everything.
 * Matching is case-sensitive, like GitHub. Invalid: an empty pattern, a lone `!`, a trailing lone `\`, an empty
 * segment (`a//b`), and `.` or `..` segments (paths are never written that way, so such a pattern would silently
 * match nothing).
 */
import { pushTo } from './multiMap';

export interface CompiledPattern {
  /** The pattern as written. */
  readonly source: string;
  /** Written with a leading `!`: a match excludes. */
  readonly negated: boolean;
  /** Whether a workspace-relative path (`src/a.ts`, or `src/` for a directory) is matched. */
  matches(path: string): boolean;
}

export interface PatternError {
  error: string;
  /** Zero-based offset in the pattern (UTF-16) where the problem is. */
  column: number;
}

/** One `/`-separated part of a pattern, wildcards resolved. */
type Segment =
  | { kind: 'globstar' }
  | { kind: 'literal'; text: string }
  /** `source` is the regular expression of the segment; `suffix` the literal text after its last wildcard. */
  | { kind: 'glob'; source: string; suffix: string; onlyStars: boolean };

/** How a pattern can be found without trying it on every path (see ComponentMatcher). */
type IndexKey =
  /** Anchored, starting with literal segments: every path it matches is `prefix` or starts with `prefix/`. */
  | { kind: 'prefix'; prefix: string }
  /** Unanchored, starting with a literal segment: every path it matches has a segment equal to `name`. */
  | { kind: 'segment'; name: string }
  /** Unanchored `*.ext`-like: every path it matches has a last segment ending with `suffix`, which starts at a dot. */
  | { kind: 'suffix'; suffix: string }
  | { kind: 'none' };

interface Compiled extends CompiledPattern {
  readonly key: IndexKey;
}

const REGEX_SYNTAX = new Set('\\^$.*+?()[]{}|/');

/** One character (a code point) as a regular expression that matches it. */
function regexChar(ch: string): string {
  return REGEX_SYNTAX.has(ch) ? `\\${ch}` : ch;
}

function regexLiteral(text: string): string {
  let out = '';
  for (const ch of text) out += regexChar(ch);
  return out;
}

/** Compiles a pattern, or explains why it cannot be one. */
export function compilePattern(pattern: string): CompiledPattern | PatternError {
  return compile(pattern);
}

/**
 * Compiled patterns by their text: a re-index after an edit of one component compiles only its patterns again, not
 * every component's. Patterns are pure, so sharing them is safe; the cache is dropped whole when it grows large.
 */
const compiledCache = new Map<string, Compiled | PatternError>();
const COMPILED_CACHE_MAX = 50_000;

function compile(pattern: string): Compiled | PatternError {
  let compiled = compiledCache.get(pattern);
  if (!compiled) {
    if (compiledCache.size >= COMPILED_CACHE_MAX) compiledCache.clear();
    compiledCache.set(pattern, (compiled = compileNew(pattern)));
  }
  return compiled;
}

function compileNew(pattern: string): Compiled | PatternError {
  const negated = pattern.startsWith('!');
  const start = negated ? 1 : 0;

  // Unescaped trailing spaces are dropped (gitignore's rule): a YAML value copied with one still means the path.
  let end = pattern.length;
  while (end > start && (pattern[end - 1] === ' ' || pattern[end - 1] === '\t') && !escapedAt(pattern, end - 1)) end--;
  if (end === start) return { error: negated ? "'!' must be followed by a pattern" : 'a pattern must not be empty', column: start };

  // Segments on unescaped slashes; each as literal text or a regular expression with its wildcards.
  const raw: { parts: string; literal: string; wildcard: boolean; suffix: string; onlyStars: boolean; column: number }[] = [];
  let seg = { parts: '', literal: '', wildcard: false, suffix: '', onlyStars: true, column: start };
  for (let i = start; i < end; i++) {
    const c = pattern[i]!;
    if (c === '/') {
      raw.push(seg);
      seg = { parts: '', literal: '', wildcard: false, suffix: '', onlyStars: true, column: i + 1 };
    } else if (c === '*') {
      if (!seg.parts.endsWith('[^/]*')) seg.parts += '[^/]*'; // `**` inside a segment is one `*`
      seg.wildcard = true;
      seg.suffix = '';
      seg.literal += c;
    } else if (c === '?') {
      seg.parts += '[^/]';
      seg.wildcard = true;
      seg.onlyStars = false;
      seg.suffix = '';
      seg.literal += c;
    } else {
      let ch = c;
      if (c === '\\') {
        if (i + 1 >= end) return { error: 'a pattern must not end with a lone backslash', column: i };
        // A code point, so an escaped astral character stays whole.
        ch = String.fromCodePoint(pattern.codePointAt(i + 1)!);
        i += ch.length;
        if (ch === '/') {
          // An escaped slash is still the separator: paths have no other kind.
          raw.push(seg);
          seg = { parts: '', literal: '', wildcard: false, suffix: '', onlyStars: true, column: i + 1 };
          continue;
        }
      }
      seg.parts += regexChar(ch);
      seg.literal += ch;
      seg.suffix += ch;
      seg.onlyStars = false;
    }
  }
  raw.push(seg);

  const leadingSlash = raw.length > 1 && raw[0]!.parts === '';
  if (leadingSlash) raw.shift();
  const dirOnly = raw.length > 1 && raw[raw.length - 1]!.parts === '';
  if (dirOnly) raw.pop();
  if (raw.length === 1 && raw[0]!.parts === '') raw.pop(); // `/` alone
  const emptyAt = raw.findIndex((s) => s.parts === '');
  if (emptyAt >= 0) return { error: 'a pattern must not contain an empty segment (//)', column: raw[emptyAt]!.column - 1 };
  const dotAt = raw.findIndex((s) => !s.wildcard && (s.literal === '.' || s.literal === '..'));
  if (dotAt >= 0) return { error: `a pattern must not contain a '${raw[dotAt]!.literal}' segment: paths are relative to the workspace folder`, column: raw[dotAt]!.column };

  const segments: Segment[] = [];
  for (const s of raw) {
    if (s.wildcard && s.onlyStars && s.literal.length >= 2) {
      if (segments.at(-1)?.kind !== 'globstar') segments.push({ kind: 'globstar' }); // `**/**` is `**`
    } else if (s.wildcard) segments.push({ kind: 'glob', source: s.parts, suffix: s.suffix, onlyStars: s.onlyStars });
    else segments.push({ kind: 'literal', text: s.literal });
  }

  let anchored = leadingSlash || segments.length > 1;
  // `**/x` (with or without a leading slash) is `x` at any depth; saying so lets the index find it by `x`.
  while (segments.length > 1 && segments[0]!.kind === 'globstar') {
    segments.shift();
    anchored = false;
  }

  const source = buildRegex(segments, anchored, dirOnly);
  const re = new RegExp(source, 'u');
  return { source: pattern, negated, key: indexKey(segments, anchored, dirOnly), matches: (path: string) => re.test(path) };
}

function escapedAt(s: string, at: number): boolean {
  let n = 0;
  for (let i = at - 1; i >= 0 && s[i] === '\\'; i--) n++;
  return n % 2 === 1;
}

function buildRegex(segments: readonly Segment[], anchored: boolean, dirOnly: boolean): string {
  if (segments.length === 0) return '^'; // `/`: the root and everything under it
  let re = anchored ? '^' : '^(?:.*/)?';
  segments.forEach((s, i) => {
    const last = i === segments.length - 1;
    if (s.kind === 'globstar') {
      // Between segments: zero or more directories. Last: everything inside what came before (or everything).
      re += last ? '.*' : '(?:[^/]+/)*';
      return;
    }
    re += s.kind === 'literal' ? regexLiteral(s.text) : s.onlyStars ? '[^/]+' : s.source;
    if (!last) re += '/';
    else if (dirOnly) re += '/.*';
    else if (s.kind === 'literal') re += '(?:/.*)?'; // a file, or a directory and what it holds
  });
  return `${re}$`;
}

function indexKey(segments: readonly Segment[], anchored: boolean, dirOnly: boolean): IndexKey {
  const first = segments[0];
  if (first?.kind === 'literal') {
    if (!anchored) return { kind: 'segment', name: first.text };
    const literal: string[] = [];
    for (const s of segments) {
      if (s.kind !== 'literal') break;
      literal.push(s.text);
    }
    return { kind: 'prefix', prefix: literal.join('/') };
  }
  if (first?.kind === 'glob' && segments.length === 1 && !anchored && !dirOnly) {
    // From the first dot of the literal tail, so `*.s1.ts` and `*.s2.ts` are found apart, not both under `.ts`.
    const dot = first.suffix.indexOf('.');
    if (dot >= 0) return { kind: 'suffix', suffix: first.suffix.slice(dot) };
  }
  return { kind: 'none' };
}

interface Entry {
  readonly component: number;
  readonly index: number;
  readonly pattern: Compiled;
}

/**
 * Which components include a path: for each component, the last of its patterns that matches decides (a plain
 * pattern includes, `!` excludes). Invalid patterns are skipped here; `compilePattern` reports why.
 *
 * Patterns are indexed by what a matching path must contain (a literal directory prefix, a segment name, the
 * end of a file name), so a path is tried only against the few patterns that can match it, not against all of them.
 */
export class ComponentMatcher {
  private readonly ids: string[];
  private readonly entries: Entry[] = [];
  private readonly byPrefix = new Map<string, Entry[]>();
  private readonly bySegment = new Map<string, Entry[]>();
  private readonly bySuffix = new Map<string, Entry[]>();
  private readonly unindexed: Entry[] = [];
  // Scratch space reused by every call: the matcher runs once per file of the workspace.
  private readonly candidates: Entry[] = [];
  /** Per component: the index of its last matching pattern so far (-1: none), and whether that one excludes. */
  private readonly best: Int32Array;
  private readonly bestExcludes: Uint8Array;
  private readonly touched: number[] = [];

  constructor(components: readonly { id: string; paths: readonly string[] }[]) {
    this.ids = components.map((c) => c.id);
    this.best = new Int32Array(components.length).fill(-1);
    this.bestExcludes = new Uint8Array(components.length);
    components.forEach((c, component) => {
      c.paths.forEach((p, index) => {
        const pattern = compile(p);
        if (!('matches' in pattern)) return;
        const entry: Entry = { component, index, pattern };
        this.entries.push(entry);
        const key = pattern.key;
        if (key.kind === 'prefix') pushTo(this.byPrefix, key.prefix, entry);
        else if (key.kind === 'segment') pushTo(this.bySegment, key.name, entry);
        else if (key.kind === 'suffix') pushTo(this.bySuffix, key.suffix, entry);
        else this.unindexed.push(entry);
      });
    });
  }

  /** The ids of the components that include `path`, in the order the components were given. */
  componentsOf(path: string): string[] {
    const { best, bestExcludes, touched } = this;
    touched.length = 0;
    for (const e of this.collect(path)) {
      // A later pattern of the component already matched: this one cannot decide, so skip its regex.
      if (e.index <= best[e.component]! || !e.pattern.matches(path)) continue;
      if (best[e.component] === -1) touched.push(e.component);
      best[e.component] = e.index;
      bestExcludes[e.component] = e.pattern.negated ? 1 : 0;
    }
    const out: string[] = [];
    if (touched.length > 1) touched.sort((a, b) => a - b);
    for (const component of touched) {
      if (!bestExcludes[component]) out.push(this.ids[component]!);
      best[component] = -1;
    }
    return out;
  }

  /**
   * The valid patterns (exclusions included) that match none of `paths`, in component and pattern order: the plain
   * pass over every path that `PathIndex.unmatched` (what the index's "pattern matches no file" diagnostics use) is
   * checked against.
   */
  patternsMatchingNothing(paths: Iterable<string>): { componentId: string; patternIndex: number }[] {
    const matched = new Set<Entry>();
    for (const path of paths) {
      if (matched.size === this.entries.length) break;
      for (const e of this.collect(path)) if (!matched.has(e) && e.pattern.matches(path)) matched.add(e);
    }
    return this.entries.filter((e) => !matched.has(e)).map((e) => ({ componentId: this.ids[e.component]!, patternIndex: e.index }));
  }

  /** The patterns that may match `path`, in a scratch array valid until the next call. */
  private collect(path: string): Entry[] {
    const out = this.candidates;
    out.length = 0;
    let segmentStart = 0;
    for (let i = 0; i <= path.length; i++) {
      if (i < path.length && path.charCodeAt(i) !== 47 /* / */) continue;
      if (this.byPrefix.size) addAll(out, this.byPrefix.get(path.slice(0, i)));
      if (this.bySegment.size) addAll(out, this.bySegment.get(path.slice(segmentStart, i)));
      segmentStart = i + 1;
    }
    if (this.bySuffix.size) {
      // Every tail of the file name that starts at a dot: `.s1.ts` and `.ts` of `api.s1.ts`.
      for (let dot = path.indexOf('.', path.lastIndexOf('/') + 1); dot >= 0; dot = path.indexOf('.', dot + 1)) {
        addAll(out, this.bySuffix.get(path.slice(dot)));
      }
    }
    addAll(out, this.unindexed);
    return out;
  }
}

function addAll<T>(into: T[], from: readonly T[] | undefined): void {
  if (from) for (const x of from) into.push(x);
}

/**
 * A test of whether `pattern` matches a path that first checks what its index key tells (a literal prefix, segment
 * or file name ending), so most paths are turned down without the regular expression.
 */
function quickTest(pattern: Compiled): (path: string) => boolean {
  const key = pattern.key;
  switch (key.kind) {
    case 'prefix': {
      const { prefix } = key;
      const dir = `${prefix}/`;
      return (path) => (path.startsWith(dir) || path === prefix) && pattern.matches(path);
    }
    case 'segment': {
      const { name } = key;
      return (path) => {
        for (let at = path.indexOf(name); at >= 0; at = path.indexOf(name, at + 1)) {
          const end = at + name.length;
          if ((at === 0 || path.charCodeAt(at - 1) === 47) && (end === path.length || path.charCodeAt(end) === 47)) return pattern.matches(path);
        }
        return false;
      };
    }
    case 'suffix': {
      const { suffix } = key;
      return (path) => path.endsWith(suffix) && pattern.matches(path);
    }
    case 'none':
      return (path) => pattern.matches(path);
  }
}

function validPatterns(patterns: readonly string[]): { index: number; pattern: Compiled }[] {
  const out: { index: number; pattern: Compiled }[] = [];
  patterns.forEach((p, index) => {
    const pattern = compile(p);
    if ('matches' in pattern) out.push({ index, pattern });
  });
  return out;
}

/** The paths some valid pattern of `patterns` matches, included or excluded: whose components those patterns decide. */
export function pathsTouchedBy(patterns: readonly string[], paths: Iterable<string>): string[] {
  // Each pattern text once: an edit that keeps a pattern lists it among the old and the new ones.
  const tests = validPatterns([...new Set(patterns)]).map((p) => quickTest(p.pattern));
  const out: string[] = [];
  if (!tests.length) return out;
  for (const path of paths) {
    for (const test of tests) {
      if (test(path)) {
        out.push(path);
        break;
      }
    }
  }
  return out;
}

/**
 * The files of a workspace indexed the way ComponentMatcher indexes patterns (sorted, by segment name, by the dot
 * endings of the file name), to ask of one component's patterns what would otherwise take a pass over every file:
 * which match nothing, and which files they touch. Built once per set of files.
 */
export class PathIndex {
  private readonly sorted: string[];
  private readonly bySegment = new Map<string, string[]>();
  private readonly bySuffix = new Map<string, string[]>();

  /**
   * `only`: the segment names and suffixes to index (those of the patterns it will be asked about; see
   * `unmatchedOf`), instead of every one: a fraction of the memory for 100,000 files.
   */
  private constructor(paths: Iterable<string>, only?: { segments: ReadonlySet<string>; suffixes: ReadonlySet<string> }) {
    this.sorted = [...paths].sort();
    const segments = only?.segments;
    const suffixes = only?.suffixes;
    for (const path of this.sorted) {
      let start = 0;
      for (let i = 0; i <= path.length; i++) {
        if (i < path.length && path.charCodeAt(i) !== 47 /* / */) continue;
        const name = path.slice(start, i);
        if (!segments || segments.has(name)) pushTo(this.bySegment, name, path);
        start = i + 1;
      }
      for (let dot = path.indexOf('.', path.lastIndexOf('/') + 1); dot >= 0; dot = path.indexOf('.', dot + 1)) {
        const suffix = path.slice(dot);
        if (!suffixes || suffixes.has(suffix)) pushTo(this.bySuffix, suffix, path);
      }
    }
  }

  /** The index of `paths`, for any pattern. */
  static of(paths: Iterable<string>): PathIndex {
    return new PathIndex(paths);
  }

  /** `unmatched` of each list of patterns against `paths`, through an index of just what those patterns look up. */
  static unmatchedOf(paths: Iterable<string>, patternLists: readonly (readonly string[])[]): number[][] {
    const segments = new Set<string>();
    const suffixes = new Set<string>();
    for (const patterns of patternLists) {
      for (const { pattern } of validPatterns(patterns)) {
        if (pattern.key.kind === 'segment') segments.add(pattern.key.name);
        else if (pattern.key.kind === 'suffix') suffixes.add(pattern.key.suffix);
      }
    }
    const index = new PathIndex(paths, { segments, suffixes });
    return patternLists.map((patterns) => index.unmatched(patterns));
  }

  /** Whether `test` holds for any path a pattern with this key can match (all it does match, and some it does not). */
  private anyCandidate(key: IndexKey, test: (path: string) => boolean): boolean {
    switch (key.kind) {
      case 'prefix': {
        const { sorted } = this;
        let lo = 0;
        let hi = sorted.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (sorted[mid]! < key.prefix) lo = mid + 1;
          else hi = mid;
        }
        for (let i = lo; i < sorted.length && sorted[i]!.startsWith(key.prefix); i++) if (test(sorted[i]!)) return true;
        return false;
      }
      case 'segment':
        // A segment may repeat in a path (`a/x/x.ts` is listed under `x` once per time): duplicates do no harm here.
        return (this.bySegment.get(key.name) ?? []).some(test);
      case 'suffix':
        return (this.bySuffix.get(key.suffix) ?? []).some(test);
      case 'none':
        return this.sorted.some(test);
    }
  }

  /**
   * The indexes of the valid patterns (exclusions included) of one component that match no path: what
   * `ComponentMatcher.patternsMatchingNothing` says of that component, without a pass over every path.
   */
  unmatched(patterns: readonly string[]): number[] {
    return validPatterns(patterns)
      .filter(({ pattern }) => !this.anyCandidate(pattern.key, (p) => pattern.matches(p)))
      .map((p) => p.index);
  }

  /** What `pathsTouchedBy(patterns, paths)` says, as a set. */
  touchedBy(patterns: readonly string[]): Set<string> {
    const out = new Set<string>();
    for (const { pattern } of validPatterns([...new Set(patterns)])) {
      this.anyCandidate(pattern.key, (p) => {
        if (!out.has(p) && pattern.matches(p)) out.add(p);
        return false;
      });
    }
    return out;
  }
}
