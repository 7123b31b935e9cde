// One esbuild context per runtime: the extension host (node, cjs, `vscode` external), the language server (node),
// the `cx` CLI (node) and each webview (browser). `--production` minifies, `--watch` rebuilds on change, `--outdir DIR`
// writes the bundles under DIR instead of dist/ (the benchmark measures the production build there).
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const outdirAt = process.argv.indexOf('--outdir');
const outdir = outdirAt > 0 ? process.argv[outdirAt + 1] : 'dist';

const node = { platform: 'node', format: 'cjs', target: 'node20', bundle: true, sourcemap: !production, minify: production,
  legalComments: 'none', logLevel: 'warning' };
const browser = { platform: 'browser', format: 'iife', target: 'es2022', bundle: true, sourcemap: !production,
  minify: production, legalComments: 'none', logLevel: 'warning' };

/** Each runtime's bundle; entries that do not exist yet are skipped so the build grows with the code. */
const targets = [
  { ...node, entryPoints: ['src/extension/main.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...node, entryPoints: ['src/server/main.ts'], outfile: 'dist/server.js' },
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js' },
  { ...browser, entryPoints: ['src/webview/contextView.ts'], outfile: 'dist/webview/contextView.js' },
  { ...browser, entryPoints: ['src/webview/coverageMap.ts'], outfile: 'dist/webview/coverageMap.js' },
].filter((t) => existsSync(t.entryPoints[0])).map((t) => ({ ...t, outfile: t.outfile.replace(/^dist\//, `${outdir}/`) }));

const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
  console.log(`watching ${contexts.length} bundles`);
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
