#!/usr/bin/env node
// `npm test`: every check CI runs, in order, with one summary at the end. Each step's output streams through;
// mocha's "N passing / N failing / N pending" lines are counted so the last line is the whole run's total.
// Exit code: non-zero when any step fails. `--only unit,integration` runs a subset (names below).
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { only: { type: 'string' }, skip: { type: 'string' } } });
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** name, command, whether its mocha counts go into the summary. */
const steps = [
  ['setup', ['bash', 'scripts/e2e-setup.sh'], false],
  ['typecheck', [npm, 'run', '--silent', 'typecheck'], false],
  ['lint', [npm, 'run', '--silent', 'lint'], false],
  ['build', [npm, 'run', '--silent', 'build'], false],
  ['unit', [npm, 'run', '--silent', 'test:unit'], true],
  // Robustness and security (test/robust) at a CI-sized count; its counts line goes into the summary.
  ['robust', [npm, 'run', '--silent', 'test:robust', '--', '--count', '20'], true],
  ['integration', [npm, 'run', '--silent', 'test:integration'], true],
  // The benchmark at a small size, so it cannot rot: fails when it crashes or answers disagree, never on timing.
  ['bench', [npm, 'run', '--silent', 'bench', '--', '--size', 'small', '--runs', '1', '--ci'], false],
];
const only = values.only?.split(',');
const skip = values.skip?.split(',') ?? [];
const selected = steps.filter(([name]) => (!only || only.includes(name)) && !skip.includes(name));

function run([name, argv, counted]) {
  return new Promise((resolve) => {
    const started = Date.now();
    console.log(`\n=== ${name}: ${argv.join(' ')}`);
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    const counts = { passed: 0, failed: 0, pending: 0 };
    /** Lines a step prints for the summary (the robust run's counts). */
    const extra = [];
    let buffer = '';
    const scan = (chunk) => {
      buffer += chunk;
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const m = /^\s*(\d+) (passing|failing|pending)\b/.exec(line.replace(/\x1b\[[0-9;]*m/g, ''));
        if (m && counted) counts[{ passing: 'passed', failing: 'failed', pending: 'pending' }[m[2]]] += Number(m[1]);
        if (/^robust: inputs tried /.test(line)) extra.push(line);
      }
    };
    child.stdout.on('data', (d) => { process.stdout.write(d); scan(d.toString()); });
    child.stderr.on('data', (d) => { process.stderr.write(d); scan(d.toString()); });
    child.on('close', (code, signal) => {
      resolve({ name, code: code ?? 1, signal, counted, counts, extra, seconds: (Date.now() - started) / 1000 });
    });
  });
}

const results = [];
for (const step of selected) {
  const r = await run(step);
  results.push(r);
  // Later steps need the earlier ones (a failed build makes every test fail for the same reason).
  if (r.code !== 0 && ['setup', 'build'].includes(r.name)) break;
}

console.log('\n=== summary');
let passed = 0;
let failed = 0;
let pending = 0;
for (const r of results) {
  const tally = r.counted ? ` — ${r.counts.passed} passed, ${r.counts.failed} failed${r.counts.pending ? `, ${r.counts.pending} pending` : ''}` : '';
  console.log(`${r.code === 0 ? 'ok  ' : 'FAIL'} ${r.name.padEnd(12)} ${r.seconds.toFixed(1).padStart(6)}s${tally}`);
  for (const line of r.extra) console.log(`     ${line}`);
  passed += r.counts.passed;
  failed += r.counts.failed;
  pending += r.counts.pending;
  // A step that failed without a failing test (crash, type error, lint) still fails the run: count it once.
  if (r.code !== 0 && r.counts.failed === 0) failed++;
}
for (const [name] of selected.slice(results.length)) console.log(`skip ${name} (an earlier step failed)`);
const ok = results.length === selected.length && results.every((r) => r.code === 0);
console.log(`\n${passed} passed, ${failed} failed${pending ? `, ${pending} skipped` : ''}`);
process.exit(ok ? 0 : 1);
