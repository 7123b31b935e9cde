/**
 * Crashes and concurrent writers (SPEC §6), on copies of examples/acme-shop: the language server killed mid-index
 * many times writes nothing; `cx tag` and `cx import feedback` killed mid-write never leave half a file; writers
 * running at once lose no record or decision; a `.cx/` replaced underneath (a git checkout) is picked up by the
 * running server without a reload; the restart policy tells the user once.
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FileChangeType } from 'vscode-languageserver/node';
import { loadDiskWorkspace } from '../../src/core/diskWorkspace';
import { RestartPolicy } from '../../src/extension/restartPolicy';
import { ensureServerBuilt, LspClient, REPO, SERVER, uriOf } from '../unit/server/harness';
import { COUNT, record, rng, SEED } from './tally';

const CX = path.join(REPO, 'bin', 'cx.js');

function copyAcme(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cx-robust-crash-'));
  const root = path.join(dir, 'acme-shop');
  cpSync(path.join(REPO, 'examples', 'acme-shop'), root, { recursive: true });
  return root;
}

/** Every file under `dir` (workspace-relative) with its bytes. */
function snapshot(dir: string, rel = ''): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const e of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) for (const [k, v] of snapshot(dir, r)) out.set(k, v);
    else out.set(r, readFileSync(path.join(dir, r)));
  }
  return out;
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

