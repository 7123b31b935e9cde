/**
 * Writing the tags log, `.cx/tags.jsonl` (SPEC §2): tagging decisions appended as whole lines, never rewritten, so
 * concurrent taggers and git branches merge (`merge=union`). Reading it is `loadTags` in recordLoaders; a bad line
 * already in the log is reported there and skipped, and stays in the file.
 *
 * A reference on the command line (`cx tag ZD-1 REF...`) is written as:
 * - `checkout`, `checkout/pay`, `journey:checkout` — a journey or step;
 * - `component:payments-api`, or a bare id that names a component and no journey — a component;
 * - `path:src/a.ts`, `path:src/a.ts#12-40`, `src/a.ts:12-40`, `src/a.ts#L12-L40`, or any bare text that cannot be a
 *   journey reference (it has a dot, a capital, two slashes…) — a file, with optional first and last line.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { appendLines, ensureLine } from './atomicWrite';
import type { CxIndex } from './cxIndex';
import { linkKey } from './cxIndex';
import { closest } from './issues';
import { TagDecision } from './schemas';
import type { Link } from './schemas';

/** The `.gitattributes` line that lets git merge concurrent appends to the log from both sides. */
export const TAGS_GITATTRIBUTES_LINE = 'tags.jsonl merge=union';

/** A reference that cannot be parsed; the message says how to write it. */
export class TagRefError extends Error {}

const REF_SYNTAX = /^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9-]*)?$/;

/** What the workspace defines, to tell a bare component id from a journey. */
export interface KnownIds {
  components?: ReadonlySet<string>;
  journeys?: ReadonlySet<string>;
}

function lineRange(first: string, last: string | undefined, raw: string): [number, number] {
  const a = Number(first);
  const b = last === undefined ? a : Number(last);
  if (a < 1 || b < a) throw new TagRefError(`'${raw}': lines must be FIRST-LAST with 1 ≤ FIRST ≤ LAST`);
  return [a, b];
}

function pathLink(rawPath: string, raw: string, lines?: [number, number]): Link {
  const p = rawPath.trim().replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/^\/+/, '');
  if (!p || p.endsWith('/')) throw new TagRefError(`'${raw}': give a file path, e.g. path:src/pay.ts#12-40`);
  return lines ? { path: p, lines } : { path: p };
}

/** Parses one reference as written on the command line into a link (see the module comment for the forms). */
export function parseTagRef(text: string, known: KnownIds = {}): Link {
  const raw = text.trim();
  if (!raw) throw new TagRefError('an empty reference: give a journey, journey/step, component:ID or path:FILE#FIRST-LAST');
  const prefixed = /^(journey|component|path):(.*)$/.exec(raw);
  if (prefixed) {
    const kind = prefixed[1]!;
    const rest = prefixed[2]!;
    if (!rest.trim()) throw new TagRefError(`'${raw}': nothing after '${kind}:'`);
    if (kind === 'journey') return { journey: rest.trim() };
    if (kind === 'component') return { component: rest.trim() };
    const hash = /^(.*?)#L?(\d+)(?:-L?(\d+))?$/.exec(rest);
    return hash ? pathLink(hash[1]!, raw, lineRange(hash[2]!, hash[3], raw)) : pathLink(rest, raw);
  }
  const hash = /^(.+?)#L?(\d+)(?:-L?(\d+))?$/.exec(raw);
  if (hash) return pathLink(hash[1]!, raw, lineRange(hash[2]!, hash[3], raw));
  const colon = /^(.+):(\d+)(?:-(\d+))?$/.exec(raw);
  if (colon) return pathLink(colon[1]!, raw, lineRange(colon[2]!, colon[3], raw));
  if (REF_SYNTAX.test(raw)) {
    if (!raw.includes('/') && known.components?.has(raw) && !known.journeys?.has(raw)) return { component: raw };
    return { journey: raw };
  }
  return pathLink(raw, raw);
}

