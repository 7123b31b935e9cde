/**
 * The index's fast paths answer as the plain definitions do: feedback about a journey, step or component (one
 * inverted pass instead of a scan per question), the cached parts of a ref's context, its newest and most negative records, and the
 * matcher read as CODEOWNERS (last matching line wins) against the `codeowners` and `@snyk/github-codeowners`
 * libraries the benchmark compares it with.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { combineCxFiles, parseCxFile } from '../../src/core/cxData';
import { CxIndex } from '../../src/core/cxIndex';
import type { FeedbackItem, SourceFile } from '../../src/core/cxIndex';
import type { CxFile } from '../../src/core/cxData';
import { fastFeedbackRecord, fastMetricPoint, fastTagDecision } from '../../src/core/fastRecords';
import { firstSorted } from '../../src/core/firstSorted';
import { unionSeqs } from '../../src/core/foldedFeedback';
import { computeCoverage, filterCoverage } from '../../src/core/coverage';
import type { CoverageFilter, CoverageReport, CoverageTreeNode } from '../../src/core/coverage';
import { ComponentMatcher } from '../../src/core/matcher';
import { FeedbackRecord, MetricPoint, TagDecision } from '../../src/core/schemas';
import { csvMetrics, jsonlTags, loadMetrics, loadTags, plainMetrics, plainTags } from '../../src/core/recordLoaders';
import { tagLine } from '../../src/core/tagLog';
import { randomTools } from '../support/prng';


/** A random workspace: journeys with steps, components over folders, feedback tagged every way, a tags log. */
function randomIndex(seed: number): CxIndex {
  return randomWorkspace(seed).index;
}

function randomWorkspace(seed: number): { index: CxIndex; files: CxFile[]; sources: SourceFile[] } {
  const { int, pick } = randomTools(seed);
  const journeys = ['checkout', 'search', 'returns', 'account'];
  const steps = ['pay', 'cart', 'query', 'label'];
  let jy = 'journeys:\n';
  for (const j of journeys) {
    jy += `  - id: ${j}\n    name: ${j}\n    steps:\n`;
    for (const s of steps.slice(0, 2 + int(3))) jy += `      - id: ${s}\n        name: ${s}\n`;
  }
  const dirs = ['src/pay', 'src/cart', 'src/search', 'lib/util', 'lib/util/deep', 'docs'];
  const files: string[] = [];
  for (let i = 0; i < 60; i++) files.push(`${pick(dirs)}/f${i}.${pick(['ts', 'md', 'py'])}`);
  const refs = [...journeys, ...journeys.flatMap((j) => steps.map((s) => `${j}/${s}`)), 'nope', 'checkout/nope'];
  const componentIds: string[] = [];
  let cy = 'components:\n';
  for (let i = 0; i < 8; i++) {
    const id = `comp-${i}`;
    componentIds.push(id);
    const paths = [`/${pick(dirs)}/`, pick(['*.md', '!**/deep/', `/${pick(dirs)}/*.ts`, '**/util/'])];
    cy += `  - id: ${id}\n    paths: [${paths.map((p) => JSON.stringify(p)).join(', ')}]\n    journeys: [${Array.from({ length: int(3) }, () => pick(refs)).join(', ')}]\n`;
    if (int(3)) cy += `    owner: team-${int(3)}\n`;
  }
  const link = () => {
    const r = int(3);
    return r === 0 ? { journey: pick(refs) } : r === 1 ? { component: pick([...componentIds, 'ghost']) } : { path: pick(files) };
  };
  const feedback: string[] = [];
  for (let i = 0; i < 300; i++) {
    const day = 1 + int(28);
    feedback.push(JSON.stringify({
      id: `F-${i}`,
      date: `2026-11-${String(day).padStart(2, '0')}${int(2) ? '' : 'T10:00:00Z'}`,
      text: `text ${i}`,
      ...(int(2) ? { sentiment: pick(['negative', 'neutral', 'positive']) } : {}),
      ...(int(3) === 0 ? { score: { type: 'csat', value: 1 + int(5) } } : {}),
      links: Array.from({ length: int(3) }, link),
    }));
  }
  const tags: string[] = [];
  for (let i = 0; i < 100; i++) tags.push(JSON.stringify({ op: int(5) ? 'add' : 'remove', feedback: `F-${int(300)}`, ref: link(), at: '2026-11-30' }));
  // Two feedback files, the second repeating some ids of the first (reported duplicates).
  const cxFiles = [
    parseCxFile('.cx/journeys.yaml', 'journeys', jy),
    parseCxFile('.cx/components.yaml', 'components', cy),
    parseCxFile('.cx/feedback/a.jsonl', 'feedback', feedback.slice(0, 250).join('\n')),
    parseCxFile('.cx/feedback/b.jsonl', 'feedback', [...feedback.slice(250), ...feedback.slice(0, 3)].join('\n')),
    parseCxFile('.cx/tags.jsonl', 'tags', tags.join('\n')),
  ];
  const data = combineCxFiles(cxFiles);
  assert.equal(data.problems.length, 3);
  const sources: SourceFile[] = files.map((p) => ({ path: p, lines: 3, annotations: [] }));
  // Some files serve journeys by annotation.
  for (const s of sources.slice(0, 10)) {
    const ref = pick(refs.slice(0, -2));
    s.annotations = [{ line: 0, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, refs: [{ ref, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } }], malformed: [] }] as unknown as SourceFile['annotations'];
  }
  return { index: new CxIndex(data, sources, { windowDays: 14 }), files: cxFiles, sources };
}

