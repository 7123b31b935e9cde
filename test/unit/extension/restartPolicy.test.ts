import { strict as assert } from 'node:assert';
import { RestartPolicy } from '../../../src/extension/restartPolicy';

const MIN = 60_000;

describe('language server restarts (restartPolicy.ts)', () => {
  it('restarts after a crash and tells the user the first time only', () => {
    const p = new RestartPolicy(4, 3 * MIN);
    assert.deepEqual(p.crashed(0), { restart: true, notify: true, recent: 1 });
    assert.deepEqual(p.crashed(10 * MIN), { restart: true, notify: false, recent: 1 });
    assert.deepEqual(p.crashed(11 * MIN), { restart: true, notify: false, recent: 2 });
  });

  it('gives up after too many crashes in the period, and says so', () => {
    const p = new RestartPolicy(4, 3 * MIN);
    for (let i = 0; i < 4; i++) assert.equal(p.crashed(i * 1000).restart, true);
    assert.deepEqual(p.crashed(5000), { restart: false, notify: true, recent: 5 });
  });

  it('forgets crashes older than the period, and all of them after a restart by hand', () => {
    const p = new RestartPolicy(2, MIN);
    p.crashed(0);
    p.crashed(1000);
    assert.equal(p.crashed(MIN + 500).restart, true, 'the first crash is out of the period');
    assert.equal(p.crashed(MIN + 600).restart, false);
    p.reset();
    assert.equal(p.crashed(MIN + 700).restart, true);
  });
});
