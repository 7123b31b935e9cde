import { strict as assert } from 'node:assert';
import { feedbackIdArg, refArg, shellWord, showContextArgs, uriArg } from '../../../src/extension/commandArgs';

/** What a vscode.Uri looks like to the parser: a scheme and a string form. */
const uriLike = (text: string) => ({ scheme: text.slice(0, text.indexOf(':')), toString: () => text });

describe('command arguments (commandArgs.ts)', () => {
  it('Show Context takes [uri, ref] from a CodeLens, a Uri from a menu, or nothing from the palette', () => {
    assert.deepEqual(showContextArgs(['file:///w/src/pay.ts', 'checkout/pay']), { uri: 'file:///w/src/pay.ts', ref: 'checkout/pay' });
    assert.deepEqual(showContextArgs([uriLike('file:///w/a.ts'), [uriLike('file:///w/a.ts')]]), { uri: 'file:///w/a.ts' });
    assert.deepEqual(showContextArgs([]), {});
    assert.deepEqual(showContextArgs([undefined, 'refunds']), { ref: 'refunds' });
  });

  it('ignores what is not a URI or a reference', () => {
    assert.equal(uriArg('src/pay.ts'), undefined);
    assert.equal(uriArg(42), undefined);
    assert.equal(uriArg({ toString: () => 'file:///x' }), undefined, 'no scheme: not a Uri');
    assert.equal(uriArg(null), undefined);
    for (const bad of ['Checkout', 'checkout/', 'a/b/c', 'pay now', '', 3]) assert.equal(refArg(bad), undefined, String(bad));
    assert.equal(refArg('checkout'), 'checkout');
    assert.deepEqual(showContextArgs([{ evil: true }, '<script>']), {});
  });

  it('Tag Feedback takes a record id or a record', () => {
    assert.equal(feedbackIdArg('ZD-48213'), 'ZD-48213');
    assert.equal(feedbackIdArg({ id: 'ZD-1', text: 'x' }), 'ZD-1');
    assert.equal(feedbackIdArg(''), undefined);
    assert.equal(feedbackIdArg({ id: 7 }), undefined);
    assert.equal(feedbackIdArg(undefined), undefined);
  });
});

describe('command lines offered to copy (shellWord)', () => {
  it('leaves safe words alone and single-quotes the rest', () => {
    assert.equal(shellWord('/work/acme-shop'), '/work/acme-shop');
    assert.equal(shellWord('ZD-48213'), 'ZD-48213');
    assert.equal(shellWord('/home/me/My Shop'), "'/home/me/My Shop'");
    assert.equal(shellWord("it's; rm -rf $HOME"), "'it'\\''s; rm -rf $HOME'");
    assert.equal(shellWord(''), "''");
  });
});