/** Feedback about a ref as the product defines it, by scanning every record. */
function naiveFeedbackOf(index: CxIndex, ref: string): FeedbackItem[] {
  const r = index.resolve(ref);
  const serves = (t: string) => t === ref || (r?.kind === 'journey' && t.startsWith(`${ref}/`));
  return index.allFeedback().filter((f) =>
    f.links.some((l) => {
      if (!r) {
        if (!index.component(ref)) return false;
        if ('component' in l) return l.component === ref;
        return 'path' in l && index.componentsOf(l.path).includes(ref);
      }
      if ('journey' in l) return serves(l.journey) && !!index.resolve(l.journey);
      if ('component' in l) return !!index.component(l.component)?.component.journeys.some(serves);
      return index.refsOf(l.path).some((x) => serves(x.ref));
    }),
  );
}

describe('fast paths of the index', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`seed ${seed}: feedback about every journey, step and component is what a scan of every record finds, newest first`, () => {
      const index = randomIndex(seed);
      const asked = [...index.allRefs(), ...index.componentList().map((c) => c.component.id), 'nope', 'checkout/nope'];
      let nonEmpty = 0;
      for (const ref of asked) {
        const expected = naiveFeedbackOf(index, ref)
          .map((f, seq) => ({ f, seq, time: Date.parse(f.date.length === 10 ? `${f.date}T00:00:00Z` : f.date) }))
          .sort((a, b) => b.time - a.time || a.seq - b.seq)
          .map((x) => x.f.id);
        const got = index.queryFeedback({ ref, limit: 10_000 }).items.map((f) => f.id);
        assert.deepEqual(got, expected, ref);
        if (got.length) nonEmpty++;
        if (index.resolve(ref)) {
          const ctx = index.refContext(ref);
          assert.equal(ctx.stats.total, expected.length, ref);
          assert.deepEqual(ctx.recent.map((f) => f.id), expected.slice(0, 3), ref);
          // The cached part is shared; `via` is the caller's.
          assert.deepEqual(index.refContext(ref, [{ kind: 'annotation', line: 4 }]).via, [{ kind: 'annotation', line: 4 }]);
          assert.deepEqual(index.refContext(ref).via, []);
        }
      }
      assert.ok(nonEmpty > asked.length / 2, `only ${nonEmpty} of ${asked.length} refs have feedback: the test would prove little`);
    });
  }

  for (const seed of [6, 7, 8]) {
    it(`seed ${seed}: a re-index after a journeys, components or sources edit, lent the unchanged feedback, answers as a fresh one`, () => {
      const { index: before, files, sources } = randomWorkspace(seed);
      const edits: [string, (fs: CxFile[]) => CxFile[], SourceFile[]][] = [
        ['components', (fs) => fs.map((f) => (f.kind === 'components' ? parseCxFile(f.path, 'components', 'components:\n  - id: comp-0\n    paths: ["/src/", "!*.md"]\n    journeys: [checkout, search/query]\n  - id: other\n    paths: [docs]\n') : f)), sources],
        ['journeys', (fs) => fs.map((f) => (f.kind === 'journeys' ? parseCxFile(f.path, 'journeys', 'journeys:\n  - id: checkout\n    name: C\n    steps:\n      - id: pay\n        name: P\n') : f)), sources],
        ['sources', (fs) => fs, sources.slice(5)],
      ];
      for (const [what, edit, srcs] of edits) {
        const edited = edit(files);
        const lent = combineCxFiles(edited, before.data);
        assert.equal(lent.feedback, before.data.feedback, `${what}: the feedback is lent`);
        const fresh = combineCxFiles(edited);
        assert.deepEqual(lent, fresh, what);
        const a = new CxIndex(lent, srcs, { windowDays: 14 }, before);
        const b = new CxIndex(fresh, srcs, { windowDays: 14 });
        assert.deepEqual(a.problems, b.problems, what);
        for (const ref of [...b.allRefs(), ...b.componentList().map((c) => c.component.id)]) {
          assert.deepEqual(a.queryFeedback({ ref, limit: 1000 }), b.queryFeedback({ ref, limit: 1000 }), `${what}: ${ref}`);
        }
        for (const s of srcs) assert.deepEqual(a.contextOf(s.path), b.contextOf(s.path), `${what}: ${s.path}`);
        assert.deepEqual(a.allFeedback(), b.allFeedback(), what);
      }
      // A changed feedback file or tags log is read again, not lent.
      const retagged = files.map((f) => (f.kind === 'tags' ? parseCxFile(f.path, 'tags', '{"op":"add","feedback":"F-1","ref":{"journey":"search"},"at":"2026-11-30"}') : f));
      const data = combineCxFiles(retagged, before.data);
      const a = new CxIndex(data, sources, { windowDays: 14 }, before);
      assert.ok(a.feedbackRecord('F-1')!.links.some((l) => 'journey' in l && l.journey === 'search'));
      assert.deepEqual(a.allFeedback(), new CxIndex(combineCxFiles(retagged), sources, { windowDays: 14 }).allFeedback());
    });
  }

  for (const seed of [10, 11, 12]) {
    it(`seed ${seed}: an index summarized when built answers every file, ref and component as one computed on demand`, () => {
      const { files, sources } = randomWorkspace(seed);
      const data = combineCxFiles(files);
      const summarized = new CxIndex(data, sources, { windowDays: 14 });
      const refs = summarized.allRefs();
      assert.ok(refs.length > 8, 'the workspace has journeys and steps');
      assert.equal(summarized.summarize(), refs.length);
      const lazy = new CxIndex(data, sources, { windowDays: 14 });
      // Files in a shuffled order on the lazy side, so its caches fill in another order than the summary's.
      const paths = sources.map((s) => s.path).reverse();
      for (const p of paths) assert.deepEqual(summarized.contextOf(p), lazy.contextOf(p), p);
      let withFeedback = 0;
      for (const ref of refs) {
        const a = summarized.refContext(ref, [{ kind: 'annotation', line: 1 }]);
        assert.deepEqual(a, lazy.refContext(ref, [{ kind: 'annotation', line: 1 }]), ref);
        if (a.stats.current.count > 0) withFeedback++;
      }
      assert.ok(withFeedback > 0, 'some refs have feedback in the window');
      for (const ref of [...refs, ...summarized.componentList().map((c) => c.component.id)]) {
        assert.deepEqual(summarized.queryFeedback({ ref, limit: 1000 }), lazy.queryFeedback({ ref, limit: 1000 }), ref);
      }
    });
  }

  for (const seed of [16, 17]) {
    it(`seed ${seed}: a summary run in steps, with lookups between them or stopped part way, answers as one computed on demand`, () => {
      const { files, sources } = randomWorkspace(seed);
      const data = combineCxFiles(files);
      const lazy = new CxIndex(data, sources, { windowDays: 14 });
      const refs = lazy.allRefs();
      const components = lazy.componentList().map((c) => c.component.id);
      const paths = sources.map((s) => s.path);
      const sameAsLazy = (index: CxIndex, what: string) => {
        for (const p of paths) assert.deepEqual(index.contextOf(p), lazy.contextOf(p), `${what}: ${p}`);
        for (const ref of [...refs, ...components]) assert.deepEqual(index.queryFeedback({ ref, limit: 1000 }), lazy.queryFeedback({ ref, limit: 1000 }), `${what}: ${ref}`);
      };
      const alone = new CxIndex(data, sources, { windowDays: 14 }).summarySteps();
      let count = 0;
      while (!alone.next().done) count++;
      assert.ok(count > refs.length + 2, `the summary runs in steps, building what feedback is tagged to among them (${count})`);
      // Lookups between the steps: each gets the answer computed on demand (the first finishes what feedback is
      // tagged to), and the summary goes on.
      const interleaved = new CxIndex(data, sources, { windowDays: 14 });
      const steps = interleaved.summarySteps();
      let n = 0;
      for (let step = steps.next(); ; step = steps.next(), n++) {
        if (step.done) {
          assert.equal(step.value, refs.length);
          break;
        }
        const p = paths[n % paths.length]!;
        assert.deepEqual(interleaved.contextOf(p), lazy.contextOf(p), `between steps ${n}: ${p}`);
        const ref = refs[n % refs.length]!;
        assert.deepEqual(interleaved.queryFeedback({ ref, limit: 1000 }), lazy.queryFeedback({ ref, limit: 1000 }), `between steps ${n}: ${ref}`);
      }
      sameAsLazy(interleaved, 'after an interleaved summary');
      // Stopped after steps all through building what feedback is tagged to (its targets, groups and refs), or after
      // some of the refs: the index answers as one computed on demand, and a later summary finishes the work.
      const build = count - refs.length;
      const stops = [...Array(build + 2).keys()].filter((k) => k < 4 || k % 13 === 0 || k >= build - 2);
      stops.push(build + Math.floor(refs.length / 2), count);
      for (const stop of stops) {
        const stopped = new CxIndex(data, sources, { windowDays: 14 });
        const partial = stopped.summarySteps();
        for (let i = 0; i < stop; i++) assert.equal(partial.next().done, false);
        partial.return(0);
        if (stop % 2) {
          sameAsLazy(stopped, `stopped after ${stop} steps`);
          assert.equal(stopped.summarize(), refs.length);
        } else {
          assert.equal(stopped.summarize(), refs.length);
          sameAsLazy(stopped, `stopped after ${stop} steps, then summarized`);
        }
      }
    });
  }

  for (const seed of [13, 14, 15]) {
    it(`seed ${seed}: a ref's newest and most negative feedback are the first three of the sorted feedback`, () => {
      const index = randomIndex(seed);
      let compared = 0;
      for (const ref of index.allRefs()) {
        const ctx = index.refContext(ref);
        const ids = (items: readonly FeedbackItem[]) => items.map((f) => f.id);
        assert.deepEqual(ids(ctx.recent), ids(index.queryFeedback({ ref, sort: 'recent', limit: 3 }).items), `${ref}: recent`);
        assert.deepEqual(ids(ctx.mostNegative), ids(index.queryFeedback({ ref, sentiment: ['negative'], sort: 'negative', limit: 3 }).items), `${ref}: negative`);
        if (ctx.mostNegative.length > 1) compared++;
      }
      assert.ok(compared > 0, 'some refs have several negative records');
    });
  }
});

