/**
 * The Coverage Map's browser script. It tells the host which filters it shows (by journey, owner, folder: the same
 * as `cx coverage --journey/--owner/--folder`); the host posts the view of them that the language server makes (the
 * report filtered, its tree cut to what a treemap can show: src/core/coverageView.ts), and this script draws the
 * headline figures, a treemap (laid out by the HTML report's `layoutTreemap`), the journeys × components matrix and
 * the gap lists. Clicks ask the host to open files and definitions or to export. Every message is checked against
 * src/protocol/webview.ts on arrival; every string is put in the DOM as text. Filters and colouring are kept with
 * `setState`.
 */
import './zodConfig';
import type { CoverageReport, CoverageTreeNode, FileCoverage } from '../core/coverage';
import { coverageHeader } from '../core/coverageFormat';
import type { CoverageChoices } from '../core/coverageView';
import { nodeAt } from '../core/coverageView';
import { blockLinked, layoutTreemap, treemapIntensity, treemapTitle } from '../core/htmlTreemap';
import { pct } from '../core/text';
import { CoverageHostMessage, CoverageMapFilter, CoverageMapState } from '../protocol/webview';
import type { CoverageWebviewMessage, ExportFormat } from '../protocol/webview';
import { h, replaceChildren } from './dom';
import { vscode } from './vscodeApi';

const post = (m: CoverageWebviewMessage) => vscode.postMessage(m);

type Intensity = CoverageMapState['intensity'];

const saved = CoverageMapState.safeParse(vscode.getState());
let filter: CoverageMapFilter = saved.success ? saved.data.filter : {};
let intensity: Intensity = saved.success ? saved.data.intensity : 'volume';
/** The view posted last: the report with the filters applied, what the filters offer, the treemap's scale. */
let shown: CoverageReport | undefined;
let choices: CoverageChoices = { journeys: [], owners: [], folders: [] };
let maxFeedback = 0;
/** The components of the filtered matrix (the view shows those with the most feedback). */
let matrixComponents = 0;
let folderName = '';

