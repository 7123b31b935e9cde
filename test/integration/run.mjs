#!/usr/bin/env node
// Runs the integration suites (mocha, the real `vscode` API) inside a real VS Code without downloading one:
// code-server (VS Code server + web workbench, installed by scripts/e2e-setup.sh) runs the extension host in Node,
// headless Debian Chromium (driven by playwright-core) loads the workbench with VS Code's own test payload, as
// microsoft/vscode test/integration/browser does, and the extension host's exit code comes back through
// `codeAutomationExit`. Builds nothing: `npm run test:integration` builds first.
//
// Usage: node test/integration/run.mjs (--ext DIR | --vsix FILE) [--tests out/integration/index.js]
//          [--workspace DIR] [--shot-dir DIR] [--theme dark|light] [--grep RE] [--shot FILE] [--timeout MS] [--verbose]
// Exit:  the extension host's exit code (0 = every test passed), 1 the workbench or the server failed, 124 timeout.
//
// Handshakes with the suites (test/integration/util.ts): the extension host's console reaches this process through
// `codeAutomationLog`, so a test asks for something by logging one marker line, and waits for the answer file
// `$E2E_IPC_DIR/<id>.json` ({ ok: true, ... } or { ok: false, error }):
//   __E2E_SCREENSHOT__ <id> {"name": "x"}                 → $E2E_SHOT_DIR/x.png, answer { ok, path }
//   __E2E_QUERY__ <id> {"frame": null | "webview <title>, view or tab title, or extension id", "selector": "css",
//                       "attr": "textContent" | "innerText" | "<attribute name>"}   → answer { ok, values: [...] }
//   __E2E_ACT__ <id> {"frame": as above, "selector": "css", "action": "click" | "select" | "scroll",
//                       "value": "option value"}   → a real mouse click on, an option chosen in, or a scroll to the first
//                       match, answer { ok }
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { createRequire } from 'node:module';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const E2E_DIR = path.join(ROOT, 'test/e2e');
export const CODE_SERVER = process.env.CODE_SERVER || path.join(E2E_DIR, 'node_modules/.bin/code-server');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const SETUP_HINT = 'run `bash scripts/e2e-setup.sh` first (npm run test:integration does)';

const t0 = Date.now();
let label = 'runner';
export const stamp = (m) => console.log(`[${label} +${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
/** Names the scripts that reuse these helpers in their log lines. */
export const setStampLabel = (l) => { label = l; };

/** playwright-core lives in test/e2e/node_modules, outside the extension's own dependencies. */
export function loadPlaywright() {
  try {
    return createRequire(path.join(E2E_DIR, 'package.json'))('playwright-core');
  } catch {
    throw new Error(`playwright-core is not installed in test/e2e: ${SETUP_HINT}`);
  }
}

/** Settings of a fresh profile: no welcome page, tips, telemetry, trust prompt or chat chrome; a fixed theme. */
export function userSettings(theme) {
  return {
    'workbench.colorTheme': theme === 'light' ? 'Default Light Modern' : 'Default Dark Modern',
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.layoutControl.enabled': false,
    'window.commandCenter': false,
    'chat.commandCenter.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'security.workspace.trust.enabled': false,
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'git.openRepositoryInParentFolders': 'never',
  };
}

/**
 * The directories and environment of one code-server: all of them under `base`, so that it neither reads
 * ~/.config/code-server/config.yaml nor writes under ~/.local/share (XDG_*), and `EXTENSIONS_GALLERY={}` keeps
 * it from reaching for a marketplace. The extension host is forked by the server and inherits `env`.
 */
export function codeServerLayout(base, extraEnv = {}) {
  fs.mkdirSync(base, { recursive: true });
  const config = path.join(base, 'config.yaml');
  if (!fs.existsSync(config)) fs.writeFileSync(config, 'auth: none\ncert: false\n');
  const xdg = Object.fromEntries(['DATA', 'CONFIG', 'CACHE', 'STATE'].map((k) => [`XDG_${k}_HOME`, path.join(base, 'xdg', k.toLowerCase())]));
  return {
    userDataDir: path.join(base, 'user'),
    extensionsDir: path.join(base, 'extensions'),
    args: ['--config', config, '--user-data-dir', path.join(base, 'user'), '--extensions-dir', path.join(base, 'extensions')],
    env: { ...process.env, ...xdg, EXTENSIONS_GALLERY: '{}', ...extraEnv },
  };
}

export function writeUserSettings(layout, theme, { overwrite = true } = {}) {
  const file = path.join(layout.userDataDir, 'User', 'settings.json');
  if (!overwrite && fs.existsSync(file)) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(userSettings(theme), null, 2) + '\n');
}

export function checkCodeServer() {
  if (!fs.existsSync(CODE_SERVER)) throw new Error(`code-server is not installed (${CODE_SERVER}): ${SETUP_HINT}`);
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is not installed (${CHROMIUM}): ${SETUP_HINT}`);
}

