/**
 * What the Coverage Map draws of a report (src/core/coverageView.ts): the folder tree cut to a budget of boxes, the
 * view of each filter against `filterCoverage`, and the treemap of a cut tree.
 */
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { computeCoverage, filterCoverage } from '../../src/core/coverage';
import type { CoverageFilter, CoverageMatrix, CoverageReport, CoverageTreeNode } from '../../src/core/coverage';
import { CoverageViews, cutTree, nodeAt, topOfMatrix } from '../../src/core/coverageView';
import { loadDiskWorkspace } from '../../src/core/diskWorkspace';
import { layoutTreemap, maxFileFeedback } from '../../src/core/htmlTreemap';
import { randomTools } from '../support/prng';

const ACME = path.join(__dirname, '..', '..', 'examples', 'acme-shop');

/** A random folder tree of `count` files under nested folders, with lines and feedback (sums as a report's). */
function randomTree(seed: number, count: number): CoverageTreeNode {
  const { int, pick } = randomTools(seed);
  const names = ['src', 'lib', 'app', 'core', 'util', 'test', 'docs', 'gen'];
  const root: CoverageTreeNode = { name: '', path: '', lines: 0, files: 0, linkedFiles: 0, linkedLines: 0, feedback: 0, negative: 0, children: [] };
  for (let i = 0; i < count; i++) {
    const folders = Array.from({ length: int(5) }, () => pick(names));
    const lines = int(4) ? 1 + int(400) : 0;
    const feedback = int(3) ? 0 : int(20);
    const file: CoverageTreeNode = { name: `f${i}.ts`, path: [...folders, `f${i}.ts`].join('/'), lines, files: 1, linkedFiles: int(2), linkedLines: 0, feedback, negative: int(feedback + 1) };
    file.linkedLines = file.linkedFiles ? lines : 0;
    let node = root;
    for (const [k, name] of folders.entries()) {
      const at = folders.slice(0, k + 1).join('/');
      let next = node.children!.find((c) => c.path === at);
      if (!next) node.children!.push((next = { name, path: at, lines: 0, files: 0, linkedFiles: 0, linkedLines: 0, feedback: 0, negative: 0, children: [] }));
      node = next;
    }
    node.children!.push(file);
  }
  const sum = (n: CoverageTreeNode): CoverageTreeNode => {
    if (!n.children) return n;
    n.children.sort((a, b) => (a.name < b.name ? -1 : 1)).forEach(sum);
    for (const k of ['lines', 'files', 'linkedFiles', 'linkedLines', 'feedback', 'negative'] as const) n[k] = n.children.reduce((s, c) => s + c[k], 0);
    return n;
  };
  return sum(root);
}

const nodes = (n: CoverageTreeNode): CoverageTreeNode[] => [n, ...(n.children ?? []).flatMap(nodes)];
const leaves = (n: CoverageTreeNode): string[] => (n.children ? n.children.flatMap(leaves) : [n.path]);
const byPath = (tree: CoverageTreeNode) => new Map(nodes(tree).map((n) => [n.path, n]));
const figures = ({ children: _children, ...rest }: CoverageTreeNode) => rest;

