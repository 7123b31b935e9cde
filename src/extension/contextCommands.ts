/**
 * The commands about the file in the editor and the workspace (SPEC §4): Show Context, Link File to Journey…,
 * Initialize Workspace and Refresh. Loaded on the first run of one of them (lazy.ts); commands.ts registers them.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { writeScaffold } from '../core/scaffold';
import { showContextArgs, uriArg } from './commandArgs';
import { Notice, pickFolder, requireTrust } from './commandKit';
import type { Handlers } from './commandKit';
import { annotationEdit, commentSyntax } from './commentTokens';
import type { Ctx } from './ctx';
import { contextPicks, linkPicks, refOfSymbol } from './picks';
import type { PickItem, SymbolRef } from './picks';

// ---- helpers -----------------------------------------------------------------------------------------------------

function shown(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, true);
}

/** The file a command is about: its URI argument, else the active editor's. */
function fileUri(arg: unknown): vscode.Uri {
  const given = uriArg(arg);
  const uri = given ? vscode.Uri.parse(given, true) : vscode.window.activeTextEditor?.document.uri;
  if (!uri) throw new Notice('Open a file first.');
  return uri;
}

/** Journeys and steps the server knows in a folder, from its workspace symbols. */
async function journeySymbols(folderUri: string): Promise<{ ref: SymbolRef; location: vscode.Location }[]> {
  const symbols = (await vscode.commands.executeCommand<vscode.SymbolInformation[] | undefined>('vscode.executeWorkspaceSymbolProvider', '')) ?? [];
  const prefix = `${vscode.Uri.parse(folderUri, true).toString()}/`;
  const out: { ref: SymbolRef; location: vscode.Location }[] = [];
  for (const s of symbols) {
    const ref = refOfSymbol(s.name, s.containerName);
    if (ref && s.location.uri.toString().startsWith(prefix)) out.push({ ref, location: s.location });
  }
  return out;
}

/** Opens where a journey or step is defined in the folder's YAML. */
async function openDefinition(folderUri: string, ref: string): Promise<void> {
  const found = (await journeySymbols(folderUri)).find((s) => s.ref.ref === ref);
  if (!found) throw new Notice(`No definition of '${ref}' found: is the language server still indexing?`);
  await vscode.window.showTextDocument(found.location.uri, { selection: found.location.range, preview: true });
}

/** A multiple-choice Quick Pick where Enter with nothing checked takes the highlighted item, as people expect. */
async function pickMany<T extends vscode.QuickPickItem>(items: T[], title: string, placeholder: string): Promise<readonly T[]> {
  const quickPick = vscode.window.createQuickPick<T>();
  try {
    quickPick.title = title;
    quickPick.placeholder = placeholder;
    quickPick.canSelectMany = true;
    quickPick.matchOnDescription = true;
    quickPick.items = items;
    return await new Promise<readonly T[]>((resolve) => {
      quickPick.onDidAccept(() => resolve(quickPick.selectedItems.length ? quickPick.selectedItems : quickPick.activeItems));
      quickPick.onDidHide(() => resolve([]));
      quickPick.show();
    });
  } finally {
    quickPick.dispose();
  }
}

// ---- the commands ------------------------------------------------------------------------------------------------

/**
 * Reveals the Customer Context view on the file, with the given journey or step in sight. Without the view (not
 * registered), the file's journeys and steps in a Quick Pick (outcome, metrics, feedback); the chosen one opens.
 */
async function showContext(ctx: Ctx, ...args: unknown[]): Promise<void> {
  const { uri: given, ref } = showContextArgs(args);
  const views = ctx.views;
  if (views) return views.show({ ...(given ? { uri: given } : {}), ...(ref ? { ref } : {}) });
  const uri = fileUri(given);
  const result = await ctx.fileContext(uri.toString());
  if (!result) {
    throw new Notice(`${shown(uri)} is not in a workspace folder with a ${ctx.config.settings.root}/ folder.`,
      vscode.workspace.isTrusted ? [{ title: 'Initialize Workspace', command: 'customerContext.initializeWorkspace' }] : []);
  }
  if (!result.refs.length) {
    const linkable = vscode.workspace.isTrusted && !!commentSyntax((await vscode.workspace.openTextDocument(uri)).languageId);
    throw new Notice(`${shown(uri)} serves no journey yet: no component includes it and it has no @cx annotation.`,
      linkable ? [{ title: 'Link File to Journey…', command: 'customerContext.linkFileToJourney', args: [uri.toString()] }] : []);
  }
  const quickPick = vscode.window.createQuickPick<PickItem<(typeof result.refs)[number]>>();
  try {
    quickPick.title = `Customer Context: ${result.path}`;
    quickPick.placeholder = 'Choose a journey or step to open its definition';
    quickPick.matchOnDescription = true;
    quickPick.matchOnDetail = true;
    quickPick.items = contextPicks(result);
    const active = quickPick.items.find((i) => i.value.ref === ref);
    if (active) quickPick.activeItems = [active];
    const chosen = await new Promise<string | undefined>((resolve) => {
      quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0]?.value.ref));
      quickPick.onDidHide(() => resolve(undefined));
      quickPick.show();
    });
    if (chosen) await openDefinition(result.workspaceFolder, chosen);
  } finally {
    quickPick.dispose();
  }
}

