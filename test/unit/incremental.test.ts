/**
 * An index built from the previous one after an edit (lines appended to the tags log, a component, a source file or
 * the journeys changed) answers exactly as an index built afresh: problems, every ref's and component's feedback and
 * context, every file's context, every record. Random chains of edits, each from the index before it, with the
 * lookups that fill the caches in between; and reading only the appended lines of the tags log.
 */
import { strict as assert } from 'node:assert';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { appendableOf, appendedTags, combineCxFiles, digestOf, parseCxFile } from '../../src/core/cxData';
import type { CxFile } from '../../src/core/cxData';
import { CxIndex } from '../../src/core/cxIndex';
import type { SourceFile } from '../../src/core/cxIndex';
import { readCxFile } from '../../src/core/diskWorkspace';
import { LayeredMap } from '../../src/core/layeredMap';
import { ComponentMatcher, PathIndex, pathsTouchedBy } from '../../src/core/matcher';
import { loadComponentsWhole, loadComponentsYaml } from '../../src/core/yamlModel';
import { randomTools } from '../support/prng';

interface Component {
  id: string;
  paths: string[];
  journeys: string[];
}

const JOURNEYS = ['checkout', 'search', 'returns', 'account'];
const STEPS = ['pay', 'cart', 'query', 'label'];
const DIRS = ['src/pay', 'src/cart', 'src/search', 'lib/util', 'lib/util/deep', 'docs'];
const OPTIONS = { windowDays: 14 };

function journeysYaml(journeys: { id: string; steps: string[]; name?: string }[]): string {
  let y = 'journeys:\n';
  for (const j of journeys) {
    y += `  - id: ${j.id}\n    name: ${j.name ?? j.id}\n    steps:\n`;
    for (const s of j.steps) y += `      - id: ${s}\n        name: ${s}\n`;
  }
  return y;
}

function componentsYaml(components: Component[]): string {
  let y = 'components:\n';
  for (const c of components) {
    y += `  - id: ${c.id}\n    paths: [${c.paths.map((p) => JSON.stringify(p)).join(', ')}]\n    journeys: [${c.journeys.join(', ')}]\n`;
  }
  return y;
}

function annotated(p: string, ref: string | undefined): SourceFile {
  const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
  const annotations = ref ? [{ line: 0, range, refs: [{ ref, range }], malformed: [] }] : [];
  return { path: p, lines: 3, annotations } as unknown as SourceFile;
}

