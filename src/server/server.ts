/**
 * Wires the language server: capabilities, document sync, file events, settings and one handler per feature. The
 * handlers adapt the core to LSP (src/server/handlers); every one is guarded, so an exception is logged and answered
 * with an empty result (or an error for a custom request), never a crash.
 */
import * as path from 'node:path';
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import type { ClientCapabilities, CompletionParams, Connection, InitializeResult, WorkspaceFolder } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { cxFileKind } from '../core/cxData';
import { DEFAULT_SETTINGS } from '../core/settings';
import { ComponentFilesRequest, CoverageMapRequest, CoverageRequest, FeedbackRequest, FileContextRequest, OutlineRequest, TreeFilesRequest } from '../protocol/lsp';
import { errorText } from './folderIndex';
import type { FileChange, Snapshot } from './folderIndex';
import { codeActions } from './handlers/codeActions';
import { codeLenses } from './handlers/codeLens';
import { completion, COMPLETION_TRIGGERS } from './handlers/completion';
import { componentFiles, coverage, coverageMap, feedback, fileContext, outline, treeFiles } from './handlers/custom';
import { documentLinks } from './handlers/documentLinks';
import { hover } from './handlers/hover';
import { definition, references } from './handlers/navigation';
import { workspaceSymbols } from './handlers/symbols';
import type { Logger } from './logger';
import { readSettings } from './settings';
import { uriToPath } from './uri';
import { ServerWorkspace } from './workspace';
import type { DocContext } from './workspace';

const FILE_CHANGE: Record<FileChangeType, FileChange> = {
  [FileChangeType.Created]: 'created',
  [FileChangeType.Changed]: 'changed',
  [FileChangeType.Deleted]: 'deleted',
};