function saveState(): void {
  vscode.setState({ filter, intensity } satisfies CoverageMapState);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

// ---- layout ----------------------------------------------------------------------------------------------------

const app = document.getElementById('app') ?? document.body.appendChild(h('main', { attrs: { id: 'app' } }));
const title = h('h1', { attrs: { id: 'title' } }, 'Coverage Map');
const meta = h('p', { class: 'meta' });
const status = h('p', { class: 'status', attrs: { role: 'status', 'aria-live': 'polite' } }, 'Loading the coverage report…');

const exportButtons = (['md', 'json', 'csv', 'html'] as const).map((format) =>
  h(
    'button',
    {
      class: 'secondary',
      attrs: { type: 'button', 'data-format': format, 'aria-label': `Export the report as ${format.toUpperCase()}` },
      on: { click: () => post({ type: 'export', format: format satisfies ExportFormat, filter }) },
    },
    format.toUpperCase(),
  ),
);

const journeySelect = h('select', { attrs: { id: 'filter-journey', 'aria-label': 'Filter by journey' } });
const ownerSelect = h('select', { attrs: { id: 'filter-owner', 'aria-label': 'Filter by owner' } });
const folderSelect = h('select', { attrs: { id: 'filter-folder', 'aria-label': 'Filter by folder' } });
const intensitySelect = h(
  'select',
  { attrs: { id: 'intensity', 'aria-label': 'Colour intensity' } },
  h('option', { attrs: { value: 'volume' } }, 'feedback volume'),
  h('option', { attrs: { value: 'negative' } }, 'negative share'),
);
const clearButton = h('button', { class: 'link', attrs: { type: 'button', id: 'clear-filters' } }, 'Clear filters');

const tiles = h('section', { class: 'tiles', attrs: { 'aria-label': 'Headline figures' } });
const breadcrumb = h('nav', { class: 'breadcrumb', attrs: { 'aria-label': 'Folder' } });
const treemap = h('div', { class: 'treemap', attrs: { role: 'group', 'aria-label': 'Treemap of folders and files; area is lines of code' } });
const matrixSection = h('section', { class: 'matrix', attrs: { 'aria-labelledby': 'matrix-heading' } });
const gapsSection = h('section', { class: 'gaps', attrs: { 'aria-labelledby': 'gaps-heading' } });
const content = h('div', { class: 'content', attrs: { hidden: true } });

function field(label: string, control: HTMLElement): HTMLElement {
  return h('label', { class: 'field' }, h('span', {}, label), control);
}

const legend = h(
  'div',
  { class: 'legend', attrs: { 'aria-hidden': 'true' } },
  h('span', {}, h('span', { class: 'swatch linked' }), 'linked to a journey'),
  h('span', {}, h('span', { class: 'swatch unlinked' }), 'no journey'),
  h('span', { class: 'legend-intensity' }),
);

replaceChildren(
  content,
  h(
    'section',
    { class: 'filters', attrs: { 'aria-label': 'Filters' } },
    field('Journey', journeySelect),
    field('Owner', ownerSelect),
    field('Folder', folderSelect),
    field('Intensity', intensitySelect),
    clearButton,
  ),
  tiles,
  h('section', { class: 'map', attrs: { 'aria-labelledby': 'map-heading' } }, h('h2', { attrs: { id: 'map-heading' } }, 'Code by folder'), breadcrumb, treemap, legend),
  matrixSection,
  gapsSection,
);
replaceChildren(
  app,
  h('header', {}, h('div', { class: 'heading' }, title, meta), h('div', { class: 'exports', attrs: { role: 'group', 'aria-label': 'Export' } }, h('span', { class: 'muted' }, 'Export'), ...exportButtons)),
  status,
  content,
);

// ---- filters -----------------------------------------------------------------------------------------------------

function options(select: HTMLSelectElement, all: string, values: readonly { value: string; label: string }[], current: string | undefined): void {
  replaceChildren(
    select,
    h('option', { attrs: { value: '' } }, all),
    ...values.map((v) => h('option', { attrs: { value: v.value, selected: v.value === current } }, v.label)),
  );
  select.value = current ?? '';
}

/** Shows the new filters at once in the controls and asks the host for their view; the map stays until it comes. */
function setFilter(next: CoverageMapFilter): void {
  const wanted = Object.fromEntries(Object.entries(next).filter(([, v]) => v)) as CoverageMapFilter;
  // A name longer than the host accepts (data can hold anything) would never be answered: say so and keep the map.
  if (!CoverageMapFilter.safeParse(wanted).success) {
    status.textContent = 'That name is too long to filter by.';
    status.hidden = false;
    render();
    return;
  }
  filter = wanted;
  saveState();
  journeySelect.value = filter.journey ?? '';
  ownerSelect.value = filter.owner ?? '';
  folderSelect.value = filter.folder ?? '';
  clearButton.hidden = !(filter.journey || filter.owner || filter.folder);
  content.setAttribute('aria-busy', 'true');
  status.textContent = 'Updating the map…';
  status.hidden = false;
  post({ type: 'filter', filter });
}

journeySelect.addEventListener('change', () => setFilter({ ...filter, journey: journeySelect.value }));
ownerSelect.addEventListener('change', () => setFilter({ ...filter, owner: ownerSelect.value }));
folderSelect.addEventListener('change', () => setFilter({ ...filter, folder: folderSelect.value }));
intensitySelect.addEventListener('change', () => {
  intensity = intensitySelect.value === 'negative' ? 'negative' : 'volume';
  saveState();
  drawTreemap();
});
clearButton.addEventListener('click', () => setFilter({}));

// ---- rendering ---------------------------------------------------------------------------------------------------

function render(): void {
  if (!shown) return;
  options(journeySelect, 'All journeys', choices.journeys.map((j) => ({ value: j.ref, label: `${j.name} (${j.ref})` })), filter.journey);
  options(ownerSelect, 'All owners', choices.owners.map((o) => ({ value: o, label: o })), filter.owner);
  options(folderSelect, 'Whole workspace', choices.folders.map((f) => ({ value: f, label: `${f}/` })), filter.folder);
  intensitySelect.value = intensity;
  clearButton.hidden = !(filter.journey || filter.owner || filter.folder);

  title.textContent = `Coverage Map: ${folderName}`;
  meta.textContent = coverageHeader(shown);
  renderTiles(shown);
  drawTreemap();
  renderMatrix(shown);
  renderGaps(shown);
}

function tile(id: string, figure: string, caption: string): HTMLElement {
  return h('div', { class: 'tile', attrs: { id: `tile-${id}` } }, h('span', { class: 'figure' }, figure), h('span', { class: 'caption' }, caption));
}

function renderTiles(c: CoverageReport): void {
  replaceChildren(
    tiles,
    tile('files', pct(c.files.share, 1), `${c.files.linked} of ${plural(c.files.total, 'file')} linked to a journey`),
    tile('lines', pct(c.lines.share, 1), `${c.lines.linked} of ${plural(c.lines.total, 'line')} linked to a journey`),
    tile('feedback', pct(c.feedback.share, 1), `${c.feedback.tagged} of ${plural(c.feedback.total, 'feedback record')} tagged (whole workspace)`),
  );
}

const TREEMAP_HEIGHT = 420;

function drawTreemap(): void {
  if (!shown) return;
  const c = shown;
  // Breadcrumb: the workspace, then each folder down to the one shown.
  const parts = filter.folder ? filter.folder.split('/') : [];
  const crumbs: HTMLElement[] = [
    h('button', { class: 'link', attrs: { type: 'button', 'aria-current': parts.length ? undefined : 'location' }, on: { click: () => setFilter({ ...filter, folder: '' }) } }, folderName || 'workspace'),
  ];
  parts.forEach((p, i) => {
    const path = parts.slice(0, i + 1).join('/');
    crumbs.push(h('span', { class: 'sep', attrs: { 'aria-hidden': 'true' } }, '/'));
    crumbs.push(
      h('button', { class: 'link', attrs: { type: 'button', 'aria-current': i === parts.length - 1 ? 'location' : undefined }, on: { click: () => setFilter({ ...filter, folder: path }) } }, p),
    );
  });
  replaceChildren(breadcrumb, ...crumbs);

  const legendIntensity = legend.querySelector('.legend-intensity');
  if (legendIntensity) legendIntensity.textContent = intensity === 'volume' ? 'stronger: more feedback' : 'stronger: larger negative share';

  const root = nodeAt(c.tree, filter.folder);
  const width = Math.max(200, Math.floor(treemap.clientWidth || 800));
  treemap.style.height = `${TREEMAP_HEIGHT}px`;
  if (!root.files) {
    replaceChildren(treemap, h('p', { class: 'muted empty' }, 'No source files here.'));
    return;
  }
  const files = new Map<string, FileCoverage>(c.perFile.map((f) => [f.path, f]));
  const boxes = layoutTreemap(root, { x: 0, y: 0, w: width, h: TREEMAP_HEIGHT }, { header: 18, pad: 3, charWidth: 7 });
  const els: HTMLElement[] = [];
  const place = (el: HTMLElement, r: { x: number; y: number; w: number; h: number }) => {
    el.style.left = `${r.x}px`;
    el.style.top = `${r.y}px`;
    el.style.width = `${r.w}px`;
    el.style.height = `${r.h}px`;
    return el;
  };
  const colour = (el: HTMLElement, n: CoverageTreeNode, linked: boolean) => {
    const t = treemapIntensity(n, intensity, maxFeedback);
    el.classList.add(linked ? 'linked' : 'unlinked');
    // 18% (no feedback) to 90% of the hue over the editor's background: readable in light, dark and high contrast.
    el.style.setProperty('--mix', `${Math.round(18 + 72 * t)}%`);
    if (t > 0.55) el.classList.add('strong');
  };
  for (const b of boxes) {
    const n = b.node;
    const tip = treemapTitle(n, files.get(n.path));
    if (b.kind === 'file') {
      const el = h(
        'button',
        { class: 'tm-file', attrs: { type: 'button', title: tip, 'aria-label': `${tip.replace(/\n/g, '; ')}. Opens the file.`, 'data-path': n.path }, on: { click: () => post({ type: 'openFile', path: n.path }) } },
        b.label ? h('span', { class: 'label' }, b.label) : null,
      );
      colour(el, n, n.linkedFiles > 0);
      els.push(place(el, b.rect));
    } else if (b.kind === 'block') {
      const el = h(
        'button',
        { class: 'tm-block', attrs: { type: 'button', title: tip, 'aria-label': `Folder ${tip.replace(/\n/g, '; ')}. Shows the folder.`, 'data-path': n.path }, on: { click: () => setFilter({ ...filter, folder: n.path }) } },
        b.label ? h('span', { class: 'label' }, `${b.label}/`) : null,
      );
      colour(el, n, blockLinked(n));
      els.push(place(el, b.rect));
    } else {
      els.push(place(h('div', { class: 'tm-folder', attrs: { 'data-path': n.path } }), b.rect));
      const head = h(
        'button',
        { class: 'tm-head', attrs: { type: 'button', title: tip, 'aria-label': `Folder ${tip.replace(/\n/g, '; ')}. Shows the folder.`, 'data-path': n.path }, on: { click: () => setFilter({ ...filter, folder: n.path }) } },
        b.header && b.label ? `${b.label}/` : null,
      );
      // Without room for a header, the folder is still reachable: a thin strip along its top, and the Folder filter.
      els.push(place(head, { x: b.rect.x, y: b.rect.y, w: b.rect.w, h: b.header || 3 }));
    }
  }
  replaceChildren(treemap, ...els);
}

const health = (feedback: number, negative: number) => (!feedback ? 'none' : negative / feedback >= 0.5 ? 'bad' : negative / feedback >= 0.25 ? 'warning' : 'good');
const HEALTH_TEXT = { none: 'no feedback', good: 'healthy', warning: 'some complaints', bad: 'mostly negative' } as const;

function refButton(ref: string, label: string, extra = ''): HTMLElement {
  return h('button', { class: 'link ref', attrs: { type: 'button', title: `Open the definition of ${ref}`, 'aria-label': `${label}${extra}: open its definition` }, on: { click: () => post({ type: 'openRef', ref }) } }, label);
}

function renderMatrix(c: CoverageReport): void {
  const heading = h('h2', { attrs: { id: 'matrix-heading' } }, 'Journeys × components');
  if (!c.matrix.journeys.length || !c.matrix.components.length) {
    replaceChildren(matrixSection, heading, h('p', { class: 'muted' }, 'No component lists a journey here.'));
    return;
  }
  const names = new Map(c.components.map((x) => [x.id, x.name]));
  const journeys = new Map(c.journeys.map((j) => [j.ref, j]));
  const cells = new Map(c.matrix.cells.map((x) => [`${x.journey}\u0000${x.component}`, x]));
  const table = h(
    'table',
    { attrs: { 'aria-describedby': 'matrix-note' } },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { attrs: { scope: 'col' } }, 'journey'),
        h('th', { attrs: { scope: 'col' } }, 'negative (window)'),
        ...c.matrix.components.map((id) => h('th', { class: 'component', attrs: { scope: 'col' } }, refButton(id, names.get(id) ?? id))),
      ),
    ),
    h(
      'tbody',
      {},
      ...c.matrix.journeys.map((ref) => {
        const j = journeys.get(ref);
        return h(
          'tr',
          {},
          h('th', { attrs: { scope: 'row' } }, refButton(ref, j?.name ?? ref), h('code', {}, ref)),
          h('td', { class: 'num' }, pct(j?.negativeShare)),
          ...c.matrix.components.map((id) => {
            const x = cells.get(`${ref}\u0000${id}`);
            if (!x) return h('td', { class: 'none', attrs: { 'aria-label': 'not listed' } }, '·');
            const state = health(x.feedback, x.negative);
            return h(
              'td',
              { class: `cell ${state}`, attrs: { 'data-journey': ref, 'data-component': id, title: `${ref} × ${id}: ${HEALTH_TEXT[state]}` } },
              h('span', { class: 'files' }, plural(x.files, 'file')),
              h('span', { class: 'fb' }, `${x.feedback} feedback · ${x.negative} neg.`),
              h('span', { class: 'visually-hidden' }, `, ${HEALTH_TEXT[state]}`),
            );
          }),
        );
      }),
    ),
  );
  replaceChildren(
    matrixSection,
    heading,
    h('p', { class: 'muted', attrs: { id: 'matrix-note' } }, 'A cell: the component lists the journey or one of its steps; its files, and the feedback about the component, its files or what it lists of the journey. Colour: share of that feedback that is negative.'),
    c.matrix.components.length < matrixComponents
      ? h('p', { class: 'muted', attrs: { id: 'matrix-cut' } }, `The ${c.matrix.components.length} components with the most feedback, of ${matrixComponents}: filter by journey, owner or folder to see the others.`)
      : null,
    h('div', { class: 'scroll' }, table),
  );
}

