/**
 * The CX staff's tagging commands (SPEC §4): Tag Feedback…, Tag Selection with Feedback…, Untag Feedback… and Undo
 * Last Tagging. Every write goes through the core, as `cx tag` does: decisions appended as whole lines to the tags
 * log. The server sees the file change and the views follow; a command waits for that before it returns. Loaded on
 * the first run of one of them (lazy.ts); commands.ts registers them.
 *
 * Each command takes optional arguments for its choices, so other parts of the extension (and the tests) can run it
 * without its Quick Picks: see {@link TagChoices}.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FeedbackItem } from '../core/cxIndex';
import { linkKey } from '../core/cxIndex';
import type { Link, TagDecision } from '../core/schemas';
import { SUGGEST_RECORDS, suggestTags, targetsOfOutline } from '../core/suggest';
import type { SuggestTarget } from '../core/suggest';
import {
  appendTags, formatTagRef, inverseDecisions, parseTagRef, tagAuthor, tagChangeDecisions, tagDecisions, TagRefError,
} from '../core/tagLog';
import type { OutlineResult } from '../protocol/lsp';
import { feedbackIdArg, uriArg } from './commandArgs';
import { choicesArg, diskRoot, noData, Notice, pickFolder, requireTrust, waitForIndex } from './commandKit';
import type { Handlers } from './commandKit';
import type { Ctx } from './ctx';
import { feedbackPick } from './picks';
import { escapeIcons } from './statusText';

/** Choices given as an argument instead of picked: the tags the record should have (`cx tag` reference syntax). */
export interface TagChoices {
  tags: string[];
}

/** What a tagging command did: the decisions appended (empty when nothing changed or it was cancelled). */
export interface TagOutcome {
  feedback?: string;
  decisions: TagDecision[];
}

// ---- shared ------------------------------------------------------------------------------------------------------

/** The last tagging of each context, for Undo Last Tagging. */
const lastTagging = new WeakMap<Ctx, { root: string; cxDir: string; folder: string; decisions: TagDecision[] }>();

async function outlineOf(ctx: Ctx, folder: vscode.WorkspaceFolder): Promise<NonNullable<OutlineResult>> {
  const outline = await ctx.outline({ folder: folder.uri.toString() });
  if (!outline) throw noData(ctx, folder);
  return outline;
}

/** Finds a record by id, a page at a time (the feedback request filters by content, not by id). */
async function findFeedback(ctx: Ctx, folder: string, id: string): Promise<FeedbackItem | undefined> {
  const limit = 1000;
  for (let offset = 0; ; offset += limit) {
    const page = await ctx.feedback({ folder, offset, limit });
    const found = page?.items.find((i) => i.id === id);
    if (found || !page || offset + limit >= page.total) return found;
  }
}

/** The folder's newest `most` records (all of a smaller store), a page at a time. */
async function newestFeedback(ctx: Ctx, folder: string, most = SUGGEST_RECORDS): Promise<FeedbackItem[]> {
  const out: FeedbackItem[] = [];
  const limit = 1000;
  for (let offset = 0; offset < most; offset += limit) {
    const page = await ctx.feedback({ folder, offset, limit: Math.min(limit, most - offset), sort: 'recent' });
    if (!page) return out;
    out.push(...page.items);
    if (offset + limit >= page.total) return out;
  }
  return out;
}

/**
 * Appends the decisions, remembers them for Undo and waits (a few seconds at most) for the server to reindex the
 * folder, so views and the next command see the change; returns a short summary.
 */
async function writeDecisions(ctx: Ctx, folder: vscode.WorkspaceFolder, decisions: TagDecision[], remember = true): Promise<void> {
  if (!decisions.length) return;
  const root = diskRoot(folder);
  const cxDir = ctx.config.settings.root;
  const reindexed = waitForIndex(ctx, folder);
  const { file, lines } = await appendTags(root, cxDir, decisions);
  ctx.log.info(`tagging: appended ${lines.length} line${lines.length === 1 ? '' : 's'} to ${folder.name}/${file}`);
  if (remember) lastTagging.set(ctx, { root, cxDir, folder: folder.uri.toString(), decisions });
  await reindexed;
}

