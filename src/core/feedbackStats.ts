/** The built-in feedback metrics (SPEC §2 Metrics): count, share negative, CSAT and NPS over a window vs the one before. */

/** What the statistics read of the records, by `seq` (see `Folded`). */
export interface StatColumns {
  time: Float64Array;
  /** `SENTIMENT_CODES`: 3 is negative. */
  sentiment: Uint8Array;
  /** `SCORE_TYPES`: 1 is csat, 2 is nps. */
  scoreType: Uint8Array;
  scoreValue: Float64Array;
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

function period(seqs: ArrayLike<number>, c: StatColumns, [from, to]: [number, number]): PeriodStats {
  let count = 0;
  let negative = 0;
  let csatSum = 0;
  let csatCount = 0;
  let promoters = 0;
  let detractors = 0;
  let npsCount = 0;
  for (let i = 0; i < seqs.length; i++) {
    const seq = seqs[i]!;
    const time = c.time[seq]!;
    if (time < from || time >= to) continue;
    count++;
    if (c.sentiment[seq] === 3) negative++;
    const type = c.scoreType[seq];
    if (type === 1) {
      csatSum += c.scoreValue[seq]!;
      csatCount++;
    } else if (type === 2) {
      npsCount++;
      const value = c.scoreValue[seq]!;
      if (value >= 9) promoters++;
      else if (value <= 6) detractors++;
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

/** Statistics of the records `seqs` over the `days` before `end` and the `days` before that. */
export function feedbackStats(seqs: ArrayLike<number>, columns: StatColumns, end: number, days: number): FeedbackStats {
  const w = windowEndingAt(end, days);
  return { window: w.window, current: period(seqs, columns, w.current), previous: period(seqs, columns, w.previous), total: seqs.length };
}