/** A workspace and the edits a user makes to it, each re-parsing only the file it touches (as the server does). */
function workspace(seed: number) {
  const { int, pick } = randomTools(seed);
  let journeys = JOURNEYS.map((id) => ({ id, steps: STEPS.slice(0, 2 + int(3)) }));
  const refs = () => [...journeys.flatMap((j) => [j.id, ...j.steps.map((s) => `${j.id}/${s}`)]), 'nope', 'checkout/nope'];
  let sources: SourceFile[] = [];
  for (let i = 0; i < 60; i++) sources.push(annotated(`${pick(DIRS)}/f${i}.${pick(['ts', 'md', 'py'])}`, i < 10 ? pick(refs().slice(0, -2)) : undefined));
  const pattern = () => pick([`/${pick(DIRS)}/`, '*.md', '!**/deep/', `/${pick(DIRS)}/*.ts`, '**/util/', `!/${pick(DIRS)}/`, '/nowhere/']);
  let components: Component[] = Array.from({ length: 8 }, (_, i) => ({
    id: `comp-${i}`,
    paths: [`/${pick(DIRS)}/`, pattern()],
    journeys: Array.from({ length: int(3) }, () => pick(refs())),
  }));
  const link = () => {
    const r = int(3);
    if (r === 0) return { journey: pick(refs()) };
    if (r === 1) return { component: pick([...components.map((c) => c.id), 'ghost']) };
    // Now and then a path that is not a file: some where the components' patterns reach.
    const p = int(8) ? pick(sources).path : pick(['gone/file.ts', `${pick(DIRS)}/gone.md`, `${pick(DIRS)}/gone.ts`]);
    return int(4) ? { path: p } : { path: p, lines: [1 + int(3), 4 + int(3)] };
  };
  const feedback: string[] = [];
  for (let i = 0; i < 200; i++) {
    feedback.push(JSON.stringify({
      id: `F-${i}`,
      date: `2026-11-${String(1 + int(28)).padStart(2, '0')}`,
      text: `text ${i}`,
      ...(int(2) ? { sentiment: pick(['negative', 'neutral', 'positive']) } : {}),
      ...(int(3) === 0 ? { score: { type: 'csat', value: 1 + int(5) } } : {}),
      links: Array.from({ length: int(3) }, link),
    }));
  }
  const tagLine = () => JSON.stringify({ op: int(4) ? 'add' : 'remove', feedback: int(10) ? `F-${int(200)}` : 'F-none', ref: link(), at: '2026-11-30' });
  let tagsText = `${Array.from({ length: 60 }, tagLine).join('\n')}\n`;
  const tagsFile = (): CxFile => ({ ...parseCxFile('.cx/tags.jsonl', 'tags', tagsText), appendable: appendableOf(Buffer.from(tagsText)) });
  let files: CxFile[] = [
    parseCxFile('.cx/journeys.yaml', 'journeys', journeysYaml(journeys)),
    parseCxFile('.cx/components.yaml', 'components', componentsYaml(components)),
    parseCxFile('.cx/feedback/a.jsonl', 'feedback', feedback.join('\n')),
    tagsFile(),
  ];
  const replace = (kind: CxFile['kind'], file: CxFile) => (files = files.map((f) => (f.kind === kind ? file : f)));

  const edits: Record<string, () => void> = {
    'append tags': () => {
      const before = files.find((f) => f.kind === 'tags')!;
      const tail = `${Array.from({ length: 1 + int(4) }, tagLine).join('\n')}\n`;
      tagsText += tail;
      replace('tags', appendedTags(before, Buffer.from(tail)));
    },
    'edit a component': () => {
      const at = int(components.length);
      const c = { ...components[at]! };
      const what = int(5);
      if (what === 0) c.paths = [...c.paths, pattern()];
      else if (what === 1) c.paths = c.paths.length > 1 ? c.paths.slice(1) : [pattern()];
      else if (what === 2) c.journeys = Array.from({ length: int(3) }, () => pick(refs()));
      else if (what === 3) c.id = `${c.id}x`;
      else c.paths = c.paths.map((p) => (p.startsWith('!') ? p.slice(1) : `!${p}`));
      components = components.map((x, i) => (i === at ? c : x));
      replace('components', parseCxFile('.cx/components.yaml', 'components', componentsYaml(components)));
    },
    'add or remove a component': () => {
      if (int(2) && components.length > 2) components = components.filter((_, i) => i !== int(components.length));
      else components = [...components, { id: `new-${int(1000)}`, paths: [pattern()], journeys: [pick(refs())] }];
      replace('components', parseCxFile('.cx/components.yaml', 'components', componentsYaml(components)));
    },
    'edit a source file': () => {
      const what = int(3);
      if (what === 0) sources = sources.map((s, i) => (i === int(sources.length) ? annotated(s.path, pick(refs())) : s));
      else if (what === 1) sources = sources.filter((_, i) => i !== int(sources.length));
      else sources = [...sources, annotated(`${pick(DIRS)}/n${int(1000)}.ts`, int(2) ? pick(refs()) : undefined)];
    },
    'edit the journeys': () => {
      journeys = journeys.map((j) => (int(3) ? j : { ...j, steps: STEPS.slice(0, 1 + int(4)) }));
      replace('journeys', parseCxFile('.cx/journeys.yaml', 'journeys', journeysYaml(journeys)));
    },
    // The same references, other names: what feedback is tagged to is carried over.
    'rename a journey': () => {
      const at = int(journeys.length);
      journeys = journeys.map((j, i) => (i === at ? { ...j, name: `${j.id} ${int(100)}` } : j));
      replace('journeys', parseCxFile('.cx/journeys.yaml', 'journeys', journeysYaml(journeys)));
    },
  };
  return { files: () => files, sources: () => sources, edits, int, pick };
}

