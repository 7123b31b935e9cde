/**
 * The import commands (SPEC §4): Import Feedback… and Import CODEOWNERS…. Every write goes through the core, as
 * `cx import` does: records created or appended, components YAML rewritten atomically with its comments kept. The
 * server sees the files change and the views follow; a command waits for that before it returns. Loaded on the
 * first run of one of them (lazy.ts): with the YAML library and the export parsers, this is the heaviest command
 * code, and the rarest.
 *
 * Each command takes optional arguments for its choices, so the tests can run it without its pickers: see
 * {@link ImportChoices}.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ComponentsEditError } from '../core/codeowners';
import { ImportError, parseColumnMap, PRESETS } from '../core/importFeedback';
import type { Preset } from '../core/importFeedback';
import { findCodeowners, runCodeownersImport, runFeedbackImport } from '../core/importRun';
import type { FeedbackImportRun } from '../core/importRun';
import { uriArg } from './commandArgs';
import { choicesArg, diskRoot, Notice, pickFolder, requireTrust, waitForIndex } from './commandKit';
import type { Handlers } from './commandKit';
import type { Ctx } from './ctx';

/** Import choices given as an argument: the export, its preset and (for `generic`) the column map. */
export interface ImportChoices {
  file?: string;
  preset?: Preset;
  map?: string;
}

const PRESET_LABELS: Record<Preset, string> = {
  zendesk: 'Zendesk ticket export (CSV or JSON)',
  intercom: 'Intercom conversation export (CSV)',
  qualtrics: 'Qualtrics survey responses (NPS / CSAT, CSV)',
  appstore: 'App Store / Google Play reviews (CSV)',
  generic: 'Any CSV or JSONL: you name the columns',
};

/** The report of an import, in the log: counts, then every rejected row with its line and reason. */
function logImport(ctx: Ctx, exportName: string, preset: Preset, run: FeedbackImportRun): void {
  ctx.log.info(`import ${exportName} (${preset}): columns ${Object.entries(run.columns).map(([f, c]) => `${f}=${c}`).join(', ')}`);
  ctx.log.info(`import ${exportName}: added ${run.added.length} to ${run.file}, skipped ${run.skipped.length} already in the store, rejected ${run.rejected.length}`);
  if (run.skipped.length) ctx.log.info(`import ${exportName}: skipped ${run.skipped.join(', ')}`);
  for (const r of run.rejected) ctx.log.warn(`${exportName}:${r.line}: ${r.reason}`);
}

/**
 * Import Feedback…: an export (file picker), its preset (with a column map for `generic`), then the new records
 * written to `.cx/feedback/PRESET/DATE.jsonl` as `cx import feedback` does. Arguments: `[folder?, choices?]`.
 */
export async function importFeedback(ctx: Ctx, ...args: unknown[]): Promise<FeedbackImportRun | undefined> {
  requireTrust('Import Feedback');
  const folder = await pickFolder(uriArg(args[0]));
  if (!folder) return undefined;
  const root = diskRoot(folder);
  const choices = choicesArg<ImportChoices>(args[1]) ?? choicesArg<ImportChoices>(args[0]) ?? {};
  let file = typeof choices.file === 'string' ? vscode.Uri.file(path.resolve(root, choices.file)) : undefined;
  if (!file) {
    const picked = await vscode.window.showOpenDialog({
      title: 'Import Feedback: choose an export', openLabel: 'Import', canSelectMany: false, defaultUri: folder.uri,
      filters: { 'Feedback exports': ['csv', 'jsonl', 'json'], 'All files': ['*'] },
    });
    file = picked?.[0];
  }
  if (!file) return undefined;
  let preset = choices.preset && (PRESETS as readonly string[]).includes(choices.preset) ? choices.preset : undefined;
  if (!preset) {
    const picked = await vscode.window.showQuickPick(PRESETS.map((p) => ({ label: p, description: PRESET_LABELS[p], preset: p })), {
      title: `Import ${path.basename(file.fsPath)}: which tool exported it?`, placeHolder: 'Choose the preset that maps its columns',
    });
    preset = picked?.preset;
  }
  if (!preset) return undefined;
  let mapText = typeof choices.map === 'string' ? choices.map : undefined;
  if (preset === 'generic' && mapText === undefined) {
    mapText = await vscode.window.showInputBox({
      title: 'Import Feedback: the columns of the export',
      prompt: 'FIELD=COLUMN, comma-separated: id, date and text at least (nps=, csat=, rating= for scores). Empty: guess from the header.',
      placeHolder: 'id=Ticket,date=Created,text=Body',
      validateInput: (v) => {
        if (!v.trim()) return undefined;
        try {
          parseColumnMap(v);
          return undefined;
        } catch (e) {
          return (e as Error).message;
        }
      },
    });
    if (mapText === undefined) return undefined;
  }
  const exportName = path.basename(file.fsPath);
  let run: FeedbackImportRun;
  const reindexed = waitForIndex(ctx, folder);
  try {
    const bytes = await fs.readFile(file.fsPath);
    run = await runFeedbackImport(root, ctx.config.settings.root, bytes, exportName, preset, mapText?.trim() ? { map: parseColumnMap(mapText) } : {});
  } catch (e) {
    if (e instanceof ImportError) throw new Notice(`${exportName}: ${e.message}`);
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new Notice(`cannot read ${file.fsPath}: no such file`);
    throw e;
  }
  logImport(ctx, exportName, preset, run);
  if (run.added.length) await reindexed;
  const summary = `imported ${exportName}: ${run.added.length} added${run.added.length ? ` to ${run.file}` : ''}, ${run.skipped.length} skipped (already in the store), ${run.rejected.length} rejected`;
  const first = run.rejected[0];
  const show = run.rejected.length ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(`Customer Context: ${summary}${first ? ` — line ${first.line}: ${first.reason}` : ''}.`, 'Show Details').then((choice) => {
    if (choice === 'Show Details') ctx.log.show(true);
  });
  return run;
}