describe('a record that names one link twice', () => {
  it('is tagged to it once: its links are the distinct ones in the order first written, whatever the keys\' order', () => {
    const { int, pick } = randomTools(21);
    const pool: Record<string, unknown>[] = [
      { journey: 'checkout' }, { journey: 'checkout/pay' }, { component: 'comp' }, { component: 'ghost' }, { path: 'src/a.ts' },
      { path: 'src/a.ts', lines: [1, 2] }, { lines: [1, 2], path: 'src/a.ts' }, { path: 'src/a.ts', lines: [1, 3] }, { path: 'src/b.ts' },
    ];
    // Lists of up to 6 links, and some long ones (another way of finding repeats).
    const records = Array.from({ length: 300 }, (_, i) => ({ id: `F-${i}`, date: '2026-11-02', text: 't', links: Array.from({ length: i % 50 === 0 ? 20 + int(10) : int(7) }, () => pick(pool)) }));
    const jy = 'journeys:\n  - id: checkout\n    name: Checkout\n    steps:\n      - id: pay\n        name: Pay\n';
    const cy = 'components:\n  - id: comp\n    paths: [/src/]\n    journeys: [checkout/pay]\n';
    const data = combineCxFiles([
      parseCxFile('.cx/journeys.yaml', 'journeys', jy),
      parseCxFile('.cx/components.yaml', 'components', cy),
      parseCxFile('.cx/feedback/a.jsonl', 'feedback', records.map((r) => JSON.stringify(r)).join('\n')),
    ]);
    const sources: SourceFile[] = ['src/a.ts', 'src/b.ts'].map((p) => ({ path: p, lines: 10, annotations: [] }));
    const index = new CxIndex(data, sources, { windowDays: 14 });
    const key = (l: Record<string, unknown>) => JSON.stringify([l.journey, l.component, l.path, l.lines]);
    let repeated = 0;
    for (const r of records) {
      const distinct = r.links.filter((l, i) => r.links.findIndex((m) => key(m) === key(l)) === i);
      if (distinct.length < r.links.length) repeated++;
      assert.deepEqual(index.feedbackRecord(r.id)!.links, distinct, r.id);
    }
    assert.ok(repeated > 50, `only ${repeated} records repeat a link: the test would prove little`);
    const about = (test: (l: Record<string, unknown>) => boolean) => records.filter((r) => r.links.some(test)).map((r) => r.id).sort();
    const got = (q: { ref?: string; path?: string }) => index.queryFeedback({ ...q, limit: 1000 }).items.map((f) => f.id).sort();
    assert.deepEqual(got({ ref: 'checkout' }), about((l) => l.journey !== undefined || l.component === 'comp' || l.path !== undefined));
    assert.deepEqual(got({ ref: 'comp' }), about((l) => l.component === 'comp' || l.path !== undefined));
    // The problem of an unknown component is shown where each of its links is written, repeats included.
    const ghosts = records.reduce((n, r) => n + r.links.filter((l) => l.component === 'ghost').length, 0);
    assert.equal(index.problems.filter((p) => p.message.includes("'ghost'")).length, ghosts);
  });
});

