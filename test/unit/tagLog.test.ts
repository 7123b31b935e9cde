/** The tags log writer: reference parsing, appends of whole lines, the author, checks against a workspace. */
import { strict as assert } from 'node:assert';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadDiskWorkspace } from '../../src/core/diskWorkspace';
import { loadTags } from '../../src/core/recordLoaders';
import type { Link } from '../../src/core/schemas';
import {
  appendTags, formatTagRef, gitUserEmail, inverseDecisions, parseTagRef, planTags, tagAuthor, tagChangeDecisions, tagDecisions, TagRefError,
  tagLine,
} from '../../src/core/tagLog';

const ROOT = path.join(__dirname, '..', '..');
const MINI = path.join(ROOT, 'test', 'fixtures', 'mini');

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'cx-tags-'));
}

describe('tags log', () => {
  describe('parseTagRef', () => {
    const known = { components: new Set(['payments-api', 'checkout']), journeys: new Set(['checkout']) };
    const cases: [string, Link][] = [
      ['checkout', { journey: 'checkout' }],
      ['checkout/pay', { journey: 'checkout/pay' }],
      ['journey:refunds', { journey: 'refunds' }],
      ['component:payments-api', { component: 'payments-api' }],
      ['payments-api', { component: 'payments-api' }],
      ['path:src/a.ts#12-40', { path: 'src/a.ts', lines: [12, 40] }],
      ['path:src/a.ts', { path: 'src/a.ts' }],
      ['path:src/a.ts#7', { path: 'src/a.ts', lines: [7, 7] }],
      ['src/a.ts:12-40', { path: 'src/a.ts', lines: [12, 40] }],
      ['src/a.ts:3', { path: 'src/a.ts', lines: [3, 3] }],
      ['src/a.ts#L12-L40', { path: 'src/a.ts', lines: [12, 40] }],
      ['./src\\win\\b.py', { path: 'src/win/b.py' }],
      ['README.md', { path: 'README.md' }],
      ['src/deep/c.go', { path: 'src/deep/c.go' }],
    ];
    for (const [text, link] of cases) {
      it(`reads ${text}`, () => {
        assert.deepEqual(parseTagRef(text, known), link);
        assert.deepEqual(parseTagRef(formatTagRef(link), known), link, 'formatTagRef reads back');
      });
    }

    it('reads a bare id that is both a journey and a component as the journey', () => {
      assert.deepEqual(parseTagRef('checkout', known), { journey: 'checkout' });
      assert.deepEqual(parseTagRef('component:checkout', known), { component: 'checkout' });
    });

    it('explains references it cannot read', () => {
      for (const bad of ['', '  ', 'path:', 'component:', 'src/a.ts:40-12', 'path:src/#3', 'src/a.ts:0']) {
        assert.throws(() => parseTagRef(bad, known), TagRefError, bad);
      }
    });
  });

  describe('tagDecisions and tagLine', () => {
    it('makes one decision a reference, drops repeats, and writes keys in the documented order', () => {
      const d = tagDecisions('add', 'ZD-1', ['checkout/pay', 'component:cart', 'checkout/pay', 'path:src/a.ts#1-2'], 'ana@acme.example', new Date('2026-11-02T09:14:00.123Z'));
      assert.equal(d.length, 3);
      assert.deepEqual(d.map(tagLine), [
        '{"op":"add","feedback":"ZD-1","ref":{"journey":"checkout/pay"},"by":"ana@acme.example","at":"2026-11-02T09:14:00Z"}',
        '{"op":"add","feedback":"ZD-1","ref":{"component":"cart"},"by":"ana@acme.example","at":"2026-11-02T09:14:00Z"}',
        '{"op":"add","feedback":"ZD-1","ref":{"path":"src/a.ts","lines":[1,2]},"by":"ana@acme.example","at":"2026-11-02T09:14:00Z"}',
      ]);
      const anonymous = tagDecisions('remove', 'ZD-1', [{ journey: 'checkout' }], undefined, '2026-11-02T10:00:00Z');
      assert.equal(tagLine(anonymous[0]!), '{"op":"remove","feedback":"ZD-1","ref":{"journey":"checkout"},"at":"2026-11-02T10:00:00Z"}');
    });
  });

  describe('appendTags', () => {
    it('creates the log and .gitattributes once, and appends whole lines', async () => {
      const dir = tempDir();
      try {
        const first = await appendTags(dir, '.cx', tagDecisions('add', 'ZD-1', ['checkout'], 'a@b.example', '2026-11-02T09:00:00Z'));
        assert.equal(first.file, '.cx/tags.jsonl');
        await appendTags(dir, '.cx', tagDecisions('add', 'ZD-2', ['refunds', 'search'], undefined, '2026-11-02T09:01:00Z'));
        const log = readFileSync(path.join(dir, '.cx', 'tags.jsonl'), 'utf8');
        assert.equal(log.split('\n').length, 4);
        assert.ok(log.endsWith('\n'));
        const loaded = loadTags('.cx/tags.jsonl', log);
        assert.deepEqual(loaded.problems, []);
        assert.deepEqual(loaded.items.map((t) => t.value.feedback), ['ZD-1', 'ZD-2', 'ZD-2']);
        assert.equal(readFileSync(path.join(dir, '.cx', '.gitattributes'), 'utf8'), 'tags.jsonl merge=union\n');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('adds to an existing .gitattributes, and closes a last line left open without rewriting it', async () => {
      const dir = tempDir();
      try {
        mkdirSync(path.join(dir, '.cx'));
        const before = '{"op":"add","feedback":"ZD-9","ref":{"journey":"checkout"},"at":"2026-11-01"}\n{not json at all}\n{"op":"add","feedback":"ZD-8","ref":{"journey":"search"},"at":"2026-11-01"}';
        writeFileSync(path.join(dir, '.cx', 'tags.jsonl'), before);
        writeFileSync(path.join(dir, '.cx', '.gitattributes'), '*.csv text');
        await appendTags(dir, '.cx', tagDecisions('add', 'ZD-1', ['checkout'], undefined, '2026-11-02T09:00:00Z'));
        await appendTags(dir, '.cx', tagDecisions('add', 'ZD-2', ['checkout'], undefined, '2026-11-02T09:00:00Z'));
        const after = readFileSync(path.join(dir, '.cx', 'tags.jsonl'), 'utf8');
        assert.ok(after.startsWith(`${before}\n{"op":"add","feedback":"ZD-1"`), after);
        const loaded = loadTags('.cx/tags.jsonl', after);
        // The malformed line is reported where it is, kept in the file, and every other line loads.
        assert.deepEqual(loaded.problems.map((p) => [p.range.start.line, p.code]), [[1, 'jsonl-syntax']]);
        assert.deepEqual(loaded.items.map((t) => t.value.feedback), ['ZD-9', 'ZD-8', 'ZD-1', 'ZD-2']);
        assert.equal(readFileSync(path.join(dir, '.cx', '.gitattributes'), 'utf8'), '*.csv text\ntags.jsonl merge=union\n');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('writes nothing when a decision is invalid', async () => {
      const dir = tempDir();
      try {
        const bad = [...tagDecisions('add', 'ZD-1', ['checkout'], undefined, '2026-11-02'), { op: 'add' as const, feedback: '', ref: { journey: 'x' }, at: 'soon' }];
        await assert.rejects(appendTags(dir, '.cx', bad), /tag decision 2 is invalid/);
        assert.throws(() => readFileSync(path.join(dir, '.cx', 'tags.jsonl')), /ENOENT/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('two processes appending 1,000 decisions each at once lose nothing and split no line', async function () {
      this.timeout(120_000);
      const dir = tempDir();
      try {
        mkdirSync(path.join(dir, '.cx'));
        // An earlier writer left the last line without its line break.
        writeFileSync(path.join(dir, '.cx', 'tags.jsonl'), '{"op":"add","feedback":"OLD-1","ref":{"journey":"checkout"},"at":"2026-11-01"}');
        const worker = path.join(__dirname, 'tagWriter.worker.ts');
        const run = (name: string) => new Promise<void>((resolve, reject) => {
          const child = spawn(process.execPath, ['--require', 'tsx/cjs', worker, dir, name, '1000', 'a,b'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
          let err = '';
          child.stderr.on('data', (d) => (err += String(d)));
          child.on('error', reject);
          child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer ${name} exited ${code}: ${err}`))));
        });
        await Promise.all([run('a'), run('b')]);
        const text = readFileSync(path.join(dir, '.cx', 'tags.jsonl'), 'utf8');
        const loaded = loadTags('.cx/tags.jsonl', text);
        assert.deepEqual(loaded.problems, []);
        // Each call wrote two decisions as one write: 2 × 1,000 × 2 lines, plus the old one, none split.
        assert.equal(loaded.items.length, 4001);
        const lines = text.split('\n').filter(Boolean);
        assert.equal(lines.length, 4001);
        for (const name of ['a', 'b']) {
          const mine = loaded.items.filter((t) => t.value.feedback.startsWith(`${name}-`)).map((t) => t.value.feedback);
          assert.equal(mine.length, 2000);
          // A writer's own lines stay in its order, each call's pair together.
          for (let i = 0; i < 1000; i++) assert.equal(mine[2 * i], `${name}-${i}`);
        }
        const order = loaded.items.slice(1).map((t) => t.value.feedback[0]);
        const switches = order.filter((w, i) => i > 0 && w !== order[i - 1]).length;
        assert.ok(switches > 1, `the writers should have run at the same time (they took turns ${switches} times)`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('the author', () => {
    it('is the explicit one, else git config user.email in the workspace, else nobody', async () => {
      const dir = tempDir();
      const saved = { global: process.env.GIT_CONFIG_GLOBAL, nosystem: process.env.GIT_CONFIG_NOSYSTEM };
      try {
        process.env.GIT_CONFIG_GLOBAL = path.join(dir, 'no-global-config');
        process.env.GIT_CONFIG_NOSYSTEM = '1';
        assert.equal(await tagAuthor(dir, 'ana@acme.example'), 'ana@acme.example');
        assert.equal(await gitUserEmail(dir), undefined);
        assert.equal(await tagAuthor(dir), undefined);
        execFileSync('git', ['init', '-q'], { cwd: dir });
        execFileSync('git', ['config', 'user.email', 'ben@acme.example'], { cwd: dir });
        assert.equal(await tagAuthor(dir), 'ben@acme.example');
        assert.equal(await tagAuthor(dir, '  '), 'ben@acme.example');
      } finally {
        for (const [k, v] of [['GIT_CONFIG_GLOBAL', saved.global], ['GIT_CONFIG_NOSYSTEM', saved.nosystem]] as const) {
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
        }
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('planTags', () => {
    it('checks the record and every reference against the workspace, with suggestions', async () => {
      const ws = await loadDiskWorkspace(MINI, { root: '.cx', window: 30 });
      const add = planTags(ws.index, 'add', 'ZD-2', [
        { journey: 'refunds' }, { journey: 'checkout/pay' }, { component: 'cart' }, { path: 'src/shared/log.ts', lines: [1, 1] },
      ]);
      assert.deepEqual(add.write, [{ journey: 'refunds' }, { component: 'cart' }, { path: 'src/shared/log.ts', lines: [1, 1] }]);
      assert.deepEqual(add.unchanged.map((u) => u.message), ['ZD-2 is already tagged checkout/pay']);
      assert.deepEqual([add.unknown, add.absent], [[], []]);

      const unknown = planTags(ws.index, 'add', 'ZD-2', [{ journey: 'chekout/pay' }, { component: 'carts' }, { path: 'src/payments/pai.ts' }, { path: 'src/shared/log.ts', lines: [50, 60] }]);
      assert.deepEqual(unknown.unknown, [
        "unknown step 'chekout/pay' (did you mean 'checkout/pay'?)",
        "unknown component 'carts' (did you mean 'component:cart'?)",
        "no file 'src/payments/pai.ts' in the workspace (did you mean 'src/payments/pay.ts'?)",
        "'src/shared/log.ts' has 1 line, so no line 50",
      ]);
      assert.deepEqual(unknown.write, []);
      assert.match(planTags(ws.index, 'add', 'ZD-20', [{ journey: 'checkout' }]).unknown[0]!, /^no feedback 'ZD-20' in the workspace \(did you mean 'ZD-2'/);

      // The log already removed NPS-3 from search: untagging it again is "not tagged", a typo is unknown.
      const remove = planTags(ws.index, 'remove', 'NPS-3', [{ journey: 'search' }, { journey: 'serch' }]);
      assert.deepEqual(remove.absent, ['NPS-3 is not tagged search (its tags: none)']);
      assert.deepEqual(remove.unknown, ["unknown journey 'serch' (did you mean 'search'?)"]);
      // A record's own links can be removed too, even when they no longer resolve.
      assert.deepEqual(planTags(ws.index, 'remove', 'ZD-3', [{ component: 'payments-api' }]).write, [{ component: 'payments-api' }]);
    });
  });
});

describe('tags log: editor decisions', () => {
  const at = '2026-12-01T10:00:00Z';
  it('tagChangeDecisions adds what is newly wanted and removes what is unchecked', () => {
    const current: Link[] = [{ journey: 'checkout/pay' }, { component: 'payments-api' }, { path: 'src/a.ts', lines: [1, 2] }];
    const wanted: Link[] = [{ journey: 'checkout/pay' }, { journey: 'search' }, { path: 'src/a.ts', lines: [1, 2] }];
    assert.deepEqual(tagChangeDecisions('ZD-1', current, wanted, 'ana@acme.example', at), [
      { op: 'add', feedback: 'ZD-1', ref: { journey: 'search' }, by: 'ana@acme.example', at },
      { op: 'remove', feedback: 'ZD-1', ref: { component: 'payments-api' }, by: 'ana@acme.example', at },
    ]);
    assert.deepEqual(tagChangeDecisions('ZD-1', current, current, undefined, at), []);
  });

  it('inverseDecisions undoes the last decisions, last first, and folding both leaves the tags as they were', async () => {
    const done = tagChangeDecisions('ZD-2', [{ journey: 'checkout/pay' }], [{ journey: 'search' }], 'ana@acme.example', at);
    const undo = inverseDecisions(done, 'li@acme.example', '2026-12-01T10:05:00Z');
    assert.deepEqual(undo, [
      { op: 'add', feedback: 'ZD-2', ref: { journey: 'checkout/pay' }, by: 'li@acme.example', at: '2026-12-01T10:05:00Z' },
      { op: 'remove', feedback: 'ZD-2', ref: { journey: 'search' }, by: 'li@acme.example', at: '2026-12-01T10:05:00Z' },
    ]);
    const root = tempDir();
    const cx = '.cx';
    try {
      mkdirSync(path.join(root, cx, 'feedback'), { recursive: true });
      for (const f of ['journeys.yaml', 'components.yaml', 'tags.jsonl', 'feedback/zendesk.jsonl']) writeFileSync(path.join(root, cx, f), readFileSync(path.join(MINI, '.cx', f)));
      const before = (await loadDiskWorkspace(root, { root: cx, window: 30 })).index.feedbackRecord('ZD-2')!.links;
      await appendTags(root, cx, done);
      const changed = (await loadDiskWorkspace(root, { root: cx, window: 30 })).index.feedbackRecord('ZD-2')!.links;
      assert.deepEqual(changed, [{ journey: 'search' }]);
      await appendTags(root, cx, undo);
      assert.deepEqual((await loadDiskWorkspace(root, { root: cx, window: 30 })).index.feedbackRecord('ZD-2')!.links, before);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
