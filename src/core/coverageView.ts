/**
 * What the Coverage Map panel draws of a coverage report, sized for a webview whatever the workspace's size. The
 * language server keeps the folder's whole report and answers each filter with: the report filtered
 * (`filterCoverage`), its folder tree cut to the folders a treemap has room to show (the largest first, up to a
 * budget of boxes: a folder left out is drawn as one block, and clicking it asks for that folder), the files of that
 * tree, the matrix's components with the most feedback, no feedback links, and the choices of the filters. At
 * 100,000 files and a million records the whole report is ~190 MB of JSON; a view of it is ~1–2 MB.
 */
import { drain, filterFolder, filterSteps } from './coverage';
import type { CoverageFilter, CoverageMatrix, CoverageReport, CoverageTreeNode } from './coverage';
import { maxFileFeedback } from './htmlTreemap';

/** Boxes of the treemap (folders and files) a view sends at most, besides the folders down to the one shown. */
export const TREE_BUDGET = 5_000;
/** Folders the Folder filter offers at most (the shallowest first), besides the one shown and those above it. */
export const FOLDER_CHOICES = 5_000;
/** Components the journeys × components matrix shows at most: those with the most feedback in their cells. */
export const MATRIX_COMPONENTS = 50;

/** What the filters offer: the whole report's journeys, owners and folders. */
export interface CoverageChoices {
  journeys: { ref: string; name: string }[];
  owners: string[];
  /** Workspace-relative folders in tree order; the shallowest levels when there are more than `FOLDER_CHOICES`. */
  folders: string[];
}

export interface CoverageView {
  /**
   * The report filtered, its `tree` cut (a folder whose children were left out has `children: []`), its `matrix`
   * cut to the components with the most feedback (`topOfMatrix`), `perFile` only the files in the tree,
   * `feedbackLinks` empty.
   */
  report: CoverageReport;
  /** The filter applied: the one asked for, without what names no journey, owner or folder of the report. */
  filter: CoverageFilter;
  choices: CoverageChoices;
  /** The largest feedback count of a file under the folder shown (the treemap's colour scale), cut files included. */
  maxFileFeedback: number;
  /** The components of the filtered report's matrix, of which `report.matrix` keeps at most `MATRIX_COMPONENTS`. */
  matrixComponents: number;
}

/**
 * The matrix with at most `max` components: those with the most feedback in their cells (then the most cells), in
 * the matrix's order. A table of 300 journeys by 2,000 components is 600,000 cells: no one reads it, and a webview
 * takes tens of seconds to lay it out.
 */
export function topOfMatrix(matrix: CoverageMatrix, max: number): CoverageMatrix {
  if (matrix.components.length <= max) return matrix;
  const weight = new Map(matrix.components.map((c) => [c, { feedback: 0, cells: 0 }]));
  for (const cell of matrix.cells) {
    const w = weight.get(cell.component);
    if (!w) continue;
    w.feedback += cell.feedback;
    w.cells++;
  }
  const order = new Map(matrix.components.map((c, i) => [c, i]));
  const kept = new Set(
    [...matrix.components]
      .sort((a, b) => weight.get(b)!.feedback - weight.get(a)!.feedback || weight.get(b)!.cells - weight.get(a)!.cells || order.get(a)! - order.get(b)!)
      .slice(0, max),
  );
  return { journeys: matrix.journeys, components: matrix.components.filter((c) => kept.has(c)), cells: matrix.cells.filter((c) => kept.has(c.component)) };
}

/** The node at `path` in the tree (the deepest folder on the way when there is none), or the root. */
export function nodeAt(tree: CoverageTreeNode, path: string | undefined): CoverageTreeNode {
  if (!path) return tree;
  let n = tree;
  for (;;) {
    const next: CoverageTreeNode | undefined = n.children?.find((c) => path === c.path || path.startsWith(`${c.path}/`));
    if (!next) return n;
    if (next.path === path) return next;
    n = next;
  }
}

/** Every folder of the tree with its depth (1: a top-level folder), in tree order. */
function foldersOf(tree: CoverageTreeNode): { path: string; depth: number }[] {
  const out: { path: string; depth: number }[] = [];
  const walk = (n: CoverageTreeNode, depth: number) => {
    if (!n.children) return;
    if (n.path) out.push({ path: n.path, depth });
    for (const c of n.children) walk(c, depth + 1);
  };
  walk(tree, 0);
  return out;
}

/** Whether `path` is `folder` or a folder above it (the workspace folder, `''`, is above every one). */
const onTheWayTo = (path: string, folder: string) => !path || path === folder || folder.startsWith(`${path}/`);

