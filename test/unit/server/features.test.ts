import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, CodeLens, CompletionItem, Diagnostic, DocumentLink, Hover, Location, MarkupContent, SymbolInformation } from 'vscode-languageserver/node';
import { filterCoverage } from '../../../src/core/coverage';
import type { CoverageReport } from '../../../src/core/coverage';
import { cutTree } from '../../../src/core/coverageView';
import type { CoverageMapResult, CoverageResult, FeedbackResult, FileContextResult, OutlineEntry, OutlineResult, TreeFilesResult } from '../../../src/protocol/lsp';
import { copyFixture, ensureServerBuilt, LspClient, uriOf } from './harness';

const at = (line: number, character: number) => ({ line, character });
const range = (l1: number, c1: number, l2: number, c2: number) => ({ start: at(l1, c1), end: at(l2, c2) });

describe('language server: features on the mini fixture', function () {
  this.timeout(30_000);
  let dir: string;
  let client: LspClient;
  const u = (rel: string) => uriOf(path.join(dir, rel));
  /** URIs made relative to the folder, for readable assertions. */
  const rel = (uri: string) => uri.slice(uriOf(dir).length + 1);
  const locs = (list: Location[] | null) => (list ?? []).map((l) => [rel(l.uri), l.range.start.line, l.range.start.character, l.range.end.line, l.range.end.character]);

  before(async () => {
    ensureServerBuilt();
    dir = copyFixture('mini');
    client = await LspClient.start({ folders: [dir] });
    await client.diagnosticsOf(u('src/search/query.py'));
  });

  after(async () => {
    await client?.stop();
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  it('watches files through a dynamic registration', () => {
    assert.deepEqual(client.registrations.map((r) => [r.method, r.registerOptions]), [
      ['workspace/didChangeWatchedFiles', { watchers: [{ globPattern: '**/*' }] }],
    ]);
  });

  it('publishes every problem of the fixture at its exact range, with severity, code and source', async () => {
    const components = await client.diagnosticsOf(u('.cx/components.yaml'));
    const query = await client.diagnosticsOf(u('src/search/query.py'));
    const strip = (d: Diagnostic) => [d.range, d.severity, d.code, d.source, d.message];
    assert.deepEqual(components.map(strip), [
      [range(16, 12, 16, 18), 2, 'pattern-matches-nothing', 'customer-context', "pattern '/docs/' of component 'docs' matches no file"],
      [range(17, 15, 17, 20), 1, 'unknown-reference', 'customer-context', "unknown journey 'serch' (did you mean 'search'?)"],
    ]);
    assert.deepEqual(query.map(strip), [[range(0, 22, 0, 27), 2, 'unknown-reference', 'customer-context', "unknown journey 'serch' (did you mean 'search'?)"]]);
    // Files without problems get none.
    assert.equal(client.diagnostics.get(u('.cx/journeys.yaml')), undefined);
    assert.equal(client.diagnostics.get(u('src/payments/retry.ts')), undefined);
  });

  it('hovers a step reference: title, outcome, owner, metrics, feedback figures and three recent quotes', async () => {
    const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri: u('.cx/components.yaml') }, position: at(7, 20) });
    assert.deepEqual(h.range, range(7, 15, 7, 27));
    const md = h.contents as MarkupContent;
    assert.equal(md.kind, 'markdown');
    assert.equal(md.value, [
      '**Checkout › Pay** `checkout/pay` — ⚠ a metric is off target',
      '',
      'The card payment succeeds on the first attempt\\.',
      '',
      '*Checkout:* Customers pay for their cart in under a minute\\, first time\\.',
      '',
      'Owner: \\@acme\\/payments',
      '',
      '| Metric | Latest | Target | Trend |',
      '| --- | ---: | ---: | :---: |',
      '| Checkout conversion | 61\\.8\\% (2026-10-15) | 65\\% | ▼ off target |',
      '| Payment latency | 1\\.8 s (2026-10-15) | 2 s | ▼ on target |',
      '',
      '**Feedback**, 30 days to 2026-11-18: 2 feedback \\(1 before\\) · 50\\% negative · CSAT 3\\.0',
      '',
      '> “Paid fine\\, thanks\\.” — 2026\\-11\\-12 · zendesk · ZD\\-2 · positive',
      '',
      '> “My card was declined twice\\.” — 2026\\-11\\-10 · zendesk · ZD\\-1 · negative',
      '',
      '> “Payment page froze\\.” — 2026\\-10\\-05 · zendesk · ZD\\-3 · negative',
    ].join('\n'));
  });

  it('hovers an annotation reference, a journey id in journeys.yaml and a component id; nothing elsewhere', async () => {
    const annotation = await client.request<Hover>('textDocument/hover', { textDocument: { uri: u('src/payments/retry.ts') }, position: at(2, 7) });
    assert.deepEqual(annotation.range, range(2, 7, 2, 14));
    assert.match((annotation.contents as MarkupContent).value, /^\*\*Refunds\*\* `refunds`\n\nMoney back within 5 days\\\.\n\n\*\*Feedback\*\*, 30 days to 2026-11-18: 0 feedback \\\(0 before\\\)/);
    const journey = await client.request<Hover>('textDocument/hover', { textDocument: { uri: u('.cx/journeys.yaml') }, position: at(24, 12) });
    assert.deepEqual(journey.range, range(24, 8, 24, 14));
    assert.match((journey.contents as MarkupContent).value, /^\*\*Search\*\* `search`\n\nCustomers find what they look for on the first query\\\./);
    const component = await client.request<Hover>('textDocument/hover', { textDocument: { uri: u('.cx/components.yaml') }, position: at(1, 10) });
    assert.match((component.contents as MarkupContent).value, /^\*\*Payments API\*\* `payments-api`\n\nOwner: \\@acme\\\/payments\n\nServes: Checkout › Pay \(`checkout\/pay`\)\n\n2 files\n\n\*\*Feedback\*\*/);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: u('src/payments/retry.ts') }, position: at(0, 3) }), null);
    // An unknown reference has no hover (its diagnostic says what is wrong).
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: u('src/search/query.py') }, position: at(0, 24) }), null);
  });

  it('goes to the definition of annotation, component and link references, and to a linked file', async () => {
    const def = (uri: string, pos: { line: number; character: number }) => client.request<Location | null>('textDocument/definition', { textDocument: { uri }, position: pos });
    assert.deepEqual(locs([(await def(u('src/payments/retry.ts'), at(2, 9)))!]), [['.cx/journeys.yaml', 32, 8, 32, 15]]);
    assert.deepEqual(locs([(await def(u('src/search/query.py'), at(0, 12)))!]), [['.cx/journeys.yaml', 28, 12, 28, 19]]);
    assert.deepEqual(locs([(await def(u('.cx/components.yaml'), at(7, 16)))!]), [['.cx/journeys.yaml', 9, 12, 9, 15]]);
    assert.deepEqual(locs([(await def(u('.cx/journeys.yaml'), at(18, 15)))!]), [['.cx/journeys.yaml', 9, 12, 9, 15]]);
    assert.deepEqual(locs([(await def(u('.cx/feedback/zendesk.jsonl'), at(2, 160)))!]), [['.cx/components.yaml', 1, 8, 1, 20]]);
    assert.deepEqual(locs([(await def(u('.cx/tags.jsonl'), at(2, 55)))!]), [['.cx/journeys.yaml', 28, 12, 28, 19]]);
    assert.deepEqual(locs([(await def(u('.cx/feedback/zendesk.jsonl'), at(3, 150)))!]), [['src/shared/log.ts', 0, 0, 0, 0]]);
    assert.equal(await def(u('src/search/query.py'), at(0, 24)), null);
  });

  it('finds the references of a step, with its declaration and the metric that names it', async () => {
    const refs = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: u('.cx/journeys.yaml') }, position: at(9, 13), context: { includeDeclaration: true },
    });
    assert.deepEqual(locs(refs), [
      ['.cx/journeys.yaml', 9, 12, 9, 15],
      ['.cx/components.yaml', 7, 15, 7, 27],
      ['.cx/journeys.yaml', 18, 14, 18, 17],
      ['.cx/feedback/zendesk.jsonl', 0, 237, 0, 249],
      ['.cx/tags.jsonl', 0, 48, 0, 60],
    ]);
  });

  it('finds the references of a journey from an annotation: the journey part of step references too', async () => {
    const refs = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: u('src/search/query.py') }, position: at(0, 8), context: { includeDeclaration: false },
    });
    // The cursor is on `search/results`: the step's references.
    assert.deepEqual(locs(refs), [['src/search/query.py', 0, 6, 0, 20], ['.cx/tags.jsonl', 2, 49, 2, 63]]);
    const journey = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: u('.cx/journeys.yaml') }, position: at(24, 10), context: { includeDeclaration: true },
    });
    assert.deepEqual(locs(journey), [
      ['.cx/journeys.yaml', 24, 8, 24, 14],
      ['src/search/query.py', 0, 6, 0, 12],
      ['.cx/tags.jsonl', 2, 49, 2, 55],
      ['.cx/tags.jsonl', 3, 49, 3, 55],
      ['.cx/tags.jsonl', 4, 52, 4, 58],
    ]);
  });

  it('finds the references of a component in feedback links', async () => {
    const refs = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: u('.cx/components.yaml') }, position: at(1, 12), context: { includeDeclaration: true },
    });
    assert.deepEqual(locs(refs), [['.cx/components.yaml', 1, 8, 1, 20], ['.cx/feedback/zendesk.jsonl', 2, 154, 2, 166]]);
  });

  it('lists journeys, steps and components as workspace symbols', async () => {
    const all = await client.request<SymbolInformation[]>('workspace/symbol', { query: '' });
    assert.deepEqual(all.map((s) => [s.name, s.kind, s.containerName]), [
      ['Checkout', 2, 'journey checkout'],
      ['Cart', 22, 'Checkout (step checkout/cart)'],
      ['Pay', 22, 'Checkout (step checkout/pay)'],
      ['Search', 2, 'journey search'],
      ['Results', 22, 'Search (step search/results)'],
      ['Filters', 22, 'Search (step search/filters)'],
      ['Refunds', 2, 'journey refunds'],
      ['Onboarding', 2, 'journey onboarding'],
      ['Payments API', 5, 'component payments-api'],
      ['Cart', 5, 'component cart'],
      ['Shared utilities', 5, 'component shared'],
      ['docs', 5, 'component docs'],
    ]);
    const pay = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'pay' });
    assert.deepEqual(pay.map((s) => [s.name, rel(s.location.uri), s.location.range]), [
      ['Pay', '.cx/journeys.yaml', range(9, 12, 9, 15)],
      ['Payments API', '.cx/components.yaml', range(1, 8, 1, 20)],
    ]);
  });

  it('links feedback urls (http and https only)', async () => {
    const links = await client.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri: u('.cx/feedback/zendesk.jsonl') } });
    assert.deepEqual(links.map((l) => [l.range, l.target]), [[range(0, 176, 0, 214), 'https://acme.zendesk.example/tickets/1']]);
    assert.deepEqual(await client.request('textDocument/documentLink', { textDocument: { uri: u('.cx/journeys.yaml') } }), []);
  });

  it('shows CodeLens at the first line and at each @cx line, running customerContext.showContext', async () => {
    const lenses = async (file: string) =>
      (await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: u(file) } })).map((l) => [l.range.start.line, l.command?.title, l.command?.command, l.command?.arguments]);
    assert.deepEqual(await lenses('src/payments/pay.ts'), [
      [0, 'Checkout › Pay · conversion 61.8% (target 65%) ▼ · 2 feedback, 50% negative', 'customerContext.showContext', [u('src/payments/pay.ts'), 'checkout/pay']],
    ]);
    assert.deepEqual(await lenses('src/payments/retry.ts'), [
      [0, 'Checkout › Pay · conversion 61.8% (target 65%) ▼ · 2 feedback, 50% negative', 'customerContext.showContext', [u('src/payments/retry.ts'), 'checkout/pay']],
      [2, 'Refunds · no feedback in 30 days', 'customerContext.showContext', [u('src/payments/retry.ts'), 'refunds']],
    ]);
    assert.deepEqual(await lenses('src/search/query.py'), [
      [0, 'Search › Results · 1 feedback, 100% negative', 'customerContext.showContext', [u('src/search/query.py'), 'search/results']],
    ]);
    assert.deepEqual(await lenses('src/shared/log.ts'), []);
    assert.deepEqual(await lenses('.cx/journeys.yaml'), []);
  });

  it('offers quick fixes for an unknown reference: each suggestion, and creating the journey', async () => {
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: u('src/search/query.py') }, range: range(0, 24, 0, 24), context: { diagnostics: [] },
    });
    assert.deepEqual(actions.map((a) => [a.title, a.kind, a.isPreferred, a.diagnostics?.map((d) => d.code)]), [
      ["Change to 'search'", 'quickfix', true, ['unknown-reference']],
      ["Create journey 'serch' in .cx/journeys.yaml", 'quickfix', undefined, ['unknown-reference']],
    ]);
    assert.deepEqual(actions[0]!.edit, { changes: { [u('src/search/query.py')]: [{ range: range(0, 22, 0, 27), newText: 'search' }] } });
    assert.deepEqual(actions[1]!.edit, { changes: { [u('.cx/journeys.yaml')]: [{ range: range(38, 0, 38, 0), newText: '  - id: serch\n    name: Serch\n    outcome:\n' }] } });
    // The same in components.yaml, and nothing where there is no problem or only another kind is asked for.
    const inYaml = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: u('.cx/components.yaml') }, range: range(17, 16, 17, 16), context: { diagnostics: [] },
    });
    assert.deepEqual(inYaml.map((a) => a.title), ["Change to 'search'", "Create journey 'serch' in .cx/journeys.yaml"]);
    assert.deepEqual(await client.request('textDocument/codeAction', { textDocument: { uri: u('src/payments/pay.ts') }, range: range(0, 0, 2, 1), context: { diagnostics: [] } }), []);
    assert.deepEqual(await client.request('textDocument/codeAction', {
      textDocument: { uri: u('src/search/query.py') }, range: range(0, 24, 0, 24), context: { diagnostics: [], only: ['refactor'] },
    }), []);
  });

  it('completes references after `@cx `, a comma or a space, with names and outcomes, leaving out those written', async () => {
    const uri = await client.open(path.join(dir, 'src/payments/retry.ts'), 'typescript');
    try {
      await client.change(uri, [{ range: range(2, 14, 2, 14), text: ', checkout/p' }]);
      const items = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: at(2, 26) });
      assert.deepEqual(items.map((i) => i.label), ['checkout', 'checkout/cart', 'checkout/pay', 'search', 'search/results', 'search/filters', 'onboarding']);
      const pay = items.find((i) => i.label === 'checkout/pay')!;
      assert.equal(pay.detail, 'Checkout › Pay');
      assert.deepEqual(pay.documentation, { kind: 'markdown', value: 'The card payment succeeds on the first attempt\\.' });
      assert.deepEqual(pay.textEdit, { range: range(2, 16, 2, 26), newText: 'checkout/pay' });
      // Right after `@cx `: everything but what is written; in code or prose after the references: nothing.
      await client.change(uri, [{ range: range(2, 0, 2, 26), text: '// @cx ' }]);
      const fresh = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: at(2, 7) });
      assert.equal(fresh.length, 8);
      assert.deepEqual(fresh[0]!.textEdit, { range: range(2, 7, 2, 7), newText: 'checkout' });
      // A space separates references too; after prose (here after a dash) nothing is offered.
      await client.change(uri, [{ range: range(2, 0, 2, 7), text: '// @cx refunds ' }]);
      const spaced = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: at(2, 15) });
      assert.deepEqual(spaced.map((i) => i.label), ['checkout', 'checkout/cart', 'checkout/pay', 'search', 'search/results', 'search/filters', 'onboarding']);
      await client.change(uri, [{ range: range(2, 0, 2, 15), text: '// @cx refunds — retries ' }]);
      assert.deepEqual(await client.request('textDocument/completion', { textDocument: { uri }, position: at(2, 25) }), []);
      assert.deepEqual(await client.request('textDocument/completion', { textDocument: { uri }, position: at(0, 9) }), []);
    } finally {
      await client.close(uri);
    }
  });

  it('completes journeys in components.yaml, steps of a metric in journeys.yaml and link values in feedback', async () => {
    const labels = async (file: string, pos: { line: number; character: number }) =>
      (await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: u(file) }, position: pos })).map((i) => [i.label, i.textEdit && 'range' in i.textEdit ? i.textEdit.range : undefined]);
    const flow = await labels('.cx/components.yaml', at(7, 24));
    assert.equal(flow.length, 8);
    assert.deepEqual(flow[0], ['checkout', range(7, 15, 7, 24)]);
    assert.deepEqual(await labels('.cx/journeys.yaml', at(18, 16)), [['cart', range(18, 14, 18, 16)], ['pay', range(18, 14, 18, 16)]]);
    const component = await labels('.cx/feedback/zendesk.jsonl', at(2, 160));
    assert.deepEqual(component.map((c) => c[0]), ['payments-api', 'cart', 'shared', 'docs']);
    assert.deepEqual(component[0]![1], range(2, 154, 2, 160));
    assert.deepEqual(await labels('.cx/components.yaml', at(2, 10)), []);

    // A block list under `journeys:` (an unsaved edit of components.yaml).
    const uri = await client.open(path.join(dir, '.cx/components.yaml'), 'yaml');
    try {
      await client.change(uri, [{ range: range(11, 4, 11, 29), text: 'journeys:\n      - checkout/cart\n      - ref' }]);
      const block = await client.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: at(13, 11) });
      // Every reference, replacing what is typed (the editor filters by it).
      assert.equal(block.length, 8);
      assert.deepEqual(block.find((i) => i.label === 'refunds')?.textEdit, { range: range(13, 8, 13, 11), newText: 'refunds' });
    } finally {
      await client.close(uri);
    }
  });

  it('answers customerContext/fileContext with the file context and its folder, and null outside', async () => {
    const ctx = await client.request<FileContextResult>('customerContext/fileContext', { uri: u('src/payments/pay.ts') });
    assert.ok(ctx);
    assert.equal(ctx.workspaceFolder, uriOf(dir));
    assert.equal(ctx.path, 'src/payments/pay.ts');
    assert.deepEqual(ctx.components.map((c) => c.id), ['payments-api']);
    assert.deepEqual(ctx.refs.map((r) => [r.ref, r.title, r.health]), [['checkout/pay', 'Checkout › Pay', 'warning']]);
    assert.equal(await client.request('customerContext/fileContext', { uri: uriOf(path.join(path.dirname(dir), 'elsewhere.ts')) }), null);
    assert.equal(await client.request('customerContext/fileContext', { uri: 'untitled:Untitled-1' }), null);
    await assert.rejects(client.request('customerContext/fileContext', { uri: 42 }), (e: { code: number; message: string }) => {
      assert.equal(e.code, -32602);
      assert.match(e.message, /invalid params at 'uri'/);
      return true;
    });
  });

  it('answers customerContext/coverage for the folder', async () => {
    const cov = await client.request<CoverageResult>('customerContext/coverage', {});
    assert.ok(cov);
    assert.equal(cov.workspaceFolder, uriOf(dir));
    assert.deepEqual(cov.files, { total: 6, linked: 4, share: 4 / 6 });
    assert.deepEqual(cov.journeysWithoutCode.map((j) => j.ref), ['search/filters', 'onboarding']);
    assert.deepEqual(await client.request('customerContext/coverage', { folder: uriOf(dir) }), cov);
    assert.equal(await client.request('customerContext/coverage', { folder: 'file:///nowhere' }), null);
  });

  it('answers customerContext/coverage filtered, and customerContext/coverageMap filtered and cut to size', async () => {
    const cov = await client.request<CoverageResult>('customerContext/coverage', {});
    assert.ok(cov);
    const { workspaceFolder: _folder, ...whole } = cov;
    const filter = { owner: '@acme/payments', folder: 'src' };
    const filtered = await client.request<CoverageResult>('customerContext/coverage', { filter });
    assert.deepEqual(filtered, { ...filterCoverage(whole as CoverageReport, filter), workspaceFolder: uriOf(dir) });
    assert.ok(filtered && filtered.files.total > 0 && filtered.files.total < whole.files.total);

    const view = await client.request<CoverageMapResult>('customerContext/coverageMap', { filter: { ...filter, journey: 'no-such-journey' } });
    assert.ok(view && filtered);
    assert.equal(view.workspaceFolder, uriOf(dir));
    assert.deepEqual(view.filter, filter, 'what names nothing is dropped');
    assert.deepEqual(view.report.files, filtered.files);
    assert.deepEqual(view.report.tree, cutTree(filtered.tree, 5_000, 'src').tree);
    assert.deepEqual(view.report.feedbackLinks, []);
    assert.deepEqual(view.choices.journeys.map((j) => j.ref), whole.journeys.map((j) => j.ref));
    assert.deepEqual(view.choices.owners, whole.owners.map((o) => o.owner));
    assert.equal(await client.request('customerContext/coverageMap', { folder: 'file:///nowhere' }), null);
    await assert.rejects(client.request('customerContext/coverageMap', { filter: { owner: 3 } }), /invalid params at 'filter.owner'/);
  });

  it('answers customerContext/treeFiles (each component\'s count, the annotated files) and customerContext/componentFiles', async () => {
    const files = await client.request<TreeFilesResult>('customerContext/treeFiles', {});
    const cov = await client.request<CoverageResult>('customerContext/coverage', {});
    assert.ok(files && cov);
    assert.equal(files.workspaceFolder, uriOf(dir));
    const components = [...new Set(cov.perFile.flatMap((f) => f.components))].sort();
    assert.deepEqual(files.components.map(([id]) => id).sort(), components);
    for (const [id, count] of files.components) {
      const expected: string[] = cov.perFile.filter((f) => f.components.includes(id)).map((f) => f.path);
      assert.equal(count, expected.length, id);
      assert.deepEqual(await client.request('customerContext/componentFiles', { component: id }), { paths: expected, workspaceFolder: uriOf(dir) }, id);
    }
    assert.deepEqual(await client.request('customerContext/componentFiles', { component: 'no-such-component' }), { paths: [], workspaceFolder: uriOf(dir) });
    assert.equal(await client.request('customerContext/componentFiles', { folder: 'file:///nowhere', component: 'cart' }), null);
    await assert.rejects(client.request('customerContext/componentFiles', {}), /invalid params at 'component'/);
    assert.ok(files.annotated.length);
    for (const a of files.annotated) assert.deepEqual(a, (({ path, refs, components }) => ({ path, refs, components }))(cov.perFile.find((f) => f.path === a.path)!));
    assert.equal(await client.request('customerContext/treeFiles', { folder: 'file:///nowhere' }), null);
  });

  it('answers customerContext/outline: journeys with steps, components, health, feedback and definitions', async () => {
    const outline = await client.request<OutlineResult>('customerContext/outline', {});
    assert.ok(outline);
    assert.equal(outline.workspaceFolder, uriOf(dir));
    const brief = (e: OutlineEntry) => [e.ref, e.name, e.outcome ?? null, e.health, e.offTarget, e.feedback, rel(e.definition!.uri), e.definition!.range.start.line];
    const checkout = outline.journeys[0]!;
    assert.deepEqual(brief(checkout), [
      'checkout', 'Checkout', 'Customers pay for their cart in under a minute, first time.', 'warning', ['Checkout conversion'],
      { total: 4, current: 3, negativeShare: 1 / 3 }, '.cx/journeys.yaml', 1,
    ]);
    assert.equal(checkout.owner, '@acme/payments');
    assert.deepEqual(checkout.steps.map(brief), [
      ['checkout/cart', 'Cart', 'The cart shows the right total.', 'good', [], { total: 0, current: 0 }, '.cx/journeys.yaml', 6],
      ['checkout/pay', 'Pay', 'The card payment succeeds on the first attempt.', 'warning', ['Checkout conversion'], { total: 3, current: 2, negativeShare: 0.5 }, '.cx/journeys.yaml', 9],
    ]);
    // A step without an outcome of its own does not repeat the journey's.
    assert.deepEqual(outline.journeys[1]!.steps.map(brief), [
      ['search/results', 'Results', null, 'unknown', [], { total: 1, current: 1, negativeShare: 1 }, '.cx/journeys.yaml', 28],
      ['search/filters', 'Filters', null, 'unknown', [], { total: 0, current: 0 }, '.cx/journeys.yaml', 30],
    ]);
    assert.deepEqual(outline.journeys.map((j) => j.ref), ['checkout', 'search', 'refunds', 'onboarding']);
    // `docs` lists the unknown 'serch': it serves nothing. `shared` counts the feedback tagged to its file.
    assert.deepEqual(outline.components.map((c) => [c.ref, c.name, c.journeys, c.feedback.total, c.definition!.range.start.line]), [
      ['payments-api', 'Payments API', ['checkout/pay'], 1, 1],
      ['cart', 'Cart', ['checkout/cart'], 0, 8],
      ['shared', 'Shared utilities', [], 1, 12],
      ['docs', 'docs', [], 0, 15],
    ]);
    assert.equal(await client.request('customerContext/outline', { folder: 'file:///nowhere' }), null);
    await assert.rejects(client.request('customerContext/outline', { folder: 3 }), /invalid params at 'folder'/);
  });

  it('answers customerContext/feedback paged and filtered, by reference or by file', async () => {
    const byRef = await client.request<FeedbackResult>('customerContext/feedback', { ref: 'checkout/pay', limit: 2 });
    assert.ok(byRef);
    assert.equal(byRef.total, 3);
    assert.deepEqual(byRef.items.map((i) => i.id), ['ZD-2', 'ZD-1']);
    assert.deepEqual(byRef.facets, { source: ['zendesk'], segment: ['free', 'plus'] });
    const page2 = await client.request<FeedbackResult>('customerContext/feedback', { ref: 'checkout/pay', offset: 2, limit: 2 });
    assert.deepEqual(page2?.items.map((i) => i.id), ['ZD-3']);
    const negative = await client.request<FeedbackResult>('customerContext/feedback', { sentiment: ['negative'], sort: 'negative' });
    assert.deepEqual(negative?.items.map((i) => i.id), ['ZD-1', 'NPS-2', 'ZD-4', 'ZD-3']);
    const byFile = await client.request<FeedbackResult>('customerContext/feedback', { uri: u('src/shared/log.ts') });
    assert.deepEqual(byFile?.items.map((i) => [i.id, i.text]), [['ZD-4', 'The logger spams my console.']]);
    assert.equal(byFile?.workspaceFolder, uriOf(dir));
    const inbox = await client.request<FeedbackResult>('customerContext/feedback', { untagged: true });
    assert.deepEqual(inbox?.items.map((i) => i.id), ['NPS-3']);
    await assert.rejects(client.request('customerContext/feedback', { limit: -1 }), /invalid params at 'limit'/);
  });

  it('answers requests about documents it does not index with empty results, and stays up', async () => {
    const outside = uriOf(path.join(path.dirname(dir), 'outside.ts'));
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: outside }, position: at(0, 0) }), null);
    assert.deepEqual(await client.request('textDocument/codeLens', { textDocument: { uri: 'untitled:x' } }), []);
    assert.deepEqual(await client.request('textDocument/completion', { textDocument: { uri: u('src/missing.ts') }, position: at(3, 3) }), []);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: u('src/payments/retry.ts') }, position: at(999, 999) }), null);
    // A handler that throws (here on params without a position) is logged and answered with an empty result.
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: u('src/payments/retry.ts') } }), null);
    assert.ok(client.logs.some((l) => l.startsWith('hover failed: TypeError')), client.logs.join('\n'));
    assert.ok(client.alive);
    assert.ok(await client.request('customerContext/fileContext', { uri: u('src/payments/pay.ts') }));
  });
});
