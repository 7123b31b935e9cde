/**
 * Workspace trust and the link gate (SPEC §6). In an untrusted workspace every command that writes refuses before
 * it touches anything (asserted on a recording stand-in for `vscode` whose `workspace.isTrusted` is false); the
 * manifest's `capabilities.untrustedWorkspaces` names exactly those commands and hides them; nothing in the
 * extension or the server starts a process. Links open only for http/https, through the editor.
 */
import { strict as assert } from 'node:assert';
import Module from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type * as Commands from '../../src/extension/commands';
import { LAZY_MODULES } from '../../src/extension/lazy';
import type * as Navigation from '../../src/extension/views/navigation';
import { isWebUrl } from '../../src/protocol/webview';
import { REPO } from '../unit/server/harness';
import { hostileStrings } from './inputs';
import { record } from './tally';

// ---- a recording `vscode` ------------------------------------------------------------------------------------------

interface Call {
  path: string;
  args: unknown[];
}
const calls: Call[] = [];
let trusted = false;

const names = [...readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8')
  .matchAll(/^\s*export (?:class|enum|namespace|function|const|let|var) (\w+)/gm)].map((m) => m[1]!);

/** Every property is another recorder; every call is recorded and resolves to undefined. */
function recorder(at: string): unknown {
  const target = (() => undefined) as unknown as object;
  return new Proxy(target, {
    get: (_t, prop) => {
      if (prop === 'then' || typeof prop === 'symbol') return undefined;
      const p = `${at}.${String(prop)}`;
      if (p === 'vscode.workspace.isTrusted') return trusted;
      return recorder(p);
    },
    apply: (_t, _this, args: unknown[]) => {
      calls.push({ path: at, args });
      return Promise.resolve(undefined);
    },
    construct: () => recorder(`new ${at}`) as object,
    ownKeys: () => (at === 'vscode' ? [...new Set([...Reflect.ownKeys(target), ...names])] : Reflect.ownKeys(target)),
    getOwnPropertyDescriptor: (_t, prop) =>
      Reflect.getOwnPropertyDescriptor(target, prop) ?? { configurable: true, enumerable: true, writable: false, value: recorder(`${at}.${String(prop)}`) },
  });
}

const ID = '\0recording-vscode';
const loader = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const resolve = loader._resolveFilename;
loader._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]) {
  return request === 'vscode' ? ID : resolve.call(this, request, ...rest);
};
const mod = new Module(ID);
mod.filename = ID;
mod.loaded = true;
mod.exports = recorder('vscode');
require.cache[ID] = mod;

// Loaded after the stand-in is in place.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const commands = require('../../src/extension/commands') as typeof Commands;
// The handlers' modules load on a command's first run: load them now, while 'vscode' is the stand-in.
const handlers = Object.fromEntries(Object.keys(commands.COMMANDS).map((id) => [id, commands.handlerOf(id as Commands.CommandId)]));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const navigation = require('../../src/extension/views/navigation') as typeof Navigation;
// They hold the stand-in now: put the resolver back for the other suites (it upsets other lookups, e.g. playwright's).
loader._resolveFilename = resolve;

interface Manifest {
  capabilities: { untrustedWorkspaces: { supported: string; description: string } };
  contributes: { commands: { command: string; title: string }[]; menus: { commandPalette: { command: string; when?: string }[] } };
}
const manifest = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8')) as Manifest;
/** The commands whose handler calls requireTrust, read from the map and the source of each handler's module. */
function writingCommands(): string[] {
  return Object.entries(commands.COMMANDS).filter(([id, module]) => {
    const source = readFileSync(path.join(REPO, LAZY_MODULES[module]), 'utf8');
    const body = new RegExp(`async function ${handlers[id]!.name}\\([^]*?\\n}\\n`).exec(source)?.[0] ?? '';
    return body.includes('requireTrust(');
  }).map(([id]) => id);
}