/**
 * A copy of `tree` with folders expanded level by level, the largest (by lines) of each level first, while their
 * children fit in `budget` boxes; the others keep `children: []`. The folders down to `folder` (and it) are always
 * expanded, so the treemap always has what it shows. Returns the copy and the paths of the files in it.
 */
export function cutTree(tree: CoverageTreeNode, budget: number, folder = ''): { tree: CoverageTreeNode; files: Set<string> } {
  const files = new Set<string>();
  if (!tree.children) return { tree, files: files.add(tree.path) };
  const root = { ...tree, children: [] };
  let level: [CoverageTreeNode, CoverageTreeNode][] = [[tree, root]];
  let boxes = 1;
  while (level.length) {
    const next: [CoverageTreeNode, CoverageTreeNode][] = [];
    // Largest first; a stable sort keeps the tree's order among equals.
    for (const [from, to] of [...level].sort((a, b) => b[0].lines - a[0].lines)) {
      const children = from.children!;
      if (boxes + children.length > budget && !onTheWayTo(from.path, folder)) continue;
      boxes += children.length;
      to.children = children.map((c) => {
        if (!c.children) {
          files.add(c.path);
          return c;
        }
        const copy = { ...c, children: [] };
        next.push([c, copy]);
        return copy;
      });
    }
    level = next;
  }
  return { tree: root, files };
}

/** A folder's whole report, answering each filter of the Coverage Map with a view of it. */
export class CoverageViews {
  private readonly folders: { path: string; depth: number }[];
  private readonly folderSet: Set<string>;

  constructor(readonly whole: CoverageReport) {
    this.folders = foldersOf(whole.tree);
    this.folderSet = new Set(this.folders.map((f) => f.path));
  }

  /** The filter without what names no journey, owner or folder of the report; a folder as `filterCoverage` reads it. */
  applicable(filter: CoverageFilter): CoverageFilter {
    const out: CoverageFilter = {};
    if (filter.journey && this.whole.journeys.some((j) => j.ref === filter.journey)) out.journey = filter.journey;
    if (filter.owner && this.whole.owners.some((o) => o.owner === filter.owner)) out.owner = filter.owner;
    const folder = filterFolder(filter.folder);
    if (folder && this.folderSet.has(folder)) out.folder = folder;
    return out;
  }

  /** The whole report filtered (feedback links and every file included), as `cx coverage` filters it. */
  filtered(filter: CoverageFilter): CoverageReport {
    return drain(this.filteredSteps(filter));
  }

  /** `filtered` in steps (see `coverageSteps`). */
  *filteredSteps(filter: CoverageFilter): Generator<void, CoverageReport> {
    const applied = this.applicable(filter);
    return Object.keys(applied).length ? yield* filterSteps(this.whole, applied) : this.whole;
  }

  view(filter: CoverageFilter, budget = TREE_BUDGET, folderChoices = FOLDER_CHOICES, matrixComponents = MATRIX_COMPONENTS): CoverageView {
    return drain(this.viewSteps(filter, budget, folderChoices, matrixComponents));
  }

  /** `view` in steps (see `coverageSteps`). */
  *viewSteps(filter: CoverageFilter, budget = TREE_BUDGET, folderChoices = FOLDER_CHOICES, matrixComponents = MATRIX_COMPONENTS): Generator<void, CoverageView> {
    const applied = this.applicable(filter);
    const report = yield* this.filteredSteps(applied);
    const folder = applied.folder ?? '';
    const cut = cutTree(report.tree, budget, folder);
    return {
      report: {
        ...report,
        tree: cut.tree,
        matrix: topOfMatrix(report.matrix, matrixComponents),
        perFile: report.perFile.filter((f) => cut.files.has(f.path)),
        feedbackLinks: [],
      },
      matrixComponents: report.matrix.components.length,
      filter: applied,
      choices: {
        journeys: this.whole.journeys.map((j) => ({ ref: j.ref, name: j.name })),
        owners: this.whole.owners.map((o) => o.owner),
        folders: this.folderChoices(folder, folderChoices),
      },
      maxFileFeedback: maxFileFeedback(nodeAt(report.tree, folder)),
    };
  }

  /** The folders of the deepest levels that fit in `max`, and the folder shown with those above it. */
  private folderChoices(shown: string, max: number): string[] {
    const perDepth: number[] = [];
    for (const f of this.folders) perDepth[f.depth] = (perDepth[f.depth] ?? 0) + 1;
    let depth = 0;
    for (let total = 0; depth + 1 < perDepth.length && total + (perDepth[depth + 1] ?? 0) <= max; depth++) total += perDepth[depth + 1] ?? 0;
    return this.folders.filter((f) => f.depth <= depth || (shown && onTheWayTo(f.path, shown))).map((f) => f.path);
  }
}
