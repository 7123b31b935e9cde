// The editor features of the language client in a real VS Code, on the example workspace: activation, the status
// bar, diagnostics on a broken annotation, CodeLens and hover. Expectations come from the workspace's own .cx/ data
// through the core (as the server computes them), so the suite follows the example as it grows. It waits on
// conditions and events, never on fixed sleeps.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { CxIndex, RefContext } from '../../../src/core/cxIndex';
import { loadDiskWorkspace } from '../../../src/core/diskWorkspace';
import type { TestApi } from '../../../src/extension/main';
import { escapeMarkdown } from '../../../src/core/text';
import { SERVER_ENV } from '../../../src/protocol/serverProcess';
import { hasRunner, waitFor, waitForEvent, waitForWorkbench } from '../util';

const EXTENSION_ID = 'customer-context.customer-context';

async function open(folder: vscode.WorkspaceFolder, rel: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, rel));
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** A source file whose main journey has a metric with a value: the richest status bar and lens. */
function linkedFile(index: CxIndex): { path: string; main: RefContext } | undefined {
  for (const f of index.sourceFiles()) {
    const main = index.contextOf(f.path).refs[0];
    if (main?.metrics.some((m) => m.latest)) return { path: f.path, main };
  }
  return undefined;
}

/** A source file with a `@cx` annotation whose first reference is known. */
function annotatedFile(index: CxIndex): { path: string; ref: string; position: vscode.Position } | undefined {
  for (const f of index.sourceFiles()) {
    for (const a of f.annotations) {
      const r = a.refs.find((x) => index.resolve(x.ref));
      if (r) return { path: f.path, ref: r.ref, position: new vscode.Position(r.range.start.line, r.range.start.character + 1) };
    }
  }
  return undefined;
}

function markdownOf(hover: vscode.Hover): string {
  return hover.contents.map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
}

describe('editor: activation, status bar, diagnostics, CodeLens and hover', function () {
  let api: TestApi;
  let folder: vscode.WorkspaceFolder;
  let index: CxIndex;

  before(async function () {
    this.timeout(60_000);
    const ext = vscode.extensions.getExtension<TestApi>(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed`);
    api = await ext.activate();
    const first = vscode.workspace.workspaceFolders?.[0];
    assert.ok(first, 'no workspace folder open');
    folder = first;
    const config = vscode.workspace.getConfiguration('customerContext', folder.uri);
    index = (await loadDiskWorkspace(folder.uri.fsPath, { root: config.get<string>('root', '.cx'), window: config.get<number>('window', 30) })).index;
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('activates in the example workspace and starts the language server', async function () {
    this.timeout(30_000);
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
    await api.ready;
    const linked = linkedFile(index);
    assert.ok(linked, 'the example workspace has no file linked to a journey with metrics');
    const result = await api.fileContext(vscode.Uri.joinPath(folder.uri, linked.path).toString());
    assert.equal(result?.refs[0]?.ref, linked.main.ref);
  });

  it('the status bar shows the main journey of a linked file, and hides for a file without one', async function () {
    this.timeout(30_000);
    const linked = linkedFile(index)!;
    await open(folder, linked.path);
    const status = await waitFor(() => {
      const s = api.statusBar();
      return s.visible && s.text.includes(linked.main.title) ? s : undefined;
    }, { timeout: 20_000, message: `the status bar to show ${linked.main.title}` });
    assert.equal(status.uri, vscode.Uri.joinPath(folder.uri, linked.path).toString());
    assert.equal(status.text.includes('$(warning)'), index.contextOf(linked.path).health === 'warning', `${linked.path}: ${status.text}`);
    assert.ok(status.tooltip?.startsWith(`**${escapeMarkdown(linked.main.title)}**`), status.tooltip);
    if (hasRunner) await waitForWorkbench('.statusbar-item', (t) => t.includes(linked.main.title), { timeout: 10_000 });

    const plain = [...index.sourceFiles()].find((f) => !index.contextOf(f.path).refs.length);
    if (plain) {
      await open(folder, plain.path);
      await waitFor(() => !api.statusBar().visible, { message: `the status bar to hide for ${plain.path}` });
    }
  });

  it('an annotation with an unknown journey gets a diagnostic at its line', async function () {
    this.timeout(30_000);
    const linked = linkedFile(index)!;
    const editor = await open(folder, linked.path);
    const uri = editor.document.uri;
    const reported = waitForEvent(vscode.languages.onDidChangeDiagnostics,
      () => vscode.languages.getDiagnostics(uri).some((d) => d.message.includes('no-such-journey')), { timeout: 20_000, message: 'a diagnostic for no-such-journey' });
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(0, 0), '// @cx no-such-journey\n')));
    await reported;
    const diagnostic = vscode.languages.getDiagnostics(uri).find((d) => d.message.includes('no-such-journey'))!;
    assert.equal(diagnostic.range.start.line, 0);
    assert.match(diagnostic.message, /unknown journey 'no-such-journey'/);
    // Leave the file as it was on disk; its diagnostics go with the edit.
    const cleared = waitForEvent(vscode.languages.onDidChangeDiagnostics,
      () => !vscode.languages.getDiagnostics(uri).some((d) => d.message.includes('no-such-journey')), { timeout: 20_000, message: 'the diagnostic to go' });
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await cleared;
  });

  it('CodeLens: the main journey with its metric and feedback, running Show Context', async function () {
    this.timeout(30_000);
    const linked = linkedFile(index)!;
    const editor = await open(folder, linked.path);
    const uri = editor.document.uri;
    const lenses = await waitFor(async () => {
      const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return all?.some((l) => l.command?.title.startsWith(linked.main.title)) ? all : undefined;
    }, { timeout: 20_000, message: `a lens for ${linked.main.title}` });
    const lens = lenses.find((l) => l.command?.title.startsWith(linked.main.title))!;
    assert.equal(lens.command?.command, 'customerContext.showContext');
    assert.deepEqual(lens.command?.arguments?.[1], linked.main.ref);
    assert.match(lens.command!.title, / · (\d+ feedback, \S+ negative|no feedback in \d+ days)$/);
    const registered = await vscode.commands.getCommands(true);
    assert.ok(registered.includes('customerContext.showContext'), 'the lens runs a command the extension registers');
  });

  it('hover on an @cx reference shows its journey or step', async function () {
    this.timeout(30_000);
    const annotated = annotatedFile(index);
    assert.ok(annotated, 'the example workspace has a file with an @cx annotation');
    const editor = await open(folder, annotated.path);
    const hovers = await waitFor(async () => {
      const all = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, annotated.position);
      return all?.length ? all : undefined;
    }, { timeout: 20_000, message: `a hover on ${annotated.ref}` });
    const text = hovers.map(markdownOf).join('\n');
    assert.ok(text.includes(`\`${annotated.ref}\``), text);
    // The hover escapes Markdown punctuation: compare without the escapes.
    assert.ok(text.replace(/\\(.)/g, '$1').includes(`**${index.refContext(annotated.ref).title}**`), text);
  });
});

