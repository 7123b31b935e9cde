/**
 * Bad input (SPEC §6): every input of test/robust/inputs.ts goes through the core loaders (in process), the CLI
 * (`cx validate`, `cx context`, `cx coverage`, spawned on workspaces holding them) and the language server (its first
 * index of those workspaces, then each file opened over LSP). Nothing throws or dies; every problem lies inside the
 * file it names; the valid records beside a bad one still load. Extends test/unit/fuzz.test.ts (a quick version
 * of the core part) to every input kind, the CLI and the server.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { combineCxFiles, parseCxFile } from '../../src/core/cxData';
import type { CxFile } from '../../src/core/cxData';
import { CxIndex } from '../../src/core/cxIndex';
import { sourceFileOf, stripBom } from '../../src/core/diskWorkspace';
import type { Problem } from '../../src/core/problems';
import { ensureServerBuilt, LspClient, REPO, uriOf } from '../unit/server/harness';
import { cxKind, fuzzPath, generateInputs, KINDS, VALID_DIR, VALID_FILE, validText } from './inputs';
import type { Input } from './inputs';
import { Lines, outside, preview } from './located';
import { COUNT, record, rng, SEED } from './tally';

/** The `cx` command as installed: bin/cx.js runs the bundle dist/cli.js. */
const CLI = path.join(REPO, 'bin', 'cx.js');

/** The valid corpus, parsed once. */
function validFiles(): CxFile[] {
  return KINDS.filter((k) => k !== 'source').map((k) => parseCxFile(VALID_FILE[k], cxKind(k)!, validText(k)));
}

/** Loads one input with the valid corpus around it, as a workspace would. Returns the problems and their files' texts. */
function loadInCore(input: Input, valid: CxFile[]): { problems: Problem[]; texts: Map<string, string> } {
  const rel = fuzzPath(input.kind, 0);
  const text = stripBom(input.bytes.toString('utf8'));
  const texts = new Map(KINDS.map((k) => [VALID_FILE[k], validText(k)]));
  texts.set(rel, text);
  const kind = cxKind(input.kind);
  const files = kind ? [...valid.filter((f) => f.path !== rel), parseCxFile(rel, kind, text)] : valid;
  const sources = [sourceFileOf(VALID_FILE.source, validText('source'))];
  if (!kind) sources.push(sourceFileOf(rel, text));
  const data = combineCxFiles(files);
  const index = new CxIndex(data, sources, { windowDays: 30 });
  // Queries over the loaded data must not throw either.
  index.contextOf(VALID_FILE.source);
  if (!kind) index.contextOf(rel);
  index.queryFeedback({ limit: 10, offset: 0, sort: 'negative' } as Parameters<CxIndex['queryFeedback']>[0]);
  return { problems: [...data.problems, ...index.problems], texts };
}

function run(argv: string[]): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('close', (code, signal) => resolve({ code, signal, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
  });
}

/** Splits the inputs into `n` workspaces; each gets one tags log (the others are opened over LSP only). */
function batches(inputs: readonly Input[], n: number): Input[][] {
  const out: Input[][] = Array.from({ length: n }, () => []);
  inputs.forEach((input, i) => out[i % n]!.push(input));
  return out;
}

/** A workspace: the valid corpus plus the batch's inputs; returns the folder and where each input went. */
function writeWorkspace(batch: readonly Input[]): { root: string; placed: Map<string, Input>; tagInputs: Input[] } {
  const root = mkdtempSync(path.join(tmpdir(), 'cx-robust-fuzz-'));
  for (const k of KINDS) {
    mkdirSync(path.dirname(path.join(root, VALID_FILE[k])), { recursive: true });
    writeFileSync(path.join(root, VALID_FILE[k]), readFileSync(path.join(VALID_DIR, VALID_FILE[k])));
  }
  for (const d of ['.cx/journeys', '.cx/components']) mkdirSync(path.join(root, d), { recursive: true });
  const placed = new Map<string, Input>();
  const tagInputs: Input[] = [];
  batch.forEach((input, n) => {
    if (input.kind === 'tags') {
      tagInputs.push(input);
      if (tagInputs.length > 1) return;
    }
    const rel = fuzzPath(input.kind, n);
    writeFileSync(path.join(root, rel), input.bytes);
    placed.set(rel, input);
  });
  return { root, placed, tagInputs };
}

/** The text a located problem of `rel` is measured against: the file's, without a BOM (as loaders and editors see it). */
function diskText(root: string, rel: string): string | undefined {
  const full = path.join(root, rel);
  return existsSync(full) ? stripBom(readFileSync(full, 'utf8')) : undefined;
}

