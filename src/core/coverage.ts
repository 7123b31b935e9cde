/**
 * Coverage figures for leads (SPEC §4 Coverage Map, §5 `cx coverage`): which code serves a journey, which journeys
 * have no code, which components no journey, and where customers complain about code nobody linked.
 */
import type { CxIndex } from './cxIndex';

export interface FileCoverage {
  path: string;
  lines: number;
  /** Journey and step references the file serves. */
  refs: string[];
  components: string[];
  /** Feedback tagged to the file itself or to one of its components. */
  feedback: number;
  negative: number;
}

export interface CoverageReport {
  files: { total: number; linked: number; share: number };
  lines: { total: number; linked: number; share: number };
  feedback: { total: number; tagged: number; share: number };
  /** Journeys and steps no component or annotation points to. */
  journeysWithoutCode: { ref: string; name: string }[];
  componentsWithoutJourney: { id: string; name: string; owner?: string; files: number }[];
  /** Files with negative feedback and no journey, most negative first. */
  negativeFilesWithoutJourney: { path: string; negative: number; feedback: number }[];
  /** Per journey: how much code and feedback it has. */
  journeys: { ref: string; name: string; files: number; components: string[]; feedback: number; negativeShare: number | undefined }[];
  perFile: FileCoverage[];
}

const share = (part: number, whole: number) => (whole ? part / whole : 0);

export function computeCoverage(index: CxIndex): CoverageReport {
  const feedbackAll = index.allFeedback();
  const byPath = new Map<string, { total: number; negative: number }>();
  const byComponent = new Map<string, { total: number; negative: number }>();
  for (const f of feedbackAll) {
    const neg = f.sentiment === 'negative' ? 1 : 0;
    for (const l of f.links) {
      const target = 'path' in l ? byPath : 'component' in l ? byComponent : undefined;
      const key = 'path' in l ? l.path : 'component' in l ? l.component : '';
      if (!target) continue;
      const cur = target.get(key) ?? { total: 0, negative: 0 };
      cur.total++;
      cur.negative += neg;
      target.set(key, cur);
    }
  }

  const perFile: FileCoverage[] = [];
  const servedRefs = new Set<string>();
  const wholeJourneys = new Set<string>();
  const filesPerRef = new Map<string, number>();
  const componentFiles = new Map<string, number>();
  for (const file of index.sourceFiles()) {
    const refs = index.refsOf(file.path).map((r) => r.ref);
    const components = index.componentsOf(file.path);
    let feedback = byPath.get(file.path)?.total ?? 0;
    let negative = byPath.get(file.path)?.negative ?? 0;
    for (const c of components) {
      feedback += byComponent.get(c)?.total ?? 0;
      negative += byComponent.get(c)?.negative ?? 0;
      componentFiles.set(c, (componentFiles.get(c) ?? 0) + 1);
    }
    for (const r of refs) {
      servedRefs.add(r);
      if (!r.includes('/')) wholeJourneys.add(r);
      servedRefs.add(r.split('/')[0]!);
    }
    for (const journey of new Set(refs.map((r) => r.split('/')[0]!))) filesPerRef.set(journey, (filesPerRef.get(journey) ?? 0) + 1);
    perFile.push({ path: file.path, lines: file.lines, refs, components, feedback, negative });
  }
  perFile.sort((a, b) => (a.path < b.path ? -1 : 1));

  const linked = perFile.filter((f) => f.refs.length);
  const journeysWithoutCode: CoverageReport['journeysWithoutCode'] = [];
  const journeys: CoverageReport['journeys'] = [];
  for (const j of index.journeyList()) {
    const id = j.journey.id;
    // A journey is served when it or any of its steps is. Its steps are listed only when code serves some steps
    // but not these, and none serves the journey as a whole (which covers every step).
    if (!servedRefs.has(id)) journeysWithoutCode.push({ ref: id, name: j.journey.name });
    else if (!wholeJourneys.has(id)) {
      for (const s of j.journey.steps) {
        if (!servedRefs.has(`${id}/${s.id}`)) journeysWithoutCode.push({ ref: `${id}/${s.id}`, name: `${j.journey.name} › ${s.name}` });
      }
    }
    const stats = index.statsOf({ ref: id });
    journeys.push({
      ref: id,
      name: j.journey.name,
      files: filesPerRef.get(id) ?? 0,
      components: index.componentList().filter((c) => c.component.journeys.some((r) => r === id || r.startsWith(`${id}/`))).map((c) => c.component.id),
      feedback: stats.total,
      negativeShare: stats.current.negativeShare,
    });
  }

  const componentsWithoutJourney = index
    .componentList()
    .filter((c) => c.component.journeys.every((r) => !index.resolve(r)))
    .map((c) => ({ id: c.component.id, name: c.component.name ?? c.component.id, ...(c.component.owner ? { owner: c.component.owner } : {}), files: componentFiles.get(c.component.id) ?? 0 }));

  const negativeFilesWithoutJourney = perFile
    .filter((f) => !f.refs.length && f.negative > 0)
    .sort((a, b) => b.negative - a.negative || b.feedback - a.feedback || (a.path < b.path ? -1 : 1))
    .map((f) => ({ path: f.path, negative: f.negative, feedback: f.feedback }));

  const totalLines = perFile.reduce((n, f) => n + f.lines, 0);
  const linkedLines = linked.reduce((n, f) => n + f.lines, 0);
  const tagged = feedbackAll.filter((f) => f.links.length).length;
  return {
    files: { total: perFile.length, linked: linked.length, share: share(linked.length, perFile.length) },
    lines: { total: totalLines, linked: linkedLines, share: share(linkedLines, totalLines) },
    feedback: { total: feedbackAll.length, tagged, share: share(tagged, feedbackAll.length) },
    journeysWithoutCode,
    componentsWithoutJourney,
    negativeFilesWithoutJourney,
    journeys,
    perFile,
  };
}
