/**
 * The extension's settings, read only here: `customerContext.*` through the zod schema of core/settings.ts (plus the
 * client's own `trace.server`). A bad value falls back to its default with a warning in the log; nothing else in the
 * extension calls `getConfiguration('customerContext')`. The manifest's `contributes.configuration` is tested
 * against {@link ExtensionSettings}.
 */
import * as vscode from 'vscode';
import * as z from 'zod/mini';
import { normalizeRoot, Settings } from '../core/settings';

export const SECTION = 'customerContext';

/** A folder inside the workspace folder: `.cx`, `data/cx`; not absolute, not `..`. */
export function isInsideFolder(root: string): boolean {
  return normalizeRoot(root) !== undefined;
}

/** Every setting the extension contributes: the server's {@link Settings} and the language client's trace. */
export const ExtensionSettings = z.extend(Settings, {
  // Initialize Workspace writes there: it must stay inside the workspace folder.
  root: Settings.shape.root.check(z.refine(isInsideFolder, 'must be a folder inside the workspace folder')),
  /**
   * Traces the messages between VS Code and the language server in the output channel. vscode-languageclient reads
   * it itself, by the client id `customerContext`; it is here so the manifest's declaration is checked too.
   */
  'trace.server': z._default(z.enum(['off', 'messages', 'verbose']), 'off'),
  /** Who tagging decisions are by in `.cx/tags.jsonl`; empty: git's user.email in the workspace folder. */
  tagAuthor: z._default(z.string().check(z.maxLength(200)), ''),
});
export type ExtensionSettings = z.infer<typeof ExtensionSettings>;

export const DEFAULT_EXTENSION_SETTINGS: ExtensionSettings = ExtensionSettings.parse({});

/**
 * Reads each setting with its own schema, so one bad value does not discard the others: it is replaced by its
 * default and reported through `warn`. `get` returns the raw value of a key, undefined when unset.
 */
export function readSettings(get: (key: string) => unknown, warn: (message: string) => void): ExtensionSettings {
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(ExtensionSettings.shape)) {
    const raw = get(key);
    const result = schema.safeParse(raw);
    if (result.success) out[key] = result.data;
    else {
      const fallback = DEFAULT_EXTENSION_SETTINGS[key as keyof ExtensionSettings];
      warn(`setting ${SECTION}.${key}: ${JSON.stringify(raw)} is not valid (${result.error.issues[0]?.message ?? 'invalid'}); using ${JSON.stringify(fallback)}`);
      out[key] = fallback;
    }
  }
  return ExtensionSettings.parse(out);
}

/** What the language server is told: its part of the settings. */
export function serverSettings(s: ExtensionSettings): Settings {
  return { root: s.root, window: s.window, 'limits.maxFileSizeMB': s['limits.maxFileSizeMB'], 'limits.maxFeedbackRecords': s['limits.maxFeedbackRecords'] };
}

/** The current settings, re-read when `customerContext.*` changes. */
export class Config implements vscode.Disposable {
  private current: ExtensionSettings;
  private lastWarnings = '';
  private readonly changed = new vscode.EventEmitter<ExtensionSettings>();
  private readonly listener: vscode.Disposable;
  /** Fires after a `customerContext.*` setting changed, with the new values. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.current = this.read();
    this.listener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      this.current = this.read();
      this.changed.fire(this.current);
    });
  }

  get settings(): ExtensionSettings {
    return this.current;
  }

  /** The part the language server reads (`initializationOptions.settings`, `workspace/didChangeConfiguration`). */
  get server(): Settings {
    return serverSettings(this.current);
  }

  private read(): ExtensionSettings {
    const config = vscode.workspace.getConfiguration(SECTION);
    const warnings: string[] = [];
    const settings = readSettings((key) => config.get(key), (m) => warnings.push(m));
    // Re-read on every change: repeat a warning only when the bad values changed.
    const joined = warnings.join('\n');
    if (joined !== this.lastWarnings) for (const w of warnings) this.log.warn(w);
    this.lastWarnings = joined;
    return settings;
  }

  dispose(): void {
    this.listener.dispose();
    this.changed.dispose();
  }
}
