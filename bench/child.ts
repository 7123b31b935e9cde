/**
 * One measurement in its own process (so its peak RSS is its own), run by bench/run.ts:
 *   baseline <dir>   read every `.cx/` file's bytes and JSON.parse every JSONL line
 *   index <dir>      the language server's first index of the folder (FolderIndex.reload + ready)
 *   work <dir>       figures 2–4: lookups, path → components vs CODEOWNERS libraries, incremental updates
 * Prints one JSON line with the results. `index` and `work` run as the language server's process does: started with
 * its environment (`SERVER_ENV`, given by run.ts) and its heap settings (`tuneHeap`); the baseline as plain Node.
 */
import { appendFileSync, promises as fs, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { combineCxFiles } from '../src/core/cxData';
import { CxIndex } from '../src/core/cxIndex';
import { readCxFiles, readSources } from '../src/core/diskWorkspace';
import { computeCoverage } from '../src/core/coverage';
import { CoverageViews } from '../src/core/coverageView';
import { ComponentMatcher } from '../src/core/matcher';
import { outlineOf, treeFilesOf, treeFilesSummary } from '../src/core/outline';
import { SUGGEST_RECORDS, suggestTags, targetsOfOutline } from '../src/core/suggest';
import { FolderIndex } from '../src/server/folderIndex';
import { tuneHeap } from '../src/server/processMemory';
import type { FolderHost, Snapshot } from '../src/server/folderIndex';

const [mode, target, ...rest] = process.argv.slice(2);
const flags = new Set(rest);

function rssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

async function listAll(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await fs.readdir(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) await walk(full);
      else out.push(full);
    }
  };
  await walk(dir);
  return out.sort();
}

async function baseline(dir: string): Promise<Record<string, number>> {
  const t0 = performance.now();
  let lines = 0;
  let bytes = 0;
  for (const file of await listAll(path.join(dir, '.cx'))) {
    const text = (await fs.readFile(file)).toString('utf8');
    bytes += text.length;
    if (!file.endsWith('.jsonl')) continue;
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      if (end > start) {
        JSON.parse(text.slice(start, end));
        lines++;
      }
      start = end + 1;
    }
  }
  return { ms: performance.now() - t0, rssMb: rssMb(), lines, bytes };
}

function host(open = new Map<string, string>()): FolderHost {
  return {
    openText: (_f, rel) => open.get(rel),
    openPaths: () => [...open.keys()],
    onIndexed: () => undefined,
    log: { info: () => undefined, warn: () => undefined, error: (m: string) => console.error(m) } as unknown as FolderHost['log'],
  };
}

/**
 * The first index, as the language server makes it: `ms` until it answers, `summaryMs` until its summary (run in
 * the background, between requests) is done; both start at the same moment.
 */
async function coldIndex(dir: string, open?: Map<string, string>): Promise<{ folder: FolderIndex; snap: Snapshot; ms: number; summaryMs: number }> {
  const t0 = performance.now();
  const folder = new FolderIndex('file:///bench', dir, 'bench', { root: '.cx', window: 30 } as never, host(open));
  await folder.reload();
  const snap = await folder.ready();
  if (!snap) throw new Error(`no index of ${dir}`);
  const ms = performance.now() - t0;
  await folder.summaryDone();
  if (!snap.index.summarized) throw new Error('the first index was not summarized');
  return { folder, snap, ms, summaryMs: performance.now() - t0 };
}

async function index(dir: string): Promise<Record<string, number>> {
  if (flags.has('--cx-only')) {
    // The `.cx/` part alone, as the baseline reads it: the sources are read first and not timed.
    const sources = await readSources(dir);
    const t0 = performance.now();
    const data = combineCxFiles(await readCxFiles(dir, '.cx'));
    const cx = new CxIndex(data, sources, { windowDays: 30 });
    return { ms: performance.now() - t0, rssMb: rssMb(), records: data.feedback.length, problems: cx.problems.length };
  }
  const { snap, ms, summaryMs } = await coldIndex(dir);
  const records = snap.data.feedback.length;
  return { ms, summaryMs, rssMb: rssMb(), records, files: [...snap.index.sourceFiles()].length, problems: snap.problems.length };
}

