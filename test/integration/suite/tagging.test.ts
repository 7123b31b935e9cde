// Tagging and importing in a real VS Code, on (a copy of) the example workspace: Tag Feedback… from the Feedback
// tree and by command, its real Quick Pick driven through the workbench, Undo, Tag Selection with Feedback…, and
// Import Feedback… on a Zendesk export. Expectations come from the workspace's own .cx/ data through the core. The
// suite puts the tags log back and removes what it imported when it is done, so the suites after it see the
// example as it was.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CxIndex, FeedbackItem } from '../../../src/core/cxIndex';
import { loadDiskWorkspace, readCxFiles } from '../../../src/core/diskWorkspace';
import { findCodeowners, runCodeownersImport, runFeedbackImport } from '../../../src/core/importRun';
import type { FeedbackImportRun } from '../../../src/core/importRun';
import { outlineOf } from '../../../src/core/outline';
import type { TagDecision } from '../../../src/core/schemas';
import { suggestTags, targetsOfOutline } from '../../../src/core/suggest';
import type { TestApi } from '../../../src/extension/main';
import { hasRunner, screenshot, waitFor, waitForWebview, waitForWorkbench } from '../util';

const EXTENSION_ID = 'customer-context.customer-context';
const CONTEXT_VIEW = 'customerContext.context';

interface NodeView { id?: string; label: string; description?: string }
interface ViewsApi {
  feedback: { describe(depth?: number): Promise<{ view: NodeView; depth: number }[]> };
}

interface TagOutcome { feedback?: string; decisions: TagDecision[] }

async function viewsApi(): Promise<ViewsApi> {
  const api = await vscode.commands.executeCommand<ViewsApi | undefined>('customerContext.views.testApi');
  assert.ok(api, 'the views expose no test API');
  return api;
}

/** Whether the Feedback tree lists `id` under the group of `ref` (By journey or By component). */
async function treeHas(ref: string, id: string): Promise<boolean> {
  const items = await (await viewsApi()).feedback.describe(3);
  return items.some((i) => i.view.id?.includes(`#ref:${ref}>`) && i.view.id.endsWith(`>${id}`));
}

async function inboxCount(): Promise<string | undefined> {
  const items = await (await viewsApi()).feedback.describe(1);
  return items.find((i) => i.view.label === 'Inbox')?.view.description;
}

const untaggedText = (n: number) => (n ? `${n} untagged` : 'all tagged');

