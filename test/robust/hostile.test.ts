/**
 * Hostile text (SPEC §6): feedback and YAML strings carrying HTML, script, `javascript:`/`data:` URLs, RTL overrides
 * and 100 KB strings are shown as text. The built webview bundle runs in headless Chromium in a page with the
 * extension's own CSP and a fake `acquireVsCodeApi`; it gets the view's messages built by the real view-model
 * functions from an index over the hostile corpus. An init script counts any injected script (`window.__exec`),
 * dialogs, CSP violations and every request that is not one of the extension's own files. The same for the HTML
 * coverage report of `cx coverage --format html`.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadDiskWorkspace } from '../../src/core/diskWorkspace';
import { buildContextModel, feedbackRow } from '../../src/extension/views/contextModel';
import { contentSecurityPolicy, webviewHtml } from '../../src/extension/views/webviewHtml';
import { HostMessage, isWebUrl } from '../../src/protocol/webview';
import type { HostMessage as HostMessageType } from '../../src/protocol/webview';
import { REPO } from '../unit/server/harness';
import { hostileStrings } from './inputs';
import { record } from './tally';

const ORIGIN = 'https://webview.cx.test';
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
/** playwright-core as scripts/e2e-setup.sh installs it (CX_PLAYWRIGHT_CORE names another copy). */
const PLAYWRIGHT_CORE = process.env.CX_PLAYWRIGHT_CORE ?? path.join(REPO, 'test', 'e2e', 'node_modules', 'playwright-core');

/** A workspace whose every string is hostile: journey, step and component names and outcomes; feedback fields. */
function hostileWorkspace(strings: readonly string[]): string {
  const root = mkdtempSync(path.join(tmpdir(), 'cx-robust-hostile-'));
  const q = (s: string) => JSON.stringify(s); // a JSON string is a YAML double-quoted scalar
  const pick = (i: number) => strings[i % strings.length]!;
  mkdirSync(path.join(root, '.cx', 'feedback'), { recursive: true });
  mkdirSync(path.join(root, 'src'), { recursive: true });
  const journeys = strings.map((s, i) => `  - id: j${i}\n    name: ${q(s)}\n    outcome: ${q(pick(i + 1))}\n    owner: ${q(pick(i + 2))}\n    steps:\n      - id: s\n        name: ${q(pick(i + 3))}\n        outcome: ${q(s)}\n    metrics:\n      - { id: m, name: ${q(pick(i + 4))}, unit: ${q(pick(i + 5).slice(0, 40))} }\n`);
  writeFileSync(path.join(root, '.cx', 'journeys.yaml'), `journeys:\n${journeys.join('')}`);
  writeFileSync(path.join(root, '.cx', 'components.yaml'), `components:\n${strings.map((s, i) => `  - id: c${i}\n    name: ${q(s)}\n    owner: ${q(pick(i + 1))}\n    paths: [/src/]\n    journeys: [j${i}]\n`).join('')}`);
  writeFileSync(path.join(root, '.cx', 'metrics.csv'), '');
  const feedback = strings.flatMap((s, i) => {
    const base = { date: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}`, text: s, title: pick(i + 1), source: pick(i + 2), segment: pick(i + 3), score: { type: 'csat', value: 1 + (i % 5) } };
    return [
      // Safe address with hostile characters in it: shown, and opened only through the editor.
      { id: `H-${i}`, ...base, url: `https://support.example/t?q=${encodeURIComponent(s.slice(0, 200))}`, links: [{ path: 'src/app.ts', lines: [1, 2] }, { journey: `j${i}` }] },
      // Hostile addresses: rejected by the loader (a problem), never shown as links.
      { id: `U-${i}`, ...base, url: i % 2 ? `javascript:window.__exec++//${i}` : `data:text/html,<script>window.__exec++</script>${i}`, links: [{ path: 'src/app.ts' }] },
    ];
  });
  writeFileSync(path.join(root, '.cx', 'feedback', 'hostile.jsonl'), `${feedback.map((f) => JSON.stringify(f)).join('\n')}\n`);
  writeFileSync(path.join(root, 'src', 'app.ts'), `// @cx ${strings.map((_, i) => `j${i}`).join(' ')}\nexport const app = 1;\n`);
  return root;
}