/** A link written the way `parseTagRef` reads it back. */
export function formatTagRef(link: Link): string {
  if ('journey' in link) return link.journey;
  if ('component' in link) return `component:${link.component}`;
  return `path:${link.path}${link.lines ? `#${link.lines[0]}-${link.lines[1]}` : ''}`;
}

/** An ISO 8601 time to the second, as the log writes it. */
export function tagTime(at: Date = new Date()): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The decisions for `op` on `feedbackId`, one per reference (duplicates dropped), in the order given. References
 * are strings as on the command line, or links. Throws TagRefError for a reference that cannot be parsed.
 */
export function tagDecisions(
  op: TagDecision['op'],
  feedbackId: string,
  refs: readonly (string | Link)[],
  by: string | undefined,
  at: Date | string = new Date(),
  known: KnownIds = {},
): TagDecision[] {
  const time = typeof at === 'string' ? at : tagTime(at);
  const seen = new Set<string>();
  const out: TagDecision[] = [];
  for (const r of refs) {
    const ref = typeof r === 'string' ? parseTagRef(r, known) : r;
    const key = linkKey(ref);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ op, feedback: feedbackId, ref, ...(by ? { by } : {}), at: time });
  }
  return out;
}

/** One decision as its log line, keys in the documented order. */
export function tagLine(d: TagDecision): string {
  const ref = 'journey' in d.ref ? { journey: d.ref.journey } : 'component' in d.ref ? { component: d.ref.component } : d.ref.lines ? { path: d.ref.path, lines: d.ref.lines } : { path: d.ref.path };
  return JSON.stringify({ op: d.op, feedback: d.feedback, ref, ...(d.by ? { by: d.by } : {}), at: d.at });
}

/**
 * Appends decisions to `<root>/<cxDir>/tags.jsonl` in one write (whole lines: concurrent writers interleave lines,
 * never split them) and makes sure `<cxDir>/.gitattributes` has `tags.jsonl merge=union`. Every decision is checked
 * against the schema first; an invalid one throws and nothing is written. Returns the log's workspace path and lines.
 */
export async function appendTags(root: string, cxDir: string, decisions: readonly TagDecision[]): Promise<{ file: string; lines: string[] }> {
  const lines = decisions.map((d, i) => {
    const checked = TagDecision.safeParse(d);
    if (!checked.success) throw new Error(`tag decision ${i + 1} is invalid: ${checked.error.issues.map((x) => `${x.path.join('.') || 'value'} ${x.message}`).join('; ')}`);
    return tagLine(checked.data);
  });
  const dir = path.resolve(root, cxDir);
  const file = `${cxDir.replace(/\/+$/, '')}/tags.jsonl`;
  if (!lines.length) return { file, lines };
  await ensureLine(path.join(dir, '.gitattributes'), TAGS_GITATTRIBUTES_LINE);
  await appendLines(path.join(dir, 'tags.jsonl'), lines);
  return { file, lines };
}

/** `git config user.email` in the workspace, or undefined (no git, not set, not a repository). */
export function gitUserEmail(root: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('git', ['config', 'user.email'], { cwd: root, timeout: 5000, windowsHide: true }, (err, stdout) => {
      const email = err ? '' : String(stdout).trim();
      resolve(email || undefined);
    });
  });
}

/** Who a decision is by: the explicit value, else git's user.email in the workspace, else nobody. */
export async function tagAuthor(root: string, explicit?: string): Promise<string | undefined> {
  return explicit?.trim() || (await gitUserEmail(root));
}

/** What a `tag`/`untag` would do: the links to write, those already so, and why it cannot run. */
export interface TagPlan {
  write: Link[];
  /** References already in the wanted state (tagged for add): nothing to write for them. */
  unchanged: { link: Link; message: string }[];
  /** Unknown feedback or references (a usage error), each with suggestions in the message. */
  unknown: string[];
  /** For remove: references the record is not tagged with. */
  absent: string[];
}

function didYouMean(suggestions: readonly string[]): string {
  return suggestions.length ? ` (did you mean ${suggestions.map((s) => `'${s}'`).join(' or ')}?)` : '';
}

