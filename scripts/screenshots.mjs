#!/usr/bin/env node
// `npm run screenshots`: the integration tests tagged `@screenshot` (in their titles), run in code-server in the
// light and then the dark theme; each screenshot(name) they take lands in screenshots/<theme>/<name>.png.
// Builds nothing: the npm script builds first. Extra arguments go to test/integration/run.mjs (e.g. --ext, --tests,
// --workspace, --verbose); MOCHA_GREP overrides the tag.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const extra = process.argv.slice(2);
const has = (flag) => extra.includes(flag);
const defaults = [
  ...(has('--ext') || has('--vsix') ? [] : ['--ext', root]),
  ...(has('--workspace') ? [] : ['--workspace', path.join(root, 'examples/acme-shop')]),
];

let failed = 0;
for (const theme of ['light', 'dark']) {
  const dir = path.join(root, 'screenshots', theme);
  fs.rmSync(dir, { recursive: true, force: true }); // only this run's pictures
  console.log(`\n== ${theme} theme → ${path.relative(root, dir)}/`);
  const r = spawnSync(process.execPath, [path.join(root, 'test/integration/run.mjs'), ...defaults, ...extra,
    '--theme', theme, '--shot-dir', dir, '--grep', process.env.MOCHA_GREP ?? '@screenshot'], { cwd: root, stdio: 'inherit' });
  const shots = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.png')).sort() : [];
  console.log(`${theme}: ${shots.length} screenshot${shots.length === 1 ? '' : 's'}${shots.length ? `: ${shots.join(', ')}` : ''}`);
  if (r.status !== 0) { failed++; console.error(`${theme}: the run failed (exit ${r.status ?? r.signal})`); }
}
process.exit(failed ? 1 : 0);
