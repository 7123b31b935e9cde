// The Customer Context view and the Journeys and Feedback trees in a real VS Code, on the example workspace.
// Expectations are computed from the workspace's own .cx/ data with the core (as the server does), so the suite
// follows the example as it grows. DOM checks need the code-server runner; under @vscode/test-electron they skip.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';
import type { CxIndex, FileContext } from '../../../src/core/cxIndex';
import { loadDiskWorkspace } from '../../../src/core/diskWorkspace';
import { DEFAULT_FILTERS } from '../../../src/protocol/webview';
import type { FeedbackFilters } from '../../../src/protocol/webview';
import type { NodeView } from '../../../src/extension/views/treeModel';
import { hasRunner, queryWebview, screenshot, waitFor, waitForWebview, waitForWorkbench } from '../util';

const EXTENSION_ID = 'customer-context.customer-context';
const CONTEXT_VIEW = 'customerContext.context';

/** What the views module hands the tests (see registerViews.ts, viewProviders.ts): reveal with filters, the trees as data. */
interface ViewsApi {
  contextView: { show(options: { ref?: string; filters?: FeedbackFilters }): Promise<void> };
  journeys: { describe(depth?: number): Promise<{ view: NodeView; depth: number }[]> };
  feedback: { describe(depth?: number): Promise<{ view: { label: string; description?: string }; depth: number }[]> };
}

async function viewsApi(): Promise<ViewsApi> {
  const api = await vscode.commands.executeCommand<ViewsApi | undefined>('customerContext.views.testApi');
  assert.ok(api, 'the views expose no test API');
  return api;
}

interface Picked {
  path: string;
  ctx: FileContext;
  feedback: number;
}

/** Files with a journey, metrics and feedback, richest first; and one with no context at all. */
function pickFiles(index: CxIndex): { rich: Picked[]; empty: string | undefined } {
  const rich: Picked[] = [];
  let empty: string | undefined;
  for (const f of index.sourceFiles()) {
    const ctx = index.contextOf(f.path);
    if (!ctx.refs.length && !ctx.components.length && !ctx.pathFeedback.length) {
      // Prefer a source file to a dotfile.
      if (!empty || (empty.split('/').pop()!.startsWith('.') && !f.path.split('/').pop()!.startsWith('.'))) empty = f.path;
      continue;
    }
    const main = ctx.refs[0];
    if (!main || !main.metrics.some((m) => m.latest)) continue;
    const feedback = index.queryFeedback({ path: f.path, limit: 0 }).total;
    if (feedback) rich.push({ path: f.path, ctx, feedback });
  }
  rich.sort((a, b) => b.feedback - a.feedback || (a.path < b.path ? -1 : 1));
  return { rich, empty };
}

/** Opens a file in the editor, with the Customer Context view showing beside it. */
async function open(folder: vscode.WorkspaceFolder, rel: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, rel));
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  await vscode.commands.executeCommand(`${CONTEXT_VIEW}.focus`);
  // Focusing the view moves the focus, not the active editor: give it back to the editor as a user would.
  await vscode.window.showTextDocument(editor.document, { preview: false });
  return editor;
}

const webviewTexts = (selector: string) => queryWebview(CONTEXT_VIEW, selector);

