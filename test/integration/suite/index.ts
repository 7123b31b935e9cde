// The `run()` that VS Code calls in the extension host (extensionTestsPath), the same under code-server
// (test/integration/run.mjs) and @vscode/test-electron: mocha (bdd: describe/it, as the unit tests) over every
// `*.test.js` built next to this file (test/integration/build.mjs bundles mocha in, so nothing resolves at run time).
// Env: MOCHA_GREP (a regular expression on full test titles; tag tests like `@screenshot`), MOCHA_TIMEOUT (ms),
// E2E_THEME (light|dark: the colour theme, set before any test so screenshots show it).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

const THEMES: Record<string, { name: string; other: string; kind: vscode.ColorThemeKind }> = {
  light: { name: 'Default Light Modern', other: 'Default Light+', kind: vscode.ColorThemeKind.Light },
  dark: { name: 'Default Dark Modern', other: 'Default Dark+', kind: vscode.ColorThemeKind.Dark },
};

/** Resolves on the next theme change (or after `ms`, so a theme already shown cannot hang the run). */
function nextThemeChange(ms = 10_000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => { sub.dispose(); resolve(); }, ms);
    const sub = vscode.window.onDidChangeActiveColorTheme(() => { clearTimeout(timer); sub.dispose(); resolve(); });
  });
}

/**
 * The web workbench starts in the theme its browser storage remembers and shows the profile's `colorTheme` only
 * when the setting changes: so it is changed, to a theme of the same kind and back, until the workbench shows it.
 */
async function applyTheme(theme: string | undefined): Promise<void> {
  const want = theme ? THEMES[theme] : undefined;
  if (!want || vscode.window.activeColorTheme.kind === want.kind) return;
  const config = vscode.workspace.getConfiguration('workbench');
  for (const name of [want.other, want.name]) {
    const changed = nextThemeChange();
    await config.update('colorTheme', name, vscode.ConfigurationTarget.Global);
    await changed;
  }
  if (vscode.window.activeColorTheme.kind !== want.kind) throw new Error(`the workbench did not switch to the ${theme} theme`);
}

export async function run(): Promise<void> {
  await applyTheme(process.env.E2E_THEME);
  const mocha = new Mocha({ ui: 'bdd', color: false, reporter: 'spec', timeout: Number(process.env.MOCHA_TIMEOUT ?? 30000) });
  const grep = process.env.MOCHA_GREP;
  if (grep) mocha.grep(new RegExp(grep));
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  if (files.length === 0) return Promise.reject(new Error(`no *.test.js next to ${__filename}: build the suites (npm run build:tests)`));
  for (const f of files) mocha.addFile(path.join(__dirname, f));

  await new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run((failures) => {
        const { passes = 0, failures: failed = 0, pending = 0 } = runner.stats ?? {};
        // Read by the code-server runner for its closing `N passed, N failed` line.
        console.log(`__E2E_RESULT__ ${JSON.stringify({ passed: passes, failed, pending })}`);
        if (failures > 0) reject(new Error(`${failures} test${failures === 1 ? '' : 's'} failed`));
        else if (passes + pending === 0) reject(new Error(grep ? `no test matches MOCHA_GREP=${grep}` : 'no test ran'));
        else resolve();
      });
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
