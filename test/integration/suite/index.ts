// The `run()` that VS Code calls in the extension host (extensionTestsPath), the same under code-server
// (test/integration/run.mjs) and @vscode/test-electron: mocha (bdd: describe/it, as the unit tests) over every
// `*.test.js` built next to this file (test/integration/build.mjs bundles mocha in, so nothing resolves at run time).
// Env: MOCHA_GREP (a regular expression on full test titles; tag tests like `@screenshot`), MOCHA_TIMEOUT (ms).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, reporter: 'spec', timeout: Number(process.env.MOCHA_TIMEOUT ?? 30000) });
  const grep = process.env.MOCHA_GREP;
  if (grep) mocha.grep(new RegExp(grep));
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort();
  if (files.length === 0) return Promise.reject(new Error(`no *.test.js next to ${__filename}: build the suites (npm run build:tests)`));
  for (const f of files) mocha.addFile(path.join(__dirname, f));

  return new Promise((resolve, reject) => {
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
