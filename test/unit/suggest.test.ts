/** Tag suggestions: words, the ranking on the mini fixture and the example shop, and the reasons given. */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import type { CxIndex } from '../../src/core/cxIndex';
import { loadDiskWorkspace } from '../../src/core/diskWorkspace';
import { outlineOf } from '../../src/core/outline';
import { countedKeys, counts, stem, suggestTags, targetsOfOutline, wordsOf } from '../../src/core/suggest';
import { linkKey } from '../../src/core/cxIndex';
import type { Link } from '../../src/core/schemas';
import type { SuggestRecord } from '../../src/core/suggest';

const ROOT = path.join(__dirname, '..', '..');

async function indexOf(rel: string): Promise<CxIndex> {
  return (await loadDiskWorkspace(path.join(ROOT, rel), { root: '.cx', window: 30 })).index;
}

function rank(index: CxIndex, record: SuggestRecord, limit = 5) {
  return suggestTags(record, targetsOfOutline(outlineOf(index, (p) => p)), index.allFeedback(), limit);
}

describe('tag suggestions', () => {
  it('stems inflections to one word and leaves stopwords and short words out', () => {
    assert.equal(stem('declined'), stem('decline'));
    assert.equal(stem('declines'), stem('decline'));
    assert.equal(stem('payments'), 'payment');
    assert.equal(stem('deliveries'), 'delivery');
    assert.equal(stem('address'), 'address');
    assert.deepEqual([...wordsOf("My card was declined, I couldn't pay twice at 10:30!").entries()],
      [['card', 'card'], [stem('declined'), 'declined'], ['couldnt', 'couldnt'], ['pay', 'pay'], ['twic', 'twice']]);
  });

  it('ranks the mini fixture: the step whose records and outcome share the words first, with the reasons', async () => {
    const index = await indexOf('test/fixtures/mini');
    const got = rank(index, { id: 'NEW-1', text: 'My card was declined at payment', links: [] });
    assert.deepEqual(got.map((s) => s.target.ref), ['checkout/pay', 'payments-api', 'checkout']);
    assert.equal(got[0]!.reason, "shares 'card', 'declined' with 1 record tagged checkout/pay; 'card', 'payment' in its outcome");
    assert.equal(got[1]!.reason, "shares 'payment' with 1 record tagged payments-api; 'payment' in its name");
    assert.deepEqual(got[0]!.target.link, { journey: 'checkout/pay' });
    assert.deepEqual(got[1]!.target.link, { component: 'payments-api' });
    assert.ok(got[0]!.score > got[1]!.score && got[1]!.score > got[2]!.score);
  });

  it('leaves out what the record is already tagged with, and words in no name, outcome or record', async () => {
    const index = await indexOf('test/fixtures/mini');
    const nps2 = index.feedbackRecord('NPS-2')!;
    assert.deepEqual(nps2.links, [{ journey: 'search/results' }]);
    const got = rank(index, nps2);
    assert.deepEqual(got.map((s) => [s.target.ref, s.reason]), [['search', "'search' in its name; 'finds' in its outcome"]]);
    assert.deepEqual(rank(index, { id: 'X', text: 'Zebra quantum', links: [] }), []);
    assert.deepEqual(rank(index, { id: 'X', text: 'the and of', links: [] }), []);
  });

  it('ranks the example shop: a declined card goes to checkout/pay, then the payment components', async () => {
    const index = await indexOf('examples/acme-shop');
    const got = rank(index, { id: 'NEW-1', text: 'My card was declined at payment', links: [] });
    assert.deepEqual(got.map((s) => s.target.ref), ['checkout/pay', 'payments-legacy', 'payments-api', 'checkout', 'refunds/refund-issued']);
    const tagged = index.allFeedback().filter((f) => f.links.some((l) => 'journey' in l && l.journey === 'checkout/pay'));
    const using = tagged.filter((f) => ['card', 'payment', stem('declined')].some((w) => wordsOf(`${f.title ?? ''} ${f.text}`).has(w))).length;
    assert.equal(got[0]!.reason, `shares 'declined', 'payment', 'card' with ${using} records tagged checkout/pay; 'card', 'payment' in its outcome`);
  });

  it('ranks an untagged record of the example shop by its words', async () => {
    const index = await indexOf('examples/acme-shop');
    const record = index.feedbackRecord('AS-10324')!;
    assert.deepEqual(record.links, []);
    assert.deepEqual(rank(index, record, 3).map((s) => s.target.ref), ['checkout/cart', 'cart', 'checkout']);
  });

  it('a limit of 0 gives nothing, and the order is stable for equal scores', async () => {
    const index = await indexOf('test/fixtures/mini');
    assert.deepEqual(rank(index, { id: 'X', text: 'card', links: [] }, 0), []);
    const targets = [
      { link: { journey: 'b' }, ref: 'b', name: 'Card' },
      { link: { journey: 'a' }, ref: 'a', name: 'Card' },
    ];
    assert.deepEqual(suggestTags({ id: 'X', text: 'card', links: [] }, targets, []).map((s) => s.target.ref), ['a', 'b']);
  });

  it('gathers each target\'s tagged records as the plain rule counts them (journeys with their steps)', () => {
    const links: Link[] = [
      { journey: 'checkout' }, { journey: 'checkout/pay' }, { journey: 'checkout/pay/extra' }, { journey: 'check' }, { journey: 'checkouts/pay' },
      { component: 'cart' }, { component: 'checkout' }, { path: 'src/a.ts' }, { path: 'src/a.ts', lines: [1, 2] },
    ];
    const targets: Link[] = [{ journey: 'checkout' }, { journey: 'checkout/pay' }, { journey: 'check' }, { journey: 'checkouts' }, { component: 'cart' }, { component: 'checkout' }];
    for (const link of links) {
      const keys = new Set(countedKeys(link));
      for (const target of targets) assert.equal(keys.has(linkKey(target)), counts(link, target), `${JSON.stringify(link)} for ${JSON.stringify(target)}`);
    }
  });
});
