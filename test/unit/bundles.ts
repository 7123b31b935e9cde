/**
 * The dist/ bundles that tests run as subprocesses, built when missing or older than the code they bundle: a bundle
 * left from an earlier state of the code (another test's build, a run on code since changed) would test that code.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO = path.join(__dirname, '..', '..');

/** The newest modification time of the files under `dir`. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Whether `bundle` (a path in the repository) is missing or older than a file under `sources` (folders in it). */
export function isStale(bundle: string, sources: readonly string[]): boolean {
  const full = path.join(REPO, bundle);
  const newest = Math.max(...sources.map((d) => newestMtime(path.join(REPO, d))));
  return !fs.existsSync(full) || fs.statSync(full).mtimeMs < newest;
}

/** Builds dist/ when dist/cli.js is missing or older than the code of the CLI. */
export function ensureCliBuilt(): void {
  if (isStale('dist/cli.js', ['src/cli', 'src/core'])) execFileSync(process.execPath, ['esbuild.mjs'], { cwd: REPO, stdio: 'pipe' });
}
