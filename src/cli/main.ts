/**
 * `cx`: the core for CI and for people without the editor (SPEC §5). Exit codes: 0 done, 1 the check failed
 * (errors found, coverage under the threshold), 2 the command was used wrongly or could not run.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { computeCoverage } from '../core/coverage';
import { loadDiskWorkspace } from '../core/diskWorkspace';
import { formatProblem } from '../core/problems';
import { DEFAULT_SETTINGS, Settings } from '../core/settings';
import { formatContext, formatCoverageMarkdown, formatCoverageText } from './format';
import { GITATTRIBUTES_LINE, SCAFFOLD } from './scaffold';

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
  return parsed.data;
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

const indexOptions: Options = { window: { type: 'string' }, now: { type: 'string' }, 'cx-dir': { type: 'string' } };

const commands: Record<string, Command> = {
  init: {
    summary: 'scaffold .cx/ with commented examples',
    usage: 'cx init [--root DIR]',
    options: { ...common },
    async run(values, _pos, io) {
      const root = rootOf(values, io);
      const cx = path.join(root, '.cx');
      const written: string[] = [];
      const kept: string[] = [];
      for (const [rel, content] of Object.entries(SCAFFOLD)) {
        const file = path.join(cx, rel);
        await fs.mkdir(path.dirname(file), { recursive: true });
        try {
          await fs.writeFile(file, content, { flag: 'wx' });
          written.push(`.cx/${rel}`);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
          kept.push(`.cx/${rel}`);
        }
      }
      const attributes = path.join(cx, '.gitattributes');
      const existing = await fs.readFile(attributes, 'utf8').catch(() => '');
      if (!existing.split(/\r?\n/).includes(GITATTRIBUTES_LINE)) {
        await fs.appendFile(attributes, `${existing && !existing.endsWith('\n') ? '\n' : ''}${GITATTRIBUTES_LINE}\n`);
        written.push('.cx/.gitattributes');
      }
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
    summary: 'coverage report: code linked to journeys and the gaps',
    usage: 'cx coverage [--root DIR] [--format text|md|json] [--out FILE] [--fail-under PCT]',
    options: { ...common, ...json, ...indexOptions, format: { type: 'string' }, out: { type: 'string' }, 'fail-under': { type: 'string' } },
    async run(values, _pos, io) {
      const format = values.json ? 'json' : typeof values.format === 'string' ? values.format : 'text';
      if (!['text', 'md', 'json'].includes(format)) throw new UsageError(`--format must be text, md or json (got '${format}')`);
      const failUnder = values['fail-under'] === undefined ? undefined : Number(values['fail-under']);
      if (failUnder !== undefined && !(failUnder >= 0 && failUnder <= 100)) throw new UsageError('--fail-under must be a percentage from 0 to 100');
      const ws = await load(values, io);
      const report = computeCoverage(ws.index);
      const text = format === 'json' ? JSON.stringify(report, null, 2) : format === 'md' ? formatCoverageMarkdown(report) : formatCoverageText(report);
      if (typeof values.out === 'string') {
        const out = path.resolve(io.cwd, values.out);
        const tmp = `${out}.${process.pid}.tmp`;
        await fs.writeFile(tmp, `${text}\n`);
        await fs.rename(tmp, out);
        io.err(`wrote ${values.out}`);
      } else io.out(text);
      const share = report.files.share * 100;
      if (failUnder !== undefined && share < failUnder) {
        io.err(`coverage ${share.toFixed(1)}% is under --fail-under ${failUnder}%`);
        return 1;
      }
      return 0;
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
    format: 'output format',
    out: 'write the report to FILE instead of standard output',
    'fail-under': 'exit 1 when the share of files linked to a journey is under PCT',
    help: 'show this help',
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
