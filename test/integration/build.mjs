// Bundles the integration suites for the extension host: test/integration/suite/index.ts and every
// test/integration/suite/*.test.ts into out/integration/ (node, cjs, `vscode` external). mocha is bundled into
// index.js: mocha 12 is ESM-only inside, which VS Code's Electron cannot require(), and a bundle needs no
// node_modules next to it. Usage: node test/integration/build.mjs [--suite DIR] [--out DIR] (a suite of *.test.ts
// from elsewhere, e.g. a probe, built against the same index).
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { values: argv } = parseArgs({ options: { suite: { type: 'string' }, out: { type: 'string' } } });
const suite = path.resolve(argv.suite ?? path.join(root, 'test/integration/suite'));
const out = path.resolve(argv.out ?? path.join(root, 'out/integration'));

const tests = fs.readdirSync(suite).filter((f) => f.endsWith('.test.ts')).sort();
if (tests.length === 0) throw new Error(`no *.test.ts in ${suite}`);
fs.rmSync(out, { recursive: true, force: true }); // no stale *.test.js from a deleted test

await esbuild.build({
  entryPoints: [
    { in: path.join(root, 'test/integration/suite/index.ts'), out: 'index' },
    ...tests.map((f) => ({ in: path.join(suite, f), out: f.replace(/\.ts$/, '') })),
  ],
  outdir: out,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  sourcemap: 'linked',
  logLevel: 'warning',
  // mocha's parallel mode (never used here) resolves its worker files at run time.
  logOverride: { 'require-resolve-not-external': 'silent' },
});
console.log(`built ${tests.length} suite file${tests.length === 1 ? '' : 's'} into ${path.relative(root, out) || out}`);
