/**
 * The coverage report in steps (`coverageSteps`, `filterSteps`), as the language server makes it in slices: the
 * same report as at once, with steps between the records and files of a large workspace; and `inSlices`, which
 * lets other events in between slices.
 */
import { strict as assert } from 'node:assert';
import { combineCxFiles, parseCxFile } from '../../src/core/cxData';
import { CxIndex } from '../../src/core/cxIndex';
import type { SourceFile } from '../../src/core/cxIndex';
import { computeCoverage, coverageSteps, filterCoverage, filterSteps } from '../../src/core/coverage';
import type { CoverageReport } from '../../src/core/coverage';
import { CoverageViews } from '../../src/core/coverageView';
import { inSlices } from '../../src/server/slices';
import { randomTools } from '../support/prng';

/** 6,000 files in 40 components and 12,000 feedback records, a third tagged. */
function largeIndex(): CxIndex {
  const { int, pick } = randomTools(4242);
  const journeys = ['checkout', 'search', 'account'];
  const jy = `journeys:\n${journeys.map((j) => `  - id: ${j}\n    name: ${j}\n    steps:\n      - id: one\n        name: One\n`).join('')}`;
  const components = Array.from({ length: 40 }, (_, i) => `comp-${i}`);
  const cy = `components:\n${components.map((c, i) => `  - id: ${c}\n    paths: ["/p${i}/"]\n    journeys: [${pick(journeys)}${int(2) ? '/one' : ''}]\n    owner: team-${i % 4}\n`).join('')}`;
  const files = Array.from({ length: 6_000 }, (_, i) => `p${i % 45}/d${i % 7}/f${i}.ts`);
  const feedback = Array.from({ length: 12_000 }, (_, i) =>
    JSON.stringify({
      id: `F-${i}`,
      date: '2026-11-20',
      text: `text ${i}`,
      sentiment: pick(['negative', 'neutral', 'positive']),
      links: int(3) ? [] : [pick([{ journey: pick(journeys) }, { component: pick(components) }, { path: pick(files) }])],
    }),
  );
  const data = combineCxFiles([
    parseCxFile('.cx/journeys.yaml', 'journeys', jy),
    parseCxFile('.cx/components.yaml', 'components', cy),
    parseCxFile('.cx/feedback/a.jsonl', 'feedback', feedback.join('\n')),
  ]);
  const sources: SourceFile[] = files.map((path, i) => ({ path, lines: 1 + (i % 50), annotations: [] }));
  return new CxIndex(data, sources, { windowDays: 30 });
}

/** Runs steps to the end, counting them. */
function stepsOf<T>(steps: Generator<void, T>): { value: T; count: number } {
  let count = 0;
  for (;;) {
    const step = steps.next();
    if (step.done) return { value: step.value, count };
    count++;
  }
}

describe('the coverage report in steps', () => {
  const at = { generatedAt: new Date('2026-12-01T00:00:00Z') };
  let index: CxIndex;
  let whole: CoverageReport;

  before(() => {
    index = largeIndex();
    whole = computeCoverage(index, at);
    assert.ok(whole.feedback.tagged > 3_000 && whole.files.total === 6_000 && whole.owners.length === 4);
  });

  it('coverageSteps: the same report, with steps between the files and records', () => {
    const { value, count } = stepsOf(coverageSteps(index, at));
    assert.deepEqual(value, whole);
    // A step every 4,096 files or records: 6,000 files, then 12,000 records twice (the matrix's counts, the folders').
    assert.ok(count >= 1 + 2 * 2, `${count} steps`);
  });

  it('filterSteps and the views: the same as at once, in steps', () => {
    for (const filter of [{ owner: 'team-1' }, { journey: 'checkout' }, { folder: 'p3' }]) {
      const { value, count } = stepsOf(filterSteps(whole, filter));
      assert.deepEqual(value, filterCoverage(whole, filter));
      assert.ok(count >= 4, `${count} steps`);
      const views = new CoverageViews(whole);
      assert.deepEqual(stepsOf(views.viewSteps(filter)).value, views.view(filter));
      assert.deepEqual(stepsOf(views.filteredSteps(filter)).value, views.filtered(filter));
    }
  });

  it('inSlices: the same report, with other events let in between slices', async () => {
    let between = 0;
    const ticker = setInterval(() => between++, 0);
    try {
      const report = await inSlices(coverageSteps(index, at), 0);
      assert.deepEqual(report, whole);
      assert.ok(between > 0, 'a timer ran while the report was made');
    } finally {
      clearInterval(ticker);
    }
    // A generator without steps answers without waiting.
    const none = (function* (): Generator<void, number> {
      return 7;
    })();
    assert.equal(await inSlices(none), 7);
  });
});
