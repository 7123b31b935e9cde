// One esbuild context per runtime: the extension host (node, cjs, `vscode` external), the language server (node),
// the `cx` CLI (node) and each webview (browser). `--production` minifies, `--watch` rebuilds on change, `--outdir DIR`
// writes the bundles under DIR instead of dist/ (the benchmark measures the production build there).
//
// The extension host's code is split: dist/extension.js holds what activation needs, and each module the extension
// loads on first use (src/extension/lazy.ts) is a bundle of its own, dist/extension/NAME.js, since esbuild cannot
// split cjs. Each bundle has its own copy of what it imports, so a module that holds state must be in one only.
import * as esbuild from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const outdirAt = process.argv.indexOf('--outdir');
const outdir = outdirAt > 0 ? process.argv[outdirAt + 1] : 'dist';

const node = { platform: 'node', format: 'cjs', target: 'node20', bundle: true, sourcemap: !production, minify: production,
  legalComments: 'none', logLevel: 'warning' };
const browser = { platform: 'browser', format: 'iife', target: 'es2022', bundle: true, sourcemap: !production,
  minify: production, legalComments: 'none', logLevel: 'warning' };

/** The extension's lazily loaded modules by bundle name, with their sources (src/extension/lazy.ts loads them). */
const lazyModules = JSON.parse(readFileSync('src/extension/lazyModules.json', 'utf8'));

/** Modules with state (the context, the client, the views, Undo's last tagging...): each must be in one bundle. */
const singletons = ['src/extension/main.ts', 'src/extension/ctx.ts', 'src/extension/client.ts', 'src/extension/views/registerViews.ts',
  ...Object.values(lazyModules)];

/** Each runtime's bundle; entries that do not exist yet are skipped so the build grows with the code. */
const targets = [
  { ...node, entryPoints: ['src/extension/main.ts'], outfile: 'dist/extension.js', external: ['vscode'], metafile: true },
  ...Object.entries(lazyModules).map(([name, entry]) =>
    ({ ...node, entryPoints: [entry], outfile: `dist/extension/${name}.js`, external: ['vscode'], metafile: true })),
  { ...node, entryPoints: ['src/server/main.ts'], outfile: 'dist/server.js' },
  { ...node, entryPoints: ['src/core/sourcesWorker.ts'], outfile: 'dist/sourcesWorker.js' },
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js' },
  { ...browser, entryPoints: ['src/webview/contextView.ts'], outfile: 'dist/webview/contextView.js' },
  { ...browser, entryPoints: ['src/webview/coverageMap.ts'], outfile: 'dist/webview/coverageMap.js' },
].filter((t) => existsSync(t.entryPoints[0])).map((t) => ({ ...t, outfile: t.outfile.replace(/^dist\//, `${outdir}/`) }));

const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
  console.log(`watching ${contexts.length} bundles`);
} else {
  const results = await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
  checkSingletons(results);
}

/** Fails the build when a module with state is in more than one of the extension host's bundles. */
function checkSingletons(results) {
  const bundlesOf = new Map();
  for (const r of results) {
    for (const [file, output] of Object.entries(r.metafile?.outputs ?? {})) {
      for (const input of Object.keys(output.inputs)) bundlesOf.set(input, [...(bundlesOf.get(input) ?? []), file]);
    }
  }
  const twice = singletons.filter((m) => (bundlesOf.get(m)?.length ?? 0) > 1);
  if (twice.length) {
    console.error(twice.map((m) => `${m} is in ${bundlesOf.get(m).join(' and ')}: it holds state, so it must be in one bundle only`).join('\n'));
    process.exit(1);
  }
}