/** Installs a .vsix into the layout's extensions dir (offline, 1-2 s) and returns the installed folder. */
export function installVsix(layout, vsix) {
  execFileSync(CODE_SERVER, [...layout.args, '--install-extension', path.resolve(vsix), '--force'],
    { env: layout.env, stdio: ['ignore', 'pipe', 'inherit'] });
  const installed = JSON.parse(fs.readFileSync(path.join(layout.extensionsDir, 'extensions.json'), 'utf8'));
  const { name, publisher, version } = readVsixManifest(vsix);
  const entry = installed.find((e) => e.identifier.id.toLowerCase() === `${publisher}.${name}`.toLowerCase() && e.version === version)
    ?? (name ? undefined : installed.at(-1));
  if (!entry) throw new Error(`${vsix} did not install into ${layout.extensionsDir}`);
  return entry.location.path;
}

/** name/publisher/version of a .vsix, from the extension/package.json inside the zip (read with unzip -p). */
function readVsixManifest(vsix) {
  try {
    return JSON.parse(execFileSync('unzip', ['-p', vsix, 'extension/package.json'], { encoding: 'utf8' }));
  } catch {
    // No unzip: trust the newest entry code-server recorded.
    return { name: '', publisher: '', version: '' };
  }
}

/**
 * Starts code-server on a free loopback port (it picks the port itself: no race with another run) in its own
 * process group, so that stop() ends the server and every extension host, watcher and terminal it forked.
 */
export async function startCodeServer(layout, { folderArgs = [], verbose = false, onLine } = {}) {
  const proc = spawn(CODE_SERVER, [...layout.args, '--auth', 'none', '--bind-addr', '127.0.0.1:0', '--disable-telemetry',
    '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened', ...folderArgs],
  { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: layout.env });
  let output = '';
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start within 30 s:\n${output}`)), 30000);
    const onData = (d) => {
      const s = d.toString();
      output += s;
      if (verbose) process.stderr.write(s.replace(/^/gm, '[code-server] '));
      onLine?.(s);
      const m = /HTTP server listening on https?:\/\/[^:]+:(\d+)/.exec(output);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', onData);
    proc.on('exit', (c, sig) => { clearTimeout(timer); reject(new Error(`code-server exited (${c ?? sig}) before listening:\n${output}`)); });
    proc.on('error', (e) => { clearTimeout(timer); reject(e); });
  });
  const exited = new Promise((resolve) => proc.on('exit', (c, sig) => resolve(c ?? sig)));
  const stop = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    try { process.kill(-proc.pid, 'SIGTERM'); } catch { return; }
    const killer = setTimeout(() => { try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* gone */ } }, 3000);
    await exited;
    clearTimeout(killer);
  };
  return { proc, port, exited, stop };
}

/**
 * A loopback proxy in front of code-server that gives each webview its own origin, as vscode.dev does.
 * code-server serves every webview from the workbench's origin, so they share one service-worker scope and race
 * (a webview now and then stays blank). Here a page opened on http://NAME.localhost:P (Chromium and Firefox
 * resolve *.localhost to loopback) gets its webviews on http://{{uuid}}.NAME.localhost:P: the root HTML's
 * `webviewEndpoint` is rewritten and the workbench CSP's frame-src widened to match; the webviews' own CSP stays.
 * A page opened on an IP address or a bare `localhost` keeps code-server's single origin. WebSockets are piped
 * through untouched.
 */
export function startProxy(target, { port = 0, host = '127.0.0.1' } = {}) {
  const isRoot = (url) => url === '/' || url.startsWith('/?');
  // Only NAME.localhost: {{uuid}}.NAME.localhost is then the same site (a bare `localhost` would make the webviews
  // third-party, and Chromium refuses their service workers).
  const webviewAuthority = (hostHeader) => (/^[a-z0-9-]+(\.[a-z0-9-]+)*\.localhost(:\d+)?$/i.test(hostHeader ?? '') ? hostHeader : null);
  const srv = http.createServer((req, res) => {
    const authority = isRoot(req.url) ? webviewAuthority(req.headers.host) : null;
    const headers = authority ? { ...req.headers, 'accept-encoding': 'identity' } : req.headers;
    const up = http.request({ host: '127.0.0.1', port: target, method: req.method, path: req.url, headers }, (r) => {
      if (!authority || !/text\/html/.test(r.headers['content-type'] ?? '')) {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
        return;
      }
      const chunks = [];
      r.on('data', (c) => chunks.push(c));
      r.on('end', () => {
        const h = { ...r.headers };
        delete h['content-length'];
        if (h['content-security-policy']) {
          h['content-security-policy'] = String(h['content-security-policy']).replace('frame-src ', `frame-src http://*.${authority} `);
        }
        res.writeHead(r.statusCode ?? 502, h);
        res.end(Buffer.concat(chunks).toString()
          .replace('&quot;webviewEndpoint&quot;:&quot;', `&quot;webviewEndpoint&quot;:&quot;http://{{uuid}}.${authority}/`));
      });
    });
    up.on('error', (e) => { if (!res.headersSent) res.writeHead(502); res.end(String(e)); });
    req.on('error', () => up.destroy());
    req.pipe(up);
  });
  srv.on('upgrade', (req, sock, head) => { // management and extension-host connections: a raw pipe
    const up = net.connect(target, '127.0.0.1', () => {
      let raw = `${req.method} ${req.url} HTTP/1.1\r\n`;
      for (let i = 0; i < req.rawHeaders.length; i += 2) raw += `${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`;
      up.write(raw + '\r\n');
      up.write(head);
      sock.pipe(up).pipe(sock);
    });
    up.on('error', () => sock.destroy());
    sock.on('error', () => up.destroy());
  });
  srv.on('clientError', (_e, sock) => sock.destroy());
  return new Promise((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(port, host, () => resolve({ server: srv, port: srv.address().port }));
  });
}

