/**
 * Reads a folder's source files on a worker thread while this thread reads the `.cx/` files: listing and reading
 * 100,000 small files is mostly waiting on the file system, and on a second core it costs this thread only the
 * copy of the results. Where no worker can be started, the files are read here.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SourceFile } from './cxIndex';
import { readSources } from './diskWorkspace';

/** The worker's script: the bundle's next to this one, or the TypeScript source when run from source (tests). */
function workerScript(): string | undefined {
  for (const name of ['sourcesWorker.js', 'sourcesWorker.ts']) {
    const file = path.join(__dirname, name);
    if (existsSync(file)) return file;
  }
  return undefined;
}

export function readSourcesOffThread(root: string): Promise<SourceFile[]> {
  const script = workerScript();
  if (!script) return readSources(root);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (sources: SourceFile[] | undefined) => {
      if (settled) return;
      settled = true;
      resolve(sources ?? readSources(root));
    };
    let worker: Worker;
    try {
      worker = script.endsWith('.ts')
        ? new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(script)});`, { eval: true, workerData: { root } })
        : new Worker(script, { workerData: { root } });
    } catch {
      settle(undefined);
      return;
    }
    worker.once('message', (m: { sources?: SourceFile[] }) => {
      settle(m.sources);
      void worker.terminate();
    });
    worker.once('error', () => settle(undefined));
    worker.once('exit', () => settle(undefined));
  });
}
