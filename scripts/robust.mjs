#!/usr/bin/env node
// `npm run test:robust [-- --count N] [-- --seed S]`: the robustness and security suites (test/robust), then the
// counts they recorded: inputs tried, crashes, lost records, script executions, requests. The run fails when a suite
// fails or a count promised to be zero is not. `--count` scales the fuzzing rounds and the kills (CI default 20).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ options: { count: { type: 'string' }, seed: { type: 'string' } }, allowPositionals: true });
const count = values.count ?? process.env.CX_ROBUST_COUNT ?? '20';
if (!/^\d+$/.test(count) || Number(count) < 1) {
  console.error(`--count must be a whole number ≥ 1, got ${count}`);
  process.exit(2);
}

// The suites drive the built CLI, server and webview bundles.
const build = spawnSync(process.execPath, ['esbuild.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const dir = mkdtempSync(path.join(tmpdir(), 'cx-robust-'));
const tallyFile = path.join(dir, 'tally.jsonl');
const env = { ...process.env, CX_ROBUST_COUNT: count, CX_ROBUST_TALLY: tallyFile, ...(values.seed ? { CX_ROBUST_SEED: values.seed } : {}) };
const mocha = path.join('node_modules', 'mocha', 'bin', 'mocha.js');
const child = spawn(process.execPath, [mocha, '--config', 'test/robust/.mocharc.json', ...positionals], { stdio: 'inherit', env });
const code = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));

const totals = { inputs: 0, crashes: 0, unlocated: 0, lostRecords: 0, halfWritten: 0, scriptExecutions: 0, requests: 0, kills: 0 };
let text = '';
try {
  text = readFileSync(tallyFile, 'utf8');
} catch {
  // no suite recorded anything (they all failed to load)
}
for (const line of text.split('\n').filter(Boolean)) {
  for (const [k, v] of Object.entries(JSON.parse(line))) totals[k] = (totals[k] ?? 0) + v;
}
rmSync(dir, { recursive: true, force: true });

const zero = ['crashes', 'unlocated', 'lostRecords', 'halfWritten', 'scriptExecutions', 'requests'];
const bad = zero.filter((k) => totals[k] !== 0);
console.log(`\nrobust: count ${count}, seed ${values.seed ?? process.env.CX_ROBUST_SEED ?? 20261202}`);
console.log(`robust: inputs tried ${totals.inputs}, crashes ${totals.crashes}, unlocated problems ${totals.unlocated}, lost records ${totals.lostRecords}, half-written files ${totals.halfWritten} (after ${totals.kills} kills), script executions ${totals.scriptExecutions}, requests ${totals.requests}`);
if (totals.inputs === 0) console.log('robust: FAIL no input was tried');
if (bad.length) console.log(`robust: FAIL ${bad.map((k) => `${k} ${totals[k]}`).join(', ')} (must be 0)`);
process.exit(code !== 0 || bad.length || totals.inputs === 0 ? 1 : 0);
