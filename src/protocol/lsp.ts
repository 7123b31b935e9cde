/**
 * Every custom LSP message between the extension (client) and the language server, declared once. Each has a
 * literal method name and says which way it travels; both sides import these constants and types, and each side
 * validates what it receives with the zod schema. The schemas are `zod/mini`: the extension's entry bundle
 * validates the server's notifications and carries no more of zod than they use.
 */
import * as z from 'zod/mini';
import '../core/zodLocale';
import type { CoverageReport } from '../core/coverage';
import type { CoverageView } from '../core/coverageView';
import type { FeedbackPage, FileContext } from '../core/cxIndex';
import type { AnnotatedFile, Outline } from '../core/outline';

/** Identifies a file by its document URI (`file:///…`), as LSP does. */
export const FileContextParams = z.object({ uri: z.string() });
export type FileContextParams = z.infer<typeof FileContextParams>;

/** The context of a file, or null when the file is in no workspace folder with a `.cx/`. */
export type FileContextResult = (FileContext & { workspaceFolder: string }) | null;

/** client → server: the customer context of a file (SPEC §3). */
export const FileContextRequest = { method: 'customerContext/fileContext' } as const;

/** A subset of a coverage report (see `filterCoverage`); absent means all. */
export const CoverageFilter = z.object({
  journey: z.optional(z.string().check(z.maxLength(300))),
  owner: z.optional(z.string().check(z.maxLength(300))),
  folder: z.optional(z.string().check(z.maxLength(4096))),
});
export type CoverageFilter = z.infer<typeof CoverageFilter>;

export const CoverageParams = z.object({
  /** The workspace folder URI; the first folder with a `.cx/` when absent. */
  folder: z.optional(z.string()),
  /** The report filtered, as `cx coverage --journey/--owner/--folder` filters it. */
  filter: z.optional(CoverageFilter),
});
export type CoverageParams = z.infer<typeof CoverageParams>;
export type CoverageResult = (CoverageReport & { workspaceFolder: string }) | null;

/** client → server: the coverage report of a workspace folder. */
export const CoverageRequest = { method: 'customerContext/coverage' } as const;

/** The folder and the filters on screen, as `CoverageParams`. */
export const CoverageMapParams = CoverageParams;
export type CoverageMapParams = CoverageParams;
export type CoverageMapResult = (CoverageView & { workspaceFolder: string }) | null;

/** client → server: what the Coverage Map draws of a folder's coverage report, filtered and cut to size. */
export const CoverageMapRequest = { method: 'customerContext/coverageMap' } as const;

export const FeedbackParams = z.object({
  folder: z.optional(z.string()),
  /** Feedback about this file (by URI): tagged to it or to what it serves. */
  uri: z.optional(z.string()),
  ref: z.optional(z.string()),
  untagged: z.optional(z.boolean()),
  /** Only records with at least one tag. */
  tagged: z.optional(z.boolean()),
  source: z.optional(z.array(z.string())),
  sentiment: z.optional(z.array(z.enum(['positive', 'neutral', 'negative']))),
  segment: z.optional(z.array(z.string())),
  since: z.optional(z.string()),
  search: z.optional(z.string()),
  sort: z.optional(z.enum(['recent', 'negative'])),
  offset: z.optional(z.number().check(z.int(), z.minimum(0))),
  limit: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(1000))),
});
export type FeedbackParams = z.infer<typeof FeedbackParams>;
export type FeedbackResult = (FeedbackPage & { workspaceFolder: string }) | null;

/** client → server: a page of feedback, filtered. */
export const FeedbackRequest = { method: 'customerContext/feedback' } as const;

export const IndexChangedParams = z.object({
  /** Workspace folder URIs whose index changed. */
  folders: z.array(z.string()),
});
export type IndexChangedParams = z.infer<typeof IndexChangedParams>;

/** server → client: an index changed (a `.cx/` file or source file was edited); views refresh. */
export const IndexChangedNotification = { method: 'customerContext/indexChanged' } as const;

export const OutlineParams = z.object({
  /** The workspace folder URI; the first folder with a `.cx/` when absent. */
  folder: z.optional(z.string()),
});
export type OutlineParams = z.infer<typeof OutlineParams>;

export type { Outline, OutlineEntry } from '../core/outline';
export type OutlineResult = (Outline & { workspaceFolder: string }) | null;

/** client → server: every journey, step and component of a folder with health, feedback counts and definitions. */
export const OutlineRequest = { method: 'customerContext/outline' } as const;

/** The folder as `OutlineParams`. */
export const TreeFilesParams = OutlineParams;
export type TreeFilesParams = OutlineParams;
export type { AnnotatedFile } from '../core/outline';
export interface TreeFiles {
  /** Component id and how many files it has. */
  components: [string, number][];
  /** The files with `@cx` annotations, with every ref they serve and their components. */
  annotated: AnnotatedFile[];
}
export type TreeFilesResult = (TreeFiles & { workspaceFolder: string }) | null;

/** client → server: what the Journeys tree lists of files: each component's count, and the annotated files. */
export const TreeFilesRequest = { method: 'customerContext/treeFiles' } as const;

export const ComponentFilesParams = z.object({
  folder: z.optional(z.string()),
  component: z.string().check(z.maxLength(300)),
});
export type ComponentFilesParams = z.infer<typeof ComponentFilesParams>;
/** The component's files, sorted (none for a component the folder does not have). */
export type ComponentFilesResult = { paths: string[]; workspaceFolder: string } | null;

/** client → server: a component's files, when the Journeys tree expands it. */
export const ComponentFilesRequest = { method: 'customerContext/componentFiles' } as const;
