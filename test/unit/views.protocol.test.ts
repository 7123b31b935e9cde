import { strict as assert } from 'node:assert';
import { contentSecurityPolicy, makeNonce, webviewHtml } from '../../src/extension/views/webviewHtml';
import { DEFAULT_FILTERS, HostMessage, isWebUrl, WebviewMessage, WebviewState } from '../../src/protocol/webview';
import type { ContextModel } from '../../src/protocol/webview';

const model: ContextModel = {
  refs: [],
  feedback: false,
  windowDays: 30,
  empty: { kind: 'noEditor', title: 'No file open', message: 'Open a file.' },
};

describe('webview protocol: webview → host', () => {
  it('accepts every message the webview sends', () => {
    const valid: unknown[] = [
      { type: 'ready' },
      { type: 'queryFeedback', query: 3, context: 2, filters: DEFAULT_FILTERS, offset: 0, limit: 50 },
      { type: 'queryFeedback', query: 4, context: 2, filters: { source: 'zendesk', sentiment: 'negative', segment: 'plus', period: '30', search: 'card', sort: 'negative' }, offset: 50, limit: 50 },
      { type: 'openExternal', url: 'https://acme.zendesk.example/tickets/1' },
      { type: 'openRef', ref: 'checkout/pay' },
      { type: 'linkFile' },
      { type: 'tagFeedback', id: 'ZD-1' },
    ];
    for (const m of valid) assert.ok(WebviewMessage.safeParse(m).success, JSON.stringify(m));
  });

  it('rejects unknown types, missing or mistyped fields and out-of-range pages', () => {
    const invalid: unknown[] = [
      null,
      'ready',
      {},
      { type: 'eval', code: 'alert(1)' },
      { type: 'queryFeedback', query: 1, context: 1, filters: DEFAULT_FILTERS, offset: -1, limit: 50 },
      { type: 'queryFeedback', query: 1, context: 1, filters: DEFAULT_FILTERS, offset: 0, limit: 100000 },
      { type: 'queryFeedback', query: 1, context: 1, filters: { ...DEFAULT_FILTERS, period: '365' }, offset: 0, limit: 50 },
      { type: 'queryFeedback', query: 1, context: 1, filters: { ...DEFAULT_FILTERS, sentiment: 'angry' }, offset: 0, limit: 50 },
      { type: 'queryFeedback', query: 1.5, context: 1, filters: DEFAULT_FILTERS, offset: 0, limit: 50 },
      { type: 'openExternal' },
      { type: 'openExternal', url: 42 },
      { type: 'openRef', ref: '' },
      { type: 'tagFeedback', id: '' },
      { type: 'tagFeedback', id: 'x'.repeat(501) },
    ];
    for (const m of invalid) assert.equal(WebviewMessage.safeParse(m).success, false, JSON.stringify(m));
  });
});

describe('webview protocol: host → webview', () => {
  it('accepts a context, a page, an error and a reveal', () => {
    const valid: unknown[] = [
      { type: 'context', seq: 1, model },
      {
        type: 'feedbackPage', query: 1, offset: 0, total: 1, facets: { source: ['zendesk'], segment: [] },
        rows: [{ id: 'ZD-1', text: '<img src=x onerror=alert(1)>', date: '2026-11-10', sentiment: 'negative', url: 'https://x.example/1' }],
      },
      { type: 'feedbackError', query: 2, message: 'server gone' },
      { type: 'reveal', ref: 'checkout/pay' },
      { type: 'reveal', row: { id: 'ZD-1', text: 'hi', date: '2026-11-10' } },
    ];
    for (const m of valid) assert.ok(HostMessage.safeParse(m).success, JSON.stringify(m));
  });

  it('rejects malformed models and sparkline paths that are not plain move/line commands', () => {
    const spark = (path: string) => ({
      type: 'context', seq: 1,
      model: { ...model, refs: [{
        ref: 'checkout', kind: 'journey', title: 'Checkout', via: [], atCursor: false, health: 'good', stats: [], window: 'w', quotes: [],
        metrics: [{ key: 'k', name: 'n', value: '1', arrow: '▲', tone: 'good', offTarget: false, label: 'l', sparkline: { path, last: { x: 1, y: 1 } } }],
      }] },
    });
    assert.ok(HostMessage.safeParse(spark('M3 4 L5 6')).success);
    assert.equal(HostMessage.safeParse(spark('M3 4 L5 6" onload="x')).success, false);
    assert.equal(HostMessage.safeParse({ type: 'context', seq: -1, model }).success, false);
    assert.equal(HostMessage.safeParse({ type: 'context', seq: 1, model: { ...model, windowDays: 0 } }).success, false);
    assert.equal(HostMessage.safeParse({ type: 'feedbackPage', query: 1, offset: 0, total: 0, rows: [{ id: 'x' }], facets: { source: [], segment: [] } }).success, false);
    assert.equal(HostMessage.safeParse({ type: 'reveal', row: { text: 'no id' } }).success, false);
  });

  it('keeps the webview state it saves, and refuses garbage there', () => {
    assert.ok(WebviewState.safeParse({ seq: 2, model, filters: DEFAULT_FILTERS, loaded: 100, scrollY: 20 }).success);
    assert.equal(WebviewState.safeParse(undefined).success, false);
    assert.equal(WebviewState.safeParse({ seq: 2, filters: {}, loaded: 0, scrollY: 0 }).success, false);
  });
});

describe('isWebUrl', () => {
  it('accepts http and https only', () => {
    for (const ok of ['https://acme.zendesk.example/tickets/1', 'http://example.com', 'HTTPS://EXAMPLE.COM/x?y=1#z']) assert.ok(isWebUrl(ok), ok);
    for (const bad of ['javascript:alert(1)', 'file:///etc/passwd', 'command:workbench.action.terminal.new', 'vscode://x', 'data:text/html,hi', 'https://', '//example.com', ' https://x.example', 'http:/x', 'ftp://example.com']) {
      assert.equal(isWebUrl(bad), false, bad);
    }
  });
});

describe('webview HTML', () => {
  it('has a strict CSP with a fresh nonce, and loads only the given files', () => {
    const nonce = makeNonce();
    assert.match(nonce, /^[A-Za-z0-9+/]{22}==$/);
    assert.notEqual(nonce, makeNonce());
    const csp = contentSecurityPolicy('https://csp.example', nonce);
    assert.equal(csp, `default-src 'none'; style-src https://csp.example; script-src 'nonce-${nonce}'; img-src https://csp.example data:; font-src https://csp.example`);
    const html = webviewHtml({ cspSource: 'https://csp.example', nonce, title: 'Customer <Context>', script: 'https://csp.example/a.js', styles: ['https://csp.example/a.css'] });
    assert.ok(html.includes(`content="${csp.replace(/'/g, "'")}"`));
    assert.ok(html.includes(`<script nonce="${nonce}" src="https://csp.example/a.js"></script>`));
    assert.ok(html.includes('<link rel="stylesheet" href="https://csp.example/a.css">'));
    assert.ok(html.includes('<title>Customer &lt;Context&gt;</title>'));
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.ok(!/unsafe-inline|unsafe-eval|http:\/\/|\bon\w+=/.test(html));
    assert.ok(!html.includes('class="codicons"'));
    assert.ok(webviewHtml({ cspSource: 'c', nonce, title: 't', script: 's', styles: [], codicons: true }).includes('<body class="codicons">'));
  });
});
