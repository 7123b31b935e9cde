/**
 * Registers the Customer Context view, the Journeys and Feedback trees and their commands at activation, without
 * their code: each registration is a stand-in that loads the views' code (viewProviders.ts, a bundle of its own) on
 * first use, when VS Code first asks for a view's content or one of the commands runs, and hands over to it. Until
 * the Customer Context side bar is opened the views cost activation nothing. `activate()` calls registerViews(ctx)
 * once; everything registered here is disposed with the context. Show Context reveals through `ctx.views`.
 */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { loadLazy } from '../lazy';
import { CONTEXT_VIEW_ID, FEEDBACK_VIEW_ID, JOURNEYS_VIEW_ID, NODE_ACTION_COMMAND, VIEW_COMMANDS } from './ids';
import { errorMessage } from './services';
import type { ContextViewProvider } from './contextView';
import type { ViewProviders } from './viewProviders';

/** Internal: returns the views' {@link ViewProviders} (loading them), for the integration suite. */
export const TEST_API_COMMAND = 'customerContext.views.testApi';

/** What the views give the rest of the extension. */
export interface Views extends vscode.Disposable {
  /** Brings the Customer Context view up (loading the views' code first): see {@link ContextViewProvider.show}. */
  show(options: Parameters<ContextViewProvider['show']>[0]): Promise<void>;
  /** Loads everything the views show again (Customer Context: Refresh); nothing to do before they are loaded. */
  refresh(): void;
}

/** A tree's stand-in: VS Code has it from activation; it asks the real provider, and passes on its changes. */
class TreeStandIn<T> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<T | T[] | undefined | null | void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly real: () => vscode.TreeDataProvider<T>) {}

  getChildren(node?: T): vscode.ProviderResult<T[]> {
    return this.real().getChildren(node);
  }

  getTreeItem(node: T): vscode.TreeItem | Thenable<vscode.TreeItem> {
    return this.real().getTreeItem(node);
  }

  /** Passes the real provider's changes on to VS Code. */
  follow(real: vscode.TreeDataProvider<T>): vscode.Disposable {
    return real.onDidChangeTreeData?.((e) => this.changed.fire(e)) ?? new vscode.Disposable(() => undefined);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function createViews(ctx: Ctx): Views {
  const disposables: vscode.Disposable[] = [];
  let loaded: ViewProviders | undefined;
  const journeys = new TreeStandIn(() => load().journeys);
  const feedback = new TreeStandIn(() => load().feedback);
  /** The views' code, loaded and created by the first call. */
  const load = (): ViewProviders => {
    if (!loaded) {
      loaded = loadLazy('viewProviders').createViews(ctx);
      disposables.push(loaded, journeys.follow(loaded.journeys), feedback.follow(loaded.feedback));
    }
    return loaded;
  };

  /** A command whose failure (loading included) is logged and shown, never swallowed. */
  const command = (id: string) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        const run = load().commands[id];
        if (!run) throw new Error(`${id} has no handler in the views`);
        return await run(...args);
      } catch (e) {
        ctx.log.error(`${id}: ${errorMessage(e)}`);
        void vscode.window.showErrorMessage(`Customer Context: ${errorMessage(e)}`);
        return undefined;
      }
    });

  disposables.push(
    journeys,
    feedback,
    vscode.window.registerWebviewViewProvider(CONTEXT_VIEW_ID, { resolveWebviewView: (view) => load().contextView.resolveWebviewView(view) }),
    vscode.window.createTreeView(JOURNEYS_VIEW_ID, { treeDataProvider: journeys, showCollapseAll: true }),
    vscode.window.createTreeView(FEEDBACK_VIEW_ID, { treeDataProvider: feedback, showCollapseAll: true }),
    command(NODE_ACTION_COMMAND),
    ...Object.values(VIEW_COMMANDS).map(command),
    // The integration suite reaches the providers through this internal (not contributed) command: the suite is
    // bundled apart from the extension, so it cannot import them.
    vscode.commands.registerCommand(TEST_API_COMMAND, () => load()),
  );

  return {
    show: (options) => load().contextView.show(options),
    refresh: () => loaded?.refresh(),
    dispose: () => {
      for (const d of disposables.splice(0).reverse()) d.dispose();
    },
  };
}

/** Registers the views on the extension's context, which owns them from then on. */
export function registerViews(ctx: Ctx): Views {
  const views = ctx.push(createViews(ctx));
  // After a (re)start of the server, earlier answers may be stale.
  ctx.push(ctx.client.onRunning(() => views.refresh()));
  ctx.views = views;
  return views;
}