interface Page {
  route(url: string, handler: (route: Route) => Promise<void>): Promise<void>;
  on(event: 'dialog', handler: (dialog: { dismiss(): Promise<void> }) => void): void;
  addInitScript(script: string): Promise<void>;
  goto(url: string): Promise<unknown>;
  evaluate<R, A>(fn: (arg: A) => R, arg: A): Promise<R>;
  evaluate<R>(fn: () => R): Promise<R>;
  waitForFunction<A>(fn: (arg: A) => boolean, arg: A, options?: { timeout: number }): Promise<unknown>;
  close(): Promise<void>;
  $$(selector: string): Promise<{ click(options?: { timeout?: number; force?: boolean }): Promise<void> }[]>;
}
interface Route {
  request(): { url(): string };
  fulfill(r: { status?: number; contentType: string; body: string | Buffer }): Promise<void>;
  abort(): Promise<void>;
}
interface Browser {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** Counts anything that runs or loads: set before any script of the page. */
const HOOK = `
  window.__exec = 0; window.__csp = []; window.__posted = [];
  for (const f of ['alert', 'confirm', 'prompt', 'print', 'open']) window[f] = () => { window.__exec++; };
  document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
  window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => undefined, setState: () => undefined });
`;

/** Serves `html` at ORIGIN/index.html and the extension's own files beneath; every other request is counted and refused. */
async function openPage(browser: Browser, html: string, own: Record<string, string>): Promise<{ page: Page; leaked: string[]; dialogs: string[] }> {
  const page = await browser.newPage();
  const leaked: string[] = [];
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push('dialog');
    void d.dismiss();
  });
  await page.addInitScript(HOOK);
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    if (url === `${ORIGIN}/index.html`) return route.fulfill({ contentType: 'text/html', body: html });
    const file = url.startsWith(`${ORIGIN}/`) ? own[url.slice(ORIGIN.length + 1)] : undefined;
    if (file) return route.fulfill({ contentType: file.endsWith('.css') ? 'text/css' : 'text/javascript', body: readFileSync(path.join(REPO, file)) });
    leaked.push(url);
    return route.abort();
  });
  await page.goto(`${ORIGIN}/index.html`);
  return { page, leaked, dialogs };
}

