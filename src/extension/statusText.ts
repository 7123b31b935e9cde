/**
 * What the status bar item says about a file (pure, so it is tested without VS Code): its main journey or step and
 * its health, and a Markdown tooltip with the outcome, metrics and feedback. Every string from `.cx/` and every
 * customer's word is untrusted: escaped for Markdown and for `$(icon)` syntax, never rendered as HTML.
 */
import type { RefContext } from '../core/cxIndex';
import { escapeMarkdown, lastDay, metricLine, pct, statsLine } from '../core/text';
import type { FileContextResult } from '../protocol/lsp';

export interface StatusView {
  /** `$(person) Checkout › Pay +1 $(warning)`. */
  text: string;
  /** Markdown, escaped; for a MarkdownString that is not trusted and supports no HTML. */
  tooltip: string;
  /** A metric of a journey or step the file serves misses its target. */
  warning: boolean;
  /** The main reference, which the click shows first. */
  ref: string;
}

/** Escapes `$(name)` so that text from `.cx/` never renders as an icon in labels that support them. */
export function escapeIcons(text: string): string {
  return text.replace(/\$\(/g, '\\$(');
}

/** `Feedback, 30 days to 2026-11-18: 3 feedback (1 before) · 33% negative · CSAT 3.0`. */
function feedbackLine(r: RefContext): string {
  const { window: w, current, previous } = r.stats;
  if (!current.count && !previous.count) return `No feedback in the ${w.days} days to ${lastDay(w.to)}`;
  return `Feedback, ${w.days} days to ${lastDay(w.to)}: ${statsLine(current, previous)}`;
}

/** The status bar item for a file, or undefined to hide it: no folder with `.cx/`, or no journey. */
export function statusView(result: FileContextResult): StatusView | undefined {
  const main = result?.refs[0];
  if (!result || !main) return undefined;
  const warning = result.health === 'warning';
  const more = result.refs.length > 1 ? ` +${result.refs.length - 1}` : '';
  const text = `$(person) ${escapeIcons(main.title)}${more}${warning ? ' $(warning)' : ''}`;

  const md: string[] = [];
  md.push(`**${escapeMarkdown(main.title)}**${main.health === 'warning' ? ' — ⚠ below target' : ''}`);
  if (main.outcome) md.push('', `*Outcome:* ${escapeMarkdown(main.outcome)}`);
  md.push('');
  for (const m of main.metrics) md.push(`- ${m.offTarget ? '⚠ ' : ''}${escapeMarkdown(metricLine(m))}`);
  md.push(`- ${escapeMarkdown(feedbackLine(main))}`);
  if (main.owner) md.push('', `Owner: ${escapeMarkdown(main.owner)}`);
  const others = result.refs.slice(1);
  if (others.length) {
    md.push('', `Also serves: ${others.map((r) => `${escapeMarkdown(r.title)}${r.health === 'warning' ? ' ⚠' : ''}`).join(', ')}`);
  }
  if (result.pathFeedback.length) {
    const negative = result.pathFeedback.filter((f) => f.item.sentiment === 'negative').length;
    md.push('', `${result.pathFeedback.length} feedback tagged to this file, ${pct(negative / result.pathFeedback.length)} negative`);
  }
  md.push('', 'Click to show the context.');
  return { text, tooltip: md.join('\n'), warning, ref: main.ref };
}
