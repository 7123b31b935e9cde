/**
 * Coverage figures (src/core/coverage.ts) on the mini fixture, every one checked against answers worked out by hand
 * from its .cx/ data and sources; the filters, `--since` on a temporary git repository, the gate, the treemap
 * layout, and the json and csv formats.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { computeCoverage, filterCoverage } from '../../src/core/coverage';
import type { CoverageReport, CoverageTreeNode } from '../../src/core/coverage';
import { formatCoverageMarkdown, formatCoverageText } from '../../src/core/coverageFormat';
import { coverageChanges, coverageGaps, gitChangedFiles, GitChangesError } from '../../src/core/coverageReportChanges';
import { csvCell, formatCoverageCsv } from '../../src/core/coverageReportCsv';
import { CoverageReportJson, formatCoverageJson, parseCoverageJson } from '../../src/core/coverageReportJson';
import { coverageFile, coverageFormatOfPath } from '../../src/core/coverageReports';
import { loadDiskWorkspace } from '../../src/core/diskWorkspace';
import { layoutTreemap, squarify } from '../../src/core/htmlTreemap';

const MINI = path.join(__dirname, '..', 'fixtures', 'mini');
const AT = new Date('2026-11-20T08:00:00Z');

/** A tree node without children (a file), for brevity. */
const leaf = (path: string, lines: number, linked: boolean, feedback: number, negative: number): CoverageTreeNode => ({
  name: path.slice(path.lastIndexOf('/') + 1),
  path,
  lines,
  files: 1,
  linkedFiles: linked ? 1 : 0,
  linkedLines: linked ? lines : 0,
  feedback,
  negative,
});
const folder = (path: string, f: Omit<CoverageTreeNode, 'name' | 'path' | 'children'>, children: CoverageTreeNode[]): CoverageTreeNode => ({
  name: path.slice(path.lastIndexOf('/') + 1),
  path,
  ...f,
  children,
});

async function mini(): Promise<CoverageReport> {
  const ws = await loadDiskWorkspace(MINI, { root: '.cx', window: 30 });
  return computeCoverage(ws.index, { generatedAt: AT });
}

