/**
 * The host side of the Customer Context view (`customerContext.context`): follows the active editor and its
 * cursor, asks the server for the file's context, and answers the webview's requests. It posts only after the
 * webview said `ready` (again after each hide/show, which reloads it) and drops any message that fails the
 * protocol's schema.
 */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { FileContextResult } from '../../protocol/lsp';
import { WebviewMessage } from '../../protocol/webview';
import type { ContextModel, FeedbackFilters, FeedbackRow, HostMessage } from '../../protocol/webview';
import { buildContextModel, cursorKey, feedbackParams, feedbackRow, windowEndOf } from './contextModel';
import { openDefinition, openOriginal } from './navigation';
import { CONTEXT_VIEW_ID } from './ids';
import { errorMessage } from './services';
import type { ViewServices } from './services';
import { makeNonce, webviewHtml } from './webviewHtml';

export const LINK_FILE_COMMAND = 'customerContext.linkFileToJourney';
export const TAG_FEEDBACK_COMMAND = 'customerContext.tagFeedback';

/** Editors the view follows: files on disk (also in a remote) and virtual workspaces, not output or diff panes. */
const FOLLOWED_SCHEMES = new Set(['file', 'vscode-remote', 'vscode-vfs']);

type State = { kind: 'noEditor' } | { kind: 'loading' } | { kind: 'ready'; result: FileContextResult } | { kind: 'error'; message: string };

