/**
 * A bad `.cx/` file never throws out of a loader: random bytes, truncations and mutations of valid files only ever
 * produce located problems. Deterministic (seeded) so a failure can be replayed.
 */
import { strict as assert } from 'node:assert';
import { parseCxFile } from '../../src/core/cxData';
import type { CxFileKind } from '../../src/core/cxData';
import type { Problem } from '../../src/core/problems';
import { prng } from '../support/prng';

const VALID: Record<CxFileKind, [string, string]> = {
  journeys: ['.cx/journeys.yaml', 'journeys:\n  - id: checkout\n    name: Checkout\n    outcome: "Pay, first time."\n    steps:\n      - id: pay\n        name: Pay\n    metrics:\n      - { id: conversion, name: Conversion, unit: "%", target: 65, better: higher, step: pay }\n'],
  components: ['.cx/components.yaml', 'components:\n  - id: payments-api\n    name: Payments API\n    owner: "@acme/payments"\n    paths:\n      - /src/payments/\n      - "*.payment.ts"\n      - "!/src/payments/legacy/"\n    journeys: [checkout/pay, refunds]\n'],
  feedback: ['.cx/feedback/zd.jsonl', '{"id":"ZD-1","date":"2026-11-02T09:14:00Z","text":"Card declined twice","source":"zendesk","score":{"type":"csat","value":2},"links":[{"journey":"checkout/pay"},{"path":"src/pay.ts","lines":[40,62]}]}\n{"id":"ZD-2","date":"2026-11-03","text":"ok","url":"https://x.example/2"}\n'],
  tags: ['.cx/tags.jsonl', '{"op":"add","feedback":"ZD-48213","ref":{"journey":"checkout/pay"},"by":"ana@acme.example","at":"2026-11-02T09:14:00Z"}\n{"op":"remove","feedback":"ZD-48213","ref":{"component":"payments-api"},"at":"2026-11-02"}\n'],
  metrics: ['.cx/metrics/m.csv', 'metric,date,value,segment\ncheckout.conversion,2026-10-01,61.8,\ncheckout.conversion,2026-10-08,"62.1",plus\n'],
};
const CSV_FEEDBACK = '.cx/feedback/nps.csv';
const CSV_TEXT = 'id,date,text,score,segment\nNPS-1,2026-11-01,"Great, ""fast""","{""type"":""nps"",""value"":9}",plus\nNPS-2,2026-11-02,"two\nlines",,free\n';

const ALPHABET = '{}[]":,\n\r\t -#!*&|>\'\\/abcxyz0123456789é€😀\u0000\ufeff\u202e';

function mutate(text: string, next: () => number): string {
  const chars = [...text];
  const edits = 1 + Math.floor(next() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(next() * (chars.length + 1));
    const op = next();
    const ch = ALPHABET[Math.floor(next() * ALPHABET.length)]!;
    if (op < 0.4) chars.splice(at, 1);
    else if (op < 0.8) chars.splice(at, 0, ch);
    else chars.splice(at, 0, ...chars.slice(at, at + 20));
  }
  return chars.join('');
}

function randomBytes(next: () => number): string {
  const n = Math.floor(next() * 300);
  const bytes = Buffer.alloc(n);
  for (let i = 0; i < n; i++) bytes[i] = Math.floor(next() * 256);
  return bytes.toString('utf8');
}

function assertLocated(problems: Problem[], text: string, input: string): void {
  const lines = text.split('\n').length;
  for (const p of problems) {
    assert.ok(p.message.length > 0, `empty message for ${JSON.stringify(input)}`);
    assert.ok(Number.isInteger(p.range.start.line) && p.range.start.line >= 0 && p.range.start.line <= lines, `line out of range: ${JSON.stringify(p)} for ${JSON.stringify(input)}`);
    assert.ok(Number.isInteger(p.range.start.character) && p.range.start.character >= 0, `bad column: ${JSON.stringify(p)}`);
    assert.ok(['error', 'warning', 'info'].includes(p.severity));
  }
}

describe('loader fuzzing', () => {
  const ROUNDS = Number(process.env.CX_FUZZ_ROUNDS ?? 300);
  const cases: [CxFileKind, string, string][] = [...Object.entries(VALID).map(([k, [f, t]]) => [k as CxFileKind, f, t] as [CxFileKind, string, string]), ['feedback', CSV_FEEDBACK, CSV_TEXT]];
  for (const [kind, file, valid] of cases) {
    it(`${file}: the valid file loads clean`, () => {
      assert.deepEqual(parseCxFile(file, kind, valid).problems, []);
    });
    it(`${file}: ${ROUNDS} mutations, truncations and random inputs only give located problems`, () => {
      const next = prng(kind.length * 7919 + file.length);
      for (let round = 0; round < ROUNDS; round++) {
        const inputs = [mutate(valid, next), valid.slice(0, Math.floor(next() * valid.length)), randomBytes(next)];
        for (const input of inputs) {
          let result;
          try {
            result = parseCxFile(file, kind, input);
          } catch (e) {
            assert.fail(`threw ${(e as Error).stack} on ${JSON.stringify(input)}`);
          }
          assertLocated(result.problems, input, input);
        }
      }
    });
  }
});