describe('coverage of the mini fixture: every figure', () => {
  let c: CoverageReport;
  before(async () => {
    c = await mini();
  });

  it('headline figures and the window', () => {
    assert.equal(c.generatedAt, '2026-11-20T08:00:00.000Z');
    // The window ends the day after the newest feedback (NPS-3, 2026-11-18).
    assert.deepEqual(c.window, { days: 30, from: '2026-10-20T00:00:00.000Z', to: '2026-11-19T00:00:00.000Z' });
    assert.equal(c.filter, undefined);
    // 6 files; old.ts (excluded from payments-api) and log.ts (component shared, no journey) serve nothing.
    assert.deepEqual(c.files, { total: 6, linked: 4, share: 4 / 6 });
    // 1 + 1 + 3 + 6 + 3 + 1 lines; old.ts and log.ts have one each.
    assert.deepEqual(c.lines, { total: 15, linked: 13, share: 13 / 15 });
    // NPS-3's only tag was removed in the tags log; ZD-2 is tagged by the log.
    assert.deepEqual(c.feedback, { total: 7, tagged: 6, share: 6 / 7 });
  });

  it('per file: lines, what it serves, components, feedback', () => {
    assert.deepEqual(c.perFile, [
      { path: 'src/cart/cart.ts', lines: 1, refs: ['checkout/cart'], components: ['cart'], feedback: 0, negative: 0 },
      { path: 'src/payments/legacy/old.ts', lines: 1, refs: [], components: [], feedback: 0, negative: 0 },
      // ZD-3 is tagged to payments-api: it counts for both of its files.
      { path: 'src/payments/pay.ts', lines: 3, refs: ['checkout/pay'], components: ['payments-api'], feedback: 1, negative: 1 },
      { path: 'src/payments/retry.ts', lines: 6, refs: ['refunds', 'checkout/pay'], components: ['payments-api'], feedback: 1, negative: 1 },
      // `serch` is unknown: it serves nothing.
      { path: 'src/search/query.py', lines: 3, refs: ['search/results'], components: [], feedback: 0, negative: 0 },
      { path: 'src/shared/log.ts', lines: 1, refs: [], components: ['shared'], feedback: 1, negative: 1 },
    ]);
  });

  it('the folder tree: sums, and each feedback record once per folder', () => {
    const payments = { lines: 10, files: 3, linkedFiles: 2, linkedLines: 9, feedback: 1, negative: 1 };
    assert.deepEqual(
      c.tree,
      folder('', { lines: 15, files: 6, linkedFiles: 4, linkedLines: 13, feedback: 2, negative: 2 }, [
        folder('src', { lines: 15, files: 6, linkedFiles: 4, linkedLines: 13, feedback: 2, negative: 2 }, [
          folder('src/cart', { lines: 1, files: 1, linkedFiles: 1, linkedLines: 1, feedback: 0, negative: 0 }, [leaf('src/cart/cart.ts', 1, true, 0, 0)]),
          folder('src/payments', payments, [
            folder('src/payments/legacy', { lines: 1, files: 1, linkedFiles: 0, linkedLines: 0, feedback: 0, negative: 0 }, [leaf('src/payments/legacy/old.ts', 1, false, 0, 0)]),
            leaf('src/payments/pay.ts', 3, true, 1, 1),
            leaf('src/payments/retry.ts', 6, true, 1, 1),
          ]),
          folder('src/search', { lines: 3, files: 1, linkedFiles: 1, linkedLines: 3, feedback: 0, negative: 0 }, [leaf('src/search/query.py', 3, true, 0, 0)]),
          folder('src/shared', { lines: 1, files: 1, linkedFiles: 0, linkedLines: 0, feedback: 1, negative: 1 }, [leaf('src/shared/log.ts', 1, false, 1, 1)]),
        ]),
      ]),
    );
  });

  it('journeys × components: pairs, files, feedback about the component or what it lists', () => {
    assert.deepEqual(c.matrix, {
      journeys: ['checkout', 'search', 'refunds', 'onboarding'],
      components: ['payments-api', 'cart'],
      cells: [
        // ZD-3 (the component), ZD-1 and ZD-2 (checkout/pay, which it lists); not NPS-1 (checkout as a whole).
        { journey: 'checkout', component: 'payments-api', files: 2, feedback: 3, negative: 2 },
        { journey: 'checkout', component: 'cart', files: 1, feedback: 0, negative: 0 },
      ],
    });
  });

  it('journeys, components and owners', () => {
    assert.deepEqual(c.journeys, [
      // All-time feedback: NPS-1, ZD-1, ZD-2, ZD-3; in the window only NPS-1, ZD-1, ZD-2 (ZD-3 is of 2026-10-05).
      { ref: 'checkout', name: 'Checkout', owner: '@acme/payments', files: 3, components: ['payments-api', 'cart'], feedback: 4, negativeShare: 1 / 3 },
      { ref: 'search', name: 'Search', files: 1, components: [], feedback: 1, negativeShare: 1 },
      { ref: 'refunds', name: 'Refunds', files: 1, components: [], feedback: 0, negativeShare: undefined },
      { ref: 'onboarding', name: 'Onboarding', files: 0, components: [], feedback: 0, negativeShare: undefined },
    ]);
    assert.deepEqual(c.components, [
      { id: 'payments-api', name: 'Payments API', owner: '@acme/payments', journeys: ['checkout/pay'], files: 2, linkedFiles: 2, feedback: 1, negative: 1 },
      { id: 'cart', name: 'Cart', journeys: ['checkout/cart'], files: 1, linkedFiles: 1, feedback: 0, negative: 0 },
      { id: 'shared', name: 'Shared utilities', journeys: [], files: 1, linkedFiles: 0, feedback: 1, negative: 1 },
      // `serch` does not exist, so docs serves nothing; its pattern matches no file.
      { id: 'docs', name: 'docs', journeys: [], files: 0, linkedFiles: 0, feedback: 0, negative: 0 },
    ]);
    assert.deepEqual(c.owners, [{ owner: '@acme/payments', components: ['payments-api'], files: 2, linkedFiles: 2, share: 1, lines: 9, linkedLines: 9 }]);
  });

  it('gap lists and unknown annotations', () => {
    // search/results is served, search/filters not; onboarding has nothing; refunds is served as a whole.
    assert.deepEqual(c.journeysWithoutCode, [
      { ref: 'search/filters', name: 'Search › Filters' },
      { ref: 'onboarding', name: 'Onboarding' },
    ]);
    assert.deepEqual(c.componentsWithoutJourney, [
      { id: 'shared', name: 'Shared utilities', files: 1 },
      { id: 'docs', name: 'docs', files: 0 },
    ]);
    assert.deepEqual(c.negativeFilesWithoutJourney, [{ path: 'src/shared/log.ts', negative: 1, feedback: 1, negativeShare: 1 }]);
    assert.deepEqual(c.unknownAnnotations, [{ path: 'src/search/query.py', line: 1, column: 23, ref: 'serch', suggestions: ['search'] }]);
  });

  it('what each record is tagged to', () => {
    assert.deepEqual(c.feedbackLinks, [
      { id: 'NPS-1', negative: false, journeys: ['checkout'], components: [], paths: [] },
      { id: 'NPS-2', negative: true, journeys: ['search/results'], components: [], paths: [] },
      { id: 'NPS-3', negative: false, journeys: [], components: [], paths: [] },
      { id: 'ZD-1', negative: true, journeys: ['checkout/pay'], components: [], paths: [] },
      { id: 'ZD-2', negative: false, journeys: ['checkout/pay'], components: [], paths: [] },
      { id: 'ZD-3', negative: true, journeys: [], components: ['payments-api'], paths: [] },
      { id: 'ZD-4', negative: true, journeys: [], components: [], paths: ['src/shared/log.ts'] },
    ]);
    assert.equal(c.changes, undefined);
  });
});

