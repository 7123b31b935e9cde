/**
 * CODEOWNERS → components. The proof that matters: for every path, the owners GitHub would name (read here
 * independently: the last matching line wins, a line without owners unowns) are exactly the owners of the components
 * that include the path (ComponentMatcher), on hand-written files and on random ones.
 */
import { strict as assert } from 'node:assert';
import {
  codeownersToComponents,
  ComponentsEditError,
  mergeComponentsYaml,
  mergeIntoComponentFiles,
  ownerComponentId,
  parseCodeowners,
} from '../../src/core/codeowners';
import type { OwnerComponent } from '../../src/core/codeowners';
import { compilePattern, ComponentMatcher } from '../../src/core/matcher';
import type { CompiledPattern } from '../../src/core/matcher';
import { loadComponentsYaml } from '../../src/core/yamlModel';
import { prng } from '../support/prng';

interface Rule {
  pattern: string;
  owners: string[];
}

function matcherOf(pattern: string): CompiledPattern {
  const c = compilePattern(pattern);
  assert.ok('matches' in c, `test pattern ${pattern} must compile`);
  return c;
}

/** GitHub's reading, straight from its documentation: the last rule whose pattern matches decides. */
function githubOwners(rules: readonly Rule[], path: string): string[] {
  let owners: string[] = [];
  for (const r of rules) if (matcherOf(r.pattern).matches(path)) owners = r.owners;
  return [...new Set(owners.map((o) => o.toLowerCase()))].sort();
}

/** A plain reading of a CODEOWNERS text, separate from the one under test: comments, `\#`, `\ `, blank lines. */
function readRules(text: string): Rule[] {
  const rules: Rule[] = [];
  for (const line of text.split('\n')) {
    const words = line.trim().match(/(?:\\.|[^\s\\])+/g) ?? [];
    const cut = words.findIndex((w) => w.startsWith('#'));
    const kept = cut < 0 ? words : words.slice(0, cut);
    if (kept.length) rules.push({ pattern: kept[0]!, owners: kept.slice(1) });
  }
  return rules;
}

function derivedOwners(components: readonly OwnerComponent[], path: string): string[] {
  const matcher = new ComponentMatcher(components);
  const owner = new Map(components.map((c) => [c.id, c.owner.toLowerCase()]));
  return [...new Set(matcher.componentsOf(path).map((id) => owner.get(id)!))].sort();
}

function assertSameAnswers(text: string, rules: readonly Rule[], paths: readonly string[], label: string): void {
  const { components } = codeownersToComponents(text);
  const matcher = new ComponentMatcher(components);
  const owner = new Map(components.map((c) => [c.id, c.owner.toLowerCase()]));
  for (const path of paths) {
    const expected = githubOwners(rules, path);
    const actual = [...new Set(matcher.componentsOf(path).map((id) => owner.get(id)!))].sort();
    assert.deepEqual(actual, expected, `${label}: owners of ${path}\n${text}\n${JSON.stringify(components, null, 1)}`);
  }
}

const PATHS = [
  'README.md', 'CODEOWNERS', 'package.json', 'index.js', '#notes.md', 'docs/#notes.md', 'a b/c.txt',
  'src/index.ts', 'src/app.js', 'src/payments/pay.ts', 'src/payments/pay.test.ts', 'src/payments/legacy/old.ts',
  'src/payments/legacy/deep/older.js', 'src/search/query.py', 'src/search/README.md', 'src/docs/guide.md',
  'docs/index.md', 'docs/api/ref.md', 'docs/getting-started/install.md', 'build/logs/today.log', 'apps/web/logs/x.log',
  'lib/util.js', 'lib/vendor/jquery.js', 'scripts/deploy.sh', 'apps/web/src/main.tsx', 'apps/api/src/server.ts',
  'apps/github/ci.yml', 'x.payment.ts', 'src/x.payment.ts', 'test/a.spec.ts', 'test/fixtures/data.json',
];

