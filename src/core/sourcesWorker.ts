/**
 * The worker thread of `readOffThread` (sourcesThread.ts): reads and parses a folder's `.cx/` journeys and
 * components files and posts them back (with the components' parsed items, for the next parse on the other
 * thread), then reads the folder's source files and posts them back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readCxYaml, readSources } from './diskWorkspace';
import type { Limits } from './limits';
import { packSources } from './packedSources';
import { componentItemsOf } from './yamlModel';

const { root, cx } = workerData as { root: string; cx?: { root: string; limits: Limits } };

async function run(): Promise<void> {
  if (cx) {
    try {
      const files = await readCxYaml(root, cx.root, cx.limits);
      const yaml = files.map(({ path, kind, journeys, components, problems }) => ({ path, kind, journeys, components, problems }));
      parentPort!.postMessage({ yaml, items: componentItemsOf(files.map((f) => f.path)) });
    } catch (e) {
      parentPort!.postMessage({ yaml: undefined, error: String(e) });
    }
  }
  try {
    const sources = packSources(await readSources(root));
    parentPort!.postMessage({ sources }, [sources.lines.buffer]);
  } catch (e) {
    parentPort!.postMessage({ error: String(e) });
  }
}

void run();