describe('filterCoverage', () => {
  let c: CoverageReport;
  before(async () => {
    c = await mini();
  });

  it('by owner: their components, files and the journeys they own or serve', () => {
    const before = JSON.stringify(c);
    const f = filterCoverage(c, { owner: '@acme/payments' });
    assert.equal(JSON.stringify(c), before, 'the report is not changed');
    assert.deepEqual(f.filter, { owner: '@acme/payments' });
    assert.deepEqual(f.files, { total: 2, linked: 2, share: 1 });
    assert.deepEqual(f.lines, { total: 9, linked: 9, share: 1 });
    assert.deepEqual(f.feedback, c.feedback, 'the feedback headline stays the workspace’s');
    assert.deepEqual(f.perFile.map((x) => x.path), ['src/payments/pay.ts', 'src/payments/retry.ts']);
    assert.deepEqual(f.components.map((x) => [x.id, x.files, x.feedback]), [['payments-api', 2, 1]]);
    // checkout: owned and listed; refunds: retry.ts serves it by an annotation.
    assert.deepEqual(f.journeys.map((j) => [j.ref, j.files]), [['checkout', 2], ['refunds', 1]]);
    assert.deepEqual(f.matrix, { journeys: ['checkout', 'refunds'], components: ['payments-api'], cells: [{ journey: 'checkout', component: 'payments-api', files: 2, feedback: 3, negative: 2 }] });
    assert.deepEqual(f.journeysWithoutCode, []);
    assert.deepEqual(f.componentsWithoutJourney, []);
    assert.deepEqual(f.negativeFilesWithoutJourney, []);
    assert.deepEqual(f.unknownAnnotations, []);
    assert.deepEqual(f.owners, [c.owners[0]]);
    assert.deepEqual([f.tree.files, f.tree.lines, f.tree.feedback, f.tree.negative], [2, 9, 1, 1]);
    assert.deepEqual(filterCoverage(c, { owner: '@nobody' }).files, { total: 0, linked: 0, share: 0 });
  });

  it('by journey: the files serving it or its steps', () => {
    const f = filterCoverage(c, { journey: 'checkout' });
    assert.deepEqual(f.perFile.map((x) => x.path), ['src/cart/cart.ts', 'src/payments/pay.ts', 'src/payments/retry.ts']);
    assert.deepEqual(f.files, { total: 3, linked: 3, share: 1 });
    assert.deepEqual(f.lines, { total: 10, linked: 10, share: 1 });
    assert.deepEqual(f.journeys.map((j) => [j.ref, j.files]), [['checkout', 3]]);
    assert.deepEqual(f.components.map((x) => x.id), ['payments-api', 'cart']);
    assert.deepEqual(f.matrix.journeys, ['checkout']);
    assert.deepEqual(f.matrix.cells, c.matrix.cells);
    assert.deepEqual(f.journeysWithoutCode, []);
    assert.deepEqual(f.componentsWithoutJourney, []);
    assert.deepEqual(f.unknownAnnotations, []);
    assert.deepEqual(f.owners.map((o) => [o.owner, o.files]), [['@acme/payments', 2]]);
    // Only ZD-3 is about these files (through payments-api); ZD-4 is about log.ts.
    assert.deepEqual([f.tree.files, f.tree.lines, f.tree.feedback, f.tree.negative], [3, 10, 1, 1]);
    const search = filterCoverage(c, { journey: 'search' });
    assert.deepEqual(search.perFile.map((x) => x.path), ['src/search/query.py']);
    assert.deepEqual(search.journeysWithoutCode, [{ ref: 'search/filters', name: 'Search › Filters' }]);
    assert.deepEqual(search.unknownAnnotations.map((u) => u.ref), ['serch']);
  });

  it('by folder, in any spelling; filters combine and narrow a filtered report', () => {
    const f = filterCoverage(c, { folder: 'src/payments' });
    assert.deepEqual(f.perFile.map((x) => x.path), ['src/payments/legacy/old.ts', 'src/payments/pay.ts', 'src/payments/retry.ts']);
    assert.deepEqual(f.files, { total: 3, linked: 2, share: 2 / 3 });
    assert.deepEqual(f.lines, { total: 10, linked: 9, share: 0.9 });
    assert.deepEqual(f.journeys.map((j) => [j.ref, j.files]), [['checkout', 2], ['search', 0], ['refunds', 1], ['onboarding', 0]]);
    assert.deepEqual(f.components.map((x) => x.id), ['payments-api']);
    assert.deepEqual(f.matrix.cells, [c.matrix.cells[0]]);
    assert.deepEqual(f.journeysWithoutCode, c.journeysWithoutCode);
    assert.deepEqual(f.negativeFilesWithoutJourney, []);
    for (const spelling of ['./src/payments/', '/src/payments', 'src/payments/', ' src\\payments ']) {
      assert.deepEqual(filterCoverage(c, { folder: spelling }).perFile, f.perFile, spelling);
      assert.equal(filterCoverage(c, { folder: spelling }).filter?.folder, 'src/payments');
    }
    for (const whole of ['.', '/', './', '']) assert.deepEqual(filterCoverage(c, { folder: whole }).files, c.files, whole);
    // A folder name is not a prefix match: src/pay is no folder.
    assert.equal(filterCoverage(c, { folder: 'src/pay' }).files.total, 0);
    const shared = filterCoverage(c, { folder: 'src/shared' });
    assert.deepEqual(shared.negativeFilesWithoutJourney, c.negativeFilesWithoutJourney);
    assert.deepEqual(shared.componentsWithoutJourney, [{ id: 'shared', name: 'Shared utilities', files: 1 }]);

    const both = filterCoverage(c, { folder: 'src/payments', journey: 'refunds' });
    assert.deepEqual(both.perFile.map((x) => x.path), ['src/payments/retry.ts']);
    assert.deepEqual(filterCoverage(f, { journey: 'refunds' }), both, 'filtering a filtered report narrows it');
    assert.deepEqual(both.filter, { folder: 'src/payments', journey: 'refunds' });
    assert.deepEqual(filterCoverage(c, {}).files, c.files);
  });
});

