/**
 * The counts of the robust run (inputs tried, crashes, lost records, script executions, requests…): each suite adds
 * its own to a file named by CX_ROBUST_TALLY, one JSON line per call, and scripts/robust.mjs sums and prints them at
 * the end. Every suite also asserts its zeros itself, so a plain `mocha` run fails on them too.
 */
import { appendFileSync } from 'node:fs';
import { prng } from '../support/prng';

/** A seeded generator (mulberry32), so a failing run can be replayed. */
export const rng = prng;

export interface Tally {
  /** Inputs given to a loader, the CLI, the server or a webview. */
  inputs: number;
  /** A loader threw, the CLI died or printed a stack, the server exited or logged an uncaught error. */
  crashes: number;
  /** Problems whose file, line or column lie outside the file. */
  unlocated: number;
  /** Valid records (or tag decisions) that did not load or were not written. */
  lostRecords: number;
  /** Files left half-written (not parseable, or neither the old nor the new bytes) after a kill. */
  halfWritten: number;
  /** Scripts that ran in a webview or in the HTML report from hostile data. */
  scriptExecutions: number;
  /** Requests that left a webview or the HTML report. */
  requests: number;
  /** Server processes killed at a random moment. */
  kills: number;
}

export const ZERO_PROMISED: readonly (keyof Tally)[] = ['crashes', 'unlocated', 'lostRecords', 'halfWritten', 'scriptExecutions', 'requests'];

/** How big the run is: `npm run test:robust -- --count N` (CX_ROBUST_COUNT); the CI default is small. */
export const COUNT = Math.max(1, Number(process.env.CX_ROBUST_COUNT ?? 20));

export function record(counts: Partial<Tally>): void {
  const file = process.env.CX_ROBUST_TALLY;
  if (file) appendFileSync(file, `${JSON.stringify(counts)}\n`);
}

/** The seed of the run: CX_ROBUST_SEED, else fixed (so CI is repeatable). */
export const SEED = Number(process.env.CX_ROBUST_SEED ?? 20261202);