/** What the page saw: scripts run, CSP violations, elements that could run or load something. */
async function verdict(page: Page): Promise<{ exec: number; csp: string[]; active: string[]; text: string }> {
  // Let pending error/load events of anything injected fire (two frames), then read the counters.
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
  return page.evaluate(() => {
    const w = window as unknown as { __exec: number; __csp: string[] };
    const active = Array.from(document.querySelectorAll('*'))
      .filter((e) => ['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'IMG', 'LINK', 'META', 'BASE', 'FORM', 'STYLE', 'VIDEO', 'SOURCE'].includes(e.tagName) || Array.from(e.attributes).some((a) => /^on/i.test(a.name) || (/^(href|src|srcdoc|action|formaction|data|poster|background|xlink:href)$/i.test(a.name) && /^\s*(javascript|data):/i.test(a.value))))
      .filter((e) => !(e.tagName === 'SCRIPT' && e.hasAttribute('nonce')) && !(e.tagName === 'LINK' && e.getAttribute('rel') === 'stylesheet' && e.getAttribute('href')?.startsWith('https://webview.cx.test/')) && !(e.tagName === 'META' && e.getAttribute('http-equiv') === 'Content-Security-Policy') && !(e.tagName === 'META' && (e.getAttribute('charset') || ['viewport', 'referrer'].includes(e.getAttribute('name') ?? ''))))
      .map((e) => e.outerHTML.slice(0, 120));
    return { exec: w.__exec, csp: w.__csp, active, text: document.body.textContent ?? '' };
  });
}

describe('hostile text: shown as text in the webview and the HTML report, nothing runs, nothing loads', function () {
  this.timeout(300_000);
  let browser: Browser;
  let root: string;
  const strings = hostileStrings();

  before(async () => {
    const playwright = createRequire(__filename)(PLAYWRIGHT_CORE) as { chromium: { launch(o: object): Promise<Browser> } };
    browser = await playwright.chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
    root = hostileWorkspace(strings);
  });
  after(async () => {
    await browser?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('the Customer Context webview renders every hostile string as text', async () => {
    const ws = await loadDiskWorkspace(root, { root: '.cx', window: 3650 });
    // The hostile addresses are rejected at load, with a problem each.
    assert.equal(ws.problems.filter((p) => p.file === '.cx/feedback/hostile.jsonl').length, strings.length);
    const ctx = ws.index.contextOf('src/app.ts');
    const model = buildContextModel({ state: 'ready', file: { name: 'app.ts', path: 'src/app.ts' }, result: { ...ctx, workspaceFolder: 'file:///w' }, cursorLine: 0 });
    const page0 = ws.index.queryFeedback({ path: 'src/app.ts', limit: 500, offset: 0, sort: 'recent' } as Parameters<typeof ws.index.queryFeedback>[0]);
    const rows = page0.items.map((item) => feedbackRow(item, item.links.find((l): l is { path: string; lines?: [number, number] } => 'path' in l && !!l.lines)?.lines));
    assert.ok(rows.length >= strings.length, 'the feedback list has the hostile records');
    assert.ok(rows.every((r) => r.url === undefined || isWebUrl(r.url)), 'rows carry http(s) addresses only');

    const nonce = 'bm9uY2Vub25jZW5vbmNlMTIzNA==';
    const html = webviewHtml({ cspSource: ORIGIN, nonce, title: 'Customer Context', script: `${ORIGIN}/dist/webview/contextView.js`, styles: [`${ORIGIN}/media/webview/contextView.css`] });
    assert.match(html, new RegExp(contentSecurityPolicy(ORIGIN, nonce).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/'/g, "'")));
    const { page, leaked, dialogs } = await openPage(browser, html, { 'dist/webview/contextView.js': 'dist/webview/contextView.js', 'media/webview/contextView.css': 'media/webview/contextView.css' });
    try {
      await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'), undefined);
      const post = (m: HostMessageType) => page.evaluate((msg) => window.postMessage(msg, '*'), HostMessage.parse(m));
      await post({ type: 'context', seq: 1, model });
      // The webview asks for the list; answer its query with the hostile rows.
      // (No named functions inside page code: the test runner's transpiler would wrap them in a helper the page lacks.)
      await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'queryFeedback'), undefined);
      const query = await page.evaluate(() => (window as unknown as { __posted: { type: string; query: number }[] }).__posted.find((m) => m.type === 'queryFeedback')!.query);
      await post({ type: 'feedbackPage', query, offset: 0, total: rows.length, rows, facets: { source: strings.slice(0, 5), segment: strings.slice(0, 5) } });
      await post({ type: 'feedbackError', query: 999, message: strings[0]! });
      await post({ type: 'reveal', ref: 'j0', row: rows[0]! });
      await page.waitForFunction((n) => document.querySelectorAll('li.row').length >= n, Math.min(rows.length, 50), { timeout: 60_000 });
      // Press every button (open the original, tag, open a definition): what they post is checked below.
      for (const b of await page.$$('button')) await b.click({ timeout: 2000, force: true }).catch(() => undefined);
      const v = await verdict(page);
      const posted = await page.evaluate(() => (window as unknown as { __posted: { type: string; url?: string }[] }).__posted);
      const opened = posted.filter((m) => m.type === 'openExternal').map((m) => m.url ?? '');
      record({ inputs: strings.length * 12, scriptExecutions: v.exec + dialogs.length, requests: leaked.length + v.csp.length });
      assert.equal(v.exec, 0, 'no injected script ran');
      assert.deepEqual(dialogs, []);
      assert.deepEqual(v.csp, [], 'no CSP violation (nothing tried to load or run)');
      assert.deepEqual(leaked, [], 'no request left the page');
      assert.deepEqual(v.active, [], 'no element from the data can run or load anything');
      for (const s of strings.slice(0, 10)) assert.ok(v.text.includes(s.trim().slice(0, 60)), `shown as text: ${s.slice(0, 60)}`);
      assert.ok(opened.length > 0, 'the open-original buttons post openExternal');
      assert.ok(opened.every(isWebUrl), `only http(s) addresses are sent to the editor: ${opened.filter((u) => !isWebUrl(u)).join(' ')}`);
    } finally {
      await page.close();
    }
  });

  it('the HTML coverage report (cx coverage --format html) renders every hostile string as text', async () => {
    const html = execFileSync(process.execPath, [path.join(REPO, 'bin', 'cx.js'), 'coverage', '--format', 'html', '--root', root], { maxBuffer: 256 * 1024 * 1024 }).toString();
    const { page, leaked, dialogs } = await openPage(browser, html, {});
    try {
      const v = await verdict(page);
      record({ inputs: strings.length * 4, scriptExecutions: v.exec + dialogs.length, requests: leaked.length + v.csp.length });
      assert.equal(v.exec, 0, 'no injected script ran');
      assert.deepEqual(dialogs, []);
      assert.deepEqual(v.csp, [], 'no CSP violation');
      assert.deepEqual(leaked, [], 'no request left the page');
      assert.deepEqual(v.active.filter((a) => !a.startsWith('<style>')), [], 'no element from the data can run or load anything');
      for (const s of strings.slice(0, 10)) assert.ok(v.text.includes(s.trim().slice(0, 60)), `shown as text: ${s.slice(0, 60)}`);
    } finally {
      await page.close();
    }
  });
});
