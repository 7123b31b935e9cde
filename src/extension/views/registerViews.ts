/**
 * Registers the Customer Context view and the Journeys and Feedback trees with their commands. `activate()` calls
 * registerViews(ctx) once; everything registered here is disposed with the context. Show Context finds the view
 * through `ctx.views`.
 */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { ContextViewProvider, CONTEXT_VIEW_ID, TAG_FEEDBACK_COMMAND } from './contextView';
import { feedbackRow } from './contextModel';
import { openDefinition, openOriginal } from './navigation';
import { errorMessage } from './services';
import type { ViewServices } from './services';
import { FEEDBACK_VIEW_ID, FeedbackTreeProvider, FolderDataSource, JOURNEYS_VIEW_ID, JourneysTreeProvider, NODE_ACTION_COMMAND, recordOf } from './trees';
import type { NodeAction } from './treeModel';

/** The commands of the Feedback tree's context menu (contributed in package.json, hidden from the palette). */
export const VIEW_COMMANDS = {
  openInView: 'customerContext.feedback.openInView',
  openOriginal: 'customerContext.feedback.openOriginal',
  tag: 'customerContext.feedback.tag',
} as const;

/** Internal: returns the {@link Views} object, for the integration suite. */
export const TEST_API_COMMAND = 'customerContext.views.testApi';

/** What the views give the rest of the extension: Show Context reveals through `contextView`. */
export interface Views extends vscode.Disposable {
  readonly contextView: ContextViewProvider;
  readonly journeys: JourneysTreeProvider;
  readonly feedback: FeedbackTreeProvider;
  /** Loads everything the views show again (Customer Context: Refresh). */
  refresh(): void;
}

export function createViews(services: ViewServices): Views {
  const disposables: vscode.Disposable[] = [];
  const source = new FolderDataSource(services);
  const contextView = new ContextViewProvider(services);
  const journeys = new JourneysTreeProvider(source);
  const feedback = new FeedbackTreeProvider(source, services);
  disposables.push(source, contextView, journeys, feedback);

  /** A command whose failure is logged and shown, never swallowed. */
  const command = (id: string, run: (...args: unknown[]) => unknown) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await run(...args);
      } catch (e) {
        services.log.error(`${id}: ${errorMessage(e)}`);
        void vscode.window.showErrorMessage(`Customer Context: ${errorMessage(e)}`);
        return undefined;
      }
    });

  const record = (arg: unknown) => {
    const item = recordOf(arg);
    if (!item) throw new Error('select a feedback record in the Feedback view first');
    return item;
  };

  disposables.push(
    vscode.window.registerWebviewViewProvider(CONTEXT_VIEW_ID, contextView),
    vscode.window.createTreeView(JOURNEYS_VIEW_ID, { treeDataProvider: journeys, showCollapseAll: true }),
    vscode.window.createTreeView(FEEDBACK_VIEW_ID, { treeDataProvider: feedback, showCollapseAll: true }),
    command(NODE_ACTION_COMMAND, async (action) => {
      const a = action as NodeAction;
      switch (a.kind) {
        case 'definition':
          return openDefinition(a.ref, a.definition, services.log);
        case 'file':
          return vscode.window.showTextDocument(vscode.Uri.parse(a.uri, true), { preview: true });
        case 'reveal':
          return contextView.show({ row: feedbackRow(a.item) });
        case 'more':
          return feedback.loadMore(a.group);
      }
    }),
    command(VIEW_COMMANDS.openInView, (node) => contextView.show({ row: feedbackRow(record(node)) })),
    command(VIEW_COMMANDS.openOriginal, (node) => openOriginal(record(node).url, services.log)),
    command(VIEW_COMMANDS.tag, (node) => {
      const folder = (node as { folder?: unknown } | undefined)?.folder;
      return vscode.commands.executeCommand(TAG_FEEDBACK_COMMAND, record(node).id, typeof folder === 'string' ? folder : undefined);
    }),
  );

  const views: Views = {
    contextView,
    journeys,
    feedback,
    refresh: () => {
      source.invalidate();
      contextView.reload();
    },
    dispose: () => {
      for (const d of disposables.splice(0).reverse()) d.dispose();
    },
  };
  // The integration suite reaches the providers through this internal (not contributed) command: the suite is
  // bundled apart from the extension, so it cannot import them.
  disposables.push(vscode.commands.registerCommand(TEST_API_COMMAND, () => views));
  return views;
}

/** Registers the views on the extension's context, which owns them from then on. */
export function registerViews(ctx: Ctx): Views {
  const views = ctx.push(createViews(ctx));
  // After a (re)start of the server, earlier answers may be stale.
  ctx.push(ctx.client.onRunning(() => views.refresh()));
  ctx.views = views;
  return views;
}
