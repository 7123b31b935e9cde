/**
 * The status bar item: the active file's main journey and its health (SPEC §4). It asks the server for the file's
 * context shortly after the editor settles, drops answers that a newer question overtook, and refreshes when the
 * index, the settings or the server change. Hidden for files with no journey or outside a folder with `.cx/`.
 */
import * as vscode from 'vscode';
import type { CommandId } from './commands';
import type { Ctx } from './ctx';
import { statusView } from './statusText';
import type { StatusView } from './statusText';

/** Long enough to skip editors flicked through, short enough to feel immediate. */
const DEBOUNCE_MS = 150;

/** What the item shows, for the integration tests. */
export interface StatusSnapshot {
  visible: boolean;
  text: string;
  tooltip: string | undefined;
  /** The file it describes. */
  uri: string | undefined;
}

export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<StatusSnapshot>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pending: vscode.CancellationTokenSource | undefined;
  private shownUri: string | undefined;
  private visible = false;
  private lastError = '';
  /** Fires after each update of the item (for tests, which wait on it rather than sleep). */
  readonly onDidUpdate = this.changed.event;

  constructor(private readonly ctx: Ctx) {
    this.item = vscode.window.createStatusBarItem('customerContext.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Customer Context';
    const schedule = () => this.schedule();
    this.disposables.push(
      this.item,
      this.changed,
      vscode.window.onDidChangeActiveTextEditor(schedule),
      ctx.onIndexChanged(schedule),
      ctx.config.onDidChange(schedule),
      ctx.client.onRunning(schedule),
    );
    this.schedule();
  }

  snapshot(): StatusSnapshot {
    return { visible: this.visible, text: this.item.text, tooltip: (this.item.tooltip as vscode.MarkdownString | undefined)?.value, uri: this.shownUri };
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), DEBOUNCE_MS);
  }

  private async update(): Promise<void> {
    this.pending?.cancel();
    this.pending?.dispose();
    const editor = vscode.window.activeTextEditor;
    const doc = editor?.document;
    // Focus in the output panel leaves the item as it was; any other editor that is not a file hides it.
    if (doc?.uri.scheme === 'output') return;
    if (!doc || doc.uri.scheme !== 'file') return this.show(undefined, undefined);
    const uri = doc.uri.toString();
    const cts = (this.pending = new vscode.CancellationTokenSource());
    try {
      const result = await this.ctx.fileContext(uri, cts.token);
      if (cts.token.isCancellationRequested) return;
      this.lastError = '';
      this.show(statusView(result), uri);
    } catch (e) {
      if (cts.token.isCancellationRequested) return;
      // Once per distinct error: the server may be down for a while and every editor switch asks again.
      const message = e instanceof Error ? e.message : String(e);
      if (message !== this.lastError) this.ctx.log.warn(`status bar: no context for ${uri}: ${message}`);
      this.lastError = message;
      this.show(undefined, undefined);
    }
  }

  private show(view: StatusView | undefined, uri: string | undefined): void {
    this.shownUri = view ? uri : undefined;
    if (!view) {
      this.item.hide();
      this.visible = false;
    } else {
      this.item.text = view.text;
      const tooltip = new vscode.MarkdownString(view.tooltip);
      tooltip.isTrusted = false;
      tooltip.supportHtml = false;
      this.item.tooltip = tooltip;
      this.item.backgroundColor = view.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
      this.item.accessibilityInformation = { label: `Customer Context: ${view.text.replace(/\$\([a-z-]+\)\s?/g, '')}${view.warning ? ', a metric is below target' : ''}` };
      this.item.command = { title: 'Show Context', command: 'customerContext.showContext' satisfies CommandId, arguments: [uri, view.ref] };
      this.item.show();
      this.visible = true;
    }
    this.changed.fire(this.snapshot());
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.pending?.cancel();
    this.pending?.dispose();
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}
