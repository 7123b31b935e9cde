import { strict as assert } from 'node:assert';
import { ComponentMatcher, compilePattern } from '../../src/core/matcher';
import type { CompiledPattern } from '../../src/core/matcher';

function compile(pattern: string): CompiledPattern {
  const r = compilePattern(pattern);
  assert.ok('matches' in r, `${pattern}: ${JSON.stringify(r)}`);
  return r;
}

/**
 * pattern, path, expected. GitHub's documented CODEOWNERS examples, the cases hmarr/codeowners tests against
 * (testdata/patterns.json), and the edges around them.
 */
const CASES: [string, string, boolean][] = [
  // `*` alone: every file
  ['*', 'README.md', true],
  ['*', 'src/a/b.ts', true],
  // extension globs match at any depth
  ['*.js', 'app.js', true],
  ['*.js', 'src/lib/app.js', true],
  ['*.js', 'src/lib/app.jsx', false],
  ['*.js', 'app.js.map', false],
  ['*.payment.ts', 'src/checkout/card.payment.ts', true],
  ['*.payment.ts', 'src/checkout/payment.ts', false],
  // trailing slash: a directory anywhere, and everything under it, never a file of that name
  ['apps/', 'apps/web/index.ts', true],
  ['apps/', 'src/apps/x.ts', true],
  ['apps/', 'apps', false],
  ['apps/', 'myapps/x.ts', false],
  ['foo/', 'bar/foo/baz/qux', true],
  // leading slash anchors
  ['/docs/', 'docs/a.md', true],
  ['/docs/', 'docs/deep/er/a.md', true],
  ['/docs/', 'src/docs/a.md', false],
  ['/build/logs/', 'build/logs/x.log', true],
  ['/build/logs/', 'build/logs/deep/x.log', true],
  ['/build/logs/', 'other/build/logs/x.log', false],
  ['/build/logs/', 'build/logs', false],
  // a slash inside anchors too; a wildcard last segment stays in its directory (GitHub's `docs/*` example)
  ['docs/*', 'docs/getting-started.md', true],
  ['docs/*', 'docs/build-app/troubleshooting.md', false],
  ['docs/*', 'x/docs/a.md', false],
  ['docs/*', 'docs', false],
  ['foo/bar', 'foo/bar/baz', true],
  ['foo/bar', 'baz/foo/bar', false],
  ['foo/bar', 'foo/bart', false],
  ['foo/bar/', 'foo/bar', false],
  ['foo/*.txt', 'foo/bar.txt', true],
  ['foo/*.txt', 'foo/bar/baz.txt', false],
  ['foo/*.txt', 'qux/foo/bar.txt', false],
  ['foo/*/baz', 'foo/bar/baz', true],
  ['foo/*/baz', 'foo/bar/baz/qux', true],
  ['foo/*/baz', 'foo/baz', false],
  ['/*', 'foo', true],
  ['/*', 'foo/bar', false],
  ['/*/', 'foo', false],
  ['/*/', 'foo/bar/baz', true],
  // a wildcard name matches names, not what is under them (hmarr would match `foo/bar` here; GitHub does not)
  ['f*', 'foo', true],
  ['f*', 'bar/foo', true],
  ['f*', 'xfoo', false],
  ['f*', 'foo/bar', false],
  ['/f*', 'foo', true],
  ['/f*', 'bar/foo', false],
  ['/f*', 'foo/bar', false],
  ['f*/', 'foo', false],
  ['f*/', 'foo/bar', true],
  ['f*/', 'bar/foo/baz', true],
  // a plain name matches a file or directory of that name anywhere, and what is under it
  ['docs', 'docs', true],
  ['docs', 'docs/a.md', true],
  ['docs', 'src/docs/a.md', true],
  ['docs', 'mydocs/a.md', false],
  ['docs', 'docs.md', false],
  ['/foo', 'bar/foo', false],
  ['/foo', 'foo/bar/baz', true],
  ['/src/payments', 'src/payments/api/charge.ts', true],
  ['/src/payments', 'src/payments', true],
  ['/src/payments', 'src/payments-v2/x.ts', false],
  ['/apps/github', 'apps/github/x.ts', true],
  // `**`
  ['**/logs', 'logs/a.log', true],
  ['**/logs', 'build/logs/a.log', true],
  ['**/logs', 'deeply/nested/logs/a.log', true],
  ['**/logs', 'scripts/logs', true],
  ['**/logs', 'catalogs/a.txt', false],
  ['**/foo/bar', 'foo/bar', true],
  ['**/foo/bar', 'qux/foo/bar/baz', true],
  ['**/foo/bar', 'foo/baz/bar', false],
  ['/**/foo', 'a/b/foo', true],
  ['**/*bar*', 'bar', true],
  ['**/*bar*', 'foo/qux/barrio', true],
  ['/docs/**', 'docs/a/b/c.md', true],
  ['/docs/**', 'docs', false],
  ['foo/bar/**', 'qux/foo/bar/baz', false],
  ['a/**/b', 'a/b', true],
  ['a/**/b', 'a/x/y/b', true],
  ['a/**/b', 'a/x/y/b/c.ts', true],
  ['a/**/b', 'a/x/y/c', false],
  ['a/**/b', 'z/a/b', false],
  ['a/**/**/b', 'a/x/b', true],
  ['foo/**/', 'foo', false],
  ['foo/**/', 'foo/bar/baz', true],
  ['foo/**/bar/b*', 'foo/bar/baz', true],
  ['foo/**/bar/b*', 'foo/qux/bar/baz', true],
  ['foo/**/bar/b*', 'foo/bar/qux', false],
  ['src/**/*.test.ts', 'src/a/b/x.test.ts', true],
  ['src/**/*.test.ts', 'src/x.test.ts', true],
  ['src/**/*.test.ts', 'lib/x.test.ts', false],
  ['**', 'a/b/c', true],
  ['/**', 'a', true],
  ['a**b', 'axxb', true], // `**` inside a segment is a plain `*`
  ['a**b', 'ax/xb', false],
  // `?`
  ['f?o', 'foo', true],
  ['f?o', 'fo', false],
  ['f?o', 'fooo', false],
  ['f?o', 'f/o', false],
  ['/src/v?/', 'src/v1/a.ts', true],
  ['/src/v?/', 'src/v10/a.ts', false],
  ['?.ts', '😀.ts', true], // one character, not one UTF-16 unit
  // escapes and trailing spaces
  ['\\#notes.md', '#notes.md', true],
  ['\\!important.md', '!important.md', true],
  ['my\\ file.txt', 'my file.txt', true],
  ['my\\ file.txt', 'myfile.txt', false],
  ['/a\\*b', 'a*b', true],
  ['/a\\*b', 'axb', false],
  ['f\\?o', 'f?o', true],
  ['f\\?o', 'foo', false],
  ['\\\\x', '\\x', true],
  ['a\\/b', 'a/b', true], // an escaped slash is still a separator, so it anchors
  ['a\\/b', 'x/a/b', false],
  ['notes.txt  ', 'notes.txt', true],
  ['notes.txt\\ ', 'notes.txt ', true],
  ['notes.txt\\ ', 'notes.txt', false],
  // no character classes, no regular expression syntax: all literal
  ['/[ab].ts', '[ab].ts', true],
  ['/[ab].ts', 'a.ts', false],
  ['*.[ch]', 'lib/x.[ch]', true],
  ['*.[ch]', 'lib/x.c', false],
  ['/src/(x)+.ts', 'src/(x)+.ts', true],
  ['a.b', 'axb', false],
  ['{a,b}.ts', 'a.ts', false],
  ['{a,b}.ts', '{a,b}.ts', true],
  ['$x^|y', 'd/$x^|y', true],
  // spaces and unicode in names; case matters
  ['/docs/My Notes/', 'docs/My Notes/x.md', true],
  ['My Notes', 'docs/My Notes', true],
  ['/café/', 'café/menu.ts', true],
  ['/café/', 'cafe/menu.ts', false],
  ['*.日本', 'a/b.日本', true],
  ['/Docs/', 'docs/a.md', false],
  // `/` alone: the root, so everything
  ['/', 'anything/at/all.ts', true],
];