function cx(args: string[]): ChildProcess {
  return spawn(process.execPath, [CX, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

async function cxOk(args: string[]): Promise<void> {
  const child = cx(args);
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const code = await exited(child);
  assert.equal(code, 0, `cx ${args.join(' ')}: ${err}`);
}

/** Why `after` is not `before` plus whole valid JSON lines (an append-only file), or undefined. */
function notWholeAppend(before: Buffer | undefined, after: Buffer | undefined): string | undefined {
  if (!after) return before ? 'the file disappeared' : undefined;
  const old = before ?? Buffer.alloc(0);
  if (!after.subarray(0, old.length).equals(old)) return 'the existing bytes changed';
  const added = after.subarray(old.length).toString('utf8');
  if (added && !added.endsWith('\n')) return `half a line was appended: ${JSON.stringify(added.slice(-80))}`;
  for (const line of added.split('\n').filter((l) => l.trim())) {
    try {
      JSON.parse(line);
    } catch {
      return `a broken line was appended: ${JSON.stringify(line.slice(0, 80))}`;
    }
  }
  return undefined;
}

/** A generic feedback export of `n` records with ids PREFIX-0…; returns its path. */
function exportFile(dir: string, prefix: string, n: number): string {
  const file = path.join(dir, `${prefix}.jsonl`);
  const lines = Array.from({ length: n }, (_, i) => JSON.stringify({ id: `${prefix}-${i}`, date: '2026-11-02', text: `record ${i} of ${prefix}`, source: 'robust' }));
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe(`crashes and concurrent writers on examples/acme-shop (count ${COUNT}, seed ${SEED})`, function () {
  this.timeout(600_000);
  before(() => ensureServerBuilt());
  const next = rng(SEED + 7);

  it(`the language server killed at random moments of its first index (${Math.max(4, Math.ceil(COUNT / 2))} times) writes nothing`, async () => {
    const root = copyAcme();
    try {
      const before = snapshot(root);
      const kills = Math.max(4, Math.ceil(COUNT / 2));
      let changed = 0;
      for (let k = 0; k < kills; k++) {
        const proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'ignore', 'ignore'] });
        const send = (m: object) => {
          const body = JSON.stringify({ jsonrpc: '2.0', ...m });
          proc.stdin!.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
        };
        proc.stdin!.on('error', () => undefined);
        send({ id: 1, method: 'initialize', params: { processId: process.pid, rootUri: uriOf(root), workspaceFolders: [{ uri: uriOf(root), name: 'acme-shop' }], capabilities: {} } });
        send({ method: 'initialized', params: {} });
        // An unsaved edit of a .cx file in the editor: the server must not write it either.
        const journeys = path.join(root, '.cx', 'journeys.yaml');
        send({ method: 'textDocument/didOpen', params: { textDocument: { uri: uriOf(journeys), languageId: 'yaml', version: 1, text: 'journeys:\n  - id: half\n' } } });
        await new Promise((resolve) => setTimeout(resolve, Math.floor(next() * 600)));
        proc.kill('SIGKILL');
        await exited(proc);
      }
      const after = snapshot(root);
      for (const [rel, bytes] of before) if (!after.get(rel)?.equals(bytes)) changed++;
      changed += [...after.keys()].filter((rel) => !before.has(rel)).length;
      record({ kills, halfWritten: changed });
      assert.equal(changed, 0, 'files changed by the server');
    } finally {
      rmSync(path.dirname(root), { recursive: true, force: true, maxRetries: 5 });
    }
  });

  it('the restart policy restarts after each crash and tells the user once', () => {
    const policy = new RestartPolicy();
    const decisions = Array.from({ length: 10 }, (_, i) => policy.crashed(i * policy.periodMs));
    assert.ok(decisions.every((d) => d.restart));
    assert.deepEqual(decisions.map((d) => d.notify), [true, ...Array(9).fill(false)]);
  });

  it('cx tag and cx import feedback killed at random moments never leave half a file', async () => {
    const root = copyAcme();
    const scratch = mkdtempSync(path.join(tmpdir(), 'cx-robust-exports-'));
    try {
      const ws = await loadDiskWorkspace(root, { root: '.cx', window: 30 });
      const ids = [...ws.data.feedback].map((r) => r.value.id);
      const source = [...ws.index.sourceFiles()].find((s) => s.lines > 50)!;
      const tags = path.join(root, '.cx', 'tags.jsonl');
      const kills = Math.max(6, COUNT);
      let broken = 0;
      const problems: string[] = [];
      for (let k = 0; k < kills; k++) {
        const out = path.join(root, '.cx', 'feedback', 'robust', `kill-${k % 3}.jsonl`);
        const beforeTags = existsSync(tags) ? readFileSync(tags) : undefined;
        const beforeOut = existsSync(out) ? readFileSync(out) : undefined;
        const child = k % 2
          ? cx(['tag', ids[k % ids.length]!, `path:${source.path}#${1 + k}-${1 + k}`, '--by', 'robust@acme.example', '--root', root])
          : cx(['import', 'feedback', exportFile(scratch, `KILL${k}`, 2000), '--preset', 'generic', '--root', root, '--out', out]);
        await new Promise((resolve) => setTimeout(resolve, Math.floor(next() * 900)));
        child.kill('SIGKILL');
        await exited(child);
        for (const [file, before] of [[tags, beforeTags], [out, beforeOut]] as const) {
          const why = notWholeAppend(before, existsSync(file) ? readFileSync(file) : undefined);
          if (why) {
            broken++;
            problems.push(`${path.relative(root, file)} after kill ${k}: ${why}`);
          }
        }
      }
      // And the workspace still loads without a syntax problem in any file.
      const after = await loadDiskWorkspace(root, { root: '.cx', window: 30 });
      const syntax = after.problems.filter((p) => p.code === 'jsonl-syntax' || p.code === 'csv-syntax' || p.code === 'yaml-syntax');
      broken += syntax.length;
      record({ kills, halfWritten: broken });
      assert.deepEqual([...problems, ...syntax.map((p) => `${p.file}: ${p.message}`)], []);
    } finally {
      rmSync(path.dirname(root), { recursive: true, force: true, maxRetries: 5 });
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('cx tag (two processes) and cx import feedback (two processes) running at once lose no decision or record', async () => {
    const root = copyAcme();
    const scratch = mkdtempSync(path.join(tmpdir(), 'cx-robust-exports-'));
    try {
      const ws = await loadDiskWorkspace(root, { root: '.cx', window: 30 });
      const ids = [...ws.data.feedback].map((r) => r.value.id);
      const source = [...ws.index.sourceFiles()].find((s) => s.lines > 50)!;
      const rounds = Math.max(3, Math.ceil(COUNT / 4));
      // A different record for every call (each one new), on a line of the file.
      const line = (who: number, i: number) => 1 + ((who * rounds + i) % source.lines);
      const tagger = async (who: number) => {
        for (let i = 0; i < rounds; i++) await cxOk(['tag', ids[(who * rounds + i) % ids.length]!, `path:${source.path}#${line(who, i)}-${line(who, i)}`, '--by', `t${who}@acme.example`, '--root', root]);
      };
      const importer = async (who: number) => {
        for (let i = 0; i < rounds; i++) await cxOk(['import', 'feedback', exportFile(scratch, `CC${who}X${i}`, 50), '--preset', 'generic', '--root', root, '--out', path.join(root, '.cx', 'feedback', 'robust', 'shared.jsonl')]);
      };
      const decisionsBefore = ws.data.tags.length;
      // Every writer runs to its end before anything is checked (a failed one must not race the clean-up).
      const done = await Promise.allSettled([tagger(0), tagger(1), importer(0), importer(1)]);
      for (const d of done) if (d.status === 'rejected') throw d.reason;
      const after = await loadDiskWorkspace(root, { root: '.cx', window: 30 });
      const have = new Set([...after.data.feedback].map((r) => r.value.id));
      const wanted = [0, 1].flatMap((who) => Array.from({ length: rounds }, (_, i) => Array.from({ length: 50 }, (_, j) => `CC${who}X${i}-${j}`)).flat());
      const lostRecords = wanted.filter((id) => !have.has(id)).length;
      const lostDecisions = decisionsBefore + 2 * rounds - after.data.tags.length;
      record({ inputs: wanted.length + 2 * rounds, lostRecords: lostRecords + Math.max(0, lostDecisions) });
      assert.equal(lostRecords, 0, 'imported records lost');
      assert.equal(after.data.tags.length, decisionsBefore + 2 * rounds, 'tag decisions lost');
      assert.deepEqual(after.problems.filter((p) => p.code === 'jsonl-syntax'), []);
    } finally {
      rmSync(path.dirname(root), { recursive: true, force: true, maxRetries: 5 });
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('a .cx/ replaced underneath (files swapped, then the whole folder, as git checkout does) is picked up by the running server', async () => {
    const root = copyAcme();
    const client = await LspClient.start({ folders: [root] });
    try {
      const folder = uriOf(root);
      const outline = () => client.request<{ journeys: { ref: string }[] } | null>('customerContext/outline', { folder });
      const refs = async () => new Set((await outline())?.journeys.map((j) => j.ref));
      assert.ok((await refs()).has('checkout'));
      // 1. A file replaced by rename, as git writes it; the editor's watcher reports it.
      const journeys = path.join(root, '.cx', 'journeys.yaml');
      writeFileSync(`${journeys}.tmp`, 'journeys:\n  - id: switched\n    name: Switched branch\n');
      renameSync(`${journeys}.tmp`, journeys);
      await client.fileEvent(journeys, FileChangeType.Changed);
      let now = await refs();
      assert.ok(now.has('switched') && !now.has('checkout'), `after a file swap: ${[...now].join(', ')}`);
      // 2. The whole folder replaced.
      const other = path.join(path.dirname(root), 'other-cx');
      cpSync(path.join(root, '.cx'), other, { recursive: true });
      writeFileSync(path.join(other, 'journeys.yaml'), 'journeys:\n  - id: other-branch\n    name: Other branch\n');
      rmSync(path.join(root, '.cx'), { recursive: true });
      await client.fileEvent(path.join(root, '.cx'), FileChangeType.Deleted);
      renameSync(other, path.join(root, '.cx'));
      await client.fileEvent(path.join(root, '.cx'), FileChangeType.Created);
      now = await refs();
      assert.ok(now.has('other-branch') && !now.has('switched'), `after a folder swap: ${[...now].join(', ')}`);
      assert.ok(client.alive);
    } finally {
      await client.stop();
      rmSync(path.dirname(root), { recursive: true, force: true, maxRetries: 5 });
    }
  });
});
