/**
 * `cx`: the core for CI and for people without the editor (SPEC §5). Exit codes: 0 done, 1 the check failed
 * (errors found, coverage under the threshold), 2 the command was used wrongly or could not run.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { writeFileAtomic } from '../core/atomicWrite';
import { CODEOWNERS_LOCATIONS, ComponentsEditError } from '../core/codeowners';
import { computeCoverage, filterCoverage } from '../core/coverage';
import type { CoverageFilter } from '../core/coverage';
import { coverageChanges, coverageGaps, gitChangedFiles, GitChangesError } from '../core/coverageReportChanges';
import { loadDiskWorkspace } from '../core/diskWorkspace';
import { ImportError, parseColumnMap, PRESETS } from '../core/importFeedback';
import { COVERAGE_FORMATS, coverageFile, isCoverageFormat } from '../core/coverageReports';
import type { Preset } from '../core/importFeedback';
import { findCodeowners, runCodeownersImport, runFeedbackImport } from '../core/importRun';
import { formatProblem } from '../core/problems';
import { writeScaffold } from '../core/scaffold';
import type { Link, TagDecision } from '../core/schemas';
import { DEFAULT_SETTINGS, Settings } from '../core/settings';
import { appendTags, formatTagRef, parseTagRef, planTags, tagAuthor, tagDecisions, TagRefError } from '../core/tagLog';
import { formatContext } from './format';

/** A usage error: printed with the command's help hint, exit 2. */
class UsageError extends Error {}

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd: string;
}

type Options = NonNullable<ParseArgsConfig['options']>;

interface Command {
  summary: string;
  usage: string;
  options: Options;
  run(values: Record<string, string | boolean | undefined>, positionals: string[], io: Io): Promise<number>;
}

const common: Options = {
  root: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
};
const json: Options = { json: { type: 'boolean' } };

function settingsFrom(values: Record<string, unknown>): Settings {
  const window = values.window === undefined ? DEFAULT_SETTINGS.window : Number(values.window);
  const parsed = Settings.safeParse({ root: values['cx-dir'] ?? DEFAULT_SETTINGS.root, window });
  if (!parsed.success) throw new UsageError(`--window must be a whole number of days from 1 to 3650`);
  const limit = (flag: string, key: 'limits.maxFileSizeMB' | 'limits.maxFeedbackRecords', what: string): number => {
    if (values[flag] === undefined) return DEFAULT_SETTINGS[key];
    const value = Settings.shape[key].safeParse(Number(values[flag]));
    if (!value.success) throw new UsageError(`--${flag} must be ${what}`);
    return value.data;
  };
  return {
    ...parsed.data,
    'limits.maxFileSizeMB': limit('max-file-size', 'limits.maxFileSizeMB', 'a whole number of megabytes from 1 to 4096'),
    'limits.maxFeedbackRecords': limit('max-feedback', 'limits.maxFeedbackRecords', 'a whole number of records, at least 1'),
  };
}

function rootOf(values: Record<string, unknown>, io: Io): string {
  return path.resolve(io.cwd, typeof values.root === 'string' ? values.root : '.');
}

async function load(values: Record<string, unknown>, io: Io) {
  const root = rootOf(values, io);
  const stat = await fs.stat(root).catch(() => undefined);
  if (!stat?.isDirectory()) throw new UsageError(`--root ${root} is not a folder`);
  const now = typeof values.now === 'string' ? new Date(values.now) : undefined;
  if (now && Number.isNaN(now.getTime())) throw new UsageError(`--now must be an ISO date, e.g. 2026-11-20`);
  return loadDiskWorkspace(root, settingsFrom(values), now);
}

const indexOptions: Options = {
  window: { type: 'string' }, now: { type: 'string' }, 'cx-dir': { type: 'string' }, 'max-file-size': { type: 'string' }, 'max-feedback': { type: 'string' },
};

type Values = Record<string, string | boolean | undefined>;

/** At most this many ids or rejected rows are listed in text output (`--json` lists all). */
const LISTED = 20;

