import { strict as assert } from 'node:assert';
import { escapeMarkdown } from '../../../src/core/text';
import { linkSpans } from '../../../src/server/handlers/targets';
import { addJourneyEdit, addStepEdit, titleOf } from '../../../src/server/handlers/yamlEdits';
import { readSettings } from '../../../src/server/settings';
import { childUri, relativeTo } from '../../../src/server/uri';
import type { TextEdit } from 'vscode-languageserver/node';
import { LineIndex } from '../../../src/core/problems';
import { loadJourneysYaml } from '../../../src/core/yamlModel';

function apply(text: string, edit: TextEdit | undefined): string {
  assert.ok(edit, 'an edit');
  const lines = new LineIndex(text);
  return text.slice(0, lines.offsetAt(edit.range.start)) + edit.newText + text.slice(lines.offsetAt(edit.range.end));
}

/** The journeys and steps a journeys text defines, and its problems. */
function read(text: string): { ids: string[]; problems: string[] } {
  const r = loadJourneysYaml('j.yaml', text);
  return { ids: r.journeys.flatMap((j) => [j.journey.id, ...j.journey.steps.map((s) => `${j.journey.id}/${s.id}`)]), problems: r.problems.map((p) => p.message) };
}

/** The limits' defaults (core/settings.ts), part of every settings object. */
const LIMITS = { 'limits.maxFileSizeMB': 50, 'limits.maxFeedbackRecords': 2_000_000 };

describe('server helpers', () => {
  describe('yamlEdits', () => {
    it('names a new entry from its id', () => {
      assert.equal(titleOf('sign-up'), 'Sign up');
      assert.equal(titleOf('checkout'), 'Checkout');
    });

    it('adds a journey after the last one, with the list indentation', () => {
      const text = 'journeys:\n    - id: a\n      name: A\n      steps:\n        - id: s\n          name: S\n# end\n';
      const out = apply(text, addJourneyEdit(text, 'new-one'));
      assert.equal(out, 'journeys:\n    - id: a\n      name: A\n      steps:\n        - id: s\n          name: S\n    - id: new-one\n      name: New one\n      outcome:\n# end\n');
      assert.deepEqual(read(out), { ids: ['a', 'a/s', 'new-one'], problems: [] });
    });

    it('adds a journey with a step to an empty file, an empty list, a null list and a file without the key', () => {
      for (const text of ['', 'journeys: []\n', 'journeys:\n', '# only a comment', 'journeys: ~\n']) {
        const out = apply(text, addJourneyEdit(text, 'x', 'y'));
        assert.deepEqual(read(out), { ids: ['x', 'x/y'], problems: [] }, JSON.stringify(out));
      }
      assert.equal(apply('', addJourneyEdit('', 'x')), 'journeys:\n  - id: x\n    name: X\n    outcome:\n');
    });

    it('keeps CRLF line endings and a last line without a line break', () => {
      const text = 'journeys:\r\n- id: a\r\n  name: A';
      const out = apply(text, addJourneyEdit(text, 'b'));
      assert.equal(out, 'journeys:\r\n- id: a\r\n  name: A\r\n- id: b\r\n  name: B\r\n  outcome:');
      assert.deepEqual(read(out).ids, ['a', 'b']);
    });

    it('adds a step after the last step, or a steps list to a journey without one', () => {
      const text = 'journeys:\n  - id: a\n    name: A\n    steps:\n      - id: s\n        name: S\n    metrics: []\n  - id: b\n    name: B\n';
      const withStep = apply(text, addStepEdit(text, 'a', 't'));
      assert.equal(withStep, 'journeys:\n  - id: a\n    name: A\n    steps:\n      - id: s\n        name: S\n      - id: t\n        name: T\n        outcome:\n    metrics: []\n  - id: b\n    name: B\n');
      const withSteps = apply(text, addStepEdit(text, 'b', 'u'));
      assert.equal(withSteps, `${text}    steps:\n      - id: u\n        name: U\n        outcome:\n`);
      assert.deepEqual(read(withSteps), { ids: ['a', 'a/s', 'b', 'b/u'], problems: [] });
      assert.equal(addStepEdit(text, 'missing', 'x'), undefined);
    });
  });

  describe('escapeMarkdown', () => {
    it('leaves no Markdown or HTML syntax in untrusted text', () => {
      const evil = '<img src=x onerror=alert(1)> **bold** [link](javascript:alert(1)) `code`\n# heading\n| a |';
      const out = escapeMarkdown(evil);
      assert.equal(out, '\\<img src\\=x onerror\\=alert\\(1\\)\\> \\*\\*bold\\*\\* \\[link\\]\\(javascript\\:alert\\(1\\)\\) \\`code\\` \\# heading \\| a \\|');
      assert.ok(!/(^|[^\\])[<>[\]`*|]/.test(out));
    });
  });

  describe('linkSpans', () => {
    it('finds link values in a JSONL line and in a CSV cell with doubled quotes', () => {
      assert.deepEqual(linkSpans('{"links":[{"journey":"checkout/pay"},{"component": "api"}]}'), [
        { key: 'journey', value: 'checkout/pay', start: 22, end: 34 },
        { key: 'component', value: 'api', start: 52, end: 55 },
      ]);
      const csv = 'X-1,2026-01-01,hi,"[{""path"":""src/a.ts"",""lines"":[1,2]}]"';
      const [span] = linkSpans(csv);
      assert.equal(csv.slice(span!.start, span!.end), 'src/a.ts');
      assert.equal(span!.key, 'path');
    });
  });

  describe('readSettings', () => {
    it('keeps good values, replaces bad ones by their default with a warning', () => {
      const warnings: string[] = [];
      assert.deepEqual(readSettings({ root: './data/cx/', window: 7, other: true }, (w) => warnings.push(w)), { root: 'data/cx', window: 7, ...LIMITS });
      assert.equal(warnings.length, 0);
      assert.deepEqual(readSettings({ root: '../outside', window: 'soon' }, (w) => warnings.push(w)), { root: '.cx', window: 30, ...LIMITS });
      assert.equal(warnings.length, 2);
      assert.match(warnings[0]!, /customerContext\.window/);
      assert.match(warnings[1]!, /customerContext\.root/);
      assert.deepEqual(readSettings(undefined, () => assert.fail('no warning')), { root: '.cx', window: 30, ...LIMITS });
      assert.deepEqual(readSettings('nonsense', (w) => warnings.push(w)), { root: '.cx', window: 30, ...LIMITS });
    });
  });

  describe('uri', () => {
    it('encodes new URIs as VS Code does and finds relative paths', () => {
      assert.equal(childUri('file:///w/my%20app/', 'src/a b/c(1).ts'), 'file:///w/my%20app/src/a%20b/c%281%29.ts');
      assert.equal(relativeTo('/w/app', '/w/app/src/a.ts'), 'src/a.ts');
      assert.equal(relativeTo('/w/app', '/w/application/a.ts'), undefined);
      assert.equal(relativeTo('/w/app', '/w/app'), '');
    });
  });
});