/** Asserts that two indexes answer every question alike. */
function assertSameAnswers(a: CxIndex, b: CxIndex, what: string): void {
  assert.deepEqual(a.problems, b.problems, `${what}: problems`);
  assert.deepEqual(a.allFeedback(), b.allFeedback(), `${what}: records`);
  for (const q of [{ untagged: true }, { tagged: true }]) assert.deepEqual(a.queryFeedback({ ...q, limit: 1e6 }), b.queryFeedback({ ...q, limit: 1e6 }), `${what}: ${JSON.stringify(q)}`);
  const asked = [...b.allRefs(), ...b.componentList().map((c) => c.component.id), 'nope', 'comp-0', 'ghost'];
  for (const ref of asked) {
    assert.deepEqual(a.queryFeedback({ ref, limit: 1000 }), b.queryFeedback({ ref, limit: 1000 }), `${what}: feedback of ${ref}`);
    if (b.resolve(ref)) assert.deepEqual(a.refContext(ref), b.refContext(ref), `${what}: context of ${ref}`);
  }
  for (const f of b.sourceFiles()) {
    assert.deepEqual(a.contextOf(f.path), b.contextOf(f.path), `${what}: ${f.path}`);
    assert.deepEqual(a.statsOf({ path: f.path }), b.statsOf({ path: f.path }), `${what}: stats of ${f.path}`);
  }
}

