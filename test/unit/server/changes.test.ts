import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileChangeType } from 'vscode-languageserver/node';
import type { CodeAction, CodeLens, Diagnostic, Hover, MarkupContent, TextEdit } from 'vscode-languageserver/node';
import type { CoverageResult, FeedbackResult, FileContextResult } from '../../../src/protocol/lsp';
import { copyFixture, ensureServerBuilt, LspClient, uriOf } from './harness';

const at = (line: number, character: number) => ({ line, character });
const range = (l1: number, c1: number, l2: number, c2: number) => ({ start: at(l1, c1), end: at(l2, c2) });
const brief = (d: Diagnostic[]) => d.map((x) => [x.range.start.line, x.range.start.character, x.range.end.line, x.range.end.character, x.code, x.message]);

describe('language server: keeping the index current', function () {
  this.timeout(30_000);
  let dir: string;
  let client: LspClient;
  const u = (rel: string) => uriOf(path.join(dir, rel));
  const file = (rel: string) => path.join(dir, rel);

  before(() => ensureServerBuilt());

  beforeEach(async () => {
    dir = copyFixture('mini');
    client = await LspClient.start({ folders: [dir] });
    await client.diagnosticsOf(u('src/search/query.py'));
  });

  afterEach(async () => {
    await client?.stop();
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  it('reports an unsaved edit that breaks journeys.yaml at the exact position, across files, and clears it when fixed', async () => {
    const journeys = await client.open(file('.cx/journeys.yaml'), 'yaml');
    const retry = u('src/payments/retry.ts');
    // An id that breaks the schema: the journey is lost, so the annotation that names it is unknown too.
    await client.change(journeys, [{ range: range(32, 8, 32, 9), text: 'R' }]);
    assert.deepEqual(brief(await client.diagnosticsOf(journeys, (d) => d.length > 0)), [
      [32, 8, 32, 15, 'schema', "journey: 'id' must be lower-case letters, digits and dashes, starting with a letter or digit"],
    ]);
    assert.deepEqual(brief(await client.diagnosticsOf(retry)), [[2, 7, 2, 14, 'unknown-reference', "unknown journey 'refunds'"]]);
    // A YAML syntax error, at the line and column where the parser stops.
    await client.change(journeys, [{ range: range(2, 10, 2, 10), text: '"' }]);
    assert.deepEqual(brief(await client.diagnosticsOf(journeys, (d) => d.some((x) => x.code === 'yaml-syntax'))).filter((d) => d[4] === 'yaml-syntax'), [
      [2, 19, 3, 0, 'yaml-syntax', 'Missing closing "quote'],
    ]);
    // The fixes: both files' diagnostics go away.
    await client.change(journeys, [{ range: range(2, 10, 2, 11), text: '' }, { range: range(32, 8, 32, 9), text: 'r' }]);
    await client.diagnosticsOf(journeys, (d) => d.length === 0);
    await client.diagnosticsOf(retry, (d) => d.length === 0);
    // Closing the document without saving: the file on disk counts again, which is fine.
    await client.close(journeys);
    const ctx = await client.request<FileContextResult>('customerContext/fileContext', { uri: retry });
    assert.deepEqual(ctx?.refs.map((r) => r.ref), ['refunds', 'checkout/pay']);
  });

  it('updates an annotation edited in the editor: diagnostics, CodeLens and context, and notifies indexChanged', async () => {
    const query = await client.open(file('src/search/query.py'), 'python');
    const changed = client.nextIndexChange(uriOf(dir));
    await client.change(query, [{ range: range(0, 22, 0, 27), text: 'search/filters' }]);
    await client.diagnosticsOf(query, (d) => d.length === 0);
    assert.deepEqual((await changed).folders, [uriOf(dir)]);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: query } });
    assert.deepEqual(lenses.map((l) => [l.range, l.command?.arguments?.[1]]), [
      [range(0, 2, 0, 36), 'search/results'],
      [range(0, 2, 0, 36), 'search/filters'],
    ]);
    // components.yaml still names 'serch'.
    assert.equal((await client.diagnosticsOf(u('.cx/components.yaml'))).length, 2);
  });

  it('counts lines typed in the editor in coverage, without re-indexing for them', async () => {
    const pay = await client.open(file('src/payments/pay.ts'), 'typescript');
    await client.change(pay, [{ range: range(3, 0, 3, 0), text: '\n// two more lines\n' }]);
    const cov = await client.request<CoverageResult>('customerContext/coverage', {});
    assert.deepEqual(cov?.lines, { total: 17, linked: 15, share: 15 / 17 });
  });

  it('picks up files written on disk (didChangeWatchedFiles): feedback with untrusted text, escaped in hovers', async () => {
    const evil = '<img src=x onerror=alert(1)> **Refund** [never](javascript:alert(1)) came';
    const record = { id: 'X-1', date: '2026-11-18', text: evil, sentiment: 'negative', links: [{ journey: 'refunds' }] };
    fs.writeFileSync(file('.cx/feedback/new.jsonl'), `${JSON.stringify(record)}\n`);
    const changed = client.nextIndexChange(uriOf(dir));
    await client.fileEvent(file('.cx/feedback/new.jsonl'), FileChangeType.Created);
    await changed;
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: u('src/payments/retry.ts') }, position: at(2, 8) });
    const value = (hover.contents as MarkupContent).value;
    assert.ok(value.includes('> “\\<img src\\=x onerror\\=alert\\(1\\)\\> \\*\\*Refund\\*\\* \\[never\\]\\(javascript\\:alert\\(1\\)\\) came” — 2026\\-11\\-18 · X\\-1 · negative'), value);
    assert.ok(typeof hover.contents === 'object' && !('isTrusted' in hover.contents));
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: u('src/payments/retry.ts') } });
    assert.equal(lenses[1]?.command?.title, 'Refunds · 1 feedback, 100% negative');

    // A new source file with an annotation; then both deleted again.
    fs.mkdirSync(file('src/refunds'));
    fs.writeFileSync(file('src/refunds/api.ts'), '// @cx refunds, refund\nexport {};\n');
    await client.fileEvent(file('src/refunds'), FileChangeType.Created);
    assert.deepEqual(brief(await client.diagnosticsOf(u('src/refunds/api.ts'))), [[0, 16, 0, 22, 'unknown-reference', "unknown journey 'refund' (did you mean 'refunds'?)"]]);
    fs.rmSync(file('src/refunds'), { recursive: true });
    fs.rmSync(file('.cx/feedback/new.jsonl'));
    await client.fileEvent(file('src/refunds'), FileChangeType.Deleted);
    await client.fileEvent(file('.cx/feedback/new.jsonl'), FileChangeType.Deleted);
    await client.diagnosticsOf(u('src/refunds/api.ts'), (d) => d.length === 0);
    const after = await client.request<FeedbackResult>('customerContext/feedback', { ref: 'refunds' });
    assert.equal(after?.total, 0);
  });

  it('reports a malformed file and still loads every other file and line', async () => {
    fs.writeFileSync(file('.cx/feedback/bad.jsonl'), '{"id":"B-1","date":"2026-11-18","text":"Refund took weeks","links":[{"journey":"refunds"}]}\n{"id":"B-2",}\n');
    fs.mkdirSync(file('.cx/journeys'));
    fs.writeFileSync(file('.cx/journeys/broken.yaml'), 'journeys:\n  - id: [\n');
    await client.fileEvent(file('.cx/feedback/bad.jsonl'), FileChangeType.Created);
    await client.fileEvent(file('.cx/journeys'), FileChangeType.Created);
    const bad = await client.diagnosticsOf(u('.cx/feedback/bad.jsonl'));
    assert.deepEqual(bad.map((d) => [d.range, d.code, d.severity]), [[range(1, 12, 1, 13), 'jsonl-syntax', 1]]);
    assert.deepEqual(brief(await client.diagnosticsOf(u('.cx/journeys/broken.yaml'))), [
      [1, 4, 1, 6, 'schema', "journey: 'name' is required"],
      [1, 8, 2, 0, 'schema', "journey: 'id' must be a string"],
      [2, 0, 2, 0, 'yaml-syntax', 'Flow sequence in block collection must be sufficiently indented and end with a ]'],
    ]);
    const page = await client.request<FeedbackResult>('customerContext/feedback', { ref: 'refunds' });
    assert.deepEqual(page?.items.map((i) => i.id), ['B-1']);
    const ctx = await client.request<FileContextResult>('customerContext/fileContext', { uri: u('src/payments/pay.ts') });
    assert.deepEqual(ctx?.refs.map((r) => r.ref), ['checkout/pay']);
  });

  it('creates a missing step with the quick fix, and the reference then resolves', async () => {
    const retry = await client.open(file('src/payments/retry.ts'), 'typescript');
    await client.change(retry, [{ range: range(2, 14, 2, 14), text: ', checkout/retry' }]);
    await client.diagnosticsOf(retry, (d) => d.length === 1);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: retry }, range: range(2, 20, 2, 20), context: { diagnostics: [] },
    });
    assert.deepEqual(actions.map((a) => a.title), [
      "Change to 'checkout/cart'",
      "Change to 'checkout/pay'",
      "Change to 'checkout'",
      "Create step 'retry' in journey 'checkout'",
    ]);
    const edits = actions[3]!.edit!.changes![u('.cx/journeys.yaml')] as TextEdit[];
    assert.deepEqual(edits, [{ range: range(12, 0, 12, 0), newText: '      - id: retry\n        name: Retry\n        outcome:\n' }]);
    // Apply it as the editor would: an edit of the (now open) journeys.yaml.
    const journeys = await client.open(file('.cx/journeys.yaml'), 'yaml');
    await client.change(journeys, edits.map((e) => ({ range: e.range, text: e.newText })));
    await client.diagnosticsOf(retry, (d) => d.length === 0);
    assert.deepEqual(client.diagnostics.get(journeys) ?? [], []);
  });

  it('creates a missing journey with the quick fix, in a new journeys.yaml when there is none', async () => {
    fs.renameSync(file('.cx/journeys.yaml'), file('.cx/old-journeys.txt'));
    await client.fileEvent(file('.cx/journeys.yaml'), FileChangeType.Deleted);
    const query = u('src/search/query.py');
    await client.diagnosticsOf(query, (d) => d.length === 2);
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: query }, range: range(0, 8, 0, 8), context: { diagnostics: [] },
    });
    assert.deepEqual(actions.map((a) => a.title), ["Create journey 'search' with step 'results' in .cx/journeys.yaml"]);
    assert.deepEqual(actions[0]!.edit, {
      documentChanges: [
        { kind: 'create', uri: u('.cx/journeys.yaml'), options: { ignoreIfExists: true } },
        {
          textDocument: { uri: u('.cx/journeys.yaml'), version: null },
          edits: [{ range: range(0, 0, 0, 0), newText: 'journeys:\n  - id: search\n    name: Search\n    outcome:\n    steps:\n      - id: results\n        name: Results\n        outcome:\n' }],
        },
      ],
    });
    // The editor creates the file and writes the text; the watcher reports it.
    fs.writeFileSync(file('.cx/journeys.yaml'), 'journeys:\n  - id: search\n    name: Search\n    outcome:\n    steps:\n      - id: results\n        name: Results\n        outcome:\n');
    await client.fileEvent(file('.cx/journeys.yaml'), FileChangeType.Created);
    assert.deepEqual(brief(await client.diagnosticsOf(query, (d) => d.length === 1)), [[0, 22, 0, 27, 'unknown-reference', "unknown journey 'serch' (did you mean 'search'?)"]]);
  });

  it('validates settings: a bad window falls back with a warning; a new root re-indexes, and back', async () => {
    await client.stop();
    client = await LspClient.start({ folders: [dir], settings: { root: '.cx', window: 'a month' } });
    const query = u('src/search/query.py');
    await client.diagnosticsOf(query, (d) => d.length === 1);
    assert.ok(client.logs.some((l) => /customerContext\.window: "a month" is not valid.*using 30/.test(l)), client.logs.join('\n'));

    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { customerContext: { root: 'nowhere', window: 30 } } });
    await client.diagnosticsOf(query, (d) => d.length === 0);
    await client.diagnosticsOf(u('.cx/components.yaml'), (d) => d.length === 0);
    assert.equal(await client.request('customerContext/fileContext', { uri: u('src/payments/pay.ts') }), null);

    // Another root with its own data; then the window: the same feedback, counted over 7 days.
    fs.cpSync(file('.cx'), file('cxdata'), { recursive: true });
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { customerContext: { root: 'cxdata', window: 7 } } });
    await client.diagnosticsOf(u('cxdata/components.yaml'), (d) => d.length === 2);
    const lens = async () => (await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: u('src/payments/pay.ts') } }))[0]?.command?.title;
    assert.equal(await lens(), 'Checkout › Pay · conversion 61.8% (target 65%) ▼ · 1 feedback, 0% negative');
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { customerContext: { root: '.cx', window: 30 } } });
    await client.diagnosticsOf(u('cxdata/components.yaml'), (d) => d.length === 0);
    await client.diagnosticsOf(query, (d) => d.length === 1);
    assert.equal(await lens(), 'Checkout › Pay · conversion 61.8% (target 65%) ▼ · 2 feedback, 50% negative');
  });
});
