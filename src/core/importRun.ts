/**
 * Importing into a workspace on disk, shared by `cx import` and the editor's Import Feedback… and Import
 * CODEOWNERS… (SPEC §5): where the records go, which are new, and the writes — a new file created atomically or
 * whole lines appended; components YAML rewritten atomically with its comments kept.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { appendLines, createFileAtomic, writeFileAtomic } from './atomicWrite';
import { CODEOWNERS_LOCATIONS, codeownersToComponents, mergeIntoComponentFiles } from './codeowners';
import type { CodeownersProblem, ComponentFilesMerge, OwnerComponent } from './codeowners';
import { combineCxFiles, cxFileKind } from './cxData';
import { readCxFiles } from './diskWorkspace';
import { decodeExport, feedbackLine, importFeedback } from './importFeedback';
import type { ImportOptions, Preset, RejectedRow } from './importFeedback';

/** `<cxDir>/feedback/<preset>/<YYYY-MM-DD>.jsonl`: where an import writes unless told otherwise. */
export function defaultImportTarget(root: string, cxDir: string, preset: Preset, now: Date = new Date()): string {
  return path.join(root, cxDir, 'feedback', preset, `${now.toISOString().slice(0, 10)}.jsonl`);
}

export interface FeedbackImportRun {
  /** The target, relative to the workspace, with `/`. */
  file: string;
  /** Whether the target is under `<cxDir>/feedback/`, where feedback is read from. */
  inFeedbackFolder: boolean;
  columns: Record<string, string>;
  /** Ids written (or that would be, on a dry run). */
  added: string[];
  /** Ids already in the store: not written. */
  skipped: string[];
  rejected: RejectedRow[];
}

/**
 * Imports an export (its bytes; `fileName` names it in messages) into the workspace at `root`: only records whose
 * id the store lacks, to `outAbs` (default {@link defaultImportTarget}) — created atomically when new, else
 * appended as whole lines. Export tags naming the workspace's journeys, steps and components become links. Throws
 * ImportError when the export cannot be read at all; nothing is written then.
 */
export async function runFeedbackImport(
  root: string,
  cxDir: string,
  bytes: Uint8Array,
  fileName: string,
  preset: Preset,
  options: Omit<ImportOptions, 'knownRefs'> & { outAbs?: string; dryRun?: boolean } = {},
): Promise<FeedbackImportRun> {
  const { outAbs: givenOut, dryRun = false, ...importOptions } = options;
  const data = combineCxFiles(await readCxFiles(root, cxDir));
  const result = importFeedback(decodeExport(bytes), fileName, preset, {
    ...importOptions,
    knownRefs: {
      journeys: data.journeys.flatMap((j) => [j.journey.id, ...j.journey.steps.map((st) => `${j.journey.id}/${st.id}`)]),
      components: data.components.map((c) => c.component.id),
    },
  });
  const present = new Set(Array.from({ length: data.feedback.length }, (_, seq) => data.feedback.id(seq)));
  const fresh = result.records.filter((r) => !present.has(r.id));
  const skipped = result.records.filter((r) => present.has(r.id)).map((r) => r.id);
  const outAbs = givenOut ?? defaultImportTarget(root, cxDir, preset);
  const file = path.relative(root, outAbs).split(path.sep).join('/');
  if (fresh.length && !dryRun) {
    const lines = fresh.map(feedbackLine);
    if (!(await createFileAtomic(outAbs, `${lines.join('\n')}\n`))) await appendLines(outAbs, lines);
  }
  return {
    file,
    inFeedbackFolder: cxFileKind(file, cxDir) === 'feedback',
    columns: result.columns,
    added: fresh.map((r) => r.id),
    skipped,
    rejected: result.rejected,
  };
}

/** The CODEOWNERS GitHub would use in the workspace (relative path), or undefined. */
export async function findCodeowners(root: string): Promise<string | undefined> {
  for (const loc of CODEOWNERS_LOCATIONS) {
    if ((await fs.stat(path.join(root, loc)).catch(() => undefined))?.isFile()) return loc;
  }
  return undefined;
}

export interface CodeownersImportRun {
  components: OwnerComponent[];
  problems: CodeownersProblem[];
  merge: ComponentFilesMerge;
}

/**
 * Turns a CODEOWNERS text into one component per owner and merges them into the workspace's components files
 * (`<cxDir>/components.yaml`, or `.yml` when only that exists), each rewritten atomically with its comments kept.
 * Nothing is written when it names no owner or on a dry run. Throws ComponentsEditError when a components file
 * cannot be edited safely.
 */
export async function runCodeownersImport(root: string, cxDir: string, text: string, dryRun = false): Promise<CodeownersImportRun> {
  const { components, problems } = codeownersToComponents(text);
  const empty: ComponentFilesMerge = { writes: [], added: [], updated: [], unchanged: [] };
  if (!components.length) return { components, problems, merge: empty };
  const files: { path: string; text: string }[] = [];
  for (const f of await readCxFiles(root, cxDir)) {
    if (f.kind === 'components') files.push({ path: f.path, text: await fs.readFile(path.join(root, f.path), 'utf8') });
  }
  const yaml = `${cxDir}/components.yaml`;
  const yml = `${cxDir}/components.yml`;
  const main = !files.some((f) => f.path === yaml) && files.some((f) => f.path === yml) ? yml : yaml;
  const merge = mergeIntoComponentFiles(files, main, components);
  if (!dryRun) for (const w of merge.writes) await writeFileAtomic(path.join(root, w.path), w.text);
  return { components, problems, merge };
}
