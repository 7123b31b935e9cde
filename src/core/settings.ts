/**
 * The extension's settings, one typed source: the manifest's `contributes.configuration` is checked against it.
 * Declared with `zod/mini` (zod's functional API, whose parts a bundle takes one by one): the extension's entry
 * bundle validates the settings at activation and carries no more of zod than these schemas use.
 */
import * as z from 'zod/mini';
import './zodLocale';

export const Settings = z.object({
  /** Folder holding the workspace data, relative to each workspace folder. */
  root: z._default(z.string().check(z.minLength(1)), '.cx'),
  /** Days of feedback the built-in metrics cover; compared with the window before. */
  window: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(3650)), 30),
  /** A `.cx/` file larger than this many megabytes is not read (src/core/limits.ts). */
  'limits.maxFileSizeMB': z._default(z.number().check(z.int(), z.minimum(1), z.maximum(4096)), 50),
  /** Feedback records read per workspace folder, in file path order; the rest are skipped with a problem. */
  'limits.maxFeedbackRecords': z._default(z.number().check(z.int(), z.minimum(1), z.maximum(100_000_000)), 2_000_000),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = Settings.parse({});

/** `./.cx/` → `.cx`; undefined for a path that leaves the workspace folder (absolute, a drive, `..`, `.`). */
export function normalizeRoot(root: string): string | undefined {
  const r = root.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  if (!r || r === '.' || r.startsWith('/') || /^[a-zA-Z]:/.test(r) || r.split('/').includes('..')) return undefined;
  return r;
}
