import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { loadDiskWorkspace } from '../../src/core/diskWorkspace';
import type { DiskWorkspace } from '../../src/core/diskWorkspace';
import type { FeedbackStats } from '../../src/core/feedbackStats';
import { buildContextModel, cursorKey, feedbackParams, feedbackRow, metricTile, sparkline, statTiles, windowEndOf } from '../../src/extension/views/contextModel';
import type { FileContextResult } from '../../src/protocol/lsp';
import { ContextModel, DEFAULT_FILTERS, SPARK_HEIGHT, SPARK_WIDTH } from '../../src/protocol/webview';

const MINI = path.join(__dirname, '..', 'fixtures', 'mini');
const FOLDER = 'file:///work/mini';

describe('context view model', () => {
  let ws: DiskWorkspace;
  const ctxOf = (rel: string): FileContextResult => ({ ...ws.index.contextOf(rel), workspaceFolder: FOLDER });
  const ready = (rel: string, cursorLine?: number) =>
    buildContextModel({ state: 'ready', file: { name: path.basename(rel), path: rel }, result: ctxOf(rel), ...(cursorLine !== undefined ? { cursorLine } : {}) });

  before(async () => {
    ws = await loadDiskWorkspace(MINI, { root: '.cx', window: 30 });
  });

  it('shows a file: header, its journeys and steps main first, metric and feedback tiles, the list', () => {
    const m = ready('src/payments/retry.ts');
    assert.ok(ContextModel.safeParse(m).success, 'the model passes the protocol schema');
    assert.deepEqual(m.file, { name: 'retry.ts', path: 'src/payments/retry.ts', health: 'warning', components: [{ name: 'Payments API', owner: '@acme/payments' }] });
    assert.equal(m.empty, undefined);
    assert.equal(m.feedback, true);
    assert.deepEqual(m.refs.map((r) => [r.ref, r.kind, r.title, r.via]), [
      ['refunds', 'journey', 'Refunds', ['@cx on line 3']],
      ['checkout/pay', 'step', 'Checkout › Pay', ['component Payments API']],
    ]);
    const pay = m.refs[1]!;
    assert.equal(pay.outcome, 'The card payment succeeds on the first attempt.');
    assert.equal(pay.journeyOutcome, 'Customers pay for their cart in under a minute, first time.');
    assert.equal(pay.owner, '@acme/payments');
    assert.equal(pay.health, 'warning');
    assert.equal(pay.window, 'last 30 days, to 2026-11-18');
    assert.deepEqual(pay.metrics.map((t) => [t.name, t.value, t.target, t.arrow, t.tone, t.offTarget, t.change]), [
      ['Checkout conversion', '61.8%', 'target 65%', '▼', 'bad', true, 'from 63.5% (2026-10-08)'],
      ['Payment latency', '1.8 s', 'target 2 s', '▼', 'good', false, 'from 2.4 s (2026-10-08)'],
    ]);
    assert.equal(pay.metrics[0]!.label, 'Checkout conversion: 61.8%, target 65%, falling from 63.5% (2026-10-08), off target');
    assert.ok(pay.metrics[0]!.sparkline);
    assert.deepEqual(pay.stats.map((s) => [s.id, s.value, s.change, s.arrow, s.tone]), [
      ['count', '2', '+1 vs previous 30 days', '▲', 'neutral'],
      ['negative', '50%', '−50 pts vs previous 30 days', '▼', 'good'],
      ['csat', '3.0', 'none in the previous 30 days', '', 'neutral'],
    ]);
    assert.deepEqual(m.refs[0]!.stats, [], 'refunds has no feedback in either window');
    assert.deepEqual(pay.quotes.map((q) => q.id), ['ZD-1', 'ZD-3']);
  });

  it('puts the refs of the @cx line under the cursor first and marks them', () => {
    const m = ready('src/payments/retry.ts', 2);
    assert.deepEqual(m.refs.map((r) => [r.ref, r.atCursor]), [['refunds', true], ['checkout/pay', false]]);
    // In the order the @cx line names them, whatever the index's order.
    const ctx = ctxOf('src/payments/retry.ts')!;
    const swapped = buildContextModel({
      state: 'ready', file: { name: 'retry.ts', path: 'src/payments/retry.ts' }, cursorLine: 2,
      result: { ...ctx, annotations: [{ ...ctx.annotations[0]!, refs: ['checkout/pay', 'refunds'] }] },
    });
    assert.deepEqual(swapped.refs.map((r) => [r.ref, r.atCursor]), [['checkout/pay', true], ['refunds', true]]);
    const elsewhere = ready('src/payments/retry.ts', 4);
    assert.ok(elsewhere.refs.every((r) => !r.atCursor));
  });

  it('shows feedback tagged to the lines around the cursor', () => {
    const m = ready('src/shared/log.ts', 0);
    assert.deepEqual(m.cursor, { line: 0, feedback: [{ id: 'ZD-4', text: 'The logger spams my console.', source: 'zendesk', date: '2026-11-14', sentiment: 'negative', lines: 'line 1' }] });
    assert.equal(ready('src/shared/log.ts').cursor, undefined);
    assert.notEqual(cursorKey(ctxOf('src/shared/log.ts'), 0), cursorKey(ctxOf('src/shared/log.ts'), 5));
    assert.equal(cursorKey(ctxOf('src/payments/retry.ts'), 0), cursorKey(ctxOf('src/payments/retry.ts'), 4));
    assert.notEqual(cursorKey(ctxOf('src/payments/retry.ts'), 2), cursorKey(ctxOf('src/payments/retry.ts'), 4));
  });

  it('has a clear empty state, with Link File to Journey…, for a file without context', () => {
    const legacy = ready('src/payments/legacy/old.ts');
    assert.deepEqual(legacy.refs, []);
    assert.equal(legacy.feedback, false);
    assert.equal(legacy.empty?.kind, 'noContext');
    assert.deepEqual(legacy.empty?.action, { id: 'linkFile', label: 'Link File to Journey…' });
    // A component without journeys, with feedback on the file: the list still shows.
    const log = ready('src/shared/log.ts');
    assert.equal(log.empty?.kind, 'noContext');
    assert.equal(log.feedback, true);
  });

  it('has empty states for no editor, no .cx/ folder, loading and errors', () => {
    assert.equal(buildContextModel({ state: 'noEditor' }).empty?.kind, 'noEditor');
    const none = buildContextModel({ state: 'ready', file: { name: 'a.ts', path: 'a.ts' }, result: null });
    assert.equal(none.empty?.kind, 'noWorkspace');
    assert.equal(none.feedback, false);
    assert.equal(buildContextModel({ state: 'loading', file: { name: 'a.ts', path: 'a.ts' } }).empty?.kind, 'loading');
    const err = buildContextModel({ state: 'error', message: 'server crashed' });
    assert.deepEqual([err.empty?.kind, err.empty?.message], ['error', 'server crashed']);
    for (const m of [none, err]) assert.ok(ContextModel.safeParse(m).success);
  });

  it('formats feedback rows, keeping only http(s) originals', () => {
    const zd1 = ws.index.feedbackRecord('ZD-1')!;
    assert.deepEqual(feedbackRow(zd1), {
      id: 'ZD-1', text: 'My card was declined twice.', title: 'Declined', source: 'zendesk', date: '2026-11-10', sentiment: 'negative',
      score: 'CSAT 1/5', segment: 'plus', url: 'https://acme.zendesk.example/tickets/1',
    });
    assert.equal(feedbackRow({ ...zd1, url: 'javascript:alert(1)' }).url, undefined);
    assert.equal(feedbackRow({ ...zd1, score: { type: 'nps', value: 9 } }, [40, 62]).score, 'NPS 9/10');
    assert.equal(feedbackRow(zd1, [40, 62]).lines, 'lines 40–62');
  });
});