describe('CODEOWNERS patterns', () => {
  for (const [pattern, path, expected] of CASES) {
    it(`${pattern} ${expected ? 'matches' : 'does not match'} ${path}`, () => {
      assert.equal(compile(pattern).matches(path), expected);
    });
  }

  it('marks ! patterns as exclusions, with the same matching', () => {
    const p = compile('!/src/payments/legacy/');
    assert.equal(p.negated, true);
    assert.equal(p.source, '!/src/payments/legacy/');
    assert.equal(p.matches('src/payments/legacy/a.ts'), true);
    assert.equal(p.matches('src/payments/a.ts'), false);
    assert.equal(compile('\\!x').negated, false);
    assert.equal(compile('!*.md').matches('docs/a.md'), true);
  });

  it('rejects invalid patterns with the column of the problem', () => {
    assert.deepEqual(compilePattern(''), { error: 'a pattern must not be empty', column: 0 });
    assert.deepEqual(compilePattern('   '), { error: 'a pattern must not be empty', column: 0 });
    assert.deepEqual(compilePattern('!'), { error: "'!' must be followed by a pattern", column: 1 });
    assert.deepEqual(compilePattern('! '), { error: "'!' must be followed by a pattern", column: 1 });
    assert.deepEqual(compilePattern('src\\'), { error: 'a pattern must not end with a lone backslash', column: 3 });
    assert.deepEqual(compilePattern('src//a'), { error: 'a pattern must not contain an empty segment (//)', column: 3 });
    assert.deepEqual(compilePattern('!/a//'), { error: 'a pattern must not contain an empty segment (//)', column: 3 });
    assert.deepEqual(compilePattern('./src'), { error: "a pattern must not contain a '.' segment: paths are relative to the workspace folder", column: 0 });
    assert.deepEqual(compilePattern('/src/../x'), { error: "a pattern must not contain a '..' segment: paths are relative to the workspace folder", column: 5 });
  });
});

