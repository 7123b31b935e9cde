/**
 * What the command implementations share: the {@link Notice} they throw for an expected situation, the trust check,
 * the folder a command is about. Each lazily loaded command bundle (lazy.ts) has its own copy of this module, so
 * nothing here holds state, and a Notice is recognised by its name rather than by its class.
 */
import * as vscode from 'vscode';
import { uriArg } from './commandArgs';
import type { CommandId } from './commands';
import type { Ctx } from './ctx';

/** A command's action on the context; its arguments are untrusted (palette, CodeLens, menus, other commands). */
export type Handler = (ctx: Ctx, ...args: unknown[]) => unknown;

/** The handlers a command module implements (its `HANDLERS`); commands.ts says which module has which command. */
export type Handlers = Partial<Record<CommandId, Handler>>;

export interface NoticeAction {
  title: string;
  command: CommandId;
  args?: unknown[];
}

const NOTICE = 'CustomerContextNotice';

/** An expected situation the user should know about, with follow-up actions: shown as information, not logged. */
export class Notice extends Error {
  override readonly name = NOTICE;

  constructor(message: string, readonly actions: NoticeAction[] = []) {
    super(message);
  }
}

/** Whether `e` is a {@link Notice} thrown by any bundle's copy of the class. */
export function isNotice(e: unknown): e is Notice {
  return e instanceof Error && e.name === NOTICE && Array.isArray((e as Partial<Notice>).actions);
}

export function requireTrust(what: string): void {
  if (!vscode.workspace.isTrusted) throw new Notice(`${what} writes to the workspace, which is not trusted: trust it first.`);
}

/** The workspace folder a command is about: the argument's, the active editor's, the only one, or the user's pick. */
export async function pickFolder(arg?: unknown): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (!folders.length) throw new Notice('Open a folder first.');
  const given = uriArg(arg);
  const hint = given ? vscode.Uri.parse(given, true) : vscode.window.activeTextEditor?.document.uri;
  const folder = hint && vscode.workspace.getWorkspaceFolder(hint);
  if (folder) return folder;
  if (folders.length === 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Choose a workspace folder' });
}

/** A folder without the data folder: nothing to show yet, and how to start. */
export function noData(ctx: Ctx, folder: vscode.WorkspaceFolder): Notice {
  return new Notice(`${folder.name} has no ${ctx.config.settings.root}/ folder, so no customer data yet.`,
    vscode.workspace.isTrusted ? [{ title: 'Initialize Workspace', command: 'customerContext.initializeWorkspace', args: [folder.uri.toString()] }] : []);
}

/** The folder's path on disk; a Notice for a folder that is not on disk. */
export function diskRoot(folder: vscode.WorkspaceFolder): string {
  if (folder.uri.scheme !== 'file') throw new Notice(`${folder.name} is not on disk: tagging and importing need a local folder.`);
  return folder.uri.fsPath;
}

/** The choices argument of a command (an object that is neither a URI nor a tree item), else undefined. */
export function choicesArg<T extends object>(arg: unknown): Partial<T> | undefined {
  return arg && typeof arg === 'object' && !('scheme' in arg) && !('id' in arg) ? (arg as Partial<T>) : undefined;
}

/** Resolves when the server reports the folder's index changed, or after `ms` (then it asks it to look again). */
export function waitForIndex(ctx: Ctx, folder: vscode.WorkspaceFolder, ms = 5000): Promise<void> {
  const uri = folder.uri.toString();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      sub.dispose();
      ctx.log.warn(`tagging: no index change of ${folder.name} within ${ms} ms of the write`);
      resolve();
    }, ms);
    const sub = ctx.onIndexChanged((e) => {
      if (!e.folders.includes(uri)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
}