describe('metric tiles and sparklines', () => {
  const base = { key: 'j.m', id: 'm', name: 'M', better: 'higher' as const, trend: 'none' as const, improving: undefined, offTarget: undefined, series: [] };

  it('shows a metric without data as such', () => {
    const t = metricTile(base);
    assert.deepEqual([t.value, t.arrow, t.tone, t.offTarget, t.change, t.sparkline, t.label], ['–', '', 'neutral', false, 'no data yet', undefined, 'M: –, no data yet']);
  });

  it('draws the series in the box, the target inside the range, and the latest point', () => {
    const s = sparkline([10, 20, 15], 30)!;
    assert.ok(s);
    const pts = s.path.split(/\s*[ML]/).filter(Boolean).map((p) => p.trim().split(' ').map(Number));
    assert.equal(pts.length, 3);
    for (const [x, y] of pts) {
      assert.ok(x! >= 0 && x! <= SPARK_WIDTH && y! >= 0 && y! <= SPARK_HEIGHT, `${x},${y}`);
    }
    assert.ok(pts[1]![1]! < pts[0]![1]!, 'higher values are drawn higher');
    assert.deepEqual(s.last, { x: pts[2]![0], y: pts[2]![1] });
    assert.ok(s.targetY! < pts[1]![1]!, 'the target 30 is above every point');
    assert.match(s.path, /^M[\d.]+ [\d.]+( L[\d.]+ [\d.]+)+$/);
  });

  it('needs two points, survives a flat series and keeps the latest 60 of a long one', () => {
    assert.equal(sparkline([]), undefined);
    assert.equal(sparkline([5]), undefined);
    assert.ok(sparkline([5, 5, 5])!.path.length > 0);
    const long = sparkline(Array.from({ length: 10_000 }, (_, i) => i));
    assert.equal(long!.path.split('L').length, 60);
    assert.equal(sparkline([1, Number.NaN, 2])!.path.split('L').length, 2);
  });
});

