/**
 * The server's workspace: one `FolderIndex` per workspace folder, the open documents that override the disk, the
 * settings, and the diagnostics and `indexChanged` notifications that follow each re-index.
 */
import type { Connection, TextDocuments, WorkspaceFolder } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { cxFileKind } from '../core/cxData';
import type { CxFileKind } from '../core/cxData';
import { stripBom } from '../core/diskWorkspace';
import { LineIndex } from '../core/problems';
import type { Problem } from '../core/problems';
import type { Settings } from '../core/settings';
import { IndexChangedNotification } from '../protocol/lsp';
import type { IndexChangedParams } from '../protocol/lsp';
import { FolderIndex } from './folderIndex';
import type { FileChange, FolderHost, Snapshot } from './folderIndex';
import { toDiagnostic } from './handlers/diagnostics';
import type { Logger } from './logger';
import { sameSettings } from './settings';
import { childUri, relativeTo, uriToPath } from './uri';

/** A file of a workspace folder. */
export interface Located {
  folder: FolderIndex;
  /** Workspace-relative, `/`-separated. */
  rel: string;
}

/** Everything a handler needs about the document a request is about. */
export interface DocContext extends Located {
  uri: string;
  snap: Snapshot;
  /** The document's current text (the editor's when open), without a BOM. */
  text: string;
  lines: LineIndex;
  /** The kind of `.cx/` file, or undefined for a source file. */
  kind: CxFileKind | undefined;
}

/** `indexChanged` waits this long for other folders before it is sent. */
const NOTIFY_MS = 50;

export class ServerWorkspace implements FolderHost {
  private folders: FolderIndex[] = [];
  /** Per folder, the diagnostics last published: workspace-relative path → the URI used and the diagnostics' JSON. */
  private readonly published = new Map<FolderIndex, Map<string, { uri: string; json: string }>>();
  private readonly changed = new Set<string>();
  private notifyTimer: NodeJS.Timeout | undefined;
  /** Called after `indexChanged` is sent, e.g. to ask the client to refresh CodeLens. */
  onDidNotify: (() => void) | undefined;

  constructor(
    private readonly connection: Connection,
    readonly documents: TextDocuments<TextDocument>,
    readonly log: Logger,
    private currentSettings: Settings,
  ) {}

  get settings(): Settings {
    return this.currentSettings;
  }

  allFolders(): readonly FolderIndex[] {
    return this.folders;
  }

  addFolder(folder: WorkspaceFolder): void {
    const fsPath = uriToPath(folder.uri);
    if (fsPath === undefined) {
      this.log.warn(`workspace folder ${folder.uri} is not on the file system: not indexed`);
      return;
    }
    if (this.folders.some((f) => f.uri === folder.uri)) return;
    const index = new FolderIndex(folder.uri, fsPath, folder.name, this.currentSettings, this);
    this.folders.push(index);
    void index.reload();
  }

  removeFolder(uri: string): void {
    const folder = this.folders.find((f) => f.uri === uri);
    if (!folder) return;
    folder.dispose();
    this.folders = this.folders.filter((f) => f !== folder);
    for (const { uri: fileUri } of this.published.get(folder)?.values() ?? []) {
      void this.connection.sendDiagnostics({ uri: fileUri, diagnostics: [] });
    }
    this.published.delete(folder);
  }

  applySettings(settings: Settings): void {
    if (sameSettings(settings, this.currentSettings)) return;
    this.log.info(`settings: root ${settings.root}, window ${settings.window} days`);
    this.currentSettings = settings;
    for (const f of this.folders) f.applySettings(settings);
  }

  /** The workspace folder (the innermost, when folders nest) and relative path of a document URI. */
  locate(uri: string): Located | undefined {
    const file = uriToPath(uri);
    if (file === undefined) return undefined;
    let best: Located | undefined;
    for (const folder of this.folders) {
      const rel = relativeTo(folder.fsPath, file);
      if (rel === undefined || rel === '') continue;
      if (!best || folder.fsPath.length > best.folder.fsPath.length) best = { folder, rel };
    }
    return best;
  }

  folderByUri(uri: string): FolderIndex | undefined {
    const trim = (u: string) => u.replace(/\/+$/, '');
    return this.folders.find((f) => trim(f.uri) === trim(uri)) ?? this.folders.find((f) => uriToPath(uri) === f.fsPath);
  }