const FILES: { name: string; text: string }[] = [
  {
    name: "GitHub's documented example",
    text: `# This is a comment.
# Each line is a file pattern followed by one or more owners.

# These owners will be the default owners for everything in
# the repo. Unless a later match takes precedence,
# @global-owner1 and @global-owner2 will be requested for
# review when someone opens a pull request.
*       @global-owner1 @global-owner2

# Order is important; the last matching pattern takes the most
# precedence. When someone opens a pull request that only
# modifies JS files, only @js-owner and not the global
# owner(s) will be requested for a review.
*.js    @js-owner #This is an inline comment.

# You can also use email addresses if you prefer. They'll be
# used to look up users just like we do for commit author
# emails.
*.go docs@example.com

# Teams can be specified as code owners as well.
/build/logs/ @doctocat

# The \`docs/*\` pattern will match files like
# \`docs/getting-started.md\` but not further nested files like
# \`docs/build-app/troubleshooting.md\`.
docs/*  docs@example.com

# In this example, @octocat owns any file in an apps directory
# anywhere in your repository.
apps/ @octocat

# In this example, @doctocat owns any file in the \`/docs\`
# directory in the root of your repository and any of its
# subdirectories.
/docs/ @doctocat

# In this example, any change inside the \`/scripts\` directory
# will require approval from @doctocat or @octocat.
/scripts/ @doctocat @octocat

# In this example, @octocat owns any file in a \`/logs\` directory such as
# \`/build/logs\`, \`/scripts/logs\`, and \`/deeply/nested/logs\`. Any changes
# in a \`/logs\` directory will require approval from @octocat.
**/logs @octocat

# In this example, @octocat owns any file in the \`/apps\`
# directory in the root of your repository except for the \`/apps/github\`
# subdirectory, as this subdirectory has its own owners.
/apps/ @octocat
/apps/github
`,
  },
  {
    name: 'overlapping directories, a rule with no owners, the same pattern twice',
    text: `* @acme/default
/src/ @acme/web
*.test.ts @acme/qa
/src/payments/ @acme/payments @ana
/src/payments/legacy/
/src/payments/legacy/deep/ @acme/payments
*.test.ts @acme/qa
/docs/ @acme/docs
docs/api/ @acme/web
/src/search/ @acme/search
`,
  },
  {
    name: 'globs, ** and escaped #',
    text: `# globs
**/*.md @writers
/src/**/*.ts @ts-team
src/**/README.md @readme
/apps/*/src/ @apps
*.payment.ts @acme/payments # inline comment
\\#notes.md @notes
/lib/vendor/** @vendor
/lib/**
lib/util.js @utils
x?.payment.ts @single
/*.json @root-json
`,
  },
  {
    name: 'emails, case-insensitive owners, an owner fully overridden',
    text: `/src/search/ Search@Acme.example
/src/ @Org/Web
/src/search/ search@acme.example @org/web
* @late
/docs/ @Late
`,
  },
  {
    name: 'unowned top, re-owned below',
    text: `/src/
/src/payments/ @pay
*.py
/src/search/query.py @search
**/logs/ @ops
/apps/web/ @web
`,
  },
];