export async function launchBrowser(playwright) {
  return playwright.chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // This process stops the browser itself, after the server: playwright's own handlers would exit first.
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

const WEBVIEW_HOST = '/webview/browser/pre/index.html';

/**
 * Webview host frames fill their content frame before swapping it visible: wait until each shows its
 * `#active-frame` and has no `#pending-frame` (polling, not rAF: rAF polling stalls in these iframes).
 */
export async function waitForWebviews(page, log = stamp) {
  for (const f of page.frames().filter((fr) => fr.url().includes(WEBVIEW_HOST))) {
    await f.waitForFunction(() => {
      const a = document.getElementById('active-frame');
      return !document.getElementById('pending-frame') && a && a.style.visibility === 'visible';
    }, null, { timeout: 10000, polling: 100 }).catch((e) => log('webview not ready: ' + e.message.split('\n')[0]));
  }
}

export async function takeScreenshot(page, file) {
  await waitForWebviews(page);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file });
}

/**
 * Every webview now in the page: its content frame and the names a suite may know it by: the content's
 * <title>, the title of the view or editor tab it sits over (webviews are overlays: found by position), its
 * extension id and purpose (`webviewView`).
 */
async function listWebviews(page) {
  const placed = await page.evaluate(() => {
    const inside = (el, x, y) => { const r = el.getBoundingClientRect(); return r.width > 0 && x >= r.left && x <= r.right && y >= r.top && y <= r.bottom; };
    const titles = {};
    for (const frame of document.querySelectorAll('iframe.webview')) {
      const r = frame.getBoundingClientRect();
      const [x, y] = [r.left + r.width / 2, r.top + r.height / 2];
      const names = [];
      for (const pane of document.querySelectorAll('.pane')) {
        const label = pane.querySelector('.pane-header')?.getAttribute('aria-label');
        if (label && inside(pane, x, y)) names.push(label.replace(/ Section$/, ''));
      }
      for (const group of document.querySelectorAll('.editor-group-container')) {
        const tab = group.querySelector('.tab.active')?.getAttribute('aria-label');
        if (tab && inside(group, x, y)) names.push(tab.replace(/, Editor Group \d+$/, ''));
      }
      titles[frame.name] = names;
    }
    return titles;
  });
  const out = [];
  for (const host of page.frames().filter((f) => f.url().includes(WEBVIEW_HOST))) {
    let content;
    for (const child of host.childFrames()) {
      const el = await child.frameElement().catch(() => null);
      if (el && (await el.getAttribute('id')) === 'active-frame') content = child;
    }
    if (!content) continue;
    const params = new URL(host.url()).searchParams;
    const title = await content.title().catch(() => '');
    out.push({ frame: content, names: [title, ...(placed[params.get('id')] ?? []), params.get('extensionId'), params.get('purpose')].filter(Boolean) });
  }
  return out;
}