describe('the links of records to targets that do not exist', () => {
  it('have their problem at every place they are written, in place order, and none for a record left out as a repeat', () => {
    const { int, pick } = randomTools(23);
    const pool: Record<string, unknown>[] = [
      { journey: 'checkout' }, { journey: 'checkout/pay' }, { journey: 'nope' }, { journey: 'checkout/nope' }, { component: 'comp' },
      { component: 'ghost' }, { path: 'src/a.ts' }, { path: 'src/gone.ts', lines: [1, 2] }, { path: 'lib/gone.ts' },
    ];
    const missing = (l: Record<string, unknown>) => ['nope', 'checkout/nope', 'ghost', 'src/gone.ts', 'lib/gone.ts'].includes((l.journey ?? l.component ?? l.path) as string);
    // b.jsonl repeats some of a.jsonl's ids: those records are left out (a part of b's table is kept).
    const file = (name: string, ids: string[]) => ({ name, records: ids.map((id) => ({ id, date: '2026-11-02', text: 't', links: Array.from({ length: int(4) }, () => pick(pool)) })) });
    const a = file('a', Array.from({ length: 120 }, (_, i) => `A-${i}`));
    const b = file('b', Array.from({ length: 120 }, (_, i) => (i % 4 === 0 ? `A-${i}` : `B-${i}`)));
    const data = combineCxFiles([
      parseCxFile('.cx/journeys.yaml', 'journeys', 'journeys:\n  - id: checkout\n    name: Checkout\n    steps:\n      - id: pay\n        name: Pay\n'),
      parseCxFile('.cx/components.yaml', 'components', 'components:\n  - id: comp\n    paths: [/src/]\n'),
      ...[a, b].map((f) => parseCxFile(`.cx/feedback/${f.name}.jsonl`, 'feedback', f.records.map((r) => JSON.stringify(r)).join('\n'))),
    ]);
    const index = new CxIndex(data, [{ path: 'src/a.ts', lines: 10, annotations: [] }], { windowDays: 14 });
    const expected: string[] = [];
    for (const f of [a, b]) {
      f.records.forEach((r, line) => {
        if (f === b && r.id.startsWith('A-')) return; // left out: a.jsonl has it
        for (const l of r.links) if (missing(l)) expected.push(`.cx/feedback/${f.name}.jsonl:${line} '${(l.journey ?? l.component ?? l.path) as string}'`);
      });
    }
    const got = index.problems
      .filter((p) => p.code === 'unknown-reference' && p.file.startsWith('.cx/feedback/'))
      .map((p) => `${p.file}:${p.range.start.line} ${/'[^']*'/.exec(p.message)![0]}`);
    assert.ok(expected.length > 100, `only ${expected.length} links to missing targets: the test would prove little`);
    assert.deepEqual(got, expected);
  });
});