describe('codeowners', () => {
  describe('parseCodeowners', () => {
    it('reads patterns and owners, skipping comments, and reports lines GitHub would skip', () => {
      const { rules, problems } = parseCodeowners(
        '\uFEFF# comment\n\n*.js @a @A # inline\n\\#x.md b@c.example\n/docs/\n!/x @a\n[Docs] @a\n/y @not an owner\n/z\\ y @a\r\n/w//v @a\n',
      );
      assert.deepEqual(rules, [
        { line: 3, pattern: '*.js', owners: ['@a'] },
        { line: 4, pattern: '\\#x.md', owners: ['b@c.example'] },
        { line: 5, pattern: '/docs/', owners: [] },
        { line: 9, pattern: '/z\\ y', owners: ['@a'] },
      ]);
      assert.deepEqual(problems.map((p) => [p.line, p.column]), [[6, 1], [7, 1], [8, 9], [10, 3]]);
      assert.match(problems[0]!.message, /no '!' negation/);
      assert.match(problems[1]!.message, /GitLab section/);
      assert.match(problems[2]!.message, /'an' is not an owner/);
      assert.match(problems[3]!.message, /empty segment/);
    });

    it('makes component ids from owners', () => {
      assert.equal(ownerComponentId('@acme/payments'), 'acme-payments');
      assert.equal(ownerComponentId('@Octo_Cat'), 'octo-cat');
      assert.equal(ownerComponentId('docs@example.com'), 'docs-example-com');
      const { components } = codeownersToComponents('/a @acme/web-app\n/b @acme-web/app\n');
      assert.deepEqual(components.map((c) => c.id), ['acme-web-app', 'acme-web-app-2']);
    });
  });

  describe('codeownersToComponents', () => {
    for (const file of FILES) {
      it(`gives GitHub's owners for every path: ${file.name}`, () => {
        const rules = readRules(file.text);
        const paths = [...PATHS, ...rules.map((r) => r.pattern.replace(/\\/g, '').replace(/^\/|\/$/g, '').replace(/\*+/g, 'q'))];
        assertSameAnswers(file.text, rules, paths, file.name);
      });
    }

    it('writes each owner the patterns it needs and no more', () => {
      const { components, problems } = codeownersToComponents(FILES[1]!.text);
      assert.deepEqual(components.map((c) => [c.id, c.paths]), [
        // An exclusion only where a later rule takes away paths the owner has so far: none for /docs/ (disjoint
        // from /src/), none for legacy/ (inside payments/, already excluded).
        ['acme-default', ['*', '!/src/', '!*.test.ts', '!/docs/']],
        ['acme-web', ['/src/', '!/src/payments/', '!*.test.ts', 'docs/api/', '!/src/search/']],
        // `*.test.ts` twice: the second replaces the first, so the payments exclusion before it goes.
        ['acme-qa', ['*.test.ts', '!/docs/', '!/src/search/']],
        ['acme-payments', ['/src/payments/', '!/src/payments/legacy/', '/src/payments/legacy/deep/', '!*.test.ts']],
        ['ana', ['/src/payments/', '!/src/payments/legacy/', '!*.test.ts']],
        ['acme-docs', ['/docs/', '!docs/api/']],
        ['acme-search', ['/src/search/']],
      ]);
      assert.deepEqual(problems, []);
    });

    it('reports an owner whom later rules override everywhere, and gives it no component', () => {
      const { components, problems } = codeownersToComponents(FILES[3]!.text);
      assert.deepEqual(components.map((c) => [c.id, c.paths]), [['late', ['*']]]);
      assert.deepEqual(problems.map((p) => p.message), [
        'Search@Acme.example owns no path: every rule naming them is overridden by a later rule',
        '@Org/Web owns no path: every rule naming them is overridden by a later rule',
      ]);
    });

    it('agrees with GitHub on random rule sets and random paths (seeded)', () => {
      const random = prng(0xc0de0);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
      const dirs = ['src', 'docs', 'lib', 'a', 'b', 'pay', 'logs', 'apps'];
      const files = ['x.ts', 'y.md', 'README', 'index.js', 'x.test.ts', 'z'];
      const owners = ['@a', '@b', '@org/c', 'd@e.example', '@F'];
      const segment = () => pick([...dirs, ...dirs, '*', '**', 'p*', '*.ts', '?', 'x?ts']);
      const pattern = (): string => {
        const special = pick(['*', '**', '/', '/**', '*.md', '*.ts', 'x.ts', '', '', '', '', '', '', '']);
        if (special) return special;
        const n = 1 + Math.floor(random() * 3);
        const segs = Array.from({ length: n }, segment);
        if (random() < 0.3) segs[segs.length - 1] = pick(files);
        const lead = random() < 0.5 ? '/' : '';
        const trail = random() < 0.3 ? '/' : '';
        return `${lead}${segs.join('/')}${trail}`.replace(/^\/?\*\*\/?$/, '**');
      };
      const pathOf = (): string => {
        const n = 1 + Math.floor(random() * 4);
        return [...Array.from({ length: n - 1 }, () => pick(dirs)), pick([...files, ...dirs])].join('/');
      };
      let checked = 0;
      for (let round = 0; round < 300; round++) {
        const rules: Rule[] = [];
        const count = 1 + Math.floor(random() * 8);
        for (let i = 0; i < count; i++) {
          const p = pattern();
          if (!('matches' in compilePattern(p))) continue;
          const who = owners.filter(() => random() < 0.35);
          rules.push({ pattern: p, owners: random() < 0.15 ? [] : who.length ? who : [pick(owners)] });
        }
        const text = rules.map((r) => [r.pattern, ...r.owners].join(' ')).join('\n');
        const paths = Array.from({ length: 40 }, pathOf);
        const { components } = codeownersToComponents(text);
        for (const path of paths) {
          assert.deepEqual(derivedOwners(components, path), githubOwners(rules, path), `round ${round}, ${path}\n${text}\n${JSON.stringify(components, null, 1)}`);
          checked++;
        }
      }
      assert.equal(checked, 300 * 40);
    });
  });

  describe('mergeComponentsYaml', () => {
    const existing = `# Components of the shop.
# Keep this list short.
components:
  # The payments team's API.
  - id: acme-payments   # from CODEOWNERS
    name: Payments API
    owner: "@acme/payments"
    paths:
      - /src/payments/
    # Which journeys it serves:
    journeys: [checkout/pay]

  - id: cart
    name: Cart
    paths: [/src/cart/]
    journeys: [checkout/cart]   # the cart step
`;
    const imported: OwnerComponent[] = [
      { id: 'acme-payments', name: '@acme/payments', owner: '@acme/payments', paths: ['/src/payments/', '!/src/payments/legacy/', '*.payment.ts'] },
      { id: 'cart', name: '@acme/cart', owner: '@acme/cart', paths: ['/src/cart/', '!*.md'] },
      { id: 'acme-docs', name: '@acme/docs', owner: '@acme/docs', paths: ['/docs/', '#notes.md'] },
    ];

    it('replaces paths of existing components, appends new ones, keeps comments and everything else', () => {
      const r = mergeComponentsYaml(existing, imported);
      assert.deepEqual([r.added, r.updated, r.unchanged], [['acme-docs'], ['acme-payments', 'cart'], []]);
      assert.equal(r.text, `# Components of the shop.
# Keep this list short.
components:
  # The payments team's API.
  - id: acme-payments # from CODEOWNERS
    name: Payments API
    owner: "@acme/payments"
    paths:
      - /src/payments/
      - "!/src/payments/legacy/"
      - "*.payment.ts"
    # Which journeys it serves:
    journeys: [checkout/pay]

  - id: cart
    name: Cart
    paths: [/src/cart/, "!*.md"]
    journeys: [checkout/cart] # the cart step

  - id: acme-docs
    name: "@acme/docs"
    owner: "@acme/docs"
    paths:
      - /docs/
      - "#notes.md"
`);
      const reread = loadComponentsYaml('c.yaml', r.text);
      assert.deepEqual(reread.problems, []);
      assert.deepEqual(reread.components.map((c) => [c.component.id, c.component.paths]), [
        ['acme-payments', imported[0]!.paths], ['cart', imported[1]!.paths], ['acme-docs', imported[2]!.paths],
      ]);
      assert.deepEqual(reread.components[0]!.component.journeys, ['checkout/pay']);
    });

    it('leaves the text alone when nothing changes, and keeps CRLF line endings', () => {
      const once = mergeComponentsYaml(existing, imported).text;
      const again = mergeComponentsYaml(once, imported);
      assert.deepEqual([again.added, again.updated, again.unchanged], [[], [], ['acme-payments', 'cart', 'acme-docs']]);
      assert.equal(again.text, once);
      const crlf = mergeComponentsYaml(existing.replace(/\n/g, '\r\n'), imported).text;
      assert.equal(crlf, once.replace(/\n/g, '\r\n'));
    });

    it('starts a list in an empty file, a file of comments, an empty list, and keeps unindented lists unindented', () => {
      const one: OwnerComponent[] = [{ id: 'a', name: '@a', owner: '@a', paths: ['*'] }];
      const block = '  - id: a\n    name: "@a"\n    owner: "@a"\n    paths:\n      - "*"\n';
      assert.equal(mergeComponentsYaml('', one).text, `components:\n${block}`);
      assert.equal(mergeComponentsYaml('# just a comment\n', one).text, `# just a comment\n\ncomponents:\n${block}`);
      assert.equal(mergeComponentsYaml('components: []\n', one).text, `components:\n${block}`);
      assert.equal(mergeComponentsYaml('components:\n', one).text, `components:\n${block}`);
      assert.equal(mergeComponentsYaml('components:\n- id: x\n  paths: [x]\n', one).text, 'components:\n- id: x\n  paths: [x]\n- id: a\n  name: "@a"\n  owner: "@a"\n  paths:\n  - "*"\n');
    });

    it('refuses to edit a file it would damage', () => {
      assert.throws(() => mergeComponentsYaml('components:\n  - id: [\n', []), ComponentsEditError);
      assert.throws(() => mergeComponentsYaml('- a\n- b\n', []), /not a mapping/);
      assert.throws(() => mergeComponentsYaml('components: 3\n', []), /not a list/);
    });

    it('updates a component where it is defined, and adds the others to the main file', () => {
      const files = [
        { path: '.cx/components/web.yaml', text: 'components:\n  # web\n  - id: acme-web\n    paths: [/web/]\n' },
        { path: '.cx/components.yaml', text: 'components:\n  - id: acme-payments\n    paths: [/pay/]\n' },
      ];
      const merge = mergeIntoComponentFiles(files, '.cx/components.yaml', [
        { id: 'acme-web', name: '@acme/web', owner: '@acme/web', paths: ['/apps/web/'] },
        { id: 'acme-payments', name: '@acme/payments', owner: '@acme/payments', paths: ['/pay/'] },
        { id: 'acme-docs', name: '@acme/docs', owner: '@acme/docs', paths: ['/docs/'] },
      ]);
      assert.deepEqual(merge.updated, [{ id: 'acme-web', file: '.cx/components/web.yaml' }]);
      assert.deepEqual(merge.added, [{ id: 'acme-docs', file: '.cx/components.yaml' }]);
      assert.deepEqual(merge.unchanged, [{ id: 'acme-payments', file: '.cx/components.yaml' }]);
      assert.deepEqual(merge.writes.map((w) => w.path), ['.cx/components/web.yaml', '.cx/components.yaml']);
      assert.equal(merge.writes[0]!.text, 'components:\n  # web\n  - id: acme-web\n    paths: [/apps/web/]\n');
      const created = mergeIntoComponentFiles([], '.cx/components.yaml', [{ id: 'a', name: '@a', owner: '@a', paths: ['/a/'] }]);
      assert.match(created.writes[0]!.text, /^# Components: .*\n# .*\ncomponents:\n {2}- id: a\n/);
    });
  });
});

