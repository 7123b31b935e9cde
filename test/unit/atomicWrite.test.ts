/** Whole-file writes by temp file + rename, create-if-absent, and appends of whole lines. */
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { appendLines, createFileAtomic, ensureLine, writeFileAtomic } from '../../src/core/atomicWrite';

describe('atomic writes', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cx-write-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writeFileAtomic replaces a file, creating its folder, and leaves no temp file', async () => {
    const file = path.join(dir, 'a', 'b.yaml');
    await writeFileAtomic(file, 'one\n');
    await writeFileAtomic(file, 'two\n');
    assert.equal(readFileSync(file, 'utf8'), 'two\n');
    assert.deepEqual(readdirSync(path.dirname(file)), ['b.yaml']);
  });

  it('createFileAtomic creates once and never replaces', async () => {
    const file = path.join(dir, 'f.jsonl');
    assert.equal(await createFileAtomic(file, 'first\n'), true);
    assert.equal(await createFileAtomic(file, 'second\n'), false);
    assert.equal(readFileSync(file, 'utf8'), 'first\n');
    assert.deepEqual(readdirSync(dir), ['f.jsonl']);
  });

  it('appendLines adds whole lines, closing an open last line first', async () => {
    const file = path.join(dir, 'log.jsonl');
    await appendLines(file, ['a']);
    await appendLines(file, []);
    writeFileSync(file, 'a\nb', { flag: 'w' });
    await appendLines(file, ['c', 'd']);
    assert.equal(readFileSync(file, 'utf8'), 'a\nb\nc\nd\n');
    await assert.rejects(appendLines(file, ['e\nf']), /line break/);
    assert.equal(readFileSync(file, 'utf8'), 'a\nb\nc\nd\n');
  });

  it('ensureLine adds a line once', async () => {
    const file = path.join(dir, '.gitattributes');
    assert.equal(await ensureLine(file, 'tags.jsonl merge=union'), true);
    assert.equal(await ensureLine(file, 'tags.jsonl merge=union'), false);
    writeFileSync(file, '*.csv text\r\ntags.jsonl merge=union\r\n');
    assert.equal(await ensureLine(file, 'tags.jsonl merge=union'), false);
  });
});
