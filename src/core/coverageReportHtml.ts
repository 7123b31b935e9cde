/**
 * `cx coverage --format html`: one self-contained HTML file to archive as a CI artifact or open from disk. Inline
 * CSS, no script at all (the treemap is static SVG), a CSP of `default-src 'none'; style-src 'unsafe-inline'`, so
 * nothing is loaded and nothing runs; every string from `.cx/`, from paths or from git is escaped.
 */
import type { CoverageReport } from './coverage';
import { coverageHeader } from './coverageFormat';
import { escapeHtml as esc } from './html';
import { renderTreemapSvg } from './htmlTreemap';
import { pct } from './text';

/** The report's Content-Security-Policy: no script, no remote or local loads, inline styles only. */
export const COVERAGE_HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'; base-uri 'none'";

/** Items of a gap list shown before "and N more" (the report stays a sane size for huge repositories). */
const HTML_LIST = 500;

const STYLE = `
:root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --bg: #fff; --panel: #f6f8fa; --line: #d1d9e0;
  --linked: hsl(205 60% 45%); --unlinked: hsl(28 75% 50%); }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #151b23; --line: #3d444d; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1280px; padding: 24px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 14px; margin: 16px 0 6px; }
.meta, .muted { color: var(--muted); }
code { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.tiles { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.tile { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; min-width: 200px; }
.tile .figure { font-size: 26px; font-weight: 600; display: block; }
.treemap { width: 100%; height: auto; display: block; border: 1px solid var(--line); background: var(--panel); }
.treemap .frame { fill: transparent; stroke: var(--line); stroke-width: 1; }
.treemap .file, .treemap .folder-block { stroke: var(--bg); stroke-width: 0.6; }
.treemap text { font: 11px system-ui, sans-serif; pointer-events: none; }
.treemap .folder-label { fill: var(--fg); font-weight: 600; }
.legend { display: flex; flex-wrap: wrap; gap: 16px; margin: 8px 0; color: var(--muted); font-size: 12px; }
.swatch { display: inline-block; width: 14px; height: 14px; vertical-align: -2px; margin-right: 4px; border-radius: 2px; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: 4px 0; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.matrix td { text-align: center; white-space: nowrap; min-width: 72px; }
.matrix td.none { color: var(--muted); }
.matrix th.component { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; }
ul.gaps { margin: 4px 0; padding-left: 20px; }
details summary { cursor: pointer; margin: 8px 0; }
`;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function list(items: readonly string[], empty: string): string {
  if (!items.length) return `<p class="muted">${esc(empty)}</p>`;
  const shown = items.slice(0, HTML_LIST).map((i) => `<li>${i}</li>`);
  if (items.length > HTML_LIST) shown.push(`<li class="muted">and ${items.length - HTML_LIST} more (the JSON and CSV formats list all)</li>`);
  return `<ul class="gaps">${shown.join('')}</ul>`;
}

