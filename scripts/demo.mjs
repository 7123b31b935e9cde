#!/usr/bin/env node
// `npm run demo`: the extension in a real VS Code in your browser, no download needed. Installs the e2e tools
// (scripts/e2e-setup.sh, cached), builds, packages a .vsix with vsce (whose `vscode:prepublish` makes the minified
// production build that ships) and installs it into a persistent code-server
// profile under .e2e/demo, then serves examples/acme-shop on http://127.0.0.1:8080 until Ctrl-C.
// When packaging fails, the built folder is loaded as a development extension instead (the reason is printed).
// Usage: node scripts/demo.mjs [--port 8080] [--workspace DIR] [--ext DIR] [--theme dark|light] [--check]
//   --check  start, open the workbench once in headless Chromium, screenshot it to .e2e/demo/check.png, stop:
//            exit 0 when the workbench came up and the extension did not fail to activate.
//   --ext    another extension folder (already built: no `npm run build` then), e.g. a probe.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  ROOT, checkCodeServer, codeServerLayout, installVsix, launchBrowser, loadPlaywright, setStampLabel, stamp, startCodeServer,
  startProxy, takeScreenshot, writeUserSettings,
} from '../test/integration/run.mjs';

setStampLabel('demo');
const { values: argv } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '8080' }, workspace: { type: 'string' }, ext: { type: 'string' },
    theme: { type: 'string', default: 'dark' }, check: { type: 'boolean' },
  },
});
const demoDir = path.join(ROOT, '.e2e/demo');
const ext = path.resolve(argv.ext ?? ROOT);
const workspace = path.resolve(argv.workspace ?? path.join(ROOT, 'examples/acme-shop'));
const fail = (msg) => { console.error(`[demo] ${msg}`); process.exit(1); };
const sh = (cmd, args, opts = {}) => {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', ...opts });
  if (r.status !== 0) fail(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal ?? r.error?.message})`);
};

if (!fs.existsSync(workspace)) fail(`no workspace folder at ${workspace}`);
sh('bash', [path.join(ROOT, 'scripts/e2e-setup.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
checkCodeServer();
if (!argv.ext) sh('npm', ['run', '--silent', 'build']);

// A .vsix tests what users get; vsce packages offline. Failing that, load the folder in development mode.
const manifest = JSON.parse(fs.readFileSync(path.join(ext, 'package.json'), 'utf8'));
const vsix = path.join(demoDir, `${manifest.name}-${manifest.version}.vsix`);
fs.mkdirSync(demoDir, { recursive: true });
let devMode = false;
try {
  execFileSync(path.join(ROOT, 'test/e2e/node_modules/.bin/vsce'),
    // vsce wants a base for README's relative links (docs/…) when the repository is not on GitHub or GitLab.
    ['package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--out', vsix,
      '--baseContentUrl', `${manifest.repository?.url ?? 'https://example.invalid'}/blob/main`,
      '--baseImagesUrl', `${manifest.repository?.url ?? 'https://example.invalid'}/raw/main`],
    { cwd: ext, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  stamp(`packaged ${path.relative(ROOT, vsix)}`);
} catch (e) {
  devMode = true;
  const reason = `${e.stdout ?? ''}${e.stderr ?? ''}`.trim().split('\n').filter(Boolean).pop() ?? e.message;
  stamp(`vsce package failed (${reason}): loading ${ext} as a development extension instead`);
}

const layout = codeServerLayout(demoDir);
writeUserSettings(layout, argv.theme, { overwrite: false }); // a profile of its own: the visitor's changes stay
if (!devMode) stamp(`installed into .e2e/demo/extensions: ${path.basename(installVsix(layout, vsix))}`);

const server = await startCodeServer(layout);
let proxy;
try {
  proxy = await startProxy(server.port, { port: Number(argv.port) });
} catch (e) {
  await server.stop();
  fail(`cannot listen on 127.0.0.1:${argv.port} (${e.code ?? e.message}): pass --port N or PORT=N`);
}
const query = (host) => {
  const q = `?folder=${encodeURIComponent(workspace)}`;
  if (!devMode) return q;
  return `${q}&payload=${encodeURIComponent(JSON.stringify([['extensionDevelopmentPath', `vscode-remote://${host}${ext}`]]))}`;
};
let stopping = false;
const stop = async (code) => {
  if (stopping) return;
  stopping = true;
  proxy.server.close();
  await server.stop();
  process.exit(code);
};
server.exited.then((c) => { if (!stopping) fail(`code-server exited (${c})`); });

if (argv.check) {
  // Headless, once: the workbench must come up; the extension must not fail to activate.
  const host = `wb.localhost:${proxy.port}`;
  const browser = await launchBrowser(loadPlaywright());
  let code = 0;
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(`http://${host}/${query(host)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
    const activation = await waitForActivation(manifest, 20000);
    stamp(`extension ${activation}`);
    if (activation.startsWith('failed')) code = 1;
    const shot = path.join(demoDir, 'check.png');
    await takeScreenshot(page, shot);
    stamp(`screenshot ${path.relative(process.cwd(), shot)}`);
  } catch (e) {
    console.error(`[demo] check failed: ${e.message.split('\n')[0]}`);
    code = 1;
  }
  await browser.close();
  await stop(code);
} else {
  const host = `wb.localhost:${proxy.port}`;
  console.log(`\nCustomer Context demo: open\n  http://${host}/${query(host)}\n` +
    `(each webview gets its own origin on *.localhost, as on vscode.dev; http://127.0.0.1:${proxy.port}/ works too, ` +
    'with all webviews on one origin)\nCtrl-C stops it.\n');
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
}

/**
 * Watches the extension host's log in the profile for this extension's activation: "activated", "failed: …",
 * or "not activated (yet)" when its activation events did not fire within the time.
 */
async function waitForActivation({ publisher, name }, timeout) {
  const id = `${publisher}.${name}`.toLowerCase();
  const deadline = Date.now() + timeout;
  const logs = path.join(layout.userDataDir, 'logs');
  const newest = () => {
    const sessions = fs.existsSync(logs) ? fs.readdirSync(logs).sort() : [];
    const dir = sessions.length ? path.join(logs, sessions[sessions.length - 1]) : null;
    const files = [];
    const walk = (d) => { for (const f of fs.readdirSync(d, { withFileTypes: true })) { if (f.isDirectory()) walk(path.join(d, f.name)); else if (/exthost\.log$/.test(f.name)) files.push(path.join(d, f.name)); } };
    if (dir) walk(dir);
    return files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
  };
  while (Date.now() < deadline) {
    const text = newest().toLowerCase();
    const failed = new RegExp(`activating extension '?${id.replace(/[.]/g, '\\.')}'? failed[^\\n]*`).exec(text);
    if (failed) return `failed: ${failed[0]}`;
    if (text.includes(`extensionservice#_doactivateextension ${id}`)) return 'activated';
    await new Promise((r) => setTimeout(r, 250));
  }
  return 'not activated (yet): its activation events did not fire';
}
