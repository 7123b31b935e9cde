/**
 * Reads a folder's source files on a worker thread while this thread reads the `.cx/` files: listing and reading
 * 100,000 small files is mostly waiting on the file system, and on a second core it costs this thread only the
 * copy of the results. The worker first reads and parses the `.cx/` journeys and components (YAML parsing is slow
 * and needed only once the feedback is read). Where no worker can be started, all of it is read here.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { emptyCxFile } from './cxData';
import type { CxFile } from './cxData';
import type { SourceFile } from './cxIndex';
import { readSources } from './diskWorkspace';
import type { Limits } from './limits';
import type { Component } from './schemas';
import type { ComponentEntry } from './yamlModel';
import { addComponentItems, shiftEntry } from './yamlModel';
import { unpackSources } from './packedSources';
import type { PackedSources } from './packedSources';

/** The worker's script: the bundle's next to this one, or the TypeScript source when run from source (tests). */
function workerScript(): string | undefined {
  for (const name of ['sourcesWorker.js', 'sourcesWorker.ts']) {
    const file = path.join(__dirname, name);
    if (existsSync(file)) return file;
  }
  return undefined;
}

export interface OffThreadRead {
  sources: Promise<SourceFile[]>;
  /** The `.cx/` journeys and components files, parsed, by path; undefined when they were not read there. */
  yaml: Promise<ReadonlyMap<string, CxFile> | undefined>;
  /**
   * The patterns of each component of `yaml` that match none of `sources`' paths (by index in its `paths`, as
   * `PathIndex.unmatched` gives them); undefined when they were not worked out there.
   */
  unmatched: Promise<ReadonlyMap<Component, number[]> | undefined>;
}

/** A file as the worker posts it: a components file read item by item as its components' places among the items. */
type YamlFile = Pick<CxFile, 'path' | 'kind' | 'journeys' | 'problems'> & ({ components: ComponentEntry[] } | { fromItems: Int32Array });
type Message = { yaml?: YamlFile[]; items?: [string, ComponentEntry[]][]; sources?: PackedSources; unmatched?: number[][][]; error?: string };

/**
 * Starts reading `root`'s source files, and with `cx` its `.cx/` journeys and components, on a worker thread (see
 * `readCxFiles`, which takes `yaml`). Never fails: what the worker does not deliver is read on this thread.
 */
export function readOffThread(root: string, cx?: { root: string; limits: Limits }): OffThreadRead {
  let giveSources!: (sources: SourceFile[] | undefined) => void;
  let giveYaml!: (files: ReadonlyMap<string, CxFile> | undefined) => void;
  let giveUnmatched!: (unmatched: ReadonlyMap<Component, number[]> | undefined) => void;
  const unmatched = new Promise<ReadonlyMap<Component, number[]> | undefined>((resolve) => (giveUnmatched = resolve));
  // The files the worker posted, in its order: its patterns that match nothing are given by their place in it.
  let yamlFiles: CxFile[] | undefined;
  const sources = new Promise<SourceFile[] | undefined>((resolve) => (giveSources = resolve)).then((s) => s ?? readSources(root));
  const yaml = new Promise<ReadonlyMap<string, CxFile> | undefined>((resolve) => (giveYaml = resolve));
  if (!cx) giveYaml(undefined);
  const script = workerScript();
  let worker: Worker;
  try {
    if (!script) throw new Error('no worker script');
    worker = script.endsWith('.ts')
      ? new Worker(`require('tsx/cjs/api').register(); require(${JSON.stringify(script)});`, { eval: true, workerData: { root, cx } })
      : new Worker(script, { workerData: { root, cx } });
  } catch {
    giveYaml(undefined);
    giveSources(undefined);
    giveUnmatched(undefined);
    return { sources, yaml, unmatched };
  }
  worker.on('message', (m: Message) => {
    if ('yaml' in m) {
      // The parsed items first: a components file parsed here next (an edit) finds them.
      if (m.items) addComponentItems(m.items);
      const items = m.items ?? [];
      yamlFiles = m.yaml?.map(({ path, kind, journeys, problems, ...parsed }) => ({
        ...emptyCxFile(path, kind),
        journeys,
        components: 'components' in parsed ? parsed.components : componentsFromItems(parsed.fromItems, items),
        problems,
      }));
      giveYaml(yamlFiles && new Map(yamlFiles.map((f) => [f.path, f])));
      return;
    }
    giveYaml(undefined);
    giveUnmatched(m.sources && m.unmatched && yamlFiles ? unmatchedOf(yamlFiles, m.unmatched) : undefined);
    giveSources(m.sources && unpackSources(m.sources));
    void worker.terminate();
  });
  const fail = () => {
    giveYaml(undefined);
    giveSources(undefined);
    giveUnmatched(undefined);
  };
  worker.once('error', fail);
  worker.once('exit', fail);
  return { sources, yaml, unmatched };
}

/** The components the worker found in its items (see `itemsOfComponents` in sourcesWorker.ts), made here from them. */
function componentsFromItems(places: Int32Array, items: readonly [string, ComponentEntry[]][]): ComponentEntry[] {
  const out: ComponentEntry[] = [];
  for (let c = 0; c < places.length; c += 3) out.push(shiftEntry(items[places[c]!]![1][places[c + 1]!]!, places[c + 2]!));
  return out;
}

/** The worker's answers (by file and component) by this thread's component objects; undefined if they do not fit. */
function unmatchedOf(files: readonly CxFile[], unmatched: number[][][]): ReadonlyMap<Component, number[]> | undefined {
  const out = new Map<Component, number[]>();
  if (unmatched.length !== files.length) return undefined;
  for (let i = 0; i < files.length; i++) {
    const { components } = files[i]!;
    if (unmatched[i]!.length !== components.length) return undefined;
    components.forEach((c, k) => out.set(c.component, unmatched[i]![k]!));
  }
  return out;
}