/** The workbench's frame (`frame` null) or the webview's content frame the name matches; a string says why none. */
async function findFrame(page, frame) {
  if (!frame) return page.mainFrame();
  const webviews = await listWebviews(page);
  const match = webviews.find((w) => w.names.some((n) => n === frame)) ?? webviews.find((w) => w.names.some((n) => n.includes(frame)));
  return match ? match.frame : `no webview matches "${frame}"; open webviews: ${JSON.stringify(webviews.map((w) => w.names))}`;
}

/** Acts for a suite as a user would: clicks the first element matching `selector`, or chooses an option in it. */
export async function actOnPage(page, { frame = null, selector, action = 'click', value }) {
  if (typeof selector !== 'string' || !selector) return { ok: false, error: 'action without a selector' };
  const target = await findFrame(page, frame);
  if (typeof target === 'string') return { ok: false, error: target };
  const el = target.locator(selector).first();
  if (action === 'click') await el.click({ timeout: 10000 });
  else if (action === 'select') await el.selectOption(String(value ?? ''), { timeout: 10000 });
  else if (action === 'scroll') await el.evaluate((e) => e.scrollIntoView({ block: 'start' }));
  else return { ok: false, error: `unknown action '${action}'` };
  return { ok: true };
}

/** Answers a suite's query: the values of `attr` of every element matching `selector`, in the workbench or a webview. */
export async function queryPage(page, { frame = null, selector, attr = 'textContent' }) {
  if (typeof selector !== 'string' || !selector) return { ok: false, error: 'query without a selector' };
  const target = await findFrame(page, frame);
  if (typeof target === 'string') return { ok: false, error: target };
  const values = await target.$$eval(selector, (els, a) => els.map((e) => {
    if (a === 'textContent') return e.textContent;
    if (a === 'innerText') return e instanceof HTMLElement ? e.innerText : e.textContent;
    return e.getAttribute(a);
  }), attr);
  return { ok: true, values };
}

// The workbench forwards all its own logs to codeAutomationLog too, once that exists: keep the extension host's.
const NOISE = [/^\[Service Worker\]/, /^Resolv(ing|ed) connection token/, /^Ignoring fetching additional builtin/,
  /^Creating a socket/, /^Updating additional builtin/, /^ChatSessionStore/, /^Found unexpected service worker/];
const isNoise = (line) => NOISE.some((re) => re.test(line));

/** Stops whatever main() started, once it has started something. */
let abort;