describe('coverage --since: changed files on a git repository', function () {
  this.timeout(30_000);
  let dir: string;
  const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cx-since-'));
    cpSync(MINI, dir, { recursive: true });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    git('checkout', '-q', '-b', 'feature');
    // Committed on the branch, then changed in the work tree, staged, untracked, deleted, and a .cx/ change.
    writeFileSync(path.join(dir, 'src/payments/pay.ts'), 'export function pay() {\n  return 2;\n}\n');
    git('commit', '-q', '-am', 'pay');
    writeFileSync(path.join(dir, 'src/shared/log.ts'), 'export const log = console.log; // changed\n');
    writeFileSync(path.join(dir, 'src/search/new file.ts'), 'export const x = 1;\n');
    git('add', 'src/search/new file.ts');
    writeFileSync(path.join(dir, 'src/cart/extra.ts'), '// @cx onboarding\nexport const y = 1;\n');
    unlinkSync(path.join(dir, 'src/payments/legacy/old.ts'));
    writeFileSync(path.join(dir, '.cx/tags.jsonl'), '');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('lists what the branch changed since REV, staged, unstaged and untracked files', async () => {
    const changed = await gitChangedFiles(dir, 'main');
    assert.deepEqual(changed, ['.cx/tags.jsonl', 'src/cart/extra.ts', 'src/payments/legacy/old.ts', 'src/payments/pay.ts', 'src/search/new file.ts', 'src/shared/log.ts']);
    // Since HEAD: the branch's commit is not a change any more.
    assert.ok(!(await gitChangedFiles(dir, 'HEAD')).includes('src/payments/pay.ts'));
    // Relative to a subfolder root.
    assert.deepEqual(await gitChangedFiles(path.join(dir, 'src/payments'), 'main'), ['legacy/old.ts', 'pay.ts']);
  });

  it('reports the journeys the changed files touch and those with no journey', async () => {
    const ws = await loadDiskWorkspace(dir, { root: '.cx', window: 30 });
    const report = computeCoverage(ws.index, { generatedAt: AT });
    const changes = coverageChanges(report, 'main', await gitChangedFiles(dir, 'main'));
    assert.equal(changes.since, 'main');
    assert.deepEqual(changes.files.map((f) => [f.path, f.refs]), [
      ['src/cart/extra.ts', ['onboarding', 'checkout/cart']],
      ['src/payments/pay.ts', ['checkout/pay']],
      ['src/search/new file.ts', []],
      ['src/shared/log.ts', []],
    ]);
    assert.deepEqual(changes.other, ['.cx/tags.jsonl', 'src/payments/legacy/old.ts']);
    assert.deepEqual(changes.journeys, [
      { ref: 'checkout', name: 'Checkout', refs: ['checkout/cart', 'checkout/pay'], files: ['src/cart/extra.ts', 'src/payments/pay.ts'] },
      { ref: 'onboarding', name: 'Onboarding', refs: ['onboarding'], files: ['src/cart/extra.ts'] },
    ]);
    assert.deepEqual(changes.withoutJourney, ['src/search/new file.ts', 'src/shared/log.ts']);
    // Filtered: changed files outside the filter are left out, not listed as other paths.
    const sources = new Set(report.perFile.map((f) => f.path));
    const inPayments = coverageChanges(filterCoverage(report, { folder: 'src/payments' }), 'main', await gitChangedFiles(dir, 'main'), sources);
    assert.deepEqual(inPayments.files.map((f) => f.path), ['src/payments/pay.ts']);
    assert.deepEqual(inPayments.other, ['.cx/tags.jsonl', 'src/payments/legacy/old.ts']);
    assert.deepEqual(inPayments.journeys.map((j) => j.ref), ['checkout']);
    // The gate with changes: only changed files with negative feedback and no journey.
    assert.deepEqual(coverageGaps({ ...report, changes }), ['changed file src/shared/log.ts has 1 negative feedback and no journey']);
    const csv = formatCoverageCsv({ ...report, changes });
    assert.deepEqual(csv.split('\r\n').map((l) => l.split(',')[0]), ['path', 'src/cart/extra.ts', 'src/payments/pay.ts', 'src/search/new file.ts', 'src/shared/log.ts', '']);
    const text = formatCoverageText({ ...report, changes });
    assert.match(text, /changed since main: 4 source files \(and 2 other paths\)\n {2}journeys touched:\n {4}checkout \(Checkout\): src\/cart\/extra\.ts, src\/payments\/pay\.ts\n {4}onboarding \(Onboarding\): src\/cart\/extra\.ts\n {2}changed files with no journey:\n {4}src\/search\/new file\.ts\n {4}src\/shared\/log\.ts/);
    assert.match(formatCoverageMarkdown({ ...report, changes }), /- \*\*Changed files with negative feedback and no journey \(1\):\*\* `src\/shared\/log\.ts` \(1 negative\)/);
  });

  it('refuses what it cannot list, with the reason', async () => {
    await assert.rejects(gitChangedFiles(dir, 'nope'), (e: Error) => e instanceof GitChangesError && /unknown revision 'nope'/.test(e.message));
    await assert.rejects(gitChangedFiles(dir, 'origin/main'), /fetch it first/);
    await assert.rejects(gitChangedFiles(dir, '--output=x'), /is not a revision/);
    const plain = mkdtempSync(path.join(tmpdir(), 'cx-nogit-'));
    try {
      await assert.rejects(gitChangedFiles(plain, 'main'), /is not in a git work tree/);
    } finally {
      rmSync(plain, { recursive: true, force: true });
    }
  });
});

