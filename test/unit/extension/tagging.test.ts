// The pure parts of the editor's tagging commands: the lines of a selection and the items of Tag Feedback….
import './fakeVscode';
import { strict as assert } from 'node:assert';
import type { SuggestTarget } from '../../../src/core/suggest';
import { selectionLines, tagItems } from '../../../src/extension/tagging';

describe('editor tagging', () => {
  it('selectionLines: 1-based, a selection ending at the start of a line stops on the line before', () => {
    assert.deepEqual(selectionLines({ line: 0 }, { line: 0, character: 0 }), [1, 1]);
    assert.deepEqual(selectionLines({ line: 2 }, { line: 5, character: 0 }), [3, 5]);
    assert.deepEqual(selectionLines({ line: 2 }, { line: 5, character: 1 }), [3, 6]);
    assert.deepEqual(selectionLines({ line: 4 }, { line: 4, character: 9 }), [5, 5]);
  });

  it('tagItems: the tags checked first, then suggestions with reasons, the file, journeys and components, each once', () => {
    const targets: SuggestTarget[] = [
      { link: { journey: 'checkout' }, ref: 'checkout', name: 'Checkout', outcome: 'Pay in a minute.' },
      { link: { journey: 'checkout/pay' }, ref: 'checkout/pay', name: 'Pay' },
      { link: { journey: 'search' }, ref: 'search', name: 'Search $(zap)' },
      { link: { component: 'payments-api' }, ref: 'payments-api', name: 'Payments API' },
    ];
    const items = tagItems(
      { links: [{ journey: 'checkout/pay' }, { path: 'src/pay.ts', lines: [3, 5] }] },
      targets,
      [{ target: targets[3]!, reason: "shares 'card' with 2 records tagged payments-api" }, { target: targets[1]!, reason: 'x' }],
      { path: 'src/search.ts', links: [{ journey: 'search' }] },
    );
    const rows = items.map((i) => (i.link ? `${i.picked ? '[x]' : '[ ]'} ${i.label} | ${i.description} | ${i.detail ?? ''}` : `-- ${i.label}`));
    assert.deepEqual(rows, [
      '-- Tagged',
      '[x] $(arrow-small-right) Pay | checkout/pay | ',
      '[x] $(file-code) path:src/pay.ts#3-5 | path:src/pay.ts#3-5 | ',
      '-- Suggested',
      "[ ] $(package) Payments API | component:payments-api | shares 'card' with 2 records tagged payments-api",
      '-- Serves src/search.ts',
      '[ ] $(person) Search \\$(zap) | search | ',
      '-- Journeys and steps',
      '[ ] $(person) Checkout | checkout | Pay in a minute.',
    ]);
  });
});
