/**
 * Hover on a journey/step reference or definition, or a component: title, outcome, owner, metrics, the built-in
 * feedback figures and three recent quotes, as Markdown. Every string from `.cx/` is untrusted customer or team
 * text: it is escaped, and the result is never marked trusted (no command links, no HTML).
 */
import { MarkupKind } from 'vscode-languageserver/node';
import type { Hover, Position } from 'vscode-languageserver/node';
import type { CxIndex, FeedbackItem, MetricView, RefContext } from '../../core/cxIndex';
import type { FeedbackStats } from '../../core/feedbackStats';
import { escapeMarkdown, lastDay, metricValue, quote, statsLine, TREND_ARROW } from '../../core/text';
import type { DocContext } from '../workspace';
import { targetAt } from './targets';

/** An id as inline code: ids are `[a-z0-9-/]`, but a written (unknown) one could hold a backtick. */
function code(id: string): string {
  return /^[\w./-]+$/.test(id) ? `\`${id}\`` : escapeMarkdown(id);
}

export function hover(ctx: DocContext, pos: Position): Hover | null {
  const target = targetAt(ctx, pos);
  if (!target) return null;
  const { index } = ctx.snap;
  let value: string | undefined;
  if (target.kind === 'ref' && index.resolve(target.ref)) value = refMarkdown(index.refContext(target.ref));
  else if (target.kind === 'component' && index.component(target.id)) value = componentMarkdown(index, target.id);
  if (value === undefined) return null;
  return { contents: { kind: MarkupKind.Markdown, value }, range: target.range };
}

function metricTable(metrics: readonly MetricView[]): string[] {
  if (!metrics.length) return [];
  const rows = metrics.map((m) => {
    const latest = m.latest ? `${escapeMarkdown(metricValue(m, m.latest.value))} (${m.latest.date})` : '–';
    const target = m.target !== undefined ? escapeMarkdown(metricValue(m, m.target)) : '–';
    const trend = `${TREND_ARROW[m.trend] || '–'}${m.offTarget ? ' off target' : m.offTarget === false ? ' on target' : ''}`;
    return `| ${escapeMarkdown(m.name)} | ${latest} | ${target} | ${trend} |`;
  });
  return ['| Metric | Latest | Target | Trend |', '| --- | ---: | ---: | :---: |', ...rows, ''];
}

function feedbackLines(stats: FeedbackStats, quotes: readonly FeedbackItem[]): string[] {
  const out = [`**Feedback**, ${stats.window.days} days to ${lastDay(stats.window.to)}: ${escapeMarkdown(statsLine(stats.current, stats.previous))}`, ''];
  for (const f of quotes.slice(0, 3)) out.push(`> ${escapeMarkdown(quote(f, 160))}`, '');
  return out;
}

export function refMarkdown(r: RefContext): string {
  const out = [`**${escapeMarkdown(r.title)}** ${code(r.ref)}${r.health === 'warning' ? ' — ⚠ a metric is off target' : ''}`, ''];
  if (r.outcome) out.push(escapeMarkdown(r.outcome), '');
  if (r.stepId && r.journeyOutcome && r.journeyOutcome !== r.outcome) out.push(`*${escapeMarkdown(r.journeyName)}:* ${escapeMarkdown(r.journeyOutcome)}`, '');
  if (r.owner) out.push(`Owner: ${escapeMarkdown(r.owner)}`, '');
  out.push(...metricTable(r.metrics), ...feedbackLines(r.stats, r.recent));
  return out.join('\n').trimEnd();
}

function componentMarkdown(index: CxIndex, id: string): string {
  const c = index.component(id)!.component;
  const out = [`**${escapeMarkdown(c.name ?? id)}** ${code(id)}`, ''];
  if (c.description) out.push(escapeMarkdown(c.description), '');
  if (c.owner) out.push(`Owner: ${escapeMarkdown(c.owner)}`, '');
  const serves = c.journeys.map((ref) => {
    const r = index.resolve(ref);
    const title = r ? (r.kind === 'step' ? `${r.journey.journey.name} › ${r.step.name}` : r.journey.journey.name) : undefined;
    return title ? `${escapeMarkdown(title)} (${code(ref)})` : `${code(ref)} (unknown)`;
  });
  out.push(serves.length ? `Serves: ${serves.join(', ')}` : 'Serves no journey yet.', '');
  const files = index.filesOf(id).length;
  out.push(`${files} file${files === 1 ? '' : 's'}`, '');
  const recent = index.queryFeedback({ ref: id, limit: 3 }).items;
  out.push(...feedbackLines(index.statsOf({ ref: id }), recent));
  return out.join('\n').trimEnd();
}
