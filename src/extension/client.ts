/**
 * The language client: starts the server (dist/server.js, over IPC), keeps its settings current, restarts it when
 * it crashes (telling the user once) and turns the server's `customerContext/indexChanged` into an event. The
 * editor never waits on it: requests queue until the server is up, and indexing happens in the server process.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CloseAction, DidChangeConfigurationNotification, ErrorAction, LanguageClient, RevealOutputChannelOn, State, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { IndexChangedNotification, IndexChangedParams } from '../protocol/lsp';
import type { Config } from './config';
import { RestartPolicy } from './restartPolicy';

/** The client id: also the prefix of the `customerContext.trace.server` setting the library reads. */
const CLIENT_ID = 'customerContext';
const CLIENT_NAME = 'Customer Context';
const SHOW_LOG = 'Show Log';

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export class CxClient implements vscode.Disposable {
  private readonly client: LanguageClient;
  private readonly policy = new RestartPolicy();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly indexChanged = new vscode.EventEmitter<IndexChangedParams>();
  private readonly running = new vscode.EventEmitter<void>();
  private started: Promise<void> | undefined;
  /** The server's index of a folder changed: views and the status bar refresh. */
  readonly onIndexChanged = this.indexChanged.event;
  /** The server is up, the first time and after each restart: earlier answers may be stale. */
  readonly onRunning = this.running.event;

  constructor(extension: vscode.ExtensionContext, private readonly log: vscode.LogOutputChannel, private readonly config: Config) {
    const module = extension.asAbsolutePath(path.join('dist', 'server.js'));
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
    };
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    const sameTick = new SameTick();
    this.disposables.push(watcher, this.indexChanged, this.running);
    const clientOptions: LanguageClientOptions = {
      // Every file on disk: the server decides what it knows (`.cx/` data, and any source file for `@cx`). The data
      // files are listed apart so that narrowing the first selector never drops them.
      documentSelector: [{ scheme: 'file' }, { scheme: 'file', pattern: '**/.cx/**' }],
      synchronize: { fileEvents: watcher },
      // A function, so a restart starts with the settings of that moment.
      initializationOptions: () => ({ settings: this.config.server }),
      outputChannel: log,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      errorHandler: {
        // The library's default: a few write errors are survivable; past that the connection is gone.
        error: (_error, _message, count) => ({ action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown }),
        closed: () => this.closed(),
      },
      middleware: {
        workspace: {
          // The validated settings go out from the config listener below; the library's own copy would be a
          // second, unvalidated notification for the same change.
          didChangeConfiguration: () => Promise.resolve(),
          didChangeWatchedFile: (event, next) => (sameTick.repeated(`${event.type} ${event.uri.toString()}`) ? Promise.resolve() : next(event)),
        },
      },
    };
    this.client = new LanguageClient(CLIENT_ID, CLIENT_NAME, serverOptions, clientOptions);
    this.disposables.push(
      this.client.onNotification(IndexChangedNotification.method, (raw: unknown) => {
        const params = IndexChangedParams.safeParse(raw);
        if (params.success) this.indexChanged.fire(params.data);
        else log.warn(`ignored a malformed ${IndexChangedNotification.method}: ${JSON.stringify(raw)}`);
      }),
      this.client.onDidChangeState((e) => {
        if (e.newState === State.Running) this.running.fire();
      }),
      config.onDidChange(() => {
        if (!this.client.isRunning()) return; // the next start sends them as initializationOptions
        this.client.sendNotification(DidChangeConfigurationNotification.type, { settings: { [CLIENT_ID]: this.config.server } })
          .catch((e: unknown) => log.error(`could not send the settings to the language server: ${errorText(e)}`));
      }),
    );
  }

  /** Starts the server once; later calls return the same promise. A failure is logged and shown, then rethrown. */
  start(): Promise<void> {
    this.started ??= this.client.start().catch((e: unknown) => {
      this.started = undefined;
      this.log.error(`the language server did not start: ${errorText(e)}`);
      void vscode.window.showErrorMessage(`Customer Context: the language server did not start: ${errorText(e)}`, SHOW_LOG)
        .then((choice) => choice === SHOW_LOG && this.log.show(true));
      throw e;
    });
    return this.started;
  }

  /** Restarts the server, which reindexes every folder; the crash count starts again. */
  async restart(): Promise<void> {
    this.policy.reset();
    this.started = undefined;
    if (this.client.state === State.Stopped) await this.start();
    else {
      this.started = this.client.restart();
      await this.started;
    }
  }

  /** Sends a custom request (declared in src/protocol/lsp.ts); rejects when the server is down or it is cancelled. */
  request<R>(method: string, params: object, token?: vscode.CancellationToken): Promise<R> {
    return token ? this.client.sendRequest<R>(method, params, token) : this.client.sendRequest<R>(method, params);
  }

  private async closed(): Promise<{ action: CloseAction; handled: boolean }> {
    const d = this.policy.crashed(Date.now());
    if (d.restart) {
      this.log.error(`the language server stopped unexpectedly (${d.recent} in ${this.policy.periodMs / 60_000} minutes); restarting it`);
      if (d.notify) {
        void vscode.window.showWarningMessage('Customer Context language server crashed and was restarted.', SHOW_LOG)
          .then((choice) => choice === SHOW_LOG && this.log.show(true));
      }
      return { action: CloseAction.Restart, handled: true };
    }
    const message = `Customer Context language server crashed ${d.recent} times in ${this.policy.periodMs / 60_000} minutes and was not restarted.`;
    this.log.error(message);
    void vscode.window.showErrorMessage(message, SHOW_LOG, 'Restart').then((choice) => {
      if (choice === SHOW_LOG) this.log.show(true);
      else if (choice === 'Restart') this.restart().catch((e: unknown) => this.log.error(`restart failed: ${errorText(e)}`));
    });
    return { action: CloseAction.DoNotRestart, handled: true };
  }

  async dispose(): Promise<void> {
    try {
      if (this.client.needsStop()) await this.client.stop();
    } catch (e) {
      this.log.warn(`stopping the language server: ${errorText(e)}`);
    } finally {
      for (const d of this.disposables.splice(0).reverse()) d.dispose();
    }
  }
}

/**
 * The client's watcher and the one the server registers for itself both report each file event, in the same turn of
 * the event loop; one copy is enough. A later event for the same file is a new change and goes through.
 */
class SameTick {
  private readonly seen = new Set<string>();

  /** Whether `key` was already seen in this turn of the event loop. */
  repeated(key: string): boolean {
    if (this.seen.has(key)) return true;
    if (!this.seen.size) setTimeout(() => this.seen.clear(), 0);
    this.seen.add(key);
    return false;
  }
}
