/** Plain-text rendering of a file's context for the `cx` CLI (coverage reports: core/coverageFormat.ts). */
import type { FileContext, RefContext } from '../core/cxIndex';
import { lastDay, metricLine, quote, statsLine } from '../core/text';

function refBlock(r: RefContext): string[] {
  const out = [`${r.title}${r.health === 'warning' ? '  ⚠ below target' : ''}`];
  const via = r.via.map((v) => (v.kind === 'component' ? `component ${v.id}` : `@cx on line ${v.line + 1}`));
  if (via.length) out.push(`  via: ${via.join(', ')}`);
  if (r.outcome) out.push(`  outcome: ${r.outcome}`);
  if (r.stepId && r.journeyOutcome && r.journeyOutcome !== r.outcome) out.push(`  journey outcome: ${r.journeyOutcome}`);
  if (r.owner) out.push(`  owner: ${r.owner}`);
  for (const m of r.metrics) out.push(`  metric: ${metricLine(m)}`);
  out.push(`  feedback, ${r.stats.window.days} days to ${lastDay(r.stats.window.to)}: ${statsLine(r.stats.current, r.stats.previous)}`);
  for (const f of r.recent) out.push(`  recent: ${quote(f)}`);
  for (const f of r.mostNegative) if (!r.recent.some((x) => x.id === f.id)) out.push(`  negative: ${quote(f)}`);
  return out;
}

export function formatContext(ctx: FileContext): string {
  const out = [ctx.path];
  if (!ctx.refs.length && !ctx.components.length && !ctx.pathFeedback.length) {
    out.push('  no customer context: no component includes this file and it has no @cx annotation.');
    out.push('  Link it: add `// @cx <journey>/<step>` to the file, or a pattern to a component in .cx/components.yaml.');
    return out.join('\n');
  }
  if (ctx.components.length) out.push(`components: ${ctx.components.map((c) => `${c.name} (${c.id}${c.owner ? `, ${c.owner}` : ''})`).join(', ')}`);
  for (const r of ctx.refs) out.push('', ...refBlock(r));
  if (ctx.pathFeedback.length) {
    out.push('', `feedback tagged to this file: ${ctx.pathFeedback.length}`);
    for (const { item, lines } of ctx.pathFeedback.slice(0, 5)) out.push(`  ${lines ? `lines ${lines[0]}–${lines[1]}: ` : ''}${quote(item)}`);
  }
  return out.join('\n');
}
