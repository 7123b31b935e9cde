/**
 * The Coverage Map panel (SPEC §4) and Export Coverage Report. The panel shows one workspace folder's coverage
 * report: the webview (src/webview/coverageMap.ts) says which filters it shows, and the host asks the language
 * server for the view of them (`customerContext/coverageMap`: the report filtered and cut to what a treemap can
 * show, ~1 MB however large the workspace; the server keeps the whole report) and posts it. The host posts again
 * when the filters change or the server says the folder's index changed, and opens what the webview asks for
 * (files, definitions) after checking it against the protocol's schema. Exports write what `cx coverage --format`
 * writes, with the filters on screen.
 * Loaded on the first run of one of its commands (lazy.ts); commands.ts registers them.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { CoverageReport } from '../../core/coverage';
import { coverageToJson } from '../../core/coverageReportJson';
import { coverageFile, coverageFormatOfPath } from '../../core/coverageReports';
import { CoverageWebviewMessage } from '../../protocol/webview';
import type { CoverageHostMessage, CoverageMapFilter, ExportFormat } from '../../protocol/webview';
import { uriArg } from '../commandArgs';
import { isNotice, noData, Notice, pickFolder } from '../commandKit';
import type { Handlers } from '../commandKit';
import type { Ctx } from '../ctx';
import { openDefinition } from './navigation';
import { errorMessage } from './services';
import type { ViewServices } from './services';
import { makeNonce, webviewHtml } from './webviewHtml';

export const COVERAGE_MAP_VIEW_TYPE = 'customerContext.coverageMap';
export const COVERAGE_MAP_TITLE = 'Coverage Map';
/** How long after the last change of its folder's index the panel asks for a new view. */
const REFRESH_DELAY_MS = 1_000;

/** The export formats, by file extension, with the save dialog's names. */
export const EXPORT_FORMATS: Record<ExportFormat, string> = { md: 'Markdown', json: 'JSON', csv: 'CSV', html: 'HTML' };

const noReport = (root: string, folder: vscode.WorkspaceFolder) => new Notice(`${folder.name} has no ${root}/ folder, so no coverage to show yet.`);

/**
 * The coverage report of a folder (filtered when asked), without the protocol's `workspaceFolder`; a Notice when it
 * has no data folder.
 */
async function reportOf(services: ViewServices, root: string, folder: vscode.WorkspaceFolder, filter?: CoverageMapFilter): Promise<CoverageReport> {
  const result = await services.coverage({ folder: folder.uri.toString(), ...(filter ? { filter } : {}) });
  if (!result) throw noReport(root, folder);
  const { workspaceFolder: _folder, ...report } = result;
  return report;
}

/**
 * Asks where to save the report (the format follows the file's extension; `format` picks the suggested one) and
 * writes it. Returns the file written, or undefined when the user cancelled.
 */
export async function saveCoverageReport(
  services: ViewServices,
  folder: vscode.WorkspaceFolder,
  report: CoverageReport,
  format: ExportFormat = 'md',
  to?: vscode.Uri,
): Promise<vscode.Uri | undefined> {
  // The suggested format's filter first: the dialog offers the first one.
  const order = [format, ...(Object.keys(EXPORT_FORMATS) as ExportFormat[]).filter((f) => f !== format)];
  const target = to ?? (await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(folder.uri, `customer-context-coverage.${format}`),
    filters: Object.fromEntries(order.map((f) => [EXPORT_FORMATS[f], f === 'html' ? ['html', 'htm'] : f === 'md' ? ['md', 'markdown'] : [f]])),
    saveLabel: 'Export',
    title: 'Export Coverage Report',
  }));
  if (!target) return undefined;
  // The file's extension picks the format; a name without a known one gets the suggested format.
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(coverageFile(report, coverageFormatOfPath(target.path) ?? format)));
  services.log.info(`exported the coverage report of ${folder.name} to ${target.toString(true)}`);
  void vscode.window.showInformationMessage(`Customer Context: coverage report saved to ${vscode.workspace.asRelativePath(target, true)}.`, 'Open').then((choice) => {
    if (choice === 'Open') void vscode.window.showTextDocument(target);
  });
  return target;
}

/**
 * Customer Context: Export Coverage Report. Arguments, all optional: a folder URI, a format (`md`, `json`, `csv`,
 * `html`) to suggest, and the file URI to write without asking (for other commands and scripts).
 */
