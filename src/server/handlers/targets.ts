/**
 * What the cursor is on: a journey or step reference (in an `@cx` annotation, a component's `journeys:`, a metric's
 * `step:`, a feedback or tag link) or its definition in journeys YAML, a component id, or a file path in a link.
 * Hover, definition, references and code actions all start here.
 */
import { scanAnnotations } from '../../core/annotations';
import type { Position, Range } from '../../core/problems';
import type { DocContext } from '../workspace';

export type Target =
  | { kind: 'ref'; ref: string; range: Range; declaration: boolean }
  | { kind: 'component'; id: string; range: Range; declaration: boolean }
  | { kind: 'path'; path: string; lines?: [number, number]; range: Range };

export function contains(range: Range, pos: Position): boolean {
  const after = pos.line > range.start.line || (pos.line === range.start.line && pos.character >= range.start.character);
  const before = pos.line < range.end.line || (pos.line === range.end.line && pos.character <= range.end.character);
  return after && before;
}

/** A `"journey": "…"`, `"component": "…"` or `"path": "…"` pair on a JSONL line or in a CSV cell (quotes doubled). */
export interface LinkSpan {
  key: 'journey' | 'component' | 'path';
  value: string;
  /** Columns of the value, without its quotes. */
  start: number;
  end: number;
}

const LINK = /("{1,2})(journey|component|path)\1\s*:\s*("{1,2})((?:[^"\\]|\\.)*)\3/g;

export function linkSpans(line: string): LinkSpan[] {
  const out: LinkSpan[] = [];
  for (const m of line.matchAll(LINK)) {
    const value = m[4]!;
    const start = m.index + m[0].length - m[3]!.length - value.length;
    out.push({ key: m[2] as LinkSpan['key'], value, start, end: start + value.length });
  }
  return out;
}

/** The `lines` of a path link on the same line, as written after it (`"lines":[40,62]`). */
function linesAfter(line: string, from: number): [number, number] | undefined {
  const m = /^[^{}]*?"{1,2}lines"{1,2}\s*:\s*\[\s*(\d+)\s*,\s*(\d+)\s*\]/.exec(line.slice(from));
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

export function targetAt(ctx: DocContext, pos: Position): Target | undefined {
  const { index } = ctx.snap;
  switch (ctx.kind) {
    case undefined: {
      for (const a of scanAnnotations(ctx.text)) {
        if (a.line !== pos.line) continue;
        for (const r of a.refs) if (contains(r.range, pos)) return { kind: 'ref', ref: r.ref, range: r.range, declaration: false };
      }
      return undefined;
    }
    case 'journeys': {
      for (const j of index.journeyList()) {
        if (j.idLoc.file !== ctx.rel) continue;
        const id = j.journey.id;
        if (contains(j.idLoc.range, pos)) return { kind: 'ref', ref: id, range: j.idLoc.range, declaration: true };
        for (const s of j.steps) {
          if (contains(s.idLoc.range, pos)) return { kind: 'ref', ref: `${id}/${s.step.id}`, range: s.idLoc.range, declaration: true };
        }
        for (const m of j.metrics) {
          if (m.stepLoc && m.metric.step && contains(m.stepLoc.range, pos)) {
            return { kind: 'ref', ref: `${id}/${m.metric.step}`, range: m.stepLoc.range, declaration: false };
          }
        }
      }
      return undefined;
    }
    case 'components': {
      for (const c of index.componentList()) {
        if (c.idLoc.file !== ctx.rel) continue;
        if (contains(c.idLoc.range, pos)) return { kind: 'component', id: c.component.id, range: c.idLoc.range, declaration: true };
        for (const [i, loc] of c.journeyRefLocs.entries()) {
          const ref = c.component.journeys[i];
          if (ref !== undefined && contains(loc.range, pos)) return { kind: 'ref', ref, range: loc.range, declaration: false };
        }
      }
      return undefined;
    }
    case 'feedback':
    case 'tags': {
      const line = ctx.lines.lineText(pos.line);
      for (const s of linkSpans(line)) {
        if (pos.character < s.start || pos.character > s.end) continue;
        const range = { start: { line: pos.line, character: s.start }, end: { line: pos.line, character: s.end } };
        if (s.key === 'journey') return { kind: 'ref', ref: s.value, range, declaration: false };
        if (s.key === 'component') return { kind: 'component', id: s.value, range, declaration: false };
        const lines = linesAfter(line, s.end);
        return { kind: 'path', path: s.value, range, ...(lines ? { lines } : {}) };
      }
      return undefined;
    }
    default:
      return undefined;
  }
}