describe('coverage gate and formats', () => {
  let c: CoverageReport;
  before(async () => {
    c = await mini();
  });

  it('--fail-on-gaps lists journeys with no code and negative files with no journey', () => {
    assert.deepEqual(coverageGaps(c), [
      'step search/filters (Search › Filters) has no code',
      'journey onboarding (Onboarding) has no code',
      'src/shared/log.ts has 1 negative feedback and no journey',
    ]);
  });

  it('json: valid against its schema, and reads back to the same report', () => {
    const text = formatCoverageJson(c);
    const doc = CoverageReportJson.parse(JSON.parse(text));
    assert.equal(doc.version, 1);
    assert.deepEqual(parseCoverageJson(text), JSON.parse(JSON.stringify(c)));
    assert.throws(() => parseCoverageJson(JSON.stringify({ ...JSON.parse(text), extra: 1 })));
    assert.throws(() => parseCoverageJson(JSON.stringify({ ...JSON.parse(text), version: 2 })));
  });

  it('csv: one row per file, RFC 4180 quoting', () => {
    assert.equal(
      formatCoverageCsv(c),
      [
        'path,lines,linked,journeys,components,feedback,negative',
        'src/cart/cart.ts,1,yes,checkout/cart,cart,0,0',
        'src/payments/legacy/old.ts,1,no,,,0,0',
        'src/payments/pay.ts,3,yes,checkout/pay,payments-api,1,1',
        'src/payments/retry.ts,6,yes,refunds;checkout/pay,payments-api,1,1',
        'src/search/query.py,3,yes,search/results,,0,0',
        'src/shared/log.ts,1,no,,shared,1,1',
        '',
      ].join('\r\n'),
    );
    assert.deepEqual(['a,b', 'say "hi"', 'two\nlines', 'plain', 7].map(csvCell), ['"a,b"', '"say ""hi"""', '"two\nlines"', 'plain', '7']);
  });

  it('text and md: the figures', () => {
    const text = formatCoverageText(c);
    assert.match(text, /^Customer Context coverage · generated 2026-11-20 08:00 UTC · feedback window 30 days to 2026-11-18\n/);
    assert.match(text, /\n {2}search\s+1 file\s+1 feedback\s+100% negative\n/);
    assert.match(text, /\nfiles linked to a journey: 4\/6 \(66\.7%\)\nlines linked to a journey: 13\/15 \(86\.7%\)\nfeedback tagged: 6\/7 \(85\.7%\)\n/);
    assert.match(text, /\njourneys × components:\n {2}checkout × payments-api\s+2 files\s+3 feedback \(2 negative\)\n {2}checkout × cart\s+1 file\s+0 feedback \(0 negative\)\n/);
    assert.match(text, /\nunknown references in @cx annotations:\n {2}src\/search\/query\.py:1:23: serch \(did you mean search\?\)$/);
    assert.ok(!/ $/m.test(text), 'no line ends with a space');
    const md = formatCoverageMarkdown(c);
    assert.match(md, /\| lines \| 13 \| 15 \| 86\.7% \|/);
    assert.match(md, /\| feedback tagged \| 6 \| 7 \| 85\.7% \|/);
    assert.match(md, /\| `@acme\/payments` \| 2\/2 \(100\.0%\) \| 9\/9 \|/);
    assert.match(md, /- \*\*Unknown references in `@cx` annotations \(1\):\*\* `serch` at `src\/search\/query\.py:1`/);
    assert.ok(md.split('\n').length <= 60);
  });

  it('one file content per format, and the format a file name asks for', () => {
    assert.equal(coverageFile(c, 'csv'), formatCoverageCsv(c));
    assert.equal(coverageFile(c, 'json'), `${formatCoverageJson(c)}\n`);
    assert.equal(coverageFile(c, 'md'), `${formatCoverageMarkdown(c)}\n`);
    assert.deepEqual(
      ['a/b.md', 'R.JSON', 'x.csv', 'r.html', 'r.htm', 'r.txt', 'r.markdown', 'noext', 'dir.d/file', 'x.text', 'x.pdf'].map(coverageFormatOfPath),
      ['md', 'json', 'csv', 'html', 'html', 'text', 'md', undefined, undefined, undefined, undefined],
    );
  });
});

