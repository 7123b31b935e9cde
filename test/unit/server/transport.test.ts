import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileContextResult } from '../../../src/protocol/lsp';
import { copyFixture, ensureServerBuilt, LspClient, uriOf } from './harness';

describe('language server: transports', function () {
  this.timeout(30_000);
  let dir: string;

  before(() => {
    ensureServerBuilt();
    dir = copyFixture('mini');
  });

  after(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

  for (const transport of ['stdio', 'ipc', 'socket'] as const) {
    it(`speaks LSP over ${transport} and exits on shutdown/exit`, async () => {
      const client = await LspClient.start({ folders: [dir], transport });
      try {
        const ctx = await client.request<FileContextResult>('customerContext/fileContext', { uri: uriOf(path.join(dir, 'src/payments/pay.ts')) });
        assert.deepEqual(ctx?.refs.map((r) => r.ref), ['checkout/pay']);
      } finally {
        await client.stop();
      }
      assert.equal(client.alive, false);
    });
  }

  it('started without a transport, prints its usage and exits 2 instead of crashing', () => {
    const server = path.join(__dirname, '..', '..', '..', 'dist', 'server.js');
    const bare = spawnSync(process.execPath, [server], { encoding: 'utf8' });
    assert.equal(bare.status, 2);
    assert.match(bare.stdout, /^Usage: node dist\/server\.js --stdio \| --node-ipc \| --socket=PORT/m);
    assert.equal(bare.stderr, '');
    const help = spawnSync(process.execPath, [server, '--help'], { encoding: 'utf8' });
    assert.equal(help.status, 0);
    assert.match(help.stdout, /customerContext\/fileContext/);
  });
});
