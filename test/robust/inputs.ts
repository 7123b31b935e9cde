/**
 * Bad inputs for every `.cx/` file kind and for source files with `@cx` annotations: the hand-written corpus
 * (test/robust/corpus/bad), and seeded generations from the valid corpus (test/robust/corpus/valid): random bytes,
 * truncations at every N bytes, mutations, deep nesting, huge lines, invalid UTF-8, BOMs, CRLF, duplicate keys and a
 * 10 MB single record.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CxFileKind } from '../../src/core/cxData';

export const CORPUS = path.join(__dirname, 'corpus');
export const VALID_DIR = path.join(CORPUS, 'valid');

export type InputKind = 'journeys' | 'components' | 'feedback-jsonl' | 'feedback-csv' | 'tags' | 'metrics' | 'source';
export const KINDS: readonly InputKind[] = ['journeys', 'components', 'feedback-jsonl', 'feedback-csv', 'tags', 'metrics', 'source'];

export interface Input {
  kind: InputKind;
  /** What generated it, for the failure message (`truncate@120`, `random`, `corpus:mixed.feedback.jsonl`). */
  how: string;
  bytes: Buffer;
}

/** The valid file of each kind, workspace-relative, in test/robust/corpus/valid. */
export const VALID_FILE: Record<InputKind, string> = {
  journeys: '.cx/journeys.yaml',
  components: '.cx/components.yaml',
  'feedback-jsonl': '.cx/feedback/zd.jsonl',
  'feedback-csv': '.cx/feedback/nps.csv',
  tags: '.cx/tags.jsonl',
  metrics: '.cx/metrics/checkout.csv',
  source: 'src/pay.ts',
};

export function validText(kind: InputKind): string {
  return readFileSync(path.join(VALID_DIR, VALID_FILE[kind]), 'utf8');
}

/** The loader kind of an input kind (undefined for source files). */
export function cxKind(kind: InputKind): CxFileKind | undefined {
  return kind === 'feedback-jsonl' || kind === 'feedback-csv' ? 'feedback' : kind === 'source' ? undefined : kind;
}

/**
 * Where the n-th input of a kind goes in a workspace. Names sort after the valid files', so that the valid
 * definitions come first and win over fuzzed copies of the same ids. There is one tags log per workspace.
 */
export function fuzzPath(kind: InputKind, n: number): string {
  switch (kind) {
    case 'journeys': return `.cx/journeys/zz-fuzz-${n}.yaml`;
    case 'components': return `.cx/components/zz-fuzz-${n}.yaml`;
    case 'feedback-jsonl': return `.cx/feedback/zz-fuzz-${n}.jsonl`;
    case 'feedback-csv': return `.cx/feedback/zz-fuzz-${n}.csv`;
    case 'tags': return '.cx/tags.jsonl';
    case 'metrics': return `.cx/metrics/zz-fuzz-${n}.csv`;
    case 'source': return `src/zz-fuzz-${n}.ts`;
  }
}

const ALPHABET = '{}[]":,\n\r\t -#!*&|>\'\\/abcxyz0123456789é€😀\u0000\ufeff\u202e@cx';

function mutate(text: string, next: () => number): string {
  const chars = [...text];
  const edits = 1 + Math.floor(next() * 6);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(next() * (chars.length + 1));
    const op = next();
    const ch = ALPHABET[Math.floor(next() * ALPHABET.length)]!;
    if (op < 0.35) chars.splice(at, 1 + Math.floor(next() * 5));
    else if (op < 0.7) chars.splice(at, 0, ch);
    else chars.splice(at, 0, ...chars.slice(at, at + 40));
  }
  return chars.join('');
}

function randomBytes(next: () => number, max = 400): Buffer {
  const n = Math.floor(next() * max);
  const bytes = Buffer.alloc(n);
  for (let i = 0; i < n; i++) bytes[i] = Math.floor(next() * 256);
  return bytes;
}

