/**
 * CODEOWNERS → components (SPEC §5 `cx import codeowners`): one component per owner whose patterns give, for every
 * file path, the same owners as GitHub.
 *
 * GitHub reads CODEOWNERS top to bottom and the LAST rule whose pattern matches a path decides its owners; a rule
 * with no owners leaves the path unowned. A component's patterns follow the same "last match decides" rule, with
 * `!` to exclude. So for owner O, walk the rules in order and write:
 * - the rule's pattern, when O is among its owners (from here on, the rule gives O these paths);
 * - `!pattern`, when O is not (a later match takes the paths away from O), but only when O's list already includes
 *   something, since an exclusion with no inclusion before it changes nothing.
 * For any path, the last entry of O's list that matches it comes from the last rule that matches it (every rule
 * gives O at most one entry, with the same pattern), so O includes the path exactly when that rule names O. The lists
 * are kept small without changing any answer: an entry goes when a later one matches every path it matches (the
 * same pattern, an enclosing directory such as `/src/` after `/src/pay/`, or `*`), and an entry is not written when
 * the entries before it already give the same answer for every path it matches (an exclusion disjoint from every
 * earlier inclusion, e.g. `!/docs/` after `/src/`; an inclusion inside an earlier one with no exclusion between).
 * These shortcuts use only what is sure from a pattern's text (anchored literal directories); anything else is kept.
 *
 * Syntax read as GitHub does: `#` starting a line or a word begins a comment (`\#` is a literal `#`); `\ ` escapes a
 * space in a pattern; owners are `@user`, `@org/team` or an email address, compared without case. A line GitHub
 * would not use is reported and skipped: an invalid owner, a `!` pattern (CODEOWNERS has no negation), a GitLab
 * section header, a pattern the matcher rejects. `[` and `]` are literal, as in the matcher.
 */
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node, YAMLMap, YAMLSeq } from 'yaml';
import { compilePattern } from './matcher';
import { loadComponentsYaml } from './yamlModel';
import { pushTo } from './multiMap';

/** One rule of a CODEOWNERS file. */
export interface CodeownersRule {
  /** One-based line. */
  line: number;
  pattern: string;
  /** Owners as written, duplicates dropped; empty: the rule leaves matching paths unowned. */
  owners: string[];
}

/** A line of CODEOWNERS that was skipped or needs attention; one-based line and column. */
export interface CodeownersProblem {
  line: number;
  column: number;
  message: string;
}

/** A component derived from CODEOWNERS: one per owner. */
export interface OwnerComponent {
  id: string;
  name: string;
  owner: string;
  paths: string[];
}

const USER = /^@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const TEAM = /^@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\/[A-Za-z0-9_-]+$/;
const EMAIL = /^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/;

export function isOwner(s: string): boolean {
  return USER.test(s) || TEAM.test(s) || EMAIL.test(s);
}

/** Splits a line into words on unescaped blanks, up to a `#` that starts a word; backslashes are kept. */
function words(line: string): { text: string; column: number }[] {
  const out: { text: string; column: number }[] = [];
  let current = '';
  let start = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === ' ' || c === '\t') {
      if (start >= 0) out.push({ text: current, column: start + 1 });
      current = '';
      start = -1;
      continue;
    }
    if (c === '#' && start < 0) break;
    if (start < 0) start = i;
    if (c === '\\' && i + 1 < line.length) {
      current += c + line[i + 1];
      i++;
    } else current += c;
  }
  if (start >= 0) out.push({ text: current, column: start + 1 });
  return out;
}

