/**
 * What the views need from the rest of the extension: the language server's custom requests, its index-changed
 * events, a log and where the extension lives. The extension's context is one (registerViews.ts hands it over);
 * the providers do not depend on how the client is built.
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
  FileContextResult,
  IndexChangedParams,
  OutlineParams,
  OutlineResult,
  TreeFilesParams,
  TreeFilesResult,
} from '../../protocol/lsp';

export interface ViewLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export interface ViewServices {
  readonly extensionUri: vscode.Uri;
  readonly log: ViewLog;
  /** `customerContext/fileContext` for a document URI. */
  fileContext(uri: string): Promise<FileContextResult>;
  /** `customerContext/feedback`. */
  feedback(params: FeedbackParams): Promise<FeedbackResult>;
  /** `customerContext/coverage`. */
  coverage(params: CoverageParams): Promise<CoverageResult>;
  /** `customerContext/coverageMap`. */
  coverageMap(params: CoverageMapParams): Promise<CoverageMapResult>;
  /** `customerContext/outline`; rejects when the server does not know it. */
  outline(params: OutlineParams): Promise<OutlineResult>;
  /** `customerContext/treeFiles`. */
  treeFiles(params: TreeFilesParams): Promise<TreeFilesResult>;
  /** `customerContext/componentFiles`. */
  componentFiles(params: ComponentFilesParams): Promise<ComponentFilesResult>;
  /** `customerContext/indexChanged` from the server. */
  readonly onIndexChanged: vscode.Event<IndexChangedParams>;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
