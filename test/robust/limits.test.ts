/**
 * Limits (SPEC §6): a `.cx/` file over `customerContext.limits.maxFileSizeMB` is not read and a record count over
 * `customerContext.limits.maxFeedbackRecords` is cut, each with a problem at line 1, column 1 naming the file; the
 * rest loads. In the core, the CLI (flags, and in a 64 MB heap a 80 MB file is skipped, not an out-of-memory crash)
 * and the language server (settings).
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadDiskWorkspace } from '../../src/core/diskWorkspace';
import type { Problem } from '../../src/core/problems';
import { ensureServerBuilt, LspClient, REPO, uriOf } from '../unit/server/harness';
import { record } from './tally';

const MB = 1024 * 1024;

function line(i: number): string {
  return JSON.stringify({ id: `R-${i}`, date: '2026-11-02', text: `record ${i} ${'x'.repeat(200)}` });
}

/** A workspace with a 1.5 MB feedback file, a small one and a journey. */
function workspace(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'cx-robust-limits-'));
  mkdirSync(path.join(root, '.cx', 'feedback'), { recursive: true });
  writeFileSync(path.join(root, '.cx', 'journeys.yaml'), 'journeys:\n  - id: checkout\n    name: Checkout\n');
  const big: string[] = [];
  for (let i = 0, size = 0; size < 1.5 * MB; i++) {
    big.push(line(i));
    size += big[i]!.length + 1;
  }
  writeFileSync(path.join(root, '.cx', 'feedback', 'big.jsonl'), `${big.join('\n')}\n`);
  writeFileSync(path.join(root, '.cx', 'feedback', 'small.jsonl'), `${Array.from({ length: 10 }, (_, i) => line(100_000 + i)).join('\n')}\n`);
  return root;
}

function atFirstLine(p: Problem | undefined, file: string): void {
  assert.ok(p, `a problem for ${file}`);
  assert.equal(p.file, file);
  assert.deepEqual(p.range.start, { line: 0, character: 0 });
  assert.match(p.message, new RegExp(file.replace(/\./g, '\\.')));
}

describe('limits: a file or record count over the configured cap is a clear problem, never a crash', function () {
  this.timeout(300_000);
  let root: string;
  before(() => {
    ensureServerBuilt();
    root = workspace();
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('core: a file over maxFileSizeMB is skipped with a problem at 1:1 naming it; the rest loads', async () => {
    const ws = await loadDiskWorkspace(root, { root: '.cx', window: 30, 'limits.maxFileSizeMB': 1 });
    const p = ws.problems.find((q) => q.code === 'too-large');
    atFirstLine(p, '.cx/feedback/big.jsonl');
    assert.match(p!.message, /1\.5 MB, over the limit of 1\.0 MB \(setting customerContext\.limits\.maxFileSizeMB/);
    assert.equal(ws.data.feedback.length, 10, 'the small file still loads');
    assert.deepEqual(ws.index.journeyList().map((j) => j.journey.id), ['checkout']);
    record({ inputs: 1 });
  });

  it('core: past maxFeedbackRecords the rest are skipped, with a problem at 1:1 of the file where it stops', async () => {
    const ws = await loadDiskWorkspace(root, { root: '.cx', window: 30, 'limits.maxFeedbackRecords': 100 });
    assert.equal(ws.data.feedback.length, 100);
    const p = ws.problems.filter((q) => q.code === 'too-large');
    assert.equal(p.length, 2, 'one problem in each file that lost records');
    atFirstLine(p[0], '.cx/feedback/big.jsonl');
    assert.match(p[0]!.message, /feedback records skipped: the workspace is limited to 100/);
    atFirstLine(p[1], '.cx/feedback/small.jsonl');
    record({ inputs: 1 });
  });

  it('cx validate: --max-file-size and --max-feedback; and with a 64 MB heap an 80 MB file is skipped, not a crash', () => {
    const cx = (args: string[], node: string[] = []) => spawnSync(process.execPath, [...node, path.join(REPO, 'bin', 'cx.js'), ...args], { encoding: 'utf8', maxBuffer: 64 * MB });
    const small = cx(['validate', '--json', '--max-file-size', '1', '--root', root]);
    assert.equal(small.status, 1, small.stderr);
    atFirstLine((JSON.parse(small.stdout) as { problems: Problem[] }).problems.find((q) => q.code === 'too-large'), '.cx/feedback/big.jsonl');
    const capped = cx(['validate', '--json', '--max-feedback', '5', '--root', root]);
    assert.equal((JSON.parse(capped.stdout) as { problems: Problem[] }).problems.filter((q) => q.code === 'too-large').length, 2);
    assert.equal(cx(['validate', '--max-feedback', '0', '--root', root]).status, 2, 'a bad flag is a usage error');

    const huge = path.join(root, '.cx', 'feedback', 'huge.jsonl');
    writeFileSync(huge, Buffer.alloc(80 * MB, 0x20));
    try {
      const r = cx(['validate', '--json', '--root', root], ['--max-old-space-size=64']);
      assert.equal(r.status, 1, `exit ${r.status} ${r.signal}: ${r.stderr.slice(0, 500)}`);
      atFirstLine((JSON.parse(r.stdout) as { problems: Problem[] }).problems.find((q) => q.file === '.cx/feedback/huge.jsonl'), '.cx/feedback/huge.jsonl');
      record({ inputs: 3, crashes: r.status === 1 ? 0 : 1 });
    } finally {
      rmSync(huge);
    }
  });

  it('language server: the settings apply, the problem is a diagnostic at 1:1 of the file', async () => {
    const client = await LspClient.start({ folders: [root], settings: { root: '.cx', window: 30, 'limits.maxFileSizeMB': 1 } });
    try {
      const uri = uriOf(path.join(root, '.cx', 'feedback', 'big.jsonl'));
      const [d] = await client.diagnosticsOf(uri, (ds) => ds.length > 0);
      assert.deepEqual(d!.range.start, { line: 0, character: 0 });
      assert.match(String(d!.message), /big\.jsonl is 1\.5 MB, over the limit of 1\.0 MB/);
      record({ inputs: 1 });
    } finally {
      await client.stop();
    }
  });
});
