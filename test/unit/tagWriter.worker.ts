/**
 * A second process for the concurrency test of the tags log: waits until every named writer is ready, then appends
 * COUNT tag decisions one call at a time. Usage: tsx tagWriter.worker.ts ROOT NAME COUNT NAMES(comma-separated)
 */
import { existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { appendTags, tagDecisions } from '../../src/core/tagLog';

async function main(): Promise<void> {
  const [root, name, countText, names] = process.argv.slice(2) as [string, string, string, string];
  writeFileSync(path.join(root, `${name}.ready`), '');
  const all = names.split(',');
  while (!all.every((n) => existsSync(path.join(root, `${n}.ready`)))) await new Promise((r) => setTimeout(r, 2));
  for (let i = 0; i < Number(countText); i++) {
    await appendTags(root, '.cx', tagDecisions('add', `${name}-${i}`, ['checkout/pay', `path:src/${name}.ts#${i + 1}-${i + 2}`], `${name}@acme.example`, '2026-11-02T09:14:00Z'));
  }
}

main().catch((e) => {
  process.stderr.write(String(e?.stack ?? e));
  process.exitCode = 1;
});
