import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { computeCoverage } from '../../src/core/coverage';
import { loadDiskWorkspace } from '../../src/core/diskWorkspace';
import type { DiskWorkspace } from '../../src/core/diskWorkspace';
import { feedbackStats } from '../../src/core/feedbackStats';
import { SCORE_TYPES, SENTIMENT_CODES } from '../../src/core/feedbackTable';
import { formatProblem } from '../../src/core/problems';

const MINI = path.join(__dirname, '..', 'fixtures', 'mini');

describe('index of the mini fixture', () => {
  let ws: DiskWorkspace;
  before(async () => {
    ws = await loadDiskWorkspace(MINI, { root: '.cx', window: 30 });
  });

  it('lists the source files, skipping .cx', () => {
    assert.deepEqual(ws.sources.map((s) => [s.path, s.lines]), [
      ['src/cart/cart.ts', 1],
      ['src/payments/legacy/old.ts', 1],
      ['src/payments/pay.ts', 3],
      ['src/payments/retry.ts', 6],
      ['src/search/query.py', 3],
      ['src/shared/log.ts', 1],
    ]);
  });

  it('reports unknown references, with suggestions, and patterns that match nothing', () => {
    assert.deepEqual(ws.problems.map(formatProblem), [
      ".cx/components.yaml:18:16: error: unknown journey 'serch' (did you mean 'search'?)",
      ".cx/components.yaml:17:13: warning: pattern '/docs/' of component 'docs' matches no file",
      "src/search/query.py:1:23: warning: unknown journey 'serch' (did you mean 'search'?)",
    ].sort((a, b) => {
      const [fa, la] = a.split(':');
      const [fb, lb] = b.split(':');
      return fa! < fb! ? -1 : fa! > fb! ? 1 : Number(la) - Number(lb);
    }));
  });

  it('ends the window at the end of the day of the newest feedback', () => {
    assert.equal(ws.index.window.end.toISOString(), '2026-11-19T00:00:00.000Z');
  });

  it("gives a file's context: annotation first, then its components' journeys", () => {
    const ctx = ws.index.contextOf('src/payments/retry.ts');
    assert.deepEqual(ctx.components.map((c) => c.id), ['payments-api']);
    assert.deepEqual(ctx.refs.map((r) => [r.ref, r.via]), [
      ['refunds', [{ kind: 'annotation', line: 2 }]],
      ['checkout/pay', [{ kind: 'component', id: 'payments-api', name: 'Payments API' }]],
    ]);
    assert.equal(ctx.health, 'warning');
    const pay = ctx.refs[1]!;
    assert.equal(pay.title, 'Checkout › Pay');
    assert.equal(pay.outcome, 'The card payment succeeds on the first attempt.');
    assert.equal(pay.journeyOutcome, 'Customers pay for their cart in under a minute, first time.');
    assert.equal(pay.owner, '@acme/payments');
    assert.deepEqual(pay.metrics.map((m) => [m.key, m.latest?.value, m.previous?.value, m.trend, m.improving, m.offTarget]), [
      ['checkout.conversion', 61.8, 63.5, 'down', false, true],
      ['checkout.latency', 1.8, 2.4, 'down', true, false],
    ]);
    assert.deepEqual(pay.metrics[0]!.series.map((p) => p.value), [66, 63.5, 61.8]);
    // ZD-1 (own link) and ZD-2 (tagged) are in the window; ZD-3 (tagged to the component) is in the one before.
    assert.deepEqual(pay.stats.current, { count: 2, negative: 1, negativeShare: 0.5, csat: 3, csatCount: 2, nps: undefined, npsCount: 0 });
    assert.equal(pay.stats.previous.count, 1);
    assert.equal(pay.stats.previous.negative, 1);
    assert.deepEqual(pay.recent.map((f) => f.id), ['ZD-2', 'ZD-1', 'ZD-3']);
    assert.deepEqual(pay.mostNegative.map((f) => f.id), ['ZD-1', 'ZD-3']);
    assert.equal(pay.health, 'warning');
  });

  it('excludes a negated directory and includes feedback tagged to a path', () => {
    const legacy = ws.index.contextOf('src/payments/legacy/old.ts');
    assert.deepEqual(legacy.components, []);
    assert.deepEqual(legacy.refs, []);
    assert.equal(legacy.health, 'unknown');
    const log = ws.index.contextOf('src/shared/log.ts');
    assert.deepEqual(log.components.map((c) => c.id), ['shared']);
    assert.deepEqual(log.pathFeedback.map((p) => [p.item.id, p.lines]), [['ZD-4', [1, 1]]]);
  });

  it('folds the tags log: add, then remove', () => {
    assert.deepEqual(ws.index.feedbackRecord('NPS-3')!.links, []);
    assert.deepEqual(ws.index.feedbackRecord('NPS-1')!.links, [{ journey: 'checkout' }]);
    assert.deepEqual(ws.index.feedbackRecord('ZD-2')!.links, [{ journey: 'checkout/pay' }]);
  });

  it('computes journey-level NPS from its steps and itself', () => {
    const checkout = ws.index.refContext('checkout');
    // NPS-1 (10, promoter) tagged to the journey; ZD-1, ZD-2 csat; ZD-3 earlier.
    assert.equal(checkout.stats.current.count, 3);
    assert.equal(checkout.stats.current.nps, 100);
    const search = ws.index.refContext('search');
    assert.equal(search.stats.current.nps, -100);
  });

  it('queries feedback with filters, search, facets and paging', () => {
    const all = ws.index.queryFeedback({});
    assert.equal(all.total, 7);
    assert.deepEqual(all.facets, { source: ['nps', 'zendesk'], segment: ['free', 'plus'] });
    assert.deepEqual(ws.index.queryFeedback({ untagged: true }).items.map((f) => f.id), ['NPS-3']);
    assert.deepEqual(ws.index.queryFeedback({ sentiment: ['negative'], source: ['zendesk'] }).items.map((f) => f.id), ['ZD-4', 'ZD-1', 'ZD-3']);
    assert.deepEqual(ws.index.queryFeedback({ search: 'CARD declined' }).items.map((f) => f.id), ['ZD-1']);
    assert.deepEqual(ws.index.queryFeedback({ segment: ['free'], since: '2026-11-01' }).items.map((f) => f.id), ['NPS-3', 'NPS-2', 'ZD-2']);
    const page = ws.index.queryFeedback({ offset: 2, limit: 2 });
    assert.deepEqual([page.total, page.items.map((f) => f.id)], [7, ['NPS-1', 'ZD-4']]);
    assert.deepEqual(ws.index.queryFeedback({ path: 'src/payments/pay.ts' }).items.map((f) => f.id).sort(), ['ZD-1', 'ZD-2', 'ZD-3']);
  });

  it('resolves definitions of journeys, steps and components', () => {
    assert.deepEqual(ws.index.definition('checkout/pay')?.range.start, { line: 9, character: 12 });
    assert.equal(ws.index.definition('checkout')?.file, '.cx/journeys.yaml');
    assert.equal(ws.index.definition('cart')?.file, '.cx/components.yaml');
    assert.equal(ws.index.definition('nope'), undefined);
  });
});

