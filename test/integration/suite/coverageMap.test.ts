// The Coverage Map panel in a real VS Code, on the example workspace. Expected figures come from the workspace's
// own .cx/ data through the core (as the server computes them), so the suite follows the example as it grows. The
// DOM checks and clicks need the code-server runner; under @vscode/test-electron they skip.
import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { computeCoverage, filterCoverage } from '../../../src/core/coverage';
import type { CoverageReport } from '../../../src/core/coverage';
import { CoverageReportJson } from '../../../src/core/coverageReportJson';
import { maxFileFeedback, treemapIntensity } from '../../../src/core/htmlTreemap';
import { coverageFile } from '../../../src/core/coverageReports';
import { loadDiskWorkspace } from '../../../src/core/diskWorkspace';
import { pct } from '../../../src/core/text';
import { clickWebview, hasRunner, queryWebview, screenshot, scrollWebview, selectInWebview, waitFor, waitForWebview } from '../util';

const EXTENSION_ID = 'customer-context.customer-context';
const PANEL = 'Coverage Map';

const figure = (id: string) => queryWebview(PANEL, `#tile-${id} .figure`);
const waitForFigure = (id: string, text: string, timeout = 15_000) => waitForWebview(PANEL, `#tile-${id} .figure`, (t) => t === text, { timeout });
const captions = async () => (await queryWebview(PANEL, '.tile .caption')).join(' | ');