describe('an index updated from the previous one answers as a fresh one', () => {
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`seed ${seed}: a chain of 25 random edits`, () => {
      const w = workspace(seed);
      const kinds = Object.keys(w.edits);
      let index = new CxIndex(combineCxFiles(w.files()), w.sources(), OPTIONS);
      if (seed % 2) index.summarize();
      const seen = new Map<string, number>();
      for (let step = 0; step < 25; step++) {
        // Now and then two edits land in one re-index (the server debounces): e.g. a tag append with a journeys edit.
        const kind = w.int(4) ? w.pick(kinds) : `${w.pick(kinds)} + ${w.pick(kinds)}`;
        for (const one of kind.split(' + ')) w.edits[one]!();
        seen.set(kind, (seen.get(kind) ?? 0) + 1);
        const updated = new CxIndex(combineCxFiles(w.files(), index.data), w.sources(), OPTIONS, index);
        const fresh = new CxIndex(combineCxFiles(w.files()), w.sources(), OPTIONS);
        // Some lookups before the comparison, so that the next step starts from an index with filled caches.
        for (let i = 0; i < 5; i++) updated.contextOf(w.pick(w.sources()).path);
        if (w.int(3) === 0) updated.summarize();
        assertSameAnswers(updated, fresh, `step ${step} (${kind})`);
        index = updated;
      }
      assert.ok(seen.size >= 5, `only ${[...seen.keys()].join(', ')} were tried`);
      assert.ok([...seen.keys()].some((k) => k.includes(' + ')), 'two edits in one re-index were tried');
    });
  }

  it('a pattern edit after tag appends reaches the paths outside the files that the appends tagged or untagged', () => {
    const tag = (op: string, feedback: string, p: string) => `${JSON.stringify({ op, feedback, ref: { path: p }, at: '2026-11-30' })}\n`;
    let tagsText = tag('add', 'F-2', 'lib/old.ts');
    const feedback = ['F-1', 'F-2', 'F-3'].map((id, i) => JSON.stringify({ id, date: `2026-11-0${i + 1}`, text: id, links: [{ journey: 'checkout' }] }));
    const componentsFile = (paths: string[]) => parseCxFile('.cx/components.yaml', 'components', componentsYaml([{ id: 'web', paths, journeys: ['checkout/pay'] }]));
    let files: CxFile[] = [
      parseCxFile('.cx/journeys.yaml', 'journeys', journeysYaml([{ id: 'checkout', steps: ['pay'] }])),
      componentsFile(['/src/']),
      parseCxFile('.cx/feedback/a.jsonl', 'feedback', feedback.join('\n')),
      { ...parseCxFile('.cx/tags.jsonl', 'tags', tagsText), appendable: appendableOf(Buffer.from(tagsText)) },
    ];
    const sources = [annotated('src/a.ts', undefined)];
    const replace = (kind: CxFile['kind'], file: CxFile) => (files = files.map((f) => (f.kind === kind ? file : f)));
    const append = (line: string) => {
      tagsText += line;
      replace('tags', appendedTags(files.find((f) => f.kind === 'tags')!, Buffer.from(line)));
    };
    let index = new CxIndex(combineCxFiles(files), sources, OPTIONS);
    const next = (what: string) => {
      index = new CxIndex(combineCxFiles(files, index.data), sources, OPTIONS, index);
      index.queryFeedback({ ref: 'web', limit: 10 }); // what feedback is tagged to, as a lookup builds it
      assertSameAnswers(index, new CxIndex(combineCxFiles(files), sources, OPTIONS), what);
    };
    index.summarize();
    replace('components', componentsFile(['/src/', '/docs/']));
    next('a first pattern edit (the tagged paths outside the files found)');
    append(tag('add', 'F-1', 'lib/gone.ts'));
    next('a path outside the files tagged');
    append(tag('remove', 'F-2', 'lib/old.ts'));
    next('the last tag of another taken away');
    replace('components', componentsFile(['/src/', '/docs/', '/lib/']));
    next('a pattern edit reaching both');
    const ids = (q: object) => index.queryFeedback({ ...q, limit: 10 }).items.map((f) => f.id);
    assert.deepEqual(ids({ ref: 'web' }), ['F-1'], 'the component now has the feedback tagged to the path outside the files');
    assert.deepEqual(ids({ ref: 'checkout/pay' }), ['F-1']);
  });

  it('a tag append to a summarized index folds only the new lines and keeps the untouched refs\' contexts', () => {
    const w = workspace(42);
    const before = new CxIndex(combineCxFiles(w.files()), w.sources(), OPTIONS);
    before.summarize();
    w.edits['append tags']!();
    const after = new CxIndex(combineCxFiles(w.files(), before.data), w.sources(), OPTIONS, before);
    const inside = (i: CxIndex) => i as unknown as { folded: { feedback: unknown[] }; refFeedback?: unknown; matcher: unknown; refCache: Map<string, unknown> };
    assert.notEqual(inside(after).folded, inside(before).folded);
    assert.equal(inside(after).matcher, inside(before).matcher, 'the matcher is lent');
    assert.ok(inside(after).refFeedback, 'the feedback of each ref is carried, not dropped');
    assert.ok(inside(after).refCache.size > 0, 'the contexts of refs the new tags do not touch are kept');
    assertSameAnswers(after, new CxIndex(combineCxFiles(w.files()), w.sources(), OPTIONS), 'append');
  });

  it('an edit of the journeys carries what feedback is tagged to: as it was when the references are the same, re-keyed when they are not', () => {
    const w = workspace(43);
    const before = new CxIndex(combineCxFiles(w.files()), w.sources(), OPTIONS);
    before.summarize();
    const inside = (i: CxIndex) => i as unknown as { refFeedback?: { sets: Map<string, unknown> } };
    w.edits['rename a journey']!();
    const renamed = new CxIndex(combineCxFiles(w.files(), before.data), w.sources(), OPTIONS, before);
    assert.ok(inside(renamed).refFeedback, 'carried over a rename');
    assertSameAnswers(renamed, new CxIndex(combineCxFiles(w.files()), w.sources(), OPTIONS), 'a rename');
    // Steps added or taken away: other references, and the targets that name them re-keyed.
    const refs = new Set(renamed.allRefs());
    for (let i = 0; i < 20 && renamed.allRefs().length === refs.size && renamed.allRefs().every((r) => refs.has(r)); i++) w.edits['edit the journeys']!();
    const edited = new CxIndex(combineCxFiles(w.files(), renamed.data), w.sources(), OPTIONS, renamed);
    assert.ok(!edited.allRefs().every((r) => refs.has(r)) || edited.allRefs().length !== refs.size, 'the references changed');
    assert.ok(inside(edited).refFeedback, 'carried over other references');
    assertSameAnswers(edited, new CxIndex(combineCxFiles(w.files()), w.sources(), OPTIONS), 'other references');
  });
});