/** Deterministic sample of `n` distinct items. */
function sample<T>(items: readonly T[], n: number, seed = 7): T[] {
  let a = seed;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = items.slice();
  const k = Math.min(n, copy.length);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rand() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, k);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function work(dir: string): Promise<Record<string, number | string>> {
  const open = new Map<string, string>();
  const { folder, snap } = await coldIndex(dir, open);
  const result: Record<string, number | string> = {};
  const paths = [...snap.index.sourceFiles()].map((f) => f.path);

  // (2) file → full context, on a fresh index (nothing cached), over distinct random files.
  const lookups = sample(paths, 10_000);
  const times: number[] = [];
  for (const p of lookups) {
    const t = performance.now();
    snap.index.contextOf(p);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  result.lookupP50 = percentile(times, 50);
  result.lookupP99 = percentile(times, 99);
  result.lookupMax = times.at(-1)!;

  // (2b) what the feedback views and Tag Feedback… ask of the whole store: a page of 1,000 of all records newest first,
  // the Inbox's first page, and the tag suggestions for the newest untagged record (its pages of the newest
  // records, then the ranking), each the median of three.
  const med3 = (f: () => void) => {
    const xs = [0, 1, 2].map(() => {
      const t0 = performance.now();
      f();
      return performance.now() - t0;
    });
    return xs.sort((a, b) => a - b)[1]!;
  };
  result.pageAllMs = med3(() => snap.index.queryFeedback({ sort: 'recent', limit: 1000 }));
  result.pageInboxMs = med3(() => snap.index.queryFeedback({ untagged: true, sort: 'recent', limit: 1000 }));
  const targets = targetsOfOutline(outlineOf(snap.index, (p) => p));
  result.suggestMs = med3(() => {
    const record = snap.index.queryFeedback({ untagged: true, sort: 'recent', limit: 1 }).items[0]!;
    const records = [];
    for (let offset = 0; offset < SUGGEST_RECORDS; offset += 1000) records.push(...snap.index.queryFeedback({ sort: 'recent', offset, limit: 1000 }).items);
    suggestTags(record, targets, records);
  });

  // (3) path → components for every file: the product's matcher (built from the components) …
  const comps = snap.data.components.map((c) => c.component);
  let t = performance.now();
  const matcher = new ComponentMatcher(comps);
  let assigned = 0;
  for (const p of paths) assigned += matcher.componentsOf(p).length;
  result.componentsAllMs = performance.now() - t;
  result.componentsAssigned = assigned;

  // … and the CODEOWNERS reading of the equivalent file (each line a one-pattern rule, the last match wins), the
  // same matcher vs the two libraries. The libraries are timed on a sample when they are too slow for all files.
  const coDir = path.join(dir, 'bench');
  const lines = readFileSync(path.join(coDir, 'CODEOWNERS'), 'utf8').split('\n').filter(Boolean).map((l) => {
    const [pattern, ...owners] = l.split(/\s+/);
    return { pattern: pattern!, owners };
  });
  t = performance.now();
  const rules = new ComponentMatcher(lines.map((l, i) => ({ id: String(i), paths: [l.pattern] })));
  const ours = (p: string): string => {
    const hit = rules.componentsOf(p).at(-1);
    return hit === undefined ? '' : lines[Number(hit)]!.owners.join(' ');
  };
  const ourAnswers = paths.map(ours);
  result.codeownersOursMs = performance.now() - t;
  result.codeownersOursPerFileUs = (result.codeownersOursMs / paths.length) * 1000;

  const libSample = flags.has('--all') ? paths : sample(paths, 2_000, 11);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Codeowners = require('codeowners') as new (dir: string) => { getOwner(p: string): string[] };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { OwnershipEngine } = require('@snyk/github-codeowners/dist/lib/ownership') as {
    OwnershipEngine: { FromCodeownersFile(file: string): { calcFileOwnership(p: string): string[] } };
  };
  const byPath = new Map(paths.map((p, i) => [p, ourAnswers[i]!]));
  let disagree = 0;
  let firstDisagreement = '';
  const check = (lib: string, p: string, owners: string[]) => {
    if (owners.join(' ') === byPath.get(p)) return;
    disagree++;
    if (!firstDisagreement) firstDisagreement = `${lib}: ${p}: '${owners.join(' ')}' vs ours '${byPath.get(p)}'`;
  };
  t = performance.now();
  const co = new Codeowners(coDir);
  const coAnswers = libSample.map((p) => co.getOwner(p));
  result.codeownersLibPerFileUs = ((performance.now() - t) / libSample.length) * 1000;
  libSample.forEach((p, i) => check('codeowners', p, coAnswers[i]!));
  t = performance.now();
  const snyk = OwnershipEngine.FromCodeownersFile(path.join(coDir, 'CODEOWNERS'));
  const snykAnswers = libSample.map((p) => snyk.calcFileOwnership(p));
  result.snykLibPerFileUs = ((performance.now() - t) / libSample.length) * 1000;
  libSample.forEach((p, i) => check('@snyk/github-codeowners', p, snykAnswers[i]!));
  result.libSample = libSample.length;
  result.disagreements = disagree;
  if (firstDisagreement) result.firstDisagreement = firstDisagreement;

  // (4) incremental updates: tags appended to the log on disk, then one component's patterns edited in the editor,
  // five of each (the median is reported); after each, lookups of files (their first after the change: the file
  // contexts are recomputed, the refs' feedback is carried over) for the p99.
  const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  let round = 0;
  const lookupsAfter = (s: Snapshot, n: number): number[] => sample(paths, n, 100 + round++).map((p) => {
    const t0 = performance.now();
    s.index.contextOf(p);
    return performance.now() - t0;
  });
  const afterTimes: number[] = [];
  const tagsFile = path.join(dir, '.cx/tags.jsonl');
  const tagsBefore = readFileSync(tagsFile, 'utf8');
  const appendTimes: number[] = [];
  try {
    for (let i = 0; i < 5; i++) {
      const someId = snap.data.feedback.id(i * 997);
      const newJourney = snap.data.journeys[i]!.journey.id;
      appendFileSync(tagsFile, `${JSON.stringify({ op: 'add', feedback: someId, ref: { journey: newJourney }, at: '2026-12-01T00:00:00Z' })}\n`);
      t = performance.now();
      folder.fileChanged('.cx/tags.jsonl', 'changed');
      const after = await folder.ready();
      appendTimes.push(performance.now() - t);
      const item = after!.index.feedbackRecord(someId);
      if (!item?.links.some((l) => 'journey' in l && l.journey === newJourney)) throw new Error('the appended tag is not in the index');
      afterTimes.push(...lookupsAfter(after!, 200));
    }
  } finally {
    writeFileSync(tagsFile, tagsBefore);
  }
  result.tagAppendMs = median(appendTimes);
  const compFile = snap.data.components[0]!.idLoc.file;
  const compText = readFileSync(path.join(dir, compFile), 'utf8');
  const firstPattern = snap.data.components[0]!.component.paths[0]!;
  const editTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    open.set(compFile, compText.replace(`- "${firstPattern}"`, `- "${firstPattern}"\n      - "!**/*.md${i}"`));
    t = performance.now();
    folder.documentChanged(compFile);
    const edited = await folder.ready();
    editTimes.push(performance.now() - t);
    if (!edited!.index.component(snap.data.components[0]!.component.id)!.component.paths.includes(`!**/*.md${i}`)) throw new Error('the edited pattern is not in the index');
    afterTimes.push(...lookupsAfter(edited!, 200));
  }
  result.patternEditMs = median(editTimes);
  afterTimes.sort((a, b) => a - b);
  result.afterUpdateP99Ms = percentile(afterTimes, 99);
  result.rssMb = rssMb();

  // (6) the coverage report, as the language server answers customerContext/coverage (and keeps for the Coverage
  // Map): the folder with its files' line counts, the report, and the JSON it sends (last: the report is large).
  t = performance.now();
  const counted = await folder.ready({ lineCounts: true });
  const report = computeCoverage(counted!.index);
  result.coverageMs = performance.now() - t;
  t = performance.now();
  result.coverageJsonMb = JSON.stringify(report).length / 1e6;
  result.coverageJsonMs = performance.now() - t;
  if (report.perFile.length !== paths.length) throw new Error(`the coverage report has ${report.perFile.length} files, not ${paths.length}`);
  // What the Coverage Map asks for (customerContext/coverageMap), from the kept report: the whole workspace, then
  // the code of the owner with the most files; each made and stringified.
  const views = new CoverageViews(report);
  const owner = [...report.owners].sort((a, b) => b.files - a.files)[0];
  for (const [key, filter] of [['mapView', {}], ['mapOwner', owner ? { owner: owner.owner } : {}]] as const) {
    t = performance.now();
    const json = JSON.stringify(views.view(filter));
    result[`${key}Ms`] = performance.now() - t;
    result[`${key}Mb`] = json.length / 1e6;
  }
  // What the Journeys tree asks for first (customerContext/treeFiles; a component's files come when it is expanded).
  t = performance.now();
  const lists = treeFilesOf(counted!.index);
  const treeJson = JSON.stringify(treeFilesSummary(lists));
  result.treeFilesMs = performance.now() - t;
  result.treeFilesMb = treeJson.length / 1e6;
  folder.dispose();
  return result;
}

const modes: Record<string, (t: string) => Promise<Record<string, number | string>>> = { baseline, index, work };
const run = modes[mode ?? ''];
if (!run || !target) {
  console.error('usage: child.ts baseline|index|work <dir>');
  process.exit(2);
}
if (mode !== 'baseline') tuneHeap();
run(target).then(
  (r) => {
    process.stdout.write(`\nRESULT ${JSON.stringify(r)}\n`);
    process.exit(0);
  },
  (e: unknown) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  },
);
