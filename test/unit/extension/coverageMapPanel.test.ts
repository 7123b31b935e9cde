import './fakeVscode';
import { strict as assert } from 'node:assert';
import { showsAnswer } from '../../../src/extension/views/coverageMap';

describe('Coverage Map panel: which answer it shows', () => {
  const panel = { newest: 5, shown: 2, folder: 'file:///a', filter: { owner: '@x' } };

  it('the newest fetch\'s answer, always', () => {
    assert.ok(showsAnswer({ seq: 5, folder: 'file:///a', filter: { owner: '@x' } }, panel));
    assert.ok(showsAnswer({ seq: 5, folder: 'file:///b', filter: {} }, { ...panel, folder: 'file:///b', filter: {} }));
  });

  it('an older one of the same folder and filters while nothing newer is shown', () => {
    assert.ok(showsAnswer({ seq: 3, folder: 'file:///a', filter: { owner: '@x' } }, panel));
    assert.ok(showsAnswer({ seq: 4, folder: 'file:///a', filter: { owner: '@x' } }, { ...panel, shown: 3 }));
  });

  it('not an older one when something as new or newer is shown, or of another folder or other filters', () => {
    assert.ok(!showsAnswer({ seq: 2, folder: 'file:///a', filter: { owner: '@x' } }, panel));
    assert.ok(!showsAnswer({ seq: 3, folder: 'file:///a', filter: { owner: '@x' } }, { ...panel, shown: 4 }));
    assert.ok(!showsAnswer({ seq: 3, folder: 'file:///b', filter: { owner: '@x' } }, panel));
    assert.ok(!showsAnswer({ seq: 3, folder: 'file:///a', filter: { owner: '@y' } }, panel));
    assert.ok(!showsAnswer({ seq: 3, folder: 'file:///a', filter: { owner: '@x', journey: 'checkout' } }, panel));
    assert.ok(!showsAnswer({ seq: 3, folder: 'file:///a', filter: {} }, panel));
  });
});
