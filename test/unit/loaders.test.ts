import { strict as assert } from 'node:assert';
import { parseCsv } from '../../src/core/csv';
import { combineCxFiles, cxFileKind, parseCxFile } from '../../src/core/cxData';
import { formatProblem } from '../../src/core/problems';
import type { Problem } from '../../src/core/problems';
import { loadFeedback } from '../../src/core/feedbackLoad';
import { loadMetrics, loadTags } from '../../src/core/recordLoaders';
import { loadComponentsYaml, loadJourneysYaml } from '../../src/core/yamlModel';

/** `file:line:col: severity: message` of each problem, one-based, as the CLI prints them. */
const located = (problems: Problem[]) => problems.map(formatProblem);

describe('journeys YAML', () => {
  it('reads journeys, steps and metrics with their positions', () => {
    const { journeys, problems } = loadJourneysYaml('.cx/journeys.yaml', [
      'journeys:',
      '  - id: checkout',
      '    name: Checkout',
      '    outcome: Customers pay in under a minute.',
      '    owner: "@acme/payments"',
      '    steps:',
      '      - id: pay',
      '        name: Pay',
      '    metrics:',
      '      - { id: conversion, name: Conversion, unit: "%", target: 65, step: pay }',
      '',
    ].join('\n'));
    assert.deepEqual(problems, []);
    assert.equal(journeys.length, 1);
    const j = journeys[0]!;
    assert.deepEqual(j.journey, {
      id: 'checkout', name: 'Checkout', outcome: 'Customers pay in under a minute.', owner: '@acme/payments',
      steps: [{ id: 'pay', name: 'Pay' }],
      metrics: [{ id: 'conversion', name: 'Conversion', unit: '%', target: 65, better: 'higher', step: 'pay' }],
    });
    assert.deepEqual(j.idLoc.range, { start: { line: 1, character: 8 }, end: { line: 1, character: 16 } });
    assert.deepEqual(j.steps[0]!.idLoc.range.start, { line: 6, character: 12 });
    assert.deepEqual(j.metrics[0]!.stepLoc!.range.start, { line: 9, character: 73 });
  });

  it('reports each bad field at its line and column and keeps the rest', () => {
    const { journeys, problems } = loadJourneysYaml('.cx/journeys.yaml', [
      'journeys:',
      '  - id: checkout',
      '    name: Checkout',
      '    ownr: x',
      '    steps:',
      '      - id: Pay',
      '        name: Pay',
      '      - id: cart',
      '        name: Cart',
      '    metrics:',
      '      - id: conversion',
      '        name: Conv',
      '        target: high',
      '        better: up',
      '  - name: No id',
      'journeyz: []',
    ].join('\n'));
    assert.deepEqual(located(problems), [
      ".cx/journeys.yaml:16:1: warning: unknown top-level key 'journeyz' (did you mean 'journeys'?)",
      ".cx/journeys.yaml:4:5: warning: unknown key 'ownr' in journey (did you mean 'owner'?)",
      ".cx/journeys.yaml:6:13: error: step of journey 'checkout': 'id' must be lower-case letters, digits and dashes, starting with a letter or digit",
      ".cx/journeys.yaml:13:17: error: metric of journey 'checkout': 'target' must be a number",
      ".cx/journeys.yaml:14:17: error: metric of journey 'checkout': 'better' must be one of \"higher\", \"lower\"",
      ".cx/journeys.yaml:15:5: error: journey: 'id' is required",
    ]);
    assert.equal(journeys.length, 1);
    assert.deepEqual(journeys[0]!.journey.steps, [{ id: 'cart', name: 'Cart' }]);
    assert.deepEqual(journeys[0]!.journey.metrics, [{ id: 'conversion', name: 'Conv', better: 'higher' }]);
  });

  it('reports YAML syntax errors and duplicate keys where they are', () => {
    assert.deepEqual(located(loadJourneysYaml('j.yaml', 'journeys: [\n').problems), [
      'j.yaml:2:1: error: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
    assert.deepEqual(located(loadJourneysYaml('j.yaml', 'journeys:\n  - id: a\n    id: b\n    name: A\n').problems), [
      'j.yaml:3:5: error: Map keys must be unique',
    ]);
  });

  it('accepts an empty file and a file of comments', () => {
    assert.deepEqual(loadJourneysYaml('j.yaml', ''), { journeys: [], problems: [] });
    assert.deepEqual(loadJourneysYaml('j.yaml', '# nothing yet\n'), { journeys: [], problems: [] });
    assert.deepEqual(loadJourneysYaml('j.yaml', 'journeys:\n'), { journeys: [], problems: [] });
  });

  it('reports a root that is not a mapping', () => {
    assert.deepEqual(located(loadJourneysYaml('j.yaml', '- id: a\n').problems), ["j.yaml:1:1: error: the file must be a mapping with a 'journeys' list"]);
  });
});

describe('components YAML', () => {
  it('keeps good patterns when one is bad, with locations parallel to the list', () => {
    const { components, problems } = loadComponentsYaml('.cx/components.yaml', [
      'components:',
      '  - id: payments-api',
      '    paths: [/src/payments/, 3, "*.payment.ts"]',
      '    journeys: checkout',
      '  - bad',
    ].join('\n'));
    assert.deepEqual(located(problems), [
      ".cx/components.yaml:3:29: error: component: 'paths[1]' must be a string",
      ".cx/components.yaml:4:15: error: component: 'journeys' must be a list",
      '.cx/components.yaml:5:5: error: component must be a mapping of keys to values',
    ]);
    assert.deepEqual(components[0]!.component.paths, ['/src/payments/', '*.payment.ts']);
    assert.deepEqual(components[0]!.patternLocs.map((l) => l.range.start.character), [12, 31]);
  });
});

describe('feedback JSONL', () => {
  it('loads good lines and reports bad ones at the offending key', () => {
    const { items, problems } = loadFeedback('.cx/feedback/zd.jsonl', [
      '{"id":"a","date":"2026-11-02","text":"hi"}',
      '{"id":"b","date":"2026-13-02","text":"x","score":{"type":"nps","value":11}}',
      '{"id":',
      '',
      '{"id":"c","date":"2026-11-01","text":"t","url":"javascript:alert(1)"}',
      '{"id":"d","date":"2026-11-01","text":"t","links":[{"journey":"x"},{"foo":1}]}',
    ].join('\n'));
    assert.deepEqual(items.map((i) => [i.value.id, i.line]), [['a', 0]]);
    assert.deepEqual(located(problems), [
      ".cx/feedback/zd.jsonl:2:18: error: record 'b': 'date' is not a real calendar date",
      ".cx/feedback/zd.jsonl:2:72: error: record 'b': 'score.value' must be from 0 to 10 for nps",
      '.cx/feedback/zd.jsonl:3:7: error: invalid JSON: Unexpected end of JSON input',
      ".cx/feedback/zd.jsonl:5:48: error: record 'c': 'url' must be an http or https address",
      ".cx/feedback/zd.jsonl:6:67: error: record 'd': 'links[1]' has an unexpected shape",
    ]);
  });

  it('handles CRLF and a BOM', () => {
    const { items, problems } = loadFeedback('f.jsonl', '\ufeff{"id":"a","date":"2026-11-02","text":"x"}\r\n{"id":"b","date":"2026-11-02","text":"y"}\r\n');
    assert.deepEqual(problems, []);
    assert.deepEqual(items.map((i) => i.value.id), ['a', 'b']);
  });
});

describe('feedback CSV', () => {
  it('reads quoted cells, JSON columns and reports bad cells at their column', () => {
    const { items, problems } = loadFeedback('.cx/feedback/nps.csv', [
      'id,date,text,score',
      'A,2026-11-01,"hello, ""world""","{""type"":""csat"",""value"":4}"',
      'B,2026-11-01,x,7',
      'C,nope,x,',
      'D,2026-11-01',
      'E,2026-11-01,"two',
      'lines",',
    ].join('\n'));
    assert.deepEqual(items.map((i) => [i.value.id, i.value.text, i.value.score, i.line]), [
      ['A', 'hello, "world"', { type: 'csat', value: 4 }, 1],
      ['E', 'two\nlines', undefined, 5],
    ]);
    assert.deepEqual(located(problems), [
      '.cx/feedback/nps.csv:3:16: error: column \'score\': write the score with its type, e.g. {"type":"nps","value":7}',
      ".cx/feedback/nps.csv:4:3: error: record 'C': 'date' must be an ISO 8601 date such as 2026-11-02 or 2026-11-02T09:14:00Z",
      '.cx/feedback/nps.csv:5:1: error: row has 2 cells but the header has 4 columns',
    ]);
  });

  it('reports a header without the required columns', () => {
    assert.deepEqual(located(loadFeedback('f.csv', 'id,when,text\nA,2026-11-01,x\n').problems), [
      "f.csv:1:1: error: the header lacks the column 'date' (it has 'id', 'when', 'text')",
    ]);
  });

  it('recovers after an unterminated quote on the next line', () => {
    const r = parseCsv('a,b\n"bad,1\nc,d\n');
    assert.deepEqual(r.rows.map((row) => row.cells.map((c) => c.value)), [['a', 'b'], ['c', 'd']]);
    assert.deepEqual(r.errors, [{ position: { line: 1, character: 0 }, message: 'unterminated quoted field: a `"` opens here and is never closed' }]);
  });
});

describe('tags log and metrics', () => {
  it('reads tag decisions and reports a bad op where it is', () => {
    const r = loadTags('.cx/tags.jsonl', [
      '{"op":"add","feedback":"A","ref":{"journey":"checkout"},"at":"2026-11-02T09:14:00Z"}',
      '{"op":"ad","feedback":"A","ref":{"journey":"checkout"},"at":"2026-11-02T09:14:00Z"}',
    ].join('\n'));
    assert.equal(r.items.length, 1);
    assert.deepEqual(located(r.problems), [".cx/tags.jsonl:2:7: error: tag of 'A': 'op' must be one of \"add\", \"remove\""]);
  });

  it('reads metric points and reports values that are not numbers', () => {
    const r = loadMetrics('.cx/metrics/m.csv', 'metric,date,value\ncheckout.conversion,2026-10-01,61.8\nbad,2026-10-01,x\nnometric,2026-10-01,3\n');
    assert.deepEqual(r.items.map((i) => i.value), [{ metric: 'checkout.conversion', date: '2026-10-01', value: 61.8 }]);
    assert.deepEqual(located(r.problems), [
      ".cx/metrics/m.csv:3:16: error: column 'value': 'x' is not a number",
      ".cx/metrics/m.csv:4:1: error: metric 'nometric': 'metric' must be journey.metric, e.g. checkout.conversion",
    ]);
  });
});

describe('combining .cx files', () => {
  it('classifies paths', () => {
    assert.equal(cxFileKind('.cx/journeys.yaml'), 'journeys');
    assert.equal(cxFileKind('.cx/journeys/checkout.yml'), 'journeys');
    assert.equal(cxFileKind('.cx/components/a.yaml'), 'components');
    assert.equal(cxFileKind('.cx/feedback/zendesk/2026-11.jsonl'), 'feedback');
    assert.equal(cxFileKind('.cx/feedback/nps.csv'), 'feedback');
    assert.equal(cxFileKind('.cx/tags.jsonl'), 'tags');
    assert.equal(cxFileKind('.cx/metrics/q4.csv'), 'metrics');
    assert.equal(cxFileKind('.cx/feedback/README.md'), undefined);
    assert.equal(cxFileKind('src/journeys.yaml'), undefined);
    assert.equal(cxFileKind('data/journeys.yaml', 'data'), 'journeys');
  });

  it('reports duplicate ids across files, the first definition wins', () => {
    const a = parseCxFile('.cx/journeys.yaml', 'journeys', 'journeys:\n  - id: checkout\n    name: A\n');
    const b = parseCxFile('.cx/journeys/more.yaml', 'journeys', 'journeys:\n  - id: checkout\n    name: B\n    steps:\n      - {id: pay, name: P}\n      - {id: pay, name: Q}\n');
    const f1 = parseCxFile('.cx/feedback/a.jsonl', 'feedback', '{"id":"X","date":"2026-11-01","text":"a"}\n');
    const f2 = parseCxFile('.cx/feedback/b.jsonl', 'feedback', '{"id":"X","date":"2026-11-01","text":"b"}\n');
    const data = combineCxFiles([b, f2, a, f1]);
    assert.deepEqual(data.journeys.map((j) => j.journey.name), ['A']);
    assert.deepEqual([...data.feedback].map((f) => f.value.text), ['a']);
    assert.deepEqual(located(data.problems), [
      ".cx/feedback/b.jsonl:1:1: warning: duplicate feedback id 'X' (first defined at .cx/feedback/a.jsonl:1:1)",
      ".cx/journeys/more.yaml:2:9: error: duplicate journey id 'checkout' (first defined at .cx/journeys.yaml:2:9)",
    ]);
  });
});

describe('JSON error columns', () => {
  it('points at the bad token even when JSON.parse gives no position', () => {
    const r = loadTags('t.jsonl', '{"op":"add", "x": oops}\n{"a":"o", b}\n');
    assert.deepEqual(r.problems.map((p) => p.range.start), [{ line: 0, character: 18 }, { line: 1, character: 10 }]);
  });
});
