import { strict as assert } from 'node:assert';
import { scanAnnotations } from '../../src/core/annotations';
import type { Annotation } from '../../src/core/annotations';

/** [line, refs] of each annotation found. */
const found = (text: string) => scanAnnotations(text).map((a) => [a.line, a.refs.map((r) => r.ref)]);

/** An annotation compactly: line, `@cx` column, end column, and each reference (or malformed token) with its column. */
const compact = (a: Annotation) => [
  a.line,
  a.range.start.character,
  a.range.end.character,
  a.refs.map((r) => [r.ref, r.range.start.character]),
  a.malformed.map((m) => [m.text, m.range.start.character]),
];

const REF = /^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9-]*)?$/;

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

  /** name, text, [line, @cx column, end column, [ref, column][]] of the one annotation expected. */
  const styles: [string, string, [number, number, number, [string, number][]]][] = [
    ['C-style line comment', '// @cx checkout/pay, refunds', [0, 3, 28, [['checkout/pay', 7], ['refunds', 21]]]],
    ['line comment without a space', '//@cx checkout', [0, 2, 14, [['checkout', 6]]]],
    ['trailing line comment', 'pay(); // @cx checkout/pay', [0, 10, 26, [['checkout/pay', 14]]]],
    ['hash (Python, shell, YAML, Ruby)', '# @cx onboarding/signup', [0, 2, 23, [['onboarding/signup', 6]]]],
    ['trailing hash comment', 'x = 1  # @cx a', [0, 9, 14, [['a', 13]]]],
    ['block comment', '/* @cx checkout */ int x;', [0, 3, 15, [['checkout', 7]]]],
    ['block comment without spaces', '/*@cx checkout*/', [0, 2, 14, [['checkout', 6]]]],
    ['HTML / XML / Markdown comment', '<!-- @cx search -->', [0, 5, 15, [['search', 9]]]],
    ['HTML comment closed right after the reference', '<p>Hi</p><!-- @cx search-->', [0, 14, 24, [['search', 18]]]],
    ['SQL / Lua / Haskell line comment', 'SELECT 1; -- @cx orders', [0, 13, 23, [['orders', 17]]]],
    ['Lua block comment', '--[[ @cx lua-thing ]]', [0, 5, 18, [['lua-thing', 9]]]],
    ['Lisp / ini comment', '; @cx settings', [0, 2, 14, [['settings', 6]]]],
    ['Lisp comment after code', "(setq x '(1 2)) ; @cx lisp", [0, 18, 26, [['lisp', 22]]]],
    ['TeX / Erlang comment', '% @cx docs', [0, 2, 10, [['docs', 6]]]],
    ['TeX comment glued to the @cx', 'text %@cx docs', [0, 6, 14, [['docs', 10]]]],
    ['JSDoc continuation line', ' * @cx checkout/pay', [0, 3, 19, [['checkout/pay', 7]]]],
    ['Python docstring', '"""@cx search/results"""', [0, 3, 21, [['search/results', 7]]]],
    ['Python single-quoted docstring', "''' @cx x '''", [0, 4, 9, [['x', 8]]]],
    ['Haskell block', '{- @cx a, b -}', [0, 3, 11, [['a', 7], ['b', 10]]]],
    ['OCaml / Pascal block', '(* @cx ocaml-thing *)', [0, 3, 18, [['ocaml-thing', 7]]]],
    ['colon after @cx, commas with any spacing', '// @cx: a ,b,  c', [0, 3, 16, [['a', 8], ['b', 11], ['c', 15]]]],
    ['space-separated references', '# @cx checkout/pay refunds search', [0, 2, 33, [['checkout/pay', 6], ['refunds', 19], ['search', 27]]]],
    ['tabs', '#\t@cx\tb/c', [0, 2, 9, [['b/c', 6]]]],
    ['an annotation with no reference', '// @cx', [0, 3, 6, []]],
    ['a Rust lifetime before the comment', "fn f<'a>() { // @cx a", [0, 16, 21, [['a', 20]]]],
    ['an apostrophe before the comment', "Don't <!-- @cx search -->", [0, 11, 21, [['search', 15]]]],
  ];
  for (const [name, text, [line, start, end, refs]] of styles) {
    it(`finds ${name}`, () => {
      assert.deepEqual(scanAnnotations(text).map(compact), [[line, start, end, refs, []]]);
    });
  }

  it('gives each reference its journey, step and range', () => {
    const [a] = scanAnnotations('# @cx checkout/pay refunds');
    assert.deepEqual(a!.refs, [
      { ref: 'checkout/pay', journey: 'checkout', step: 'pay', range: { start: { line: 0, character: 6 }, end: { line: 0, character: 18 } } },
      { ref: 'refunds', journey: 'refunds', range: { start: { line: 0, character: 19 }, end: { line: 0, character: 26 } } },
    ]);
    assert.equal('step' in a!.refs[1]!, false);
  });

  it('ends the list at a comment closer, the end of the line, prose and sentence punctuation', () => {
    assert.deepEqual(found('/* @cx checkout*/ code(); // trailing'), [[0, ['checkout']]]);
    assert.deepEqual(found('{- @cx a-} b'), [[0, ['a']]]);
    assert.deepEqual(found('// @cx checkout/pay — handles the retry loop'), [[0, ['checkout/pay']]]);
    assert.deepEqual(found('// @cx checkout/pay, refunds: both call this'), [[0, ['checkout/pay', 'refunds']]]);
    assert.deepEqual(found('// @cx checkout. Then the rest'), [[0, ['checkout']]]);
    assert.deepEqual(found('// @cx checkout, — see ADR 12'), [[0, ['checkout']]]);
    assert.deepEqual(found('// (@cx checkout) retries'), [[0, ['checkout']]]);
    assert.deepEqual(found('// @cx checkout Handles retries'), [[0, ['checkout']]]);
    // Space separation means lower-case prose right after the references reads as references.
    assert.deepEqual(found('// @cx checkout handles retries'), [[0, ['checkout', 'handles', 'retries']]]);
  });

  it('reads JSDoc blocks and multi-line block comments of every kind', () => {
    const text = [
      '/**', //                    0
      ' * Charges the card.', //   1
      ' * @cx checkout/pay', //    2
      ' */', //                    3
      'function pay() {}', //      4
      '/*', //                     5
      '  @cx refunds', //          6
      '*/', //                     7
      'x = "@cx nope"', //         8
      '<!--', //                   9
      '@cx search', //             10
      '-->', //                    11
      '{-', //                     12
      '   @cx haskell */ -}', //   13
      '(* ocaml', //               14
      '   @cx ocaml *)', //        15
      '"""', //                    16
      'Module doc. @cx python', // 17
      '"""', //                    18
      '@cx not-in-a-comment', //   19
    ].join('\n');
    assert.deepEqual(scanAnnotations(text).map(compact), [
      [2, 3, 19, [['checkout/pay', 7]], []],
      [6, 2, 13, [['refunds', 6]], []],
      [10, 0, 10, [['search', 4]], []],
      [13, 3, 14, [['haskell', 7]], []],
      [15, 3, 12, [['ocaml', 7]], []],
      [17, 12, 22, [['python', 16]], []],
    ]);
  });

  it('finds several annotations on one line, and code after a closed block', () => {
    assert.deepEqual(found('/* @cx a */ x = "@cx no"; /* @cx b */'), [[0, ['a']], [0, ['b']]]);
    assert.deepEqual(found('/* @cx a */ // @cx b'), [[0, ['a']], [0, ['b']]]);
  });

  it('ignores @cx in code, strings, e-mail addresses and URLs', () => {
    assert.deepEqual(found('const s = "@cx checkout";'), []);
    assert.deepEqual(found('foo(); const s = "@cx checkout";'), []);
    assert.deepEqual(found("const s = '// @cx checkout';"), []);
    assert.deepEqual(found('const s = `/* @cx checkout */`;'), []);
    assert.deepEqual(found('const s = "a\\" // @cx checkout";'), []);
    assert.deepEqual(found('// mail dev@cx.example'), []);
    assert.deepEqual(found('# see https://example.com/@cx for details'), []);
    assert.deepEqual(found('url: https://example.com/@cx checkout'), []);
    assert.deepEqual(found('// @cxfoo bar'), []);
    assert.deepEqual(found('let a = b @cx c'), []);
    assert.deepEqual(found('@cx checkout'), []);
    assert.deepEqual(found('color: #fff; content: "@cx a";'), []);
    assert.deepEqual(found('x = a % b; y = "@cx a"'), []);
  });

  it('opens no block comment on globs, pointers, splats or negative numbers', () => {
    assert.deepEqual(found('print(*args)\nx = "@cx checkout"'), []);
    assert.deepEqual(found('int y = (*ptr).x;\nchar *s = "@cx a";'), []);
    assert.deepEqual(found('d = {-1: "x"}\ns = "@cx a"'), []);
    assert.deepEqual(found('ls src/*\necho "@cx a"'), []);
    assert.deepEqual(found('const glob = "src/**/*.ts";\nconst s = "@cx a";'), []);
    assert.deepEqual(found('x = "/* not a comment"; y = "@cx a";'), []);
  });

  it('handles CRLF, a lone CR, a byte order mark and tabs', () => {
    assert.deepEqual(found('\ufeff// @cx a\r\nx\r\n#\t@cx\tb/c\r\n'), [[0, ['a']], [2, ['b/c']]]);
    assert.deepEqual(found('a\rb // @cx c\r\n// @cx d'), [[1, ['c']], [2, ['d']]]);
    // Editors do not show the byte order mark, so it takes no column.
    assert.deepEqual(scanAnnotations('\ufeff// @cx a').map(compact), [[0, 3, 8, [['a', 7]], []]]);
    assert.deepEqual(scanAnnotations('\ufeffx\n// @cx a').map(compact), [[1, 3, 8, [['a', 7]], []]]);
    assert.deepEqual(found('/*\r\n @cx a\r\n*/\r\n"@cx b"'), [[1, ['a']]]);
  });

  it('counts columns in UTF-16 units', () => {
    assert.deepEqual(scanAnnotations('// 😀 é @cx a').map(compact), [[0, 8, 13, [['a', 12]], []]]);
  });

  it('returns malformed references with their ranges and keeps reading after them', () => {
    const [a] = scanAnnotations('// @cx Checkout/Pay, checkout//pay, ok');
    assert.deepEqual(a!.refs.map((r) => r.ref), ['ok']);
    assert.deepEqual(a!.malformed, [
      { text: 'Checkout/Pay', range: { start: { line: 0, character: 7 }, end: { line: 0, character: 19 } } },
      { text: 'checkout//pay', range: { start: { line: 0, character: 21 }, end: { line: 0, character: 34 } } },
    ]);
    assert.deepEqual(a!.range, { start: { line: 0, character: 3 }, end: { line: 0, character: 38 } });
    assert.deepEqual(scanAnnotations('# @cx a, B c/D e//f, pay_now, checkout/pay/x, -x, é g').map(compact), [
      [0, 2, 53, [['a', 6], ['g', 52]], [['B', 9], ['c/D', 11], ['e//f', 15], ['pay_now', 21], ['checkout/pay/x', 30], ['-x', 46], ['é', 50]]],
    ]);
    // Not where a reference is expected and without a `/`: prose, which ends the list.
    assert.deepEqual(scanAnnotations('# @cx a TODO b').map(compact), [[0, 2, 7, [['a', 6]], []]]);
  });

  it('never throws, and only returns well-formed references, on random input', () => {
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const alphabet = ['@cx ', '@cx', '//', '/*', '*/', '#', '"', "'", '`', '"""', '\n', '\r\n', '\r', 'a', 'B', '/', ',', ' ', '\t', ':', '.', '<!--', '-->', '\\', 'é', '😀', '\ud800', '{-', '-}', '(*', '*)', '--', ';', '%', '*', '\ufeff', '-'];
    for (let i = 0; i < 3000; i++) {
      let s = '';
      const n = Math.floor(next() * 50);
      for (let j = 0; j < n; j++) s += alphabet[Math.floor(next() * alphabet.length)];
      const lines = s.split(/\r\n|\r|\n/);
      for (const a of scanAnnotations(s)) {
        const text = lines[a.line];
        assert.ok(text !== undefined, JSON.stringify(s));
        // Every range lies on the annotation's line, within the `@cx …` range, over the text it claims.
        const column = (c: number) => (a.line === 0 && s.startsWith('\ufeff') ? c + 1 : c);
        assert.equal(text.slice(column(a.range.start.character), column(a.range.start.character) + 3), '@cx', JSON.stringify(s));
        for (const r of a.refs) {
          assert.match(r.ref, REF);
          assert.equal(text.slice(column(r.range.start.character), column(r.range.end.character)), r.ref, JSON.stringify(s));
          assert.ok(r.range.start.character > a.range.start.character && r.range.end.character <= a.range.end.character);
        }
        for (const m of a.malformed) assert.equal(text.slice(column(m.range.start.character), column(m.range.end.character)), m.text);
      }
    }
  });

  // Its speed is measured by `npm run bench`; here, that the scan stays right on large input.
  it('finds the one annotation at the end of large inputs, with and without block comments to follow', () => {
    const plain = `${'const x = 1; // nothing here\n'.repeat(40000)}// @cx end\n`;
    const blocks = `${'/* a */ const s = "x"; f(a, b); // c\n'.repeat(30000)}/* @cx end */\n`;
    const unclosed = `/*\n${'  lorem ipsum dolor sit amet\n'.repeat(40000)} @cx end`;
    for (const text of [plain, blocks, unclosed]) {
      assert.ok(text.length > 1_000_000);
      assert.deepEqual(found(text).map(([, refs]) => refs), [['end']]);
    }
    assert.deepEqual(scanAnnotations('x'.repeat(1_000_000)), []);
  });
});