describe('a page of feedback puts in order only the records up to its end', () => {
  it('the first k in an order are those of a full sort, ties broken as the sort breaks them', () => {
    const { int } = randomTools(21);
    for (let round = 0; round < 200; round++) {
      const n = int(3000);
      const items = Array.from({ length: n }, (_, i) => i);
      const key = Float64Array.from({ length: n }, () => int(20));
      const compare = (a: number, b: number) => key[b]! - key[a]! || a - b;
      for (const k of [0, 1, 2, int(50), int(n + 2), n, n + 5]) {
        assert.deepEqual(firstSorted(items, k, compare), items.slice().sort(compare).slice(0, k), `n ${n}, k ${k}`);
      }
    }
  });

  for (const seed of [16, 17]) {
    it(`seed ${seed}: every page of every order and filter is that slice of the whole sorted list`, () => {
      const index = randomIndex(seed);
      let pages = 0;
      for (const ref of [undefined, ...index.allRefs().slice(0, 6)]) {
        for (const q of [{ sort: 'recent' as const }, { sort: 'negative' as const }, { sort: 'recent' as const, untagged: true }, { sort: 'negative' as const, tagged: true }]) {
          const query = { ...q, ...(ref ? { ref } : {}) };
          const whole = index.queryFeedback({ ...query, limit: 1e9 });
          const plain = (key: 'source' | 'segment') => [...new Set(whole.items.map((r) => r[key]).filter((v): v is string => !!v))].sort();
          assert.deepEqual(whole.facets, { source: plain('source'), segment: plain('segment') }, `facets of ${JSON.stringify(query)}`);
          for (const [offset, limit] of [[0, 1], [0, 3], [2, 5], [7, 10], [whole.total - 2, 5]] as const) {
            const page = index.queryFeedback({ ...query, offset: Math.max(0, offset), limit });
            assert.deepEqual(page.items, whole.items.slice(Math.max(0, offset), Math.max(0, offset) + limit), JSON.stringify({ query, offset, limit }));
            assert.equal(page.total, whole.total);
            pages++;
          }
        }
      }
      const all = index.queryFeedback({}).total;
      // The Inbox and the tagged filter against the plain rule: a record's links after the tags log, none or some.
      const every = index.queryFeedback({ limit: 1e9 }).items;
      const ids = (items: readonly FeedbackItem[]) => items.map((i) => i.id).sort();
      assert.deepEqual(ids(index.queryFeedback({ untagged: true, limit: 1e9 }).items), ids(every.filter((i) => !i.links.length)), 'untagged');
      assert.deepEqual(ids(index.queryFeedback({ tagged: true, limit: 1e9 }).items), ids(every.filter((i) => i.links.length)), 'tagged');
      assert.equal(index.queryFeedback({ tagged: true }).total + index.queryFeedback({ untagged: true }).total, all, 'tagged and untagged make all');
      assert.ok(index.queryFeedback({ tagged: true }).total > 0 && index.queryFeedback({ untagged: true }).total > 0);
      assert.ok(pages > 100);
    });
  }
});

describe('coverage figures counted in one pass per record agree with their definitions', () => {
  const inJourney = (ref: string, journey: string) => ref === journey || ref.startsWith(`${journey}/`);
  const under = (path: string, folder: string) => !folder || path === folder || path.startsWith(`${folder}/`);

  /** Each figure of `view` (the whole report or a filtered one) computed from its definition, scanning every record. */
  function assertDefinitions(whole: CoverageReport, view: CoverageReport): void {
    const records = whole.feedbackLinks;
    const count = (about: (r: CoverageReport['feedbackLinks'][number]) => boolean) => {
      const hits = records.filter(about);
      return { feedback: hits.length, negative: hits.filter((r) => r.negative).length };
    };
    const filesOf = (component: string) => view.perFile.filter((f) => f.components.includes(component)).map((f) => f.path);
    for (const f of view.perFile) {
      assert.deepEqual({ feedback: f.feedback, negative: f.negative }, count((r) => r.paths.includes(f.path) || r.components.some((c) => f.components.includes(c))), f.path);
    }
    for (const c of view.components) {
      const paths = filesOf(c.id);
      assert.deepEqual({ feedback: c.feedback, negative: c.negative }, count((r) => r.components.includes(c.id) || r.paths.some((p) => paths.includes(p))), c.id);
    }
    for (const cell of view.matrix.cells) {
      const listed = view.components.find((c) => c.id === cell.component)!.journeys.filter((r) => inJourney(r, cell.journey));
      const paths = filesOf(cell.component);
      const about = (ref: string) => listed.some((l) => ref === l || (l === cell.journey && inJourney(ref, cell.journey)));
      assert.deepEqual({ feedback: cell.feedback, negative: cell.negative }, count((r) => r.components.includes(cell.component) || r.paths.some((p) => paths.includes(p)) || r.journeys.some(about)), `${cell.journey} × ${cell.component}`);
    }
    for (const j of view.journeys) assert.equal(j.files, view.perFile.filter((f) => f.refs.some((r) => inJourney(r, j.ref))).length, j.ref);
    for (const o of view.owners) {
      const own = view.perFile.filter((f) => f.components.some((c) => o.components.includes(c)));
      const linked = own.filter((f) => f.refs.length);
      assert.deepEqual([o.files, o.linkedFiles, o.lines, o.linkedLines], [own.length, linked.length, own.reduce((n, f) => n + f.lines, 0), linked.reduce((n, f) => n + f.lines, 0)], o.owner);
    }
    const walk = (node: CoverageTreeNode) => {
      if (!node.children) return;
      const files = view.perFile.filter((f) => under(f.path, node.path));
      const components = new Set(files.flatMap((f) => f.components));
      assert.deepEqual({ feedback: node.feedback, negative: node.negative }, count((r) => r.paths.some((p) => files.some((f) => f.path === p)) || r.components.some((c) => components.has(c))), `folder '${node.path}'`);
      assert.deepEqual([node.files, node.lines], [files.length, files.reduce((n, f) => n + f.lines, 0)]);
      node.children.forEach(walk);
    };
    walk(view.tree);
    // With an owner: the journeys they own, their components list, or the files in view serve.
    const { owner, journey } = view.filter ?? {};
    if (owner !== undefined) {
      const listedByOwner = whole.components.filter((c) => c.owner === owner).flatMap((c) => c.journeys);
      const expected = whole.journeys.filter(
        (j) => (journey === undefined || j.ref === journey) && (j.owner === owner || listedByOwner.some((r) => inJourney(r, j.ref)) || view.perFile.some((f) => f.refs.some((r) => inJourney(r, j.ref)))),
      );
      assert.deepEqual(view.journeys.map((j) => j.ref), expected.map((j) => j.ref));
    }
  }

  for (let seed = 1; seed <= 12; seed++) {
    it(`random workspace ${seed}: the whole report and filtered ones`, () => {
      const { int, pick } = randomTools(seed * 7919);
      const whole = computeCoverage(randomIndex(seed), { generatedAt: new Date('2026-12-01T00:00:00Z') });
      assert.ok(whole.feedbackLinks.some((r) => r.paths.length) && whole.matrix.cells.length && whole.owners.length);
      assertDefinitions(whole, whole);
      for (let k = 0; k < 6; k++) {
        const filter: CoverageFilter = {};
        if (int(2)) filter.owner = `team-${int(3)}`;
        if (int(2)) filter.journey = pick(whole.journeys).ref;
        if (int(2)) filter.folder = pick(['src', 'lib/util', 'lib', 'docs', 'src/pay']);
        assertDefinitions(whole, filterCoverage(whole, filter));
      }
    });
  }
});

