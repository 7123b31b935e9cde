/** The built-in feedback metrics (SPEC §2 Metrics): count, share negative, CSAT and NPS over a window vs the one before. */
import type { Score, Sentiment } from './schemas';

/** The part of a feedback record the statistics read. */
export interface StatInput {
  time: number;
  sentiment: Sentiment | undefined;
  score: Score | undefined;
}

export interface Window {
  /** Inclusive start, ISO date-time. */
  from: string;
  /** Exclusive end, ISO date-time. */
  to: string;
  days: number;
}

export interface PeriodStats {
  count: number;
  negative: number;
  /** negative / count, 0–1; undefined with no feedback. */
  negativeShare: number | undefined;
  /** Mean of csat scores (1–5). */
  csat: number | undefined;
  csatCount: number;
  /** % promoters (9–10) minus % detractors (0–6), -100–100. */
  nps: number | undefined;
  npsCount: number;
}

export interface FeedbackStats {
  window: Window;
  current: PeriodStats;
  previous: PeriodStats;
  /** All time, for totals. */
  total: number;
}

const DAY = 86_400_000;

export function windowEndingAt(end: number, days: number): { current: [number, number]; previous: [number, number]; window: Window } {
  const from = end - days * DAY;
  return {
    current: [from, end],
    previous: [from - days * DAY, from],
    window: { from: new Date(from).toISOString(), to: new Date(end).toISOString(), days },
  };
}

function period(items: readonly StatInput[], [from, to]: [number, number]): PeriodStats {
  let count = 0;
  let negative = 0;
  let csatSum = 0;
  let csatCount = 0;
  let promoters = 0;
  let detractors = 0;
  let npsCount = 0;
  for (const f of items) {
    if (f.time < from || f.time >= to) continue;
    count++;
    if (f.sentiment === 'negative') negative++;
    if (f.score?.type === 'csat') {
      csatSum += f.score.value;
      csatCount++;
    } else if (f.score?.type === 'nps') {
      npsCount++;
      if (f.score.value >= 9) promoters++;
      else if (f.score.value <= 6) detractors++;
    }
  }
  return {
    count,
    negative,
    negativeShare: count ? negative / count : undefined,
    csat: csatCount ? csatSum / csatCount : undefined,
    csatCount,
    nps: npsCount ? ((promoters - detractors) / npsCount) * 100 : undefined,
    npsCount,
  };
}

/** Statistics of `items` over the `days` before `end` and the `days` before that. */
export function feedbackStats(items: readonly StatInput[], end: number, days: number): FeedbackStats {
  const w = windowEndingAt(end, days);
  return { window: w.window, current: period(items, w.current), previous: period(items, w.previous), total: items.length };
}
