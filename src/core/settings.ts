/** The extension's settings, one typed source: the manifest's `contributes.configuration` is checked against it. */
import * as z from 'zod';

export const Settings = z.object({
  /** Folder holding the workspace data, relative to each workspace folder. */
  root: z.string().min(1).default('.cx'),
  /** Days of feedback the built-in metrics cover; compared with the window before. */
  window: z.number().int().min(1).max(3650).default(30),
  /** A `.cx/` file larger than this many megabytes is not read (src/core/limits.ts). */
  'limits.maxFileSizeMB': z.number().int().min(1).max(4096).default(50),
  /** Feedback records read per workspace folder, in file path order; the rest are skipped with a problem. */
  'limits.maxFeedbackRecords': z.number().int().min(1).max(100_000_000).default(2_000_000),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = Settings.parse({});

/** `./.cx/` → `.cx`; undefined for a path that leaves the workspace folder (absolute, a drive, `..`, `.`). */
export function normalizeRoot(root: string): string | undefined {
  const r = root.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  if (!r || r === '.' || r.startsWith('/') || /^[a-zA-Z]:/.test(r) || r.split('/').includes('..')) return undefined;
  return r;
}
