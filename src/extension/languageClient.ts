/**
 * The language client (vscode-languageclient): starts the server (dist/server.js, over IPC), keeps its settings
 * current and restarts it when it crashes (telling the user once). Bundled apart, as dist/extension/languageClient.js
 * (~440 KB with the library), and loaded by client.ts right after activate() returns; so it imports nothing that
 * holds state in the entry bundle, and no zod: client.ts validates what the server sends.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CloseAction, DidChangeConfigurationNotification, ErrorAction, LanguageClient, RevealOutputChannelOn, State, TransportKind } from 'vscode-languageclient/node';
import type { LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';
import { SERVER_ENV } from '../protocol/serverProcess';
import type { Config } from './config';
import { RestartPolicy } from './restartPolicy';

/** The client id: also the prefix of the `customerContext.trace.server` setting the library reads. */
const CLIENT_ID = 'customerContext';
const CLIENT_NAME = 'Customer Context';
const SHOW_LOG = 'Show Log';

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** What client.ts hands the language client: where the extension lives, the log, the settings and the server's events. */
export interface ClientHost {
  readonly extension: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly config: Config;
  /** The server is up, the first time and after each restart. */
  running(): void;
  /** A notification from the server, not yet validated. */
  notification(method: string, params: unknown): void;
}

export class LspClient {
  private readonly client: LanguageClient;
  private readonly policy = new RestartPolicy();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly log: vscode.LogOutputChannel;
  private readonly config: Config;

  /** `notifications`: the methods of the server's notifications to pass on to `host.notification`. */
  constructor(host: ClientHost, notifications: readonly string[]) {
    const { extension, log, config } = host;
    this.log = log;
    this.config = config;
    const module = extension.asAbsolutePath(path.join('dist', 'server.js'));
    // The server's process starts with the environment that keeps its memory near what it holds (serverProcess.ts).
    const env = { ...process.env, ...SERVER_ENV };
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc, options: { env } },
      debug: { module, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6009'] } },
    };
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    const sameTick = new SameTick();
    this.disposables.push(watcher);
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
      ...notifications.map((method) => this.client.onNotification(method, (raw: unknown) => host.notification(method, raw))),
      this.client.onDidChangeState((e) => {
        if (e.newState === State.Running) host.running();
      }),
      config.onDidChange(() => {
        if (!this.client.isRunning()) return; // the next start sends them as initializationOptions
        this.client.sendNotification(DidChangeConfigurationNotification.type, { settings: { [CLIENT_ID]: this.config.server } })
          .catch((e: unknown) => log.error(`could not send the settings to the language server: ${errorText(e)}`));
      }),
    );
  }

  /** Starts the server (client.ts calls it once, and again after a failed start). */
  start(): Promise<void> {
    return this.client.start();
  }

  /** Restarts the server, which reindexes every folder; the crash count starts again. */
  restart(): Promise<void> {
    this.policy.reset();
    return this.client.state === State.Stopped ? this.client.start() : this.client.restart();
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
