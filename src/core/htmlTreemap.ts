/**
 * The coverage treemap, laid out once on the server side and drawn as static SVG: no script, so the HTML report
 * runs under `default-src 'none'`. Squarified layout (Bruls, Huizing, van Wijk 2000): rectangles close to squares,
 * area by lines of code; colour by linked (blue) or unlinked (orange), darker with more feedback; `<title>`
 * tooltips. The layout function is pure geometry, so the Coverage Map webview can reuse it.
 */
import type { CoverageTreeNode, FileCoverage } from './coverage';
import { escapeHtml } from './html';

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Places items with positive values in `rect`, areas proportional to the values, largest first (ties keep their
 * order). Items with a value of 0 or less get no place.
 */
export function squarify<T>(items: readonly { value: number; item: T }[], rect: Rect): { item: T; rect: Rect }[] {
  const sorted = items
    .map((it, i) => ({ ...it, i }))
    .filter((it) => it.value > 0 && Number.isFinite(it.value))
    .sort((a, b) => b.value - a.value || a.i - b.i);
  const total = sorted.reduce((n, it) => n + it.value, 0);
  if (!sorted.length || rect.w <= 0 || rect.h <= 0) return [];
  const scale = (rect.w * rect.h) / total;
  const areas = sorted.map((it) => it.value * scale);
  const out: { item: T; rect: Rect }[] = [];
  let free = { ...rect };

  const worst = (from: number, to: number, side: number) => {
    let sum = 0;
    let max = 0;
    let min = Infinity;
    for (let k = from; k < to; k++) {
      const a = areas[k]!;
      sum += a;
      if (a > max) max = a;
      if (a < min) min = a;
    }
    const s2 = sum * sum;
    const side2 = side * side;
    return Math.max((side2 * max) / s2, s2 / (side2 * min));
  };
  const place = (from: number, to: number, last: boolean) => {
    let sum = 0;
    for (let k = from; k < to; k++) sum += areas[k]!;
    if (free.w >= free.h) {
      // A column on the left; the last row takes what is left, so rounding leaves no gap.
      const width = last ? free.w : Math.min(free.w, sum / free.h);
      let y = free.y;
      for (let k = from; k < to; k++) {
        const h = k === to - 1 ? free.y + free.h - y : (areas[k]! / sum) * free.h;
        out.push({ item: sorted[k]!.item, rect: { x: free.x, y, w: width, h } });
        y += h;
      }
      free = { x: free.x + width, y: free.y, w: free.w - width, h: free.h };
    } else {
      const height = last ? free.h : Math.min(free.h, sum / free.w);
      let x = free.x;
      for (let k = from; k < to; k++) {
        const w = k === to - 1 ? free.x + free.w - x : (areas[k]! / sum) * free.w;
        out.push({ item: sorted[k]!.item, rect: { x, y: free.y, w, h: height } });
        x += w;
      }
      free = { x: free.x, y: free.y + height, w: free.w, h: free.h - height };
    }
  };

  let start = 0;
  let end = 1;
  while (end < sorted.length) {
    const side = Math.min(free.w, free.h);
    if (worst(start, end + 1, side) <= worst(start, end, side)) end++;
    else {
      place(start, end, false);
      start = end;
      end = start + 1;
    }
  }
  place(start, sorted.length, true);
  return out;
}

export interface TreemapOptions {
  width?: number;
  height?: number;
}

/** Lines as area; a file with no lines still gets a sliver. */
function weight(node: CoverageTreeNode): number {
  return node.children ? node.children.reduce((n, c) => n + weight(c), 0) : Math.max(node.lines, 1);
}

const LINKED_HUE = 205;
const UNLINKED_HUE = 28;
const HEADER = 15;
const PAD = 2;
const CHAR = 6.4;

const round = (n: number) => Math.round(n * 10) / 10;
const shareText = (part: number, whole: number) => (whole ? `${((part / whole) * 100).toFixed(1)}%` : '–');
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

function fit(label: string, width: number): string | undefined {
  const max = Math.floor((width - 6) / CHAR);
  if (max < 3) return undefined;
  return label.length <= max ? label : `${label.slice(0, max - 1)}…`;
}

/**
 * The treemap of a coverage tree as an `<svg>` element (responsive: it scales to its container's width). Files
 * are `rect.file` (with `data-linked`), folders `g.folder`; every text is escaped.
 */