describe('editor: commands', function () {
  let api: TestApi;
  let folder: vscode.WorkspaceFolder;
  let index: CxIndex;
  let root: string;

  before(async function () {
    this.timeout(60_000);
    const ext = vscode.extensions.getExtension<TestApi>(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed`);
    api = await ext.activate();
    await api.ready;
    folder = vscode.workspace.workspaceFolders![0]!;
    const config = vscode.workspace.getConfiguration('customerContext', folder.uri);
    root = config.get<string>('root', '.cx');
    index = (await loadDiskWorkspace(folder.uri.fsPath, { root, window: config.get<number>('window', 30) })).index;
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Show Coverage Map opens the Coverage Map panel for the folder', async function () {
    this.timeout(30_000);
    await vscode.commands.executeCommand('customerContext.showCoverageMap', folder.uri);
    // Its content is checked in coverageMap.test.ts; here, that the command opens the panel as the active tab.
    await waitFor(() => vscode.window.tabGroups.activeTabGroup.activeTab?.label === `Coverage Map: ${folder.name}`, { message: 'the Coverage Map tab' });
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab!;
    assert.ok(tab.input instanceof vscode.TabInputWebview);
    assert.match(tab.input.viewType, /customerContext\.coverageMap$/);
  });

  it('Link File to Journey inserts a @cx comment at the top, as one undoable edit', async function () {
    this.timeout(30_000);
    if (!hasRunner) this.skip(); // choosing in the Quick Pick needs the workbench
    const file = [...index.sourceFiles()].find((f) => f.path.endsWith('.ts') && !index.contextOf(f.path).refs.length);
    assert.ok(file, 'the example workspace has a .ts file with no journey');
    const editor = await open(folder, file.path);
    const before = editor.document.getText();
    const first = index.journeyList().map((j) => j.journey.id).sort((a, b) => a.localeCompare(b))[0]!;
    const done = vscode.commands.executeCommand<boolean>('customerContext.linkFileToJourney', editor.document.uri);
    await waitForWorkbench('.quick-input-widget .quick-input-list .monaco-list-row', (t) => t.includes(first), { timeout: 15_000 });
    await vscode.commands.executeCommand('quickInput.first');
    await vscode.commands.executeCommand('workbench.action.quickPickManyToggle');
    await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
    assert.equal(await done, true);
    assert.equal(editor.document.lineAt(0).text, `// @cx ${first}`);
    assert.equal(editor.document.getText(), `// @cx ${first}\n${before.startsWith('\n') ? '' : '\n'}${before}`);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), before);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('Initialize Workspace leaves an existing data folder alone', async function () {
    this.timeout(30_000);
    const written = await vscode.commands.executeCommand<string[] | undefined>('customerContext.initializeWorkspace', folder.uri);
    assert.equal(written, undefined, 'a Notice, nothing written');
    const examples = await vscode.workspace.findFiles(`${root}/**/example.*`);
    assert.deepEqual(examples.map((u) => u.path), [], 'no example data mixed into the real data');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), vscode.Uri.joinPath(folder.uri, root, 'journeys.yaml').toString());
  });

  it('a component pattern that matches no file when the server starts is a warning at its place', async function () {
    this.timeout(120_000);
    const uri = vscode.Uri.joinPath(folder.uri, root, 'components', 'zz-nowhere.yaml');
    const warning = "pattern '/no-such-folder/' of component 'zz-nowhere' matches no file";
    await vscode.workspace.fs.writeFile(uri, Buffer.from('components:\n  - id: zz-nowhere\n    name: Nowhere\n    paths:\n      - /src/payments/\n      - /no-such-folder/\n'));
    try {
      // The server starts again and indexes the folder for the first time: its sources worker works out which
      // patterns match nothing while the feedback is folded.
      await vscode.commands.executeCommand('customerContext.refresh');
      const found = await waitFor(() => vscode.languages.getDiagnostics(uri).find((d) => d.message === warning), { timeout: 60_000, message: 'the warning' });
      assert.equal(found.severity, vscode.DiagnosticSeverity.Warning);
      assert.equal(found.range.start.line, 5);
      assert.deepEqual(vscode.languages.getDiagnostics(uri).map((d) => d.message), [warning], 'the pattern that matches files is no warning');
    } finally {
      await vscode.workspace.fs.delete(uri);
      await vscode.commands.executeCommand('customerContext.refresh');
      await waitFor(() => !vscode.languages.getDiagnostics(uri).length, { timeout: 60_000, message: 'the warning to go with the file' });
    }
  });

  it('Refresh restarts the language server, which answers again', async function () {
    this.timeout(60_000);
    await vscode.commands.executeCommand('customerContext.refresh');
    const linked = linkedFile(index)!;
    const result = await api.fileContext(vscode.Uri.joinPath(folder.uri, linked.path).toString());
    assert.equal(result?.refs[0]?.ref, linked.main.ref);
  });
});