function gapList(id: string, heading: string, items: HTMLElement[], empty: string): HTMLElement {
  return h(
    'div',
    { class: 'gap', attrs: { id: `gap-${id}` } },
    h('h3', {}, `${heading} (${items.length})`),
    items.length ? h('ul', {}, ...items.map((i) => h('li', {}, i))) : h('p', { class: 'muted' }, empty),
  );
}

function renderGaps(c: CoverageReport): void {
  replaceChildren(
    gapsSection,
    h('h2', { attrs: { id: 'gaps-heading' } }, 'Gaps'),
    h(
      'div',
      { class: 'gap-grid' },
      gapList('journeys', 'Journeys and steps with no code', c.journeysWithoutCode.map((j) => h('span', {}, refButton(j.ref, j.name), ' ', h('code', {}, j.ref))), 'None: every journey has code.'),
      gapList(
        'components',
        'Components with no journey',
        c.componentsWithoutJourney.map((x) => h('span', {}, refButton(x.id, x.name), ` ${plural(x.files, 'file')}${x.owner ? ` · ${x.owner}` : ''}`)),
        'None.',
      ),
      gapList(
        'negative',
        'Negative feedback, no journey (by pain)',
        c.negativeFilesWithoutJourney.map((f) =>
          h(
            'span',
            {},
            h('button', { class: 'link path', attrs: { type: 'button', 'aria-label': `${f.path}: ${f.negative} negative of ${f.feedback}; open the file` }, on: { click: () => post({ type: 'openFile', path: f.path }) } }, f.path),
            ` ${f.negative} negative of ${f.feedback}`,
          ),
        ),
        'None.',
      ),
      gapList(
        'unknown',
        'Unknown references in @cx annotations',
        c.unknownAnnotations.map((u) =>
          h(
            'span',
            {},
            h(
              'button',
              { class: 'link path', attrs: { type: 'button', 'aria-label': `${u.ref} at ${u.path} line ${u.line}; open the place` }, on: { click: () => post({ type: 'openFile', path: u.path, line: u.line, column: u.column }) } },
              `${u.path}:${u.line}:${u.column}`,
            ),
            ' ',
            h('code', {}, u.ref),
            u.suggestions.length ? ` — did you mean ${u.suggestions.join(' or ')}?` : '',
          ),
        ),
        'None.',
      ),
    ),
  );
}