export function formatCoverageHtml(c: CoverageReport): string {
  const journeyName = new Map(c.journeys.map((j) => [j.ref, j.name]));
  const componentName = new Map(c.components.map((x) => [x.id, x.name]));
  const maxCellFeedback = Math.max(0, ...c.matrix.cells.map((x) => x.feedback));
  const body: string[] = [];

  body.push(
    '<header>',
    '<h1>Customer Context coverage</h1>',
    `<p class="meta">${esc(coverageHeader(c))}</p>`,
    '</header>',
    '<section class="tiles" aria-label="Headline figures">',
    tile('files', pct(c.files.share, 1), `${c.files.linked} of ${plural(c.files.total, 'file')} linked to a journey`),
    tile('lines', pct(c.lines.share, 1), `${c.lines.linked} of ${plural(c.lines.total, 'line')} linked to a journey`),
    tile('feedback', pct(c.feedback.share, 1), `${c.feedback.tagged} of ${plural(c.feedback.total, 'feedback record')} tagged`),
    '</section>',
  );

  const ch = c.changes;
  if (ch) {
    body.push(
      `<section id="changes"><h2>Changes since <code>${esc(ch.since)}</code></h2>`,
      `<p>${plural(ch.files.length, 'changed source file')}, ${ch.files.filter((f) => f.refs.length).length} linked to a journey${ch.other.length ? `; ${plural(ch.other.length, 'other changed path')} (deleted, not source, <code>.cx/</code> data)` : ''}.</p>`,
      '<h3>Journeys touched</h3>',
      list(ch.journeys.map((j) => `<code>${esc(j.ref)}</code> ${esc(j.name)}: ${j.files.map((p) => `<code>${esc(p)}</code>`).join(', ')}`), 'None.'),
      '<h3>Changed files with no journey</h3>',
      list(ch.withoutJourney.map((p) => `<code>${esc(p)}</code>`), 'None.'),
      '</section>',
    );
  }

  body.push(
    '<section id="treemap"><h2>Code by folder</h2>',
    '<p class="muted">Area: lines of code. Hover a file or folder for its figures.</p>',
    renderTreemapSvg(c.tree, c.perFile),
    '<div class="legend">',
    '<span><span class="swatch" style="background: hsl(205 60% 55%)"></span>linked to a journey</span>',
    '<span><span class="swatch" style="background: hsl(28 70% 58%)"></span>no journey</span>',
    '<span><span class="swatch" style="background: hsl(205 35% 86%)"></span>pale: no feedback</span>',
    '<span><span class="swatch" style="background: hsl(205 80% 40%)"></span>dark: the most feedback</span>',
    '</div>',
    '</section>',
  );

  const cellOf = new Map(c.matrix.cells.map((x) => [`${x.journey}\u0000${x.component}`, x]));
  body.push('<section id="matrix"><h2>Journeys × components</h2>');
  if (!c.matrix.components.length || !c.matrix.journeys.length) body.push('<p class="muted">No component lists a journey yet.</p>');
  else {
    body.push(
      '<p class="muted">A cell: the component lists the journey or one of its steps; its files, and the feedback about the component, its files or what it lists of the journey.</p>',
      '<div class="scroll"><table class="matrix"><thead><tr><th>journey</th>',
      ...c.matrix.components.map((id) => `<th class="component" title="${esc(id)}">${esc(componentName.get(id) ?? id)}</th>`),
      '</tr></thead><tbody>',
    );
    for (const j of c.matrix.journeys) {
      const cells = c.matrix.components.map((id) => {
        const x = cellOf.get(`${j}\u0000${id}`);
        if (!x) return '<td class="none">·</td>';
        const t = maxCellFeedback ? x.feedback / maxCellFeedback : 0;
        const style = x.feedback ? ` style="background: hsl(205 60% ${Math.round(92 - 30 * t)}%); color: #1b1b1b"` : '';
        return `<td${style} title="${esc(`${j} × ${id}`)}">${plural(x.files, 'file')}<br>${x.feedback} fb · ${x.negative} neg</td>`;
      });
      body.push(`<tr><th>${esc(journeyName.get(j) ?? j)} <code>${esc(j)}</code></th>${cells.join('')}</tr>`);
    }
    body.push('</tbody></table></div>');
  }
  body.push('</section>');

  body.push(
    '<section id="gaps"><h2>Gaps</h2>',
    `<h3>Journeys and steps with no code (${c.journeysWithoutCode.length})</h3>`,
    list(c.journeysWithoutCode.map((j) => `<code>${esc(j.ref)}</code> ${esc(j.name)}`), 'None: every journey has code.'),
    `<h3>Components with no journey (${c.componentsWithoutJourney.length})</h3>`,
    list(c.componentsWithoutJourney.map((x) => `<code>${esc(x.id)}</code> ${esc(x.name)} (${plural(x.files, 'file')}${x.owner ? `, ${esc(x.owner)}` : ''})`), 'None.'),
    `<h3>Files with negative feedback and no journey (${c.negativeFilesWithoutJourney.length})</h3>`,
    list(c.negativeFilesWithoutJourney.map((f) => `<code>${esc(f.path)}</code> ${f.negative} negative of ${f.feedback} (${pct(f.negativeShare)})`), 'None.'),
    `<h3>Unknown references in <code>@cx</code> annotations (${c.unknownAnnotations.length})</h3>`,
    list(
      c.unknownAnnotations.map((u) => `<code>${esc(`${u.path}:${u.line}:${u.column}`)}</code> <code>${esc(u.ref)}</code>${u.suggestions.length ? ` — did you mean ${u.suggestions.map((s) => `<code>${esc(s)}</code>`).join(' or ')}?` : ''}`),
      'None.',
    ),
    '</section>',
  );

  body.push(
    '<section id="journeys"><h2>Journeys</h2>',
    '<div class="scroll"><table><thead><tr><th>journey</th><th>owner</th><th class="num">files</th><th>components</th><th class="num">feedback</th><th class="num">negative (window)</th></tr></thead><tbody>',
    ...c.journeys.map(
      (j) =>
        `<tr><td>${esc(j.name)} <code>${esc(j.ref)}</code></td><td>${esc(j.owner ?? '')}</td><td class="num">${j.files}</td><td>${j.components.map((x) => `<code>${esc(x)}</code>`).join(', ')}</td><td class="num">${j.feedback}</td><td class="num">${pct(j.negativeShare)}</td></tr>`,
    ),
    '</tbody></table></div></section>',
  );

  if (c.owners.length) {
    body.push(
      '<section id="owners"><h2>Owners</h2>',
      '<div class="scroll"><table><thead><tr><th>owner</th><th>components</th><th class="num">files linked</th><th class="num">lines linked</th></tr></thead><tbody>',
      ...c.owners.map(
        (o) =>
          `<tr><td>${esc(o.owner)}</td><td>${o.components.map((x) => `<code>${esc(x)}</code>`).join(', ')}</td><td class="num">${o.linkedFiles}/${o.files} (${pct(o.share, 1)})</td><td class="num">${o.linkedLines}/${o.lines}</td></tr>`,
      ),
      '</tbody></table></div></section>',
    );
  }

  body.push(
    '<section id="files"><h2>Files</h2>',
    `<details><summary>${plural(c.perFile.length, 'file')}</summary>`,
    '<div class="scroll"><table><thead><tr><th>path</th><th class="num">lines</th><th>journeys</th><th>components</th><th class="num">feedback</th><th class="num">negative</th></tr></thead><tbody>',
    ...c.perFile.map(
      (f) =>
        `<tr><td><code>${esc(f.path)}</code></td><td class="num">${f.lines}</td><td>${f.refs.map((r) => `<code>${esc(r)}</code>`).join(', ') || '<span class="muted">none</span>'}</td><td>${f.components.map((x) => `<code>${esc(x)}</code>`).join(', ')}</td><td class="num">${f.feedback}</td><td class="num">${f.negative}</td></tr>`,
    ),
    '</tbody></table></div></details></section>',
  );

  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${COVERAGE_HTML_CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    '<title>Customer Context coverage</title>',
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    ...body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function tile(id: string, figure: string, caption: string): string {
  return `<div class="tile" id="tile-${id}"><span class="figure">${esc(figure)}</span>${esc(caption)}</div>`;
}
