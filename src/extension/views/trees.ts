/**
 * The Journeys (`customerContext.journeys`) and Feedback (`customerContext.feedback`) trees: thin providers over
 * the pure builders of treeModel.ts. Both read one per-folder cache of the server's outline and coverage, dropped
 * when the server says an index changed.
 */
import * as vscode from 'vscode';
import type { FeedbackItem } from '../../core/cxIndex';
import { feedbackChildren, feedbackItem, feedbackRoots, groupKey, groupQueryOf, journeyChildren, journeyItem, journeyRoots } from './treeModel';
import type { FeedbackNode, FolderData, GroupPage, JourneyNode, NodeView, Tooltip } from './treeModel';
import { NODE_ACTION_COMMAND } from './ids';
import { errorMessage } from './services';
import type { ViewServices } from './services';

/** Records a feedback group loads at first, and how many more each `Load more…` adds. */
const GROUP_PAGE = 100;

/** The outline and files of every workspace folder with a `.cx/`, loaded once per index change. */
export class FolderDataSource implements vscode.Disposable {
  private loading: Promise<FolderData[]> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly services: ViewServices) {
    this.subscriptions = [
      this.changed,
      services.onIndexChanged(() => this.invalidate()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.invalidate()),
    ];
  }

  invalidate(): void {
    this.loading = undefined;
    this.changed.fire();
  }

  get(): Promise<FolderData[]> {
    this.loading ??= this.load();
    return this.loading;
  }

  private async load(): Promise<FolderData[]> {
    const out: FolderData[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const uri = folder.uri.toString();
      try {
        const files = await this.services.treeFiles({ folder: uri });
        if (!files) continue;
        const outline = await this.services.outline({ folder: uri });
        if (!outline) continue;
        out.push({ uri, name: folder.name, outline, componentFileCounts: new Map(files.components), componentFiles: new Map(), annotated: files.annotated });
      } catch (e) {
        this.services.log.warn(`trees: ${folder.name}: ${errorMessage(e)}`);
      }
    }
    return out;
  }

  /** Loads a component's files into its folder's data, once per index (the Journeys tree lists them when expanded). */
  async loadComponentFiles(folder: FolderData, id: string): Promise<void> {
    if (folder.componentFiles.has(id)) return;
    try {
      const files = await this.services.componentFiles({ folder: folder.uri, component: id });
      folder.componentFiles.set(id, files?.paths ?? []);
    } catch (e) {
      this.services.log.warn(`trees: the files of ${id}: ${errorMessage(e)}`);
    }
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
  }
}

// ---- NodeView → TreeItem ---------------------------------------------------------------------------------------

/** A tooltip whose data parts are escaped (`appendText`); never trusted, no HTML. */
export function markdownTooltip(t: Tooltip): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', false);
  md.isTrusted = false;
  md.supportHtml = false;
  if (t.title) {
    md.appendMarkdown('**');
    md.appendText(t.title);
    md.appendMarkdown('**\n\n');
  }
  if (t.text) {
    md.appendText(t.text);
    md.appendMarkdown('\n\n');
  }
  for (const line of t.lines ?? []) {
    md.appendText(line);
    md.appendMarkdown('  \n');
  }
  return md;
}

function collapsibleState(c: NodeView['collapsible']): vscode.TreeItemCollapsibleState {
  return c === 'expanded' ? vscode.TreeItemCollapsibleState.Expanded : c === 'collapsed' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
}

export function toTreeItem(v: NodeView, node: unknown): vscode.TreeItem {
  const item = new vscode.TreeItem(v.label, collapsibleState(v.collapsible));
  item.id = v.id;
  if (v.description !== undefined) item.description = v.description;
  if (v.tooltip) item.tooltip = markdownTooltip(v.tooltip);
  if (v.resourceUri) item.resourceUri = vscode.Uri.parse(v.resourceUri, true);
  if (v.icon) item.iconPath = new vscode.ThemeIcon(v.icon.id, v.icon.color ? new vscode.ThemeColor(v.icon.color) : undefined);
  else if (v.resourceUri) item.iconPath = vscode.ThemeIcon.File;
  if (v.contextValue) item.contextValue = v.contextValue;
  if (v.action) item.command = { command: NODE_ACTION_COMMAND, title: 'Open', arguments: [v.action, node] };
  item.accessibilityInformation = { label: [v.label, v.description].filter(Boolean).join(', ') };
  return item;
}