// ---- messages ----------------------------------------------------------------------------------------------------

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = CoverageHostMessage.safeParse(event.data);
  if (!parsed.success) return;
  const m = parsed.data;
  folderName = m.folder;
  // Which of the host's fetches this is (tests read it: a hidden panel fetches nothing until it shows).
  app.setAttribute('data-seq', String(m.seq));
  if (!m.report) {
    shown = undefined;
    title.textContent = `Coverage Map: ${m.folder}`;
    meta.textContent = '';
    status.textContent = m.message ?? 'No coverage report.';
    status.hidden = false;
    content.hidden = true;
    content.removeAttribute('aria-busy');
    return;
  }
  const { version: _version, ...report } = m.report;
  shown = report as CoverageReport;
  // The filters applied: what names nothing (the data changed) was dropped.
  filter = m.filter ?? {};
  saveState();
  choices = m.choices ?? { journeys: [], owners: [], folders: [] };
  maxFeedback = m.maxFileFeedback ?? 0;
  matrixComponents = m.matrixComponents ?? shown.matrix.components.length;
  status.hidden = true;
  content.hidden = false;
  content.removeAttribute('aria-busy');
  render();
});

let resizeTimer: ReturnType<typeof setTimeout> | undefined;
new ResizeObserver(() => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(drawTreemap, 100);
}).observe(treemap);

post({ type: 'ready', filter });
