/**
 * The extension's side of the language server: the events and requests the rest of the extension uses, in front
 * of the language client. The client itself (vscode-languageclient, ~440 KB: more than everything activation
 * needs) is its own bundle, dist/extension/languageClient.js: it is loaded and started in the turn of the event
 * loop after activate() returns, so the extension host is not held up by it. Requests made before it is up wait for
 * it, as the library's own requests wait for the server. The server's notifications are validated here.
 */
import * as vscode from 'vscode';
import { IndexChangedNotification, IndexChangedParams } from '../protocol/lsp';
import type { Config } from './config';
import { loadLazy } from './lazy';
import type { LspClient } from './languageClient';

const SHOW_LOG = 'Show Log';

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class CxClient implements vscode.Disposable {
  private readonly indexChanged = new vscode.EventEmitter<IndexChangedParams>();
  private readonly running = new vscode.EventEmitter<void>();
  private client: Promise<LspClient> | undefined;
  private started: Promise<void> | undefined;
  private disposed = false;
  /** The server's index of a folder changed: views and the status bar refresh. */
  readonly onIndexChanged = this.indexChanged.event;
  /** The server is up, the first time and after each restart: earlier answers may be stale. */
  readonly onRunning = this.running.event;

  constructor(private readonly extension: vscode.ExtensionContext, private readonly log: vscode.LogOutputChannel, private readonly config: Config) {}

  /** The language client, loaded and created on the first call, in a later turn of the event loop than that call. */
  private lsp(): Promise<LspClient> {
    this.client ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      if (this.disposed) throw new Error('the extension is shutting down');
      const { LspClient } = loadLazy('languageClient');
      return new LspClient({
        extension: this.extension,
        log: this.log,
        config: this.config,
        running: () => this.running.fire(),
        notification: (method, raw) => this.notified(method, raw),
      }, [IndexChangedNotification.method]);
    });
    return this.client;
  }

  private notified(method: string, raw: unknown): void {
    if (method !== IndexChangedNotification.method) return;
    const params = IndexChangedParams.safeParse(raw);
    if (params.success) this.indexChanged.fire(params.data);
    else this.log.warn(`ignored a malformed ${method}: ${JSON.stringify(raw)}`);
  }

  /** Starts the server once; later calls return the same promise. A failure is logged and shown, then rethrown. */
  start(): Promise<void> {
    this.started ??= this.lsp().then((c) => c.start()).catch((e: unknown) => {
      this.started = undefined;
      if (this.disposed) throw e; // deactivated before the client was up: nothing to tell
      this.log.error(`the language server did not start: ${errorText(e)}`);
      void vscode.window.showErrorMessage(`Customer Context: the language server did not start: ${errorText(e)}`, SHOW_LOG)
        .then((choice) => choice === SHOW_LOG && this.log.show(true));
      throw e;
    });
    return this.started;
  }

  /** Restarts the server, which reindexes every folder; the crash count starts again. */
  async restart(): Promise<void> {
    this.started = (await this.lsp()).restart();
    await this.started;
  }

  /** Sends a custom request (declared in src/protocol/lsp.ts); rejects when the server is down or it is cancelled. */
  async request<R>(method: string, params: object, token?: vscode.CancellationToken): Promise<R> {
    return (await this.lsp()).request<R>(method, params, token);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    try {
      // A client that never loaded has nothing to stop.
      const client = await this.client?.catch(() => undefined);
      await client?.dispose();
    } finally {
      this.indexChanged.dispose();
      this.running.dispose();
    }
  }
}
