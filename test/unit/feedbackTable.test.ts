/**
 * Feedback as columns answers as the parsed records did: the byte scan takes a line only when JSON.parse and the
 * fast check would, with the same values; a file read in chunks from disk gives what its text gives; records read
 * again by offset are the records; the combination's numbering, the id table, and a file changed under a table.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { combineCxFiles, feedbackIdsOf, parseCxFile } from '../../src/core/cxData';
import { CxIndex } from '../../src/core/cxIndex';
import { MAX_SOURCE_BYTES, readCxFiles, readSourceFile, readSources, sourceFileOf } from '../../src/core/diskWorkspace';
import { fastFeedbackRecord, isLink, isoTime, parseTime } from '../../src/core/fastRecords';
import { loadFeedback, loadFeedbackText, readFeedbackFile } from '../../src/core/feedbackLoad';
import { FeedbackRows, TableBuilder } from '../../src/core/feedbackTable';
import type { FeedbackTable } from '../../src/core/feedbackTable';
import { foldFeedback, linksOf, targetOf } from '../../src/core/foldedFeedback';
import type { PathTag } from '../../src/core/foldedFeedback';
import { Holds } from '../../src/core/holds';
import { IdColumn, IdIndex } from '../../src/core/idIndex';
import { PathIndex } from '../../src/core/matcher';
import { formatProblem } from '../../src/core/problems';
import type { SourceFile } from '../../src/core/cxIndex';
import { packSources, unpackSources } from '../../src/core/packedSources';
import { readOffThread } from '../../src/core/sourcesThread';
import { componentItemsOf } from '../../src/core/yamlModel';
import { loadJsonl, recordLabel } from '../../src/core/recordLoaders';
import { isHttpUrl, plainLink, plainSpelling, scanDone, scanned, scannedId, scanRecord } from '../../src/core/recordScan';
import { FeedbackRecord } from '../../src/core/schemas';
import type { Link } from '../../src/core/schemas';
import { randomTools } from '../support/prng';


const { int, pick } = randomTools(71);

const two = (n: number) => String(n).padStart(2, '0');

/** A date-time of the usual form, its parts now and then out of range. */
function randomDate(): string {
  return `${2000 + int(40)}-${two(int(14))}-${two(int(33))}T${two(int(26))}:${two(int(62))}:${two(int(62))}Z`;
}

/** A record line as exports write them, and now and then otherwise (spaces, escapes, key order, odd values). */
function recordLine(i: number): string {
  const fields: [string, unknown][] = [
    ['id', pick([`ZD-${i}`, `r\\u00e9-${i}`, `"q"-${i}`, `ü-${i}`])],
    ['date', int(3) ? randomDate() : pick(['2026-11-02T09:14:00Z', '2026-11-02', '2026-02-30T23:59:59Z', '2026-11-02 09:14', '2026-11-02T24:00:00Z', '2026-11-02T09:14:00.5+01:00', '2026-13-02T00:00:00Z', '2026-11-02T09:60:00Z'])],
    ['text', pick(['It broke.', 'tab\there', 'quote " inside', 'back\\slash', 'ünïcode ✓ 😀', '', 'line\nbreak', 'ctl\u0001'])],
  ];
  if (int(2)) fields.push(['source', pick(['zendesk', 'nps', 'app store', 'zendesk'])]);
  if (int(2)) fields.push(['title', pick(['T', 'Tïtle', ''])]);
  if (int(2)) fields.push(['score', pick([{ type: 'csat', value: 1 + int(5) }, { type: 'nps', value: int(11) }, { value: 7, type: 'ces' }, { type: 'rating', value: 2.5 }, { type: 'nps', value: 12 }, { type: 'x', value: 1 }])]);
  if (int(2)) fields.push(['sentiment', pick(['positive', 'neutral', 'negative', 'angry'])]);
  if (int(2)) fields.push(['segment', pick(['pro', 'enterprise', 'sm\u00e4ll'])]);
  if (int(2)) fields.push(['url', pick(['https://x.example/t/1', 'HTTP://x.example', 'https://x.example:99999/', 'https://1.2.3.999/a', 'https://a b/', 'https://x.example/a b?c=d#e', 'ftp://x', 'https://[::1]/x', 'https://user@x.example/'])]);
  if (int(2)) fields.push(['links', pick([[], [{ journey: 'checkout/pay' }], [{ component: 'cart' }, { path: 'src/a.ts', lines: [2, 9] }], [{ path: 'src/a.ts', lines: [9, 2] }], [{ journey: '' }], [{ path: 'a' }, { path: 'a' }]])]);
  if (int(12) === 0) fields.push(['unknown', 1]);
  if (int(12) === 0) fields.push(['id', 'again']);
  for (let k = fields.length - 1; k > 0; k--) {
    if (int(3)) continue;
    const j = int(k + 1);
    [fields[k], fields[j]] = [fields[j]!, fields[k]!];
  }
  const space = () => (int(8) === 0 ? pick([' ', '\t', '  ', '\r']) : '');
  const body = fields.map(([k, v]) => `${space()}${JSON.stringify(k)}${space()}:${space()}${typeof v === 'string' && v.includes('\\u') ? `"${v}"` : JSON.stringify(v)}`);
  return `${space()}{${body.join(',')}${space()}}${space()}`;
}

/** A line mangled: a byte or two changed, cut short, or doubled. */
function mangle(line: string): string {
  const at = int(line.length + 1);
  switch (int(5)) {
    case 0:
      return line.slice(0, at);
    case 1:
      return line.slice(0, at) + pick(['"', '\\', '{', '}', ',', ':', '\u0000', '\u0001', '\t', '\u001f', '\\u12', 'ü', ' ']) + line.slice(at);
    case 2:
      return line.slice(0, at) + line.slice(at + 1);
    case 3:
      return line + line;
    default:
      return line;
  }
}

