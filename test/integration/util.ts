// Helpers for the integration suites: wait on conditions and events (never on fixed sleeps), and ask the
// code-server runner (test/integration/run.mjs) for what the extension API cannot see: screenshots and the
// workbench's or a webview's DOM (status bar text, CodeLens text, webview content).
// The handshake: log one marker line, which the runner receives through VS Code's `codeAutomationLog`, then wait
// for the answer file `$E2E_IPC_DIR/<id>.json`. Under @vscode/test-electron there is no runner: `hasRunner` is
// false, screenshot() does nothing and the queries throw, so a test that needs the DOM calls `this.skip()` first.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

const ipcDir = process.env.E2E_IPC_DIR;

/** True when the code-server runner drives this run and can answer screenshot and DOM queries. */
export const hasRunner = Boolean(ipcDir);

export interface WaitOptions {
  /** Give up after this many ms (default 10 000). */
  timeout?: number;
  /** Poll every this many ms (default 100). */
  interval?: number;
  /** What was awaited, for the error on timeout. */
  message?: string;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` until it returns a truthy value and returns that value; a probe that throws counts as not yet.
 * On timeout the error names what was awaited and the last value or error seen.
 */
export async function waitFor<T>(probe: () => T | Promise<T>, options: WaitOptions = {}): Promise<NonNullable<T>> {
  const { timeout = 10000, interval = 100, message = 'condition' } = options;
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as NonNullable<T>;
      last = value;
    } catch (err) {
      last = err;
    }
    if (Date.now() >= deadline) {
      const seen = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`timed out after ${timeout} ms waiting for ${message} (last: ${seen})`);
    }
    await sleep(interval);
  }
}

/** Resolves with the first event (that satisfies `predicate`) fired after the call; rejects on timeout. */
export function waitForEvent<T>(event: vscode.Event<T>, predicate: (e: T) => boolean = () => true,
  options: Omit<WaitOptions, 'interval'> = {}): Promise<T> {
  const { timeout = 10000, message = 'event' } = options;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => { sub.dispose(); reject(new Error(`timed out after ${timeout} ms waiting for ${message}`)); }, timeout);
    const sub = event((e) => {
      if (!predicate(e)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(e);
    });
  });
}

interface Answer { ok: boolean; error?: string; path?: string; values?: (string | null)[] }

/** One request to the runner: the marker line out, the answer file back. */
async function ask(kind: 'SCREENSHOT' | 'QUERY' | 'ACT', request: object, timeout = 30000): Promise<Answer> {
  if (!ipcDir) throw new Error('no code-server runner here (E2E_IPC_DIR unset): DOM queries need npm run test:integration');
  const id = crypto.randomUUID();
  const file = path.join(ipcDir, `${id}.json`);
  console.log(`__E2E_${kind}__ ${id} ${JSON.stringify(request)}`);
  await waitFor(() => fs.existsSync(file), { timeout, interval: 50, message: `the runner's answer to ${kind} ${JSON.stringify(request)}` });
  const answer = JSON.parse(fs.readFileSync(file, 'utf8')) as Answer;
  fs.rmSync(file, { force: true });
  if (!answer.ok) throw new Error(`runner: ${answer.error ?? 'failed'}`);
  return answer;
}

/**
 * Asks the runner for a screenshot of the whole workbench, once its webviews have painted, as
 * `$E2E_SHOT_DIR/<name>.png`; returns its path. Take it while the view is open: webview views vanish when the
 * extension host exits. Without a runner it does nothing and returns undefined.
 */
export async function screenshot(name: string): Promise<string | undefined> {
  if (!hasRunner) return undefined;
  return (await ask('SCREENSHOT', { name })).path;
}

export interface QueryOptions {
  /** What to read of each match: `textContent` (default), `innerText` (rendered text only) or an attribute name. */
  attr?: string;
}

/** The text (or attribute) of every element of the workbench matching `selector`, e.g. `.statusbar-item`. */
export async function queryWorkbench(selector: string, options: QueryOptions = {}): Promise<(string | null)[]> {
  return (await ask('QUERY', { frame: null, selector, attr: options.attr ?? 'textContent' })).values ?? [];
}

/**
 * The text (or attribute) of every element matching `selector` inside a webview, found by its view id (as in
 * package.json `contributes.views`), or by (a substring of) its HTML `<title>`, its view or editor-tab title, or
 * its extension id.
 */
export async function queryWebview(webview: string, selector: string, options: QueryOptions = {}): Promise<(string | null)[]> {
  return (await ask('QUERY', { frame: viewName(webview), selector, attr: options.attr ?? 'textContent' })).values ?? [];
}

/** The runner sees titles, not view ids: a contributed view's id becomes its name. */
function viewName(webview: string): string {
  for (const ext of vscode.extensions.all) {
    const views = (ext.packageJSON as { contributes?: { views?: Record<string, { id: string; name?: string }[]> } }).contributes?.views ?? {};
    for (const view of Object.values(views).flat()) if (view.id === webview && view.name) return view.name;
  }
  return webview;
}

/** Polls queryWorkbench until some match satisfies `accept`; returns all values then. */
export function waitForWorkbench(selector: string, accept: (value: string) => boolean,
  options: WaitOptions & QueryOptions = {}): Promise<(string | null)[]> {
  return waitFor(async () => {
    const values = await queryWorkbench(selector, options);
    return values.some((v) => v !== null && accept(v)) ? values : undefined;
  }, { message: `workbench ${selector}`, interval: 200, ...options });
}

/** Polls queryWebview until some match satisfies `accept`; returns all values then. */
export function waitForWebview(webview: string, selector: string, accept: (value: string) => boolean,
  options: WaitOptions & QueryOptions = {}): Promise<(string | null)[]> {
  return waitFor(async () => {
    const values = await queryWebview(webview, selector, options);
    return values.some((v) => v !== null && accept(v)) ? values : undefined;
  }, { message: `${selector} in webview "${webview}"`, interval: 200, ...options });
}

/** Clicks (a real mouse click) the first element matching `selector` inside a webview, found as for queryWebview. */
export async function clickWebview(webview: string, selector: string): Promise<void> {
  await ask('ACT', { frame: viewName(webview), selector, action: 'click' });
}

/** Chooses the option of `value` in the first `<select>` matching `selector` inside a webview. */
export async function selectInWebview(webview: string, selector: string, value: string): Promise<void> {
  await ask('ACT', { frame: viewName(webview), selector, action: 'select', value });
}

/** Scrolls the first element matching `selector` inside a webview to the top of its view (e.g. for a screenshot). */
export async function scrollWebview(webview: string, selector: string): Promise<void> {
  await ask('ACT', { frame: viewName(webview), selector, action: 'scroll' });
}