describe('ComponentMatcher', () => {
  const matcher = new ComponentMatcher([
    { id: 'payments', paths: ['/src/payments/', '!/src/payments/legacy/', '/src/payments/legacy/keep.ts'] },
    { id: 'tests', paths: ['*.test.ts'] },
    { id: 'everything-but-docs', paths: ['*', '!/docs/'] },
    { id: 'broken', paths: ['', '/src/'] },
  ]);

  it('lets the last matching pattern decide', () => {
    assert.deepEqual(matcher.componentsOf('src/payments/api.ts'), ['payments', 'everything-but-docs', 'broken']);
    assert.deepEqual(matcher.componentsOf('src/payments/legacy/old.ts'), ['everything-but-docs', 'broken']);
    assert.deepEqual(matcher.componentsOf('src/payments/legacy/keep.ts'), ['payments', 'everything-but-docs', 'broken']);
  });

  it('decides by order, not by how specific a pattern is', () => {
    const m = new ComponentMatcher([
      { id: 'excluded-then-included', paths: ['!/src/a.ts', '*.ts'] },
      { id: 'included-then-excluded', paths: ['/src/a.ts', '!*.ts'] },
      { id: 'only-exclusions', paths: ['!/src/'] },
    ]);
    assert.deepEqual(m.componentsOf('src/a.ts'), ['excluded-then-included']);
    assert.deepEqual(m.componentsOf('src/b.js'), []);
  });

  it('puts a file in every component that includes it, in the order given', () => {
    assert.deepEqual(matcher.componentsOf('src/payments/api.test.ts'), ['payments', 'tests', 'everything-but-docs', 'broken']);
    assert.deepEqual(matcher.componentsOf('docs/a.test.ts'), ['tests']);
    assert.deepEqual(matcher.componentsOf('docs/a.md'), []);
  });

  it('gives the same answer on repeated calls (its scratch state is reset)', () => {
    for (let i = 0; i < 3; i++) assert.deepEqual(matcher.componentsOf('src/payments/legacy/old.ts'), ['everything-but-docs', 'broken']);
    assert.deepEqual(new ComponentMatcher([]).componentsOf('a.ts'), []);
  });

  it('finds valid patterns that match no file, exclusions included', () => {
    assert.deepEqual(matcher.patternsMatchingNothing(['src/payments/api.ts', 'README.md']), [
      { componentId: 'payments', patternIndex: 1 },
      { componentId: 'payments', patternIndex: 2 },
      { componentId: 'tests', patternIndex: 0 },
      { componentId: 'everything-but-docs', patternIndex: 1 },
    ]);
    assert.deepEqual(matcher.patternsMatchingNothing([]).length, 7);
  });

  it('answers as trying every pattern of every component would (its index loses nothing)', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor((seed / 2147483648) * n);
    };
    const pick = <T>(xs: readonly T[]) => xs[rand(xs.length)]!;
    const names = ['src', 'lib', 'docs', 'a', 'b', 'logs', 'x.ts', 'y.js', 'z.test.ts', 'My Notes', 'é.md'];
    const parts = ['src', 'lib', 'docs', 'a', 'b', 'logs', '*', '**', '*.ts', '*.js', '?', 'x.*', '*.test.ts', 'My Notes', 'é.md', 'x.ts'];
    const randomPattern = () => {
      let p = rand(2) ? '/' : '';
      const n = 1 + rand(3);
      for (let i = 0; i < n; i++) p += (i ? '/' : '') + pick(parts);
      if (rand(4) === 0) p += '/';
      return rand(4) === 0 ? `!${p}` : p;
    };
    const components = Array.from({ length: 60 }, (_, i) => ({ id: `c${i}`, paths: Array.from({ length: 1 + rand(4) }, randomPattern) }));
    const paths = Array.from({ length: 400 }, () => Array.from({ length: 1 + rand(4) }, () => pick(names)).join('/'));
    const m = new ComponentMatcher(components);
    const naive = (path: string) =>
      components
        .filter((c) => {
          let included = false;
          for (const p of c.paths) {
            const compiled = compile(p);
            if (compiled.matches(path)) included = !compiled.negated;
          }
          return included;
        })
        .map((c) => c.id);
    for (const path of paths) assert.deepEqual(m.componentsOf(path), naive(path), path);
    const naiveNothing = components.flatMap((c) =>
      c.paths.flatMap((p, patternIndex) => (paths.some((path) => compile(p).matches(path)) ? [] : [{ componentId: c.id, patternIndex }])),
    );
    assert.deepEqual(m.patternsMatchingNothing(paths), naiveNothing);
  });

  // Its speed is measured by `npm run bench`; here, that the indexed lookup answers right at scale.
  it('matches 20,000 files against 2,000 components', () => {
    const components = Array.from({ length: 2000 }, (_, i) => ({
      id: `c${i}`,
      paths: [`/services/s${i}/`, `!/services/s${i}/generated/`, `*.s${i}.ts`, `docs/s${i}/*`],
    }));
    components.push({ id: 'all-ts', paths: ['*.ts', '!**/generated/'] });
    const m = new ComponentMatcher(components);
    let total = 0;
    let expected = 0;
    for (let f = 0; f < 20000; f++) {
      const generated = f % 3 !== 0;
      total += m.componentsOf(`services/s${f % 2500}/${generated ? 'generated/' : ''}src/file${f}.ts`).length;
      // Outside generated/: its service's component when there is one (s0..s1999), and all-ts.
      if (!generated) expected += (f % 2500 < 2000 ? 1 : 0) + 1;
    }
    assert.equal(total, expected);
  });
});