describe('treemap layout', () => {
  const area = (r: { w: number; h: number }) => r.w * r.h;
  const close = (a: number, b: number) => Math.abs(a - b) < 1e-6 * Math.max(1, Math.abs(b));

  it('squarify: areas in proportion, filling the rectangle, largest first, nothing for zero', () => {
    const rect = { x: 10, y: 20, w: 600, h: 400 };
    const values = [6, 6, 4, 3, 2, 2, 1, 0, -1];
    const placed = squarify(values.map((value, i) => ({ value, item: i })), rect);
    assert.deepEqual(placed.map((p) => p.item), [0, 1, 2, 3, 4, 5, 6]);
    const total = 24;
    for (const p of placed) {
      assert.ok(close(area(p.rect), (values[p.item]! / total) * area(rect)), `area of ${p.item}`);
      assert.ok(p.rect.x >= rect.x - 1e-9 && p.rect.y >= rect.y - 1e-9 && p.rect.x + p.rect.w <= rect.x + rect.w + 1e-9 && p.rect.y + p.rect.h <= rect.y + rect.h + 1e-9);
    }
    assert.ok(close(placed.reduce((n, p) => n + area(p.rect), 0), area(rect)));
    // Squarified: no box is thinner than 1:4 here.
    for (const p of placed) assert.ok(Math.max(p.rect.w / p.rect.h, p.rect.h / p.rect.w) < 4, `aspect of ${p.item}`);
    assert.deepEqual(squarify([], rect), []);
    assert.deepEqual(squarify([{ value: 1, item: 'a' }], { x: 0, y: 0, w: 0, h: 10 }), []);
  });

  it('layoutTreemap: every file once, inside its folder, parents first', async () => {
    const c = await mini();
    const boxes = layoutTreemap(c.tree, { x: 0, y: 0, w: 800, h: 500 });
    // The root's single child (src/) is collapsed into it: its folders fill the rectangle.
    assert.deepEqual(boxes.filter((b) => b.kind === 'file').map((b) => b.node.path).sort(), c.perFile.map((f) => f.path));
    assert.deepEqual(boxes.filter((b) => b.kind === 'folder').map((b) => [b.node.path, b.depth]).sort(), [['src/cart', 0], ['src/payments', 0], ['src/payments/legacy', 1], ['src/search', 0], ['src/shared', 0]]);
    for (const b of boxes) {
      const parent = boxes.find((p) => p.kind === 'folder' && b.node.path.startsWith(`${p.node.path}/`) && p.depth === b.depth - 1);
      if (b.depth === 0) continue;
      assert.ok(parent, `${b.node.path} has its folder`);
      assert.ok(boxes.indexOf(parent) < boxes.indexOf(b), 'parents first');
      const r = b.rect;
      const o = parent.rect;
      assert.ok(r.x >= o.x && r.y >= o.y + parent.header && r.x + r.w <= o.x + o.w + 1e-9 && r.y + r.h <= o.y + o.h + 1e-9, `${b.node.path} inside ${parent.node.path}`);
    }
    // Area by lines: payments (10 of 15 lines) holds two thirds of the rectangle.
    const payments = boxes.find((b) => b.node.path === 'src/payments')!;
    assert.ok(close(area(payments.rect), (10 / 15) * 800 * 500));
    // Too deep: blocks instead of files.
    const shallow = layoutTreemap(c.tree, { x: 0, y: 0, w: 800, h: 500 }, { maxDepth: 0 });
    assert.deepEqual(shallow.filter((b) => b.kind === 'block').map((b) => b.node.path), ['src/payments/legacy']);
    assert.deepEqual(layoutTreemap(filterCoverage(c, { owner: '@nobody' }).tree, { x: 0, y: 0, w: 10, h: 10 }), []);
  });
});
