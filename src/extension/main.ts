/**
 * The extension's entry (bundled to dist/extension.js). activate() only wires: the log, the context that owns
 * everything (settings, language client), the status bar, the commands and the views. It loads no more than it
 * wires: the commands' code is loaded on their first run, and the language client right after activate() returns
 * (lazy.ts, client.ts). It does not wait for the language server either: the server indexes in its own process and
 * requests queue until it is up.
 */
import * as vscode from 'vscode';
import type { FileContextResult } from '../protocol/lsp';
import { registerCommands } from './commands';
import { registerContextKeys } from './contextKeys';
import { Ctx } from './ctx';
import { StatusBar } from './statusBar';
import type { StatusSnapshot } from './statusBar';
import { registerViews } from './views/registerViews';

/** What activate() returns, for the integration tests (`extension.exports`). */
export interface TestApi {
  /** Resolves when the language server has started; rejects when it could not. */
  readonly ready: Promise<void>;
  /** `customerContext/fileContext` for a document URI. */
  fileContext(uri: string): Promise<FileContextResult>;
  /** What the status bar item shows now. */
  statusBar(): StatusSnapshot;
  /** Fires after each update of the status bar item. */
  readonly onStatusBarUpdate: vscode.Event<StatusSnapshot>;
}

let current: Ctx | undefined;

export function activate(context: vscode.ExtensionContext): TestApi {
  const log = vscode.window.createOutputChannel('Customer Context', { log: true });
  try {
    const ctx = new Ctx(context, log);
    context.subscriptions.push(ctx);
    current = ctx;
    const statusBar = ctx.push(new StatusBar(ctx));
    registerCommands(ctx);
    registerViews(ctx);
    registerContextKeys(ctx);
    const ready = ctx.client.start();
    ready.catch(() => undefined); // start() has logged and shown it
    log.info(`activated ${context.extension.id} ${String(context.extension.packageJSON.version ?? '')}`);
    return {
      ready,
      fileContext: (uri) => ctx.fileContext(uri),
      statusBar: () => statusBar.snapshot(),
      onStatusBarUpdate: statusBar.onDidUpdate,
    };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    log.error(`activation failed: ${e instanceof Error && e.stack ? e.stack : message}`);
    void vscode.window.showErrorMessage(`Customer Context failed to activate: ${message}`, 'Show Log')
      .then((choice) => choice && log.show(true));
    throw e;
  }
}

/** Stops the language server (VS Code waits for the promise). */
export function deactivate(): Promise<void> | undefined {
  const ctx = current;
  current = undefined;
  return ctx?.dispose();
}
