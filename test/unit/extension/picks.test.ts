import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import type { CxIndex } from '../../../src/core/cxIndex';
import { loadDiskWorkspace } from '../../../src/core/diskWorkspace';
import { contextPicks, feedbackPick, linkPicks, refOfSymbol } from '../../../src/extension/picks';

const MINI = path.join(__dirname, '..', '..', 'fixtures', 'mini');

describe('Quick Pick items (picks.ts)', () => {
  let index: CxIndex;
  before(async () => {
    index = (await loadDiskWorkspace(MINI, { root: '.cx', window: 30 })).index;
  });

  it("a file's journeys and steps: title, how the file serves it, outcome, metrics and feedback", () => {
    const picks = contextPicks(index.contextOf('src/payments/retry.ts'));
    assert.deepEqual(picks.map((p) => p.value.ref), ['refunds', 'checkout/pay']);
    assert.equal(picks[0]!.label, '$(person) Refunds');
    assert.equal(picks[0]!.description, 'refunds · @cx on line 3');
    assert.equal(picks[0]!.detail, 'Money back within 5 days. · no feedback in 30 days');
    assert.equal(picks[1]!.label, '$(warning) Checkout › Pay');
    assert.equal(picks[1]!.description, 'checkout/pay · component Payments API');
    assert.match(picks[1]!.detail!, /^The card payment succeeds on the first attempt\. · Checkout conversion 61\.8% \(target 65%\) ▼ off target · .* · 2 feedback in 30 days, 50% negative$/);
  });

  it('a feedback record: sentiment, title or first words, id, date, source and segment, the text', () => {
    const item = index.feedbackRecord('ZD-1')!;
    const pick = feedbackPick(item);
    assert.equal(pick.label, '$(thumbsdown) Declined');
    assert.equal(pick.description, 'ZD-1 · 2026-11-10 · zendesk · plus');
    assert.equal(pick.detail, 'My card was declined twice.');
    const untitled = feedbackPick({ ...item, title: undefined, sentiment: undefined, text: 'Loved it $(zap)\nreally' });
    assert.equal(untitled.label, '$(comment) Loved it \\$(zap) really');
  });

  it("reads journeys and steps from the server's workspace symbols, and nothing else", () => {
    assert.deepEqual(refOfSymbol('Checkout', 'journey checkout'), { kind: 'journey', ref: 'checkout', title: 'Checkout' });
    assert.deepEqual(refOfSymbol('Checkout', 'shop · journey checkout'), { kind: 'journey', ref: 'checkout', title: 'Checkout' });
    assert.deepEqual(refOfSymbol('Pay', 'Checkout (step checkout/pay)'), { kind: 'step', ref: 'checkout/pay', title: 'Checkout › Pay' });
    assert.equal(refOfSymbol('Payments API', 'component payments-api'), undefined);
    assert.equal(refOfSymbol('x', undefined), undefined);
    assert.equal(refOfSymbol('x', 'journey Bad Id'), undefined);
  });

  it('links: journeys then their steps, without duplicates or references the file already annotates', () => {
    const refs = [
      { kind: 'step' as const, ref: 'checkout/pay', title: 'Checkout › Pay' },
      { kind: 'journey' as const, ref: 'refunds', title: 'Refunds' },
      { kind: 'journey' as const, ref: 'checkout', title: 'Checkout' },
      { kind: 'step' as const, ref: 'checkout/cart', title: 'Checkout › Cart' },
      { kind: 'journey' as const, ref: 'checkout', title: 'Checkout' },
    ];
    const picks = linkPicks(refs, index.contextOf('src/payments/retry.ts'));
    assert.deepEqual(picks.map((p) => p.value.ref), ['checkout', 'checkout/cart', 'checkout/pay'], 'refunds is annotated already');
    assert.equal(picks[1]!.label, '$(arrow-small-right) Checkout › Cart');
    assert.equal(picks[2]!.detail, 'already served through component Payments API');
    assert.equal(linkPicks(refs, undefined).length, 4);
  });
});