function listed(items: readonly string[]): string {
  return items.length > LISTED ? `${items.slice(0, LISTED).join(', ')}, … (${items.length - LISTED} more)` : items.join(', ');
}

async function existingRoot(values: Values, io: Io): Promise<string> {
  const root = rootOf(values, io);
  if (!(await fs.stat(root).catch(() => undefined))?.isDirectory()) throw new UsageError(`--root ${root} is not a folder`);
  return root;
}

/** `cx tag` and `cx untag`: check everything first, then append all decisions in one write, or write nothing. */
function tagCommand(op: TagDecision['op']): Command {
  const verb = op === 'add' ? 'tag' : 'untag';
  return {
    summary: op === 'add'
      ? 'tag feedback to journeys, steps, components or lines of code (appends to .cx/tags.jsonl)'
      : 'remove tags from feedback (appends to .cx/tags.jsonl)',
    usage: `cx ${verb} ID REF... [--by EMAIL] [--root DIR] [--json]   REF: checkout | checkout/pay | component:ID | path:FILE[#FIRST-LAST] | FILE:FIRST-LAST`,
    options: { ...common, ...json, by: { type: 'string' }, 'cx-dir': { type: 'string' } },
    async run(values, positionals, io) {
      const [id, ...refs] = positionals;
      if (!id || !refs.length) throw new UsageError('give a feedback ID and at least one REF');
      if (values.by !== undefined && !String(values.by).trim()) throw new UsageError('--by must not be empty');
      const ws = await load(values, io);
      const known = {
        components: new Set(ws.index.componentList().map((c) => c.component.id)),
        journeys: new Set(ws.index.journeyList().map((j) => j.journey.id)),
      };
      let links: Link[];
      try {
        links = refs.map((r) => parseTagRef(r, known));
      } catch (e) {
        if (e instanceof TagRefError) throw new UsageError(e.message);
        throw e;
      }
      const plan = planTags(ws.index, op, id, links);
      if (plan.unknown.length || plan.absent.length) {
        for (const m of [...plan.unknown, ...plan.absent]) io.err(`cx ${verb}: ${m}`);
        io.err('nothing written');
        return plan.unknown.length ? 2 : 1;
      }
      for (const u of plan.unchanged) io.err(u.message);
      const by = await tagAuthor(ws.root, typeof values.by === 'string' ? values.by : undefined);
      const decisions = tagDecisions(op, id, plan.write, by);
      const { file } = await appendTags(ws.root, settingsFrom(values).root, decisions);
      if (values.json) io.out(JSON.stringify({ file: decisions.length ? file : undefined, decisions }, null, 2));
      else if (!decisions.length) io.out('nothing to write');
      else {
        for (const d of decisions) io.out(`${verb}ged ${id} ${formatTagRef(d.ref)}`);
        io.out(`appended ${decisions.length} line${decisions.length === 1 ? '' : 's'} to ${file}${by ? ` (by ${by})` : ''}`);
      }
      return 0;
    },
  };
}