export function renderTreemapSvg(tree: CoverageTreeNode, perFile: readonly FileCoverage[], options: TreemapOptions = {}): string {
  const width = options.width ?? 1200;
  const height = options.height ?? 640;
  const files = new Map(perFile.map((f) => [f.path, f]));
  let maxFeedback = 0;
  const scan = (n: CoverageTreeNode) => {
    if (!n.children) maxFeedback = Math.max(maxFeedback, n.feedback);
    else n.children.forEach(scan);
  };
  scan(tree);
  const intensity = (feedback: number) => (feedback && maxFeedback ? 0.3 + (0.7 * Math.log1p(feedback)) / Math.log1p(maxFeedback) : 0);
  const fill = (linked: boolean, feedback: number) => {
    const t = intensity(feedback);
    return `hsl(${linked ? LINKED_HUE : UNLINKED_HUE} ${Math.round(35 + 45 * t)}% ${Math.round(86 - 46 * t)}%)`;
  };
  const ink = (feedback: number) => (intensity(feedback) > 0.6 ? '#fff' : '#1b1b1b');

  const out: string[] = [];
  const fileTitle = (n: CoverageTreeNode) => {
    const f = files.get(n.path);
    const lines = [n.path, `${plural(n.lines, 'line')} · ${f?.refs.length ? `serves ${f.refs.join(', ')}` : 'no journey'}`];
    if (f?.components.length) lines.push(`components: ${f.components.join(', ')}`);
    lines.push(`${plural(n.feedback, 'feedback record')}, ${n.negative} negative`);
    return lines.join('\n');
  };
  const folderTitle = (n: CoverageTreeNode) =>
    [
      `${n.path || '(workspace)'}/`,
      `${plural(n.files, 'file')}, ${n.linkedFiles} linked (${shareText(n.linkedFiles, n.files)})`,
      `${plural(n.lines, 'line')}, ${n.linkedLines} linked (${shareText(n.linkedLines, n.lines)})`,
      `${plural(n.feedback, 'feedback record')}, ${n.negative} negative`,
    ].join('\n');

  const drawFile = (n: CoverageTreeNode, r: Rect) => {
    const linked = n.linkedFiles > 0;
    out.push(
      `<rect class="file" data-linked="${linked}" x="${round(r.x)}" y="${round(r.y)}" width="${round(r.w)}" height="${round(r.h)}" fill="${fill(linked, n.feedback)}"><title>${escapeHtml(fileTitle(n))}</title></rect>`,
    );
    const label = r.h >= 14 ? fit(n.name, r.w) : undefined;
    if (label) out.push(`<text x="${round(r.x + 3)}" y="${round(r.y + 11)}" fill="${ink(n.feedback)}">${escapeHtml(label)}</text>`);
  };

  const drawFolder = (node: CoverageTreeNode, r: Rect, depth: number) => {
    // A chain of single folders (src/ → src/app/) is drawn as one, labelled with the deepest path.
    let n = node;
    while (n.children?.length === 1 && n.children[0]!.children) n = n.children[0]!;
    if (r.w < 4 || r.h < 4) {
      // Too small to show its files: one block, coloured by whether most of its lines are linked.
      const linked = n.linkedLines * 2 >= n.lines && n.linkedFiles > 0;
      out.push(
        `<rect class="folder-block" x="${round(r.x)}" y="${round(r.y)}" width="${round(r.w)}" height="${round(r.h)}" fill="${fill(linked, n.feedback)}"><title>${escapeHtml(folderTitle(n))}</title></rect>`,
      );
      return;
    }
    const label = depth > 0 || n !== node ? fit(n === node ? n.name : n.path, r.w) : undefined;
    const header = label && r.h > HEADER * 2.5 ? HEADER : 0;
    out.push(`<g class="folder" data-path="${escapeHtml(n.path)}">`);
    out.push(`<rect class="frame" x="${round(r.x)}" y="${round(r.y)}" width="${round(r.w)}" height="${round(r.h)}"><title>${escapeHtml(folderTitle(n))}</title></rect>`);
    if (header && label) out.push(`<text class="folder-label" x="${round(r.x + 4)}" y="${round(r.y + 11)}">${escapeHtml(label)}/</text>`);
    const inner = { x: r.x + PAD, y: r.y + PAD + header, w: r.w - 2 * PAD, h: r.h - 2 * PAD - header };
    for (const { item, rect } of squarify((n.children ?? []).map((c) => ({ value: weight(c), item: c })), inner)) {
      if (rect.w < 0.5 || rect.h < 0.5) continue;
      if (item.children) drawFolder(item, rect, depth + 1);
      else drawFile(item, rect);
    }
    out.push('</g>');
  };

  if (tree.files) {
    if (tree.children) drawFolder(tree, { x: 0, y: 0, w: width, h: height }, 0);
    else drawFile(tree, { x: 0, y: 0, w: width, h: height });
  }
  const summary = `Treemap of ${plural(tree.files, 'file')}: ${tree.linkedFiles} linked to a journey (blue), ${tree.files - tree.linkedFiles} not (orange); darker means more feedback.`;
  return [
    `<svg class="treemap" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(summary)}">`,
    ...(tree.files ? out : [`<text x="${width / 2}" y="${height / 2}" text-anchor="middle">No source files.</text>`]),
    '</svg>',
  ].join('\n');
}