describe('feedback as columns', () => {
  it('the byte scan takes a line only when JSON.parse and the fast check do, with their values (6,000 lines)', () => {
    let taken = 0;
    for (let i = 0; i < 6000; i++) {
      const line = i % 3 === 2 ? mangle(recordLine(i)) : recordLine(i);
      const bytes = Buffer.from(line, 'utf8');
      const end = bytes[0] === 123 ? scanRecord(bytes, 0, bytes.length) : -1;
      if (end < 0) continue;
      taken++;
      let record: FeedbackRecord | undefined;
      try {
        record = fastFeedbackRecord(JSON.parse(line));
      } catch {
        record = undefined;
      }
      assert.ok(record, `scanned what the fast check refuses: ${line}`);
      const s = scanned();
      assert.equal(end, bytes.length, line);
      assert.equal(scannedId(bytes), record.id, line);
      assert.equal(s.time, parseTime(record.date), line);
      assert.equal(s.sentiment, record.sentiment, line);
      assert.deepEqual(s.score, record.score, line);
      assert.equal(s.source, record.source, line);
      assert.equal(s.segment, record.segment, line);
      assert.deepEqual(s.links ?? [], record.links, line);
    }
    assert.ok(taken > 1000, `only ${taken} lines scanned: the plain lines should be`);
  });

  it('a list of links is read as JSON.parse reads it, however it is spaced or spelled', () => {
    const spellings = [
      '[]', '[ ]', '[{"journey":"a/b"}]', '[ {"journey":"a/b"} ]', '[{"journey":"a/b"} ,\t{"component":"c"}]', '[{"journey":"a/b"},]',
      '[{"journey":"a/b"}{"component":"c"}]', '[[{"journey":"a/b"}]]', '["a"]', '[{"journey":"a\\/b"}]', '[{"journey":"\\u0061/b"}]',
      '[{ "path" : "x.ts" , "lines" : [ 1 , 2 ] }]', '[{"lines":[1,2],"path":"x.ts"}]', '[{"path":"x.ts","lines":[2,1]}]', '[{"path":"x.ts","lines":[1,2,3]}]',
      '[{"journey":"a","journey":"b"}]', '[{"journey":"a","component":"b"}]', '[{"journey":""}]', '[{}]', '[{"journey":"a/b"}', '[{"journey":"a/b"}]]',
      '[{"journey":"ä/b"}]', '[{"journey":"a/b"},{"journey":"a/b"}]', '[ {"journey":"a/b"} , {"path":"x.ts"} , {"lines":[3,4],"path":"y.ts"} ]',
    ];
    let taken = 0;
    for (let round = 0; round < 2; round++) {
      for (const links of spellings) {
        const line = `{"id":"r","date":"2026-11-02","text":"t","links":${links}}`;
        const bytes = Buffer.from(line, 'utf8');
        let record: FeedbackRecord | undefined;
        try {
          record = fastFeedbackRecord(JSON.parse(line));
        } catch {
          record = undefined;
        }
        const end = scanRecord(bytes, 0, bytes.length);
        if (end < 0) continue; // left to JSON.parse and the schema: the same answers by construction
        taken++;
        assert.ok(record, `scanned what the fast check refuses: ${links}`);
        assert.deepEqual(scanned().links ?? [], record.links, links);
      }
    }
    assert.equal(taken, 2 * 13, 'the valid spellings are scanned, the first time and from the caches');
    const scannedOf = (links: string) => {
      const bytes = Buffer.from(`{"id":"r","date":"2026-11-02","text":"t","links":${links}}`);
      assert.ok(scanRecord(bytes, 0, bytes.length) > 0, links);
      return scanned().links!;
    };
    assert.equal(scannedOf('[ {"journey":"a/b"} ]'), scannedOf('[ {"journey":"a/b"} ]'), 'the same spelling, the same list');
    assert.equal(scannedOf('[{"lines":[3,4],"path":"y.ts"}]')[0], scannedOf('[{"path":"y.ts","lines":[3,4]}]')[0], 'the same link, however written');
    assert.equal(scannedOf('[{"path":"z.ts","lines":[3,4]}]')[0], scannedOf('[{"lines":[3,4],"path":"z.ts"}]')[0], 'the same link, the plain spelling read first');
    assert.equal(scannedOf('[{"journey":"\\u0061/c"}]')[0], scannedOf('[{"journey":"a/c"}]')[0], 'the same link, an escape read first');
    const long = '{"path":"q.ts","lines":[1,1234567890123456]}';
    assert.equal(scannedOf(`[${long}]`)[0], scannedOf(`[ ${long.replace(',', ' , ')} ]`)[0], 'the same link, spelled plainly with a line of 16 digits');
    assert.equal(scannedOf(`[${long}]`)[0], scannedOf(`[${long}]`)[0]);
    assert.equal(scannedOf('[{"journey":"a/b"},{"path":"x.ts"}]'), scannedOf('[ {"journey" : "a/b"} ,{"path":"x.ts"}]'), 'the same links however spaced, one list');
    assert.notEqual(scannedOf('[{"journey":"a/b"},{"path":"x.ts"}]'), scannedOf('[{"path":"x.ts"},{"journey":"a/b"}]'), 'the same links in another order, another list');
    assert.notEqual(scannedOf('[{"journey":"a/b"}]'), scannedOf('[{"journey":"a/b"},{"journey":"a/b"}]'), 'a link named twice is a list of two');
    // More links and lists than the tables' first room: read again after the tables have grown, the same objects.
    const lists = Array.from({ length: 1500 }, (_, i) => `[{"path":"grow/${i}.ts"},{"journey":"j${i % 7}"}]`);
    const firstRead = lists.map((l) => scannedOf(l));
    lists.forEach((l, i) => {
      assert.equal(scannedOf(l), firstRead[i], `list ${i} after the tables grew`);
      assert.equal(scannedOf(`[ {"path" : "grow/${i}.ts"} ]`)[0], firstRead[i]![0], `link ${i} after the tables grew`);
    });
    const many = JSON.stringify(Array.from({ length: 150 }, (_, i) => (i % 3 ? { path: `src/${i}.ts`, lines: [i + 1, i + 2] } : { journey: `j${i}` })));
    assert.deepEqual(scannedOf(many), JSON.parse(many), 'a list longer than the room kept for one');
    assert.equal(scannedOf(many), scannedOf(many));
    scanDone();
  });

  it('a link written plainly is read from its bytes as JSON.parse reads it; any other spelling is left to JSON.parse', () => {
    const { int, pick } = randomTools(17);
    const names = ['a', 'checkout/pay', 'ä/ß', 'src/x.ts', '日本', 'x'.repeat(40), '\u2028', '\x7f'];
    const odd = ['', 'a"b', 'a\\b', 'tab\there', 'nl\n'];
    const line = () => pick(['1', '2', '17', '999999999999999', '1234567890123456', '0', '01', '-1', '1.0', '1e2', ' 3', '9007199254740993']);
    const valid: Link[] = [];
    for (let i = 0; i < 2000; i++) {
      const name = int(8) ? pick(names) : pick(odd);
      const kind = pick(['journey', 'component', 'path', 'path'] as const);
      const key = int(10) ? kind : pick(['Journey', 'lines', 'x']);
      const lines = kind === 'path' && int(2) ? `,"lines":[${line()},${line()}]` : '';
      let text = int(6) ? `{"${key}":${JSON.stringify(name)}${lines}}` : pick([
        `{ "${key}":${JSON.stringify(name)}}`, `{"${key}":"${name}"}`, `{"lines":[1,2],"path":${JSON.stringify(name)}}`,
        `{"${key}":${JSON.stringify(name)},"extra":1}`, `{"${key}":${JSON.stringify(name)}`, `{"${key}":${JSON.stringify(name).replace('a', '\\u0061')}}`,
      ]);
      if (int(20) === 0) text = text.slice(0, int(text.length));
      const bytes = Buffer.from(text, 'utf8');
      const got = plainLink(bytes, 0, bytes.length);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      if (isLink(parsed)) valid.push(parsed);
      if (got === undefined) continue;
      assert.ok(isLink(parsed), `read as a link what is none: ${text}`);
      assert.deepEqual(got, parsed, text);
      assert.equal(plainSpelling(got), text, `read as plain what is not its plain spelling: ${text}`);
    }
    assert.ok(valid.length > 800, `only ${valid.length} valid links: the cases test too little`);
    // Every valid link's plain spelling is read so, but for one with an escape or a line number of 16 digits (left to
    // JSON.parse).
    let plain = 0;
    for (const link of valid) {
      const bytes = Buffer.from(plainSpelling(link), 'utf8');
      const got = plainLink(bytes, 0, bytes.length);
      if (bytes.includes(0x5c) || ('lines' in link && link.lines && link.lines[1] > 999_999_999_999_999)) continue;
      assert.deepEqual(got, link, plainSpelling(link));
      plain++;
    }
    assert.ok(plain > 700, `only ${plain} plain spellings read`);
    const notUtf8 = Buffer.concat([Buffer.from('{"journey":"a'), Buffer.from([0xff]), Buffer.from('"}')]);
    assert.equal(plainLink(notUtf8, 0, notUtf8.length), undefined, 'bytes that are not UTF-8 read as U+FFFD, which is spelled otherwise');
  });

  it('the plain export line is scanned (not left to JSON.parse)', () => {
    const line = '{"id":"IN-1","date":"2026-01-04T21:46:54Z","source":"intercom","title":"t","text":"x","segment":"pro","url":"https://i.example/t/1","score":{"type":"csat","value":4},"sentiment":"neutral","links":[{"journey":"a/b"}]}';
    const bytes = Buffer.from(`${line}\n{`);
    assert.equal(scanRecord(bytes, 0, bytes.length), line.length);
  });

  it('dates and addresses are judged as the schema judges them', () => {
    const dates = ['2026-11-02T09:14:00Z', '2026-02-31T00:00:00Z', '2026-00-10T00:00:00Z', '2026-11-32T00:00:00Z', '2026-11-02T23:59:59Z',
      '2026-11-02T24:00:00Z', '2026-11-02T09:14:60Z', '2026-11-02', '2026-11-02T09:14', '2026-11-02T09:14:00+0100', '0000-01-01T00:00:00Z',
      '2026-1-02T09:14:00Z', '2026-11-02T09:14:00z', '2026-11-0aT09:14:00Z', 'x'];
    for (let i = 0; i < 500; i++) dates.push(randomDate());
    for (const d of dates) {
      const valid = FeedbackRecord.safeParse({ id: 'a', date: d, text: '' }).success;
      const t = isoTime(d);
      assert.equal(!Number.isNaN(t), valid, d);
      if (valid) assert.equal(t, parseTime(d), d);
    }
    const urls = ['https://x.example/t/1', 'HTTP://x.example', 'https://x.example:99999/', 'https://x.example:65535/', 'https://1.2.3.999/a', 'https://1.2.3.4/a',
      'https://a b/', 'https://x.example/a b?c=d#e', 'ftp://x', 'https://', 'https://[::1]/x', 'https://[::1/x', 'https://user:pw@x.example/', 'https://x.example?q',
      'https://x.example#f', 'https://x.example\\p', 'https://exa%mple.com/', 'https://0x7f.1/', 'https://x.example/%zz', 'http://-/', 'https://ü.example/'];
    for (const u of urls) assert.equal(isHttpUrl(u), FeedbackRecord.safeParse({ id: 'a', date: '2026-11-02', text: '', url: u }).success, u);
  });

  it('records one after another are judged by their own address, whatever host came before', () => {
    const { pick } = randomTools(23);
    const hosts = ['https://x.example', 'https://y.example', 'https://exa%mple', 'https://1.2.3.999', 'https://1.2.3.254', 'https://1.2.3.4', 'http://-', 'https://x.examplf',
      'HTTPS://x.example', 'https://0x7f.1', 'https://' + 'h'.repeat(130) + '.example'];
    for (let i = 0; i < 600; i++) {
      const url = `${pick(hosts)}${pick(['/t/1', '/', '', '/a?b=c'])}`;
      const line = JSON.stringify({ id: `r${i}`, date: '2026-11-02', text: 't', url });
      const bytes = Buffer.from(line, 'utf8');
      const valid = FeedbackRecord.safeParse(JSON.parse(line)).success;
      assert.equal(scanRecord(bytes, 0, bytes.length) >= 0, valid, `${i}: ${url}`);
    }
  });

  it('a text loads as line by line parsing loads it: the same records and problems (CRLF, BOM, blank and bad lines)', () => {
    for (let round = 0; round < 40; round++) {
      const lines = Array.from({ length: 1 + int(30) }, (_, i) => (int(6) === 0 ? pick(['', '   ', 'not json', '[1]']) : int(4) === 0 ? mangle(recordLine(i)) : recordLine(i)));
      let text = lines.join(int(2) ? '\r\n' : '\n') + pick(['', '\n', '\r\n']);
      if (int(4) === 0) text = `\ufeff${text}`;
      const plain = loadJsonl('f.jsonl', text, FeedbackRecord, recordLabel, fastFeedbackRecord);
      const got = loadFeedback('f.jsonl', text);
      assert.deepEqual(got.problems, plain.problems, text);
      assert.deepEqual(got.items, plain.items, text);
    }
  });

  it('a file read from disk in chunks of any size gives what its text gives, and its records read again from disk', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cx-table-'));
    try {
      for (let round = 0; round < 12; round++) {
        const lines = Array.from({ length: 1 + int(40) }, (_, i) => (int(5) === 0 ? mangle(recordLine(i)) : recordLine(i)));
        const text = lines.join('\n') + pick(['', '\n']);
        const file = path.join(dir, `f${round}.jsonl`);
        writeFileSync(file, text);
        const expected = loadFeedback('f.jsonl', text);
        for (const chunk of [1, 7, 64, 4096]) {
          const { rows, problems } = await readFeedbackFile(file, 'f.jsonl', chunk);
          assert.deepEqual(problems, expected.problems, `chunk ${chunk}`);
          assert.deepEqual([...rows], expected.items, `chunk ${chunk}`);
          // Records read in blocks are the records read one by one.
          const some = Array.from({ length: rows.length }, (_, seq) => seq).filter(() => int(2) === 0);
          const read: [number, unknown][] = [];
          rows.forEachRecord(some, (seq, record) => read.push([seq, record]));
          assert.deepEqual(read, some.map((seq) => [seq, rows.record(seq)]), `chunk ${chunk}: blocks`);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a file appended to still reads its records; one rewritten says so instead of showing another record', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cx-table-'));
    try {
      const file = path.join(dir, 'f.jsonl');
      writeFileSync(file, '{"id":"A","date":"2026-11-02","text":"first"}\n{"id":"B","date":"2026-11-03","text":"second"}\n');
      const { rows } = await readFeedbackFile(file, '.cx/feedback/f.jsonl');
      appendFileSync(file, '{"id":"C","date":"2026-11-04","text":"third"}\n');
      assert.equal(rows.record(1).text, 'second');
      const again = (await readFeedbackFile(file, '.cx/feedback/f.jsonl')).rows;
      writeFileSync(file, '{"id":"X","date":"2026-11-02","text":"other"}\n{"id":"Y","date":"2026-11-03","text":"records"}\n{"id":"Z","date":"2026-11-03","text":"here"}\n');
      const stale = again.record(0);
      assert.equal(stale.id, 'A');
      assert.match(stale.text, /\.cx\/feedback\/f\.jsonl changed since it was read/);
      assert.equal(stale.date, '2026-11-02T00:00:00.000Z');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a folder\'s feedback files read through one set of columns give what each file read alone gives, reads at once too', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cx-columns-'));
    try {
      const feedback = path.join(dir, '.cx', 'feedback');
      mkdirSync(feedback, { recursive: true });
      // Sizes across the columns' first room (1,024 rows): a large file between small ones, a larger one after.
      const sizes = [3, 1500, 40, 0, 2600, 700];
      const rels = sizes.map((n, f) => {
        const lines = Array.from({ length: n }, (_, i) => (int(9) === 0 ? mangle(recordLine(i)) : recordLine(i)).replace(/"ZD-/, `"F${f}-`));
        writeFileSync(path.join(feedback, `f${f}.jsonl`), lines.join('\n'));
        return `.cx/feedback/f${f}.jsonl`;
      });
      const alone = new Map<string, { rows: unknown[]; problems: unknown[]; ids: string[] }>();
      for (const rel of rels) {
        const { rows, problems } = await readFeedbackFile(path.join(dir, rel), rel);
        alone.set(rel, { rows: [...rows], problems, ids: Array.from({ length: rows.length }, (_, i) => rows.id(i)) });
      }
      const limits = { maxFileBytes: 1e9, maxFeedbackRecords: 1e9, inMemoryBytes: 0 };
      // Two reads of the folder at once take turns with the columns; each file's table is its own.
      const [one, two] = await Promise.all([readCxFiles(dir, '.cx', limits), readCxFiles(dir, '.cx', limits)]);
      for (const files of [one, two, await readCxFiles(dir, '.cx', limits)]) {
        for (const rel of rels) {
          const file = files.find((f) => f.path === rel)!;
          const expected = alone.get(rel)!;
          assert.deepEqual([...file.feedback], expected.rows, rel);
          assert.deepEqual(file.problems, expected.problems, rel);
          assert.deepEqual(Array.from({ length: file.feedback.length }, (_, i) => file.feedback.id(i)), expected.ids, rel);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('what a folder\'s read keeps is dropped when its last holder lets go, a release given twice counting once', () => {
    let freed = 0;
    const holds = new Holds(() => freed++);
    const one = holds.hold();
    const two = holds.hold();
    one();
    one();
    assert.equal(freed, 0, 'still held by the second');
    assert.ok(holds.held);
    two();
    assert.equal(freed, 1);
    assert.ok(!holds.held);
    two();
    assert.equal(freed, 1, 'released once');
  });

  it('a table builder is built once: adding to it or building it again after is refused', () => {
    const builder = new TableBuilder('f.jsonl');
    builder.addRecord(0, { id: 'a', date: '2026-11-02', text: 't', links: [] }, 0);
    assert.equal(builder.build(undefined).length, 1);
    assert.throws(() => builder.addRecord(1, { id: 'b', date: '2026-11-02', text: 't', links: [] }, 0), /f\.jsonl was built already/);
    assert.throws(() => builder.build(undefined), /f\.jsonl was built already/);
  });

  it('a workspace read with its feedback left on disk answers as one held in memory', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cx-table-'));
    try {
      writeFileSync(path.join(dir, 'a.ts'), 'export const a = 1;\n');
      const cx = path.join(dir, '.cx');
      mkdirSync(path.join(cx, 'feedback'), { recursive: true });
      writeFileSync(path.join(cx, 'journeys.yaml'), 'journeys:\n  - id: checkout\n    name: Checkout\n    steps:\n      - id: pay\n        name: Pay\n');
      writeFileSync(path.join(cx, 'components.yaml'), 'components:\n  - id: app\n    paths: ["*.ts"]\n    journeys: [checkout/pay]\n');
      const records = (n: number, prefix: string) =>
        Array.from({ length: n }, (_, i) => JSON.stringify({ id: `${prefix}-${i % 37}`, date: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}T10:00:00Z`, text: `said ${i}`, ...(i % 3 ? { links: [pick([{ journey: 'checkout' }, { component: 'app' }, { path: 'a.ts', lines: [1, 1] }])] } : {}), ...(i % 4 ? { sentiment: pick(['negative', 'positive']) } : {}) })).join('\n');
      writeFileSync(path.join(cx, 'feedback', 'a.jsonl'), `${records(60, 'A')}\nbroken\n`);
      writeFileSync(path.join(cx, 'feedback', 'b.jsonl'), records(50, 'B'));
      writeFileSync(path.join(cx, 'tags.jsonl'), '{"op":"add","feedback":"B-3","ref":{"journey":"checkout/pay"},"at":"2026-11-30"}\n');
      const load = async (inMemoryBytes: number) => {
        const data = combineCxFiles(await readCxFiles(dir, '.cx', { maxFileBytes: 1e9, maxFeedbackRecords: 1e9, inMemoryBytes }));
        return { data, index: new CxIndex(data, [{ path: 'a.ts', lines: 1, annotations: [] }], { windowDays: 30 }) };
      };
      const disk = await load(0);
      const memory = await load(1e9);
      assert.deepEqual(disk.data.problems, memory.data.problems);
      assert.deepEqual(disk.index.problems, memory.index.problems);
      assert.deepEqual(disk.index.allFeedback(), memory.index.allFeedback());
      assert.deepEqual(disk.index.contextOf('a.ts'), memory.index.contextOf('a.ts'));
      for (const search of ['said 1', 'SAID', 'nothing like it']) {
        for (const q of [{ search }, { search, ref: 'checkout' }, { search, path: 'a.ts' }]) {
          assert.deepEqual(disk.index.queryFeedback({ ...q, limit: 1000 }), memory.index.queryFeedback({ ...q, limit: 1000 }), JSON.stringify(q));
        }
      }
      assert.ok(disk.index.queryFeedback({ search: 'said 1' }).total > 10, 'the search finds records');
      assert.equal(disk.data.feedback.length, 37 + 37, 'each id once: the duplicates are left out');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a table keeps its columns as narrow as their values allow, and reads each record as JSON.parse reads its line', () => {
    const { int, pick } = randomTools(43);
    // Sources and segments: a few values, a few hundred (16 bits), tens of thousands (32); lines: one line the scan
    // skips (rows no longer their line), or none; a text longer than 65,535 bytes (lengths of 32 bits), or none.
    for (const distinct of [3, 300, 70_000]) {
      for (const skipped of [false, true]) {
        const n = distinct === 70_000 ? 70_010 : 400;
        const long = distinct === 300;
        const lines: string[] = [];
        for (let i = 0; i < n; i++) {
          if (skipped && i === 5) lines.push('not a record');
          const text = long && i === 7 ? 'x'.repeat(70_000) : `said ${i}`;
          lines.push(JSON.stringify({ id: `N-${i}`, date: '2026-11-02T10:00:00Z', text, source: `s${i % distinct}`, ...(int(2) ? { segment: pick(['pro', `seg${i % distinct}`]) } : {}) }));
        }
        const what = `${distinct} values, ${skipped ? 'a line skipped' : 'no line skipped'}`;
        const { rows, problems } = loadFeedbackText('n.jsonl', lines.join('\n'));
        assert.equal(problems.length, skipped ? 1 : 0, what);
        const records = lines.filter((l) => l.startsWith('{'));
        assert.equal(rows.length, records.length, what);
        rows.forEachPart((table) => {
          const width = (a: { BYTES_PER_ELEMENT: number }) => a.BYTES_PER_ELEMENT;
          assert.equal(width(table.sources), distinct < 256 ? 1 : distinct < 65_536 ? 2 : 4, `${what}: sources`);
          assert.equal(width(table.lengths), long ? 4 : 1, `${what}: lengths`);
        });
        for (let seq = 0; seq < rows.length; seq++) {
          const line = skipped && seq >= 5 ? seq + 1 : seq;
          const expected = JSON.parse(lines[line]!) as FeedbackRecord;
          assert.equal(rows.line(seq), line, `${what}: seq ${seq}`);
          assert.equal(rows.at(seq).line, line, `${what}: seq ${seq}`);
          assert.equal(rows.source(seq), expected.source, `${what}: seq ${seq}`);
          assert.equal(rows.segment(seq), expected.segment, `${what}: seq ${seq}`);
          if (seq % 97 === 0 || seq === 7) assert.deepEqual(rows.record(seq), fastFeedbackRecord(JSON.parse(lines[line]!)), `${what}: seq ${seq}`);
        }
      }
    }
    const csv = loadFeedbackText('n.csv', 'id,date,text,source\nC-1,2026-11-02,hello,zendesk\nC-2,2026-11-03,there,nps\n').rows;
    assert.deepEqual([csv.line(0), csv.line(1), csv.source(1)], [1, 2, 'nps'], 'a CSV row is the line after its header');
  });

  it('a table finds each row\'s own links (none for a row without), in row order, however many rows have links', () => {
    const { int } = randomTools(41);
    for (const n of [0, 1, 2, 7, 300]) {
      const lines = Array.from({ length: n }, (_, i) =>
        JSON.stringify({ id: `R-${i}`, date: '2026-11-02', text: 't', ...(int(3) ? {} : { links: [{ journey: `j${int(4)}` }, ...(int(2) ? [{ path: `src/${i}.ts`, lines: [1, 1 + int(9)] }] : [])] }) }),
      );
      const rows = loadFeedbackText('r.jsonl', lines.join('\n')).rows;
      const expected = lines.map((l) => (JSON.parse(l) as { links?: unknown[] }).links);
      const seen: unknown[] = [];
      rows.forEachPart((table) => {
        for (let row = -1; row <= n; row++) assert.deepEqual(table.links.get(row), expected[row], `${n} rows: row ${row}`);
      });
      rows.forEachLinked((links, file, line, seq) => {
        seen.push(links);
        assert.deepEqual([file, line, rows.ownLinks(seq)], ['r.jsonl', seq, links], `${n} rows: seq ${seq}`);
      });
      assert.deepEqual(seen, expected.filter((l) => l), `${n} rows: in order`);
      for (let seq = 0; seq < n; seq++) assert.deepEqual(rows.ownLinks(seq), expected[seq] ?? [], `${n} rows: seq ${seq}`);
    }
  });

  it('a fold copies the whole tables\' times, sentiments and scores once: the tables read them from the fold\'s columns, the same values', () => {
    const line = (f: number, i: number) =>
      JSON.stringify({ id: `${f}-${i % 9}`, date: `2026-11-${String(1 + i).padStart(2, '0')}`, text: `t${i}`, ...(i % 2 ? { score: { type: 'nps', value: i % 11 } } : { sentiment: 'negative' }) });
    // Some of the second file's rows are left out (a part of the table); the others are whole.
    const files = [0, 1, 2].map((f) => loadFeedbackText(`f${f}.jsonl`, Array.from({ length: 6 + f }, (_, i) => line(f, i)).join('\n')).rows);
    const joined = FeedbackRows.join(files.map((rows, f) => ({ rows, drop: new Set(f === 1 ? [0, 4] : []) })));
    const columns = (t: FeedbackTable) => ({ times: [...t.times], sentiments: [...t.sentiments], scoreTypes: [...t.scoreTypes], scoreValues: [...t.scoreValues] });
    const tables: FeedbackTable[] = [];
    joined.forEachPart((t) => tables.push(t));
    const before = tables.map(columns);
    for (let fold = 0; fold < 2; fold++) {
      const folded = foldFeedback(joined, []);
      assert.deepEqual(tables.map(columns), before, `fold ${fold}: the tables' values`);
      joined.forEachPart((t, rows, first) => {
        assert.equal(t.times.buffer === folded.time.buffer, !rows, `fold ${fold}: ${t.file} reads the fold's column when whole`);
        for (let i = 0; i < (rows?.length ?? t.length); i++) {
          const row = rows ? rows[i]! : i;
          assert.equal(folded.time[first + i], t.times[row]);
          assert.equal(folded.scoreValue[first + i], t.scoreValues[row]);
          assert.deepEqual(t.score(row), fastFeedbackRecord(JSON.parse(line(+t.file[1]!, row)))!.score);
        }
      });
    }
  });

  it('a fold lists each target\'s records once each, in load order, a record naming a path twice (other lines) once, and each path\'s links with their lines', () => {
    const targets: Link[] = [{ journey: 'checkout' }, { journey: 'checkout/pay' }, { component: 'cart' }, { path: 'a.ts' }, { path: 'a.ts', lines: [3, 4] }, { path: 'b.ts', lines: [1, 1] }];
    let unnumbered = 0;
    for (let round = 0; round < 20; round++) {
      // In the second file, some lines the scan leaves to JSON.parse (an escaped key): its lists are then not numbered.
      const files = [0, 1].map((f) =>
        loadFeedbackText(`f${f}.jsonl`, Array.from({ length: 1 + int(40) }, (_, i) => {
          const line = JSON.stringify({ id: `${f}-${i}`, date: '2026-11-02', text: 't', links: Array.from({ length: int(4) }, () => pick(targets)) });
          return f === 1 && round % 2 && !int(8) ? line.replace('"id"', '"\\u0069d"') : line;
        }).join('\n')).rows,
      );
      const rows = FeedbackRows.join(files.map((r) => ({ rows: r, drop: new Set<number>() })));
      const tags = Array.from({ length: int(30) }, (_, line) => ({ file: '.cx/tags.jsonl', line, value: { op: pick(['add', 'add', 'remove'] as const), feedback: `${int(2)}-${int(40)}`, ref: pick(targets), at: '2026-11-03' } }));
      const folded = foldFeedback(rows, tags);
      const plain = new Map<string, number[]>();
      for (let seq = 0; seq < rows.length; seq++) {
        for (const key of new Set(linksOf(folded, seq).map(targetOf))) plain.set(key, [...(plain.get(key) ?? []), seq]);
      }
      const got = new Map([...folded.byTarget].map(([key, seqs]) => [key, [...seqs]]));
      assert.deepEqual(new Map([...got].sort()), new Map([...plain].sort()), `round ${round}`);
      // And by path: every link to it, with its lines, in load order (a record naming a path twice, twice).
      const byPath = new Map<string, PathTag[]>();
      for (let seq = 0; seq < rows.length; seq++) {
        for (const l of linksOf(folded, seq)) if ('path' in l) byPath.set(l.path, [...(byPath.get(l.path) ?? []), l.lines ? { seq, lines: l.lines } : { seq }]);
      }
      assert.deepEqual(new Map([...folded.byPath]), byPath, `round ${round}`);
      // Read through the fold's numbering: as maps, each key's value found by it, and nothing else.
      for (const map of [folded.byTarget, folded.byPath] as const) {
        const entries = [...map.entries()];
        assert.equal(map.size, entries.length);
        assert.deepEqual([...map.keys()], entries.map(([k]) => k));
        for (const [k, v] of entries) assert.ok(map.has(k) && map.get(k) === v, `round ${round}: ${k}`);
        for (const k of ['x:a.ts', 'j:nothing', 'p:', '', 'nothing.ts']) assert.ok(!map.has(k) && map.get(k) === undefined, `round ${round}: ${k}`);
      }
      // The tables read from JSONL numbered their links (the fold looks their targets up by number); the same records
      // in tables that did not (read whole) fold alike.
      rows.forEachPart((t) => {
        if (t.file === 'f0.jsonl') assert.equal(!!t.links.numbered, t.links.rows.length > 0, `round ${round}: ${t.file} numbered`);
        else if (!t.links.numbered && t.links.rows.length) unnumbered++;
      });
      const whole = FeedbackRows.join(files.map((r, f) => {
        const builder = new TableBuilder(`f${f}.jsonl`);
        for (const { value, line } of r) builder.addRecord(line, value, parseTime(value.date));
        return { rows: FeedbackRows.of(builder.build(undefined)), drop: new Set<number>() };
      }));
      const plainFold = foldFeedback(whole, tags);
      const listed = (f: typeof folded) => ({
        byTarget: [...f.byTarget].map(([key, seqs]) => [key, [...seqs]]),
        byPath: [...f.byPath],
        named: [...f.named['j:'], ...f.named['c:'], ...f.named['p:']],
        links: Array.from({ length: rows.length }, (_, seq) => linksOf(f, seq)),
        tagged: [...f.tagged.keys()].sort((a, b) => a - b),
      });
      assert.deepEqual(listed(folded), listed(plainFold), `round ${round}: numbered and not`);
    }
    assert.ok(unnumbered > 0, 'some tables had lists not numbered');
  });

  it('a fold names the targets of the records\' own links, and lists no target the log took from every record', () => {
    const text = [
      { id: 'a', date: '2026-11-02', text: 't', links: [{ journey: 'checkout' }, { path: 'a.ts', lines: [1, 2] }] },
      { id: 'b', date: '2026-11-02', text: 't', links: [{ journey: 'checkout' }, { component: 'cart' }] },
    ].map((r) => JSON.stringify(r)).join('\n');
    const rows = FeedbackRows.join([{ rows: loadFeedbackText('f.jsonl', text).rows, drop: new Set<number>() }]);
    const decision = (op: 'add' | 'remove', feedback: string, ref: Link, line: number) => ({ file: '.cx/tags.jsonl', line, value: { op, feedback, ref, at: '2026-11-03' } });
    const folded = foldFeedback(rows, [
      decision('remove', 'a', { path: 'a.ts', lines: [1, 2] }, 0),
      decision('remove', 'b', { component: 'cart' }, 1),
      decision('add', 'a', { path: 'b.ts' }, 2),
    ]);
    assert.deepEqual([...folded.byTarget].map(([key, seqs]) => [key, [...seqs]]).sort(), [['j:checkout', [0, 1]], ['p:b.ts', [0]]]);
    assert.deepEqual([...folded.byPath], [['b.ts', [{ seq: 0 }]]]);
    assert.deepEqual({ j: [...folded.named['j:']], c: [...folded.named['c:']], p: [...folded.named['p:']] }, { j: ['checkout'], c: ['cart'], p: ['a.ts'] });
  });

  it('the combination numbers the files\' records in order without the left-out ones; a slice keeps the first', () => {
    const files = [0, 1, 2].map((f) => loadFeedbackText(`f${f}.jsonl`, Array.from({ length: 5 + f }, (_, i) => JSON.stringify({ id: `${f}-${i}`, date: '2026-11-02', text: `t${f}${i}` })).join('\n')).rows);
    const drops = [new Set([0, 3]), new Set<number>(), new Set([6])];
    const joined = FeedbackRows.join(files.map((rows, i) => ({ rows, drop: drops[i] })));
    const plain = files.flatMap((rows, i) => [...rows].filter((_, k) => !drops[i]!.has(k)));
    assert.deepEqual([...joined], plain);
    for (let seq = 0; seq < plain.length; seq++) {
      assert.equal(joined.id(seq), plain[seq]!.value.id);
      assert.equal(joined.file(seq), plain[seq]!.file);
      assert.equal(joined.line(seq), plain[seq]!.line);
    }
    for (const n of [0, 2, 3, 9, 100]) assert.deepEqual([...joined.slice(n)], plain.slice(0, n), `slice ${n}`);
    assert.deepEqual(joined.ids(), plain.map((r) => r.value.id));
  });

  it('the id table finds what a Map finds, the first of a repeated id, whatever the characters and however many columns', () => {
    const names = ['id', 'Ïd', 'ид', '😀', 'a\u0000b', 'x'.repeat(300), '\ud800'];
    const ids = Array.from({ length: 5000 }, () => `${pick(names)}-${int(3000)}`);
    const column = IdColumn.of(ids);
    assert.deepEqual(column.all(), ids.map((id) => Buffer.from(id).toString()), 'the column gives the ids back');
    const index = new IdIndex(ids.length);
    const map = new Map<string, number>();
    ids.forEach((id, seq) => {
      const first = index.add(column, seq, seq);
      assert.equal(first, map.get(Buffer.from(id).toString()));
      if (!map.has(Buffer.from(id).toString())) map.set(Buffer.from(id).toString(), seq);
    });
    for (const name of names) for (let i = 0; i < 3000; i += 7) assert.equal(index.get(`${name}-${i}`), map.get(Buffer.from(`${name}-${i}`).toString()), `${name}-${i}`);
    assert.equal(index.get(''), undefined);
    assert.equal(index.get('id-'), undefined);
    // The ids read in place from several columns, one of them given again after another.
    const columns = [IdColumn.of(ids.slice(0, 1700)), IdColumn.of(ids.slice(1700, 3400)), IdColumn.of(ids.slice(3400))];
    const spread = new IdIndex(ids.length);
    const seen = new Map<string, number>();
    let seq = 0;
    for (const [c, from, to] of [[0, 0, 900], [1, 0, 1700], [0, 900, 1700], [2, 0, 1600]] as const) {
      for (let row = from; row < to; row++, seq++) {
        const id = columns[c]!.get(row);
        assert.equal(spread.add(columns[c]!, row, seq), seen.get(id), id);
        if (!seen.has(id)) seen.set(id, seq);
      }
    }
    for (const name of names) for (let i = 0; i < 3000; i += 7) assert.equal(spread.get(`${name}-${i}`), seen.get(Buffer.from(`${name}-${i}`).toString()), `${name}-${i} in parts`);
    // Numbered as combining the files numbers them (each id added takes the next seq; seqs and rows not kept while
    // they follow one another), then with rows out of turn, or a seq that is not the entry's.
    const distinct = [...new Set(ids.map((id) => Buffer.from(id).toString()))];
    const all = IdColumn.of(distinct);
    const halves = [IdColumn.of(distinct.slice(0, 1000)), IdColumn.of(distinct.slice(1000))];
    // Parts whose first row is not 0 and whose first entry is not their first row.
    const inParts: [IdColumn, number][] = [
      ...Array.from({ length: 500 }, (_, i) => [halves[0]!, 500 + i] as [IdColumn, number]),
      ...Array.from({ length: 500 }, (_, i) => [all, i] as [IdColumn, number]),
      ...Array.from({ length: distinct.length - 1000 }, (_, i) => [halves[1]!, i] as [IdColumn, number]),
    ];
    const inTurn = distinct.map((_, i) => [all, i] as [IdColumn, number]);
    for (const turn of ['in turn', 'rows skipped', 'seqs skipped', 'parts', 'parts, rows skipped']) {
      const order = turn.startsWith('parts') ? inParts : inTurn;
      const index = new IdIndex(distinct.length);
      const expected = new Map<string, number>();
      let seq = 0;
      order.forEach(([column, row], i) => {
        if (turn.endsWith('rows skipped') && i >= 1500 && i % 10 === 3) return;
        if (turn === 'seqs skipped' && i === 700) seq += 5;
        const id = column.get(row);
        assert.equal(index.add(column, row, seq), undefined, `${turn}: ${id}`);
        expected.set(id, seq++);
      });
      assert.ok(expected.size > 1500 && expected.size < distinct.length === turn.endsWith('rows skipped'), turn);
      for (const id of distinct) assert.equal(index.get(id), expected.get(id), `${turn}: ${id}`);
      order.slice(0, 1200).forEach(([column, row]) => assert.equal(index.add(column, row, 10_000), expected.get(column.get(row)), `${turn}: a repeat`));
    }
    // Made for fewer ids than it is given: a clear error rather than a table that fills up.
    const small = new IdIndex(2);
    small.add(column, 0, 0);
    small.add(column, 0, 1);
    assert.throws(() => ids.slice(1).forEach((_, i) => small.add(column, i + 1, i + 1)), /made for 2 ids/);
  });

  it('an id table built at once numbers the ids and finds the repeats as adding them one at a time does', () => {
    const names = ['id', 'Ïd', 'ид', '😀', 'x'.repeat(40)];
    for (let round = 0; round < 60; round++) {
      // Columns with repeats within and across them; parts of all of a column's rows, of some, or of one given again.
      const columns = Array.from({ length: 1 + int(4) }, () => IdColumn.of(Array.from({ length: int(400) }, () => `${pick(names)}-${int(round % 2 ? 300 : 30_000)}`)));
      const parts = Array.from({ length: 1 + int(6) }, () => {
        const ids = pick(columns);
        if (int(2)) return { ids };
        const rows = Int32Array.from({ length: ids.length }, (_, i) => i).filter(() => int(4) > 0);
        return { ids, rows: int(3) ? rows : rows.slice(int(rows.length + 1)) };
      });
      const n = parts.reduce((k, p) => k + (p.rows ? p.rows.length : p.ids.length), 0);
      const capacity = n + int(50);
      const one = new IdIndex(capacity);
      const repeats: { at: number; first: number }[] = [];
      let seq = 0;
      let at = 0;
      for (const { ids, rows } of parts) {
        for (let i = 0; i < (rows ? rows.length : ids.length); i++, at++) {
          const first = one.add(ids, rows ? rows[i]! : i, seq);
          if (first === undefined) seq++;
          else repeats.push({ at, first });
        }
      }
      const built = IdIndex.build(parts, capacity);
      assert.deepEqual(built.repeats, repeats, `round ${round}: the repeats`);
      for (const name of names) for (let i = 0; i < 30_000; i += round % 2 ? 7 : 97) assert.equal(built.index.get(`${name}-${i}`), one.get(`${name}-${i}`), `round ${round}: ${name}-${i}`);
      // Then added to one at a time, both alike, up to the capacity.
      const more = IdColumn.of(Array.from({ length: capacity - seq }, () => `${pick(names)}-${int(40_000)}`));
      for (let row = 0, left = capacity - seq; row < more.length && left > 0; row++) {
        const first = one.add(more, row, seq + row);
        assert.equal(built.index.add(more, row, seq + row), first, `round ${round}: added after, ${more.get(row)}`);
        if (first === undefined) left--;
      }
      for (let row = 0; row < more.length; row++) assert.equal(built.index.get(more.get(row)), one.get(more.get(row)));
    }
    assert.throws(() => IdIndex.build([{ ids: IdColumn.of(['a', 'b', 'c']) }], 2), /made for 2 ids/);
  });

  it('combining feedback files leaves out each repeated id after its first, where a plain reading does', () => {
    for (let round = 0; round < 40; round++) {
      const files = Array.from({ length: 1 + int(4) }, (_, f) => {
        const lines = Array.from({ length: int(60) }, () => JSON.stringify({ id: `F-${int(round % 2 ? 40 : 400)}`, date: '2026-11-02', text: `in ${f}` }));
        return parseCxFile(`.cx/feedback/${String.fromCharCode(97 + f)}.jsonl`, 'feedback', lines.join('\n'));
      });
      const data = combineCxFiles([...files].reverse());
      const seen = new Map<string, string>();
      const kept: string[] = [];
      const problems: string[] = [];
      for (const f of files) {
        for (const { value, line } of f.feedback) {
          const first = seen.get(value.id);
          if (first) problems.push(`${f.path}:${line + 1}:1: warning: duplicate feedback id '${value.id}' (first defined at ${first})`);
          else {
            seen.set(value.id, `${f.path}:${line + 1}:1`);
            kept.push(`${value.id} ${value.text}`);
          }
        }
      }
      assert.deepEqual([...data.feedback].map((r) => `${r.value.id} ${r.value.text}`), kept, `round ${round}`);
      assert.deepEqual(data.problems.map(formatProblem), problems, `round ${round}: problems`);
      const ids = feedbackIdsOf(data)!;
      kept.forEach((k, seq) => assert.equal(ids.get(k.split(' ')[0]!), seq));
    }
  });

  it('the records of a folder\'s files share one frozen list per distinct list of links, and one object per link', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cx-links-'));
    try {
      mkdirSync(path.join(dir, '.cx', 'feedback'), { recursive: true });
      const line = (id: string, links: unknown[]) => JSON.stringify({ id, date: '2026-11-02', text: 't', links });
      const pay = { journey: 'checkout/pay' };
      const lines = { lines: [3, 4], path: 'a.ts' }; // keys in another order than the path-first link below
      writeFileSync(path.join(dir, '.cx', 'feedback', 'a.jsonl'), [line('a1', [pay]), line('a2', [pay, { path: 'a.ts', lines: [3, 4] }])].join('\n'));
      writeFileSync(path.join(dir, '.cx', 'feedback', 'b.jsonl'), [line('b1', [pay]), line('b2', [lines, pay]), line('b3', [{ path: 'a.ts', lines: [3, 5] }])].join('\n'));
      const data = combineCxFiles(await readCxFiles(dir, '.cx'));
      const ids = feedbackIdsOf(data)!;
      const own = (id: string) => data.feedback.ownLinks(ids.get(id)!);
      assert.equal(own('a1'), own('b1'), 'the same list in two files is one list');
      assert.equal(own('a2')[0], own('b1')[0], 'the same link in two lists is one object');
      assert.equal(own('a2')[1], own('b2')[0], 'a link is the same whatever order its keys are written in');
      assert.notEqual(own('a2')[1], own('b3')[0], 'other lines, another link');
      assert.deepEqual(own('b3'), [{ path: 'a.ts', lines: [3, 5] }]);
      assert.deepEqual(own('b2'), [{ path: 'a.ts', lines: [3, 4] }, pay]);
      for (const id of ['a1', 'a2', 'b2', 'b3']) {
        assert.ok(Object.isFrozen(own(id)) && own(id).every((l) => Object.isFrozen(l) && (!('lines' in l) || Object.isFrozen(l.lines))), id);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('source files: read to their end, the largest scanned size kept, larger and binary files left out, a BOM dropped, a FIFO never opened', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cx-sources-'));
    try {
      const comment = '// @cx checkout/pay\n';
      writeFileSync(path.join(dir, 'plain.ts'), comment);
      writeFileSync(path.join(dir, 'bom.ts'), `\uFEFF${comment}`);
      writeFileSync(path.join(dir, 'largest.ts'), comment + ' '.repeat(MAX_SOURCE_BYTES - comment.length));
      writeFileSync(path.join(dir, 'larger.ts'), comment + ' '.repeat(MAX_SOURCE_BYTES - comment.length + 1));
      writeFileSync(path.join(dir, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]));
      writeFileSync(path.join(dir, 'empty.ts'), '');
      // A page, and three pages and a byte, the annotation last: read to the end in whole pages or not.
      writeFileSync(path.join(dir, 'page.ts'), '\n'.repeat(4096 - comment.length) + comment);
      writeFileSync(path.join(dir, 'pages.ts'), '\n'.repeat(3 * 4096 + 1 - comment.length) + comment);
      mkdirSync(path.join(dir, 'folder.ts'));
      execFileSync('mkfifo', [path.join(dir, 'pipe.ts')]);
      const sources = await readSources(dir);
      assert.deepEqual(sources.map((s) => s.path), ['bom.ts', 'empty.ts', 'largest.ts', 'page.ts', 'pages.ts', 'plain.ts']);
      for (const s of sources.filter((f) => f.path !== 'empty.ts')) assert.deepEqual(s.annotations.flatMap((a) => a.refs.map((r) => r.ref)), ['checkout/pay'], s.path);
      assert.equal(sources.find((s) => s.path === 'largest.ts')!.lines, 2);
      assert.equal(sources.find((s) => s.path === 'page.ts')!.lines, 4096 - comment.length + 1);
      assert.equal(sources.find((s) => s.path === 'pages.ts')!.lines, 3 * 4096 + 1 - comment.length + 1);
      // One file at a time (a file event): the same answers, and what is not a regular file is left unopened.
      for (const s of sources) assert.deepEqual(readSourceFile(dir, s.path), s);
      for (const rel of ['larger.ts', 'image.png', 'folder.ts', 'pipe.ts', 'missing.ts']) assert.equal(readSourceFile(dir, rel), undefined, rel);
      // A file listed as a regular file that is a FIFO by the time it is opened: read without waiting for a writer.
      const raced = readSourceFile(dir, 'pipe.ts', true);
      assert.ok(!raced || (raced.lines === 0 && !raced.annotations.length), 'nothing read from the FIFO');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('source files packed for the trip from the worker come back as they were', () => {
    const { int, pick } = randomTools(31);
    let annotated = 0;
    for (let round = 0; round < 50; round++) {
      // Files as this thread reads them, about a quarter with annotations.
      const sources: SourceFile[] = Array.from({ length: int(40) }, (_, i) => {
        const text = Array.from({ length: int(6) }, () => pick(['code', '', '// @cx checkout/pay search', '# @cx Bad//ref', '/* @cx checkout */'])).join(pick(['\n', '\r\n']));
        return sourceFileOf(`${pick(['src', 'a b', 'ünï', 'line\nbreak', 'x'])}/${i}.${pick(['ts', 'md', ''])}`, int(4) === 0 ? text : 'plain\n');
      });
      annotated += sources.filter((f) => f.annotations.length).length;
      const packed = packSources(sources);
      assert.deepEqual(unpackSources(structuredClone(packed)), sources, `round ${round}`);
    }
    assert.ok(annotated > 50, `${annotated} files with annotations`);
  });
  it('journeys and components parsed on the worker are what this thread parses, and their items are kept here', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cx-offthread-'));
    try {
      const cx = path.join(dir, '.cx');
      mkdirSync(path.join(cx, 'components'), { recursive: true });
      mkdirSync(path.join(cx, 'feedback'), { recursive: true });
      writeFileSync(path.join(dir, 'a.ts'), '// @cx checkout/pay\n');
      writeFileSync(path.join(dir, 'b.ts'), 'plain\ncode\n');
      writeFileSync(path.join(cx, 'journeys.yaml'), 'journeys:\n  - id: checkout\n    name: Checkout\n    steps:\n      - id: pay\n        name: Pay\n  - id: checkout\n    name: Again\n');
      // Large enough to be read item by item (and its items kept for the next parse).
      const items = Array.from({ length: 120 }, (_, i) => `  - id: part-${i}\n    name: Part ${i}\n    paths:\n      - /services/part-${i}/\n      - "!/services/part-${i}/test/"\n    journeys: [checkout/pay]\n`);
      writeFileSync(path.join(cx, 'components', 'big.yaml'), `components:\n${items.join('')}`);
      writeFileSync(path.join(cx, 'components', 'broken.yaml'), 'components:\n  - id: x\n    paths: [/a/\n');
      writeFileSync(path.join(cx, 'feedback', 'a.jsonl'), '{"id":"f1","date":"2026-11-02","text":"slow","links":[{"component":"part-3"}]}\n');
      const limits = { maxFileBytes: 1e9, maxFeedbackRecords: 1e9 };
      const offThread = readOffThread(dir, { root: '.cx', limits });
      const there = await readCxFiles(dir, '.cx', limits, offThread.yaml);
      assert.ok(await offThread.yaml, 'the worker read the YAML files');
      assert.equal(componentItemsOf(['.cx/components/big.yaml']).length, 120, 'the items parsed there are kept here');
      const here = await readCxFiles(dir, '.cx', limits);
      assert.deepEqual(await offThread.sources, await readSources(dir), 'the sources as this thread reads them');
      assert.deepEqual((await offThread.sources).map((f) => f.path), ['a.ts', 'b.ts']);
      assert.deepEqual(there.map((f) => f.path), here.map((f) => f.path));
      for (let i = 0; i < here.length; i++) {
        const { feedback: a, ...restHere } = here[i]!;
        const { feedback: b, ...restThere } = there[i]!;
        assert.deepEqual(restThere, restHere, here[i]!.path);
        assert.deepEqual([...b], [...a]);
      }
      assert.ok(there.some((f) => f.problems.some((p) => p.code === 'yaml-syntax')), 'the broken file\'s problem comes back');
      // Made here from the items posted (not posted twice): each component is its item's (the next parse keeps it).
      const kept = new Set(componentItemsOf(['.cx/components/big.yaml']).flatMap(([, entries]) => entries.map((e) => e.component)));
      const big = there.find((f) => f.path === '.cx/components/big.yaml')!.components;
      assert.equal(big.length, 120);
      assert.ok(big.every((c) => kept.has(c.component)), 'the items\' own component objects');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the worker works out which patterns match no source file; the first index takes that, for exactly those files only, once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cx-unmatched-'));
    try {
      mkdirSync(path.join(dir, '.cx', 'components'), { recursive: true });
      mkdirSync(path.join(dir, 'src', 'pay'), { recursive: true });
      writeFileSync(path.join(dir, 'src', 'pay', 'card.ts'), 'code\n');
      writeFileSync(path.join(dir, 'src', 'cart.ts'), 'code\n');
      writeFileSync(path.join(dir, '.cx', 'components', 'a.yaml'), [
        'components:',
        '  - id: pay\n    paths: [/src/pay/, "!/src/pay/test/", /src/gone/]',
        '  - id: cart\n    paths: ["**/cart.ts", "*.md"]',
      ].join('\n'));
      writeFileSync(path.join(dir, '.cx', 'components', 'b.yaml'), 'components:\n  - id: none\n    paths: [/docs/]\n');
      const limits = { maxFileBytes: 1e9, maxFeedbackRecords: 1e9 };
      const offThread = readOffThread(dir, { root: '.cx', limits });
      const files = await readCxFiles(dir, '.cx', limits, offThread.yaml);
      const sources = await offThread.sources;
      const unmatched = await offThread.unmatched;
      assert.ok(unmatched, 'the worker worked them out');
      const data = combineCxFiles(files);
      const index = PathIndex.of(sources.map((f) => f.path));
      assert.equal(unmatched.size, 3);
      for (const c of data.components) assert.deepEqual(unmatched.get(c.component), index.unmatched(c.component.paths), c.component.id);
      const warnings = (ix: CxIndex) => ix.problems.filter((p) => p.code === 'pattern-matches-nothing').map((p) => p.message);
      const expected = warnings(new CxIndex(combineCxFiles(await readCxFiles(dir, '.cx', limits)), sources, { windowDays: 30 }));
      assert.deepEqual(expected, [
        "pattern '/src/gone/' of component 'pay' matches no file",
        "pattern '*.md' of component 'cart' matches no file",
        "pattern '/docs/' of component 'none' matches no file",
      ]);
      CxIndex.lendUnmatched(new Map(sources.map((f) => [f.path, f])), unmatched);
      assert.deepEqual(warnings(new CxIndex(data, sources, { windowDays: 30 })), expected);
      // What is lent is what the index says (here, something else lent for the same files), and only for those files.
      const lendNothing = () => CxIndex.lendUnmatched(new Map(sources.map((f) => [f.path, f])), new Map(data.components.map((c) => [c.component, []])));
      lendNothing();
      assert.deepEqual(warnings(new CxIndex(data, sources, { windowDays: 30 })), []);
      assert.deepEqual(warnings(new CxIndex(data, sources, { windowDays: 30 })), expected, 'asked for once: the next index works it out');
      // Lent for the very map an index is given (as the server does): taken without a look at its paths.
      const given = new Map(sources.map((f) => [f.path, f]));
      CxIndex.lendUnmatched(given, new Map(data.components.map((c) => [c.component, []])));
      assert.deepEqual(warnings(new CxIndex(data, given, { windowDays: 30 })), []);
      lendNothing();
      const more = [...sources, sourceFileOf('docs/a.md', 'text\n')];
      assert.deepEqual(warnings(new CxIndex(data, more, { windowDays: 30 })), ["pattern '/src/gone/' of component 'pay' matches no file"]);
      assert.deepEqual(sources.map((f) => f.path), ['src/cart.ts', 'src/pay/card.ts']);
      lendNothing();
      assert.deepEqual(warnings(new CxIndex(data, [sources[0]!, sourceFileOf('docs/a.md', 'text\n')], { windowDays: 30 })), [
        "pattern '/src/pay/' of component 'pay' matches no file",
        "pattern '/src/gone/' of component 'pay' matches no file",
      ], 'as many files, not the same');
      lendNothing();
      assert.deepEqual(warnings(new CxIndex(data, sources.slice(1), { windowDays: 30 })), [
        "pattern '/src/gone/' of component 'pay' matches no file",
        "pattern '**/cart.ts' of component 'cart' matches no file",
        "pattern '*.md' of component 'cart' matches no file",
        "pattern '/docs/' of component 'none' matches no file",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
