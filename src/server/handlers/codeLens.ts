/**
 * CodeLens (SPEC §4): at the first line of a file with context its main journey or step, and at each `@cx` line
 * that line's references: `Checkout › Pay · conversion 61.8% (target 65%) ▼ · 42 feedback, 38% negative`. Clicking shows the context.
 */
import type { CodeLens } from 'vscode-languageserver/node';
import type { RefContext } from '../../core/cxIndex';
import type { Range } from '../../core/problems';
import { metricFigure, pct } from '../../core/text';
import type { DocContext } from '../workspace';

/** The client's command a lens runs, with arguments `[uri, ref]`. */
export const SHOW_CONTEXT_COMMAND = 'customerContext.showContext';

/** One line about a reference: its title, the metric that matters most, and the feedback of the window. */
export function lensTitle(r: RefContext): string {
  const parts = [r.title];
  // The metric that matters most: one off target, else the first with a value.
  const metric = r.metrics.find((m) => m.offTarget) ?? r.metrics.find((m) => m.latest);
  if (metric) parts.push(`${metric.id} ${metricFigure(metric)}`);
  const cur = r.stats.current;
  parts.push(cur.count ? `${cur.count} feedback, ${pct(cur.negativeShare)} negative` : `no feedback in ${r.stats.window.days} days`);
  return parts.join(' · ');
}

export function codeLenses(ctx: DocContext): CodeLens[] {
  if (ctx.kind !== undefined) return [];
  const { index } = ctx.snap;
  const context = index.contextOf(ctx.rel);
  const lens = (range: Range, r: RefContext): CodeLens => ({
    range,
    command: { title: lensTitle(r), command: SHOW_CONTEXT_COMMAND, arguments: [ctx.uri, r.ref] },
  });
  const out: CodeLens[] = [];
  // Line 0 shows the main reference among those no `@cx` line already shows (refs come main first), so a file
  // annotated `@cx refunds` that a component ties to checkout/pay shows both, once each.
  const annotated = new Set(context.annotations.flatMap((a) => a.refs));
  const main = context.refs.find((r) => !annotated.has(r.ref));
  if (main) out.push(lens({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, main));
  for (const a of context.annotations) {
    for (const ref of a.refs) {
      const r = context.refs.find((x) => x.ref === ref);
      if (r) out.push(lens(a.range, r));
    }
  }
  return out;
}
