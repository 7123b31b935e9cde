import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CxIndex } from '../../../src/core/cxIndex';
import type { SourceFile } from '../../../src/core/cxIndex';
import { FolderIndex } from '../../../src/server/folderIndex';
import type { FolderHost, Snapshot } from '../../../src/server/folderIndex';

/** Each source file's path and the refs of its annotations, by path. */
function sourcesOf(snap: Snapshot | undefined): Record<string, string[]> {
  assert.ok(snap, 'an index');
  const out: Record<string, string[]> = {};
  for (const f of snap.index.sourceFiles() as Iterable<SourceFile>) out[f.path] = f.annotations.flatMap((a) => a.refs.map((r) => r.ref));
  return out;
}

describe('FolderIndex: a snapshot keeps answering as it did while the folder changes', () => {
  it('source edits, deletions and additions after a snapshot leave its files as they were', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cx-folder-'));
    try {
      mkdirSync(path.join(dir, '.cx'));
      mkdirSync(path.join(dir, 'src', 'old'), { recursive: true });
      writeFileSync(path.join(dir, '.cx', 'journeys.yaml'), 'journeys:\n  - id: checkout\n    name: Checkout\n  - id: search\n    name: Search\n');
      writeFileSync(path.join(dir, 'src', 'a.ts'), '// @cx checkout\n');
      writeFileSync(path.join(dir, 'src', 'old', 'b.ts'), '// @cx search\n');
      const open = new Map<string, string>();
      const host: FolderHost = {
        openText: (_f, rel) => open.get(rel),
        openPaths: () => [...open.keys()],
        onIndexed: () => undefined,
        log: { info: () => undefined, warn: () => undefined, error: (m: string) => assert.fail(m) } as unknown as FolderHost['log'],
      };
      const folder = new FolderIndex('file:///t', dir, 't', { root: '.cx', window: 30 } as never, host);
      await folder.reload();
      const first = await folder.ready();
      const before = { 'src/a.ts': ['checkout'], 'src/old/b.ts': ['search'] };
      assert.deepEqual(sourcesOf(first), before);

      // An unsaved edit of a.ts.
      open.set('src/a.ts', '// @cx search\n');
      folder.documentChanged('src/a.ts');
      const edited = await folder.ready();
      assert.deepEqual(sourcesOf(edited), { 'src/a.ts': ['search'], 'src/old/b.ts': ['search'] });
      assert.deepEqual(sourcesOf(first), before, 'the first snapshot after the edit');

      // A folder deleted, a file created.
      rmSync(path.join(dir, 'src', 'old'), { recursive: true });
      folder.fileChanged('src/old', 'deleted');
      writeFileSync(path.join(dir, 'src', 'new.ts'), '// @cx checkout\n');
      folder.fileChanged('src/new.ts', 'created');
      const later = await folder.ready();
      assert.deepEqual(sourcesOf(later), { 'src/a.ts': ['search'], 'src/new.ts': ['checkout'] });
      assert.deepEqual(sourcesOf(edited), { 'src/a.ts': ['search'], 'src/old/b.ts': ['search'] }, 'the edited snapshot after the deletion');
      assert.deepEqual(sourcesOf(first), before, 'the first snapshot at the end');
      folder.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('FolderIndex: the first index is summarized in the background', () => {
  function workspace(): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'cx-summary-'));
    mkdirSync(path.join(dir, '.cx', 'feedback'), { recursive: true });
    mkdirSync(path.join(dir, 'src'));
    const journeys = ['checkout', 'search', 'returns'];
    writeFileSync(
      path.join(dir, '.cx', 'journeys.yaml'),
      `journeys:\n${journeys.map((j) => `  - id: ${j}\n    name: ${j}\n    steps:\n      - id: start\n        name: Start\n`).join('')}`,
    );
    writeFileSync(path.join(dir, '.cx', 'components.yaml'), 'components:\n  - id: web\n    paths: ["/src/"]\n    journeys: [checkout/start]\n');
    const lines = Array.from({ length: 300 }, (_, i) =>
      JSON.stringify({ id: `F-${i}`, date: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}`, text: `about ${i}`, sentiment: i % 3 ? 'negative' : 'positive', links: [i % 2 ? { journey: `${journeys[i % 3]}/start` } : { component: 'web' }] }),
    );
    writeFileSync(path.join(dir, '.cx', 'feedback', 'tickets.jsonl'), `${lines.join('\n')}\n`);
    writeFileSync(path.join(dir, 'src', 'a.ts'), '// @cx search\n');
    return dir;
  }

  function hostLogging(infos: string[], open = new Map<string, string>()): FolderHost {
    return {
      openText: (_f, rel) => open.get(rel),
      openPaths: () => [...open.keys()],
      onIndexed: () => infos.push('(indexed)'),
      log: { info: (m: string) => infos.push(m), warn: () => undefined, error: (m: string) => assert.fail(m) } as unknown as FolderHost['log'],
    };
  }

  it('answers before its summary, which runs after and gives the same answers', async () => {
    const dir = workspace();
    try {
      const infos: string[] = [];
      const folder = new FolderIndex('file:///t', dir, 't', { root: '.cx', window: 3650 } as never, hostLogging(infos));
      await folder.reload();
      const snap = (await folder.ready())!;
      assert.equal(snap.index.summarized, false, 'the index is handed out before its summary');
      const before = snap.index.contextOf('src/a.ts');
      assert.ok(before.refs.some((r) => r.ref === 'checkout/start' && r.stats.current.count > 0), 'the file has feedback through its component');
      await folder.summaryDone();
      assert.equal(snap.index.summarized, true);
      assert.equal(infos.filter((m) => /summarized 6 journeys and steps/.test(m)).length, 1, infos.join('\n'));
      assert.deepEqual(snap.index.contextOf('src/a.ts'), before);
      // Later indexes stay lazy.
      folder.fileChanged('src/a.ts', 'changed');
      writeFileSync(path.join(dir, 'src', 'a.ts'), '// @cx returns\n');
      const next = (await folder.ready())!;
      await folder.summaryDone();
      assert.equal(next.index.summarized, false);
      folder.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('goes on summarizing the first index when edits replace it, then indexes them again from it; stops when disposed', async () => {
    const dir = workspace();
    try {
      const infos: string[] = [];
      const open = new Map<string, string>();
      const folder = new FolderIndex('file:///t', dir, 't', { root: '.cx', window: 3650 } as never, hostLogging(infos, open));
      await folder.reload();
      const first = (await folder.ready())!;
      // Two edits before the summary's first slice: each index answers at once, lazily.
      open.set('src/a.ts', '// @cx returns\n');
      folder.documentChanged('src/a.ts');
      const second = (await folder.ready())!;
      open.set('src/b.ts', '// @cx checkout/start\n');
      folder.documentChanged('src/b.ts');
      const third = (await folder.ready())!;
      assert.ok(second !== first && third !== second);
      assert.equal(third.index.contextOf('src/a.ts').refs[0]?.ref, 'returns');
      const indexed = () => infos.filter((m) => m === '(indexed)').length;
      const indexedBefore = indexed();
      await folder.summaryDone();
      assert.equal(first.index.summarized, true, 'the summary went on with the first index');
      assert.equal(infos.filter((m) => /summarized 6 journeys and steps/.test(m)).length, 1, infos.join('\n'));
      assert.equal(indexed(), indexedBefore + 1, 'indexed again when the summary is done, before any request asks');
      // Then the edits' index is made again from the summarized one, and answers as an index made afresh.
      const fourth = (await folder.ready())!;
      assert.ok(fourth !== third && fourth.version > third.version, 'indexed again once the summary was done');
      const fresh = new CxIndex(fourth.data, [...(fourth.index.sourceFiles() as Iterable<SourceFile>)], { windowDays: 3650 });
      for (const file of ['src/a.ts', 'src/b.ts']) assert.deepEqual(fourth.index.contextOf(file), fresh.contextOf(file), file);
      for (const ref of fresh.allRefs()) assert.deepEqual(fourth.index.refContext(ref), fresh.refContext(ref), ref);
      // What the edits did not touch is carried from the summary, not computed again.
      assert.equal(fourth.index.refContext('search/start').stats, first.index.refContext('search/start').stats, 'carried from the summarized index');
      assert.equal(second.index.summarized, false, 'the indexes in between stay lazy');
      assert.equal(third.index.summarized, false);

      const otherInfos: string[] = [];
      const other = new FolderIndex('file:///u', dir, 'u', { root: '.cx', window: 3650 } as never, hostLogging(otherInfos));
      await other.reload();
      const snap = (await other.ready())!;
      other.dispose();
      await other.summaryDone();
      await new Promise((resolve) => setTimeout(resolve, 50)); // a summary that went on would be done by now
      assert.equal(snap.index.summarized, false, 'a disposed folder stops summarizing');
      assert.deepEqual(otherInfos.filter((m) => /summarized/.test(m)), [], 'and says nothing of a summary');
      folder.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
