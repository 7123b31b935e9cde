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

/**
 * Lines as area; a file with no lines still gets a sliver. A folder whose children were left out (`children: []`, a
 * cut tree: src/core/coverageView.ts) weighs its lines, or its files when it has fewer lines.
 */
function weight(node: CoverageTreeNode): number {
  if (!node.children) return Math.max(node.lines, 1);
  return node.children.length ? node.children.reduce((n, c) => n + weight(c), 0) : Math.max(node.lines, node.files);
}

/**
 * One placed box of the treemap: a `file`, a `folder` frame (its children are placed inside, under its header), or
 * a `block`, a folder too small to show its files (or whose files were left out of the tree).
 */
export interface TreemapBox {
  kind: 'file' | 'folder' | 'block';
  /** The node drawn; for a chain of single folders (src/ → src/app/), the deepest. */
  node: CoverageTreeNode;
  rect: Rect;
  /** Folders above it inside the laid-out one (0: its direct children). */
  depth: number;
  /** Height of a folder's header strip (0: no room for one). */
  header: number;
  /** The label that fits its width (at `charWidth` per character), if any does. */
  label?: string;
}

export interface TreemapLayoutOptions {
  /** Height of a folder's header strip (default 15). */
  header?: number;
  /** Padding inside a folder frame (default 2). */
  pad?: number;
  /** Width of a label character, to fit labels (default 6.4). */
  charWidth?: number;
  /** Folders deeper than this are drawn as blocks (default: no limit). */
  maxDepth?: number;
}

/**
 * Lays out a coverage tree in `rect`: squarified, area by lines, folders as frames with a header and their
 * children inside. Pure geometry, shared by the HTML report (SVG) and the Coverage Map webview (DOM). Parents come
 * before their children in the result. The root itself gets no frame: its children fill `rect`.
 */
export function layoutTreemap(tree: CoverageTreeNode, rect: Rect, options: TreemapLayoutOptions = {}): TreemapBox[] {
  const HEADER = options.header ?? 15;
  const PAD = options.pad ?? 2;
  const CHAR = options.charWidth ?? 6.4;
  const maxDepth = options.maxDepth ?? Infinity;
  const fit = (label: string, width: number): string | undefined => {
    const max = Math.floor((width - 6) / CHAR);
    if (max < 3) return undefined;
    return label.length <= max ? label : `${label.slice(0, max - 1)}…`;
  };
  const out: TreemapBox[] = [];
  const file = (n: CoverageTreeNode, r: Rect, depth: number) => {
    const label = r.h >= 14 ? fit(n.name, r.w) : undefined;
    out.push({ kind: 'file', node: n, rect: r, depth, header: 0, ...(label ? { label } : {}) });
  };
  const children = (n: CoverageTreeNode, inner: Rect, depth: number) => {
    for (const { item, rect: r } of squarify((n.children ?? []).map((c) => ({ value: weight(c), item: c })), inner)) {
      if (r.w < 0.5 || r.h < 0.5) continue;
      if (item.children) folder(item, r, depth);
      else file(item, r, depth);
    }
  };
  const folder = (node: CoverageTreeNode, r: Rect, depth: number) => {
    let n = node;
    while (n.children?.length === 1 && n.children[0]!.children) n = n.children[0]!;
    const name = n.path.slice(node.path.length - node.name.length);
    if (r.w < 4 || r.h < 4 || depth > maxDepth || !n.children?.length) {
      out.push({ kind: 'block', node: n, rect: r, depth, header: 0, ...(fit(name, r.w) && r.h >= 14 ? { label: fit(name, r.w)! } : {}) });
      return;
    }
    const label = fit(name, r.w - 6);
    const header = label && r.h > HEADER * 2.5 ? HEADER : 0;
    out.push({ kind: 'folder', node: n, rect: r, depth, header, ...(label ? { label } : {}) });
    children(n, { x: r.x + PAD, y: r.y + PAD + header, w: r.w - 2 * PAD, h: r.h - 2 * PAD - header }, depth + 1);
  };
  if (!tree.files) return out;
  if (!tree.children) file(tree, rect, 0);
  else {
    let n = tree;
    while (n.children?.length === 1 && n.children[0]!.children) n = n.children[0]!;
    children(n, rect, 0);
  }
  return out;
}

const LINKED_HUE = 205;
const UNLINKED_HUE = 28;

const round = (n: number) => Math.round(n * 10) / 10;
const shareText = (part: number, whole: number) => (whole ? `${((part / whole) * 100).toFixed(1)}%` : '–');
const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** How strongly a box is coloured, 0–1: by feedback volume (log scale against the largest file) or negative share. */
export function treemapIntensity(node: CoverageTreeNode, by: 'volume' | 'negative', maxFeedback: number): number {
  if (by === 'negative') return node.feedback ? 0.3 + 0.7 * (node.negative / node.feedback) : 0;
  return node.feedback && maxFeedback ? 0.3 + (0.7 * Math.log1p(node.feedback)) / Math.log1p(maxFeedback) : 0;
}