describe('coverage map: the Coverage Map panel', function () {
  let folder: vscode.WorkspaceFolder;
  let report: CoverageReport;

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
    report = computeCoverage(ws.index);
    assert.ok(report.files.total > 10 && report.matrix.cells.length > 0, 'the example workspace has too little to map');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Show Coverage Map opens the panel with the headline figures, treemap, matrix and gaps @screenshot', async function () {
    if (!hasRunner) this.skip();
    this.timeout(60_000);
    await vscode.commands.executeCommand('customerContext.showCoverageMap', folder.uri.toString());
    await waitForFigure('files', pct(report.files.share, 1), 30_000);
    assert.deepEqual(await figure('lines'), [pct(report.lines.share, 1)]);
    assert.deepEqual(await figure('feedback'), [pct(report.feedback.share, 1)]);
    assert.equal(
      await captions(),
      [
        `${report.files.linked} of ${report.files.total} files linked to a journey`,
        `${report.lines.linked} of ${report.lines.total} lines linked to a journey`,
        `${report.feedback.tagged} of ${report.feedback.total} feedback records tagged (whole workspace)`,
      ].join(' | '),
    );
    assert.deepEqual(await queryWebview(PANEL, 'h1'), [`Coverage Map: ${folder.name}`]);
    // One treemap box per file (the example's files are all big enough to get one), linked ones marked.
    const paths = await queryWebview(PANEL, '.treemap .tm-file', { attr: 'data-path' });
    assert.deepEqual([...paths].sort(), report.perFile.map((f) => f.path).sort());
    const linked = await queryWebview(PANEL, '.treemap .tm-file.linked', { attr: 'data-path' });
    assert.deepEqual([...linked].sort(), report.perFile.filter((f) => f.refs.length).map((f) => f.path).sort());
    // The matrix: a cell per pair, with its counts.
    const cells = await queryWebview(PANEL, 'td.cell', { attr: 'data-component' });
    assert.equal(cells.length, report.matrix.cells.length);
    const c0 = report.matrix.cells[0]!;
    const text = await queryWebview(PANEL, `td.cell[data-journey="${c0.journey}"][data-component="${c0.component}"] .fb`);
    assert.deepEqual(text, [`${c0.feedback} feedback · ${c0.negative} neg.`]);
    // The gap lists, with their counts and entries.
    assert.deepEqual(await queryWebview(PANEL, '.gap h3'), [
      `Journeys and steps with no code (${report.journeysWithoutCode.length})`,
      `Components with no journey (${report.componentsWithoutJourney.length})`,
      `Negative feedback, no journey (by pain) (${report.negativeFilesWithoutJourney.length})`,
      `Unknown references in @cx annotations (${report.unknownAnnotations.length})`,
    ]);
    assert.deepEqual(await queryWebview(PANEL, '#gap-negative button.path'), report.negativeFilesWithoutJourney.map((f) => f.path));
    await screenshot('coverage-map');
    await scrollWebview(PANEL, 'section.matrix');
    await screenshot('coverage-map-matrix');
    await scrollWebview(PANEL, 'header');
  });

  it('a filter by owner changes the figures, and drilling into a folder and back works', async function () {
    if (!hasRunner) this.skip();
    this.timeout(60_000);
    await vscode.commands.executeCommand('customerContext.showCoverageMap', folder.uri.toString());
    await waitForFigure('files', pct(report.files.share, 1));
    // The owner whose share differs most from the workspace's.
    const owner = [...report.owners].sort((a, b) => Math.abs(b.share - report.files.share) - Math.abs(a.share - report.files.share))[0]!;
    const byOwner = filterCoverage(report, { owner: owner.owner });
    assert.notEqual(pct(byOwner.files.share, 1), pct(report.files.share, 1));
    await selectInWebview(PANEL, '#filter-owner', owner.owner);
    await waitForFigure('files', pct(byOwner.files.share, 1));
    assert.deepEqual(await figure('lines'), [pct(byOwner.lines.share, 1)]);
    const paths = await queryWebview(PANEL, '.treemap .tm-file', { attr: 'data-path' });
    assert.deepEqual([...paths].sort(), byOwner.perFile.map((f) => f.path).sort());
    await clickWebview(PANEL, '#clear-filters');
    await waitForFigure('files', pct(report.files.share, 1));

    // Drill into the first folder header, then back up with the breadcrumb.
    const heads = await queryWebview(PANEL, '.treemap .tm-head', { attr: 'data-path' });
    const target = heads.find((p): p is string => !!p);
    assert.ok(target, 'the treemap shows no folder');
    const inFolder = filterCoverage(report, { folder: target });
    await clickWebview(PANEL, `.treemap .tm-head[data-path="${target}"]`);
    await waitForFigure('files', pct(inFolder.files.share, 1));
    await waitFor(async () => (await queryWebview(PANEL, '.breadcrumb [aria-current]'))[0] === target.split('/').pop(), { message: 'the breadcrumb at the folder' });
    assert.deepEqual([...(await queryWebview(PANEL, '.treemap .tm-file', { attr: 'data-path' }))].sort(), inFolder.perFile.map((f) => f.path).sort());
    await clickWebview(PANEL, '.breadcrumb button:first-child');
    await waitForFigure('files', pct(report.files.share, 1));

    // Intensity: by feedback volume (the default) or by negative share, switchable.
    const file = report.perFile.find((f) => f.feedback > 0 && f.negative < f.feedback) ?? report.perFile.find((f) => f.feedback > 0)!;
    const node = { ...report.tree, path: file.path, lines: file.lines, files: 1, feedback: file.feedback, negative: file.negative, children: undefined };
    const mix = async () => /--mix: (\d+)%/.exec((await queryWebview(PANEL, `.tm-file[data-path="${file.path}"]`, { attr: 'style' }))[0] ?? '')?.[1];
    const expected = (by: 'volume' | 'negative') => String(Math.round(18 + 72 * treemapIntensity(node, by, maxFileFeedback(report.tree))));
    assert.equal(await mix(), expected('volume'));
    await selectInWebview(PANEL, '#intensity', 'negative');
    await waitFor(async () => (await mix()) === expected('negative'), { message: `${file.path} coloured by its negative share` });
    assert.deepEqual(await queryWebview(PANEL, '.legend-intensity'), ['stronger: larger negative share']);
    await selectInWebview(PANEL, '#intensity', 'volume');
    await waitFor(async () => (await mix()) === expected('volume'), { message: `${file.path} coloured by feedback volume` });
  });

  it('clicking a file in the treemap or a gap list opens it', async function () {
    if (!hasRunner) this.skip();
    this.timeout(60_000);
    await vscode.commands.executeCommand('customerContext.showCoverageMap', folder.uri.toString());
    await waitForFigure('files', pct(report.files.share, 1));
    const isOpen = (rel: string) => () => vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === vscode.Uri.joinPath(folder.uri, rel).toString());
    const file = [...report.perFile].sort((a, b) => b.lines - a.lines)[0]!.path;
    await clickWebview(PANEL, `.treemap .tm-file[data-path="${file}"]`);
    await waitFor(isOpen(file), { message: `${file} open in an editor`, timeout: 15_000 });
    const gap = report.negativeFilesWithoutJourney[0];
    if (gap) {
      await vscode.commands.executeCommand('customerContext.showCoverageMap', folder.uri.toString());
      await clickWebview(PANEL, `#gap-negative button.path`);
      await waitFor(isOpen(gap.path), { message: `${gap.path} open in an editor`, timeout: 15_000 });
    }
  });

  it('Export Coverage Report writes each format as cx coverage --format does', async function () {
    this.timeout(60_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cx-export-'));
    try {
      const exported = async (format: string) => {
        const target = vscode.Uri.file(path.join(dir, `report.${format}`));
        const written = await vscode.commands.executeCommand<vscode.Uri | undefined>('customerContext.exportCoverageReport', folder.uri.toString(), format, target.toString());
        assert.equal(written?.toString(), target.toString(), `${format} written`);
        return fs.readFileSync(target.fsPath, 'utf8');
      };
      const json = CoverageReportJson.parse(JSON.parse(await exported('json')));
      // The server's report, dated when it was made: the same figures as the core's.
      const same: CoverageReport = { ...report, generatedAt: json.generatedAt };
      assert.equal(`${JSON.stringify(json, null, 2)}\n`, coverageFile(same, 'json'));
      for (const format of ['md', 'csv', 'html'] as const) assert.equal(await exported(format), coverageFile(same, format), format);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refreshes when the index changes: a new annotated file counts', async function () {
    if (!hasRunner) this.skip();
    this.timeout(60_000);
    await vscode.commands.executeCommand('customerContext.showCoverageMap', folder.uri.toString());
    await waitForFigure('files', pct(report.files.share, 1));
    const journey = report.journeys[0]!.ref;
    const file = vscode.Uri.joinPath(folder.uri, 'src', 'coverage-map-probe.ts');
    fs.writeFileSync(file.fsPath, `// @cx ${journey}\nexport const probe = 1;\n`);
    try {
      const files = report.files.total + 1;
      const linked = report.files.linked + 1;
      await waitForWebview(PANEL, '#tile-files .caption', (t) => t === `${linked} of ${files} files linked to a journey`, { timeout: 20_000 });
      assert.deepEqual(await figure('files'), [pct(linked / files, 1)]);
    } finally {
      fs.rmSync(file.fsPath, { force: true });
    }
    await waitForWebview(PANEL, '#tile-files .caption', (t) => t === `${report.files.linked} of ${report.files.total} files linked to a journey`, { timeout: 20_000 });
  });

  it('a hidden panel asks for nothing when the index changes, and shows the change when shown again', async function () {
    if (!hasRunner) this.skip();
    this.timeout(60_000);
    await vscode.commands.executeCommand('customerContext.showCoverageMap', folder.uri.toString());
    await waitForFigure('files', pct(report.files.share, 1));
    const seq = Number((await queryWebview(PANEL, '#app', { attr: 'data-seq' }))[0]);
    // Another editor in the panel's group hides it.
    const readme = vscode.Uri.joinPath(folder.uri, '.cx', 'journeys.yaml');
    await vscode.window.showTextDocument(readme, { preview: false });
    const journey = report.journeys[0]!.ref;
    const file = vscode.Uri.joinPath(folder.uri, 'src', 'coverage-map-hidden.ts');
    fs.writeFileSync(file.fsPath, `// @cx ${journey}\nexport const hidden = 1;\n`);
    try {
      const api = vscode.extensions.getExtension<{ fileContext(uri: string): Promise<{ refs: { ref: string }[] } | null> }>(EXTENSION_ID)!.exports;
      await waitFor(async () => (await api.fileContext(file.toString()))?.refs.some((r) => r.ref === journey), { message: 'the server indexed the new file', timeout: 20_000 });
      await new Promise((r) => setTimeout(r, 2_500)); // longer than the panel's delay after a change
      // Hidden, its webview kept: nothing was fetched for it.
      assert.equal(Number((await queryWebview(PANEL, '#app', { attr: 'data-seq' }))[0]), seq, 'no fetch while hidden');
      await vscode.commands.executeCommand('customerContext.showCoverageMap', folder.uri.toString());
      const caption = `${report.files.linked + 1} of ${report.files.total + 1} files linked to a journey`;
      await waitForWebview(PANEL, '#tile-files .caption', (t) => t === caption, { timeout: 20_000 });
      assert.equal(Number((await queryWebview(PANEL, '#app', { attr: 'data-seq' }))[0]), seq + 1, 'one fetch, when shown again');
    } finally {
      fs.rmSync(file.fsPath, { force: true });
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });
});