function describe(decisions: readonly TagDecision[]): string {
  const added = decisions.filter((d) => d.op === 'add').map((d) => formatTagRef(d.ref));
  const removed = decisions.filter((d) => d.op === 'remove').map((d) => formatTagRef(d.ref));
  return [added.length ? `tagged ${added.join(', ')}` : '', removed.length ? `untagged ${removed.join(', ')}` : ''].filter(Boolean).join('; ');
}

/** The message after a tagging, with Undo; not awaited (the command is done). */
function offerUndo(id: string, decisions: readonly TagDecision[]): void {
  void vscode.window.showInformationMessage(`Customer Context: ${id} ${describe(decisions)}.`, 'Undo').then((choice) => {
    if (choice === 'Undo') void vscode.commands.executeCommand('customerContext.undoLastTagging');
  });
}

async function author(ctx: Ctx, root: string): Promise<string | undefined> {
  return tagAuthor(root, ctx.config.settings.tagAuthor);
}

/** A record by id (from the argument) or from a Quick Pick over `items`. */
async function chooseRecord(ctx: Ctx, folder: vscode.WorkspaceFolder, arg: unknown, list: () => Promise<{ items: FeedbackItem[]; title: string; empty: string }>): Promise<FeedbackItem | undefined> {
  const id = feedbackIdArg(arg);
  if (id) {
    const item = await findFeedback(ctx, folder.uri.toString(), id);
    if (!item) throw new Notice(`No feedback record '${id}' in ${folder.name}.`);
    return item;
  }
  const { items, title, empty } = await list();
  if (!items.length) throw new Notice(empty);
  const chosen = await vscode.window.showQuickPick(items.map(feedbackPick), { title, placeHolder: 'Choose a record (type to search its text)', matchOnDescription: true, matchOnDetail: true });
  return chosen?.value;
}

type TagItem = vscode.QuickPickItem & { link?: Link };

function separator(label: string): TagItem {
  return { label, kind: vscode.QuickPickItemKind.Separator };
}

/** A multiple-choice Quick Pick whose result is the checked items; undefined when dismissed. */
async function pickTags(items: TagItem[], title: string): Promise<Link[] | undefined> {
  const quickPick = vscode.window.createQuickPick<TagItem>();
  try {
    quickPick.title = title;
    quickPick.placeholder = 'Check the journeys, steps and components it is about; uncheck to untag (type to search)';
    quickPick.canSelectMany = true;
    quickPick.matchOnDescription = true;
    quickPick.matchOnDetail = true;
    quickPick.items = items;
    quickPick.selectedItems = items.filter((i) => i.picked);
    return await new Promise<Link[] | undefined>((resolve) => {
      quickPick.onDidAccept(() => resolve(quickPick.selectedItems.flatMap((i) => (i.link ? [i.link] : []))));
      quickPick.onDidHide(() => resolve(undefined));
      quickPick.show();
    });
  } finally {
    quickPick.dispose();
  }
}

/** The file of the active editor, when it is in the folder: its journeys, steps and components come first. */
async function activeFileRefs(ctx: Ctx, folder: vscode.WorkspaceFolder): Promise<{ path: string; links: Link[] } | undefined> {
  const uri = vscode.window.activeTextEditor?.document.uri;
  if (!uri || vscode.workspace.getWorkspaceFolder(uri)?.uri.toString() !== folder.uri.toString()) return undefined;
  const context = await ctx.fileContext(uri.toString());
  if (!context) return undefined;
  const links: Link[] = [...context.refs.map((r) => ({ journey: r.ref })), ...context.components.map((c) => ({ component: c.id }))];
  return { path: context.path, links };
}

/**
 * The items of Tag Feedback…: the record's tags (checked), suggestions with their reasons, the active file's
 * journeys and components, then every journey with its steps and every component. Each link is listed once.
 */