export function startServer(connection: Connection): void {
  const log: Logger = {
    info: (m) => connection.console.info(m),
    warn: (m) => connection.console.warn(m),
    error: (m) => connection.console.error(m),
  };
  process.on('uncaughtException', (e) => log.error(`uncaught exception: ${errorText(e)}`));
  process.on('unhandledRejection', (e) => log.error(`unhandled rejection: ${errorText(e)}`));

  const documents = new TextDocuments(TextDocument);
  const ws = new ServerWorkspace(connection, documents, log, DEFAULT_SETTINGS);
  let capabilities: ClientCapabilities = {};
  let initialFolders: WorkspaceFolder[] = [];

  /** Runs a handler; an exception is logged and answered with `fallback` (a ResponseError goes to the client). */
  const guard = <P, R>(name: string, fallback: R, handler: (params: P) => R | Promise<R>) =>
    async (params: P): Promise<R> => {
      try {
        return await handler(params);
      } catch (e) {
        if (e instanceof ResponseError) throw e;
        log.error(`${name} failed: ${errorText(e)}`);
        return fallback;
      }
    };

  /** A handler on a document in an indexed folder; other documents get `fallback`. */
  const onDoc = <P extends { textDocument: { uri: string } }, R>(name: string, fallback: R, handler: (ctx: DocContext, params: P) => R | Promise<R>) =>
    guard<P, R>(name, fallback, async (params) => {
      const ctx = await ws.docContext(params.textDocument.uri);
      return ctx ? handler(ctx, params) : fallback;
    });

  connection.onInitialize((params): InitializeResult => {
    capabilities = params.capabilities;
    const init = params.initializationOptions as { settings?: unknown } | undefined;
    ws.applySettings(readSettings(init?.settings, log.warn));
    const rootPath = params.rootUri ? uriToPath(params.rootUri) : undefined;
    initialFolders = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: path.basename(rootPath ?? params.rootUri) }] : []);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: COMPLETION_TRIGGERS },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        codeLensProvider: { resolveProvider: false },
        workspaceSymbolProvider: true,
        documentLinkProvider: { resolveProvider: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'customer-context' },
    };
  });

  connection.onInitialized(() => {
    for (const f of initialFolders) ws.addFolder(f);
    const workspace = capabilities.workspace;
    if (workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      // Everything: `.cx/` files and source files (annotations, and the files component patterns match).
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] })
        .catch((e: unknown) => log.warn(`cannot watch files: ${errorText(e)}`));
    }
    if (workspace?.didChangeConfiguration?.dynamicRegistration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'customerContext' })
        .catch((e: unknown) => log.warn(`cannot watch settings: ${errorText(e)}`));
    }
    if (workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        for (const f of e.removed) ws.removeFolder(f.uri);
        for (const f of e.added) ws.addFolder(f);
      });
    }
    if (workspace?.codeLens?.refreshSupport) {
      ws.onDidNotify = () => void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    }
  });

  connection.onDidChangeConfiguration(guard('settings', undefined, async (params: { settings?: unknown }) => {
    const all = params.settings as { customerContext?: unknown } | null | undefined;
    let raw = all && typeof all === 'object' ? all.customerContext : undefined;
    if (raw === undefined && capabilities.workspace?.configuration) raw = await connection.workspace.getConfiguration('customerContext');
    if (raw !== undefined) ws.applySettings(readSettings(raw, log.warn));
  }));

  connection.onDidChangeWatchedFiles(guard('file events', undefined, (params) => {
    for (const c of params.changes) ws.fileChanged(c.uri, FILE_CHANGE[c.type] ?? 'changed');
  }));

  documents.onDidChangeContent((e) => ws.documentChanged(e.document.uri));
  documents.onDidClose((e) => ws.documentClosed(e.document.uri));

  connection.onHover(onDoc('hover', null, (ctx, p) => hover(ctx, p.position)));
  connection.onCompletion(guard('completion', [], async (p: CompletionParams) => {
    // Completion is asked for at every space: in source files, answer at once unless the line has an `@cx`.
    const doc = documents.get(p.textDocument.uri);
    const at = ws.locate(p.textDocument.uri);
    if (doc && at && !cxFileKind(at.rel, at.folder.root) && !doc.getText({ start: { line: p.position.line, character: 0 }, end: p.position }).includes('@cx')) return [];
    const ctx = await ws.docContext(p.textDocument.uri);
    return ctx ? completion(ctx, p.position) : [];
  }));
  connection.onDefinition(onDoc('definition', null, (ctx, p) => definition(ws, ctx, p.position)));
  connection.onReferences(onDoc('references', [], (ctx, p) => references(ws, ctx, p.position, p.context.includeDeclaration)));
  connection.onCodeLens(onDoc('codeLens', [], (ctx) => codeLenses(ctx)));
  connection.onDocumentLinks(onDoc('documentLinks', [], (ctx) => documentLinks(ctx)));
  connection.onCodeAction(onDoc('codeAction', [], (ctx, p) => {
    const edit = capabilities.workspace?.workspaceEdit;
    return codeActions(ws, ctx, p, { createFiles: !!edit?.documentChanges && !!edit.resourceOperations?.includes('create') });
  }));
  connection.onWorkspaceSymbol(guard('workspaceSymbol', [], async (p) => {
    const snapshots: Snapshot[] = [];
    for (const f of ws.allFolders()) {
      const snap = await f.ready();
      if (snap) snapshots.push(snap);
    }
    return workspaceSymbols(ws, snapshots, p.query);
  }));

  connection.onRequest(FileContextRequest.method, guard('fileContext', null, (p: unknown) => fileContext(ws, p)));
  connection.onRequest(CoverageRequest.method, guard('coverage', null, (p: unknown) => coverage(ws, p)));
  connection.onRequest(CoverageMapRequest.method, guard('coverageMap', null, (p: unknown) => coverageMap(ws, p)));
  connection.onRequest(FeedbackRequest.method, guard('feedback', null, (p: unknown) => feedback(ws, p)));
  connection.onRequest(OutlineRequest.method, guard('outline', null, (p: unknown) => outline(ws, p)));
  connection.onRequest(TreeFilesRequest.method, guard('treeFiles', null, (p: unknown) => treeFiles(ws, p)));
  connection.onRequest(ComponentFilesRequest.method, guard('componentFiles', null, (p: unknown) => componentFiles(ws, p)));

  connection.onShutdown(() => {
    for (const f of ws.allFolders()) f.dispose();
  });

  documents.listen(connection);
  connection.listen();
}
