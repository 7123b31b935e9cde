/** The Coverage Map's messages (src/protocol/webview.ts): what each side accepts, and what it drops. */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { computeCoverage } from '../../src/core/coverage';
import { coverageToJson } from '../../src/core/coverageReportJson';
import { loadDiskWorkspace } from '../../src/core/diskWorkspace';
import { CoverageHostMessage, CoverageMapState, CoverageWebviewMessage } from '../../src/protocol/webview';

const MINI = path.join(__dirname, '..', 'fixtures', 'mini');

describe('Coverage Map messages', () => {
  it('host → webview: the report as the json format, or a message instead', async () => {
    const ws = await loadDiskWorkspace(MINI, { root: '.cx', window: 30 });
    const report = coverageToJson(computeCoverage(ws.index));
    const ok = CoverageHostMessage.safeParse({ type: 'coverage', seq: 1, folder: 'mini', report });
    assert.ok(ok.success);
    assert.deepEqual(ok.data.report, report);
    assert.ok(CoverageHostMessage.safeParse({ type: 'coverage', seq: 2, folder: 'mini', message: 'mini has no .cx/ folder' }).success);
    // With the filters applied, the choices and the treemap's scale, as the map's views come.
    const view = { filter: { owner: '@acme/payments' }, choices: { journeys: [{ ref: 'checkout', name: 'Checkout' }], owners: ['@acme/payments'], folders: ['src'] }, maxFileFeedback: 3 };
    const withView = CoverageHostMessage.safeParse({ type: 'coverage', seq: 3, folder: 'mini', report, ...view });
    assert.ok(withView.success);
    assert.deepEqual({ filter: withView.data.filter, choices: withView.data.choices, maxFileFeedback: withView.data.maxFileFeedback }, view);
    assert.ok(!CoverageHostMessage.safeParse({ type: 'coverage', seq: 3, folder: 'mini', report, ...view, maxFileFeedback: -1 }).success);
    assert.ok(!CoverageHostMessage.safeParse({ type: 'coverage', seq: 3, folder: 'mini', report, ...view, choices: { journeys: [], owners: [3], folders: [] } }).success);
    // A report that does not match the schema is dropped whole.
    assert.ok(!CoverageHostMessage.safeParse({ type: 'coverage', seq: 1, folder: 'mini', report: { ...report, files: { total: -1, linked: 0, share: 0 } } }).success);
    assert.ok(!CoverageHostMessage.safeParse({ type: 'coverage', seq: 1, folder: 'mini', report: { ...report, html: '<b>' } }).success);
    assert.ok(!CoverageHostMessage.safeParse({ type: 'context', seq: 1 }).success);
  });

  it('webview → host: open only workspace-relative paths, export only known formats', () => {
    const accepts = (m: unknown) => CoverageWebviewMessage.safeParse(m).success;
    assert.ok(accepts({ type: 'ready' }));
    assert.ok(accepts({ type: 'ready', filter: { owner: '@acme/payments' } }));
    assert.ok(accepts({ type: 'filter', filter: { journey: 'checkout', folder: 'src/pay' } }));
    assert.ok(accepts({ type: 'filter', filter: {} }));
    assert.ok(!accepts({ type: 'filter' }));
    assert.ok(!accepts({ type: 'filter', filter: { owner: 3 } }));
    assert.ok(!accepts({ type: 'filter', filter: { folder: 'x'.repeat(5000) } }));
    assert.ok(accepts({ type: 'openFile', path: 'src/a b/c.ts' }));
    assert.ok(accepts({ type: 'openFile', path: 'src/c.ts', line: 3, column: 7 }));
    for (const bad of ['/etc/passwd', '../outside.ts', 'src/../../x', 'C:\\x', 'src\\..\\..\\x', '']) assert.ok(!accepts({ type: 'openFile', path: bad }), bad);
    assert.ok(!accepts({ type: 'openFile', path: 'a.ts', line: 0 }));
    assert.ok(accepts({ type: 'openRef', ref: 'checkout/pay' }));
    assert.ok(!accepts({ type: 'openRef', ref: '' }));
    for (const format of ['md', 'json', 'csv', 'html']) assert.ok(accepts({ type: 'export', format, filter: { owner: '@acme/payments' } }), format);
    assert.ok(!accepts({ type: 'export', format: 'pdf', filter: {} }));
    assert.ok(!accepts({ type: 'export', format: 'md' }));
    assert.ok(!accepts({ type: 'run', command: 'x' }));
  });

  it('the state kept across reloads', () => {
    assert.ok(CoverageMapState.safeParse({ filter: { journey: 'checkout', folder: 'src' }, intensity: 'negative' }).success);
    assert.ok(!CoverageMapState.safeParse({ filter: {}, intensity: 'loud' }).success);
  });
});
