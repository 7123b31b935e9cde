/** Feedback import presets on realistic exports (test/fixtures/imports): exact records, counts, rejected rows. */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  decodeExport, feedbackLine, htmlToText, ImportError, importFeedback, normaliseDate, parseColumnMap,
} from '../../src/core/importFeedback';
import type { ImportOptions, ImportResult, Preset } from '../../src/core/importFeedback';
import { loadFeedback } from '../../src/core/feedbackLoad';

const IMPORTS = path.join(__dirname, '..', 'fixtures', 'imports');
const knownRefs = { journeys: ['checkout', 'checkout/pay', 'search', 'refunds', 'onboarding'], components: ['payments-api'] };

function run(file: string, preset: Preset, options: ImportOptions = {}): ImportResult {
  return importFeedback(decodeExport(readFileSync(path.join(IMPORTS, file))), file, preset, { knownRefs, ...options });
}

const byId = (r: ImportResult, id: string) => {
  const found = r.records.find((x) => x.id === id);
  assert.ok(found, `no record ${id}`);
  return found;
};

describe('importFeedback', () => {
  it('zendesk: ticket CSV export', () => {
    const r = run('zendesk-tickets.csv', 'zendesk', { baseUrl: 'https://acme.zendesk.com' });
    assert.equal(r.records.length, 9);
    assert.deepEqual(r.columns, {
      id: 'Id', date: 'Created at', title: 'Subject', text: 'Description', satisfaction: 'Satisfaction Score', tags: 'Tags', segment: 'Plan [list]',
    });
    assert.deepEqual(byId(r, 'ZD-48213'), {
      id: 'ZD-48213',
      date: '2026-11-02T09:14:00Z',
      source: 'zendesk',
      title: 'Card declined twice at checkout',
      text: 'My card was declined twice when I tried to pay, then it went through on the third try. I was charged once but the order page showed an error.',
      sentiment: 'negative',
      segment: 'Plus',
      url: 'https://acme.zendesk.com/agent/tickets/48213',
      links: [{ journey: 'checkout' }],
    });
    // A multi-line description; "Not Offered" gives no sentiment; a ticket with only a subject keeps it as its text.
    assert.equal(byId(r, 'ZD-48216').text, 'The payment page froze after I entered my card.\nI had to reload and enter everything again.');
    assert.equal(byId(r, 'ZD-48215').sentiment, undefined);
    assert.deepEqual(byId(r, 'ZD-48224'), {
      id: 'ZD-48224', date: '2026-11-05T14:30:00Z', source: 'zendesk', text: 'Invoice download', segment: 'Free', url: 'https://acme.zendesk.com/agent/tickets/48224', links: [],
    });
    assert.deepEqual(r.rejected, [
      { line: 9, reason: "no date in column 'Created at'" },
      { line: 10, reason: "Created at: '2026-13-04 09:00' is not a real calendar date" },
      { line: 11, reason: "Satisfaction Score 'Meh' is not a Zendesk satisfaction rating (Good, Bad, Offered, Not Offered)" },
      { line: 12, reason: 'the row has 20 cells but the header has 21 columns' },
      { line: 14, reason: "duplicate id 'ZD-48213' (first on line 2)" },
    ]);
    // Without --base-url there is no link; with {id} it is put where it belongs.
    assert.equal(byId(run('zendesk-tickets.csv', 'zendesk'), 'ZD-48214').url, undefined);
    assert.equal(byId(run('zendesk-tickets.csv', 'zendesk', { baseUrl: 'https://help.acme.example/t/{id}?x=1' }), 'ZD-48214').url, 'https://help.acme.example/t/48214?x=1');
  });

  it('intercom: conversation export with HTML bodies, 1–5 ratings and remarks', () => {
    const r = run('intercom-conversations.csv', 'intercom');
    assert.equal(r.records.length, 8);
    assert.deepEqual(byId(r, 'IC-215469024187320'), {
      id: 'IC-215469024187320',
      date: '2026-11-03T14:22:10Z',
      source: 'intercom',
      text: 'Hi! The checkout button does nothing on Safari.\nI tried twice & gave up.\n\nTook too long to get an answer',
      score: { type: 'csat', value: 2 },
      sentiment: 'negative',
      segment: 'Plus',
      url: 'https://app.intercom.com/a/inbox/x1y2z3/inbox/conversation/215469024187320',
      links: [{ journey: 'checkout' }],
    });
    assert.deepEqual(byId(r, 'IC-215469024187321').links, [{ journey: 'checkout/pay' }]);
    assert.equal(byId(r, 'IC-215469024187328').text, 'The app logged me out while paying <again>.\n\nLost my cart');
    // No rating: no score, no sentiment.
    assert.deepEqual([byId(r, 'IC-215469024187323').score, byId(r, 'IC-215469024187323').sentiment], [undefined, undefined]);
    // 04/11/2026 is month/day/year unless told otherwise.
    assert.equal(byId(r, 'IC-215469024187326').date, '2026-04-11T18:00:00Z');
    assert.equal(byId(run('intercom-conversations.csv', 'intercom', { dayFirst: true }), 'IC-215469024187326').date, '2026-11-04T18:00:00Z');
    assert.deepEqual(r.rejected, [
      { line: 7, reason: "Conversation rating '7' is not a csat score from 1 to 5" },
      { line: 9, reason: "no text in column 'First message' and no score: nothing a customer said" },
      { line: 11, reason: "Created at: '2026-11-32 09:00:00' is not a real calendar date" },
    ]);
  });

  it('qualtrics: three header rows, NPS question and its group, open text, the export time zone', () => {
    const r = run('qualtrics-nps.csv', 'qualtrics');
    assert.deepEqual(r.columns, { id: 'ResponseId', date: 'RecordedDate', status: 'Status', segment: 'plan', nps: 'Q1', text: 'Q2' });
    assert.equal(r.records.length, 7);
    // America/Denver: MDT (UTC−6) before 1 November 2026, MST (UTC−7) after.
    assert.deepEqual(byId(r, 'R_1dXkQvY8mN2pLs4'), {
      id: 'R_1dXkQvY8mN2pLs4', date: '2026-10-30T15:00:03Z', source: 'qualtrics', text: 'Checkout is fast and Apple Pay just works.',
      score: { type: 'nps', value: 10 }, sentiment: 'positive', segment: 'plus', links: [],
    });
    assert.deepEqual(byId(r, 'R_2aBcDeFgHiJkLmN'), {
      id: 'R_2aBcDeFgHiJkLmN', date: '2026-11-03T15:15:42Z', source: 'qualtrics', text: 'My card got declined twice, then charged once. Very confusing.',
      score: { type: 'nps', value: 3 }, sentiment: 'negative', segment: 'free', links: [],
    });
    // A score without a comment still counts for NPS.
    assert.deepEqual([byId(r, 'R_3xYzAbCdEfGhIjK').text, byId(r, 'R_3xYzAbCdEfGhIjK').sentiment], ['', 'neutral']);
    assert.deepEqual(r.rejected, [
      { line: 7, reason: "a survey preview, not a customer's response (Status 1)" },
      { line: 9, reason: "Q1 '11' is not an NPS score from 0 to 10" },
      { line: 10, reason: "no text in column 'Q2' and no score: nothing a customer said" },
      { line: 13, reason: "no date in column 'RecordedDate'" },
    ]);
    // An explicit zone wins over the export's.
    assert.equal(byId(run('qualtrics-nps.csv', 'qualtrics', { timeZone: '+01:00' }), 'R_2aBcDeFgHiJkLmN').date, '2026-11-03T07:15:42Z');
  });

  it('qualtrics: a CSAT question exported as choice text', () => {
    const csv = [
      'StartDate,EndDate,Status,RecordedDate,ResponseId,Q3,Q4',
      'Start Date,End Date,Response Type,Recorded Date,Response ID,How satisfied are you with checkout?,Anything else?',
      '"{""ImportId"":""startDate"",""timeZone"":""UTC""}","{""ImportId"":""endDate"",""timeZone"":""UTC""}","{""ImportId"":""status""}","{""ImportId"":""recordedDate"",""timeZone"":""UTC""}","{""ImportId"":""_recordId""}","{""ImportId"":""QID3""}","{""ImportId"":""QID4_TEXT""}"',
      '2026-11-01 10:00:00,2026-11-01 10:01:00,IP Address,2026-11-01 10:01:01,R_a,Extremely satisfied,Smooth',
      '2026-11-01 11:00:00,2026-11-01 11:01:00,IP Address,2026-11-01 11:01:01,R_b,Somewhat dissatisfied,Slow',
      '2026-11-01 12:00:00,2026-11-01 12:01:00,Survey Test,2026-11-01 12:01:01,R_c,Neither satisfied nor dissatisfied,test',
    ].join('\r\n');
    const r = importFeedback(csv, 'csat.csv', 'qualtrics');
    assert.deepEqual(r.columns.csat, 'Q3');
    assert.deepEqual(r.records.map((x) => [x.id, x.score, x.sentiment, x.text]), [
      ['R_a', { type: 'csat', value: 5 }, 'positive', 'Smooth'],
      ['R_b', { type: 'csat', value: 2 }, 'negative', 'Slow'],
    ]);
    assert.deepEqual(r.rejected, [{ line: 6, reason: "a 'Survey Test' response, not a customer's response (Status Survey Test)" }]);
  });

  it('appstore: App Store Connect reviews with territories and offsets', () => {
    const r = run('appstore-reviews.csv', 'appstore');
    assert.equal(r.records.length, 7);
    assert.deepEqual(byId(r, 'AS-11382910472'), {
      id: 'AS-11382910472', date: '2026-11-05T01:22:05Z', source: 'appstore', title: "Can't pay", text: 'The app crashes every time I tap Pay. Useless.',
      score: { type: 'rating', value: 1 }, sentiment: 'negative', segment: 'USA', links: [],
    });
    assert.deepEqual(byId(r, 'AS-11382910477'), {
      id: 'AS-11382910477', date: '2026-11-05T11:15:00Z', source: 'appstore', text: '', score: { type: 'rating', value: 3 }, sentiment: 'neutral', segment: 'FRA', links: [],
    });
    assert.deepEqual(r.rejected, [
      { line: 6, reason: "Rating '0' is not a rating score from 1 to 5" },
      { line: 8, reason: "no date in column 'Date'" },
      { line: 10, reason: "Rating 'five' is not a rating score from 1 to 5" },
    ]);
  });

  it('appstore: a Google Play reviews export (UTF-16, ids in the review link)', () => {
    const bytes = readFileSync(path.join(IMPORTS, 'googleplay-reviews.csv'));
    assert.deepEqual([bytes[0], bytes[1]], [0xff, 0xfe]);
    const r = run('googleplay-reviews.csv', 'appstore');
    assert.equal(r.records.length, 3);
    assert.deepEqual(r.records[0], {
      id: 'gp:AOqpTOH1xKq9Ld2Lw0p3Zs8',
      date: '2026-11-04T10:11:12Z',
      source: 'googleplay',
      text: 'Checkout keeps failing with my Revolut card.',
      score: { type: 'rating', value: 2 },
      sentiment: 'negative',
      url: 'http://play.google.com/apps/publish?account=6091234567890123456#ReviewDetailsPlace:p=com.acme.shop&reviewid=gp:AOqpTOH1xKq9Ld2Lw0p3Zs8',
      links: [],
    });
    assert.deepEqual(r.rejected, [{ line: 4, reason: "no id in column 'Review Link'" }]);
  });

  it('generic: a CSV with a column map', () => {
    const r = run('generic-interviews.csv', 'generic', { map: parseColumnMap('id=Ticket,date=Created,text=Body,segment=Customer tier,nps=NPS,source=Channel') });
    assert.equal(r.records.length, 8);
    assert.deepEqual(byId(r, 'INT-2026-001'), {
      id: 'INT-2026-001', date: '2026-11-02', source: 'interview', text: "We can't see which payments failed without calling support.",
      score: { type: 'nps', value: 4 }, sentiment: 'negative', segment: 'enterprise', links: [],
    });
    assert.deepEqual(byId(r, 'INT-2026-006').score, undefined);
    assert.equal(byId(r, 'INT-2026-008').source, 'survey');
    assert.equal(byId(r, 'INT-2026-004').date, '2026-03-11');
    assert.deepEqual(r.rejected, [
      { line: 8, reason: "NPS '12' is not an NPS score from 0 to 10" },
      { line: 9, reason: "no id in column 'Ticket'" },
    ]);
  });

  it('generic: JSON lines in the record format', () => {
    const r = run('generic-feedback.jsonl', 'generic');
    assert.deepEqual(r.records.map((x) => x.id), ['CALL-1', 'CALL-2', 'CALL-6']);
    assert.deepEqual(r.records[0], {
      id: 'CALL-1', date: '2026-11-02T14:00:00Z', source: 'sales-call', text: 'Finance needs a CSV of failed payments.',
      score: { type: 'ces', value: 2 }, sentiment: 'negative', segment: 'enterprise', links: [{ journey: 'checkout/pay' }],
    });
    assert.deepEqual(byId(r, 'CALL-6').links, [{ journey: 'search' }]);
    assert.deepEqual(r.rejected.map((x) => x.line), [3, 4, 5, 6]);
    assert.deepEqual(r.rejected[1], { line: 4, reason: "score: 'value' must be from 0 to 10 for nps" });
  });

  it('written records read back with the store loader, keys in the documented order', () => {
    for (const [file, preset] of [['zendesk-tickets.csv', 'zendesk'], ['intercom-conversations.csv', 'intercom'], ['qualtrics-nps.csv', 'qualtrics'], ['appstore-reviews.csv', 'appstore'], ['generic-feedback.jsonl', 'generic']] as const) {
      const r = run(file, preset, { baseUrl: 'https://x.example' });
      const text = `${r.records.map(feedbackLine).join('\n')}\n`;
      const loaded = loadFeedback('f.jsonl', text);
      assert.deepEqual(loaded.problems, [], file);
      assert.deepEqual(loaded.items.map((i) => i.value), r.records, file);
    }
    assert.equal(feedbackLine({ id: 'A', date: '2026-11-02', text: 'x', links: [], score: { type: 'nps', value: 9 }, source: 's' }),
      '{"id":"A","date":"2026-11-02","source":"s","text":"x","score":{"type":"nps","value":9}}');
  });

  it('stops with a clear message when the file as a whole does not fit', () => {
    assert.throws(() => run('zendesk-tickets.csv', 'intercom'), (e: Error) => e instanceof ImportError && /no column for text \(firstmessage/.test(e.message));
    assert.throws(() => run('generic-interviews.csv', 'generic'), /no column for id \(id\); date \(date\)/);
    assert.throws(() => run('generic-interviews.csv', 'generic', { map: { text: 'Nope' } }), /--map text=Nope: the export has no column 'Nope'/);
    assert.throws(() => run('generic-interviews.csv', 'generic', { map: { txt: 'Body' } }), /'txt' is not a field of the generic preset/);
    assert.throws(() => run('generic-feedback.jsonl', 'zendesk'), /read JSON lines with --preset generic/);
    assert.throws(() => run('zendesk-tickets.csv', 'zendesk', { timeZone: 'Mars/Olympus' }), /not a time zone/);
    assert.throws(() => run('zendesk-tickets.csv', 'zendesk', { baseUrl: 'javascript:alert(1)' }), /http or https/);
    assert.throws(() => importFeedback('', 'empty.csv', 'zendesk'), /empty/);
    assert.throws(() => parseColumnMap('id=Ticket,text'), /FIELD=COLUMN/);
  });

  describe('normaliseDate', () => {
    const cases: [string, string, string?, boolean?][] = [
      ['2026-11-02', '2026-11-02'],
      ['2026-11-02 09:14', '2026-11-02T09:14:00Z'],
      ['2026-11-02T09:14:05.123+02:00', '2026-11-02T07:14:05Z'],
      ['2026-11-02 09:14:10 +0000', '2026-11-02T09:14:10Z'],
      ['2026/11/02 9:14', '2026-11-02T09:14:00Z'],
      ['11/02/2026 9:14 PM', '2026-11-02T21:14:00Z'],
      ['11/02/2026 12:05 AM', '2026-11-02T00:05:00Z'],
      ['02/11/26', '2026-11-02', 'UTC', true],
      ['1793787072', '2026-11-04T10:11:12Z'],
      ['1793787072000', '2026-11-04T10:11:12Z'],
      ['2026-11-02 09:14', '2026-11-02T08:14:00Z', 'Europe/Berlin'],
      ['2026-07-02 09:14', '2026-07-02T07:14:00Z', 'Europe/Berlin'],
      ['2026-03-08 03:30', '2026-03-08T10:30:00Z', 'America/Los_Angeles'],
      ['2026-11-02 09:14', '2026-11-02T14:44:00Z', '-05:30'],
    ];
    for (const [raw, iso, zone, dayFirst] of cases) {
      it(`${raw}${zone ? ` in ${zone}` : ''} → ${iso}`, () => assert.deepEqual(normaliseDate(raw, zone, dayFirst), { date: iso }));
    }
    it('rejects what is not a date', () => {
      for (const bad of ['yesterday', '2026-02-30', '13/01/2026', '2026-11-02 25:00', '2026-11-02 13:00 PM', 'Nov 2, 2026', '']) {
        assert.ok('error' in normaliseDate(bad), bad);
      }
    });
  });

  it('htmlToText keeps the words and line breaks of a message body', () => {
    assert.equal(htmlToText('<p>One &amp; two</p><p>Three<br/>four &#8212; &#x263A; &nbsp;</p>'), 'One & two\nThree\nfour — ☺');
    assert.equal(htmlToText('a < b and c > d'), 'a < b and c > d');
  });

  it('decodeExport reads UTF-8 with or without a BOM and UTF-16 with one', () => {
    assert.equal(decodeExport(Buffer.from('\uFEFFid,date\n', 'utf8')), 'id,date\n');
    assert.equal(decodeExport(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Id,Ünïcode\n', 'utf16le')])), 'Id,Ünïcode\n');
    const be = Buffer.from('Id\n', 'utf16le').swap16();
    assert.equal(decodeExport(Buffer.concat([Buffer.from([0xfe, 0xff]), be])), 'Id\n');
  });
});
