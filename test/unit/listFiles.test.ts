import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { listFiles, sourcePathFilter } from '../../src/core/diskWorkspace';

/** Every regular file under `root`, whatever the rules: what the listing chooses from. */
function everyFile(root: string, dir = ''): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = dir ? `${dir}/${e.name}` : e.name;
    return e.isDirectory() ? everyFile(root, rel) : e.isFile() ? [rel] : [];
  });
}

describe('the source files listed (listFiles)', () => {
  it('lists every file but those under dot-folders (dot-files are listed), skipped folders and the root .gitignore, sorted, as the file events filter them', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cx-list-'));
    try {
      const files = [
        'a.ts', 'b-c.ts', 'b/c.ts', 'b/c/d.ts', '.env', 'src/.hidden/x.ts', 'src/x.ts', 'node_modules/m/index.js',
        'deep/node_modules/n.js', 'build/out.js', 'src/build/keep.ts', 'logs/a.log', 'src/z.log', 'src/keep.log',
        'docs/My Notes/é.md', '.git/config', 'z/y/x/w/v/u.ts',
      ];
      // Enough folders that the listing yields to the event loop between them, in several batches.
      for (let i = 0; i < 300; i++) files.push(`many/f${i}/x.ts`);
      for (const rel of files) {
        mkdirSync(path.join(dir, path.dirname(rel)), { recursive: true });
        writeFileSync(path.join(dir, rel), '');
      }
      writeFileSync(path.join(dir, '.gitignore'), '# built\n/build/\n*.log\n!keep.log\n');
      symlinkSync(path.join(dir, 'src'), path.join(dir, 'link'));
      const listed = await listFiles(dir);
      const expected = [
        '.env', '.gitignore', 'a.ts', 'b-c.ts', 'b/c.ts', 'b/c/d.ts', 'docs/My Notes/é.md', ...files.filter((f) => f.startsWith('many/')),
        'src/build/keep.ts', 'src/keep.log', 'src/x.ts', 'z/y/x/w/v/u.ts',
      ];
      assert.deepEqual(listed, [...expected].sort());
      // Sorted as strings are: `b-c.ts` before `b/c.ts`.
      assert.ok(listed.indexOf('b-c.ts') < listed.indexOf('b/c.ts'));
      // The same rules as the filter of file events, over every file there is (`.gitignore` itself included).
      const accepts = await sourcePathFilter(dir);
      assert.deepEqual(everyFile(dir).filter((rel) => accepts(rel)).sort(), listed);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('skips a link to nothing, and lists nothing of a folder that is not there', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cx-list-'));
    try {
      mkdirSync(path.join(dir, 'a'));
      writeFileSync(path.join(dir, 'a/x.ts'), '');
      writeFileSync(path.join(dir, 'y.ts'), '');
      // A link to a folder that is gone: neither a file nor a folder to the listing.
      symlinkSync(path.join(dir, 'gone'), path.join(dir, 'dangling'));
      assert.deepEqual(await listFiles(dir), ['a/x.ts', 'y.ts']);
      assert.deepEqual(await listFiles(path.join(dir, 'missing')), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
