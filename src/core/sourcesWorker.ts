/**
 * The worker thread of `readOffThread` (sourcesThread.ts): reads and parses a folder's `.cx/` journeys and
 * components files and posts them back (with the components' parsed items, for the next parse on the other
 * thread; a file read item by item is posted as its components' places among those items), then reads the
 * folder's source files and posts them back, with the patterns of each component that match none of them (what
 * the first index checks: worked out here while the other thread is still folding feedback).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { CxFile } from './cxData';
import { readCxYaml, readSources } from './diskWorkspace';
import type { Limits } from './limits';
import { PathIndex } from './matcher';
import { packSources } from './packedSources';
import type { Component } from './schemas';
import { componentItemsOf } from './yamlModel';
import type { ComponentEntry } from './yamlModel';

const { root, cx } = workerData as { root: string; cx?: { root: string; limits: Limits } };

async function run(): Promise<void> {
  let yamlFiles: CxFile[] | undefined;
  if (cx) {
    try {
      const files = (yamlFiles = await readCxYaml(root, cx.root, cx.limits));
      const items = componentItemsOf(files.map((f) => f.path));
      const places = new Map<Component, [number, number]>();
      items.forEach(([, entries], i) => entries.forEach((e, k) => places.set(e.component, [i, k])));
      const transfer: ArrayBuffer[] = [];
      const yaml = files.map(({ path, kind, journeys, components, problems }) => {
        const fromItems = itemsOfComponents(components, items, places);
        if (!fromItems) return { path, kind, journeys, components, problems };
        transfer.push(fromItems.buffer);
        return { path, kind, journeys, fromItems, problems };
      });
      parentPort!.postMessage({ yaml, items }, transfer);
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

/**
 * A components file read item by item (each component an item's entry, shifted), as a list of where each component
 * is among `items` (item, entry) and how far it is shifted: the other thread makes the same components from the
 * items, which it is sent anyway, instead of receiving each component twice (~a third of the message's bytes at a
 * large company's size). Undefined when a component is not an item's (the file was read whole).
 */
function itemsOfComponents(
  components: readonly ComponentEntry[],
  items: readonly [string, ComponentEntry[]][],
  places: ReadonlyMap<Component, [number, number]>,
): Int32Array<ArrayBuffer> | undefined {
  if (!components.length) return undefined;
  const out = new Int32Array(3 * components.length);
  for (let c = 0; c < components.length; c++) {
    const place = places.get(components[c]!.component);
    if (!place) return undefined;
    const [i, k] = place;
    out[3 * c] = i;
    out[3 * c + 1] = k;
    out[3 * c + 2] = components[c]!.loc.range.start.line - items[i]![1][k]!.loc.range.start.line;
  }
  return out;
}

void run();