  /** The folder a custom request is about: by folder URI, else the folder of a document URI, else the first indexed one. */
  async folderFor(folderUri: string | undefined, docUri?: string): Promise<FolderIndex | undefined> {
    if (folderUri !== undefined) return this.folderByUri(folderUri);
    if (docUri !== undefined) return this.locate(docUri)?.folder;
    for (const f of this.folders) if (await f.ready()) return f;
    return undefined;
  }

  /** The request's document with an up-to-date index, or undefined when it is in no indexed folder. */
  async docContext(uri: string): Promise<DocContext | undefined> {
    const at = this.locate(uri);
    if (!at) return undefined;
    const snap = await at.folder.ready();
    if (!snap) return undefined;
    const open = this.documents.get(uri)?.getText();
    const text = open !== undefined ? stripBom(open) : await at.folder.textOf(at.rel);
    if (text === undefined) return undefined;
    return { ...at, uri, snap, text, lines: new LineIndex(text), kind: cxFileKind(at.rel, snap.folder.root) };
  }

  /** The URI to use for a file: the open document's when there is one, so clients that compare strings agree. */
  uriOf(folder: FolderIndex, rel: string): string {
    for (const doc of this.documents.all()) {
      const at = this.locate(doc.uri);
      if (at?.folder === folder && at.rel === rel) return doc.uri;
    }
    return childUri(folder.uri, rel);
  }

  // ---- events from the client ----------------------------------------------------------------------------------

  documentChanged(uri: string): void {
    const at = this.locate(uri);
    at?.folder.documentChanged(at.rel);
  }

  documentClosed(uri: string): void {
    const at = this.locate(uri);
    at?.folder.documentClosed(at.rel);
  }

  fileChanged(uri: string, change: FileChange): void {
    const at = this.locate(uri);
    at?.folder.fileChanged(at.rel, change);
  }

  // ---- FolderHost ----------------------------------------------------------------------------------------------

  openText(folder: FolderIndex, rel: string): string | undefined {
    for (const doc of this.documents.all()) {
      const at = this.locate(doc.uri);
      if (at?.folder === folder && at.rel === rel) return doc.getText();
    }
    return undefined;
  }

  openPaths(folder: FolderIndex): string[] {
    const out: string[] = [];
    for (const doc of this.documents.all()) {
      const at = this.locate(doc.uri);
      if (at?.folder === folder) out.push(at.rel);
    }
    return out;
  }

  onIndexed(folder: FolderIndex): void {
    if (!this.folders.includes(folder)) return;
    this.publishDiagnostics(folder, folder.snapshot?.problems ?? []);
    this.changed.add(folder.uri);
    if (!this.notifyTimer) {
      this.notifyTimer = setTimeout(() => {
        this.notifyTimer = undefined;
        const params: IndexChangedParams = { folders: [...this.changed] };
        this.changed.clear();
        void this.connection.sendNotification(IndexChangedNotification.method, params);
        this.onDidNotify?.();
      }, NOTIFY_MS);
    }
  }

  /** Publishes the diagnostics of files whose problems changed, and clears those of files that have none left. */
  private publishDiagnostics(folder: FolderIndex, problems: readonly Problem[]): void {
    const byFile = new Map<string, Problem[]>();
    for (const p of problems) {
      const list = byFile.get(p.file);
      if (list) list.push(p);
      else byFile.set(p.file, [p]);
    }
    const before = this.published.get(folder) ?? new Map<string, { uri: string; json: string }>();
    const after = new Map<string, { uri: string; json: string }>();
    for (const [rel, list] of byFile) {
      const diagnostics = list.map(toDiagnostic);
      const uri = this.uriOf(folder, rel);
      const json = JSON.stringify(diagnostics);
      const last = before.get(rel);
      after.set(rel, { uri, json });
      if (last?.uri === uri && last.json === json) continue;
      if (last && last.uri !== uri) void this.connection.sendDiagnostics({ uri: last.uri, diagnostics: [] });
      void this.connection.sendDiagnostics({ uri, diagnostics });
    }
    for (const [rel, last] of before) {
      if (!after.has(rel)) void this.connection.sendDiagnostics({ uri: last.uri, diagnostics: [] });
    }
    this.published.set(folder, after);
  }
}