// ---- providers -------------------------------------------------------------------------------------------------

export class JourneysTreeProvider implements vscode.TreeDataProvider<JourneyNode>, vscode.Disposable {
  private folders: FolderData[] = [];
  private readonly changed = new vscode.EventEmitter<JourneyNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly source: FolderDataSource) {
    this.subscription = source.onDidChange(() => this.changed.fire(undefined));
  }

  async getChildren(node?: JourneyNode): Promise<JourneyNode[]> {
    this.folders = await this.source.get();
    if (node?.kind === 'component') {
      const folder = this.folders.find((f) => f.uri === node.folder);
      if (folder) await this.source.loadComponentFiles(folder, node.id);
    }
    return node ? journeyChildren(node, this.folders) : journeyRoots(this.folders);
  }

  getTreeItem(node: JourneyNode): vscode.TreeItem {
    return toTreeItem(journeyItem(node, this.folders), node);
  }

  /** The tree as plain views, depth first to `depth` levels (for tests and the integration suite). */
  async describe(depth = 3): Promise<{ view: NodeView; depth: number }[]> {
    const out: { view: NodeView; depth: number }[] = [];
    const walk = async (node: JourneyNode | undefined, level: number) => {
      if (level >= depth) return;
      for (const child of await this.getChildren(node)) {
        out.push({ view: journeyItem(child, this.folders), depth: level });
        await walk(child, level + 1);
      }
    };
    await walk(undefined, 0);
    return out;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

export class FeedbackTreeProvider implements vscode.TreeDataProvider<FeedbackNode>, vscode.Disposable {
  private folders: FolderData[] = [];
  private readonly pages = new Map<string, GroupPage>();
  private readonly limits = new Map<string, number>();
  private readonly changed = new vscode.EventEmitter<FeedbackNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly source: FolderDataSource, private readonly services: ViewServices) {
    this.subscription = source.onDidChange(() => {
      this.pages.clear();
      this.changed.fire(undefined);
    });
  }

  async getChildren(node?: FeedbackNode): Promise<FeedbackNode[]> {
    this.folders = await this.source.get();
    const children = node ? feedbackChildren(node, this.folders, this.pages) : feedbackRoots(this.folders);
    // Load the record lists shown next: the node's own, and the inboxes, whose counts the root shows.
    const toLoad = [...(node ? [node] : []), ...children.filter((c) => c.kind === 'inbox')];
    const loads = toLoad.map((n) => this.ensurePage(n));
    if (!loads.length) return children;
    await Promise.all(loads);
    return node ? feedbackChildren(node, this.folders, this.pages) : children;
  }

  getTreeItem(node: FeedbackNode): vscode.TreeItem {
    return toTreeItem(feedbackItem(node, this.folders, this.pages), node);
  }

  /** Adds a page to a group's records. */
  loadMore(group: string): void {
    this.limits.set(group, (this.limits.get(group) ?? GROUP_PAGE) + GROUP_PAGE);
    this.pages.delete(group);
    this.changed.fire(undefined);
  }

  /** The tree as plain views, depth first to `depth` levels (for tests and the integration suite). */
  async describe(depth = 3): Promise<{ view: NodeView; depth: number }[]> {
    const out: { view: NodeView; depth: number }[] = [];
    const walk = async (node: FeedbackNode | undefined, level: number) => {
      if (level >= depth) return;
      for (const child of await this.getChildren(node)) {
        out.push({ view: feedbackItem(child, this.folders, this.pages), depth: level });
        await walk(child, level + 1);
      }
    };
    await walk(undefined, 0);
    return out;
  }

  private async ensurePage(node: FeedbackNode): Promise<void> {
    const q = groupQueryOf(node);
    if (!q || !('folder' in node)) return;
    const key = groupKey(node.folder, q);
    if (this.pages.has(key)) return;
    try {
      const page = await this.services.feedback({ folder: node.folder, ...q, sort: 'recent', limit: this.limits.get(key) ?? GROUP_PAGE });
      this.pages.set(key, { total: page?.total ?? 0, items: page?.items ?? [] });
    } catch (e) {
      this.services.log.warn(`feedback tree: ${errorMessage(e)}`);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** A record from a Feedback tree node, or undefined for any other argument (commands may be run by hand). */
export function recordOf(arg: unknown): FeedbackItem | undefined {
  const node = arg as Partial<FeedbackNode> | undefined;
  return node && node.kind === 'record' && 'item' in node ? node.item : undefined;
}

