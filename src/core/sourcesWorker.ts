/**
 * The worker thread of `readOffThread` (sourcesThread.ts): reads and parses a folder's `.cx/` journeys and
 * components files and posts them back (with the components' parsed items, for the next parse on the other
 * thread), then reads the folder's source files and posts them back, with the patterns of each component that match
 * none of them (what the first index checks: worked out here while the other thread is still folding feedback).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { CxFile } from './cxData';
import { readCxYaml, readSources } from './diskWorkspace';
import type { Limits } from './limits';
import { PathIndex } from './matcher';
import { packSources } from './packedSources';
import { componentItemsOf } from './yamlModel';

const { root, cx } = workerData as { root: string; cx?: { root: string; limits: Limits } };

async function run(): Promise<void> {
  let yamlFiles: CxFile[] | undefined;
  if (cx) {
    try {
      const files = (yamlFiles = await readCxYaml(root, cx.root, cx.limits));
      const yaml = files.map(({ path, kind, journeys, components, problems }) => ({ path, kind, journeys, components, problems }));
      parentPort!.postMessage({ yaml, items: componentItemsOf(files.map((f) => f.path)) });
    } catch (e) {
      parentPort!.postMessage({ yaml: undefined, error: String(e) });
    }
  }
  try {
    const read = await readSources(root);
    // By file posted and component in it: the indexes of the patterns that match none of the files read.
    let unmatched: number[][][] | undefined;
    if (yamlFiles) {
      const lists = yamlFiles.flatMap((f) => f.components.map((c) => c.component.paths));
      const answers = PathIndex.unmatchedOf(read.map((f) => f.path), lists);
      let k = 0;
      unmatched = yamlFiles.map((f) => f.components.map(() => answers[k++]!));
    }
    const sources = packSources(read);
    parentPort!.postMessage({ sources, unmatched }, [sources.lines.buffer]);
  } catch (e) {
    parentPort!.postMessage({ error: String(e) });
  }
}

void run();
