/** `cx tag`, `cx untag`, `cx import feedback` and `cx import codeowners` run as subprocesses, on copies of fixtures. */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ensureCliBuilt } from './bundles';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'cx.js');
const MINI = path.join(ROOT, 'test', 'fixtures', 'mini');
const IMPORTS = path.join(ROOT, 'test', 'fixtures', 'imports');

function cx(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('cx tag, untag and import', () => {
  let dir: string;
  before(function () {
    this.timeout(60_000);
    ensureCliBuilt();
  });
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'cx-cli-data-'));
    cpSync(MINI, dir, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const log = () => readFileSync(path.join(dir, '.cx', 'tags.jsonl'), 'utf8');

  it('tag appends one line per new reference and says what it wrote', () => {
    const before = log();
    const r = cx(['tag', 'ZD-2', 'refunds', 'checkout/pay', 'component:cart', 'src/shared/log.ts:1', '--by', 'ana@acme.example', '--root', dir]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, 'tagged ZD-2 refunds\ntagged ZD-2 component:cart\ntagged ZD-2 path:src/shared/log.ts#1-1\nappended 3 lines to .cx/tags.jsonl (by ana@acme.example)\n');
    assert.equal(r.err, 'ZD-2 is already tagged checkout/pay\n');
    const added = log().slice(before.length).trim().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(added.map((d) => [d.op, d.feedback, d.ref, d.by]), [
      ['add', 'ZD-2', { journey: 'refunds' }, 'ana@acme.example'],
      ['add', 'ZD-2', { component: 'cart' }, 'ana@acme.example'],
      ['add', 'ZD-2', { path: 'src/shared/log.ts', lines: [1, 1] }, 'ana@acme.example'],
    ]);
    assert.match(added[0].at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assert.match(readFileSync(path.join(dir, '.cx', '.gitattributes'), 'utf8'), /^tags\.jsonl merge=union$/m);
    const ctx = JSON.parse(cx(['context', 'src/shared/log.ts', '--root', dir, '--json']).out);
    assert.ok(ctx.pathFeedback.some((f: { item: { id: string } }) => f.item.id === 'ZD-2'));
  });

  it('untag removes, and refuses what the record does not have (exit 1) or does not know (exit 2), writing nothing', () => {
    const before = log();
    const missing = cx(['untag', 'ZD-1', 'refunds', '--root', dir]);
    assert.equal(missing.code, 1);
    assert.equal(missing.err, 'cx untag: ZD-1 is not tagged refunds (its tags: checkout/pay)\nnothing written\n');
    const typo = cx(['tag', 'ZD-1', 'refunds', 'chekout', '--root', dir]);
    assert.equal(typo.code, 2);
    assert.match(typo.err, /^cx tag: unknown journey 'chekout' \(did you mean 'checkout'\?\)\nnothing written\n$/);
    assert.equal(cx(['tag', 'ZD-77', 'checkout', '--root', dir]).code, 2);
    assert.equal(cx(['tag', 'ZD-1', 'src/a.ts:9-2', '--root', dir]).code, 2);
    assert.equal(cx(['tag', 'ZD-1', '--root', dir]).code, 2);
    assert.equal(log(), before);
    const ok = cx(['untag', 'ZD-1', 'checkout/pay', '--root', dir, '--json']);
    assert.equal(ok.code, 0, ok.err);
    const json = JSON.parse(ok.out);
    assert.equal(json.file, '.cx/tags.jsonl');
    assert.deepEqual(json.decisions.map((d: { op: string; ref: unknown; by?: string }) => [d.op, d.ref, d.by]), [['remove', { journey: 'checkout/pay' }, undefined]]);
    const ctx = JSON.parse(cx(['context', 'src/payments/pay.ts', '--root', dir, '--json']).out);
    assert.ok(!ctx.refs[0].recent.some((f: { id: string }) => f.id === 'ZD-1'));
  });

  it('import feedback writes new records, skips ids already present, and lists rejected rows', () => {
    const file = path.join(IMPORTS, 'zendesk-tickets.csv');
    const first = cx(['import', 'feedback', file, '--preset', 'zendesk', '--base-url', 'https://acme.zendesk.com', '--root', dir, '--out', path.join(dir, '.cx/feedback/zendesk/2026-11.jsonl')]);
    assert.equal(first.code, 1, first.err);
    const lines = first.out.split('\n');
    assert.match(lines[0]!, /zendesk-tickets\.csv: zendesk export; columns id=Id, date=Created at, title=Subject, text=Description/);
    assert.deepEqual(lines.slice(1, 4), ['added    9 records to .cx/feedback/zendesk/2026-11.jsonl', 'skipped  0 already in the store', 'rejected 5 rows:']);
    assert.match(first.out, /zendesk-tickets\.csv:9: no date in column 'Created at'\n/);
    const written = readFileSync(path.join(dir, '.cx/feedback/zendesk/2026-11.jsonl'), 'utf8');
    assert.equal(written.split('\n').length, 10);
    assert.equal(written.split('\n')[0], '{"id":"ZD-48213","date":"2026-11-02T09:14:00Z","source":"zendesk","title":"Card declined twice at checkout","text":"My card was declined twice when I tried to pay, then it went through on the third try. I was charged once but the order page showed an error.","sentiment":"negative","segment":"Plus","url":"https://acme.zendesk.com/agent/tickets/48213","links":[{"journey":"checkout"}]}');

    // Again, into the default file: every record is already in the store.
    const again = cx(['import', 'feedback', file, '--preset', 'zendesk', '--root', dir, '--json']);
    assert.equal(again.code, 1);
    const json = JSON.parse(again.out);
    assert.deepEqual([json.added.length, json.skipped.length, json.rejected.length], [0, 9, 5]);
    assert.match(json.file, /^\.cx\/feedback\/zendesk\/\d{4}-\d{2}-\d{2}\.jsonl$/);
    assert.equal(existsSync(path.join(dir, json.file)), false);

    // The store reads the new file clean.
    const validate = JSON.parse(cx(['validate', '--root', dir, '--json']).out);
    assert.deepEqual(validate.problems.filter((p: { file: string }) => p.file.includes('2026-11.jsonl')), []);
  });

  it('import feedback appends to an existing file, maps generic columns, and supports --dry-run', () => {
    const out = path.join(dir, '.cx/feedback/interviews.jsonl');
    writeFileSync(out, '{"id":"OLD-1","date":"2026-10-01","text":"kept"}');
    const args = ['import', 'feedback', path.join(IMPORTS, 'generic-interviews.csv'), '--preset', 'generic', '--map', 'id=Ticket,date=Created,text=Body,segment=Customer tier,nps=NPS', '--source', 'interview', '--root', dir, '--out', out];
    const dry = cx([...args, '--dry-run']);
    assert.match(dry.out, /added {4}8 records \(dry run: not written\) for \.cx\/feedback\/interviews\.jsonl/);
    assert.equal(readFileSync(out, 'utf8'), '{"id":"OLD-1","date":"2026-10-01","text":"kept"}');
    const r = cx(args);
    assert.equal(r.code, 1);
    const text = readFileSync(out, 'utf8');
    assert.ok(text.startsWith('{"id":"OLD-1","date":"2026-10-01","text":"kept"}\n{"id":"INT-2026-001",'));
    assert.equal(text.trim().split('\n').length, 9);
    assert.equal(JSON.parse(text.split('\n')[1]!).source, 'interview');
  });

  it('import feedback explains what it cannot do, with exit 2', () => {
    const noPreset = cx(['import', 'feedback', path.join(IMPORTS, 'zendesk-tickets.csv'), '--root', dir]);
    assert.equal(noPreset.code, 2);
    assert.match(noPreset.err, /--preset must be one of zendesk, intercom, qualtrics, appstore, generic/);
    const wrong = cx(['import', 'feedback', path.join(IMPORTS, 'zendesk-tickets.csv'), '--preset', 'generic', '--root', dir]);
    assert.equal(wrong.code, 2);
    assert.match(wrong.err, /no column for date \(date\); text \(text\); it has 'Summation column', 'Id', .*\. Map one with --map date=COLUMN/);
    assert.equal(cx(['import', 'feedback', 'nope.csv', '--preset', 'zendesk', '--root', dir]).code, 2);
    assert.equal(cx(['import', 'tickets', '--root', dir]).code, 2);
    assert.equal(cx(['import', 'codeowners', '--preset', 'zendesk', '--root', dir]).code, 2);
    assert.deepEqual(readdirSync(path.join(dir, '.cx', 'feedback')).sort(), ['nps.csv', 'zendesk.jsonl']);
  });

  it('import codeowners finds .github/CODEOWNERS first, merges into components.yaml keeping comments, and is idempotent', () => {
    mkdirSync(path.join(dir, '.github'));
    writeFileSync(path.join(dir, 'CODEOWNERS'), '* @not-used\n');
    writeFileSync(path.join(dir, '.github', 'CODEOWNERS'), `# Owners of the shop
*                       @acme/platform
/src/payments/          @acme/payments
/src/payments/legacy/
/src/search/            @acme/search   # the search team
*.py                    @acme/search
not/an owner
`);
    writeFileSync(path.join(dir, '.cx', 'components.yaml'), `# Components of the shop.
components:
  # Payments, owned by the payments team.
  - id: acme-payments
    name: Payments API
    paths: [/src/payments/]
    journeys: [checkout/pay]   # keep me
`);
    const r = cx(['import', 'codeowners', '--root', dir]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, ".github/CODEOWNERS:7:8: warning: 'owner' is not an owner (@user, @org/team or an email address): line skipped\n");
    assert.equal(r.out, `.github/CODEOWNERS: 3 owners
added     acme-platform (@acme/platform): * !/src/payments/ !/src/search/ !*.py → .cx/components.yaml
added     acme-search (@acme/search): /src/search/ *.py → .cx/components.yaml
updated   acme-payments (@acme/payments): /src/payments/ !/src/payments/legacy/ !*.py → .cx/components.yaml

Next: list the journeys each new component serves (journeys: [checkout/pay]), then run \`cx validate\`.
`);
    const yaml = readFileSync(path.join(dir, '.cx', 'components.yaml'), 'utf8');
    assert.equal(yaml, `# Components of the shop.
components:
  # Payments, owned by the payments team.
  - id: acme-payments
    name: Payments API
    paths: [/src/payments/, "!/src/payments/legacy/", "!*.py"]
    journeys: [checkout/pay] # keep me
  - id: acme-platform
    name: "@acme/platform"
    owner: "@acme/platform"
    paths:
      - "*"
      - "!/src/payments/"
      - "!/src/search/"
      - "!*.py"
  - id: acme-search
    name: "@acme/search"
    owner: "@acme/search"
    paths:
      - /src/search/
      - "*.py"
`);
    const again = cx(['import', 'codeowners', '--root', dir, '--json']);
    assert.equal(again.code, 0);
    assert.deepEqual(JSON.parse(again.out).unchanged.map((u: { id: string }) => u.id), ['acme-platform', 'acme-payments', 'acme-search']);
    assert.equal(readFileSync(path.join(dir, '.cx', 'components.yaml'), 'utf8'), yaml);
    const ctx = JSON.parse(cx(['context', 'src/search/query.py', '--root', dir, '--json']).out);
    assert.deepEqual(ctx.components.map((c: { id: string }) => c.id), ['acme-search']);
    const legacy = JSON.parse(cx(['context', 'src/payments/legacy/old.ts', '--root', dir, '--json']).out);
    assert.deepEqual(legacy.components, []);
  });

  it('import codeowners takes an explicit file, and says when there is none', () => {
    const none = cx(['import', 'codeowners', '--root', dir]);
    assert.equal(none.code, 2);
    assert.match(none.err, /no CODEOWNERS in .* \(looked for \.github\/CODEOWNERS, CODEOWNERS, docs\/CODEOWNERS\)/);
    writeFileSync(path.join(dir, 'owners.txt'), '/docs/ docs@acme.example\n');
    rmSync(path.join(dir, '.cx', 'components.yaml'));
    const r = cx(['import', 'codeowners', 'owners.txt', '--root', dir], dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /added {5}docs-acme-example \(docs@acme\.example\): \/docs\/ → \.cx\/components\.yaml/);
    assert.match(readFileSync(path.join(dir, '.cx', 'components.yaml'), 'utf8'), /^# Components: [^\n]*\n# [^\n]*\ncomponents:\n {2}- id: docs-acme-example\n/);
    const broken = path.join(dir, '.cx', 'components.yaml');
    writeFileSync(broken, 'components:\n  - id: [\n');
    const refused = cx(['import', 'codeowners', 'owners.txt', '--root', dir], dir);
    assert.equal(refused.code, 2);
    assert.match(refused.err, /cannot update the components: it has a YAML error/);
    assert.equal(readFileSync(broken, 'utf8'), 'components:\n  - id: [\n');
  });
});