/** Reads a CODEOWNERS file into rules, in file order. */
export function parseCodeowners(text: string): { rules: CodeownersRule[]; problems: CodeownersProblem[] } {
  const rules: CodeownersRule[] = [];
  const problems: CodeownersProblem[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const ws = words(raw);
    if (!ws.length) return;
    const [first, ...rest] = ws as [{ text: string; column: number }, ...{ text: string; column: number }[]];
    if (/^\^?\[[^\]]*\](\[\d+\])?$/.test(first.text)) {
      problems.push({ line, column: first.column, message: `'${first.text}' is a GitLab section header, not GitHub CODEOWNERS syntax: line skipped` });
      return;
    }
    if (first.text.startsWith('!')) {
      problems.push({ line, column: first.column, message: `'${first.text}': CODEOWNERS has no '!' negation (a later rule with no owners unowns paths): line skipped` });
      return;
    }
    const compiled = compilePattern(first.text);
    if (!('matches' in compiled)) {
      problems.push({ line, column: first.column + compiled.column, message: `'${first.text}': ${compiled.error}: line skipped` });
      return;
    }
    const bad = rest.find((w) => !isOwner(w.text));
    if (bad) {
      problems.push({ line, column: bad.column, message: `'${bad.text}' is not an owner (@user, @org/team or an email address): line skipped` });
      return;
    }
    const owners: string[] = [];
    const seen = new Set<string>();
    for (const w of rest) {
      const key = w.text.toLowerCase();
      if (!seen.has(key)) owners.push(w.text);
      seen.add(key);
    }
    rules.push({ line, pattern: first.text, owners });
  });
  return { rules, problems };
}

