/**
 * Component path patterns in GitHub CODEOWNERS syntax, with `!` for exclusion (SPEC §2). Each pattern compiles
 * once to a regular expression; a component's patterns are tried from the last to the first and the first that
 * matches decides, which is the same as "the last matching pattern decides" but stops early.
 *
 * The rules, as GitHub documents them for CODEOWNERS:
 * - a leading `/` anchors to the workspace root; so does a `/` inside the pattern (`docs/*` = `/docs/*`);
 *   a pattern without one (`*.ts`, `apps/`, `docs`) matches at any depth;
 * - a trailing `/` means the directory and everything under it; a last segment without wildcards matches that
 *   file or directory and everything under it; a last segment with a wildcard matches names in that directory
 *   only (`docs/*` matches `docs/a.md`, not `docs/b/c.md`);
 * - `*` is any run of characters but `/`, `?` one character but `/`; `**` spans directories (`**\/x`, `x/**`,
 *   `a/**\/b`); `\` escapes the next character; `[` and `]` are literal (CODEOWNERS has no character classes).
 */

export interface CompiledPattern {
  /** The pattern as written. */
  readonly source: string;
  /** Written with a leading `!`: a match excludes. */
  readonly negated: boolean;
  matches(path: string): boolean;
}

export interface PatternError {
  error: string;
  /** Zero-based offset in the pattern. */
  column: number;
}

const SPECIAL = /[.+^${}()|[\]\\]/;

/** Compiles a pattern, or explains why it cannot be one. */
export function compilePattern(pattern: string): CompiledPattern | PatternError {
  let body = pattern;
  let negated = false;
  let offset = 0;
  if (body.startsWith('!')) {
    negated = true;
    body = body.slice(1);
    offset = 1;
  }
  if (body.trim() === '') return { error: negated ? "'!' must be followed by a pattern" : 'a pattern must not be empty', column: offset };

  // Split into segments on unescaped slashes, keeping escapes for the segment compiler.
  const segments: string[] = [];
  let current = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\') {
      if (i + 1 >= body.length) return { error: 'a pattern must not end with a lone backslash', column: offset + i };
      current += c + body[i + 1];
      i++;
    } else if (c === '/') {
      segments.push(current);
      current = '';
    } else current += c;
  }
  segments.push(current);

  const leadingSlash = segments[0] === '';
  if (leadingSlash) segments.shift();
  const trailingSlash = segments.length > 0 && segments[segments.length - 1] === '';
  if (trailingSlash) segments.pop();
  if (segments.some((s) => s === '')) return { error: 'a pattern must not contain an empty segment (//)', column: offset + body.indexOf('//') };
  const anchored = leadingSlash || segments.length > 1;

  if (segments.length === 0) return compiled(pattern, negated, /^/); // `/` alone: everything

  let re = anchored ? '^' : '^(?:.*/)?';
  segments.forEach((seg, i) => {
    const last = i === segments.length - 1;
    if (seg === '**') {
      // `**` as a whole segment spans any number of directories (including none, except as the last segment).
      re += last ? '.*' : '(?:[^/]+/)*';
      return;
    }
    re += segmentSource(seg) + (last ? '' : '/');
  });
  const lastSeg = segments[segments.length - 1]!;
  if (lastSeg === '**') re += '$';
  else if (trailingSlash) re += '/.*$';
  else if (hasWildcard(lastSeg)) re += '$';
  else re += '(?:/.*)?$';
  return compiled(pattern, negated, new RegExp(re, 'u'));
}

function compiled(source: string, negated: boolean, re: RegExp): CompiledPattern {
  return { source, negated, matches: (path: string) => re.test(path) };
}

function hasWildcard(segment: string): boolean {
  for (let i = 0; i < segment.length; i++) {
    if (segment[i] === '\\') i++;
    else if (segment[i] === '*' || segment[i] === '?') return true;
  }
  return false;
}

function segmentSource(segment: string): string {
  let out = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === '\\') {
      const next = segment[++i]!;
      out += SPECIAL.test(next) || next === '*' || next === '?' || next === '/' ? `\\${next}` : next;
    } else if (c === '*') {
      while (segment[i + 1] === '*') i++; // `**` inside a segment is just `*`
      out += '[^/]*';
    } else if (c === '?') out += '[^/]';
    else out += SPECIAL.test(c) ? `\\${c}` : c;
  }
  return out;
}

interface CompiledComponent {
  id: string;
  patterns: (CompiledPattern | undefined)[];
}

/** Which components include a path: each component's last matching pattern decides. */
export class ComponentMatcher {
  private readonly compiled: CompiledComponent[];

  constructor(components: readonly { id: string; paths: readonly string[] }[]) {
    this.compiled = components.map((c) => ({
      id: c.id,
      patterns: c.paths.map((p) => {
        const r = compilePattern(p);
        return 'matches' in r ? r : undefined;
      }),
    }));
  }

  componentsOf(path: string): string[] {
    const out: string[] = [];
    for (const c of this.compiled) {
      for (let i = c.patterns.length - 1; i >= 0; i--) {
        const p = c.patterns[i];
        if (p?.matches(path)) {
          if (!p.negated) out.push(c.id);
          break;
        }
      }
    }
    return out;
  }

  /** Valid patterns that match none of `paths` (for "pattern matches no file" warnings). */
  patternsMatchingNothing(paths: Iterable<string>): { componentId: string; patternIndex: number }[] {
    const unmatched = new Set<CompiledPattern>();
    for (const c of this.compiled) for (const p of c.patterns) if (p) unmatched.add(p);
    for (const path of paths) {
      if (!unmatched.size) break;
      for (const p of unmatched) if (p.matches(path)) unmatched.delete(p);
    }
    const out: { componentId: string; patternIndex: number }[] = [];
    for (const c of this.compiled) {
      c.patterns.forEach((p, patternIndex) => {
        if (p && unmatched.has(p)) out.push({ componentId: c.id, patternIndex });
      });
    }
    return out;
  }
}