export function tagItems(
  record: Pick<FeedbackItem, 'links'>,
  targets: readonly SuggestTarget[],
  suggestions: readonly { target: SuggestTarget; reason: string }[],
  file: { path: string; links: Link[] } | undefined,
): TagItem[] {
  const byKey = new Map(targets.map((t) => [linkKey(t.link), t]));
  const seen = new Set<string>();
  const out: TagItem[] = [];
  const item = (link: Link, detail?: string, picked = false): TagItem | undefined => {
    const key = linkKey(link);
    if (seen.has(key)) return undefined;
    seen.add(key);
    const t = byKey.get(key);
    const kind = 'component' in link ? '$(package)' : 'path' in link ? '$(file-code)' : 'journey' in link && link.journey.includes('/') ? '$(arrow-small-right)' : '$(person)';
    return {
      label: `${kind} ${escapeIcons(t ? t.name : formatTagRef(link))}`,
      description: escapeIcons(formatTagRef(link)),
      ...(detail ? { detail: escapeIcons(detail) } : {}),
      picked,
      link,
    };
  };
  const section = (label: string, entries: (TagItem | undefined)[]) => {
    const kept = entries.filter((e): e is TagItem => !!e);
    if (kept.length) out.push(separator(label), ...kept);
  };
  section('Tagged', record.links.map((l) => item(l, undefined, true)));
  section('Suggested', suggestions.map((s) => item(s.target.link, s.reason)));
  if (file) section(`Serves ${file.path}`, file.links.map((l) => item(l)));
  section('Journeys and steps', targets.filter((t) => 'journey' in t.link).map((t) => item(t.link, t.outcome)));
  section('Components', targets.filter((t) => 'component' in t.link).map((t) => item(t.link)));
  return out;
}

/** Parses the `tags` of a choices argument against the folder's outline; a bad one is a Notice naming it. */
function linksOfChoices(tags: readonly unknown[], outline: NonNullable<OutlineResult>): Link[] {
  const known = {
    journeys: new Set(outline.journeys.map((j) => j.ref)),
    components: new Set(outline.components.map((c) => c.ref)),
  };
  const refs = new Set([...outline.journeys.flatMap((j) => [j.ref, ...j.steps.map((s) => s.ref)])]);
  return tags.map((t) => {
    if (typeof t !== 'string') throw new Notice(`a tag must be a reference such as checkout/pay, component:ID or path:FILE#FIRST-LAST`);
    let link: Link;
    try {
      link = parseTagRef(t, known);
    } catch (e) {
      if (e instanceof TagRefError) throw new Notice(e.message);
      throw e;
    }
    if ('journey' in link && !refs.has(link.journey)) throw new Notice(`unknown journey or step '${link.journey}'`);
    if ('component' in link && !known.components.has(link.component)) throw new Notice(`unknown component '${link.component}'`);
    return link;
  });
}

// ---- the commands ------------------------------------------------------------------------------------------------

/**
 * Tag Feedback…: a record (the argument — an id or a tree item — else one from the inbox), then its tags in a
 * multi-select: checked ones are kept or added, unchecked ones removed. Arguments: `[record?, folder?, choices?]`.
 */