/** Valid UTF-8 with invalid sequences spliced in at random places. */
function invalidUtf8(text: string, next: () => number): Buffer {
  const buf = Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  let last = 0;
  for (let k = 0; k < 4; k++) {
    const at = last + Math.floor(next() * (buf.length - last));
    parts.push(buf.subarray(last, at), Buffer.from([[0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]][k % 5]!.flat()));
    last = at;
  }
  parts.push(buf.subarray(last));
  return Buffer.concat(parts);
}

const MB = 1024 * 1024;

/** The inputs that do not depend on the seed: nesting, huge lines, encodings, duplicate keys, a 10 MB record. */
function specials(kind: InputKind): Input[] {
  const valid = validText(kind);
  const big = 'x'.repeat(10 * MB);
  const out: [string, string | Buffer][] = [
    ['bom', `\ufeff${valid}`],
    ['bom-twice', `\ufeff\ufeff${valid}`],
    ['crlf', valid.replace(/\n/g, '\r\n')],
    ['cr-only', valid.replace(/\n/g, '\r')],
    ['no-final-newline', valid.trimEnd()],
    ['empty', ''],
    ['only-newlines', '\n\n\r\n\n'],
    ['huge-line-1MB', `${valid}${'y'.repeat(MB)}\n`],
    ['nul-bytes', Buffer.concat([Buffer.from(valid), Buffer.alloc(64), Buffer.from(valid)])],
    ['rtl-overrides', valid.replace(/e/g, '\u202ee\u202c')],
  ];
  switch (kind) {
    case 'journeys':
      out.push(
        ['deep-flow', `journeys:\n  - id: deep\n    name: ${'['.repeat(5000)}${']'.repeat(5000)}\n`],
        ['deep-block', `journeys:\n${Array.from({ length: 1000 }, (_, i) => `${'  '.repeat(i)}- a:`).join('\n')}\n`],
        ['duplicate-keys', 'journeys:\n  - id: a\n    id: b\n    name: A\n    name: B\n    outcome: x\n'],
        ['record-10MB', `journeys:\n  - id: big\n    name: Big\n    outcome: ${big}\n`],
      );
      break;
    case 'components':
      out.push(
        ['deep-flow', `components: ${'{a: '.repeat(3000)}1${'}'.repeat(3000)}\n`],
        ['duplicate-keys', 'components:\n  - id: a\n    id: b\n    name: A\n    paths: [/src/]\n    paths: [/x/]\n'],
        ['record-10MB', `components:\n  - id: big\n    name: Big\n    paths:\n      - /${big}\n`],
        ['many-patterns', `components:\n  - id: many\n    name: Many\n    paths: [${Array.from({ length: 1000 }, (_, i) => `"/src/**/*${i}*/**/?[a-z]*"`).join(', ')}]\n`],
      );
      break;
    case 'feedback-jsonl':
      out.push(
        ['deep-array', `{"id":"DEEP-1","date":"2026-11-02","text":"x","links":${'['.repeat(200000)}${']'.repeat(200000)}}\n${valid}`],
        ['deep-object', `{"id":"DEEP-2","date":"2026-11-02","text":${'{"a":'.repeat(100000)}1${'}'.repeat(100000)}}\n${valid}`],
        ['duplicate-keys', `{"id":"DUP-1","id":"DUP-2","date":"2026-11-02","text":"a","text":"b"}\n${valid}`],
        ['record-10MB', `{"id":"BIG-1","date":"2026-11-02","text":"${big}"}\n${valid}`],
      );
      break;
    case 'feedback-csv':
      out.push(
        ['quotes', `id,date,text\nQ-1,2026-11-01,${'"'.repeat(100001)}\n${valid}`],
        ['duplicate-columns', 'id,id,date,text,text\nA-1,A-2,2026-11-01,one,two\n'],
        ['record-10MB', `id,date,text\nBIG-1,2026-11-01,"${big}"\n`],
        ['many-columns', `${Array.from({ length: 20000 }, (_, i) => `c${i}`).join(',')}\n`],
      );
      break;
    case 'tags':
      out.push(
        ['deep', `{"op":"add","feedback":"ZD-1","ref":${'['.repeat(100000)}${']'.repeat(100000)},"at":"2026-11-02"}\n${valid}`],
        ['duplicate-keys', `{"op":"add","op":"remove","feedback":"ZD-1","ref":{"journey":"checkout"},"ref":{"journey":"refunds"},"at":"2026-11-02"}\n${valid}`],
        ['record-10MB', `{"op":"add","feedback":"ZD-1","ref":{"journey":"checkout"},"by":"${big}","at":"2026-11-02"}\n${valid}`],
      );
      break;
    case 'metrics':
      out.push(
        ['duplicate-columns', 'metric,metric,date,value,value\ncheckout.conversion,x,2026-10-01,1,2\n'],
        ['record-10MB', `metric,date,value,segment\ncheckout.conversion,2026-10-01,1,${big}\n`],
        ['many-rows', `metric,date,value\n${Array.from({ length: 5000 }, (_, i) => `checkout.conversion,2026-10-01,${i}`).join('\n')}\n`],
      );
      break;
    case 'source':
      out.push(
        ['many-annotations', Array.from({ length: 5000 }, (_, i) => `// @cx checkout/pay refunds x${i} @cx`).join('\n')],
        ['annotation-260KB-refs', `// @cx ${'checkout/pay '.repeat(20000)}\n`],
        ['record-10MB', `// @cx checkout\nconst s = "${big}";\n`],
        ['unclosed-comment', '/* @cx checkout\n'.repeat(1000)],
      );
      break;
  }
  return out.map(([how, text]) => ({ kind, how, bytes: typeof text === 'string' ? Buffer.from(text, 'utf8') : text }));
}