/** The language server: a child of this extension host running dist/server.js (found with procps' `ps`). */
function serverPid(): number | undefined {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  const line = out.split('\n').find((l) => l.includes('dist/server.js'));
  return line ? Number(line.trim().split(/\s+/)[0]) : undefined;
}

describe('editor: the language server process', function () {
  it('is started with the environment that keeps its memory near what it holds', async function () {
    this.timeout(30_000);
    if (process.platform !== 'linux') this.skip(); // read from /proc
    const api = await vscode.extensions.getExtension<TestApi>(EXTENSION_ID)!.activate();
    await api.ready;
    const pid = await waitFor(serverPid, { message: 'the language server process' });
    const env = new Map(readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
    assert.ok(Object.keys(SERVER_ENV).length > 0);
    for (const [name, value] of Object.entries(SERVER_ENV)) assert.equal(env.get(name), value, name);
    assert.equal(env.get('PATH'), process.env.PATH, 'and the extension host\'s own environment');
  });
});

describe('editor: the language server crashes', function () {
  it('is restarted, and the user is told once with a way to the log', async function () {
    this.timeout(60_000);
    if (process.platform !== 'linux') this.skip();
    const api = await vscode.extensions.getExtension<TestApi>(EXTENSION_ID)!.activate();
    await api.ready;
    const folder = vscode.workspace.workspaceFolders![0]!;
    const pid = await waitFor(serverPid, { message: 'the language server process' });
    process.kill(pid, 'SIGKILL');
    const restarted = await waitFor(() => {
      const now = serverPid();
      return now && now !== pid ? now : undefined;
    }, { timeout: 20_000, message: 'a new language server process' });
    assert.notEqual(restarted, pid);
    const any = [...(await loadDiskWorkspace(folder.uri.fsPath, { root: '.cx', window: 30 })).index.sourceFiles()][0]!;
    await waitFor(() => api.fileContext(vscode.Uri.joinPath(folder.uri, any.path).toString()).then((r) => r?.path === any.path),
      { timeout: 20_000, message: 'the restarted server to answer' });
    if (hasRunner) {
      const toasts = await waitForWorkbench('.notification-list-item-message', (t) => t.includes('crashed and was restarted'), { timeout: 10_000 });
      assert.equal(toasts.filter((t) => t?.includes('crashed and was restarted')).length, 1);
      await vscode.commands.executeCommand('notifications.clearAll');
    }
  });
});

