// @vscode/test-cli configuration for `npm run test:electron` (scripts/test-electron.mjs): the integration suites
// built in out/integration/ run in a downloaded VS Code desktop, the same *.test.js that test/integration/run.mjs
// runs in code-server (where no download is needed). VSCODE_VERSION overrides the version (default: code-server's).
import { defineConfig } from '@vscode/test-cli';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// Tests may write to the workspace: give them a copy, as the code-server runner does.
const source = path.resolve(process.env.E2E_WORKSPACE_SOURCE ?? 'examples/acme-shop');
const workspace = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cx-electron-')), path.basename(source));
if (fs.existsSync(source)) fs.cpSync(source, workspace, { recursive: true, filter: (src) => path.basename(src) !== 'node_modules' });
else fs.mkdirSync(workspace, { recursive: true });

// eslint-disable-next-line no-restricted-exports -- @vscode/test-cli reads the default export
export default defineConfig({
  label: 'integration',
  files: 'out/integration/*.test.js',
  version: process.env.VSCODE_VERSION ?? '1.100.3',
  workspaceFolder: workspace,
  launchArgs: ['--disable-extensions', '--skip-welcome', '--skip-release-notes', '--disable-workspace-trust'],
  env: { E2E_WORKSPACE: workspace },
  mocha: { ui: 'bdd', color: false, timeout: Number(process.env.MOCHA_TIMEOUT ?? 30000), ...(process.env.MOCHA_GREP ? { grep: process.env.MOCHA_GREP } : {}) },
});