describe('tagging: Tag Feedback…, Tag Selection with Feedback…, Undo, Import Feedback…', function () {
  let api: TestApi;
  let folder: vscode.WorkspaceFolder;
  let root: string;
  let cxDir: string;
  let index: CxIndex;
  let tagsBefore: string;
  let attributesBefore: string | undefined;
  let feedbackFilesBefore: Set<string>;
  let componentsBefore: Map<string, string>;
  let untaggedBefore: number;

  const tagsFile = () => path.join(root, cxDir, 'tags.jsonl');
  const logLines = () => fs.readFileSync(tagsFile(), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as TagDecision);
  const reload = async () => (await loadDiskWorkspace(root, { root: cxDir, window: 30 })).index;
  const listFeedbackFiles = () => new Set((fs.readdirSync(path.join(root, cxDir, 'feedback'), { recursive: true, encoding: 'utf8' })).map((f) => f.split(path.sep).join('/')));

  /** The newest untagged records, newest first, that the tests have not used yet. */
  const used = new Set<string>();
  function freshUntagged(): FeedbackItem {
    const item = index.queryFeedback({ untagged: true, sort: 'recent', limit: 50 }).items.find((i) => !used.has(i.id));
    assert.ok(item, 'the example workspace has no untagged feedback left');
    used.add(item.id);
    return item;
  }

  before(async function () {
    this.timeout(60_000);
    const ext = vscode.extensions.getExtension<TestApi>(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed`);
    api = await ext.activate();
    await api.ready;
    const first = vscode.workspace.workspaceFolders?.[0];
    assert.ok(first, 'no workspace folder open');
    folder = first;
    root = folder.uri.fsPath;
    cxDir = vscode.workspace.getConfiguration('customerContext', folder.uri).get<string>('root', '.cx');
    index = await reload();
    tagsBefore = fs.readFileSync(tagsFile(), 'utf8');
    attributesBefore = fs.existsSync(path.join(root, cxDir, '.gitattributes')) ? fs.readFileSync(path.join(root, cxDir, '.gitattributes'), 'utf8') : undefined;
    feedbackFilesBefore = listFeedbackFiles();
    componentsBefore = new Map((await readCxFiles(root, cxDir)).filter((f) => f.kind === 'components').map((f) => [f.path, fs.readFileSync(path.join(root, f.path), 'utf8')]));
    untaggedBefore = index.queryFeedback({ untagged: true, limit: 0 }).total;
    // The server has indexed the folder: the tree's inbox says what the disk says.
    await waitFor(async () => (await inboxCount()) === untaggedText(untaggedBefore), { timeout: 30_000, message: 'the Feedback tree inbox' });
  });

  after(async function () {
    this.timeout(30_000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    // Put the example back: the log as it was, the imported file gone.
    fs.writeFileSync(tagsFile(), tagsBefore);
    if (attributesBefore === undefined) fs.rmSync(path.join(root, cxDir, '.gitattributes'), { force: true });
    else fs.writeFileSync(path.join(root, cxDir, '.gitattributes'), attributesBefore);
    for (const [f, text] of componentsBefore) fs.writeFileSync(path.join(root, f), text);
    for (const f of listFeedbackFiles()) if (!feedbackFilesBefore.has(f)) fs.rmSync(path.join(root, cxDir, 'feedback', f), { recursive: true, force: true });
    await waitFor(async () => (await inboxCount()) === untaggedText(untaggedBefore), { timeout: 20_000, message: 'the inbox back as it was' });
  });

  it('Tag Feedback… tags a record: it moves from the inbox to its journey in the tree and into the file\'s view', async function () {
    this.timeout(60_000);
    // A file serving a journey, and a record not yet about it.
    const file = [...index.sourceFiles()].map((f) => ({ path: f.path, ctx: index.contextOf(f.path) })).find((f) => f.ctx.refs.length);
    assert.ok(file, 'no source file serves a journey');
    const ref = file.ctx.refs[0]!.ref;
    const record = freshUntagged();
    const fileFeedback = index.queryFeedback({ path: file.path, limit: 0 }).total;
    if (hasRunner) {
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, file.path));
      await vscode.window.showTextDocument(doc, { preview: false });
      await vscode.commands.executeCommand(`${CONTEXT_VIEW}.focus`);
      await vscode.window.showTextDocument(doc, { preview: false });
      await waitForWebview(CONTEXT_VIEW, '#feedback-heading', (t) => t === `Feedback (${fileFeedback.toLocaleString('en-US')})`, { timeout: 20_000 });
    }
    const outcome = await vscode.commands.executeCommand<TagOutcome>('customerContext.tagFeedback', record.id, folder.uri.toString(), { tags: [ref] });
    assert.equal(outcome.feedback, record.id);
    assert.deepEqual(outcome.decisions.map((d) => [d.op, d.feedback, d.ref]), [['add', record.id, { journey: ref }]]);
    // Appended to the log as one whole line, with who and when.
    const last = logLines().at(-1)!;
    assert.deepEqual([last.op, last.feedback, last.ref], ['add', record.id, { journey: ref }]);
    assert.match(last.at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(fs.readFileSync(path.join(root, cxDir, '.gitattributes'), 'utf8').includes('tags.jsonl merge=union'), true);
    // The views follow: the tree's inbox has one less, the journey lists it, the file's view counts it.
    await waitFor(async () => (await inboxCount()) === untaggedText(untaggedBefore - 1), { message: 'one less in the inbox' });
    const journey = ref.split('/')[0]!;
    await waitFor(() => treeHas(journey, record.id), { message: `${record.id} under ${journey} in the Feedback tree` });
    if (hasRunner) {
      await waitForWebview(CONTEXT_VIEW, '#feedback-heading', (t) => t === `Feedback (${(fileFeedback + 1).toLocaleString('en-US')})`, { timeout: 15_000 });
      await waitForWebview(CONTEXT_VIEW, 'section.feedback blockquote.quote', (t) => t === record.text);
    }
    // Unchecking it again (the full wanted set, now without it) untags it.
    const untag = await vscode.commands.executeCommand<TagOutcome>('customerContext.tagFeedback', record.id, folder.uri.toString(), { tags: [] });
    assert.deepEqual(untag.decisions.map((d) => [d.op, d.ref]), [['remove', { journey: ref }]]);
    await waitFor(async () => (await inboxCount()) === untaggedText(untaggedBefore), { message: 'the inbox as before' });
  });

  it('Untag Feedback… removes the tags it is given, and refuses one the record lacks', async function () {
    this.timeout(30_000);
    const record = freshUntagged();
    const [journey] = index.journeyList();
    assert.ok(journey, 'no journey');
    const ref = journey.journey.id;
    await vscode.commands.executeCommand<TagOutcome>('customerContext.tagFeedback', record.id, folder.uri.toString(), { tags: [ref] });
    await waitFor(() => treeHas(ref, record.id), { message: `${record.id} under ${ref}` });
    const lines = logLines().length;
    // A tag it does not have: a notice, nothing written.
    const refused = await vscode.commands.executeCommand<TagOutcome | undefined>('customerContext.untagFeedback', record.id, folder.uri.toString(), { tags: [`component:${index.componentList()[0]!.component.id}`] });
    assert.equal(refused, undefined);
    assert.equal(logLines().length, lines);
    const untag = await vscode.commands.executeCommand<TagOutcome>('customerContext.untagFeedback', record.id, folder.uri.toString(), { tags: [ref] });
    assert.deepEqual(untag.decisions.map((d) => [d.op, d.feedback, d.ref]), [['remove', record.id, { journey: ref }]]);
    await waitFor(async () => !(await treeHas(ref, record.id)), { message: `${record.id} no longer under ${ref}` });
    await waitFor(async () => (await inboxCount()) === untaggedText(untaggedBefore), { message: 'the inbox as before' });
  });

  it('the Quick Pick of Tag Feedback… from the tree puts suggestions first; checking one tags it, Undo takes it back @screenshot', async function () {
    if (!hasRunner) this.skip();
    this.timeout(60_000);
    const record = freshUntagged();
    const outline = outlineOf(index, (p) => p);
    const suggestions = suggestTags(record, targetsOfOutline(outline), index.allFeedback());
    assert.ok(suggestions.length, `no suggestion for ${record.id}: "${record.text}"`);
    const best = suggestions[0]!;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('customerContext.feedback.focus');
    // As the tree's context action runs it: the record's node.
    const running = vscode.commands.executeCommand<TagOutcome>('customerContext.feedback.tag', { kind: 'record', folder: folder.uri.toString(), group: 'inbox', item: record });
    await waitForWorkbench('.quick-input-title', (t) => t.startsWith(`Tag ${record.id}`), { timeout: 15_000 });
    const rows = await waitForWorkbench('.quick-input-list .monaco-list-row', (t) => t.includes(best.target.ref), { attr: 'aria-label' });
    // The first row is the best suggestion, with its reason.
    assert.ok(rows[0]?.includes(best.target.ref), `first row: ${rows[0]}`);
    assert.ok(rows[0]?.includes(best.reason), `first row gives the reason: ${rows[0]}`);
    await screenshot('tag-feedback-quick-pick');
    await vscode.commands.executeCommand('quickInput.first');
    await vscode.commands.executeCommand('workbench.action.quickPickManyToggle');
    await waitForWorkbench('.quick-input-count', (t) => t.includes('1 Selected'));
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    const outcome = await running;
    assert.deepEqual(outcome.decisions.map((d) => [d.op, d.feedback, d.ref]), [['add', record.id, best.target.link]]);
    const group = 'component' in best.target.link ? best.target.link.component : best.target.ref.split('/')[0]!;
    await waitFor(() => treeHas(group, record.id), { message: `${record.id} under ${group} in the Feedback tree` });
    // The message after tagging offers Undo; the command does what its button does.
    await waitForWorkbench('.notification-list-item-message', (t) => t.includes(`${record.id} tagged`), { timeout: 10_000 });
    const undo = await vscode.commands.executeCommand<TagOutcome>('customerContext.undoLastTagging');
    assert.deepEqual(undo.decisions.map((d) => [d.op, d.feedback, d.ref]), [['remove', record.id, best.target.link]]);
    assert.deepEqual(logLines().slice(-2).map((d) => d.op), ['add', 'remove']);
    await waitFor(async () => (await inboxCount()) === untaggedText(untaggedBefore), { message: 'the inbox as before' });
  });

  it('Untag Feedback… without a record offers the tagged records, newest first, and says how many there are @screenshot', async function () {
    if (!hasRunner) this.skip();
    this.timeout(60_000);
    const tagged = (await reload()).queryFeedback({ tagged: true, sort: 'recent', limit: 1000 });
    assert.ok(tagged.total > 0, 'the example workspace has tagged feedback');
    const lines = logLines().length;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const running = vscode.commands.executeCommand<TagOutcome>('customerContext.untagFeedback');
    await waitForWorkbench('.quick-input-title', (t) => t === `Tagged feedback in ${folder.name}: ${tagged.total}`, { timeout: 15_000 });
    const newest = tagged.items[0]!.id;
    const rows = await waitForWorkbench('.quick-input-list .monaco-list-row', (t) => t.includes(newest), { attr: 'aria-label' });
    assert.ok(rows[0]?.includes(newest), `the newest tagged record first: ${rows[0]}`);
    assert.ok(rows.length > 1 && rows.every((r) => tagged.items.some((i) => (r ?? '').includes(i.id))), `only tagged records offered: ${rows.join(' | ')}`);
    await screenshot('untag-feedback-quick-pick');
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    assert.deepEqual((await running).decisions, [], 'dismissed: nothing removed');
    assert.equal(logLines().length, lines, 'nothing written');
  });

  it('Tag Selection with Feedback… links a record to the selected lines, and the file\'s context lists it', async function () {
    this.timeout(30_000);
    const file = [...index.sourceFiles()].find((f) => f.lines >= 8 && !f.path.startsWith('.'));
    assert.ok(file, 'no source file of 8 lines or more');
    const record = freshUntagged();
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, file.path));
    const editor = await vscode.window.showTextDocument(doc, { preview: false });
    // Lines 3 to 5 (a selection ending at the start of line 6 stops on line 5).
    editor.selection = new vscode.Selection(2, 0, 5, 0);
    const outcome = await vscode.commands.executeCommand<TagOutcome>('customerContext.tagSelection', undefined, { feedback: record.id });
    assert.deepEqual(outcome.decisions.map((d) => [d.op, d.feedback, d.ref]), [['add', record.id, { path: file.path, lines: [3, 5] }]]);
    const ctx = await waitFor(async () => {
      const c = await api.fileContext(doc.uri.toString());
      return c?.pathFeedback.some((p) => p.item.id === record.id) ? c : undefined;
    }, { message: `${record.id} in the context of ${file.path}` });
    assert.deepEqual(ctx.pathFeedback.find((p) => p.item.id === record.id)!.lines, [3, 5]);
    await vscode.commands.executeCommand('customerContext.undoLastTagging');
    await waitFor(async () => !(await api.fileContext(doc.uri.toString()))?.pathFeedback.some((p) => p.item.id === record.id), { message: 'the undone tag gone' });
  });

  it('Import Feedback… imports a Zendesk CSV: new records counted, written under .cx/feedback/zendesk/, in the inbox', async function () {
    this.timeout(60_000);
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const csv = path.join(ext.extensionPath, 'test', 'fixtures', 'imports', 'zendesk-tickets.csv');
    assert.ok(fs.existsSync(csv), `${csv} is missing: run the suites with --ext (the repository), not a .vsix`);
    const expected = await runFeedbackImport(root, cxDir, fs.readFileSync(csv), 'zendesk-tickets.csv', 'zendesk', { dryRun: true });
    assert.ok(expected.added.length > 0, 'the export adds records');
    const run = await vscode.commands.executeCommand<FeedbackImportRun>('customerContext.importFeedback', folder.uri.toString(), { file: csv, preset: 'zendesk' });
    assert.ok(run, 'the import ran');
    assert.deepEqual(run.added, expected.added);
    assert.deepEqual(run.skipped, expected.skipped);
    assert.deepEqual(run.rejected, expected.rejected);
    assert.match(run.file, new RegExp(`^${cxDir.replace(/\./g, '\\.')}/feedback/zendesk/\\d{4}-\\d\\d-\\d\\d\\.jsonl$`));
    const written = fs.readFileSync(path.join(root, run.file), 'utf8').split('\n').filter(Boolean);
    assert.deepEqual(written.map((l) => (JSON.parse(l) as { id: string }).id), expected.added);
    // The server indexed them: the inbox counts the new untagged ones.
    const after = await reload();
    const untagged = after.queryFeedback({ untagged: true, limit: 0 }).total;
    assert.ok(untagged > untaggedBefore, 'imported records without known tags land in the inbox');
    await waitFor(async () => (await inboxCount()) === untaggedText(untagged), { timeout: 15_000, message: `the inbox at ${untagged}` });
    if (hasRunner) {
      const messages = await waitForWorkbench('.notification-list-item-message', (t) => t.includes('imported zendesk-tickets.csv'), { timeout: 10_000 });
      const message = messages.find((m) => m?.includes('imported zendesk-tickets.csv'))!;
      assert.ok(message.includes(`${expected.added.length} added`) && message.includes(`${expected.rejected.length} rejected`), message);
    }
    // A second import of the same export adds nothing: every id is in the store now.
    const again = await vscode.commands.executeCommand<FeedbackImportRun>('customerContext.importFeedback', folder.uri.toString(), { file: csv, preset: 'zendesk' });
    assert.deepEqual(again?.added, []);
    assert.deepEqual([...(again?.skipped ?? [])].sort(), [...expected.added, ...expected.skipped].sort());
  });

  it('Import CODEOWNERS… merges one component per owner into the components YAML, keeping its comments, and opens it', async function () {
    this.timeout(30_000);
    const found = await findCodeowners(root);
    assert.ok(found, 'the example workspace has a CODEOWNERS');
    const expected = await runCodeownersImport(root, cxDir, fs.readFileSync(path.join(root, found), 'utf8'), true);
    assert.ok(expected.components.length, 'CODEOWNERS names owners');
    const result = await vscode.commands.executeCommand<{ added: string[]; updated: string[]; unchanged: string[]; files: string[] }>('customerContext.importCodeowners', folder.uri.toString());
    assert.ok(result, 'the import ran');
    assert.deepEqual(result.added, expected.merge.added.map((a) => a.id));
    assert.deepEqual(result.updated, expected.merge.updated.map((u) => u.id));
    assert.deepEqual(result.unchanged, expected.merge.unchanged.map((u) => u.id));
    assert.deepEqual(result.files, expected.merge.writes.map((w) => w.path));
    for (const w of expected.merge.writes) {
      const text = fs.readFileSync(path.join(root, w.path), 'utf8');
      assert.equal(text, w.text);
      // Every comment of the file as it was is still there.
      const before = componentsBefore.get(w.path) ?? '';
      for (const line of before.split('\n').filter((l) => l.trim().startsWith('#'))) assert.ok(text.includes(line), `${w.path} keeps "${line.trim()}"`);
    }
    if (result.files.length) {
      assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), vscode.Uri.joinPath(folder.uri, result.files[0]!).toString());
      // The server indexed the new components.
      const ids = [...result.added];
      await waitFor(async () => {
        const items = await (await viewsApi()).feedback.describe(2);
        return ids.every((id) => items.some((i) => i.view.id?.endsWith(`group:component:${id}`)));
      }, { timeout: 15_000, message: `the components ${ids.join(', ')} in the Feedback tree` });
    }
  });
});