export class ContextViewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private ready = false;
  private seq = 0;
  private file: vscode.Uri | undefined;
  private cursorLine: number | undefined;
  private cursorKeyNow = '';
  private state: State = { kind: 'noEditor' };
  /** The state is older than the editor or the index: fetch before posting. */
  private stale = true;
  private fetchNo = 0;
  /** A fetch is under way: a reveal waits for its answer, which brings the cards to reveal. */
  private fetching = false;
  private pendingReveal: Extract<HostMessage, { type: 'reveal' }> | undefined;
  private cursorTimer: ReturnType<typeof setTimeout> | undefined;
  private loadingTimer: ReturnType<typeof setTimeout> | undefined;
  private noEditorTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly services: ViewServices) {
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor((editor) => this.follow(editor)),
      vscode.window.onDidChangeTextEditorSelection((e) => {
        if (!this.file || e.textEditor.document.uri.toString() !== this.file.toString()) return;
        clearTimeout(this.cursorTimer);
        this.cursorTimer = setTimeout(() => this.moveCursor(e.selections[0]?.active.line), 150);
      }),
      services.onIndexChanged(() => this.reload()),
    );
    this.follow(vscode.window.activeTextEditor);
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    this.ready = false;
    const root = this.services.extensionUri;
    view.webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(root, 'dist', 'webview'), vscode.Uri.joinPath(root, 'media')],
    };
    view.webview.html = this.html(view.webview);
    this.disposables.push(
      view.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)),
      // Hidden, the webview is torn down (no retainContextWhenHidden); shown, it loads again and says `ready`.
      view.onDidChangeVisibility(() => {
        if (!view.visible) this.ready = false;
      }),
      view.onDidDispose(() => {
        if (this.view === view) this.view = undefined;
        this.ready = false;
      }),
    );
  }

  /**
   * Brings the view up, on `uri` when given (else the file it follows), optionally with a journey or step card or
   * a feedback record in sight, or with filters set.
   */
  async show(options: { uri?: string; ref?: string; row?: FeedbackRow; filters?: FeedbackFilters } = {}): Promise<void> {
    const { uri, ...reveal } = options;
    if (uri) this.followUri(vscode.Uri.parse(uri, true));
    this.pendingReveal = reveal.ref || reveal.row || reveal.filters ? { type: 'reveal', ...reveal } : undefined;
    await vscode.commands.executeCommand(`${CONTEXT_VIEW_ID}.focus`);
    if (this.ready && !this.stale && !this.fetching) this.flushReveal();
  }

  /** Fetches the followed file's context again (when shown; else when next shown). */
  reload(): void {
    this.stale = true;
    if (this.view?.visible) void this.refresh();
  }

  dispose(): void {
    clearTimeout(this.cursorTimer);
    clearTimeout(this.loadingTimer);
    clearTimeout(this.noEditorTimer);
    for (const d of this.disposables.splice(0)) d.dispose();
  }

  // ---- following the editor --------------------------------------------------------------------------------------

  private follow(editor: vscode.TextEditor | undefined): void {
    clearTimeout(this.noEditorTimer);
    if (!editor) {
      // Focus moving to a panel or the view itself leaves editors open: keep showing the last file then. Switching
      // editors passes through "none" for a moment: only say no file is open when that lasts.
      this.noEditorTimer = setTimeout(() => {
        if (vscode.window.activeTextEditor || vscode.window.visibleTextEditors.some((e) => FOLLOWED_SCHEMES.has(e.document.uri.scheme))) return;
        if (!this.file) return;
        this.file = undefined;
        this.cursorLine = undefined;
        this.fetchNo++;
        this.fetching = false;
        this.state = { kind: 'noEditor' };
        this.stale = false;
        this.postContext();
      }, 200);
      return;
    }
    if (!FOLLOWED_SCHEMES.has(editor.document.uri.scheme)) return;
    this.cursorLine = editor.selection.active.line;
    this.followUri(editor.document.uri);
  }

  private followUri(uri: vscode.Uri): void {
    clearTimeout(this.noEditorTimer);
    if (this.file?.toString() === uri.toString()) return;
    this.file = uri;
    this.cursorLine = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === uri.toString())?.selection.active.line;
    this.stale = true;
    if (this.view?.visible) void this.refresh();
  }

  private moveCursor(line: number | undefined): void {
    this.cursorLine = line;
    if (this.state.kind !== 'ready') return;
    const key = cursorKey(this.state.result, line);
    if (key === this.cursorKeyNow) return;
    this.postContext();
  }

  /** Fetches the followed file's context and posts it. */
  private async refresh(): Promise<void> {
    const no = ++this.fetchNo;
    this.stale = false;
    const file = this.file;
    clearTimeout(this.loadingTimer);
    if (!file) {
      this.fetching = false;
      this.state = { kind: 'noEditor' };
      this.postContext();
      return;
    }
    // Keep the last file on screen for a moment, so that quick answers do not flash a loading state.
    this.loadingTimer = setTimeout(() => {
      if (no !== this.fetchNo) return;
      this.state = { kind: 'loading' };
      this.postContext();
    }, 300);
    let next: State;
    this.fetching = true;
    try {
      next = { kind: 'ready', result: await this.services.fileContext(file.toString()) };
    } catch (e) {
      this.services.log.warn(`context of ${file.toString()}: ${errorMessage(e)}`);
      next = { kind: 'error', message: errorMessage(e) };
    }
    if (no !== this.fetchNo) return; // a newer file or index: its answer wins
    this.fetching = false;
    clearTimeout(this.loadingTimer);
    this.state = next;
    this.postContext();
  }

  private model(): ContextModel {
    const file = this.file;
    const meta = file ? { name: file.path.slice(file.path.lastIndexOf('/') + 1), path: vscode.workspace.asRelativePath(file, false) } : undefined;
    switch (this.state.kind) {
      case 'noEditor':
        return buildContextModel({ state: 'noEditor' });
      case 'loading':
        return buildContextModel(meta ? { state: 'loading', file: meta } : { state: 'noEditor' });
      case 'error':
        return buildContextModel({ state: 'error', message: this.state.message });
      case 'ready':
        return meta
          ? buildContextModel({ state: 'ready', file: meta, result: this.state.result, ...(this.cursorLine !== undefined ? { cursorLine: this.cursorLine } : {}) })
          : buildContextModel({ state: 'noEditor' });
    }
  }

  private postContext(): void {
    if (this.state.kind === 'ready') this.cursorKeyNow = cursorKey(this.state.result, this.cursorLine);
    if (!this.view || !this.ready) return;
    this.post({ type: 'context', seq: ++this.seq, model: this.model() });
    if (this.state.kind === 'ready' || this.state.kind === 'noEditor') this.flushReveal();
  }

  private flushReveal(): void {
    if (!this.pendingReveal || !this.ready) return;
    this.post(this.pendingReveal);
    this.pendingReveal = undefined;
  }

  private post(message: HostMessage): void {
    void this.view?.webview.postMessage(message);
  }

  // ---- messages from the webview -------------------------------------------------------------------------------

  private onMessage(raw: unknown): void {
    const parsed = WebviewMessage.safeParse(raw);
    if (!parsed.success) {
      this.services.log.warn(`context view: dropped an invalid message: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      return;
    }
    const m = parsed.data;
    switch (m.type) {
      case 'ready':
        this.ready = true;
        if (this.stale) void this.refresh();
        else this.postContext();
        return;
      case 'queryFeedback':
        void this.answerQuery(m);
        return;
      case 'openExternal':
        void openOriginal(m.url, this.services.log);
        return;
      case 'openRef': {
        const result = this.state.kind === 'ready' ? this.state.result : null;
        void this.openRef(m.ref, result);
        return;
      }
      case 'linkFile':
        void this.run(LINK_FILE_COMMAND, this.file);
        return;
      case 'tagFeedback':
        void this.run(TAG_FEEDBACK_COMMAND, m.id);
        return;
    }
  }

  private async run(command: string, arg: unknown): Promise<void> {
    try {
      await vscode.commands.executeCommand(command, arg);
    } catch (e) {
      this.services.log.error(`${command}: ${errorMessage(e)}`);
      void vscode.window.showErrorMessage(`Customer Context: ${errorMessage(e)}`);
    }
  }

  private async openRef(ref: string, result: FileContextResult): Promise<void> {
    let definition;
    try {
      const outline = await this.services.outline(result ? { folder: result.workspaceFolder } : {});
      const entries = outline?.journeys.flatMap((j) => [j, ...j.steps]) ?? [];
      definition = entries.find((e) => e.ref === ref)?.definition;
    } catch (e) {
      this.services.log.warn(`customerContext/outline: ${errorMessage(e)}`);
    }
    await openDefinition(ref, definition, this.services.log);
  }

  private async answerQuery(m: Extract<WebviewMessage, { type: 'queryFeedback' }>): Promise<void> {
    // Answer only queries about the context on screen; for an older one the webview has asked again already.
    if (m.context !== this.seq || this.state.kind !== 'ready' || !this.state.result || !this.file) return;
    const ctx = this.state.result;
    try {
      const page = await this.services.feedback(feedbackParams(this.file.toString(), m.filters, windowEndOf(ctx), m.offset, m.limit));
      const rows = (page?.items ?? []).map((item) => {
        const link = item.links.find((l): l is { path: string; lines?: [number, number] } => 'path' in l && l.path === ctx.path && !!l.lines);
        return feedbackRow(item, link?.lines);
      });
      this.post({ type: 'feedbackPage', query: m.query, offset: m.offset, total: page?.total ?? 0, rows, facets: page?.facets ?? { source: [], segment: [] } });
    } catch (e) {
      this.post({ type: 'feedbackError', query: m.query, message: errorMessage(e) });
    }
  }

  // ---- HTML ------------------------------------------------------------------------------------------------------

  private html(webview: vscode.Webview): string {
    const root = this.services.extensionUri;
    const uri = (...parts: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(root, ...parts)).toString();
    // The codicon font is copied into dist/webview/codicons by the build when @vscode/codicons is installed.
    const codiconCss = vscode.Uri.joinPath(root, 'dist', 'webview', 'codicons', 'codicon.css');
    const codicons = codiconCss.scheme === 'file' && fs.existsSync(codiconCss.fsPath);
    return webviewHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      title: 'Customer Context',
      script: uri('dist', 'webview', 'contextView.js'),
      styles: [...(codicons ? [uri('dist', 'webview', 'codicons', 'codicon.css')] : []), uri('media', 'webview', 'contextView.css')],
      codicons,
    });
  }
}