export async function tagFeedback(ctx: Ctx, ...args: unknown[]): Promise<TagOutcome> {
  requireTrust('Tag Feedback');
  const folder = await pickFolder(uriArg(args[1]) ?? folderOfItem(args[0]));
  if (!folder) return { decisions: [] };
  const folderUri = folder.uri.toString();
  const root = diskRoot(folder);
  const record = await chooseRecord(ctx, folder, args[0], async () => {
    const page = await ctx.feedback({ folder: folderUri, untagged: true, sort: 'recent', limit: 1000 });
    if (!page) throw noData(ctx, folder);
    return {
      items: page.items,
      title: `Untagged feedback in ${folder.name}: ${page.total}${page.total > page.items.length ? ` (newest ${page.items.length} shown)` : ''}`,
      empty: `Every feedback record in ${folder.name} is tagged: the inbox is empty.`,
    };
  });
  if (!record) return { decisions: [] };
  const outline = await outlineOf(ctx, folder);
  const choices = choicesArg<TagChoices>(args[2]);
  let wanted: Link[] | undefined;
  if (choices?.tags) wanted = linksOfChoices(Array.isArray(choices.tags) ? choices.tags : [], outline);
  else {
    const targets = targetsOfOutline(outline);
    const suggestions = suggestTags(record, targets, await newestFeedback(ctx, folderUri));
    const items = tagItems(record, targets, suggestions, await activeFileRefs(ctx, folder));
    wanted = await pickTags(items, `Tag ${record.id}: ${record.title ?? record.text.slice(0, 60)}`);
  }
  if (!wanted) return { feedback: record.id, decisions: [] };
  const decisions = tagChangeDecisions(record.id, record.links, wanted, await author(ctx, root));
  if (!decisions.length) return { feedback: record.id, decisions };
  await writeDecisions(ctx, folder, decisions);
  offerUndo(record.id, decisions);
  return { feedback: record.id, decisions };
}

/** A tree item's folder (`{ folder }`), for commands run from the Feedback tree. */
function folderOfItem(arg: unknown): string | undefined {
  const folder = arg && typeof arg === 'object' ? (arg as { folder?: unknown }).folder : undefined;
  return typeof folder === 'string' ? folder : undefined;
}

/** Untag Feedback…: a tagged record (argument or pick), then which of its tags to remove. `[record?, folder?, choices?]`. */
export async function untagFeedback(ctx: Ctx, ...args: unknown[]): Promise<TagOutcome> {
  requireTrust('Untag Feedback');
  const folder = await pickFolder(uriArg(args[1]) ?? folderOfItem(args[0]));
  if (!folder) return { decisions: [] };
  const root = diskRoot(folder);
  const record = await chooseRecord(ctx, folder, args[0], async () => {
    const page = await ctx.feedback({ folder: folder.uri.toString(), tagged: true, sort: 'recent', limit: 1000 });
    if (!page) throw noData(ctx, folder);
    return {
      items: page.items,
      title: `Tagged feedback in ${folder.name}: ${page.total}${page.total > page.items.length ? ` (newest ${page.items.length} shown)` : ''}`,
      empty: `No feedback record in ${folder.name} is tagged yet.`,
    };
  });
  if (!record) return { decisions: [] };
  if (!record.links.length) throw new Notice(`${record.id} has no tags to remove.`);
  const choices = choicesArg<TagChoices>(args[2]);
  let removed: Link[];
  if (choices?.tags) {
    removed = linksOfChoices(Array.isArray(choices.tags) ? choices.tags : [], await outlineOf(ctx, folder));
    const has = new Set(record.links.map(linkKey));
    const absent = removed.filter((l) => !has.has(linkKey(l)));
    if (absent.length) throw new Notice(`${record.id} is not tagged ${absent.map(formatTagRef).join(', ')} (its tags: ${record.links.map(formatTagRef).join(', ')}).`);
  } else {
    const items = record.links.map((link) => ({ label: escapeIcons(formatTagRef(link)), link }));
    const chosen = await vscode.window.showQuickPick(items, { title: `Untag ${record.id}`, placeHolder: 'Check the tags to remove', canPickMany: true });
    if (!chosen) return { feedback: record.id, decisions: [] };
    removed = chosen.map((c) => c.link);
  }
  const decisions = tagDecisions('remove', record.id, removed, await author(ctx, root));
  await writeDecisions(ctx, folder, decisions);
  if (decisions.length) offerUndo(record.id, decisions);
  return { feedback: record.id, decisions };
}