describe(`bad input: every .cx/ file kind and @cx sources (count ${COUNT}, seed ${SEED})`, function () {
  this.timeout(600_000);
  const inputs = generateInputs(COUNT, rng(SEED));
  const batchCount = Math.max(2, Math.ceil(COUNT / 6));
  before(() => ensureServerBuilt());

  it(`core loaders: ${inputs.length} inputs load without throwing, with located problems`, () => {
    const valid = validFiles();
    let crashes = 0;
    let unlocated = 0;
    const failures: string[] = [];
    for (const input of inputs) {
      try {
        const { problems, texts } = loadInCore(input, valid);
        const lines = new Lines((f) => texts.get(f));
        for (const p of problems) {
          const why = p.message ? outside(lines.of(p.file), p.range) : 'has no message';
          if (why) {
            unlocated++;
            failures.push(`${input.kind} ${input.how}: problem ${p.file}:${p.range.start.line + 1}:${p.range.start.character + 1} ${why} (${p.message.slice(0, 120)}) on ${preview(input.bytes)}`);
          }
        }
      } catch (e) {
        crashes++;
        failures.push(`${input.kind} ${input.how}: threw ${(e as Error).stack?.slice(0, 600)} on ${preview(input.bytes)}`);
      }
    }
    record({ inputs: inputs.length, crashes, unlocated });
    assert.deepEqual(failures.slice(0, 10), [], `${failures.length} failures`);
  });

  it('core loaders: the valid records beside a bad line or entry still load', () => {
    const next = rng(SEED + 1);
    const garbage = inputs.filter((i) => i.how.startsWith('mutate') || i.how.startsWith('random') || i.how.startsWith('corpus'));
    let tried = 0;
    let lost = 0;
    const failures: string[] = [];
    const lineKinds = ['feedback-jsonl', 'feedback-csv', 'tags', 'metrics'] as const;
    for (const kind of lineKinds) {
      const rel = VALID_FILE[kind];
      const valid = validText(kind);
      const expected = parseCxFile(rel, cxKind(kind)!, valid);
      const want = [...expected.feedback, ...expected.tags, ...expected.metrics].map((r) => JSON.stringify(r.value));
      // Records of the CSV feedback span two lines: insert bad rows between records, never inside one.
      const lines = valid.split('\n');
      const cut = kind === 'feedback-csv' ? 4 : 1 + Math.floor(lines.length / 2);
      for (const g of garbage) {
        // One bad line: no line break; in CSV no quote (an open quote rightly runs on to the end of the file).
        let bad = g.bytes.toString('utf8').replace(/[\r\n\u2028\u2029]/g, ' ');
        if (kind === 'feedback-csv' || kind === 'metrics') bad = bad.replace(/"/g, "'");
        const at = kind === 'feedback-csv' ? cut : Math.min(cut, Math.max(1, Math.floor(next() * lines.length)));
        const text = [...lines.slice(0, at), bad, ...lines.slice(at)].join('\n');
        const got = parseCxFile(rel, cxKind(kind)!, text);
        const have = new Set([...got.feedback, ...got.tags, ...got.metrics].map((r) => JSON.stringify(r.value)));
        tried++;
        const missing = want.filter((w) => !have.has(w));
        if (missing.length) {
          lost += missing.length;
          failures.push(`${kind}: a bad line ${preview(bad)} lost ${missing.join(' ')}`);
        }
      }
    }
    // YAML: entries that break the schema are reported and skipped, the others load.
    const badEntries = ['  - id: 5\n    name: [x]\n', '  - id: Bad Id!\n    name: x\n', '  - just a string\n', '  - {}\n', '  - id: ok-but\n    steps: 7\n'];
    for (const [kind, list, ids] of [['journeys', 'journeys', ['checkout', 'refunds']], ['components', 'components', ['payments-api', 'web']]] as const) {
      for (const entry of badEntries) {
        const text = validText(kind).replace(`${list}:\n`, `${list}:\n${entry}`);
        const got = parseCxFile(VALID_FILE[kind], kind, text);
        const have = new Set(kind === 'journeys' ? got.journeys.map((j) => j.journey.id) : got.components.map((c) => c.component.id));
        tried++;
        const missing = ids.filter((id) => !have.has(id));
        if (missing.length) {
          lost += missing.length;
          failures.push(`${kind}: a bad entry ${preview(entry)} lost ${missing.join(', ')}`);
        }
        assert.ok(got.problems.length > 0, `${kind}: ${preview(entry)} is reported`);
      }
    }
    record({ inputs: tried, lostRecords: lost });
    assert.deepEqual(failures.slice(0, 10), [], `${failures.length} failures`);
  });

  it(`CLI (cx validate, context, coverage): ${batchCount} workspaces holding every input exit 0 or 1, with located problems`, async () => {
    let crashes = 0;
    let unlocated = 0;
    let tried = 0;
    const failures: string[] = [];
    for (const batch of batches(inputs, batchCount)) {
      const { root, placed } = writeWorkspace(batch);
      try {
        tried += placed.size;
        const validate = await run(['validate', '--json', '--root', root]);
        const context = await run(['context', VALID_FILE.source, '--json', '--root', root]);
        const coverage = await run(['coverage', '--json', '--root', root]);
        for (const [name, r, codes] of [['validate', validate, [0, 1]], ['context', context, [0]], ['coverage', coverage, [0, 1]]] as const) {
          if (!(codes as readonly (number | null)[]).includes(r.code) || /\n\s+at /.test(r.stderr)) {
            crashes++;
            failures.push(`cx ${name} exited ${r.code ?? r.signal}: ${r.stderr.slice(0, 800)}`);
          }
        }
        const json = <T>(name: string, r: { stdout: string; stderr: string }): T | undefined => {
          try {
            return JSON.parse(r.stdout) as T;
          } catch (e) {
            crashes++;
            failures.push(`cx ${name} printed no JSON (${(e as Error).message}): ${r.stderr.slice(0, 800)}`);
            return undefined;
          }
        };
        const problems = json<{ problems: Problem[] }>('validate', validate)?.problems ?? [];
        const lines = new Lines((f) => diskText(root, f));
        for (const p of problems) {
          const why = outside(lines.of(p.file), p.range);
          if (why) {
            unlocated++;
            failures.push(`cx validate: ${p.file}:${p.range.start.line + 1}:${p.range.start.character + 1} ${why} (${placed.get(p.file)?.how ?? 'valid corpus'})`);
          }
        }
        // The valid file beside them still has its context: its annotations resolve.
        const ctx = json<{ refs: { ref: string }[] }>('context', context);
        const refs = new Set(ctx?.refs.map((r) => r.ref));
        for (const ref of ['checkout/pay', 'refunds']) if (!refs.has(ref)) failures.push(`cx context ${VALID_FILE.source}: lost ${ref}`);
        json('coverage', coverage);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    }
    record({ inputs: tried, crashes, unlocated });
    assert.deepEqual(failures.slice(0, 10), [], `${failures.length} failures`);
  });

  it('language server: indexes those workspaces, then every input opened over LSP, and stays up with located diagnostics', async () => {
    let crashes = 0;
    let unlocated = 0;
    let tried = 0;
    const failures: string[] = [];
    for (const batch of batches(inputs, batchCount)) {
      const { root, placed, tagInputs } = writeWorkspace(batch);
      const client = await LspClient.start({ folders: [root] });
      const sourceUri = uriOf(path.join(root, VALID_FILE.source));
      /** Every diagnostic published so far must lie inside its file's current text. */
      const check = (texts: Map<string, string>, how: (rel: string) => string) => {
        const lines = new Lines((rel) => texts.get(rel) ?? diskText(root, rel));
        for (const [uri, diagnostics] of client.diagnostics) {
          const rel = path.relative(root, new URL(uri).pathname).split(path.sep).join('/');
          for (const d of diagnostics) {
            const why = outside(lines.of(rel), d.range);
            if (why) {
              unlocated++;
              failures.push(`server: ${rel}:${d.range.start.line + 1}:${d.range.start.character + 1} ${why} (${how(rel)}: ${String(d.message).slice(0, 120)})`);
            }
          }
        }
      };
      try {
        // The first index, from disk.
        await client.request('customerContext/fileContext', { uri: sourceUri });
        tried += placed.size;
        check(new Map(), (rel) => placed.get(rel)?.how ?? 'valid corpus');
        // Every file opened in the editor, as its text (the editor's copy wins over the disk).
        const open = new Map<string, string>();
        for (const [rel, input] of placed) {
          await client.open(path.join(root, rel));
          open.set(rel, stripBom(input.bytes.toString('utf8')));
        }
        const ctx = await client.request<{ refs: { ref: string }[] } | null>('customerContext/fileContext', { uri: sourceUri });
        tried += placed.size;
        check(open, (rel) => `open ${placed.get(rel)?.how ?? 'valid corpus'}`);
        if (!ctx?.refs.some((r) => r.ref === 'checkout/pay')) failures.push('server: the valid source lost its context');
        // The tags log, one input after another.
        const tagsUri = uriOf(path.join(root, VALID_FILE.tags));
        for (const input of tagInputs.slice(1)) {
          const text = input.bytes.toString('utf8');
          await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: tagsUri, languageId: 'jsonl', version: 1, text } });
          await client.request('customerContext/fileContext', { uri: sourceUri });
          tried++;
          check(new Map([...open, [VALID_FILE.tags, stripBom(text)]]), () => `open tags ${input.how}`);
          await client.close(tagsUri);
        }
        const bad = client.logs.filter((l) => /uncaught|unhandled|failed/i.test(l));
        if (!client.alive || bad.length) {
          crashes++;
          failures.push(`server ${client.alive ? 'logged' : 'died'}: ${bad.join('\n').slice(0, 800)}`);
        }
        await client.stop();
      } catch (e) {
        crashes++;
        failures.push(`server: ${(e as Error).message.slice(0, 800)}`);
      } finally {
        if (client.alive) await client.stop().catch(() => undefined);
        rmSync(root, { recursive: true, force: true });
      }
    }
    record({ inputs: tried, crashes, unlocated });
    assert.deepEqual(failures.slice(0, 10), [], `${failures.length} failures`);
  });
});