describe('the union of sets of records', () => {
  it('is the sorted distinct members of the lists, sparse or dense, few or many lists, each union its own array', () => {
    const { int } = randomTools(23);
    let dense = 0;
    const kept: [Int32Array, number[]][] = [];
    for (let round = 0; round < 400; round++) {
      const range = 1 + int(round % 2 ? 3000 : 2_000_000);
      const lists = Array.from({ length: 1 + int(round % 3 ? 40 : 3) }, () => {
        const set = new Set(Array.from({ length: int(round % 5 ? 400 : 3) }, () => int(range)));
        return Int32Array.from([...set].sort((a, b) => a - b));
      });
      const size = lists.reduce((n, l) => n + l.length, 0);
      if (size > 256 && range / 32 < size * 4) dense++;
      const plain = [...new Set(lists.flatMap((l) => [...l]))].sort((a, b) => a - b);
      const union = unionSeqs(lists);
      assert.deepEqual([...union], plain, `round ${round}`);
      kept.push([union, plain]);
    }
    assert.ok(dense > 50, `${dense} unions dense enough for the bitset`);
    // Larger than the room the unions keep between them, then small again.
    const large = [Int32Array.from({ length: 300_000 }, (_, i) => i * 3), Int32Array.from({ length: 300_000 }, (_, i) => i * 2)];
    const union = unionSeqs(large);
    assert.deepEqual([...union], [...new Set([...large[0]!, ...large[1]!])].sort((a, b) => a - b));
    kept.push([union, [...union]], [unionSeqs([Int32Array.of(5), Int32Array.of(1, 5)]), [1, 5]]);
    // Each union is its own array: none changed by the unions after it.
    kept.forEach(([got, plain], i) => assert.deepEqual([...got], plain, `union ${i} afterwards`));
  });
});

