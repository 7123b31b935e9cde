/** The `cx` CLI run as a subprocess, as CI and people run it: stdout, stderr and exit codes. */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ensureCliBuilt } from './bundles';

const ROOT = path.join(__dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'cx.js');
const MINI = path.join(ROOT, 'test', 'fixtures', 'mini');

function cx(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('cx CLI', () => {
  before(function () {
    ensureCliBuilt();
  });

  it('prints help and exits 2 without a command, 0 with --help', () => {
    const none = cx([]);
    assert.equal(none.code, 2);
    assert.match(none.out, /Usage: cx <command>/);
    assert.equal(cx(['--help']).code, 0);
    const sub = cx(['coverage', '--help']);
    assert.equal(sub.code, 0);
    assert.match(sub.out, /--fail-under/);
  });

  it('rejects unknown commands and options with exit 2', () => {
    const r = cx(['frobnicate']);
    assert.equal(r.code, 2);
    assert.match(r.err, /unknown command 'frobnicate'/);
    const o = cx(['validate', '--bogus', '--root', MINI]);
    assert.equal(o.code, 2);
    assert.match(o.err, /usage: cx validate/);
  });

  it('validate prints located problems and exits 1 on errors', () => {
    const r = cx(['validate', '--root', MINI]);
    assert.equal(r.code, 1);
    assert.deepEqual(r.out.trim().split('\n'), [
      ".cx/components.yaml:17:13: warning: pattern '/docs/' of component 'docs' matches no file",
      ".cx/components.yaml:18:16: error: unknown journey 'serch' (did you mean 'search'?)",
      "src/search/query.py:1:23: warning: unknown journey 'serch' (did you mean 'search'?)",
    ]);
    assert.match(r.err, /1 error, 2 warnings in 6 \.cx files and 6 source files/);
    const json = JSON.parse(cx(['validate', '--root', MINI, '--json']).out);
    assert.equal(json.errors, 1);
    assert.equal(json.problems[0].range.start.line, 16);
  });

  it('validate exits 0 on a clean workspace', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cx-cli-'));
    try {
      assert.equal(cx(['init', '--root', dir]).code, 0);
      const r = cx(['validate', '--root', dir]);
      assert.equal(r.code, 0, r.out + r.err);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('context shows journeys, outcome, metrics and quotes', () => {
    const r = cx(['context', 'src/payments/retry.ts', '--root', MINI]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^src\/payments\/retry\.ts\ncomponents: Payments API \(payments-api, @acme\/payments\)/);
    assert.match(r.out, /Checkout › Pay {2}⚠ below target\n {2}via: component payments-api\n {2}outcome: The card payment succeeds on the first attempt\./);
    assert.match(r.out, /metric: Checkout conversion 61\.8% \(target 65%\) ▼ off target/);
    assert.match(r.out, /metric: Payment latency 1\.8 s \(target 2 s\) ▼\n/);
    assert.match(r.out, /2 feedback \(1 before\) · 50% negative · CSAT 3\.0 \(\+1\.0\)|2 feedback \(1 before\) · 50% negative · CSAT 3/);
    assert.match(r.out, /“My card was declined twice\.” — 2026-11-10 · zendesk · ZD-1 · negative/);
  });

  it('context --json is the FileContext, relative to cwd or --root', () => {
    const r = cx(['context', path.join(MINI, 'src/payments/pay.ts'), '--root', MINI, '--json']);
    assert.equal(r.code, 0, r.err);
    const ctx = JSON.parse(r.out);
    assert.equal(ctx.path, 'src/payments/pay.ts');
    assert.deepEqual(ctx.refs.map((x: { ref: string }) => x.ref), ['checkout/pay']);
    const fromCwd = cx(['context', 'src/payments/pay.ts', '--json'], MINI);
    assert.deepEqual(JSON.parse(fromCwd.out), ctx);
  });

  it('context says how to link a file without context, and exits 2 for a missing file', () => {
    const none = cx(['context', 'src/payments/legacy/old.ts', '--root', MINI]);
    assert.equal(none.code, 0);
    assert.match(none.out, /no customer context/);
    const missing = cx(['context', 'src/nope.ts', '--root', MINI]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /no file src\/nope\.ts in /);
  });

  it('coverage prints text, markdown and json, and gates with --fail-under', () => {
    const text = cx(['coverage', '--root', MINI]);
    assert.equal(text.code, 0);
    assert.match(text.out, /files linked to a journey: 4\/6 \(66\.7%\)/);
    assert.match(text.out, /journeys and steps with no code:\n {2}search\/filters \(Search › Filters\)\n {2}onboarding \(Onboarding\)/);
    const md = cx(['coverage', '--root', MINI, '--format', 'md']);
    assert.match(md.out, /^## Customer Context coverage/);
    assert.match(md.out, /\| files \| 4 \| 6 \| 66\.7% \|/);
    const json = JSON.parse(cx(['coverage', '--root', MINI, '--format', 'json']).out);
    assert.deepEqual(json.files, { total: 6, linked: 4, share: 4 / 6 });
    assert.equal(cx(['coverage', '--root', MINI, '--fail-under', '60']).code, 0);
    const fail = cx(['coverage', '--root', MINI, '--fail-under', '70']);
    assert.equal(fail.code, 1);
    assert.match(fail.err, /coverage 66\.7% is under --fail-under 70%/);
    assert.equal(cx(['coverage', '--root', MINI, '--format', 'pdf']).code, 2);
  });

  it('coverage --out writes the report to a file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cx-cli-'));
    try {
      const out = path.join(dir, 'coverage.md');
      assert.equal(cx(['coverage', '--root', MINI, '--format', 'md', '--out', out]).code, 0);
      assert.match(readFileSync(out, 'utf8'), /Customer Context coverage/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('init scaffolds .cx/ and never overwrites', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cx-cli-'));
    try {
      writeFileSync(path.join(dir, 'keep.txt'), 'x');
      const first = cx(['init', '--root', dir]);
      assert.equal(first.code, 0);
      assert.match(first.out, /created \.cx\/journeys\.yaml/);
      assert.match(readFileSync(path.join(dir, '.cx', '.gitattributes'), 'utf8'), /tags\.jsonl merge=union/);
      writeFileSync(path.join(dir, '.cx', 'journeys.yaml'), 'journeys: []\n');
      const second = cx(['init', '--root', dir]);
      assert.match(second.out, /kept {4}\.cx\/journeys\.yaml \(exists\)/);
      assert.equal(readFileSync(path.join(dir, '.cx', 'journeys.yaml'), 'utf8'), 'journeys: []\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('survives a broken workspace: problems, not a crash', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cx-cli-'));
    try {
      cpSync(MINI, dir, { recursive: true });
      writeFileSync(path.join(dir, '.cx', 'journeys.yaml'), 'journeys:\n  - id: [\n');
      writeFileSync(path.join(dir, '.cx', 'tags.jsonl'), '\u0000\u00ff{garbage\n');
      const r = cx(['validate', '--root', dir]);
      assert.equal(r.code, 1);
      assert.match(r.out, /^\.cx\/journeys\.yaml:\d+:\d+: error: /m);
      assert.match(r.out, /^\.cx\/tags\.jsonl:1:\d+: error: invalid JSON/m);
      assert.doesNotMatch(r.err, /at .*\.js:\d+/);
      const ctx = cx(['context', 'src/payments/pay.ts', '--root', dir]);
      assert.equal(ctx.code, 0, ctx.err);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