describe('cutTree: the folder tree cut to a budget of boxes', () => {
  for (let seed = 1; seed <= 8; seed++) {
    it(`random tree ${seed}: figures kept, folders whole or left out, the largest first, within the budget`, () => {
      const tree = randomTree(seed, 40 + seed * 30);
      const original = byPath(tree);
      const total = original.size;
      const folders = [...original.values()].filter((n) => n.children && n.path);
      assert.deepEqual(cutTree(tree, total).tree, tree, 'a budget of every node keeps the whole tree');
      const { int, pick } = randomTools(seed * 31);
      for (const budget of [1, 2, 5, 10, 25, 50, 100, int(total), total - 1]) {
        const shown = int(3) ? '' : pick(folders).path;
        const cut = cutTree(tree, budget, shown);
        const kept = nodes(cut.tree);
        const onTheWay = (p: string) => !p || p === shown || shown.startsWith(`${p}/`);
        // The folders down to the one shown are opened whatever the budget; the root first, the others any time.
        const forced = kept.filter((n) => n.children && n.path && onTheWay(n.path)).reduce((s, n) => s + n.children!.length, 0);
        assert.ok(kept.length <= Math.max(budget, 1 + cut.tree.children!.length) + forced, `${kept.length} boxes for a budget of ${budget}`);
        assert.deepEqual([...cut.files].sort(), leaves(cut.tree).sort(), 'the files are those of the cut tree');
        for (const n of kept) {
          const from = original.get(n.path)!;
          assert.deepEqual(figures(n), figures(from), n.path);
          if (!n.children) continue;
          // A folder is whole (its children as they were) or left out, with files to show.
          if (n.children.length) assert.deepEqual(n.children.map((c) => c.path), from.children!.map((c) => c.path), n.path);
          else assert.ok(from.children!.length && n.files > 0 && !onTheWay(n.path), `${n.path} left out`);
        }
        if (shown) assert.ok(nodeAt(cut.tree, shown).children!.length, `${shown} shown`);
        // Largest first: a folder left out had more children than the room any smaller folder of its level found.
        const depth = (p: string) => (p ? p.split('/').length : 0);
        const folderNodes = kept.filter((n) => n.children && n.path);
        for (const left of folderNodes.filter((n) => !n.children!.length)) {
          for (const open of folderNodes.filter((n) => n.children!.length && depth(n.path) === depth(left.path) && n.lines < left.lines && !onTheWay(n.path))) {
            assert.ok(open.children!.length < original.get(left.path)!.children!.length, `${open.path} opened before ${left.path}`);
          }
        }
      }
    });
  }

  it('a cut folder is drawn as one block, weighing its lines; the rest of the layout is unchanged', () => {
    const tree = randomTree(99, 200);
    const rect = { x: 0, y: 0, w: 900, h: 500 };
    const cut = cutTree(tree, 12);
    const left = nodes(cut.tree).filter((n) => n.children && !n.children.length);
    assert.ok(left.length, 'something is left out');
    const boxes = layoutTreemap(cut.tree, rect);
    const blocks = boxes.filter((b) => b.kind === 'block').map((b) => b.node.path);
    for (const n of left) assert.ok(blocks.includes(n.path) || boxes.every((b) => b.node.path !== n.path), `${n.path} is a block or too small to place`);
    assert.ok(boxes.every((b) => b.kind !== 'folder' || b.node.children!.length), 'no frame for a folder left out');
    // The top level takes the same room as in the whole tree when no file is empty.
    const full = randomTree(99, 200);
    for (const n of nodes(full)) if (!n.children && !n.lines) n.lines = 1;
    const resum = (n: CoverageTreeNode): number => (n.children ? (n.lines = n.children.reduce((s, c) => s + resum(c), 0)) : n.lines);
    resum(full);
    const whole = layoutTreemap(full, rect).filter((b) => b.depth === 0);
    const cutTop = layoutTreemap(cutTree(full, 12).tree, rect).filter((b) => b.depth === 0);
    assert.deepEqual(cutTop.map((b) => [b.node.path, b.rect]), whole.map((b) => [b.node.path, b.rect]));
  });
});

describe('topOfMatrix: the components with the most feedback', () => {
  for (let seed = 1; seed <= 6; seed++) {
    it(`random matrix ${seed}: the heaviest components, in the matrix's order, with all their cells`, () => {
      const { int } = randomTools(seed * 131);
      const components = Array.from({ length: 5 + int(60) }, (_, i) => `c${i}`);
      const journeys = Array.from({ length: 1 + int(12) }, (_, i) => `j${i}`);
      const cells = journeys.flatMap((journey) =>
        components.filter(() => int(3) === 0).map((component) => {
          const feedback = int(4) ? int(6) : 0;
          return { journey, component, files: int(5), feedback, negative: int(feedback + 1) };
        }),
      );
      const matrix: CoverageMatrix = { journeys, components, cells };
      const weight = (c: string) => {
        const own = cells.filter((x) => x.component === c);
        return [own.reduce((n, x) => n + x.feedback, 0), own.length, -components.indexOf(c)];
      };
      const heavier = (a: number[], b: number[]) => a[0]! - b[0]! || a[1]! - b[1]! || a[2]! - b[2]!;
      for (const max of [0, 1, 3, 10, components.length, components.length + 5]) {
        const top = topOfMatrix(matrix, max);
        assert.equal(top.components.length, Math.min(max, components.length));
        assert.deepEqual(top.journeys, journeys);
        assert.deepEqual(top.components, components.filter((c) => top.components.includes(c)), 'in the matrix\'s order');
        assert.deepEqual(top.cells, cells.filter((x) => top.components.includes(x.component)));
        const dropped = components.filter((c) => !top.components.includes(c));
        for (const k of top.components) for (const d of dropped) assert.ok(heavier(weight(k), weight(d)) > 0, `${k} kept before ${d}`);
      }
      assert.equal(topOfMatrix(matrix, components.length), matrix);
    });
  }
});