describe('coverage of the mini fixture', () => {
  it('computes every figure', async () => {
    const ws = await loadDiskWorkspace(MINI, { root: '.cx', window: 30 });
    const c = computeCoverage(ws.index);
    assert.deepEqual(c.files, { total: 6, linked: 4, share: 4 / 6 });
    assert.deepEqual(c.lines, { total: 15, linked: 13, share: 13 / 15 });
    assert.deepEqual(c.feedback, { total: 7, tagged: 6, share: 6 / 7 });
    assert.deepEqual(c.journeysWithoutCode, [
      { ref: 'search/filters', name: 'Search › Filters' },
      { ref: 'onboarding', name: 'Onboarding' },
    ]);
    assert.deepEqual(c.componentsWithoutJourney, [
      { id: 'shared', name: 'Shared utilities', files: 1 },
      { id: 'docs', name: 'docs', files: 0 },
    ]);
    assert.deepEqual(c.negativeFilesWithoutJourney, [{ path: 'src/shared/log.ts', negative: 1, feedback: 1, negativeShare: 1 }]);
    assert.deepEqual(c.journeys.map((j) => [j.ref, j.files, j.components]), [
      ['checkout', 3, ['payments-api', 'cart']],
      ['search', 1, []],
      ['refunds', 1, []],
      ['onboarding', 0, []],
    ]);
    assert.deepEqual(c.perFile.find((f) => f.path === 'src/payments/pay.ts'), {
      path: 'src/payments/pay.ts', lines: 3, refs: ['checkout/pay'], components: ['payments-api'], feedback: 1, negative: 1,
    });
  });
});

describe('built-in feedback statistics', () => {
  it('computes count, negative share, CSAT and NPS per window', () => {
    const day = (d: string) => Date.parse(`${d}T12:00:00Z`);
    const records = [
      { time: day('2026-11-10'), sentiment: 'negative', score: { type: 'nps', value: 3 } },
      { time: day('2026-11-11'), sentiment: 'positive', score: { type: 'nps', value: 9 } },
      { time: day('2026-11-12'), sentiment: 'positive', score: { type: 'nps', value: 10 } },
      { time: day('2026-11-13'), sentiment: 'neutral', score: { type: 'nps', value: 7 } },
      { time: day('2026-11-14'), sentiment: undefined, score: { type: 'csat', value: 4 } },
      { time: day('2026-10-01'), sentiment: 'negative', score: { type: 'csat', value: 2 } },
    ];
    const columns = {
      time: Float64Array.from(records, (r) => r.time),
      sentiment: Uint8Array.from(records, (r) => SENTIMENT_CODES.indexOf(r.sentiment as never)),
      scoreType: Uint8Array.from(records, (r) => SCORE_TYPES.indexOf(r.score.type as never)),
      scoreValue: Float64Array.from(records, (r) => r.score.value),
    };
    const stats = feedbackStats([0, 1, 2, 3, 4, 5], columns, Date.parse('2026-11-15T00:00:00Z'), 30);
    assert.deepEqual(stats.current, { count: 5, negative: 1, negativeShare: 0.2, csat: 4, csatCount: 1, nps: 25, npsCount: 4 });
    assert.deepEqual(stats.previous, { count: 1, negative: 1, negativeShare: 1, csat: 2, csatCount: 1, nps: undefined, npsCount: 0 });
    assert.equal(stats.window.from, '2026-10-16T00:00:00.000Z');
    assert.equal(stats.total, 6);
  });
});
