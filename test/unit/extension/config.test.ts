import './fakeVscode';
import { strict as assert } from 'node:assert';
import { DEFAULT_EXTENSION_SETTINGS, isInsideFolder, readSettings, serverSettings } from '../../../src/extension/config';

/** The limits' defaults (core/settings.ts), part of every settings object. */
const LIMITS = { 'limits.maxFileSizeMB': 50, 'limits.maxFeedbackRecords': 2_000_000 };

function read(values: Record<string, unknown>) {
  const warnings: string[] = [];
  const settings = readSettings((key) => values[key], (m) => warnings.push(m));
  return { settings, warnings };
}

describe('extension settings (config.ts)', () => {
  it('unset settings are the defaults, without warnings', () => {
    const { settings, warnings } = read({});
    assert.deepEqual(settings, { root: '.cx', window: 30, ...LIMITS, 'trace.server': 'off', tagAuthor: '' });
    assert.deepEqual(settings, DEFAULT_EXTENSION_SETTINGS);
    assert.deepEqual(warnings, []);
  });

  it('reads valid values', () => {
    const { settings, warnings } = read({ root: 'data/cx', window: 90, ...LIMITS, 'trace.server': 'verbose', tagAuthor: 'ana@acme.example' });
    assert.deepEqual(settings, { root: 'data/cx', window: 90, ...LIMITS, 'trace.server': 'verbose', tagAuthor: 'ana@acme.example' });
    assert.deepEqual(warnings, []);
  });

  it('replaces each bad value by its default with a warning naming the setting, and keeps the good ones', () => {
    const { settings, warnings } = read({ root: '../elsewhere', window: 0, 'trace.server': 'loud' });
    assert.deepEqual(settings, DEFAULT_EXTENSION_SETTINGS);
    assert.equal(warnings.length, 3);
    assert.match(warnings[0]!, /^setting customerContext\.root: "\.\.\/elsewhere" is not valid \(must be a folder inside the workspace folder\); using "\.cx"$/);
    assert.match(warnings[1]!, /^setting customerContext\.window: 0 is not valid/);
    assert.match(warnings[2]!, /^setting customerContext\.trace\.server: "loud" is not valid/);
    const mixed = read({ root: 'cx', window: 'thirty' });
    assert.deepEqual(mixed.settings, { root: 'cx', window: 30, ...LIMITS, 'trace.server': 'off', tagAuthor: '' });
    assert.equal(mixed.warnings.length, 1);
    assert.equal(read({ window: 7.5 }).settings.window, 30);
  });

  it('keeps the data folder inside the workspace folder', () => {
    for (const ok of ['.cx', './.cx/', 'data/cx', 'a\\b']) assert.equal(isInsideFolder(ok), true, ok);
    for (const bad of ['', '.', './', '/etc', 'C:/x', 'c:\\x', '..', 'a/../../b', '../x']) assert.equal(isInsideFolder(bad), false, bad);
  });

  it('gives the server only its settings', () => {
    const limits = { 'limits.maxFileSizeMB': 5, 'limits.maxFeedbackRecords': 1000 };
    assert.deepEqual(serverSettings({ root: 'cx', window: 7, ...limits, 'trace.server': 'messages', tagAuthor: 'ana@acme.example' }), { root: 'cx', window: 7, ...limits });
  });
});
