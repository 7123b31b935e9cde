/**
 * The worker thread of `readSourcesOffThread` (sourcesThread.ts): reads a folder's source files and posts them back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readSources } from './diskWorkspace';

void readSources((workerData as { root: string }).root).then(
  (sources) => parentPort!.postMessage({ sources }),
  (e: unknown) => parentPort!.postMessage({ error: String(e) }),
);
