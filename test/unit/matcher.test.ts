import { strict as assert } from 'node:assert';
import { ComponentMatcher, compilePattern } from '../../src/core/matcher';
import type { CompiledPattern } from '../../src/core/matcher';

function compile(pattern: string): CompiledPattern {
  const r = compilePattern(pattern);
  assert.ok('matches' in r, `${pattern}: ${JSON.stringify(r)}`);
  return r;
}

/** pattern, path, expected: GitHub's documented CODEOWNERS examples and the edges around them. */
const CASES: [string, string, boolean][] = [
  // `*` alone: every file
  ['*', 'README.md', true],
  ['*', 'src/a/b.ts', true],
  // extension globs match at any depth
  ['*.js', 'app.js', true],
  ['*.js', 'src/lib/app.js', true],
  ['*.js', 'src/lib/app.jsx', false],
  ['*.payment.ts', 'src/checkout/card.payment.ts', true],
  ['*.payment.ts', 'src/checkout/payment.ts', false],
  // trailing slash: a directory anywhere, and everything under it
  ['apps/', 'apps/web/index.ts', true],
  ['apps/', 'src/apps/x.ts', true],
  ['apps/', 'apps', false],
  ['apps/', 'myapps/x.ts', false],
  // leading slash anchors
  ['/docs/', 'docs/a.md', true],
  ['/docs/', 'docs/deep/er/a.md', true],
  ['/docs/', 'src/docs/a.md', false],
  ['/build/logs/', 'build/logs/x.log', true],
  ['/build/logs/', 'other/build/logs/x.log', false],
  // a slash inside anchors too; a wildcard last segment stays in its directory
  ['docs/*', 'docs/getting-started.md', true],
  ['docs/*', 'docs/build-app/troubleshooting.md', false],
  ['docs/*', 'x/docs/a.md', false],
  // a plain name matches a file or directory of that name anywhere, and what is under it
  ['docs', 'docs', true],
  ['docs', 'docs/a.md', true],
  ['docs', 'src/docs/a.md', true],
  ['docs', 'mydocs/a.md', false],
  ['/src/payments', 'src/payments/api/charge.ts', true],
  ['/src/payments', 'src/payments-v2/x.ts', false],
  // `**`
  ['**/logs', 'logs/a.log', true],
  ['**/logs', 'build/logs/a.log', true],
  ['**/logs', 'deeply/nested/logs/a.log', true],
  ['**/logs', 'catalogs/a.txt', false],
  ['/docs/**', 'docs/a/b/c.md', true],
  ['/docs/**', 'docs', false],
  ['a/**/b', 'a/b', true],
  ['a/**/b', 'a/x/y/b', true],
  ['a/**/b', 'a/x/y/c', false],
  ['src/**/*.test.ts', 'src/a/b/x.test.ts', true],
  ['src/**/*.test.ts', 'src/x.test.ts', true],
  ['src/**/*.test.ts', 'lib/x.test.ts', false],
  // `?`
  ['/src/v?/', 'src/v1/a.ts', true],
  ['/src/v?/', 'src/v10/a.ts', false],
  ['file?.ts', 'a/file/.ts', false],
  // escapes and literal characters
  ['\\#notes.md', '#notes.md', true],
  ['\\!important.md', '!important.md', true],
  ['my\\ file.txt', 'my file.txt', true],
  ['/a\\*b', 'a*b', true],
  ['/a\\*b', 'axb', false],
  ['/[ab].ts', '[ab].ts', true],
  ['/[ab].ts', 'a.ts', false],
  ['/src/(x)+.ts', 'src/(x)+.ts', true],
  // spaces and unicode in names
  ['/docs/My Notes/', 'docs/My Notes/x.md', true],
  ['/café/', 'café/menu.ts', true],
  ['*.日本', 'a/b.日本', true],
  // `/` alone: everything
  ['/', 'anything/at/all.ts', true],
];

describe('CODEOWNERS patterns', () => {
  for (const [pattern, path, expected] of CASES) {
    it(`${pattern} ${expected ? 'matches' : 'does not match'} ${path}`, () => {
      assert.equal(compile(pattern).matches(path), expected);
    });
  }

  it('marks ! patterns as exclusions', () => {
    const p = compile('!/src/payments/legacy/');
    assert.equal(p.negated, true);
    assert.equal(p.matches('src/payments/legacy/a.ts'), true);
    assert.equal(compile('\\!x').negated, false);
  });

  it('rejects invalid patterns with a column', () => {
    assert.deepEqual(compilePattern(''), { error: 'a pattern must not be empty', column: 0 });
    assert.deepEqual(compilePattern('!'), { error: "'!' must be followed by a pattern", column: 1 });
    assert.deepEqual(compilePattern('src\\'), { error: 'a pattern must not end with a lone backslash', column: 3 });
    assert.deepEqual(compilePattern('src//a'), { error: 'a pattern must not contain an empty segment (//)', column: 3 });
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

  it('puts a file in every component that includes it', () => {
    assert.deepEqual(matcher.componentsOf('src/payments/api.test.ts'), ['payments', 'tests', 'everything-but-docs', 'broken']);
    assert.deepEqual(matcher.componentsOf('docs/a.test.ts'), ['tests']);
  });

  it('finds valid patterns that match no file', () => {
    assert.deepEqual(matcher.patternsMatchingNothing(['src/payments/api.ts', 'README.md']), [
      { componentId: 'payments', patternIndex: 1 },
      { componentId: 'payments', patternIndex: 2 },
      { componentId: 'tests', patternIndex: 0 },
      { componentId: 'everything-but-docs', patternIndex: 1 },
    ]);
  });
});