/** The hand-written bad corpus: `NAME.KIND.EXT` in test/robust/corpus/bad. */
function corpus(): Input[] {
  const byTag: Record<string, InputKind> = {
    journeys: 'journeys', components: 'components', feedback: 'feedback-jsonl', tags: 'tags', metrics: 'metrics', source: 'source',
  };
  const dir = path.join(CORPUS, 'bad');
  return readdirSync(dir).sort().map((name) => {
    const [, tag, ext] = /\.([a-z]+)\.([a-z]+)$/.exec(name) ?? [];
    const kind = tag === 'feedback' && ext === 'csv' ? 'feedback-csv' : byTag[tag ?? ''];
    if (!kind) throw new Error(`test/robust/corpus/bad/${name}: name it NAME.KIND.EXT (KIND: ${Object.keys(byTag).join(', ')})`);
    return { kind, how: `corpus:${name}`, bytes: readFileSync(path.join(dir, name)) };
  });
}

/**
 * Every input of a run: per kind the specials, truncations of the valid file at every `step` bytes, then `count`
 * rounds of mutations and random bytes; plus the bad corpus.
 */
export function generateInputs(count: number, next: () => number): Input[] {
  const out: Input[] = [...corpus()];
  for (const kind of KINDS) {
    const valid = validText(kind);
    const bytes = Buffer.from(valid, 'utf8');
    out.push(...specials(kind));
    const step = Math.max(1, Math.floor(bytes.length / Math.max(40, count * 4)));
    for (let at = 0; at < bytes.length; at += step) out.push({ kind, how: `truncate@${at}`, bytes: bytes.subarray(0, at) });
    for (let round = 0; round < count; round++) {
      out.push({ kind, how: `mutate#${round}`, bytes: Buffer.from(mutate(valid, next), 'utf8') });
      out.push({ kind, how: `random#${round}`, bytes: randomBytes(next) });
      out.push({ kind, how: `invalid-utf8#${round}`, bytes: invalidUtf8(valid, next) });
    }
  }
  return out;
}

/** The vectors, one a line, plus an RTL-override name and a 100 KB string. */
export function hostileStrings(): string[] {
  const lines = readFileSync(path.join(CORPUS, 'hostile.txt'), 'utf8').split('\n').filter(Boolean);
  return [...lines, `\u202e${'A'.repeat(100 * 1024)}<img src=x onerror="window.__exec++">`];
}