describe('the matcher read as CODEOWNERS agrees with the CODEOWNERS libraries', () => {
  it('on random rules of the kinds the benchmark uses and random paths', () => {
    const { int, pick } = randomTools(21);
    const dirs = ['services', 'apps', 'libs'];
    const names = ['pay-1', 'cart-2', 'auth-3', 'mail-4'];
    const subs = ['src', 'src/core', 'src/generated', 'test', 'migrations', 'docs', 'proto'];
    const rules: string[] = [];
    for (let i = 0; i < 40; i++) {
      const d = `${pick(dirs)}/${pick(names)}`;
      rules.push(pick([`/${d}/`, `/${d}/**`, `/${d}/src/*.ts`, `/${d}/src/core/`, `/${d}/docs/*.md`, `**/${d.split('/')[1]}/migrations/`, `*.${pick(['proto', 'sql', 'md'])}`, `/${d}/proto/`]));
    }
    const paths = Array.from({ length: 500 }, () => `${pick(dirs)}/${pick(names)}/${pick(subs)}${int(3) ? '' : '/m1'}/f.${pick(['ts', 'md', 'sql', 'proto'])}`);
    const dir = mkdtempSync(path.join(tmpdir(), 'cx-codeowners-'));
    try {
      writeFileSync(path.join(dir, 'CODEOWNERS'), rules.map((r, i) => `${r} @o/r${i}`).join('\n'));
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const Codeowners = require('codeowners') as new (dir: string) => { getOwner(p: string): string[] };
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { OwnershipEngine } = require('@snyk/github-codeowners/dist/lib/ownership') as {
        OwnershipEngine: { FromCodeownersFile(file: string): { calcFileOwnership(p: string): string[] } };
      };
      const co = new Codeowners(dir);
      const snyk = OwnershipEngine.FromCodeownersFile(path.join(dir, 'CODEOWNERS'));
      const m = new ComponentMatcher(rules.map((p, i) => ({ id: `@o/r${i}`, paths: [p] })));
      let owned = 0;
      for (const p of paths) {
        const ours = m.componentsOf(p).slice(-1);
        if (ours.length) owned++;
        assert.deepEqual(co.getOwner(p), ours, `codeowners: ${p}`);
        assert.deepEqual(snyk.calcFileOwnership(p), ours, `@snyk/github-codeowners: ${p}`);
      }
      assert.ok(owned > 100 && owned < 500, `${owned} of 500 paths owned: the rules should leave some unowned`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('fast acceptance of feedback records, tag decisions and metric points', () => {
  const { int, pick } = randomTools(33);
  const validRecord = (i: number): Record<string, unknown> => ({
    id: `R-${i}`,
    date: pick(['2026-11-02', '2026-11-02T09:14:00Z', '2026-11-02 09:14', '2026-11-02T09:14:00.5+01:00']),
    text: pick(['', 'It broke.', 'ünïcode ✓']),
    ...(int(2) ? { source: 'zendesk' } : {}),
    ...(int(2) ? { title: 'T' } : {}),
    ...(int(2) ? { score: pick([{ type: 'csat', value: 1 + int(5) }, { type: 'nps', value: int(11) }, { type: 'ces', value: 7 }, { type: 'rating', value: 2.5 }]) } : {}),
    ...(int(2) ? { sentiment: pick(['positive', 'neutral', 'negative']) } : {}),
    ...(int(2) ? { segment: 'pro' } : {}),
    ...(int(2) ? { url: pick(['https://x.example/t/1', 'HTTP://x.example']) } : {}),
    ...(int(2) ? { links: [pick([{ journey: 'checkout/pay' }, { component: 'cart' }, { path: 'src/a.ts' }, { path: 'src/a.ts', lines: [2, 9] }])] } : {}),
  });
  const validTag = (i: number): Record<string, unknown> => ({
    op: pick(['add', 'remove']),
    feedback: `R-${i}`,
    ref: pick([{ journey: 'checkout' }, { component: 'cart' }, { path: 'a/b.ts', lines: [1, 1] }]),
    ...(int(2) ? { by: 'ana@x.example' } : {}),
    at: '2026-11-30T10:00:00Z',
  });
  // A metrics CSV row as loadCsv gives it: by column, in the header's order (not the schema's), without empty cells.
  const validMetric = (i: number): Record<string, unknown> => {
    const row: Record<string, unknown> = {
      date: pick(['2026-11-30', '2026-11-30T10:00:00Z', '2026-02-28T23:59:59Z', '2026-11-30T10:00:00+01:00']),
      value: pick([0, -3, 12.5, 99.9, 1e6]),
      metric: pick(['checkout.conversion', 'c1-x.refund-days', '9a.b']),
    };
    if (int(2)) row.segment = pick(['pro', '', 'enterprise']);
    return i % 2 ? row : Object.fromEntries(Object.entries(row).reverse());
  };
  const BAD: unknown[] = [null, '', 'x', 0, -1, 1.5, 11, 1e20, true, [], {}, [1], [3, 2], [0, 1], [1, 2, 3], { type: 'nps' },
    { type: 'nps', value: 12 }, { type: 'csat', value: 0 }, { type: 'x', value: 1 }, { journey: '' }, { journey: 'a', component: 'b' },
    { path: 'a', lines: [2, 1] }, { path: 'a', extra: 1 }, '2026-13-45', '2026-02-30', 'ftp://x', 'https://', 'https://ok.example', [{ journey: 'a' }, null],
    Number.NaN, Infinity, -Infinity, 'Checkout.conversion', 'checkout', 'checkout.conversion.x', '-a.b', 'a.b', '2026-11-30T24:00:00Z', '2026-11-30T10:00', 'Nov 30 2026', '2026/11/30'];
  const mutate = (o: Record<string, unknown>): Record<string, unknown> => {
    const copy = structuredClone(o);
    const keys = [...Object.keys(copy), 'id', 'date', 'text', 'score', 'sentiment', 'url', 'links', 'ref', 'op', 'at', 'metric', 'value', 'segment', 'unknown'];
    for (let n = 1 + int(2); n > 0; n--) {
      const k = pick(keys);
      if (int(4) === 0) delete copy[k];
      else copy[k] = structuredClone(pick(BAD));
    }
    return copy;
  };

  it('accept every plainly valid value, as zod does', () => {
    for (let i = 0; i < 300; i++) {
      const r = validRecord(i);
      assert.deepEqual(fastFeedbackRecord(structuredClone(r)), FeedbackRecord.parse(structuredClone(r)));
      const t = validTag(i);
      assert.deepEqual(fastTagDecision(structuredClone(t)), TagDecision.parse(structuredClone(t)));
      // zod makes a metric point with its keys in the schema's order; so does the fast path.
      const m = validMetric(i);
      assert.equal(JSON.stringify(fastMetricPoint(structuredClone(m))), JSON.stringify(MetricPoint.parse(structuredClone(m))));
    }
  });

  it('never accept what zod rejects, and give zod\'s output when they accept (3,000 mutations each)', () => {
    let rejected = 0;
    for (let i = 0; i < 3000; i++) {
      for (const [value, fast, schema] of [
        [mutate(validRecord(i)), fastFeedbackRecord, FeedbackRecord],
        [mutate(validTag(i)), fastTagDecision, TagDecision],
        [mutate(validMetric(i)), fastMetricPoint, MetricPoint],
      ] as const) {
        const got = (fast as (raw: unknown) => unknown)(structuredClone(value));
        const expected = schema.safeParse(structuredClone(value));
        if (got === undefined) {
          rejected++;
          continue;
        }
        assert.ok(expected.success, `fast path accepted what zod rejects: ${JSON.stringify(value)}`);
        assert.deepEqual(got, expected.data, JSON.stringify(value));
      }
    }
    assert.ok(rejected > 1500, `only ${rejected} mutations rejected: the mutations are too mild to test anything`);
  });
});

describe('a metrics series written plainly', () => {
  it('is read by its lines as the CSV parse reads it; any other text is left to the CSV parse', () => {
    const { int, pick } = randomTools(31);
    const row = () => `${pick(['checkout.conversion', 'pay-1.m0', 'a.b', 'Checkout.x', 'a_b.c', 'nodot'])},${pick(['2026-05-25', '2026-12-31', '2026-05-25T10:00:00Z', '2026-13-01', '26-05-25', ''])},${pick(['64.8', '-3', '0', '1e3', ' 5', '5.', 'x', '', '12.50'])}`;
    const mutations = [
      (t: string) => t.replace('metric,date,value', 'metric,date,value,segment'),
      (t: string) => t.replace('\n', '\r\n'),
      (t: string) => t.replace(/,/, ',"').replace(/\n/, '"\n'),
      (t: string) => `\ufeff${t}`,
      (t: string) => `${t}\n\n`,
      (t: string) => t.replace(/\n([^\n]*)$/, '\n$1,extra'),
      (t: string) => t.replace('metric', ' metric'),
      (t: string) => t.replace(/\n/, '\n\n   \n'),
      (t: string) => t.trimEnd(),
    ];
    let plain = 0;
    for (let round = 0; round < 3000; round++) {
      // Valid rows, and in a third of the texts one row of cells of every kind.
      const rows = Array.from({ length: 1 + int(30) }, () => `${pick(['checkout.conversion', 'pay-1.m0'])},2026-0${1 + int(9)}-1${int(10)},${int(2) ? int(100) : `${int(100)}.${int(10)}`}`);
      if (round % 3 === 0) rows[int(rows.length)] = row();
      let text = `metric,date,value\n${rows.join('\n')}\n`;
      for (let m = int(3); m > 0; m--) text = pick(mutations)(text);
      const quick = plainMetrics('m.csv', text);
      if (quick) plain++;
      assert.deepEqual(quick ?? csvMetrics('m.csv', text), csvMetrics('m.csv', text), JSON.stringify(text));
      assert.deepEqual(loadMetrics('m.csv', text), csvMetrics('m.csv', text));
    }
    assert.ok(plain > 600, `only ${plain} of 3000 read plainly: the comparison would prove little`);
    assert.ok(plainMetrics('m.csv', 'metric,date,value\ncheckout.conversion,2025-12-01,41.7\ncheckout.conversion,2025-12-08,65.8\n'), 'the benchmark generator\'s form');
  });
});

describe('a tags log written plainly', () => {
  it('is read by its characters as JSON.parse reads it line by line; any other text is left to JSON.parse', () => {
    const { int, pick } = randomTools(37);
    const refs: unknown[] = [
      { journey: 'checkout/pay' }, { component: 'cart' }, { path: 'src/a.ts' }, { path: 'src/ü.ts', lines: [3, 9] }, { path: 'b.ts', lines: [1, 1] },
      { path: 'b.ts', lines: [9, 2] }, { path: 'b.ts', lines: [0, 2] }, { journey: '' }, { path: 'c.ts', lines: [1] }, { component: 'q"x' }, { other: 'x' },
    ];
    const decision = () => ({
      op: pick(['add', 'add', 'remove', 'keep']),
      feedback: pick(['F-1', 'ZD-20417', 'é-7', '', 'a\\b', 'tab\there']),
      ref: int(4) ? pick(refs.slice(0, 5)) : pick(refs),
      ...(int(3) ? { by: pick(['ana@corp.example', '', 'b"o']) } : {}),
      at: pick(['2026-10-26T06:40:00Z', '2026-10-26T06:40:00Z', '2026-10-26', '2026-02-30T10:00:00Z', '2026-10-26 06:40', 'soon']),
    });
    const mutations = [
      (t: string) => t.replace('{"op"', '{ "op"'),
      (t: string) => t.replace('"feedback":', '"feedback" :'),
      (t: string) => t.replace(/\n/, '\r\n'),
      (t: string) => `\ufeff${t}`,
      (t: string) => t.replace(/\n/, '\n\n  \n'),
      (t: string) => t.replace(/\n/, '\n\n'),
      (t: string) => t.replace('"at":', '"\\u0061t":'),
      (t: string) => t.replace(',"at"', ',"x":1,"at"'),
      (t: string) => t.replace(/"lines":\[(\d+)/, '"lines":[0$1'),
      (t: string) => t.replace(/"lines":\[(\d+)/, '"lines":[$1.0'),
      (t: string) => t.replace(/\}$/, '} '),
      (t: string) => t.replace(/^\{"op":"(\w+)","feedback":("[^"]*")/, '{"feedback":$2,"op":"$1"'),
      (t: string) => t.replace('}\n', '}'),
      (t: string) => `${t}\n`,
    ];
    let plain = 0;
    for (let round = 0; round < 3000; round++) {
      // Lines as the product writes them, and in a third of the logs one decision of values of every kind.
      const lines = Array.from({ length: 1 + int(20) }, () => {
        const d = { op: pick(['add', 'remove']), feedback: `F-${int(99)}`, ref: pick(refs.slice(0, 5)), ...(int(2) ? { by: 'ana@corp.example' } : {}), at: '2026-10-26T06:40:00Z' };
        return JSON.stringify(d);
      });
      if (round % 3 === 0) lines[int(lines.length)] = JSON.stringify(decision());
      let text = lines.join('\n');
      for (let m = int(3); m > 0; m--) text = pick(mutations)(text);
      const firstLine = int(4) ? 0 : int(50);
      const quick = plainTags('t.jsonl', text, firstLine);
      if (quick) plain++;
      const expected = jsonlTags('t.jsonl', text, firstLine);
      assert.deepEqual(quick ?? expected, expected, JSON.stringify(text));
      if (quick) quick.items.forEach((item, k) => assert.deepEqual(Object.keys(item.value), Object.keys(expected.items[k]!.value), 'key order'));
      assert.deepEqual(loadTags('t.jsonl', text, firstLine), expected);
    }
    assert.ok(plain > 600, `only ${plain} of 3000 read plainly: the comparison would prove little`);
    const written = tagLine({ op: 'add', feedback: 'ZD-1', ref: { path: 'src/a.ts', lines: [2, 4] }, by: 'ana@corp.example', at: '2026-10-26T06:40:00Z' });
    assert.ok(plainTags('t.jsonl', `${written}\n${written}\n`), 'the product\'s own lines');
  });
});