/** Inserts a `@cx` comment at the top of the file for the journeys and steps the user picks (one undoable edit). */
async function linkFileToJourney(ctx: Ctx, ...args: unknown[]): Promise<boolean> {
  requireTrust('Link File to Journey');
  const uri = fileUri(args[0]);
  const doc = await vscode.workspace.openTextDocument(uri);
  if (!commentSyntax(doc.languageId)) {
    throw new Notice(`${doc.languageId} files have no comments for a @cx annotation: list ${shown(uri)} in a component's paths in ${ctx.config.settings.root}/components.yaml instead.`);
  }
  const result = await ctx.fileContext(uri.toString());
  if (!result) throw new Notice(`${shown(uri)} is not in a workspace folder with a ${ctx.config.settings.root}/ folder.`);
  const symbols = await journeySymbols(result.workspaceFolder);
  if (!symbols.length) throw new Notice(`No journeys defined yet: add one to ${ctx.config.settings.root}/journeys.yaml.`);
  const items = linkPicks(symbols.map((s) => s.ref), result);
  if (!items.length) throw new Notice(`${shown(uri)} is already annotated with every journey and step.`);
  const chosen = await pickMany(items, `Link ${shown(uri)} to journeys`, 'Check journeys or steps (Enter alone takes the highlighted one): a @cx comment goes at the top of the file');
  if (!chosen.length) return false;
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  const eol = doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
  const edit = annotationEdit(doc.getText().split(/\r?\n/), doc.languageId, chosen.map((c) => c.value.ref), eol);
  if (!edit) return false;
  const at = new vscode.Position(edit.line, edit.character);
  if (!(await editor.edit((b) => b.insert(at, edit.text)))) throw new Error(`could not edit ${shown(uri)}`);
  editor.revealRange(new vscode.Range(at, at), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return true;
}

/**
 * Scaffolds the data folder (as `cx init`) in a workspace folder and opens its journeys. A data folder that holds
 * anything already is left alone: its example feedback and metrics would mix with the team's real ones.
 */
async function initializeWorkspace(ctx: Ctx, ...args: unknown[]): Promise<string[]> {
  requireTrust('Initialize Workspace');
  const folder = await pickFolder(args[0]);
  if (!folder) return [];
  if (folder.uri.scheme !== 'file') throw new Notice(`${folder.name} is not on disk: Initialize Workspace needs a local folder.`);
  const root = ctx.config.settings.root;
  const journeys = vscode.Uri.joinPath(folder.uri, root, 'journeys.yaml');
  const existing = await fs.readdir(path.join(folder.uri.fsPath, root)).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return [];
    throw e;
  });
  if (existing.length) {
    const hasJourneys = await fs.stat(journeys.fsPath).then(() => true, () => false);
    if (hasJourneys) await vscode.window.showTextDocument(journeys, { preview: false });
    throw new Notice(`${folder.name} already has a ${root}/ folder; nothing was written.`);
  }
  const { written } = await writeScaffold(folder.uri.fsPath, root);
  for (const w of written) ctx.log.info(`initialize: created ${folder.name}/${w}`);
  await vscode.window.showTextDocument(journeys, { preview: false });
  void vscode.window.showInformationMessage(`Customer Context: created ${root}/ in ${folder.name} with commented examples. Edit the journeys and components, then link code with @cx comments.`);
  return written;
}

/** Restarts the language server, which reindexes every folder. */
async function refresh(ctx: Ctx): Promise<void> {
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Customer Context: reindexing' }, () => ctx.client.restart());
}

/** The handlers of this module, by command id. */
export const HANDLERS = {
  'customerContext.showContext': showContext,
  'customerContext.linkFileToJourney': linkFileToJourney,
  'customerContext.initializeWorkspace': initializeWorkspace,
  'customerContext.refresh': refresh,
} as const satisfies Handlers;
