/**
 * Go to definition (a reference → its entry in journeys or components YAML, a path link → the file) and find
 * references (a journey, step or component → component `journeys:` entries, metric `step:`s, `@cx` annotations, and
 * the feedback and tag lines that link to it).
 */
import type { Location, Position } from 'vscode-languageserver/node';
import { LineIndex } from '../../core/problems';
import type { Range } from '../../core/problems';
import type { FolderIndex } from '../folderIndex';
import type { DocContext, ServerWorkspace } from '../workspace';
import { linkSpans, targetAt } from './targets';

export function definition(ws: ServerWorkspace, ctx: DocContext, pos: Position): Location | null {
  const target = targetAt(ctx, pos);
  if (!target) return null;
  const { index } = ctx.snap;
  if (target.kind === 'path') {
    const line = target.lines ? target.lines[0] - 1 : 0;
    const at = { line, character: 0 };
    return { uri: ws.uriOf(ctx.folder, target.path), range: { start: at, end: at } };
  }
  const loc = target.kind === 'ref' ? index.definition(target.ref) : index.component(target.id)?.idLoc;
  return loc ? { uri: ws.uriOf(ctx.folder, loc.file), range: loc.range } : null;
}

/** Reads the files references are in, once each per request. */
class Texts {
  private readonly cache = new Map<string, LineIndex | undefined>();

  constructor(private readonly folder: FolderIndex) {}

  async lines(rel: string): Promise<LineIndex | undefined> {
    if (!this.cache.has(rel)) {
      const text = await this.folder.textOf(rel);
      this.cache.set(rel, text === undefined ? undefined : new LineIndex(text));
    }
    return this.cache.get(rel);
  }
}

/** Narrows a range to where `needle` is written inside it (a journey id inside `checkout/pay`, a value inside quotes). */
function narrow(lines: LineIndex | undefined, range: Range, needle: string): Range {
  if (!lines) return range;
  const text = lines.lineText(range.start.line);
  const at = text.indexOf(needle, range.start.character);
  const limit = range.end.line === range.start.line ? range.end.character : text.length;
  if (at < 0 || at + needle.length > limit) return range;
  return { start: { line: range.start.line, character: at }, end: { line: range.start.line, character: at + needle.length } };
}

export async function references(ws: ServerWorkspace, ctx: DocContext, pos: Position, includeDeclaration: boolean): Promise<Location[]> {
  const target = targetAt(ctx, pos);
  if (!target || target.kind === 'path') return [];
  const { index, data } = ctx.snap;
  const texts = new Texts(ctx.folder);
  const found: { file: string; range: Range }[] = [];

  if (target.kind === 'component') {
    const id = target.id;
    const def = index.component(id)?.idLoc;
    if (includeDeclaration && def) found.push(def);
    const lines: { file: string; line: number }[] = [];
    data.feedback.forEachLinked((links, file, line) => {
      if (links.some((l) => 'component' in l && l.component === id)) lines.push({ file, line });
    });
    for (const t of data.tags) if ('component' in t.value.ref && t.value.ref.component === id) lines.push(t);
    found.push(...(await linkLocations(texts, lines, 'component', (v) => (v === id ? v : undefined))));
  } else {
    const ref = target.ref;
    const isJourney = !ref.includes('/');
    // What of a written reference refers to the target: all of it, or (for a journey) the journey part of a step.
    const part = (written: string): string | undefined =>
      written === ref ? written : isJourney && written.startsWith(`${ref}/`) ? ref : undefined;
    const def = index.definition(ref);
    if (includeDeclaration && def) found.push(def);
    for (const c of index.componentList()) {
      for (const [i, loc] of c.journeyRefLocs.entries()) {
        const p = part(c.component.journeys[i] ?? '');
        if (p) found.push({ file: loc.file, range: narrow(await texts.lines(loc.file), loc.range, p) });
      }
    }
    if (!isJourney) {
      for (const j of index.journeyList()) {
        for (const m of j.metrics) {
          if (m.stepLoc && `${j.journey.id}/${m.metric.step}` === ref) {
            found.push({ file: m.stepLoc.file, range: narrow(await texts.lines(m.stepLoc.file), m.stepLoc.range, m.metric.step!) });
          }
        }
      }
    }
    for (const s of index.sourceFiles()) {
      for (const a of s.annotations) {
        for (const r of a.refs) {
          const p = part(r.ref);
          if (p) found.push({ file: s.path, range: { start: r.range.start, end: { line: r.range.start.line, character: r.range.start.character + p.length } } });
        }
      }
    }
    const lines: { file: string; line: number }[] = [];
    data.feedback.forEachLinked((links, file, line) => {
      if (links.some((l) => 'journey' in l && part(l.journey))) lines.push({ file, line });
    });
    for (const t of data.tags) if ('journey' in t.value.ref && part(t.value.ref.journey)) lines.push(t);
    found.push(...(await linkLocations(texts, lines, 'journey', part)));
  }

  const seen = new Set<string>();
  const out: Location[] = [];
  for (const f of found) {
    const key = `${f.file}:${f.range.start.line}:${f.range.start.character}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ uri: ws.uriOf(ctx.folder, f.file), range: f.range });
  }
  return out;
}

/** The link values on feedback and tag lines that refer to the target, narrowed to `part` of each value. */
async function linkLocations(
  texts: Texts,
  lines: readonly { file: string; line: number }[],
  key: 'journey' | 'component',
  part: (value: string) => string | undefined,
): Promise<{ file: string; range: Range }[]> {
  const out: { file: string; range: Range }[] = [];
  for (const { file, line } of lines) {
    const text = (await texts.lines(file))?.lineText(line) ?? '';
    for (const s of linkSpans(text)) {
      const p = s.key === key ? part(s.value) : undefined;
      if (p) out.push({ file, range: { start: { line, character: s.start }, end: { line, character: s.start + p.length } } });
    }
  }
  return out;
}
