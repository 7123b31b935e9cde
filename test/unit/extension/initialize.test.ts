// Initialize Workspace and `cx init` share core/scaffold.ts; the editor passes the customerContext.root setting.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadDiskWorkspace } from '../../../src/core/diskWorkspace';
import { SCAFFOLD, writeScaffold } from '../../../src/core/scaffold';

describe('Initialize Workspace scaffold (core/scaffold.ts)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cx-init-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the commented examples into the configured data folder, which then loads without errors', async () => {
    const { written, kept } = await writeScaffold(dir, 'data/cx');
    assert.deepEqual(written.sort(), [...Object.keys(SCAFFOLD).map((f) => `data/cx/${f}`), 'data/cx/.gitattributes'].sort());
    assert.deepEqual(kept, []);
    assert.match(readFileSync(path.join(dir, 'data/cx/.gitattributes'), 'utf8'), /^tags\.jsonl merge=union$/m);
    const ws = await loadDiskWorkspace(dir, { root: 'data/cx', window: 30 });
    assert.deepEqual(ws.problems.filter((p) => p.severity === 'error'), []);
    assert.deepEqual(ws.index.journeyList().map((j) => j.journey.id), ['checkout']);
  });

  it('never overwrites: a second run keeps every file and adds nothing', async () => {
    await writeScaffold(dir);
    writeFileSync(path.join(dir, '.cx', 'journeys.yaml'), 'journeys: []\n');
    const again = await writeScaffold(dir);
    assert.deepEqual(again.written, []);
    assert.equal(again.kept.length, Object.keys(SCAFFOLD).length);
    assert.equal(readFileSync(path.join(dir, '.cx', 'journeys.yaml'), 'utf8'), 'journeys: []\n');
    assert.equal(readFileSync(path.join(dir, '.cx', '.gitattributes'), 'utf8').match(/merge=union/g)?.length, 1);
  });
});