/** Undo Last Tagging: appends the inverse of the last tagging's decisions (the log is never rewritten). */
export async function undoLastTagging(ctx: Ctx): Promise<TagOutcome> {
  requireTrust('Undo Last Tagging');
  const last = lastTagging.get(ctx);
  if (!last) throw new Notice('Nothing to undo: no tagging since VS Code started.');
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(last.folder, true));
  if (!folder) throw new Notice('The folder of the last tagging is no longer open.');
  const decisions = inverseDecisions(last.decisions, await author(ctx, last.root));
  lastTagging.delete(ctx);
  await writeDecisions(ctx, folder, decisions, false);
  void vscode.window.showInformationMessage(`Customer Context: undone — ${decisions[0]!.feedback} ${describe(decisions)}.`);
  return { feedback: decisions[0]!.feedback, decisions };
}

/** 1-based first and last lines of a selection; a selection ending at the start of a line stops on the line before. */
export function selectionLines(start: { line: number }, end: { line: number; character: number }): [number, number] {
  const last = end.line > start.line && end.character === 0 ? end.line - 1 : end.line;
  return [start.line + 1, last + 1];
}

/**
 * Tag Selection with Feedback…: links a record to the selected lines of the active file (`{path, lines}`).
 * Records about the file's journeys come first. Arguments: `[uri?, { feedback?, lines? }]`.
 */
export async function tagSelection(ctx: Ctx, ...args: unknown[]): Promise<TagOutcome> {
  requireTrust('Tag Selection with Feedback');
  const editor = vscode.window.activeTextEditor;
  const given = uriArg(args[0]);
  const uri = given ? vscode.Uri.parse(given, true) : editor?.document.uri;
  if (!uri) throw new Notice('Open a file and select the lines the feedback is about.');
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) throw new Notice(`${vscode.workspace.asRelativePath(uri)} is in no workspace folder.`);
  const root = diskRoot(folder);
  const choices = choicesArg<{ feedback: string; lines: [number, number] }>(args[1]);
  const sameEditor = editor && editor.document.uri.toString() === uri.toString() ? editor : undefined;
  const lines = Array.isArray(choices?.lines) && choices.lines.length === 2 && choices.lines.every((n) => Number.isInteger(n) && n >= 1) && choices.lines[0] <= choices.lines[1]
    ? [choices.lines[0], choices.lines[1]] as [number, number]
    : sameEditor ? selectionLines(sameEditor.selection.start, sameEditor.selection.end) : undefined;
  if (!lines) throw new Notice('Select the lines the feedback is about first.');
  const rel = path.relative(root, uri.fsPath).split(path.sep).join('/');
  const folderUri = folder.uri.toString();
  const record = await chooseRecord(ctx, folder, choices?.feedback, async () => {
    const about = await ctx.feedback({ folder: folderUri, uri: uri.toString(), sort: 'recent', limit: 1000 });
    if (!about) throw noData(ctx, folder);
    const first = new Set(about.items.map((i) => i.id));
    const all = await ctx.feedback({ folder: folderUri, sort: 'recent', limit: 1000 });
    const rest = (all?.items ?? []).filter((f) => !first.has(f.id));
    const more = all && all.total > all.items.length ? `; the newest ${all.items.length} of ${all.total} records` : '';
    return {
      items: [...about.items, ...rest],
      title: `Tag ${rel}:${lines[0]}-${lines[1]} with feedback${about.items.length ? ` (${about.items.length} about this file's journeys first${more})` : more ? ` (${more.slice(2)})` : ''}`,
      empty: `${folder.name} has no feedback yet: import some first.`,
    };
  });
  if (!record) return { decisions: [] };
  const link: Link = { path: rel, lines };
  if (record.links.some((l) => linkKey(l) === linkKey(link))) throw new Notice(`${record.id} is already tagged ${formatTagRef(link)}.`);
  const decisions = tagDecisions('add', record.id, [link], await author(ctx, root));
  await writeDecisions(ctx, folder, decisions);
  offerUndo(record.id, decisions);
  return { feedback: record.id, decisions };
}

/** The handlers of this module, by command id. */
export const HANDLERS = {
  'customerContext.tagFeedback': tagFeedback,
  'customerContext.tagSelection': tagSelection,
  'customerContext.untagFeedback': untagFeedback,
  'customerContext.undoLastTagging': undoLastTagging,
} as const satisfies Handlers;
