/**
 * The views' code: the Customer Context view's provider, the Journeys and Feedback trees and the handlers of their
 * commands. Loaded on first use (a bundle of its own, lazy.ts): when VS Code first asks for a view's content or a
 * view's command runs. registerViews.ts registers the views and commands at activation and hands over to these.
 */
import * as vscode from 'vscode';
import { ContextViewProvider, TAG_FEEDBACK_COMMAND } from './contextView';
import { feedbackRow } from './contextModel';
import { NODE_ACTION_COMMAND, VIEW_COMMANDS } from './ids';
import { openDefinition, openOriginal } from './navigation';
import type { ViewServices } from './services';
import { FeedbackTreeProvider, FolderDataSource, JourneysTreeProvider, recordOf } from './trees';
import type { NodeAction } from './treeModel';

/** The views' providers, and the handlers of their commands by command id. */
export interface ViewProviders extends vscode.Disposable {
  readonly contextView: ContextViewProvider;
  readonly journeys: JourneysTreeProvider;
  readonly feedback: FeedbackTreeProvider;
  readonly commands: Readonly<Record<string, (...args: unknown[]) => unknown>>;
  /** Loads everything the views show again (Customer Context: Refresh). */
  refresh(): void;
}

export function createViews(services: ViewServices): ViewProviders {
  const source = new FolderDataSource(services);
  const contextView = new ContextViewProvider(services);
  const journeys = new JourneysTreeProvider(source);
  const feedback = new FeedbackTreeProvider(source, services);
  const disposables: vscode.Disposable[] = [source, contextView, journeys, feedback];

  const record = (arg: unknown) => {
    const item = recordOf(arg);
    if (!item) throw new Error('select a feedback record in the Feedback view first');
    return item;
  };

  const commands = {
    [NODE_ACTION_COMMAND]: async (action: unknown) => {
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
    },
    [VIEW_COMMANDS.openInView]: (node: unknown) => contextView.show({ row: feedbackRow(record(node)) }),
    [VIEW_COMMANDS.openOriginal]: (node: unknown) => openOriginal(record(node).url, services.log),
    [VIEW_COMMANDS.tag]: (node: unknown) => {
      const folder = (node as { folder?: unknown } | undefined)?.folder;
      return vscode.commands.executeCommand(TAG_FEEDBACK_COMMAND, record(node).id, typeof folder === 'string' ? folder : undefined);
    },
  };

  return {
    contextView,
    journeys,
    feedback,
    commands,
    refresh: () => {
      source.invalidate();
      contextView.reload();
    },
    dispose: () => {
      for (const d of disposables.splice(0).reverse()) d.dispose();
    },
  };
}