describe('views: the Customer Context view and the Journeys and Feedback trees', function () {
  let folder: vscode.WorkspaceFolder;
  let index: CxIndex;
  let rich: Picked[];
  let empty: string | undefined;

  before(async function () {
    this.timeout(60_000);
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed`);
    await ext.activate();
    const first = vscode.workspace.workspaceFolders?.[0];
    assert.ok(first, 'no workspace folder open');
    folder = first;
    const config = vscode.workspace.getConfiguration('customerContext', folder.uri);
    const ws = await loadDiskWorkspace(folder.uri.fsPath, { root: config.get<string>('root', '.cx'), window: config.get<number>('window', 30) });
    index = ws.index;
    ({ rich, empty } = pickFiles(index));
    assert.ok(rich.length >= 1, 'the example workspace has no file with journeys, metrics and feedback');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opening a file fills the view with its journeys, metrics and customer quotes @screenshot', async function () {
    if (!hasRunner) this.skip();
    const a = rich[0]!;
    await open(folder, a.path);
    const main = a.ctx.refs[0]!;
    await waitForWebview(CONTEXT_VIEW, 'article.ref .ref-title', (t) => t === main.title, { timeout: 20_000 });
    assert.deepEqual(await webviewTexts('.file-name'), [a.path.slice(a.path.lastIndexOf('/') + 1)]);
    const titles = await webviewTexts('article.ref .ref-title');
    assert.deepEqual([...titles].sort(), a.ctx.refs.map((r) => r.title).sort(), 'one card per journey or step the file serves');
    const metricNames = await webviewTexts(`article.ref[data-ref="${main.ref}"] .tile.metric .tile-name`);
    assert.deepEqual(metricNames, main.metrics.map((m) => m.name));
    if (main.outcome) assert.ok((await webviewTexts(`article.ref[data-ref="${main.ref}"] .outcome`)).includes(main.outcome));
    // A sparkline for every metric with two or more values.
    const sparks = await queryWebview(CONTEXT_VIEW, `article.ref[data-ref="${main.ref}"] .tile.metric svg.sparkline path`, { attr: 'd' });
    assert.equal(sparks.length, main.metrics.filter((m) => m.series.length >= 2).length);
    // The list shows the file's feedback, newest first, in the customers' own words.
    const newest = index.queryFeedback({ path: a.path, limit: 1 }).items[0]!;
    await waitForWebview(CONTEXT_VIEW, 'section.feedback blockquote.quote', (t) => t === newest.text);
    assert.deepEqual(await webviewTexts('#feedback-heading'), [`Feedback (${a.feedback.toLocaleString('en-US')})`]);
    await screenshot('context-view');
  });

  it('switching files updates it', async function () {
    if (!hasRunner) this.skip();
    const a = rich[0]!;
    const b = rich.find((p) => p.ctx.refs[0]!.title !== a.ctx.refs[0]!.title) ?? rich[1];
    assert.ok(b, 'the example workspace has two files with journeys, metrics and feedback');
    await open(folder, b.path);
    await waitForWebview(CONTEXT_VIEW, '.file-name', (t) => t === b.path.slice(b.path.lastIndexOf('/') + 1), { timeout: 15_000 });
    await waitForWebview(CONTEXT_VIEW, 'article.ref .ref-title', (t) => t === b.ctx.refs[0]!.title);
    await waitForWebview(CONTEXT_VIEW, '#feedback-heading', (t) => t === `Feedback (${b.feedback.toLocaleString('en-US')})`);
    await open(folder, a.path);
    await waitForWebview(CONTEXT_VIEW, '.file-name', (t) => t === a.path.slice(a.path.lastIndexOf('/') + 1), { timeout: 15_000 });
  });

  it('filters narrow the feedback list', async function () {
    if (!hasRunner) this.skip();
    const a = rich[0]!;
    await open(folder, a.path);
    await waitForWebview(CONTEXT_VIEW, '.file-name', (t) => t === a.path.slice(a.path.lastIndexOf('/') + 1), { timeout: 15_000 });
    const api = await viewsApi();
    const negative = index.queryFeedback({ path: a.path, sentiment: ['negative'], limit: 0 }).total;
    await api.contextView.show({ filters: { ...DEFAULT_FILTERS, sentiment: 'negative' } });
    await waitForWebview(CONTEXT_VIEW, '#feedback-heading', (t) => t === `Feedback (${negative.toLocaleString('en-US')})`);
    const classes = await queryWebview(CONTEXT_VIEW, 'section.feedback li.row', { attr: 'class' });
    assert.equal(classes.length, Math.min(negative, 50));
    assert.ok(classes.every((c) => c?.includes('sentiment-negative')), 'only negative feedback is listed');
    assert.ok(negative <= a.feedback);
    // A search narrows further: the first word of the newest negative record finds it.
    const first = index.queryFeedback({ path: a.path, sentiment: ['negative'], limit: 1 }).items[0];
    if (first) {
      const word = first.text.split(/\s+/).find((w) => w.length > 4) ?? first.text.split(/\s+/)[0]!;
      const found = index.queryFeedback({ path: a.path, sentiment: ['negative'], search: word, limit: 0 }).total;
      await api.contextView.show({ filters: { ...DEFAULT_FILTERS, sentiment: 'negative', search: word } });
      await waitForWebview(CONTEXT_VIEW, '#feedback-heading', (t) => t === `Feedback (${found.toLocaleString('en-US')})`);
    }
    await api.contextView.show({ filters: DEFAULT_FILTERS });
    await waitForWebview(CONTEXT_VIEW, '#feedback-heading', (t) => t === `Feedback (${a.feedback.toLocaleString('en-US')})`);
  });

  it('the cursor on an @cx line brings the journeys it names first', async function () {
    if (!hasRunner) this.skip();
    // An @cx line whose first reference is not the file's main journey or step.
    let found: { path: string; line: number; refs: string[]; title: string } | undefined;
    for (const f of index.sourceFiles()) {
      const ctx = index.contextOf(f.path);
      for (const a of ctx.annotations) {
        const refs = a.refs.filter((r) => ctx.refs.some((x) => x.ref === r));
        if (refs.length && refs[0] !== ctx.refs[0]?.ref) found ??= { path: f.path, line: a.line, refs, title: ctx.refs.find((x) => x.ref === refs[0])!.title };
      }
    }
    assert.ok(found, 'the example workspace has an @cx line whose first reference is not its file\'s main journey');
    const editor = await open(folder, found.path);
    await waitForWebview(CONTEXT_VIEW, '.file-name', (t) => t === found.path.slice(found.path.lastIndexOf('/') + 1), { timeout: 15_000 });
    editor.selection = new vscode.Selection(found.line, 0, found.line, 0);
    await waitFor(async () => (await webviewTexts('article.ref .ref-title'))[0] === found.title, { message: `${found.title} first` });
    assert.deepEqual(await queryWebview(CONTEXT_VIEW, 'article.ref.at-cursor', { attr: 'data-ref' }), found.refs);
  });

  it('Open in view from the Feedback tree shows the record, and the view keeps its content across hide and show', async function () {
    if (!hasRunner) this.skip();
    const item = index.queryFeedback({ limit: 1 }).items[0];
    assert.ok(item, 'the example workspace has feedback');
    await vscode.commands.executeCommand(`${CONTEXT_VIEW}.focus`);
    await vscode.commands.executeCommand('customerContext.feedback.openInView', { kind: 'record', folder: folder.uri.toString(), group: 'test', item });
    await waitForWebview(CONTEXT_VIEW, 'section.revealed blockquote.quote', (t) => t === item.text, { timeout: 15_000 });
    const before = await webviewTexts('.file-name');
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand(`${CONTEXT_VIEW}.focus`);
    await waitForWebview(CONTEXT_VIEW, '.file-name', (t) => t === before[0], { timeout: 15_000 });
  });

  it('Show Context (the status bar, CodeLens) reveals the view on the file', async function () {
    if (!hasRunner) this.skip();
    const a = rich[0]!;
    const last = a.ctx.refs[a.ctx.refs.length - 1]!;
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, a.path));
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('customerContext.showContext', doc.uri.toString(), last.ref);
    await waitForWebview(CONTEXT_VIEW, 'article.ref .ref-title', (t) => t === last.title, { timeout: 15_000 });
    assert.deepEqual(await webviewTexts('.file-name'), [a.path.slice(a.path.lastIndexOf('/') + 1)]);
  });

  it('a file with no context shows the empty state with Link File to Journey…', async function () {
    if (!hasRunner) this.skip();
    assert.ok(empty, 'the example workspace has a file with no context');
    await open(folder, empty);
    await waitForWebview(CONTEXT_VIEW, 'section.empty h2', (t) => t === 'No journey linked to this file yet', { timeout: 15_000 });
    assert.deepEqual(await webviewTexts('section.empty button'), ['Link File to Journey…']);
    assert.deepEqual(await webviewTexts('article.ref'), []);
  });

  it('the Journeys tree lists journeys, their steps and health @screenshot', async function () {
    const api = await viewsApi();
    const items = await api.journeys.describe(2);
    const journeys = index.journeyList();
    const top = items.filter((i) => i.depth === 0).map((i) => i.view.label);
    assert.deepEqual(top, journeys.map((j) => j.journey.name));
    const first = journeys.find((j) => j.journey.steps.length);
    if (first) {
      const at = items.findIndex((i) => i.depth === 0 && i.view.label === first.journey.name);
      const steps = items.slice(at + 1).filter((i, n, all) => i.depth === 1 && all.slice(0, n).every((x) => x.depth > 0)).map((i) => i.view.label);
      for (const s of first.journey.steps) assert.ok(steps.includes(s.name), `step ${s.name} under ${first.journey.name}`);
    }
    for (const j of journeys) {
      const ctx = index.refContext(j.journey.id);
      const item = items.find((i) => i.depth === 0 && i.view.label === j.journey.name)!;
      if (ctx.health === 'warning') assert.match(item.view.description ?? '', /off target/, `${j.journey.name} shows it is off target`);
    }
    // A component under a step lists its files when expanded (loaded from the server then).
    const deep = await api.journeys.describe(4);
    const at = deep.findIndex((i) => i.depth === 2 && i.view.contextValue === 'cxComponent' && i.view.collapsible === 'collapsed');
    assert.ok(at >= 0, 'a component with files under a step');
    const id = /component:.*>([^>]+)$/.exec(deep[at]!.view.id)![1]!;
    const listed: string[] = [];
    for (const i of deep.slice(at + 1)) {
      if (i.depth <= 2) break;
      listed.push(vscode.Uri.parse(i.view.resourceUri!).path);
    }
    const expected = [...index.sourceFiles()].filter((f) => index.componentsOf(f.path).includes(id)).map((f) => f.path).sort();
    assert.ok(expected.length, `${id} has files`);
    assert.deepEqual(listed, expected.map((p) => vscode.Uri.joinPath(folder.uri, p).path), `the files of ${id}`);
    assert.match(deep[at]!.view.description ?? '', new RegExp(`\\b${expected.length} files?\\b`));
    if (!hasRunner) return;
    await vscode.commands.executeCommand('customerContext.journeys.focus');
    await waitForWorkbench('.monaco-list-row', (t) => t.startsWith(journeys[0]!.journey.name), { attr: 'aria-label', timeout: 15_000 });
    await screenshot('journeys-tree');
  });

  it('the Feedback tree has the inbox, by journey and by component, with counts @screenshot', async function () {
    const api = await viewsApi();
    const items = await waitFor(async () => {
      const all = await api.feedback.describe(1);
      return all.find((i) => i.view.label === 'Inbox')?.view.description !== undefined ? all : undefined;
    }, { message: 'the inbox count' });
    const untagged = index.queryFeedback({ untagged: true, limit: 0 }).total;
    assert.deepEqual(items.map((i) => i.view.label), ['Inbox', 'By journey', 'By component']);
    assert.equal(items[0]!.view.description, untagged ? `${untagged} untagged` : 'all tagged');
    assert.equal(items[1]!.view.description, `${index.journeyList().length} journey${index.journeyList().length === 1 ? '' : 's'}`);
    const deep = await api.feedback.describe(2);
    const groups = deep.filter((i) => i.depth === 1).map((i) => i.view.label);
    for (const j of index.journeyList()) assert.ok(groups.includes(j.journey.name), `By journey lists ${j.journey.name}`);
    if (!hasRunner) return;
    await vscode.commands.executeCommand('customerContext.feedback.focus');
    await waitForWorkbench('.monaco-list-row', (t) => t.startsWith('Inbox'), { attr: 'aria-label', timeout: 15_000 });
    await screenshot('feedback-tree');
  });

  it('a file with 10,000 feedback records shows them a page at a time', async function () {
    if (!hasRunner) this.skip();
    this.timeout(90_000);
    const rel = 'src/bulk/tenThousand.ts';
    const store = vscode.Uri.joinPath(folder.uri, '.cx', 'feedback', 'bulk-test.jsonl');
    const lines = Array.from({ length: 10_000 }, (_, i) => JSON.stringify({
      id: `BULK-${i}`, date: `2026-11-${String(1 + (i % 18)).padStart(2, '0')}`, source: 'zendesk',
      text: `Bulk record ${i}: the page froze while paying.`, sentiment: i % 3 ? 'neutral' : 'negative', links: [{ path: rel }],
    }));
    await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(folder.uri, rel), new TextEncoder().encode('export const bulk = 1;\n'));
    await vscode.workspace.fs.writeFile(store, new TextEncoder().encode(`${lines.join('\n')}\n`));
    try {
      await open(folder, rel);
      await waitForWebview(CONTEXT_VIEW, '#feedback-heading', (t) => t === 'Feedback (10,000)', { timeout: 60_000 });
      await waitFor(async () => (await webviewTexts('section.feedback li.row')).length === 50, { message: 'the first page of 50 rows' });
      assert.deepEqual(await webviewTexts('button.more'), ['Load 50 more']);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      await vscode.workspace.fs.delete(store);
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder.uri, 'src', 'bulk'), { recursive: true });
    }
  });
});
