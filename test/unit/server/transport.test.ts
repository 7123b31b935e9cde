import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileContextResult } from '../../../src/protocol/lsp';
import { serverExecArgv } from '../../../src/protocol/serverProcess';
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

  it('fits V8\'s threads to the cores: compiles in place with one helper on two cores or fewer, V8\'s defaults above', () => {
    for (const cores of [1, 2]) assert.deepEqual(serverExecArgv(cores), ['--no-concurrent-recompilation', '--v8-pool-size=1']);
    for (const cores of [3, 4, 16]) assert.deepEqual(serverExecArgv(cores), []);
  });

  it('runs with the V8 options of a two-core machine, its sources worker too', async () => {
    const execArgv = serverExecArgv(2);
    assert.ok(execArgv.length > 0);
    const client = await LspClient.start({ folders: [dir], transport: 'ipc', execArgv });
    try {
      // retry.ts is not open: its `@cx refunds` comes from the worker's read of the source files.
      const ctx = await client.request<FileContextResult>('customerContext/fileContext', { uri: uriOf(path.join(dir, 'src/payments/retry.ts')) });
      assert.ok(ctx?.refs.some((r) => r.ref === 'refunds'), JSON.stringify(ctx?.refs));
    } finally {
      await client.stop();
    }
    assert.equal(client.alive, false);
  });

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
