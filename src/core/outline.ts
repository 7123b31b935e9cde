/**
 * The outline of a folder's customer data, as the Journeys and Feedback trees show it: every journey with its steps
 * and every component, each with its health, feedback counts and where its id is written.
 */
import type { CxIndex, Health } from './cxIndex';
import type { FeedbackStats } from './feedbackStats';
import type { Range } from './problems';
import type { Loc } from './yamlModel';
import { pushTo } from './multiMap';

/** A journey, step or component. */
export interface OutlineEntry {
  /** `checkout`, `checkout/pay`, or a component id. */
  ref: string;
  name: string;
  /** Its own outcome (a step does not repeat its journey's). */
  outcome?: string;
  owner?: string;
  /** `warning` when a metric misses its target (journeys and steps; components are `unknown`). */
  health: Health;
  /** Names of the metrics whose latest value misses the target. */
  offTarget: string[];
  /** Feedback about it: all time, in the current window, and the window's share negative. */
  feedback: { total: number; current: number; negativeShare?: number };
  /** Where its id is written. */
  definition?: { uri: string; range: Range };
}

export interface Outline {
  journeys: (OutlineEntry & { steps: OutlineEntry[] })[];
  /** `journeys`: the existing journey and step references the component serves. */
  components: (OutlineEntry & { journeys: string[] })[];
}

function feedbackSummary(stats: FeedbackStats): OutlineEntry['feedback'] {
  const { negativeShare } = stats.current;
  return { total: stats.total, current: stats.current.count, ...(negativeShare !== undefined ? { negativeShare } : {}) };
}

/** `uriOf` turns a workspace-relative path into the URI the client opens. */
export function outlineOf(index: CxIndex, uriOf: (rel: string) => string): Outline {
  const at = (loc: Loc | undefined) => (loc ? { definition: { uri: uriOf(loc.file), range: loc.range } } : {});
  const entry = (ref: string, outcome: string | undefined): OutlineEntry => {
    const c = index.refContext(ref);
    return {
      ref,
      name: c.stepName ?? c.journeyName,
      ...(outcome !== undefined ? { outcome } : {}),
      ...(c.owner !== undefined ? { owner: c.owner } : {}),
      health: c.health,
      offTarget: c.metrics.filter((m) => m.offTarget).map((m) => m.name),
      feedback: feedbackSummary(c.stats),
      ...at(index.definition(ref)),
    };
  };
  return {
    journeys: index.journeyList().map(({ journey: j }) => ({
      ...entry(j.id, j.outcome),
      steps: j.steps.map((s) => entry(`${j.id}/${s.id}`, s.outcome)),
    })),
    components: index.componentList().map(({ component: c, idLoc }) => ({
      ref: c.id,
      name: c.name ?? c.id,
      ...(c.owner !== undefined ? { owner: c.owner } : {}),
      health: 'unknown' as const,
      offTarget: [],
      feedback: feedbackSummary(index.statsOf({ ref: c.id })),
      ...at(idLoc),
      journeys: c.journeys.filter((r) => index.resolve(r)),
    })),
  };
}

/** A file with `@cx` annotations, with every ref it serves and its components. */
export interface AnnotatedFile {
  path: string;
  refs: string[];
  components: string[];
}

/**
 * The files the Journeys tree lists, without a report of every file: each component's files, and the files that
 * serve a journey or step by an `@cx` annotation. A file serves a ref by an annotation or by a component listing
 * it, so the tree's files under a ref that no component of theirs lists are all among the annotated ones. The
 * language server keeps these lists and sends the tree each component's count, and its files when it is expanded.
 */
export interface TreeFileLists {
  /** Each component's files, sorted, by component id. */
  components: Map<string, string[]>;
  annotated: AnnotatedFile[];
}

/** What the Journeys tree loads first: each component's count of files, and the annotated files. */
export function treeFilesSummary(lists: TreeFileLists): { components: [string, number][]; annotated: AnnotatedFile[] } {
  return { components: [...lists.components].map(([id, paths]) => [id, paths.length]), annotated: lists.annotated };
}

export function treeFilesOf(index: CxIndex): TreeFileLists {
  const components = new Map<string, string[]>();
  const annotated: AnnotatedFile[] = [];
  const files = Array.from(index.sourceFiles()).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const { path, annotations } of files) {
    const own = index.componentsOf(path);
    for (const id of own) pushTo(components, id, path);
    if (annotations.length) annotated.push({ path, refs: index.refsOf(path, own).map((r) => r.ref), components: own });
  }
  return { components, annotated };
}