/** `@acme/payments` → `acme-payments`, `docs@acme.example` → `docs-acme-example`: a valid component id. */
export function ownerComponentId(owner: string): string {
  const id = owner.toLowerCase().replace(/^@/, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return id || 'owner';
}

/** Patterns that match every file path (`*` needs a non-empty name, which every file has). */
const MATCHES_EVERYTHING = new Set(['*', '**', '/', '/**', '**/*', '/**/*']);

interface Entry {
  pattern: string;
  exclude: boolean;
  shape: Shape;
}

/**
 * What a pattern says about the paths it matches, read conservatively (when unsure, claim less): an anchored
 * pattern's matches start with its leading literal segments.
 */
interface Shape {
  anchored: boolean;
  /** Leading segments without wildcards or escapes. */
  prefix: string[];
  /** Every segment is literal: the pattern matches exactly `prefix` and what is under it (or only under it, dirOnly). */
  literal: boolean;
  /** Segments after `prefix`, wildcard segments included. */
  more: number;
  dirOnly: boolean;
  /** Matches every file path. */
  everything: boolean;
}

function shapeOf(pattern: string): Shape {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      current += c + (pattern[i + 1] ?? '');
      i++;
    } else if (c === '/') {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  const leadingSlash = parts.length > 1 && parts[0] === '';
  if (leadingSlash) parts.shift();
  const dirOnly = parts.length > 1 && parts[parts.length - 1] === '';
  if (dirOnly) parts.pop();
  if (parts.length === 1 && parts[0] === '') parts.pop();
  let anchored = leadingSlash || parts.length > 1;
  // `**/x` matches `x` at any depth.
  if (parts.length > 1 && /^\*{2,}$/.test(parts[0]!)) anchored = false;
  const prefix: string[] = [];
  for (const p of parts) {
    if (/[*?\\]/.test(p)) break;
    prefix.push(p);
  }
  return { anchored, prefix, literal: prefix.length === parts.length, more: parts.length - prefix.length, dirOnly, everything: MATCHES_EVERYTHING.has(pattern) };
}

/** No path matches both (sure only for anchored patterns whose literal prefixes part ways). */
function disjoint(a: Shape, b: Shape): boolean {
  if (!a.anchored || !b.anchored) return false;
  const n = Math.min(a.prefix.length, b.prefix.length);
  for (let i = 0; i < n; i++) if (a.prefix[i] !== b.prefix[i]) return true;
  return false;
}

/** Every path `inner` matches, `outer` matches too (sure only when `outer` is an anchored literal path, or `*`). */
function covers(outer: Shape, inner: Shape): boolean {
  if (outer.everything) return true;
  if (!outer.anchored || !outer.literal || !inner.anchored || inner.prefix.length < outer.prefix.length) return false;
  for (let i = 0; i < outer.prefix.length; i++) if (outer.prefix[i] !== inner.prefix[i]) return false;
  // `outer/` holds what is under it, not `outer` itself: `inner` must reach below.
  return !outer.dirOnly || inner.prefix.length > outer.prefix.length || inner.more > 0 || inner.dirOnly;
}

/**
 * The ordered pattern list of one owner (see the module comment): for every path, the list includes it exactly when
 * the last rule that matches the path names `ownerKey` (lower-case).
 */
export function ownerPatterns(rules: readonly CodeownersRule[], ownerKey: string): string[] {
  let entries: Entry[] = [];
  for (const rule of rules) {
    const owns = rule.owners.some((o) => o.toLowerCase() === ownerKey);
    const entry: Entry = { pattern: rule.pattern, exclude: !owns, shape: shapeOf(rule.pattern) };
    // A later entry decides wherever an earlier one it covers (the same pattern, an enclosing directory, `*`) matched.
    entries = entries.filter((e) => e.pattern !== entry.pattern && !covers(entry.shape, e.shape));
    if (needed(entries, entry)) entries.push(entry);
  }
  // Dropping a covered entry may leave one that no longer changes anything (an exclusion with nothing before it).
  const kept: Entry[] = [];
  for (const e of entries) if (needed(kept, e)) kept.push(e);
  return kept.map((e) => (e.exclude ? `!${e.pattern}` : e.pattern));
}

/**
 * Whether entry `e` after `before` changes any answer: it does unless every path it matches already gets the same
 * answer from `before`. Looking back from the end: an entry of the other kind that may overlap `e` makes it needed;
 * one of the same kind that covers `e` settles it as not needed. With nothing before, a path is excluded, so an
 * inclusion is needed and an exclusion is not.
 */
function needed(before: readonly Entry[], e: Entry): boolean {
  for (let i = before.length - 1; i >= 0; i--) {
    const b = before[i]!;
    if (b.exclude !== e.exclude && !disjoint(b.shape, e.shape)) return true;
    if (b.exclude === e.exclude && covers(b.shape, e.shape)) return false;
  }
  return !e.exclude;
}

/**
 * One component per owner, in the order owners first appear. Owners that end up owning nothing (every rule naming
 * them is overridden later) get no component and are reported. Ids that two owners would share get `-2`, `-3`….
 */
export function codeownersToComponents(text: string): { components: OwnerComponent[]; problems: CodeownersProblem[] } {
  const { rules, problems } = parseCodeowners(text);
  const owners = new Map<string, { owner: string; lastLine: number }>();
  for (const r of rules) {
    for (const o of r.owners) {
      const key = o.toLowerCase();
      owners.set(key, { owner: owners.get(key)?.owner ?? o, lastLine: r.line });
    }
  }
  const components: OwnerComponent[] = [];
  const ids = new Set<string>();
  for (const [key, { owner, lastLine }] of owners) {
    const paths = ownerPatterns(rules, key);
    if (!paths.length) {
      problems.push({ line: lastLine, column: 1, message: `${owner} owns no path: every rule naming them is overridden by a later rule` });
      continue;
    }
    const base = ownerComponentId(owner);
    let id = base;
    for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
    ids.add(id);
    components.push({ id, name: owner, owner, paths });
  }
  problems.sort((a, b) => a.line - b.line || a.column - b.column);
  return { components, problems };
}

/** Where GitHub looks for CODEOWNERS, in its order: the first that exists is the one it uses. */
export const CODEOWNERS_LOCATIONS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'] as const;

export interface ComponentsMerge {
  text: string;
  added: string[];
  updated: string[];
  unchanged: string[];
}

/** The file cannot be edited without risking its content (a syntax error, an unexpected shape). */
export class ComponentsEditError extends Error {}

const sameList = (a: unknown, b: readonly string[]) => Array.isArray(a) && a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Merges components into a components YAML text, keeping every comment and everything else as written: a
 * component with the same id gets its `paths` replaced (its name, journeys and comments stay); the others are
 * appended when `addMissing` (id, name, owner, paths). Throws ComponentsEditError rather than guess.
 */
export function mergeComponentsYaml(text: string, components: readonly OwnerComponent[], addMissing = true): ComponentsMerge {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const doc = parseDocument(text.replace(/\r\n/g, '\n'));
  const error = doc.errors[0];
  if (error) throw new ComponentsEditError(`it has a YAML error (${error.message.split('\n')[0]}); fix it first (cx validate)`);
  const result: ComponentsMerge = { text, added: [], updated: [], unchanged: [] };
  let root: Node | null = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) {
    const fresh = doc.createNode({ components: [] }) as YAMLMap;
    (doc as { contents: Node | null }).contents = fresh;
    root = fresh;
  }
  if (!isMap(root)) throw new ComponentsEditError(`it is not a mapping with a 'components' list`);
  let list = root.get('components', true) as Node | undefined;
  if (list === undefined || list === null || (isScalar(list) && list.value === null)) {
    list = doc.createNode([]) as YAMLSeq;
    root.set('components', list);
  }
  if (!isSeq(list)) throw new ComponentsEditError(`its 'components' is not a list`);
  const seq = list;
  for (const c of components) {
    const item = seq.items.find((i): i is YAMLMap => isMap(i) && i.get('id') === c.id);
    if (item) {
      const old = item.get('paths', true) as Node | undefined;
      if (sameList(old && 'toJSON' in old ? old.toJSON() : undefined, c.paths)) {
        result.unchanged.push(c.id);
        continue;
      }
      const fresh = doc.createNode([...c.paths]) as YAMLSeq;
      if (isSeq(old)) {
        fresh.flow = old.flow;
        fresh.commentBefore = old.commentBefore;
        fresh.comment = old.comment;
      }
      item.set('paths', fresh);
      result.updated.push(c.id);
    } else if (addMissing) {
      const node = doc.createNode({ id: c.id, name: c.name, owner: c.owner, paths: [...c.paths] }) as YAMLMap;
      if (seq.items.length > 1 && (seq.items[1] as Node).spaceBefore) node.spaceBefore = true;
      seq.flow = false;
      seq.items.push(node);
      result.added.push(c.id);
    }
  }
  if (!result.added.length && !result.updated.length) return result;
  const indentSeq = !/^components:[ \t]*(#.*)?\r?\n(?:[ \t]*#.*\r?\n)*-/m.test(text);
  const out = doc.toString({ lineWidth: 0, indentSeq, flowCollectionPadding: false });
  result.text = eol === '\n' ? out : out.replace(/\n/g, eol);
  return result;
}

const NEW_COMPONENTS_FILE = `# Components: areas of code and the journeys they serve (CODEOWNERS pattern syntax; the last matching
# pattern decides, ! excludes). Imported from CODEOWNERS by \`cx import codeowners\`: add the journeys each one serves.
components:
`;

export interface ComponentFilesMerge {
  /** The files to write (only those that change), with their new text. */
  writes: { path: string; text: string }[];
  added: { id: string; file: string }[];
  updated: { id: string; file: string }[];
  unchanged: { id: string; file: string }[];
}

/**
 * Merges components into a workspace's components files: a component whose id a file already defines is updated
 * there (the first file by path, the one that wins when ids repeat); the others are added to `mainPath` (which may
 * be missing from `files`: then it is created).
 */
export function mergeIntoComponentFiles(files: readonly { path: string; text: string }[], mainPath: string, components: readonly OwnerComponent[]): ComponentFilesMerge {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const home = new Map<string, string>();
  for (const f of sorted) {
    for (const c of loadComponentsYaml(f.path, f.text).components) if (!home.has(c.component.id)) home.set(c.component.id, f.path);
  }
  const groups = new Map<string, OwnerComponent[]>();
  for (const c of components) {
    const file = home.get(c.id) ?? mainPath;
    pushTo(groups, file, c);
  }
  const out: ComponentFilesMerge = { writes: [], added: [], updated: [], unchanged: [] };
  for (const [file, group] of groups) {
    const text = files.find((f) => f.path === file)?.text ?? NEW_COMPONENTS_FILE;
    const merged = mergeComponentsYaml(text, group, file === mainPath);
    if (merged.text !== text) out.writes.push({ path: file, text: merged.text });
    for (const id of merged.added) out.added.push({ id, file });
    for (const id of merged.updated) out.updated.push({ id, file });
    for (const id of merged.unchanged) out.unchanged.push({ id, file });
  }
  return out;
}
