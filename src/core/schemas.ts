/**
 * The `.cx/` data model (SPEC §2), one zod schema per record kind; the types are inferred from them.
 * Object schemas strip unknown keys: loaders warn about those separately, so a typo never rejects a whole entry.
 */
import * as z from 'zod';

export const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

const id = z.string().regex(ID_PATTERN, 'must be lower-case letters, digits and dashes, starting with a letter or digit');
const text = z.string().min(1, 'must not be empty');

/** ISO 8601 date (`2026-11-02`) or date-time (`2026-11-02T09:14:00Z`). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/, {
    message: 'must be an ISO 8601 date such as 2026-11-02 or 2026-11-02T09:14:00Z',
    abort: true,
  })
  .refine((s) => !Number.isNaN(Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s)), 'is not a real calendar date');

/** A metric a journey is measured by; its series lives in `.cx/metrics/*.csv` under `journey.metric`. */
export const MetricDef = z.object({
  id,
  name: text,
  unit: z.string().optional(),
  target: z.number().optional(),
  better: z.enum(['higher', 'lower']).default('higher'),
  /** A step of the same journey the metric belongs to. */
  step: z.string().optional(),
  description: z.string().optional(),
});
export type MetricDef = z.infer<typeof MetricDef>;

export const Step = z.object({
  id,
  name: text,
  outcome: z.string().optional(),
  description: z.string().optional(),
});
export type Step = z.infer<typeof Step>;

export const Journey = z.object({
  id,
  name: text,
  outcome: z.string().optional(),
  owner: z.string().optional(),
  description: z.string().optional(),
  steps: z.array(Step).default([]),
  metrics: z.array(MetricDef).default([]),
});
export type Journey = z.infer<typeof Journey>;

export const JourneysFile = z.object({ journeys: z.array(z.unknown()).default([]) });

/** A path pattern longer than this is refused: no real path is, and matching a huge one against every file is slow. */
export const MAX_PATTERN_LENGTH = 4096;

export const Component = z.object({
  id,
  name: z.string().optional(),
  owner: z.string().optional(),
  description: z.string().optional(),
  /** CODEOWNERS-syntax patterns relative to the workspace folder; the last match decides, `!` excludes. */
  paths: z.array(z.string().min(1, 'a pattern must not be empty').max(MAX_PATTERN_LENGTH, `a pattern must be at most ${MAX_PATTERN_LENGTH} characters`)).default([]),
  /** `journey` or `journey/step` references. */
  journeys: z.array(z.string()).default([]),
});
export type Component = z.infer<typeof Component>;

export const ComponentsFile = z.object({ components: z.array(z.unknown()).default([]) });

/** Keys each YAML entry kind knows, for "unknown key" warnings. */
export const KNOWN_KEYS = {
  journeysFile: Object.keys(JourneysFile.shape),
  componentsFile: Object.keys(ComponentsFile.shape),
  journey: Object.keys(Journey.shape),
  step: Object.keys(Step.shape),
  metric: Object.keys(MetricDef.shape),
  component: Object.keys(Component.shape),
} as const;

const scoreOf = <T extends string>(type: T, min: number, max: number) =>
  z.object({
    type: z.literal(type),
    value: z.number().min(min, `must be from ${min} to ${max} for ${type}`).max(max, `must be from ${min} to ${max} for ${type}`),
  });

/** A survey or rating score: csat 1–5, nps 0–10, ces 1–7, rating 1–5. */
export const Score = z.discriminatedUnion('type', [
  scoreOf('csat', 1, 5),
  scoreOf('nps', 0, 10),
  scoreOf('ces', 1, 7),
  scoreOf('rating', 1, 5),
]);
export type Score = z.infer<typeof Score>;

export const Sentiment = z.enum(['positive', 'neutral', 'negative']);
export type Sentiment = z.infer<typeof Sentiment>;

const lineRange = z
  .tuple([z.number().int().min(1), z.number().int().min(1)])
  .refine(([a, b]) => a <= b, 'lines must be [first, last] with first ≤ last');

/** A reference from feedback or a tag to what it is about. */
export const Link = z.union([
  z.object({ journey: z.string().min(1) }).strict(),
  z.object({ component: z.string().min(1) }).strict(),
  z.object({ path: z.string().min(1), lines: lineRange.optional() }).strict(),
]);
export type Link = z.infer<typeof Link>;

export const httpUrl = z
  .string()
  .refine((s) => /^https?:\/\//i.test(s) && URL.canParse(s), 'url must be an http or https address');

/** One customer voice: a ticket, a survey answer, a review, an interview note. */
export const FeedbackRecord = z.object({
  id: z.string().min(1, 'id must not be empty'),
  date: isoDate,
  text: z.string(),
  source: z.string().optional(),
  title: z.string().optional(),
  score: Score.optional(),
  sentiment: Sentiment.optional(),
  segment: z.string().optional(),
  url: httpUrl.optional(),
  links: z.array(Link).default([]),
});
export type FeedbackRecord = z.infer<typeof FeedbackRecord>;

/** One line of `.cx/tags.jsonl`. */
export const TagDecision = z.object({
  op: z.enum(['add', 'remove']),
  feedback: z.string().min(1),
  ref: Link,
  by: z.string().optional(),
  at: isoDate,
});
export type TagDecision = z.infer<typeof TagDecision>;

/** One row of a `.cx/metrics/*.csv` series. */
export const MetricPoint = z.object({
  metric: z.string().regex(/^[a-z0-9][a-z0-9-]*\.[a-z0-9][a-z0-9-]*$/, 'metric must be journey.metric, e.g. checkout.conversion'),
  date: isoDate,
  value: z.number(),
  segment: z.string().optional(),
});
export type MetricPoint = z.infer<typeof MetricPoint>;

/** The sentiment a record carries: its own, else derived from its score. */
export function sentimentOf(record: Pick<FeedbackRecord, 'sentiment' | 'score'>): Sentiment | undefined {
  if (record.sentiment) return record.sentiment;
  const s = record.score;
  if (!s) return undefined;
  switch (s.type) {
    case 'nps':
      return s.value >= 9 ? 'positive' : s.value >= 7 ? 'neutral' : 'negative';
    case 'csat':
    case 'rating':
      return s.value >= 4 ? 'positive' : s.value === 3 ? 'neutral' : 'negative';
    case 'ces':
      return s.value >= 5 ? 'positive' : s.value === 4 ? 'neutral' : 'negative';
  }
}
