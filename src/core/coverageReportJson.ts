/**
 * `cx coverage --format json`: the coverage report as a stable, versioned document for CI scripts and dashboards.
 * The zod schema below is its documentation and its contract: every field is listed (unknown fields are rejected),
 * `version` changes only when a field changes meaning or goes away; new optional fields may appear within a version.
 */
import * as z from 'zod/mini';
import './zodLocale';
import type { CoverageReport } from './coverage';

export const COVERAGE_JSON_VERSION = 1;

const count = z.number().check(z.int(), z.minimum(0));
/** 0–1. */
const fraction = z.number().check(z.minimum(0), z.maximum(1));
const isoDateTime = z.iso.datetime();

/** Linked out of total, and the share (0–1; 0 when the total is 0). */
const Share = z.strictObject({ total: count, linked: count, share: fraction });

const FileCoverage = z.strictObject({
  /** Workspace-relative, `/`-separated. */
  path: z.string(),
  lines: count,
  /** Journey and step references the file serves, by its components and its `@cx` annotations. */
  refs: z.array(z.string()),
  /** Components whose patterns include the file. */
  components: z.array(z.string()),
  /** Feedback records tagged to the file or to one of its components, each once. */
  feedback: count,
  negative: count,
});

/** A folder (with `children`) or a file (without) of the treemap. Folder figures sum its files; feedback counts each record once. */
const TreeNode = z.strictObject({
  /** Last path segment; `''` for the workspace folder. */
  name: z.string(),
  /** Workspace-relative; `''` for the workspace folder. */
  path: z.string(),
  lines: count,
  files: count,
  linkedFiles: count,
  linkedLines: count,
  feedback: count,
  negative: count,
  get children() {
    return z.optional(z.array(TreeNode));
  },
});

const Filter = z.strictObject({ journey: z.optional(z.string()), owner: z.optional(z.string()), folder: z.optional(z.string()) });

const Changes = z.strictObject({
  /** The revision as given to `--since`. */
  since: z.string(),
  /** Changed source files (committed since the merge base with REV, staged, unstaged or untracked). */
  files: z.array(FileCoverage),
  /** Changed paths that are not source files now: deleted, binary, ignored, `.cx/` data. */
  other: z.array(z.string()),
  /** Journeys the changed files serve. */
  journeys: z.array(z.strictObject({ ref: z.string(), name: z.string(), refs: z.array(z.string()), files: z.array(z.string()) })),
  /** Changed files that serve no journey. */
  withoutJourney: z.array(z.string()),
});

export const CoverageReportJson = z.strictObject({
  /** Format version: 1. */
  version: z.literal(COVERAGE_JSON_VERSION),
  generatedAt: isoDateTime,
  /** The built-in metrics' window, which `journeys[].negativeShare` covers; `to` is exclusive. */
  window: z.strictObject({ days: count, from: isoDateTime, to: isoDateTime }),
  /** Present when the report was filtered (the Coverage Map's filters). */
  filter: z.optional(Filter),
  /** Source files that serve at least one journey or step. */
  files: Share,
  /** Lines of those files. */
  lines: Share,
  /** Feedback records with at least one tag (workspace-wide, also when filtered). */
  feedback: z.strictObject({ total: count, tagged: count, share: fraction }),
  tree: TreeNode,
  matrix: z.strictObject({
    journeys: z.array(z.string()),
    components: z.array(z.string()),
    /** Pairs where the component lists the journey or one of its steps. */
    cells: z.array(z.strictObject({ journey: z.string(), component: z.string(), files: count, feedback: count, negative: count })),
  }),
  journeysWithoutCode: z.array(z.strictObject({ ref: z.string(), name: z.string() })),
  componentsWithoutJourney: z.array(z.strictObject({ id: z.string(), name: z.string(), owner: z.optional(z.string()), files: count })),
  /** Ranked: negative count, then negative share, then total feedback. */
  negativeFilesWithoutJourney: z.array(z.strictObject({ path: z.string(), negative: count, feedback: count, negativeShare: fraction })),
  /** One-based line and column. */
  unknownAnnotations: z.array(
    z.strictObject({ path: z.string(), line: z.number().check(z.int(), z.minimum(1)), column: z.number().check(z.int(), z.minimum(1)), ref: z.string(), suggestions: z.array(z.string()) }),
  ),
  /** `feedback`: all time; `negativeShare`: over `window`, absent with no feedback in it. */
  journeys: z.array(
    z.strictObject({
      ref: z.string(),
      name: z.string(),
      owner: z.optional(z.string()),
      files: count,
      components: z.array(z.string()),
      feedback: count,
      negativeShare: z.optional(fraction),
    }),
  ),
  components: z.array(
    z.strictObject({
      id: z.string(),
      name: z.string(),
      owner: z.optional(z.string()),
      /** The existing journeys and steps it lists. */
      journeys: z.array(z.string()),
      files: count,
      linkedFiles: count,
      feedback: count,
      negative: count,
    }),
  ),
  owners: z.array(
    z.strictObject({ owner: z.string(), components: z.array(z.string()), files: count, linkedFiles: count, share: fraction, lines: count, linkedLines: count }),
  ),
  perFile: z.array(FileCoverage),
  /** What each feedback record is tagged to (no text), so the report can be filtered again. */
  feedbackLinks: z.array(
    z.strictObject({ id: z.string(), negative: z.boolean(), journeys: z.array(z.string()), components: z.array(z.string()), paths: z.array(z.string()) }),
  ),
  changes: z.optional(Changes),
});
export type CoverageReportJson = z.infer<typeof CoverageReportJson>;

/** The report as the versioned JSON document, fields in a fixed order. */
export function coverageToJson(report: CoverageReport): CoverageReportJson {
  const doc: CoverageReportJson = {
    version: COVERAGE_JSON_VERSION,
    generatedAt: report.generatedAt,
    window: report.window,
    ...(report.filter ? { filter: report.filter } : {}),
    files: report.files,
    lines: report.lines,
    feedback: report.feedback,
    tree: report.tree,
    matrix: report.matrix,
    journeysWithoutCode: report.journeysWithoutCode,
    componentsWithoutJourney: report.componentsWithoutJourney,
    negativeFilesWithoutJourney: report.negativeFilesWithoutJourney,
    unknownAnnotations: report.unknownAnnotations,
    journeys: report.journeys,
    components: report.components,
    owners: report.owners,
    perFile: report.perFile,
    feedbackLinks: report.feedbackLinks,
    ...(report.changes ? { changes: report.changes } : {}),
  };
  return doc;
}

export function formatCoverageJson(report: CoverageReport): string {
  return JSON.stringify(coverageToJson(report), null, 2);
}

/** Reads a `cx coverage --format json` document back into a report (e.g. to filter it); throws on any mismatch. */
export function parseCoverageJson(text: string): CoverageReport {
  const { version: _version, ...report } = CoverageReportJson.parse(JSON.parse(text));
  return report as CoverageReport;
}