export async function exportCoverageReport(ctx: Ctx, ...args: unknown[]): Promise<vscode.Uri | undefined> {
  const folder = await pickFolder(args[0]);
  if (!folder) return undefined;
  // Without data, the notice offers Initialize Workspace.
  const report = await reportOf(ctx, ctx.config.settings.root, folder).catch((e: unknown) => {
    throw isNotice(e) ? noData(ctx, folder) : e;
  });
  const format = typeof args[1] === 'string' && args[1] in EXPORT_FORMATS ? (args[1] as ExportFormat) : 'md';
  const to = uriArg(args[2]);
  return saveCoverageReport(ctx, folder, report, format, to ? vscode.Uri.parse(to, true) : undefined);
}

/** Customer Context: Show Coverage Map. Argument: a folder URI (else the active editor's, the only or a picked one). */
export async function showCoverageMap(ctx: Ctx, ...args: unknown[]): Promise<CoverageMapPanel | undefined> {
  const folder = await pickFolder(args[0]);
  if (!folder) return undefined;
  return CoverageMapPanel.show(ctx, folder, () => ctx.config.settings.root);
}

/** A fetch of the panel: its number, and the folder and filters it asked for. */
export interface PanelFetch {
  seq: number;
  folder: string;
  filter: CoverageMapFilter;
}

/**
 * Whether the panel shows the answer to a fetch: the newest fetch's, or an older one's of the same folder and filters
 * when nothing newer is shown (the index changed while it was made: it shows until the newer comes, which on a large
 * workspace takes seconds again).
 */
export function showsAnswer(answer: PanelFetch, panel: { newest: number; shown: number; folder: string; filter: CoverageMapFilter }): boolean {
  if (answer.seq === panel.newest) return true;
  const same = (a: CoverageMapFilter, b: CoverageMapFilter) => a.journey === b.journey && a.owner === b.owner && a.folder === b.folder;
  return answer.seq > panel.shown && answer.folder === panel.folder && same(answer.filter, panel.filter);
}

/** The one Coverage Map panel; showing it for another folder switches it to that folder. */
export class CoverageMapPanel implements vscode.Disposable {
  private static current: CoverageMapPanel | undefined;

  static show(services: ViewServices, folder: vscode.WorkspaceFolder, root: () => string): CoverageMapPanel {
    const existing = CoverageMapPanel.current;
    if (existing) {
      existing.panel.reveal();
      if (existing.folder.uri.toString() !== folder.uri.toString()) {
        existing.folder = folder;
        void existing.refresh();
      }
      return existing;
    }
    return (CoverageMapPanel.current = new CoverageMapPanel(services, folder, root));
  }

  /** The panel on screen, if any (for the integration suite). */
  static get shown(): CoverageMapPanel | undefined {
    return CoverageMapPanel.current;
  }

  readonly panel: vscode.WebviewPanel;
  private ready = false;
  private seq = 0;
  /** The filters the webview shows. */
  private filter: CoverageMapFilter = {};
  /** The folder's index changed since the view posted last. */
  private stale = false;
  /** The fetch whose answer the webview shows. */
  private postedSeq = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** Resolved each time a report (or a message instead) is posted: tests wait on it. */
  private readonly posted = new vscode.EventEmitter<number>();
  readonly onDidPost = this.posted.event;