describe('workspace trust: in an untrusted workspace nothing runs and nothing is written', () => {
  beforeEach(() => {
    calls.length = 0;
    trusted = false;
  });

  it('every writing command refuses before it touches the workspace, the language server or a picker', async () => {
    const writing = writingCommands();
    assert.deepEqual(writing.sort(), [
      'customerContext.importCodeowners', 'customerContext.importFeedback', 'customerContext.initializeWorkspace', 'customerContext.linkFileToJourney',
      'customerContext.tagFeedback', 'customerContext.tagSelection', 'customerContext.undoLastTagging', 'customerContext.untagFeedback',
    ]);
    for (const id of writing) {
      calls.length = 0;
      const ctx = recorder('ctx');
      await commands.runCommand(ctx as Parameters<typeof commands.runCommand>[0], id as Parameters<typeof commands.runCommand>[1], ['file:///w/src/a.ts']);
      const shown = calls.filter((c) => c.path === 'vscode.window.showInformationMessage');
      assert.equal(shown.length, 1, `${id}: one message`);
      assert.match(String(shown[0]!.args[0]), /not trusted: trust it first/, id);
      assert.deepEqual(calls.filter((c) => c.path !== 'vscode.window.showInformationMessage').map((c) => c.path), [], `${id}: nothing else happened`);
    }
  });

  it('the manifest says so honestly: those commands are hidden when untrusted and named in the description', () => {
    const untrusted = manifest.capabilities.untrustedWorkspaces;
    assert.equal(untrusted.supported, 'limited');
    const writing = new Set(writingCommands());
    for (const entry of manifest.contributes.menus.commandPalette) {
      if (!(entry.command in commands.COMMANDS)) continue;
      assert.equal(/\bisWorkspaceTrusted\b/.test(entry.when ?? ''), writing.has(entry.command), `${entry.command}: when '${entry.when}'`);
    }
    for (const id of writing) {
      const title = manifest.contributes.commands.find((c) => c.command === id)!.title.replace(/…$/, '');
      assert.ok(untrusted.description.includes(title), `the description names ${title}`);
    }
  });

  it('nothing in the extension, the server or the webviews starts a process or evaluates code', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, e.name);
        if (e.isDirectory()) walk(full);
        else if (/\.ts$/.test(e.name) && /child_process|\beval\(|new Function\(|\bvm\b'/.test(readFileSync(full, 'utf8'))) offenders.push(path.relative(REPO, full));
      }
    };
    for (const dir of ['src/extension', 'src/server', 'src/webview', 'src/protocol']) walk(path.join(REPO, dir));
    assert.deepEqual(offenders, []);
  });
});

describe('links: only http and https open, through the editor', () => {
  const vectors = [...hostileStrings().slice(0, 30), 'javascript:alert(1)', ' javascript:alert(1)', 'JAVASCRIPT:alert(1)', 'data:text/html,x', 'file:///etc/passwd', 'vscode://ext/cmd', 'command:workbench.action.terminal.new', 'http:/x', 'https://', '//evil.example/', 'ftp://x.example/', 'http://\u202eexample.com', '\u0000https://x.example'];
  const allowed = ['https://support.example/t/1', 'http://x.example/a?b=<c>', 'HTTPS://X.EXAMPLE/'];

  it('isWebUrl accepts absolute http(s) addresses only', () => {
    for (const url of vectors) assert.equal(isWebUrl(url), false, url);
    for (const url of allowed) assert.equal(isWebUrl(url), true, url);
    record({ inputs: vectors.length + allowed.length });
  });

  it('openOriginal hands http(s) addresses to the editor (which asks the user) and refuses the rest', async () => {
    const log = { warn: (_m: string) => undefined, info: (_m: string) => undefined, error: (_m: string) => undefined };
    for (const url of vectors) {
      calls.length = 0;
      await navigation.openOriginal(url, log as Parameters<typeof navigation.openOriginal>[1]);
      assert.deepEqual(calls.filter((c) => c.path.includes('openExternal')), [], url);
      assert.ok(calls.some((c) => c.path === 'vscode.window.showWarningMessage'), `${url}: refused with a message`);
    }
    for (const url of allowed) {
      calls.length = 0;
      await navigation.openOriginal(url, log as Parameters<typeof navigation.openOriginal>[1]);
      assert.deepEqual(calls.find((c) => c.path === 'vscode.Uri.parse')?.args, [url, true]);
      assert.equal(calls.filter((c) => c.path === 'vscode.env.openExternal').length, 1, url);
    }
  });
});
