/**
 * The extension's context: one object that owns everything activate() creates (the log, the settings, the language
 * client and every registration) and disposes it in reverse order. Commands, the status bar and the views receive
 * it and reach the server only through its typed requests.
 */
import type * as vscode from 'vscode';
import type {
  ComponentFilesParams,
  ComponentFilesResult,
  CoverageMapParams,
  CoverageMapResult,
  CoverageParams,
  CoverageResult,
  FeedbackParams,
  FeedbackResult,
  FileContextParams,
  FileContextResult,
  IndexChangedParams,
  OutlineParams,
  OutlineResult,
  TreeFilesParams,
  TreeFilesResult,
} from '../protocol/lsp';
import { ComponentFilesRequest, CoverageMapRequest, CoverageRequest, FeedbackRequest, FileContextRequest, OutlineRequest, TreeFilesRequest } from '../protocol/lsp';
import { CxClient } from './client';
import { Config } from './config';
import type { Views } from './views/registerViews';

export class Ctx implements vscode.Disposable {
  readonly config: Config;
  readonly client: CxClient;
  /** The views, once registered (Show Context reveals through them). */
  views: Views | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed: Promise<void> | undefined;

  constructor(readonly extension: vscode.ExtensionContext, readonly log: vscode.LogOutputChannel) {
    this.config = this.push(new Config(log));
    this.client = new CxClient(extension, log, this.config);
  }

  get extensionUri(): vscode.Uri {
    return this.extension.extensionUri;
  }

  /** The server's index of a folder changed. */
  get onIndexChanged(): vscode.Event<IndexChangedParams> {
    return this.client.onIndexChanged;
  }

  /** Takes ownership of `d`: disposed with the context. */
  push<T extends vscode.Disposable>(d: T): T {
    this.disposables.push(d);
    return d;
  }

  /** `customerContext/fileContext` for a document URI. */
  fileContext(uri: string, token?: vscode.CancellationToken): Promise<FileContextResult> {
    return this.client.request(FileContextRequest.method, { uri } satisfies FileContextParams, token);
  }

  /** `customerContext/coverage`. */
  coverage(params: CoverageParams, token?: vscode.CancellationToken): Promise<CoverageResult> {
    return this.client.request(CoverageRequest.method, params, token);
  }

  /** `customerContext/coverageMap`. */
  coverageMap(params: CoverageMapParams, token?: vscode.CancellationToken): Promise<CoverageMapResult> {
    return this.client.request(CoverageMapRequest.method, params, token);
  }

  /** `customerContext/feedback`. */
  feedback(params: FeedbackParams, token?: vscode.CancellationToken): Promise<FeedbackResult> {
    return this.client.request(FeedbackRequest.method, params, token);
  }

  /** `customerContext/outline`. */
  outline(params: OutlineParams, token?: vscode.CancellationToken): Promise<OutlineResult> {
    return this.client.request(OutlineRequest.method, params, token);
  }

  /** `customerContext/treeFiles`. */
  treeFiles(params: TreeFilesParams, token?: vscode.CancellationToken): Promise<TreeFilesResult> {
    return this.client.request(TreeFilesRequest.method, params, token);
  }

  /** `customerContext/componentFiles`. */
  componentFiles(params: ComponentFilesParams, token?: vscode.CancellationToken): Promise<ComponentFilesResult> {
    return this.client.request(ComponentFilesRequest.method, params, token);
  }

  /** Stops the language server, then disposes everything else, newest first. Safe to call twice. */
  dispose(): Promise<void> {
    this.disposed ??= (async () => {
      await this.client.dispose();
      for (const d of this.disposables.splice(0).reverse()) {
        try {
          d.dispose();
        } catch (e) {
          this.log.error(`dispose: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      this.log.dispose();
    })();
    return this.disposed;
  }
}
