import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
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