/** `cx import feedback FILE --preset P`: new records only (by id), written atomically or appended as whole lines. */
async function importFeedbackCommand(values: Values, positionals: string[], io: Io): Promise<number> {
  const [file, ...extra] = positionals;
  if (!file || extra.length) throw new UsageError('give one export FILE: cx import feedback FILE --preset PRESET');
  const preset = values.preset;
  if (typeof preset !== 'string' || !(PRESETS as readonly string[]).includes(preset)) throw new UsageError(`--preset must be one of ${PRESETS.join(', ')}`);
  const root = await existingRoot(values, io);
  const cxDir = settingsFrom(values).root;
  const bytes = await fs.readFile(path.resolve(io.cwd, file)).catch((e: Error) => {
    throw new UsageError(`cannot read ${file}: ${e.message}`);
  });
  const outAbs = typeof values.out === 'string' ? path.resolve(io.cwd, values.out) : undefined;
  if (outAbs && !outAbs.toLowerCase().endsWith('.jsonl')) throw new UsageError('--out must be a .jsonl file');
  const dryRun = values['dry-run'] === true;
  let run;
  try {
    run = await runFeedbackImport(root, cxDir, bytes, file, preset as Preset, {
      ...(typeof values.map === 'string' ? { map: parseColumnMap(values.map) } : {}),
      ...(typeof values['base-url'] === 'string' ? { baseUrl: values['base-url'] } : {}),
      ...(typeof values['time-zone'] === 'string' ? { timeZone: values['time-zone'] } : {}),
      ...(typeof values.source === 'string' ? { source: values.source } : {}),
      dayFirst: values['day-first'] === true,
      ...(outAbs ? { outAbs } : {}),
      dryRun,
    });
  } catch (e) {
    if (e instanceof ImportError) {
      io.err(`cx import feedback: ${file}: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const { file: out, added, skipped, rejected, columns } = run;
  if (!run.inFeedbackFolder) io.err(`warning: ${out} is not under ${cxDir}/feedback/, where feedback is read from`);
  if (values.json) {
    io.out(JSON.stringify({ file: out, dryRun, columns, added, skipped, rejected }, null, 2));
  } else {
    io.out(`${file}: ${preset} export; columns ${Object.entries(columns).map(([f, c]) => `${f}=${c}`).join(', ')}`);
    io.out(`added    ${added.length} record${added.length === 1 ? '' : 's'}${added.length ? ` ${dryRun ? '(dry run: not written) for' : 'to'} ${out}` : ''}`);
    io.out(`skipped  ${skipped.length} already in the store${skipped.length ? `: ${listed(skipped)}` : ''}`);
    io.out(`rejected ${rejected.length} row${rejected.length === 1 ? '' : 's'}${rejected.length ? ':' : ''}`);
    for (const r of rejected.slice(0, LISTED)) io.out(`  ${file}:${r.line}: ${r.reason}`);
    if (rejected.length > LISTED) io.out(`  … ${rejected.length - LISTED} more (--json lists every one)`);
  }
  return rejected.length ? 1 : 0;
}

/** `cx import codeowners [FILE]`: one component per owner, merged into the components YAML, comments kept. */
async function importCodeownersCommand(values: Values, positionals: string[], io: Io): Promise<number> {
  if (positionals.length > 1) throw new UsageError('give at most one CODEOWNERS FILE');
  for (const o of ['preset', 'map', 'base-url', 'time-zone', 'day-first', 'source', 'out']) {
    if (values[o] !== undefined) throw new UsageError(`--${o} is for cx import feedback`);
  }
  const root = await existingRoot(values, io);
  const cxDir = settingsFrom(values).root;
  // As written on the command line, else where GitHub would find it in the workspace.
  let shown = positionals[0];
  let abs = shown === undefined ? undefined : path.resolve(io.cwd, shown);
  if (!abs) {
    shown = await findCodeowners(root);
    abs = shown === undefined ? undefined : path.join(root, shown);
  }
  if (!abs || shown === undefined) {
    io.err(`cx import codeowners: no CODEOWNERS in ${root} (looked for ${CODEOWNERS_LOCATIONS.join(', ')})`);
    return 2;
  }
  const text = await fs.readFile(abs, 'utf8').catch((e: Error) => {
    throw new UsageError(`cannot read ${shown}: ${e.message}`);
  });
  const dryRun = values['dry-run'] === true;
  let run;
  try {
    run = await runCodeownersImport(root, cxDir, text, dryRun);
  } catch (e) {
    if (e instanceof ComponentsEditError) {
      io.err(`cx import codeowners: cannot update the components: ${e.message}`);
      return 2;
    }
    throw e;
  }
  const { components, problems, merge } = run;
  for (const p of problems) io.err(`${shown}:${p.line}:${p.column}: warning: ${p.message}`);
  if (!components.length) {
    io.err(`cx import codeowners: ${shown} names no owner of any path: nothing to import`);
    return 1;
  }
  if (values.json) {
    io.out(JSON.stringify({ codeowners: shown, dryRun, components, added: merge.added, updated: merge.updated, unchanged: merge.unchanged, problems }, null, 2));
    return 0;
  }
  const byId = new Map(components.map((c) => [c.id, c]));
  const describe = (id: string) => `${id} (${byId.get(id)!.owner}): ${byId.get(id)!.paths.join(' ')}`;
  io.out(`${shown}: ${components.length} owner${components.length === 1 ? '' : 's'}${dryRun ? ' (dry run: nothing written)' : ''}`);
  for (const a of merge.added) io.out(`added     ${describe(a.id)} → ${a.file}`);
  for (const u of merge.updated) io.out(`updated   ${describe(u.id)} → ${u.file}`);
  for (const u of merge.unchanged) io.out(`unchanged ${u.id} (${u.file})`);
  if (merge.added.length) io.out(`\nNext: list the journeys each new component serves (journeys: [checkout/pay]), then run \`cx validate\`.`);
  return 0;
}

/** `cx coverage`: the report in one format, to standard output or atomically to --out; --fail-* make it a gate. */
async function coverageCommand(values: Values, positionals: string[], io: Io): Promise<number> {
  if (positionals.length) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  if (values.json && values.format !== undefined && values.format !== 'json') throw new UsageError(`--json contradicts --format ${values.format}`);
  const format = values.json ? 'json' : typeof values.format === 'string' ? values.format : 'text';
  if (!isCoverageFormat(format)) throw new UsageError(`--format must be one of ${COVERAGE_FORMATS.join(', ')} (got '${format}')`);
  const rawFailUnder = values['fail-under'];
  const failUnder = typeof rawFailUnder === 'string' && /^\d+(\.\d+)?$/.test(rawFailUnder.trim()) ? Number(rawFailUnder) : undefined;
  if (rawFailUnder !== undefined && !(failUnder !== undefined && failUnder <= 100)) throw new UsageError('--fail-under must be a percentage from 0 to 100');
  const since = values.since;
  if (since !== undefined && (typeof since !== 'string' || !since.trim())) throw new UsageError('--since needs a git revision, e.g. --since origin/main');
  const filter: CoverageFilter = {};
  for (const key of ['journey', 'owner', 'folder'] as const) {
    const v = values[key];
    if (v === undefined) continue;
    if (typeof v !== 'string' || !v.trim()) throw new UsageError(`--${key} must not be empty`);
    filter[key] = v.trim();
  }
  const ws = await load(values, io);
  // SOURCE_DATE_EPOCH (reproducible builds) pins the report's date, so the same commit gives the same file.
  const epoch = process.env.SOURCE_DATE_EPOCH;
  const generatedAt = epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : undefined;
  const whole = computeCoverage(ws.index, generatedAt ? { generatedAt } : {});
  let report = Object.keys(filter).length ? filterCoverage(whole, filter) : whole;
  if (typeof since === 'string') {
    let changed: string[];
    try {
      changed = await gitChangedFiles(ws.root, since.trim());
    } catch (e) {
      if (e instanceof GitChangesError) {
        io.err(`cx coverage: ${e.message}`);
        return 2;
      }
      throw e;
    }
    report = { ...report, changes: coverageChanges(report, since.trim(), changed, new Set(whole.perFile.map((f) => f.path))) };
  }
  const text = coverageFile(report, format);
  if (typeof values.out === 'string') {
    await writeFileAtomic(path.resolve(io.cwd, values.out), text);
    io.err(`wrote ${values.out}`);
  } else io.out(text.slice(0, -1));
  let code = 0;
  const share = report.files.share * 100;
  if (failUnder !== undefined && share < failUnder) {
    io.err(`coverage ${share.toFixed(1)}% is under --fail-under ${failUnder}%`);
    code = 1;
  }
  if (values['fail-on-gaps']) {
    const gaps = coverageGaps(report);
    if (gaps.length) {
      io.err(`${gaps.length} coverage gap${gaps.length === 1 ? '' : 's'} (--fail-on-gaps${report.changes ? ` --since ${report.changes.since}: changed files only` : ''}):`);
      for (const g of gaps) io.err(`  ${g}`);
      code = 1;
    }
  }
  return code;
}

const commands: Record<string, Command> = {
  init: {
    summary: 'scaffold .cx/ with commented examples',
    usage: 'cx init [--root DIR]',
    options: { ...common },
    async run(values, _pos, io) {
      const { written, kept } = await writeScaffold(rootOf(values, io));
      for (const w of written) io.out(`created ${w}`);
      for (const k of kept) io.out(`kept    ${k} (exists)`);
      io.out(written.length ? `\nNext: edit .cx/journeys.yaml and .cx/components.yaml, then run \`cx validate\`.` : 'nothing to do: .cx/ is already set up');
      return 0;
    },
  },

  validate: {
    summary: 'check every .cx/ file and @cx annotation; exit 1 on any error',
    usage: 'cx validate [--root DIR] [--json]',
    options: { ...common, ...json, ...indexOptions },
    async run(values, _pos, io) {
      const ws = await load(values, io);
      const errors = ws.problems.filter((p) => p.severity === 'error').length;
      const warnings = ws.problems.filter((p) => p.severity === 'warning').length;
      if (values.json) io.out(JSON.stringify({ errors, warnings, problems: ws.problems }, null, 2));
      else {
        for (const p of ws.problems) io.out(formatProblem(p));
        io.err(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} in ${ws.cxFiles.length} .cx files and ${ws.sources.length} source files`);
      }
      return errors ? 1 : 0;
    },
  },

  context: {
    summary: "show a file's customer context: journeys, outcomes, metrics, feedback",
    usage: 'cx context FILE [--root DIR] [--json] [--window DAYS] [--now DATE]',
    options: { ...common, ...json, ...indexOptions },
    async run(values, positionals, io) {
      const file = positionals[0];
      if (!file || positionals.length > 1) throw new UsageError('give exactly one FILE');
      const ws = await load(values, io);
      // FILE is relative to the current folder, or else to --root (`cx context src/a.ts --root shop`).
      const candidates = [path.resolve(io.cwd, file), path.resolve(ws.root, file)]
        .map((abs) => path.relative(ws.root, abs).split(path.sep).join('/'))
        .filter((rel) => rel && !rel.startsWith('../') && rel !== '..' && !path.isAbsolute(rel));
      let rel: string | undefined;
      for (const c of candidates) {
        if ((await fs.stat(path.join(ws.root, c)).catch(() => undefined))?.isFile()) {
          rel = c;
          break;
        }
      }
      if (!rel) {
        io.err(`cx context: no file ${file} in ${ws.root}`);
        return 2;
      }
      const ctx = ws.index.contextOf(rel);
      io.out(values.json ? JSON.stringify(ctx, null, 2) : formatContext(ctx));
      return 0;
    },
  },

  coverage: {
    summary: 'coverage report: code linked to journeys and the gaps; a CI gate',
    usage: `cx coverage [--root DIR] [--format ${COVERAGE_FORMATS.join('|')}] [--out FILE] [--since REV] [--fail-under PCT] [--fail-on-gaps] [--journey ID] [--owner OWNER] [--folder DIR]`,
    options: {
      ...common, ...json, ...indexOptions, format: { type: 'string' }, out: { type: 'string' }, 'fail-under': { type: 'string' },
      'fail-on-gaps': { type: 'boolean' }, since: { type: 'string' }, journey: { type: 'string' }, owner: { type: 'string' }, folder: { type: 'string' },
    },
    run: coverageCommand,
  },

  tag: tagCommand('add'),

  untag: tagCommand('remove'),

  import: {
    summary: 'import feedback exports (zendesk, intercom, qualtrics, appstore, generic) or CODEOWNERS into .cx/',
    usage: `cx import feedback FILE --preset ${PRESETS.join('|')} [--out FILE.jsonl] [--map FIELD=COLUMN,...] [--base-url URL] [--time-zone ZONE] [--day-first] [--source NAME] [--dry-run] [--json]
       cx import codeowners [FILE] [--dry-run] [--json]`,
    options: {
      ...common, ...json, 'cx-dir': { type: 'string' }, preset: { type: 'string' }, out: { type: 'string' }, map: { type: 'string' },
      'base-url': { type: 'string' }, 'time-zone': { type: 'string' }, 'day-first': { type: 'boolean' }, source: { type: 'string' },
      'dry-run': { type: 'boolean' },
    },
    async run(values, positionals, io) {
      const [what, ...rest] = positionals;
      if (what === 'feedback') return importFeedbackCommand(values, rest, io);
      if (what === 'codeowners') return importCodeownersCommand(values, rest, io);
      throw new UsageError(what ? `cannot import '${what}': say feedback or codeowners` : 'say what to import: feedback FILE, or codeowners [FILE]');
    },
  },
};

function help(io: Io): void {
  io.out('cx — Customer Context on the command line\n');
  io.out('Usage: cx <command> [options]\n');
  for (const [name, c] of Object.entries(commands)) io.out(`  ${name.padEnd(10)} ${c.summary}`);
  io.out('\nEvery command takes --root DIR (default: the current folder). `cx <command> --help` shows its options.');
}

function commandHelp(name: string, c: Command, io: Io): void {
  io.out(`${c.usage}\n\n${c.summary}\n`);
  const describe: Record<string, string> = {
    root: 'the workspace folder (default: current folder)',
    json: 'print data as JSON',
    window: 'days of the built-in feedback metrics window (default 30)',
    now: 'end of the window (default: the day of the newest feedback)',
    'cx-dir': 'folder of the data inside the workspace (default .cx)',
    'max-file-size': 'skip .cx/ files larger than this many megabytes, with a problem (default 50)',
    'max-feedback': 'read at most this many feedback records, with a problem naming the file where it stops (default 2000000)',
    format: name === 'coverage' ? `output format: ${COVERAGE_FORMATS.join(', ')} (default text)` : 'output format',
    out: name === 'import' ? 'the .jsonl file to write (default .cx/feedback/PRESET/YYYY-MM-DD.jsonl)' : 'write the report to FILE instead of standard output',
    'fail-under': 'exit 1 when the share of files linked to a journey is under PCT',
    'fail-on-gaps': 'exit 1 when a journey or step has no code, or a file has negative feedback and no journey (with --since: changed files only)',
    since: 'also report the files changed since REV (git diff REV...HEAD, plus staged, unstaged and untracked files)',
    journey: 'only the files serving this journey',
    owner: "only the files of this owner's components",
    folder: 'only the files under this folder',
    help: 'show this help',
    by: 'who decided (default: git config user.email in the workspace)',
    preset: `the export's tool: ${PRESETS.join(', ')}`,
    map: 'columns for fields, e.g. id=Ticket,date=Created,text=Body (nps=, csat=, rating= for scores)',
    'base-url': 'link each record to the original: {id} is replaced, or the id is appended',
    'time-zone': 'zone of export times without an offset: IANA name or +hh:mm (default UTC)',
    'day-first': 'read 01/02/2026 as 1 February (default: month first)',
    source: "every record's source (default: the preset)",
    'dry-run': 'show what would be written, write nothing',
  };
  for (const key of Object.keys(c.options)) io.out(`  --${key.padEnd(12)} ${describe[key] ?? ''}`);
  void name;
}

/** Runs the CLI; returns the exit code instead of exiting, so tests can call it in-process too. */
export async function runCli(argv: string[], io: Io): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    help(io);
    return name ? 0 : 2;
  }
  if (name === '--version') {
    io.out('0.1.0');
    return 0;
  }
  const command = commands[name];
  if (!command) {
    io.err(`cx: unknown command '${name}'. Commands: ${Object.keys(commands).join(', ')}`);
    return 2;
  }
  try {
    const { values, positionals } = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
    if (values.help) {
      commandHelp(name, command, io);
      return 0;
    }
    return await command.run(values as Record<string, string | boolean | undefined>, positionals, io);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`cx ${name}: ${(e as Error).message}\nusage: ${command.usage}`);
      return 2;
    }
    io.err(`cx ${name}: ${(e as Error).stack ?? String(e)}`);
    return 2;
  }
}

/** The process entry point, called by `bin/cx.js`. */
export function main(): void {
  const io: Io = { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`), cwd: process.cwd() };
  runCli(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}