/**
 * Import CODEOWNERS…: the file GitHub would use (else one the user picks), one component per owner merged into the
 * components YAML with its comments kept; the changes are logged and the file opens. Arguments: `[folder?, { file? }]`.
 */
export async function importCodeowners(ctx: Ctx, ...args: unknown[]): Promise<{ added: string[]; updated: string[]; unchanged: string[]; files: string[] } | undefined> {
  requireTrust('Import CODEOWNERS');
  const folder = await pickFolder(uriArg(args[0]));
  if (!folder) return undefined;
  const root = diskRoot(folder);
  const choices = choicesArg<{ file: string }>(args[1]) ?? choicesArg<{ file: string }>(args[0]) ?? {};
  let abs = typeof choices.file === 'string' ? path.resolve(root, choices.file) : undefined;
  if (!abs) {
    const found = await findCodeowners(root);
    if (found) abs = path.join(root, found);
    else {
      const picked = await vscode.window.showOpenDialog({ title: `No CODEOWNERS in ${folder.name}: choose one`, openLabel: 'Import', canSelectMany: false, defaultUri: folder.uri });
      abs = picked?.[0]?.fsPath;
    }
  }
  if (!abs) return undefined;
  const shownName = path.relative(root, abs).split(path.sep).join('/');
  const text = await fs.readFile(abs, 'utf8').catch((e: Error) => {
    throw new Notice(`cannot read ${shownName}: ${e.message}`);
  });
  const cxDir = ctx.config.settings.root;
  const reindexed = waitForIndex(ctx, folder);
  let run;
  try {
    run = await runCodeownersImport(root, cxDir, text);
  } catch (e) {
    if (e instanceof ComponentsEditError) throw new Notice(`cannot update the components: ${e.message}`);
    throw e;
  }
  for (const p of run.problems) ctx.log.warn(`${shownName}:${p.line}:${p.column}: ${p.message}`);
  if (!run.components.length) throw new Notice(`${shownName} names no owner of any path: nothing to import.`);
  const { merge } = run;
  const byId = new Map(run.components.map((c) => [c.id, c]));
  for (const a of merge.added) ctx.log.info(`import CODEOWNERS: added ${a.id} (${byId.get(a.id)!.owner}) → ${a.file}: ${byId.get(a.id)!.paths.join(' ')}`);
  for (const u of merge.updated) ctx.log.info(`import CODEOWNERS: updated the paths of ${u.id} in ${u.file}: ${byId.get(u.id)!.paths.join(' ')}`);
  for (const u of merge.unchanged) ctx.log.info(`import CODEOWNERS: ${u.id} unchanged (${u.file})`);
  const files = merge.writes.map((w) => w.path);
  if (files.length) await reindexed;
  const opened = files[0] ?? merge.unchanged[0]?.file;
  if (opened) await vscode.window.showTextDocument(vscode.Uri.joinPath(folder.uri, opened), { preview: false });
  const counts = `${merge.added.length} added, ${merge.updated.length} updated, ${merge.unchanged.length} unchanged`;
  void vscode.window.showInformationMessage(
    `Customer Context: ${shownName} → ${run.components.length} component${run.components.length === 1 ? '' : 's'} (${counts})${merge.added.length ? ': list the journeys each new one serves' : ''}.`,
    'Show Details',
  ).then((choice) => {
    if (choice === 'Show Details') ctx.log.show(true);
  });
  return { added: merge.added.map((a) => a.id), updated: merge.updated.map((u) => u.id), unchanged: merge.unchanged.map((u) => u.id), files };
}

/** The handlers of this module, by command id. */
export const HANDLERS = {
  'customerContext.importFeedback': importFeedback,
  'customerContext.importCodeowners': importCodeowners,
} as const satisfies Handlers;
