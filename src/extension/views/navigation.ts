/**
 * Opening what the views point at: a journey's, step's or component's YAML definition, a file, a record's original.
 * Definitions come from the server's outline.
 */
import * as vscode from 'vscode';
import type { OutlineEntry } from '../../protocol/lsp';
import { isWebUrl } from '../../protocol/webview';
import type { ViewLog } from './services';

export async function openDefinition(ref: string, definition: OutlineEntry['definition'] | undefined, log: ViewLog): Promise<void> {
  if (!definition) {
    log.warn(`no definition found for '${ref}'`);
    void vscode.window.showInformationMessage(`Customer Context: no definition of '${ref}' found in .cx/.`);
    return;
  }
  const { start, end } = definition.range;
  const selection = new vscode.Range(start.line, start.character, end.line, end.character);
  await vscode.window.showTextDocument(vscode.Uri.parse(definition.uri, true), { selection, preview: true });
}

/** Opens an http or https address through the editor, which asks the user first; anything else is refused. */
export async function openOriginal(url: string | undefined, log: ViewLog): Promise<void> {
  if (!url || !isWebUrl(url)) {
    log.warn(`refused to open '${url ?? ''}': only http and https addresses are opened`);
    void vscode.window.showWarningMessage('Customer Context: only http and https addresses are opened.');
    return;
  }
  await vscode.env.openExternal(vscode.Uri.parse(url, true));
}