describe('feedback statistics tiles', () => {
  const stats = (cur: Partial<FeedbackStats['current']>, prev: Partial<FeedbackStats['previous']>): FeedbackStats => {
    const empty = { count: 0, negative: 0, negativeShare: undefined, csat: undefined, csatCount: 0, nps: undefined, npsCount: 0 };
    return { window: { from: '', to: '2026-11-19T00:00:00.000Z', days: 30 }, current: { ...empty, ...cur }, previous: { ...empty, ...prev }, total: 0 };
  };

  it('colours a falling NPS and a rising negative share as bad, and says how much they changed', () => {
    const t = statTiles(stats({ count: 10, negativeShare: 0.4, nps: -12, npsCount: 5, csat: 4.25, csatCount: 4 }, { count: 12, negativeShare: 0.25, nps: 20, npsCount: 5, csat: 4, csatCount: 4 }));
    assert.deepEqual(t.map((x) => [x.id, x.value, x.change, x.arrow, x.tone]), [
      ['count', '10', '−2 vs previous 30 days', '▼', 'neutral'],
      ['negative', '40%', '+15 pts vs previous 30 days', '▲', 'bad'],
      ['csat', '4.3', '+0.3 vs previous 30 days', '▲', 'good'],
      ['nps', '-12', '−32 vs previous 30 days', '▼', 'bad'],
    ]);
  });

  it('says when a window has nothing to compare, and shows nothing without feedback', () => {
    assert.deepEqual(statTiles(stats({}, {})), []);
    const t = statTiles(stats({}, { count: 2, negative: 1, negativeShare: 0.5, nps: 0, npsCount: 2 }));
    assert.deepEqual(t.map((x) => [x.id, x.value, x.change]), [
      ['count', '0', '−2 vs previous 30 days'],
      ['negative', '–', 'no feedback in the window'],
      ['nps', '–', 'no NPS scores in the window'],
    ]);
  });
});

describe('feedback list params', () => {
  it('turns the filters into a customerContext/feedback request counted back from the window end', () => {
    const end = Date.parse('2026-11-19T00:00:00.000Z');
    assert.deepEqual(feedbackParams('file:///a.ts', DEFAULT_FILTERS, end, 0, 50), { uri: 'file:///a.ts', sort: 'recent', offset: 0, limit: 50 });
    assert.deepEqual(
      feedbackParams('file:///a.ts', { source: 'zendesk', sentiment: 'negative', segment: 'plus', period: '7', search: '  card  ', sort: 'negative' }, end, 50, 50),
      { uri: 'file:///a.ts', source: ['zendesk'], sentiment: ['negative'], segment: ['plus'], since: '2026-11-12T00:00:00.000Z', search: 'card', sort: 'negative', offset: 50, limit: 50 },
    );
  });

  it('takes the window end from the context, else the end of today', () => {
    assert.equal(windowEndOf(null, Date.parse('2026-11-24T08:00:00Z')), Date.parse('2026-11-25T00:00:00Z'));
  });
});