describe('reading only what was appended to the tags log', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cx-tags-'));
    mkdirSync(path.join(dir, '.cx'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const line = (i: number, extra = '') => `{"op":"add","feedback":"F-${i}","ref":{"journey":"checkout"},"at":"2026-11-30"${extra}}\n`;

  it('parses the new lines only, numbered after the old ones, and gives what a full read gives', async () => {
    const file = path.join(dir, '.cx', 'tags.jsonl');
    writeFileSync(file, `\ufeff${line(1)}${line(2)}\n`);
    const first = (await readCxFile(dir, '.cx/tags.jsonl', '.cx'))!;
    assert.equal(first.appendable?.lines, 3);
    appendFileSync(file, `${line(3)}{"op":"add","feedback":7}\n${line(4)}`);
    const next = (await readCxFile(dir, '.cx/tags.jsonl', '.cx', undefined, first))!;
    const full = (await readCxFile(dir, '.cx/tags.jsonl', '.cx'))!;
    assert.deepEqual({ ...next, appendable: undefined }, { ...full, appendable: undefined });
    assert.deepEqual(digestOf(next.appendable!), digestOf(full.appendable!), 'the hash of the bytes read, gone on with the appended ones');
    assert.equal(next.appendable!.length, full.appendable!.length);
    assert.deepEqual(digestOf(first.appendable!), digestOf(appendableOf(Buffer.from(`\ufeff${line(1)}${line(2)}\n`))!), 'the first read\'s hash is as it was');
    assert.equal(next.appendable!.lines, full.appendable!.lines);
    assert.equal(next.tags[0], first.tags[0], 'the earlier lines are the very same items');
    assert.deepEqual(next.tags.map((t) => t.line), [0, 1, 3, 5]);
    assert.ok(next.problems.length > 0);
    assert.deepEqual(new Set(next.problems.map((p) => p.range.start.line)), new Set([4]), 'the bad new line is located in the file');
  });

  it('reads the whole log again when an earlier line changed, or the last line was not whole', async () => {
    const rel = '.cx/tags.jsonl';
    const write = (text: string) => writeFileSync(path.join(dir, rel), text);
    write(`${line(1)}${line(2)}`);
    const first = (await readCxFile(dir, rel, '.cx'))!;
    write(`${line(9)}${line(2)}${line(3)}`);
    const rewritten = (await readCxFile(dir, rel, '.cx', undefined, first))!;
    assert.deepEqual(rewritten.tags.map((t) => t.value.feedback), ['F-9', 'F-2', 'F-3']);
    assert.notEqual(rewritten.tags[1], first.tags[1]);
    write(`${line(1)}{"op":"add"`);
    const partial = (await readCxFile(dir, rel, '.cx'))!;
    assert.equal(partial.appendable, undefined, 'a log without a whole last line is read whole next time');
    write(`${line(1)}{"op":"add","feedback":"F-5","ref":{"journey":"search"},"at":"2026-11-30"}\n`);
    const completed = (await readCxFile(dir, rel, '.cx', undefined, partial))!;
    assert.deepEqual(completed.tags.map((t) => t.value.feedback), ['F-1', 'F-5']);
    assert.deepEqual(completed.problems, []);
  });
});

describe('the checks of one component agree with the matcher\'s', () => {
  it('PathIndex.unmatched and pathsTouchedBy, on random patterns and paths', () => {
    const { int, pick } = randomTools(5);
    const segs = ['src', 'lib', 'docs', 'a', 'b', 'test', 'deep'];
    for (let round = 0; round < 300; round++) {
      const paths = Array.from({ length: int(40) }, () => `${Array.from({ length: 1 + int(4) }, () => pick(segs)).join('/')}.${pick(['ts', 'md'])}`);
      const patterns = Array.from({ length: 1 + int(4) }, () =>
        `${int(4) ? '' : '!'}${pick(['/', '', '**/'])}${Array.from({ length: 1 + int(2) }, () => pick([...segs, '*', '*.md', 'b*'])).join('/')}${pick(['', '/', '/**'])}`);
      const matcher = new ComponentMatcher([{ id: 'c', paths: patterns }]);
      const expected = matcher.patternsMatchingNothing(paths).map((p) => p.patternIndex);
      assert.deepEqual(PathIndex.of(paths).unmatched(patterns), expected, `${patterns.join(' ')} on ${paths.join(' ')}`);
      // Every path whose membership the patterns decide is touched by them.
      const touched = new Set(pathsTouchedBy(patterns, paths));
      for (const p of paths) if (matcher.componentsOf(p).length) assert.ok(touched.has(p), `${p} is in the component but not touched`);
      const exact = new Set(paths.filter((p) => patterns.some((pattern) => new ComponentMatcher([{ id: 'x', paths: [pattern.replace(/^!/, '')] }]).componentsOf(p).length)));
      assert.deepEqual(touched, exact, patterns.join(' '));
    }
  });
});

describe('a large components file read item by item gives what a whole parse gives', () => {
  /** A random item of a components list, in the many ways YAML allows writing one. */
  function item(int: (n: number) => number, i: number): string {
    const id = `comp-${i}`;
    const paths = [`/services/s${i}/`, `!/services/s${i}/test/`, '**/*.proto', `/apps/a${i}/src/*.ts`].slice(0, 1 + int(4));
    const q = (x: string) => (int(2) ? JSON.stringify(x) : `'${x}'`);
    const parts = [
      `- id: ${id}`,
      int(2) ? `  name: ${int(2) ? `"Component ${i}: the #${i}"` : `Component ${i}`}` : '',
      int(3) ? `  owner: "@team-${int(5)}"` : '',
      int(3) ? `  paths:\n${paths.map((p) => `    - ${q(p)}`).join('\n')}` : `  paths: [${paths.map(q).join(', ')}]`,
      int(4) ? `  journeys:\n    - checkout/pay\n    - search` : '  journeys: [checkout]',
      int(5) ? '' : '  # a comment inside the item',
      int(6) ? '' : '  description: |\n    Several lines\n    - that look like items',
      int(5) ? '' : '\n# a comment between items\n',
    ];
    return parts.filter(Boolean).join('\n');
  }

  it('on random files and random edits of them, and falls back to the whole parse on problems and context', () => {
    const { int, pick } = randomTools(77);
    for (let round = 0; round < 20; round++) {
      const items = Array.from({ length: 60 + int(80) }, (_, i) => item(int, i));
      let text = `# components\ncomponents:\n${items.join('\n')}\n`;
      assert.ok(text.length > 8_000, 'large enough to be read item by item');
      for (let edit = 0; edit < 6; edit++) {
        const at = int(items.length);
        const kind = int(6);
        if (kind === 0) items[at] = items[at]!.replace('- id:', '- id: x').replace('x comp', 'xcomp');
        else if (kind === 1) items[at] = `${items[at]}\n  tags: [oops]`; // an unknown key: a problem, so read whole
        else if (kind === 2) items.splice(at, 1);
        else if (kind === 3) items.splice(at, 0, item(int, 1000 + round * 10 + edit));
        else if (kind === 4) items[at] = items[at]!.replace('paths:', 'paths: &p'); // an anchor: read whole
        else items[at] = pick(['- id: broken\n  paths: [unclosed', '- id: "bad\n  paths: []', items[at]!]);
        text = `# components\ncomponents:\n${items.join('\n')}\n`;
        const whole = loadComponentsWhole('.cx/components.yaml', text);
        assert.deepEqual(loadComponentsYaml('.cx/components.yaml', text), whole, `round ${round} edit ${edit}`);
        // Twice: the second from the items kept by text.
        assert.deepEqual(loadComponentsYaml('.cx/components.yaml', text), whole, `round ${round} edit ${edit}, again`);
      }
    }
  });
});

describe('the files indexed for one component\'s patterns (PathIndex)', () => {
  it('answers as a pass over every path: patterns matching nothing, paths touched', () => {
    const { int, pick } = randomTools(9);
    const segs = ['src', 'lib', 'docs', 'a', 'b', 'test', 'deep', 'x.y'];
    for (let round = 0; round < 300; round++) {
      const paths = [...new Set(Array.from({ length: int(60) }, () => `${Array.from({ length: 1 + int(4) }, () => pick(segs)).join('/')}${pick(['.ts', '.md', '.test.ts', ''])}`))];
      const patterns = Array.from({ length: 1 + int(5) }, () =>
        `${int(4) ? '' : '!'}${pick(['/', '', '**/'])}${Array.from({ length: 1 + int(2) }, () => pick([...segs, '*', '*.md', 'b*', '*.test.ts'])).join('/')}${pick(['', '/', '/**'])}`);
      const index = PathIndex.of(paths);
      assert.deepEqual(index.unmatched(patterns), new ComponentMatcher([{ id: 'c', paths: patterns }]).patternsMatchingNothing(paths).map((p) => p.patternIndex), patterns.join(' '));
      assert.deepEqual(index.touchedBy(patterns), new Set(pathsTouchedBy(patterns, paths)), patterns.join(' '));
    }
  });

  it('indexed for just the patterns asked about (the sources worker\'s), answers as the whole index', () => {
    const { int, pick } = randomTools(19);
    const segs = ['src', 'lib', 'docs', 'a', 'b', 'test', 'deep', 'x.y'];
    const pattern = () => `${int(4) ? '' : '!'}${pick(['/', '', '**/'])}${Array.from({ length: 1 + int(2) }, () => pick([...segs, '*', '*.md', 'b*', '*.test.ts', '*.y'])).join('/')}${pick(['', '/', '/**'])}`;
    for (let round = 0; round < 200; round++) {
      const paths = [...new Set(Array.from({ length: int(60) }, () => `${Array.from({ length: 1 + int(4) }, () => pick(segs)).join('/')}${pick(['.ts', '.md', '.test.ts', ''])}`))];
      const lists = Array.from({ length: int(6) }, () => Array.from({ length: int(5) }, pattern));
      const whole = PathIndex.of(paths);
      assert.deepEqual(PathIndex.unmatchedOf(paths, lists), lists.map((l) => whole.unmatched(l)), lists.map((l) => l.join(' ')).join(' | '));
    }
  });
});

describe('versions that share their entries', () => {
  it('LayeredMap: every version answers as a plain map with the same changes, across overlay merges', () => {
    const { int } = randomTools(21);
    let plain = new Map<number, number>(Array.from({ length: 3000 }, (_, i) => [i, i]));
    let layered = LayeredMap.of(new Map(plain));
    const versions: [Map<number, number>, LayeredMap<number, number>][] = [];
    for (let step = 0; step < 60; step++) {
      plain = new Map(plain);
      layered = layered.next();
      for (let k = 0; k < 1 + int(200); k++) {
        const key = int(4000);
        if (int(3)) {
          plain.set(key, step);
          layered.set(key, step);
        } else assert.equal(layered.delete(key), plain.delete(key));
      }
      versions.push([plain, layered]);
    }
    for (const [i, [p, l]] of versions.entries()) {
      // The keys changed between two versions of one first version: every key whose value differs is among them.
      for (const [j, [q, m]] of versions.entries()) {
        const changed = l.keysChangedSince(m);
        if (!changed) continue;
        for (let key = 0; key < 4000; key++) if (p.get(key) !== q.get(key)) assert.ok(changed.has(key), `versions ${i} and ${j}: ${key}`);
      }
      assert.equal(l.size, p.size);
      assert.deepEqual(new Map(l.entries()), p);
      assert.deepEqual(new Set(l.keys()), new Set(p.keys()));
      for (let key = 0; key < 4000; key += 7) {
        assert.equal(l.get(key), p.get(key));
        assert.equal(l.has(key), p.has(key));
      }
    }
  });
});
