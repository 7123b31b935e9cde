import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic, Location, SymbolInformation } from 'vscode-languageserver/node';
import type { FileContextResult } from '../../../src/protocol/lsp';
import { copyFixture, ensureServerBuilt, LspClient, uriOf } from './harness';

describe('language server: several workspace folders', function () {
  this.timeout(30_000);
  let mini: string;
  let second: string;
  let plain: string;
  let client: LspClient;
  const brief = (d: Diagnostic[]) => d.map((x) => [x.range.start.line, x.range.start.character, x.range.end.character, x.message]);

  before(async () => {
    ensureServerBuilt();
    mini = copyFixture('mini');
    second = copyFixture('server-second');
    plain = path.join(path.dirname(second), 'plain');
    fs.mkdirSync(path.join(plain, 'src'), { recursive: true });
    fs.writeFileSync(path.join(plain, 'src', 'x.ts'), '// @cx checkout\n');
    client = await LspClient.start({ folders: [mini, second, plain] });
    await client.diagnosticsOf(uriOf(path.join(second, 'src/help.py')));
    await client.diagnosticsOf(uriOf(path.join(mini, 'src/search/query.py')));
  });

  after(async () => {
    await client?.stop();
    for (const d of [mini, second]) fs.rmSync(path.dirname(d), { recursive: true, force: true });
  });

  it("checks each folder's files against its own .cx/", () => {
    // `checkout` exists in mini's journeys, not in the second folder's.
    assert.deepEqual(brief(client.diagnostics.get(uriOf(path.join(second, 'src/help.py')))!), [[0, 20, 28, "unknown journey 'checkout'"]]);
    assert.deepEqual(brief(client.diagnostics.get(uriOf(path.join(mini, 'src/search/query.py')))!), [[0, 22, 27, "unknown journey 'serch' (did you mean 'search'?)"]]);
    // A folder without .cx/ is not indexed: no diagnostics.
    assert.equal(client.diagnostics.get(uriOf(path.join(plain, 'src/x.ts'))), undefined);
  });

  it('answers file context from the folder of the file, and null for a folder without .cx/', async () => {
    const help = await client.request<FileContextResult>('customerContext/fileContext', { uri: uriOf(path.join(second, 'src/help.py')) });
    assert.equal(help?.workspaceFolder, uriOf(second));
    assert.deepEqual(help?.refs.map((r) => [r.ref, r.title]), [['support/chat', 'Support › Chat']]);
    const pay = await client.request<FileContextResult>('customerContext/fileContext', { uri: uriOf(path.join(mini, 'src/payments/pay.ts')) });
    assert.equal(pay?.workspaceFolder, uriOf(mini));
    assert.equal(await client.request('customerContext/fileContext', { uri: uriOf(path.join(plain, 'src/x.ts')) }), null);
  });

  it('resolves definitions within the folder and lists the symbols of all folders', async () => {
    const def = await client.request<Location>('textDocument/definition', {
      textDocument: { uri: uriOf(path.join(second, 'src/help.py')) }, position: { line: 0, character: 10 },
    });
    assert.deepEqual(def, { uri: uriOf(path.join(second, '.cx/journeys.yaml')), range: { start: { line: 5, character: 12 }, end: { line: 5, character: 16 } } });
    const symbols = await client.request<SymbolInformation[]>('workspace/symbol', { query: '' });
    assert.deepEqual(symbols.filter((s) => s.kind === 2).map((s) => [s.name, s.containerName, s.location.uri.startsWith(uriOf(second))]), [
      ['Checkout', 'mini · journey checkout', false],
      ['Search', 'mini · journey search', false],
      ['Refunds', 'mini · journey refunds', false],
      ['Onboarding', 'mini · journey onboarding', false],
      ['Support', 'server-second · journey support', true],
    ]);
  });

  it('indexes a folder added later and forgets a removed one', async () => {
    await client.conn.sendNotification('workspace/didChangeWorkspaceFolders', {
      event: { added: [], removed: [{ uri: uriOf(second), name: 'server-second' }] },
    });
    await client.diagnosticsOf(uriOf(path.join(second, 'src/help.py')), (d) => d.length === 0);
    assert.equal(await client.request('customerContext/fileContext', { uri: uriOf(path.join(second, 'src/help.py')) }), null);
    await client.conn.sendNotification('workspace/didChangeWorkspaceFolders', {
      event: { added: [{ uri: uriOf(second), name: 'server-second' }], removed: [] },
    });
    await client.diagnosticsOf(uriOf(path.join(second, 'src/help.py')), (d) => d.length === 1);
  });
});