/** Why a link does not resolve in the workspace, or undefined when it does. */
export function unresolvedLink(index: CxIndex, link: Link): string | undefined {
  if ('journey' in link) {
    if (index.resolve(link.journey)) return undefined;
    const components = index.componentList().map((c) => c.component.id);
    const suggestions = closest(link.journey, [...index.allRefs(), ...components.map((c) => `component:${c}`)]);
    return `unknown ${link.journey.includes('/') ? 'step' : 'journey'} '${link.journey}'${didYouMean(suggestions)}`;
  }
  if ('component' in link) {
    if (index.component(link.component)) return undefined;
    const suggestions = closest(link.component, index.componentList().map((c) => c.component.id)).map((c) => `component:${c}`);
    return `unknown component '${link.component}'${didYouMean(suggestions)}`;
  }
  const file = index.sourceFile(link.path);
  if (!file) {
    const suggestions = closest(link.path, [...index.sourceFiles()].map((f) => f.path), 1);
    return `no file '${link.path}' in the workspace${didYouMean(suggestions)}`;
  }
  if (link.lines && link.lines[0] > Math.max(file.lines, 1)) return `'${link.path}' has ${file.lines} line${file.lines === 1 ? '' : 's'}, so no line ${link.lines[0]}`;
  return undefined;
}

/**
 * Checks a tag or untag against the workspace: the record must exist; added references must resolve; a removed one
 * must be among the record's tags (its own links plus the log), and if it is not, resolving tells a typo from a
 * reference the record simply lacks.
 */
export function planTags(index: CxIndex, op: TagDecision['op'], feedbackId: string, links: readonly Link[]): TagPlan {
  const plan: TagPlan = { write: [], unchanged: [], unknown: [], absent: [] };
  const record = index.feedbackRecord(feedbackId);
  if (!record) {
    plan.unknown.push(`no feedback '${feedbackId}' in the workspace${didYouMean(closest(feedbackId, index.feedbackIds()))}`);
    return plan;
  }
  const has = new Set(record.links.map(linkKey));
  const seen = new Set<string>();
  for (const link of links) {
    const key = linkKey(link);
    if (seen.has(key)) continue;
    seen.add(key);
    if (op === 'add') {
      const why = unresolvedLink(index, link);
      if (why) plan.unknown.push(why);
      else if (has.has(key)) plan.unchanged.push({ link, message: `${feedbackId} is already tagged ${formatTagRef(link)}` });
      else plan.write.push(link);
    } else if (has.has(key)) plan.write.push(link);
    else {
      const why = unresolvedLink(index, link);
      if (why) plan.unknown.push(why);
      else {
        const tags = record.links.map(formatTagRef);
        plan.absent.push(`${feedbackId} is not tagged ${formatTagRef(link)} (its tags: ${tags.length ? tags.join(', ') : 'none'})`);
      }
    }
  }
  return plan;
}

/**
 * The decisions that take a record from its `current` tags to the `wanted` ones (the editor's multi-select): an
 * add for each wanted link it lacks, then a remove for each current link no longer wanted, in the order given.
 */
export function tagChangeDecisions(
  feedbackId: string,
  current: readonly Link[],
  wanted: readonly Link[],
  by: string | undefined,
  at: Date | string = new Date(),
): TagDecision[] {
  const has = new Set(current.map(linkKey));
  const keep = new Set(wanted.map(linkKey));
  return [
    ...tagDecisions('add', feedbackId, wanted.filter((l) => !has.has(linkKey(l))), by, at),
    ...tagDecisions('remove', feedbackId, current.filter((l) => !keep.has(linkKey(l))), by, at),
  ];
}

/** The decisions that undo `decisions` on an append-only log: each one inverted, the last first. */
export function inverseDecisions(decisions: readonly TagDecision[], by: string | undefined, at: Date | string = new Date()): TagDecision[] {
  const time = typeof at === 'string' ? at : tagTime(at);
  return [...decisions].reverse().map((d) => ({ op: d.op === 'add' ? 'remove' : 'add', feedback: d.feedback, ref: d.ref, ...(by ? { by } : {}), at: time }));
}