/** The largest feedback count of a file in the tree. */
export function maxFileFeedback(tree: CoverageTreeNode): number {
  return tree.children ? Math.max(0, ...tree.children.map(maxFileFeedback)) : tree.feedback;
}

/** Whether a folder block counts as linked: most of its lines are. */
export function blockLinked(n: CoverageTreeNode): boolean {
  return n.children ? n.linkedLines * 2 >= n.lines && n.linkedFiles > 0 : n.linkedFiles > 0;
}

/** A file's or folder's figures, one per line, for a tooltip. */
export function treemapTitle(n: CoverageTreeNode, file?: FileCoverage): string {
  if (n.children) {
    return [
      `${n.path || '(workspace)'}/`,
      `${plural(n.files, 'file')}, ${n.linkedFiles} linked (${shareText(n.linkedFiles, n.files)})`,
      `${plural(n.lines, 'line')}, ${n.linkedLines} linked (${shareText(n.linkedLines, n.lines)})`,
      `${plural(n.feedback, 'feedback record')}, ${n.negative} negative`,
    ].join('\n');
  }
  const lines = [n.path, `${plural(n.lines, 'line')} · ${file?.refs.length ? `serves ${file.refs.join(', ')}` : 'no journey'}`];
  if (file?.components.length) lines.push(`components: ${file.components.join(', ')}`);
  lines.push(`${plural(n.feedback, 'feedback record')}, ${n.negative} negative`);
  return lines.join('\n');
}

/**
 * The treemap of a coverage tree as an `<svg>` element (responsive: it scales to its container's width). Files
 * are `rect.file` (with `data-linked`), folders `g.folder`; every text is escaped.
 */
export function renderTreemapSvg(tree: CoverageTreeNode, perFile: readonly FileCoverage[], options: TreemapOptions = {}): string {
  const width = options.width ?? 1200;
  const height = options.height ?? 640;
  const files = new Map(perFile.map((f) => [f.path, f]));
  const maxFeedback = maxFileFeedback(tree);
  const fill = (n: CoverageTreeNode, linked: boolean) => {
    const t = treemapIntensity(n, 'volume', maxFeedback);
    return `hsl(${linked ? LINKED_HUE : UNLINKED_HUE} ${Math.round(35 + 45 * t)}% ${Math.round(86 - 46 * t)}%)`;
  };
  const ink = (n: CoverageTreeNode) => (treemapIntensity(n, 'volume', maxFeedback) > 0.6 ? '#fff' : '#1b1b1b');
  const box = (r: Rect) => `x="${round(r.x)}" y="${round(r.y)}" width="${round(r.w)}" height="${round(r.h)}"`;

  const out: string[] = [];
  // Boxes come parents first: a box of depth d lies in the d folder groups still open.
  let open = 0;
  for (const b of layoutTreemap(tree, { x: 0, y: 0, w: width, h: height })) {
    for (; open > b.depth; open--) out.push('</g>');
    const n = b.node;
    const title = `<title>${escapeHtml(treemapTitle(n, files.get(n.path)))}</title>`;
    if (b.kind === 'file') {
      const linked = n.linkedFiles > 0;
      out.push(`<rect class="file" data-linked="${linked}" ${box(b.rect)} fill="${fill(n, linked)}">${title}</rect>`);
      if (b.label) out.push(`<text x="${round(b.rect.x + 3)}" y="${round(b.rect.y + 11)}" fill="${ink(n)}">${escapeHtml(b.label)}</text>`);
    } else if (b.kind === 'block') {
      out.push(`<rect class="folder-block" data-path="${escapeHtml(n.path)}" ${box(b.rect)} fill="${fill(n, blockLinked(n))}">${title}</rect>`);
    } else {
      out.push(`<g class="folder" data-path="${escapeHtml(n.path)}">`, `<rect class="frame" ${box(b.rect)}>${title}</rect>`);
      if (b.header && b.label) out.push(`<text class="folder-label" x="${round(b.rect.x + 4)}" y="${round(b.rect.y + 11)}">${escapeHtml(b.label)}/</text>`);
      open++;
    }
  }
  for (; open > 0; open--) out.push('</g>');
  const summary = `Treemap of ${plural(tree.files, 'file')}: ${tree.linkedFiles} linked to a journey (blue), ${tree.files - tree.linkedFiles} not (orange); darker means more feedback.`;
  return [
    `<svg class="treemap" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(summary)}">`,
    ...(tree.files ? out : [`<text x="${width / 2}" y="${height / 2}" text-anchor="middle">No source files.</text>`]),
    '</svg>',
  ].join('\n');
}
