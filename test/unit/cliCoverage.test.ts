/**
 * `cx coverage` run as a subprocess on the example workspace and the mini fixture, as CI runs it: every format
 * (json validated against its zod schema, csv rows, md, text, html opened in headless Chromium), the gates' exit
 * codes, the filters and `--since`. Expected figures come from the core on the same workspace.
 */
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { computeCoverage, filterCoverage } from '../../src/core/coverage';
import type { CoverageReport } from '../../src/core/coverage';
import { COVERAGE_CSV_COLUMNS } from '../../src/core/coverageReportCsv';
import { CoverageReportJson } from '../../src/core/coverageReportJson';
import { loadDiskWorkspace } from '../../src/core/diskWorkspace';
import { pct } from '../../src/core/text';
import { ensureCliBuilt } from './bundles';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'cx.js');
const MINI = path.join(ROOT, 'test', 'fixtures', 'mini');
const ACME = path.join(ROOT, 'examples', 'acme-shop');
/** 2026-11-20T00:00:00Z: pins the reports' date. */
const EPOCH = '1795132800';

/** What this test uses of playwright-core (installed in test/e2e, outside the project's dependencies and types). */
interface Locator {
  count(): Promise<number>;
  allTextContents(): Promise<string[]>;
  boundingBox(): Promise<{ width: number; height: number } | null>;
  getAttribute(name: string): Promise<string | null>;
}
interface Page {
  route(url: string, handler: (route: { request(): { url(): string }; continue(): Promise<void>; abort(): Promise<void> }) => Promise<void>): Promise<void>;
  on(event: 'request', listener: (request: { url(): string }) => void): void;
  on(event: 'console', listener: (message: { type(): string; text(): string }) => void): void;
  on(event: 'pageerror', listener: (error: Error) => void): void;
  setContent(html: string, options: { waitUntil: 'load' }): Promise<void>;
  title(): Promise<string>;
  textContent(selector: string): Promise<string | null>;
  locator(selector: string): Locator;
}
interface Playwright {
  chromium: { launch(options: object): Promise<{ newPage(): Promise<Page>; close(): Promise<void> }> };
}

