/**
 * `cx coverage --since REV`: the files a branch changes, the journeys they touch and the changed files with no
 * journey — the pull-request view of coverage. Git runs without a shell (`execFile`), its output read NUL-separated
 * so that any file name comes through as is.
 */
import { execFile } from 'node:child_process';
import type { CoverageChanges, CoverageReport } from './coverage';

/** Why the changed files cannot be listed: not a git work tree, an unknown revision, no git. */
export class GitChangesError extends Error {}

interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

function git(cwd: string, args: string[]): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, windowsHide: true }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(new GitChangesError('git is not installed (or not on PATH): --since needs it'));
        return;
      }
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

async function gitOk(cwd: string, args: string[]): Promise<string> {
  const r = await git(cwd, args);
  if (r.code !== 0) throw new GitChangesError(`git ${args.join(' ')} failed: ${r.stderr.trim() || `exit ${r.code}`}`);
  return r.stdout;
}

const paths = (nulSeparated: string) => nulSeparated.split('\0').filter(Boolean);

/**
 * Files changed since `rev`, relative to `root` and `/`-separated, sorted: what `git diff --name-only REV...HEAD`
 * lists (the branch's commits since it left REV), plus staged, unstaged and untracked (not ignored) files. Only
 * files under `root` count when it is a subfolder of the repository.
 */
export async function gitChangedFiles(root: string, rev: string): Promise<string[]> {
  if (!rev || rev.startsWith('-')) throw new GitChangesError(`'${rev}' is not a revision`);
  const inside = await git(root, ['rev-parse', '--is-inside-work-tree']);
  if (inside.code !== 0 || inside.stdout.trim() !== 'true') {
    const why = inside.stderr.trim().split('\n')[0] ?? '';
    throw new GitChangesError(`${root} is not in a git work tree: --since needs one${why && !/not a git repository/i.test(why) ? ` (${why})` : ''}`);
  }
  // A leading '-' was refused above, so the revision cannot be read as an option.
  const verified = await git(root, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]);
  if (verified.code !== 0) {
    throw new GitChangesError(
      `unknown revision '${rev}'${rev.includes('/') ? ' (in a shallow CI clone, fetch it first, e.g. git fetch origin main)' : ''}`,
    );
  }
  const head = await git(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  const out = new Set<string>();
  if (head.code === 0) {
    for (const p of paths(await gitOk(root, ['diff', '--name-only', '-z', '--relative', '--no-ext-diff', `${rev}...HEAD`, '--']))) out.add(p);
    for (const p of paths(await gitOk(root, ['diff', '--name-only', '-z', '--relative', '--no-ext-diff', 'HEAD', '--']))) out.add(p);
  }
  for (const p of paths(await gitOk(root, ['ls-files', '--others', '--exclude-standard', '-z', '--', '.']))) out.add(p);
  return [...out].sort();
}

/**
 * The changes report: `changed` are workspace-relative paths (from `gitChangedFiles`). For a filtered report, pass
 * `sourceFiles`, every source file of the workspace: changed source files outside the filter are then left out,
 * rather than listed among the other paths.
 */
export function coverageChanges(report: CoverageReport, since: string, changed: readonly string[], sourceFiles?: ReadonlySet<string>): CoverageChanges {
  const byPath = new Map(report.perFile.map((f) => [f.path, f]));
  const files = changed.flatMap((p) => byPath.get(p) ?? []);
  const other = changed.filter((p) => !byPath.has(p) && !sourceFiles?.has(p));
  const journeys: CoverageChanges['journeys'] = [];
  for (const j of report.journeys) {
    const served = files.filter((f) => f.refs.some((r) => r === j.ref || r.startsWith(`${j.ref}/`)));
    if (!served.length) continue;
    const refs = [...new Set(served.flatMap((f) => f.refs.filter((r) => r === j.ref || r.startsWith(`${j.ref}/`))))].sort();
    journeys.push({ ref: j.ref, name: j.name, refs, files: served.map((f) => f.path) });
  }
  return { since, files, other, journeys, withoutJourney: files.filter((f) => !f.refs.length).map((f) => f.path) };
}

/**
 * What `--fail-on-gaps` fails on: journeys with no code and files with negative feedback and no journey; with
 * changes, only changed files with negative feedback and no journey (a branch answers for what it touches).
 */
export function coverageGaps(report: CoverageReport): string[] {
  if (report.changes) {
    return report.changes.files
      .filter((f) => !f.refs.length && f.negative > 0)
      .map((f) => `changed file ${f.path} has ${f.negative} negative feedback and no journey`);
  }
  return [
    ...report.journeysWithoutCode.map((j) => `${j.ref.includes('/') ? 'step' : 'journey'} ${j.ref} (${j.name}) has no code`),
    ...report.negativeFilesWithoutJourney.map((f) => `${f.path} has ${f.negative} negative feedback and no journey`),
  ];
}
