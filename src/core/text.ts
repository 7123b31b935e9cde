/** Short renderings of figures shared by every surface that prints them: the `cx` CLI, CodeLens, hovers. */
import type { FeedbackItem, MetricView } from './cxIndex';
import type { PeriodStats } from './feedbackStats';

/** `0.382` → `38%`; `–` when there is no figure. */
export function pct(share: number | undefined, digits = 0): string {
  return share === undefined ? '–' : `${(share * 100).toFixed(digits)}%`;
}

/** An integer as is, any other number with `digits` decimals; `–` when there is none. */
export function num(n: number | undefined, digits = 1): string {
  if (n === undefined) return '–';
  return Number.isInteger(n) ? String(n) : n.toFixed(digits);
}

/** A metric's value with its unit: `61.8%`, `1.8 s`. */
export function metricValue(m: Pick<MetricView, 'unit'>, value: number | undefined): string {
  if (value === undefined) return '–';
  const unit = m.unit ?? '';
  return unit === '%' ? `${num(value)}%` : unit ? `${num(value)} ${unit}` : num(value);
}

/** The arrow of a metric's latest change. */
export const TREND_ARROW = { up: '▲', down: '▼', flat: '▶', none: '' } as const;

/** `61.8% (target 65%) ▼`: a metric's latest value, target and trend, without its name. */
export function metricFigure(m: MetricView): string {
  const target = m.target !== undefined ? ` (target ${metricValue(m, m.target)})` : '';
  const arrow = TREND_ARROW[m.trend] ? ` ${TREND_ARROW[m.trend]}` : '';
  return `${metricValue(m, m.latest?.value)}${target}${arrow}`;
}

/** `Checkout conversion 61.8% (target 65%) ▼ off target`. */
export function metricLine(m: MetricView): string {
  return `${m.name} ${metricFigure(m)}${m.offTarget ? ' off target' : ''}`;
}

function change(cur: number | undefined, prev: number | undefined, fmt: (n: number) => string): string {
  if (cur === undefined) return '–';
  if (prev === undefined) return fmt(cur);
  const d = cur - prev;
  return `${fmt(cur)} (${d >= 0 ? '+' : '−'}${fmt(Math.abs(d))})`;
}

/** `3 feedback (1 before) · 33% negative · CSAT 3.0 (+1.0)`. */
export function statsLine(cur: PeriodStats, prev: PeriodStats): string {
  const parts = [`${cur.count} feedback (${prev.count} before)`, `${pct(cur.negativeShare)} negative`];
  if (cur.csat !== undefined) parts.push(`CSAT ${change(cur.csat, prev.csat, (n) => n.toFixed(1))}`);
  if (cur.nps !== undefined) parts.push(`NPS ${change(cur.nps, prev.nps, (n) => n.toFixed(0))}`);
  return parts.join(' · ');
}

/** `“My card was declined twice.” — 2026-11-10 · zendesk · ZD-1 · negative`, on one line. */
export function quote(f: FeedbackItem, width = 100): string {
  const text = f.text.replace(/\s+/g, ' ').trim();
  const short = text.length > width ? `${text.slice(0, width - 1)}…` : text;
  const meta = [f.date.slice(0, 10), f.source, f.id, f.sentiment].filter(Boolean).join(' · ');
  return `“${short}” — ${meta}`;
}

/** The last day a window covers (its end is exclusive). */
export function lastDay(exclusiveEnd: string): string {
  return new Date(Date.parse(exclusiveEnd) - 1).toISOString().slice(0, 10);
}

/**
 * Text as literal Markdown on one line: line breaks fold into spaces and every ASCII punctuation character that
 * CommonMark, HTML, autolinks or icon syntax could read (`*`, `[`, `<`, `&`, `$`, `:`, `@`, …) is backslash-escaped.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_{}[\]()#+\-.!|<>~&:=^$%"'/@;?,]/g, (c) => `\\${c}`);
}