function cx(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: EPOCH } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('cx coverage', function () {
  // Each run is a fresh process that indexes the workspace: seconds each on a busy machine.
  this.timeout(180_000);
  let acme: CoverageReport;

  before(async function () {
    ensureCliBuilt();
    const ws = await loadDiskWorkspace(ACME, { root: '.cx', window: 30 });
    acme = computeCoverage(ws.index, { generatedAt: new Date(Number(EPOCH) * 1000) });
  });

  it('--format json: valid against the schema, the same figures as the core', () => {
    const r = cx(['coverage', '--root', ACME, '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    const doc = CoverageReportJson.parse(JSON.parse(r.out));
    const { version, ...report } = doc;
    assert.equal(version, 1);
    assert.deepEqual(report, JSON.parse(JSON.stringify(acme)));
    assert.equal(doc.generatedAt, '2026-11-20T00:00:00.000Z');
    assert.deepEqual(doc.files, { total: 61, linked: 40, share: 40 / 61 });
    assert.equal(cx(['coverage', '--root', ACME, '--json']).out, r.out, '--json is --format json');
    assert.equal(cx(['coverage', '--root', ACME, '--json', '--format', 'md']).code, 2);
  });

  it('--format csv: a header and one row per file', () => {
    const r = cx(['coverage', '--root', ACME, '--format', 'csv']);
    assert.equal(r.code, 0, r.err);
    const rows = r.out.split('\r\n');
    assert.equal(rows.at(-1), '');
    assert.equal(rows[0], COVERAGE_CSV_COLUMNS.join(','));
    const body = rows.slice(1, -1).map((l) => l.split(','));
    assert.equal(body.length, acme.perFile.length);
    acme.perFile.forEach((f, i) => {
      assert.deepEqual(body[i], [f.path, String(f.lines), f.refs.length ? 'yes' : 'no', f.refs.join(';'), f.components.join(';'), String(f.feedback), String(f.negative)]);
    });
  });

  it('--format text and md: the headline figures and the gaps', () => {
    const text = cx(['coverage', '--root', ACME]);
    assert.equal(text.code, 0, text.err);
    const lines = text.out.split('\n');
    assert.equal(lines[0], 'Customer Context coverage · generated 2026-11-20 00:00 UTC · feedback window 30 days to 2026-11-20');
    assert.deepEqual(lines.slice(2, 5), [
      `files linked to a journey: ${acme.files.linked}/${acme.files.total} (${pct(acme.files.share, 1)})`,
      `lines linked to a journey: ${acme.lines.linked}/${acme.lines.total} (${pct(acme.lines.share, 1)})`,
      `feedback tagged: ${acme.feedback.tagged}/${acme.feedback.total} (${pct(acme.feedback.share, 1)})`,
    ]);
    const gaps = lines.indexOf('files with negative feedback and no journey:');
    assert.deepEqual(lines.slice(gaps + 1, gaps + 1 + acme.negativeFilesWithoutJourney.length), acme.negativeFilesWithoutJourney.map((f) => `  ${f.path} (${f.negative} negative of ${f.feedback})`));
    const md = cx(['coverage', '--root', ACME, '--format', 'md']);
    assert.equal(md.code, 0, md.err);
    assert.ok(md.out.startsWith('## Customer Context coverage\n'));
    assert.ok(md.out.includes(`| files | ${acme.files.linked} | ${acme.files.total} | ${pct(acme.files.share, 1)} |`));
    assert.ok(md.out.includes(`| lines | ${acme.lines.linked} | ${acme.lines.total} | ${pct(acme.lines.share, 1)} |`));
    assert.ok(md.out.includes(`- **Journeys and steps with no code (${acme.journeysWithoutCode.length}):** \`${acme.journeysWithoutCode[0]!.ref}\``));
    assert.ok(md.out.split('\n').length <= 60, 'short enough for a pull-request comment');
  });

  it('--out writes what stdout prints, and the same commit gives the same file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cx-cov-'));
    try {
      for (const format of ['text', 'md', 'json', 'csv', 'html']) {
        const file = path.join(dir, `report.${format}`);
        const r = cx(['coverage', '--root', MINI, '--format', format, '--out', file]);
        assert.equal(r.code, 0, r.err);
        assert.equal(r.out, '');
        assert.equal(r.err, `wrote ${file}\n`);
        assert.equal(readFileSync(file, 'utf8'), cx(['coverage', '--root', MINI, '--format', format]).out, format);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--fail-under and --fail-on-gaps: exit 1 on failure with the reason, 2 on bad use', () => {
    const share = (acme.files.share * 100).toFixed(1); // 65.6
    assert.equal(cx(['coverage', '--root', ACME, '--fail-under', '65']).code, 0);
    const under = cx(['coverage', '--root', ACME, '--fail-under', '66']);
    assert.equal(under.code, 1);
    assert.equal(under.err, `coverage ${share}% is under --fail-under 66%\n`);
    for (const bad of ['101', 'abc', '-5', '']) assert.equal(cx(['coverage', '--root', ACME, '--fail-under', bad]).code, 2, bad);
    const gaps = cx(['coverage', '--root', ACME, '--fail-on-gaps', '--format', 'json']);
    assert.equal(gaps.code, 1);
    CoverageReportJson.parse(JSON.parse(gaps.out));
    const expected = [
      ...acme.journeysWithoutCode.map((j) => `  step ${j.ref} (${j.name}) has no code`),
      ...acme.negativeFilesWithoutJourney.map((f) => `  ${f.path} has ${f.negative} negative feedback and no journey`),
    ];
    assert.deepEqual(gaps.err.trimEnd().split('\n'), [`${expected.length} coverage gaps (--fail-on-gaps):`, ...expected]);
    // Both gates at once: both reasons.
    const both = cx(['coverage', '--root', ACME, '--fail-on-gaps', '--fail-under', '90']);
    assert.equal(both.code, 1);
    assert.match(both.err, /under --fail-under 90%[\s\S]*coverage gaps/);
    // A workspace with no gap passes.
    const dir = mkdtempSync(path.join(tmpdir(), 'cx-cov-'));
    try {
      writeFileSync(path.join(dir, 'a.ts'), '// @cx j\nexport const a = 1;\n');
      execFileSync('mkdir', ['-p', path.join(dir, '.cx')]);
      writeFileSync(path.join(dir, '.cx', 'journeys.yaml'), 'journeys:\n  - id: j\n    name: J\n');
      const ok = cx(['coverage', '--root', dir, '--fail-on-gaps', '--fail-under', '100']);
      assert.equal(ok.code, 0, ok.err);
      assert.match(ok.out, /files linked to a journey: 1\/1 \(100\.0%\)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--journey, --owner and --folder filter the report', () => {
    const json = (args: string[]) => {
      const r = cx(['coverage', '--root', ACME, '--format', 'json', ...args]);
      assert.equal(r.code, 0, r.err);
      return CoverageReportJson.parse(JSON.parse(r.out));
    };
    const owner = acme.owners.find((o) => o.share < 1)!;
    const byOwner = json(['--owner', owner.owner]);
    assert.deepEqual(byOwner.filter, { owner: owner.owner });
    assert.deepEqual(byOwner.files, filterCoverage(acme, { owner: owner.owner }).files);
    assert.deepEqual(byOwner.files, { total: owner.files, linked: owner.linkedFiles, share: owner.share });
    const byFolder = json(['--folder', './src/payments/']);
    assert.ok(byFolder.perFile.length > 0 && byFolder.perFile.every((f) => f.path.startsWith('src/payments/')));
    assert.deepEqual(byFolder.filter, { folder: 'src/payments' });
    const byJourney = json(['--journey', 'checkout', '--folder', 'src']);
    assert.deepEqual(byJourney.files, filterCoverage(acme, { journey: 'checkout', folder: 'src' }).files);
    assert.deepEqual(byJourney.matrix.journeys, ['checkout']);
    assert.equal(cx(['coverage', '--root', ACME, '--journey', ' ']).code, 2);
    const md = cx(['coverage', '--root', ACME, '--format', 'md', '--owner', owner.owner]).out;
    assert.ok(md.includes(`filter: owner ${owner.owner.replace('@', '@\u200b')}`));
  });

  it('--since REV: the changed files, the journeys they touch, the gate on them', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cx-since-'));
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
    try {
      cpSync(MINI, dir, { recursive: true });
      const plain = cx(['coverage', '--root', dir, '--since', 'main']);
      assert.equal(plain.code, 2);
      assert.match(plain.err, /^cx coverage: .* is not in a git work tree: --since needs one\n$/);
      git('init', '-q', '-b', 'main');
      git('add', '-A');
      git('commit', '-q', '-m', 'base');
      writeFileSync(path.join(dir, 'src/shared/log.ts'), 'export const log = console.log; // changed\n');
      writeFileSync(path.join(dir, 'src/cart/cart.ts'), 'export const cart = [1];\n');
      const r = cx(['coverage', '--root', dir, '--since', 'main']);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /\nchanged since main: 2 source files\n {2}journeys touched:\n {4}checkout \(Checkout\): src\/cart\/cart\.ts\n {2}changed files with no journey:\n {4}src\/shared\/log\.ts\n/);
      const csv = cx(['coverage', '--root', dir, '--since', 'main', '--format', 'csv']).out.split('\r\n');
      assert.deepEqual(csv.slice(1), ['src/cart/cart.ts,1,yes,checkout/cart,cart,0,0', 'src/shared/log.ts,1,no,,shared,1,1', '']);
      const json = CoverageReportJson.parse(JSON.parse(cx(['coverage', '--root', dir, '--since', 'main', '--json']).out));
      assert.deepEqual(json.changes?.withoutJourney, ['src/shared/log.ts']);
      const gate = cx(['coverage', '--root', dir, '--since', 'main', '--fail-on-gaps']);
      assert.equal(gate.code, 1);
      assert.equal(gate.err, '1 coverage gap (--fail-on-gaps --since main: changed files only):\n  changed file src/shared/log.ts has 1 negative feedback and no journey\n');
      const unknown = cx(['coverage', '--root', dir, '--since', 'nope']);
      assert.equal(unknown.code, 2);
      assert.equal(unknown.err, "cx coverage: unknown revision 'nope'\n");
      assert.equal(cx(['coverage', '--root', dir, '--since', '']).code, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--format html: renders its content in Chromium with no console error and no request', async () => {
    const r = cx(['coverage', '--root', ACME, '--format', 'html']);
    assert.equal(r.code, 0, r.err);
    const html = r.out;
    // playwright-core and Chromium are what the integration tests use (scripts/e2e-setup.sh installs them).
    const e2e = path.join(ROOT, 'test', 'e2e', 'package.json');
    const playwright = createRequire(e2e)('playwright-core') as Playwright;
    const browser = await playwright.chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
    });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      const errors: string[] = [];
      await page.route('**/*', (route) => {
        const url = route.request().url();
        if (!url.startsWith('data:')) requests.push(url);
        return url.startsWith('data:') ? route.continue() : route.abort();
      });
      page.on('request', (req) => {
        if (!req.url().startsWith('data:') && !requests.includes(req.url())) requests.push(req.url());
      });
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      await page.setContent(html, { waitUntil: 'load' });
      assert.equal(await page.title(), 'Customer Context coverage');
      assert.equal(await page.textContent('h1'), 'Customer Context coverage');
      assert.equal(await page.textContent('#tile-files .figure'), pct(acme.files.share, 1));
      assert.equal(await page.textContent('#tile-lines .figure'), pct(acme.lines.share, 1));
      assert.equal(await page.textContent('#tile-feedback .figure'), pct(acme.feedback.share, 1));
      // The treemap: one box per file, linked ones marked, and it is drawn (has a size).
      assert.equal(await page.locator('svg.treemap rect.file').count(), acme.perFile.length);
      assert.equal(await page.locator('svg.treemap rect.file[data-linked="true"]').count(), acme.files.linked);
      const box = await page.locator('svg.treemap').boundingBox();
      assert.ok(box && box.width > 600 && box.height > 300, `treemap drawn at ${JSON.stringify(box)}`);
      assert.equal(await page.locator('table.matrix tbody tr').count(), acme.matrix.journeys.length);
      assert.deepEqual(await page.locator('#gaps h3').allTextContents(), [
        `Journeys and steps with no code (${acme.journeysWithoutCode.length})`,
        `Components with no journey (${acme.componentsWithoutJourney.length})`,
        `Files with negative feedback and no journey (${acme.negativeFilesWithoutJourney.length})`,
        `Unknown references in @cx annotations (${acme.unknownAnnotations.length})`,
      ]);
      const gapTexts = await page.locator('#gaps ul.gaps li').allTextContents();
      for (const f of acme.negativeFilesWithoutJourney) assert.ok(gapTexts.some((t) => t.startsWith(`${f.path} ${f.negative} negative`)), f.path);
      assert.equal(await page.locator('#files tbody tr').count(), acme.perFile.length);
      // The policy lets nothing load or run.
      assert.equal(await page.locator('script').count(), 0);
      assert.match((await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')) ?? '', /default-src 'none'/);
      assert.deepEqual(requests, []);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }
  });

  it('--format html escapes whatever .cx/ and paths hold', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cx-cov-'));
    try {
      execFileSync('mkdir', ['-p', path.join(dir, '.cx'), path.join(dir, 'src')]);
      writeFileSync(path.join(dir, '.cx', 'journeys.yaml'), 'journeys:\n  - id: j\n    name: "<img src=x onerror=alert(1)>"\n  - id: k\n    name: "</title><script>alert(2)</script>"\n');
      writeFileSync(path.join(dir, 'src', '<b>&"x".ts'), '// @cx j\n');
      const r = cx(['coverage', '--root', dir, '--format', 'html']);
      assert.equal(r.code, 0, r.err);
      assert.ok(!r.out.includes('<img'), 'no markup from a name');
      assert.ok(!r.out.includes('<script'), 'no script from a name');
      assert.ok(!r.out.includes('<b>'), 'no markup from a path');
      assert.ok(r.out.includes('&lt;img src=x onerror=alert(1)&gt;'));
      assert.ok(r.out.includes('src/&lt;b&gt;&amp;&quot;x&quot;.ts'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
