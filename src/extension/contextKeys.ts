/**
 * The context keys the manifest's `when` clauses read, kept current from activation on.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Ctx } from './ctx';

/** The context key that shows Tag Selection with Feedback… in the editor's context menu: the file's folder has data. */
export const FILE_HAS_DATA = 'customerContext.fileHasData';

/** Keeps {@link FILE_HAS_DATA} true while the active editor's file is in a workspace folder with the data folder. */
export function registerContextKeys(ctx: Ctx): void {
  let seq = 0;
  const update = async () => {
    const n = ++seq;
    const uri = vscode.window.activeTextEditor?.document.uri;
    const folder = uri && uri.scheme === 'file' ? vscode.workspace.getWorkspaceFolder(uri) : undefined;
    const has = folder?.uri.scheme === 'file'
      ? (await fs.stat(path.join(folder.uri.fsPath, ctx.config.settings.root)).catch(() => undefined))?.isDirectory() === true
      : false;
    if (n === seq) await vscode.commands.executeCommand('setContext', FILE_HAS_DATA, has);
  };
  ctx.push(vscode.window.onDidChangeActiveTextEditor(() => void update()));
  ctx.push(ctx.onIndexChanged(() => void update()));
  ctx.push(ctx.config.onDidChange(() => void update()));
  void update();
}
