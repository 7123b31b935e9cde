import { strict as assert } from 'node:assert';
import { scanAnnotations } from '../../src/core/annotations';

/** [line, refs] of each annotation found. */
const found = (text: string) => scanAnnotations(text).map((a) => [a.line, a.refs.map((r) => r.ref)]);

describe('@cx annotations', () => {
  it('reads a line comment with several references and their exact ranges', () => {
    const [a] = scanAnnotations('const x = 1;\n  // @cx checkout/pay, refunds\n');
    assert.deepEqual(a, {
      line: 1,
      range: { start: { line: 1, character: 5 }, end: { line: 1, character: 30 } },
      refs: [
        { ref: 'checkout/pay', journey: 'checkout', step: 'pay', range: { start: { line: 1, character: 9 }, end: { line: 1, character: 21 } } },
        { ref: 'refunds', journey: 'refunds', range: { start: { line: 1, character: 23 }, end: { line: 1, character: 30 } } },
      ],
      malformed: [],
    });
  });

  const styles: [string, string, string[]][] = [
    ['hash (Python, shell, YAML)', '# @cx onboarding/signup', ['onboarding/signup']],
    ['block comment', '/* @cx checkout */ int x;', ['checkout']],
    ['HTML comment', '<!-- @cx search -->', ['search']],
    ['SQL / Lua / Haskell', 'SELECT 1; -- @cx orders', ['orders']],
    ['Lisp / ini', '; @cx settings', ['settings']],
    ['TeX / Erlang', '% @cx docs', ['docs']],
    ['Python docstring', '"""@cx search/results"""', ['search/results']],
    ['Haskell block', '{- @cx a, b -}', ['a', 'b']],
    ['OCaml block', '(* @cx ocaml-thing *)', ['ocaml-thing']],
    ['colon after @cx, commas with any spacing', '// @cx: a ,b,  c', ['a', 'b', 'c']],
    ['trailing code comment', 'pay(); // @cx checkout/pay', ['checkout/pay']],
  ];
  for (const [name, text, refs] of styles) {
    it(`finds ${name}`, () => {
      assert.deepEqual(found(text), [[0, refs]]);
    });
  }

  it('stops at prose after the references and at comment closers', () => {
    assert.deepEqual(found('// @cx checkout/pay handles the retry loop'), [[0, ['checkout/pay']]]);
    assert.deepEqual(found('// @cx checkout/pay, refunds: both call this'), [[0, ['checkout/pay', 'refunds']]]);
    assert.deepEqual(found('/* @cx checkout*/'), [[0, ['checkout']]]);
    assert.deepEqual(found('// @cx checkout, — see ADR 12'), [[0, ['checkout']]]);
  });

  it('reads JSDoc continuation lines and multi-line block comments', () => {
    const text = ['/**', ' * Charges the card.', ' * @cx checkout/pay', ' */', 'function pay() {}', '/*', '  @cx refunds', '*/', 'x = "@cx nope"'].join('\n');
    assert.deepEqual(found(text), [[2, ['checkout/pay']], [6, ['refunds']]]);
  });

  it('ignores @cx in strings and e-mail addresses', () => {
    assert.deepEqual(found('const s = "@cx checkout";'), []);
    assert.deepEqual(found("const s = '// @cx checkout';"), []);
    assert.deepEqual(found('// mail dev@cx.example'), []);
    assert.deepEqual(found('// @cxfoo bar'), []);
    assert.deepEqual(found('let a = b @cx c'), []);
  });

  it('handles CRLF, a BOM and tabs', () => {
    assert.deepEqual(found('\ufeff// @cx a\r\nx\r\n#\t@cx\tb/c\r\n'), [[0, ['a']], [2, ['b/c']]]);
    const [a] = scanAnnotations('\ufeff// @cx a');
    assert.equal(a!.refs[0]!.range.start.character, 8); // columns of the text as given, BOM included
  });

  it('returns malformed references with their ranges', () => {
    const [a] = scanAnnotations('// @cx Checkout/Pay, checkout//pay, ok');
    assert.deepEqual(a!.refs.map((r) => r.ref), ['ok']);
    assert.deepEqual(a!.malformed, [
      { text: 'Checkout/Pay', range: { start: { line: 0, character: 7 }, end: { line: 0, character: 19 } } },
      { text: 'checkout//pay', range: { start: { line: 0, character: 21 }, end: { line: 0, character: 34 } } },
    ]);
  });

  it('never throws and is quick on random and large input', () => {
    let seed = 42;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const alphabet = ['@cx ', '//', '/*', '*/', '#', '"', "'", '\n', '\r\n', 'a', '/', ',', ' ', '<!--', '-->', '\\', 'é', '{-', '(*'];
    for (let i = 0; i < 2000; i++) {
      let s = '';
      const n = Math.floor(next() * 40);
      for (let j = 0; j < n; j++) s += alphabet[Math.floor(next() * alphabet.length)];
      for (const a of scanAnnotations(s)) for (const r of a.refs) assert.match(r.ref, /^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9-]*)?$/);
    }
    const big = `${'const x = 1; // nothing here\n'.repeat(40000)}// @cx end\n`;
    assert.deepEqual(found(big), [[40000, ['end']]]);
  });
});
