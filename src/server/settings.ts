/** The server's view of the settings: validated with the one schema in core, a bad value falls back to its default. */
import { DEFAULT_SETTINGS, normalizeRoot, Settings } from '../core/settings';

/** Reads the settings (`root`, `window`, `limits.*`) from whatever the client sent; each bad value is replaced by its default and reported. */
export function readSettings(raw: unknown, warn: (message: string) => void): Settings {
  if (raw === undefined || raw === null) return { ...DEFAULT_SETTINGS };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    warn(`settings must be an object, got ${JSON.stringify(raw)}; using the defaults`);
    return { ...DEFAULT_SETTINGS };
  }
  const values = raw as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(Settings.shape)) {
    const result = schema.safeParse(values[key]);
    if (result.success) out[key] = result.data;
    else {
      const fallback = DEFAULT_SETTINGS[key as keyof Settings];
      warn(`setting customerContext.${key}: ${JSON.stringify(values[key])} is not valid (${result.error.issues[0]?.message ?? 'invalid'}); using ${JSON.stringify(fallback)}`);
      out[key] = fallback;
    }
  }
  const root = normalizeRoot(out.root as string);
  if (root === undefined) {
    warn(`setting customerContext.root: ${JSON.stringify(out.root)} must be a folder inside the workspace folder; using ${JSON.stringify(DEFAULT_SETTINGS.root)}`);
    out.root = DEFAULT_SETTINGS.root;
  } else out.root = root;
  return Settings.parse(out);
}

export function sameSettings(a: Settings, b: Settings): boolean {
  return (Object.keys(Settings.shape) as (keyof Settings)[]).every((k) => a[k] === b[k]);
}
