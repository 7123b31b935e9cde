#!/usr/bin/env node
// `npm run test:electron`: the integration suites in a real VS Code desktop (Electron) through @vscode/test-cli
// (.vscode-test.mjs). That VS Code is downloaded at test time: first check that it can be, and say so plainly
// when it cannot, instead of failing deep inside a download. Then build, and run `vscode-test`.
import { execSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const version = process.env.VSCODE_VERSION ?? '1.100.3';
const platform = `${process.platform === 'darwin' ? 'darwin' : process.platform === 'win32' ? 'win32' : 'linux'}-${process.arch}`;
const url = `https://update.code.visualstudio.com/${version}/${platform}/stable`;

/** HEAD the download URL with a short timeout; resolves to an error message, or null when it answers. */
function reach(target, timeoutMs = 5000) {
  return new Promise((resolve) => {
    const req = https.request(target, { method: 'HEAD', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode && res.statusCode < 400 ? null : `HTTP ${res.statusCode}`);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (e) => resolve(e.message));
    req.end();
  });
}

const cached = fs.existsSync(path.join(root, '.vscode-test')) &&
  fs.readdirSync(path.join(root, '.vscode-test')).some((d) => d.startsWith('vscode-') && d.endsWith(version));
if (!cached) {
  const problem = await reach(url);
  if (problem) {
    console.error(`test:electron needs to download VS Code ${version}; this machine cannot reach update.code.visualstudio.com ` +
      `(${problem}) — the same suites run in code-server via npm run test:integration`);
    process.exit(1);
  }
}

const run = (cmd) => execSync(cmd, { cwd: root, stdio: 'inherit' });
run('npm run build');
run('npm run build:tests');
// Electron needs a display: on a Linux machine without one, run under xvfb-run when it is there.
const headless = process.platform === 'linux' && !process.env.DISPLAY;
const cli = path.join(root, 'node_modules/.bin/vscode-test');
let cmd = [cli, ...process.argv.slice(2)];
if (headless) {
  if (spawnSync('xvfb-run', ['--help'], { stdio: 'ignore' }).error) {
    console.error('test:electron: no DISPLAY and no xvfb-run here (apt-get install xvfb), or run npm run test:integration');
    process.exit(1);
  }
  cmd = ['xvfb-run', '-a', ...cmd];
}
const r = spawnSync(cmd[0], cmd.slice(1), { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);