  private constructor(
    private readonly services: ViewServices,
    private folder: vscode.WorkspaceFolder,
    private readonly root: () => string,
  ) {
    const ext = services.extensionUri;
    this.panel = vscode.window.createWebviewPanel(COVERAGE_MAP_VIEW_TYPE, `${COVERAGE_MAP_TITLE}: ${folder.name}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      // Its state (filters, drill-down, scroll) stays while hidden; the webview also keeps it with setState.
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(ext, 'dist', 'webview'), vscode.Uri.joinPath(ext, 'media')],
    });
    this.panel.webview.html = this.html(this.panel.webview);
    this.disposables.push(
      this.posted,
      this.panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)),
      this.panel.onDidDispose(() => this.dispose()),
      services.onIndexChanged((e) => {
        if (e.folders.includes(this.folder.uri.toString())) this.indexChanged();
      }),
      this.panel.onDidChangeViewState(() => {
        if (this.panel.visible && this.stale) this.indexChanged();
      }),
      { dispose: () => clearTimeout(this.timer) },
    );
  }

  /**
   * The folder's index changed: the panel asks for a new view a moment after the last change (each is a new coverage
   * report on the server: seconds for a large workspace, during which it answers nothing else), and only when it is
   * visible; a hidden panel asks when it shows again.
   */
  private indexChanged(): void {
    clearTimeout(this.timer);
    this.stale = true;
    if (!this.panel.visible) return;
    this.timer = setTimeout(() => void this.refresh(), REFRESH_DELAY_MS);
  }

  /** The workspace folder shown. */
  get folderUri(): string {
    return this.folder.uri.toString();
  }

  /** Fetches the view of the filters shown again and posts it. */
  async refresh(): Promise<void> {
    // The server answers with the index as it is now: a refresh waiting for a change is done by this one.
    clearTimeout(this.timer);
    this.stale = false;
    const seq = ++this.seq;
    const folder = this.folder;
    let message: CoverageHostMessage;
    try {
      const asked = this.filter;
      const result = await this.services.coverageMap({ folder: folder.uri.toString(), filter: asked });
      if (!result) throw noReport(this.root(), folder);
      if (!this.shows(seq, folder, asked)) return;
      const { report, filter, choices, maxFileFeedback, matrixComponents } = result;
      this.filter = filter;
      message = { type: 'coverage', seq, folder: folder.name, report: coverageToJson(report), filter, choices, maxFileFeedback, matrixComponents };
    } catch (e) {
      if (seq !== this.seq) return; // a newer fetch answers
      if (!(e instanceof Notice)) this.services.log.warn(`coverage of ${folder.name}: ${errorMessage(e)}`);
      message = { type: 'coverage', seq, folder: folder.name, message: errorMessage(e) };
    }
    this.postedSeq = seq;
    this.panel.title = `${COVERAGE_MAP_TITLE}: ${folder.name}`;
    if (this.ready) void this.panel.webview.postMessage(message).then(() => this.posted.fire(seq));
  }

  private shows(seq: number, folder: vscode.WorkspaceFolder, filter: CoverageMapFilter): boolean {
    return showsAnswer({ seq, folder: folder.uri.toString(), filter }, { newest: this.seq, shown: this.postedSeq, folder: this.folderUri, filter: this.filter });
  }

  dispose(): void {
    if (CoverageMapPanel.current === this) CoverageMapPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }

  private onMessage(raw: unknown): void {
    const parsed = CoverageWebviewMessage.safeParse(raw);
    if (!parsed.success) {
      this.services.log.warn(`coverage map: dropped an invalid message: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      return;
    }
    const m = parsed.data;
    switch (m.type) {
      case 'ready':
        this.ready = true;
        this.filter = m.filter ?? {};
        void this.refresh();
        return;
      case 'filter':
        this.filter = m.filter;
        void this.refresh();
        return;
      case 'openFile':
        void this.guard(() => this.openFile(m.path, m.line, m.column));
        return;
      case 'openRef':
        void this.guard(() => this.openRef(m.ref));
        return;
      case 'export':
        void this.guard(() => this.export(m.format, m.filter));
        return;
    }
  }

  private async guard(run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (e) {
      if (e instanceof Notice) {
        void vscode.window.showInformationMessage(`Customer Context: ${e.message}`);
        return;
      }
      this.services.log.error(`coverage map: ${errorMessage(e)}`);
      void vscode.window.showErrorMessage(`Customer Context: ${errorMessage(e)}`);
    }
  }

  private async openFile(path: string, line?: number, column?: number): Promise<void> {
    const uri = vscode.Uri.joinPath(this.folder.uri, ...path.split('/'));
    const at = line ? new vscode.Position(line - 1, (column ?? 1) - 1) : undefined;
    await vscode.window.showTextDocument(uri, {
      preview: true,
      viewColumn: vscode.ViewColumn.Beside,
      ...(at ? { selection: new vscode.Range(at, at) } : {}),
    });
  }

  private async openRef(ref: string): Promise<void> {
    const outline = await this.services.outline({ folder: this.folder.uri.toString() });
    const entries = [...(outline?.journeys.flatMap((j) => [j, ...j.steps]) ?? []), ...(outline?.components ?? [])];
    await openDefinition(ref, entries.find((e) => e.ref === ref)?.definition, this.services.log);
  }

  private async export(format: ExportFormat, filter: CoverageMapFilter): Promise<void> {
    await saveCoverageReport(this.services, this.folder, await reportOf(this.services, this.root(), this.folder, filter), format);
  }

  private html(webview: vscode.Webview): string {
    const ext = this.services.extensionUri;
    const uri = (...parts: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(ext, ...parts)).toString();
    const codiconCss = vscode.Uri.joinPath(ext, 'dist', 'webview', 'codicons', 'codicon.css');
    const codicons = codiconCss.scheme === 'file' && fs.existsSync(codiconCss.fsPath);
    return webviewHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      title: COVERAGE_MAP_TITLE,
      script: uri('dist', 'webview', 'coverageMap.js'),
      styles: [...(codicons ? [uri('dist', 'webview', 'codicons', 'codicon.css')] : []), uri('media', 'webview', 'coverageMap.css')],
      codicons,
    });
  }
}

/** The handlers of this module, by command id. */
export const HANDLERS = {
  'customerContext.showCoverageMap': showCoverageMap,
  'customerContext.exportCoverageReport': exportCoverageReport,
} as const satisfies Handlers;