describe('CoverageViews: what the Coverage Map draws of each filter', () => {
  let whole: CoverageReport;
  let views: CoverageViews;

  before(async () => {
    const ws = await loadDiskWorkspace(ACME, { root: '.cx', window: 30 });
    whole = computeCoverage(ws.index, { generatedAt: new Date('2026-12-01T00:00:00Z') });
    views = new CoverageViews(whole);
    assert.ok(whole.owners.length > 1 && whole.journeys.length > 1 && whole.perFile.length > 20);
  });

  const drop = ({ tree: _t, perFile: _p, feedbackLinks: _f, ...rest }: CoverageReport) => rest;

  it('each filter: the figures of filterCoverage, the tree cut, its files, no feedback links', () => {
    const folders = nodes(whole.tree).filter((n) => n.children && n.path).map((n) => n.path);
    const filters: CoverageFilter[] = [
      {},
      { owner: whole.owners[0]!.owner },
      { journey: whole.journeys[1]!.ref },
      { folder: folders[0]! },
      { folder: folders.at(-1)!, owner: whole.owners[1]!.owner },
      { journey: whole.journeys[0]!.ref, owner: whole.owners[0]!.owner, folder: folders[1]! },
    ];
    for (const filter of filters) {
      for (const budget of [3, 10, 10_000]) {
        const view = views.view(filter, budget);
        const expected = Object.keys(filter).length ? filterCoverage(whole, filter) : whole;
        assert.deepEqual(view.filter, filter);
        assert.deepEqual(drop(view.report), drop(expected), JSON.stringify(filter));
        assert.ok(expected.matrix.components.length <= 50, 'the example\'s matrix is not cut');
        const cut = cutTree(expected.tree, budget, filter.folder);
        assert.deepEqual(view.report.tree, cut.tree);
        assert.deepEqual(view.report.perFile, expected.perFile.filter((f) => cut.files.has(f.path)));
        assert.deepEqual(view.report.feedbackLinks, []);
        assert.equal(view.maxFileFeedback, maxFileFeedback(nodeAt(expected.tree, filter.folder)));
        assert.equal(view.matrixComponents, expected.matrix.components.length);
        if (budget === 10_000) assert.deepEqual(view.report.tree, expected.tree);
      }
      assert.deepEqual(views.filtered(filter), Object.keys(filter).length ? filterCoverage(whole, filter) : whole);
      // A matrix wider than the cap keeps its components with the most feedback.
      const narrow = views.view(filter, 5_000, 2_000, 2);
      assert.deepEqual(narrow.report.matrix, topOfMatrix(views.filtered(filter).matrix, 2));
      assert.equal(narrow.matrixComponents, views.filtered(filter).matrix.components.length);
    }
  });

  it('drops what names nothing, reads a folder in any spelling, and offers the whole report\'s choices', () => {
    const folder = nodes(whole.tree).find((n) => n.children && n.path.includes('/'))!.path;
    const view = views.view({ journey: 'no-such-journey', owner: '@nobody', folder: `./${folder}/` });
    assert.deepEqual(view.filter, { folder });
    assert.deepEqual(views.view({ folder: 'no/such/folder' }).filter, {});
    assert.deepEqual(view.choices.journeys, whole.journeys.map((j) => ({ ref: j.ref, name: j.name })));
    assert.deepEqual(view.choices.owners, whole.owners.map((o) => o.owner));
    const all = nodes(whole.tree).filter((n) => n.children && n.path).map((n) => n.path);
    assert.deepEqual(view.choices.folders, all);
    // Too many folders: the shallowest levels that fit, and the one shown with those above it.
    const top = all.filter((p) => !p.includes('/'));
    const deep = all.find((p) => p.split('/').length >= 3)!;
    assert.ok(deep, 'the example has folders three deep');
    const few = views.view({ folder: deep }, 5_000, top.length);
    assert.deepEqual(few.choices.folders, all.filter((p) => !p.includes('/') || p === deep || deep.startsWith(`${p}/`)));
  });
});