async function main() {
  const { values: argv } = parseArgs({
    options: {
      ext: { type: 'string' }, vsix: { type: 'string' }, tests: { type: 'string' }, workspace: { type: 'string' },
      'shot-dir': { type: 'string' }, shot: { type: 'string' }, theme: { type: 'string' }, grep: { type: 'string' },
      timeout: { type: 'string' }, verbose: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
  });
  if (argv.help) {
    const lines = fs.readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1);
    console.log(lines.slice(0, lines.findIndex((l) => !l.startsWith('//'))).join('\n'));
    return 0;
  }
  if (!argv.ext === !argv.vsix) throw new Error('give exactly one of --ext DIR and --vsix FILE');
  const theme = argv.theme ?? 'dark';
  if (!['dark', 'light'].includes(theme)) throw new Error(`--theme is dark or light, not ${theme}`);
  const tests = path.resolve(argv.tests ?? path.join(ROOT, 'out/integration/index.js'));
  if (!fs.existsSync(tests)) throw new Error(`no suite at ${tests}: build it first (npm run build:tests)`);
  const workspace = path.resolve(argv.workspace ?? path.join(ROOT, 'examples/acme-shop'));
  if (!fs.statSync(workspace, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`no workspace folder at ${workspace}`);
  const timeout = Number(argv.timeout ?? 300000);
  checkCodeServer();
  const playwright = loadPlaywright();

  // From here on every exit goes through finish(): browser, proxy and server stopped, the temp dir removed.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cx-e2e-'));
  let server, proxy, browser, finished = false;
  const finish = async (code) => {
    if (finished) return;
    finished = true;
    await browser?.close().catch(() => {});
    proxy?.server.close();
    await server?.stop();
    fs.rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
    stamp(`exit ${code}`);
    process.exit(code);
  };
  abort = finish;
  process.on('SIGINT', () => finish(130));
  process.on('SIGTERM', () => finish(143));
  setTimeout(() => { console.error(`[runner] TIMEOUT after ${timeout} ms`); finish(124); }, timeout).unref();

  const shotDir = path.resolve(argv['shot-dir'] ?? path.join(tmp, 'shots'));
  const ipcDir = path.join(tmp, 'ipc');
  fs.mkdirSync(shotDir, { recursive: true });
  fs.mkdirSync(ipcDir);
  // Tests may write to the workspace: give them a copy, under the same folder name.
  const ws = path.join(tmp, 'workspace', path.basename(workspace));
  fs.cpSync(workspace, ws, { recursive: true, filter: (src) => path.basename(src) !== 'node_modules' });

  const layout = codeServerLayout(path.join(tmp, 'server'), {
    E2E_SHOT_DIR: shotDir, E2E_IPC_DIR: ipcDir, E2E_THEME: theme, E2E_WORKSPACE: ws,
    ...(argv.grep ? { MOCHA_GREP: argv.grep } : {}),
  });
  writeUserSettings(layout, theme);
  const ext = argv.ext ? path.resolve(argv.ext) : installVsix(layout, argv.vsix);
  if (!fs.existsSync(path.join(ext, 'package.json'))) throw new Error(`no extension (package.json) in ${ext}`);

  server = await startCodeServer(layout, { verbose: argv.verbose });
  server.exited.then((c) => { if (!finished) { console.error(`[runner] code-server exited early (${c})`); finish(1); } });
  proxy = await startProxy(server.port);
  const host = `wb.localhost:${proxy.port}`; // what the browser sees; code-server itself is on server.port
  stamp(`code-server ${server.port}, workbench http://${host}`);

  browser = await launchBrowser(playwright);
  browser.on('disconnected', () => { if (!finished) { console.error('[runner] the browser went away'); finish(1); } });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (e) => console.error('[page error]', e.message));
  page.on('crash', () => { console.error('[runner] the page crashed'); finish(1); });
  if (argv.verbose) page.on('console', (m) => console.log('[browser]', m.type(), m.text()));

  let result;
  const answer = (id, body) => {
    const file = path.join(ipcDir, `${id}.json`);
    fs.writeFileSync(file + '.tmp', JSON.stringify(body));
    fs.renameSync(file + '.tmp', file); // the test polls for the file: never let it read half of one
  };
  const handle = async (kind, id, json) => {
    let req;
    try { req = JSON.parse(json); } catch { return answer(id, { ok: false, error: `bad ${kind} request: ${json}` }); }
    try {
      if (kind === 'SCREENSHOT') {
        const file = path.join(shotDir, `${String(req.name).replace(/[^\w.-]+/g, '_')}.png`);
        await takeScreenshot(page, file);
        stamp(`screenshot ${path.relative(process.cwd(), file)}`);
        answer(id, { ok: true, path: file });
      } else if (kind === 'ACT') {
        answer(id, await actOnPage(page, req));
      } else {
        answer(id, await queryPage(page, req));
      }
    } catch (e) {
      answer(id, { ok: false, error: String(e?.message ?? e).split('\n')[0] });
    }
  };
  let resolveExit;
  const exited = new Promise((r) => { resolveExit = r; });
  // VS Code's automation hooks: once defined, the workbench forwards its own and the extension host's log lines
  // to codeAutomationLog, and the extension host's exit code (run() resolved: 0, rejected: 1) to codeAutomationExit.
  await page.exposeFunction('codeAutomationLog', async (type, args) => {
    const line = args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
    const m = /__E2E_(SCREENSHOT|QUERY|ACT)__ (\S+) (.*)$/s.exec(line);
    if (m) return handle(m[1], m[2], m[3]);
    const r = /__E2E_RESULT__ (\{.*\})/.exec(line);
    if (r) { result = JSON.parse(r[1]); return; }
    if (argv.verbose || !isNoise(line)) (type === 'error' ? console.error : console.log)(...args);
  });
  await page.exposeFunction('codeAutomationExit', (code) => resolveExit(code));

  const remote = (p) => `vscode-remote://${host}${p}`;
  const payload = JSON.stringify([['extensionDevelopmentPath', remote(ext)], ['extensionTestsPath', remote(tests)], ['skipWelcome', 'true']]);
  await page.goto(`http://${host}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(payload)}`);
  await page.waitForSelector('.monaco-workbench', { timeout: 60000 }).catch(() => {
    throw new Error('the workbench did not appear within 60 s');
  });
  stamp('workbench up, tests running');
  const code = await exited;
  stamp(`extension host exited with ${code}`);
  if (argv.shot) await takeScreenshot(page, path.resolve(argv.shot)); // webview *views* are gone by now; panels stay
  if (result) console.log(`integration: ${result.passed} passed, ${result.failed} failed${result.pending ? `, ${result.pending} skipped` : ''}`);
  await finish(typeof code === 'number' ? code : 1);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then((code) => { if (typeof code === 'number') process.exit(code); })
    .catch((e) => {
      console.error(`[runner] ${e?.message ?? e}`);
      if (abort) abort(1); else process.exit(1);
    });
}
