/**
 * The Customer Context view's browser script. It renders the host's ContextModel and pages of the feedback list,
 * and asks the host for what it cannot do itself (pages, opening links and definitions, running commands). Every
 * message is checked against src/protocol/webview.ts on arrival; every string is put in the DOM as text.
 * State (model, filters, rows loaded, scroll) is kept with `setState`, so hiding and showing the view loses nothing.
 */
// First: the schemas below are built with zod's settings.
import './zodConfig';
import {
  DEFAULT_FILTERS,
  HostMessage,
  PAGE_SIZE,
  SPARK_HEIGHT,
  SPARK_WIDTH,
  WebviewState,
} from '../protocol/webview';
import type {
  ContextModel,
  EmptyState,
  FeedbackFilters,
  FeedbackRow,
  MetricTile,
  Period,
  RefCard,
  StatTile,
  WebviewMessage,
} from '../protocol/webview';
import { h, icon, replaceChildren, svg } from './dom';
import { vscode } from './vscodeApi';

const post = (m: WebviewMessage) => vscode.postMessage(m);

// ---- state -----------------------------------------------------------------------------------------------------

const saved = WebviewState.safeParse(vscode.getState());
let seq = saved.success ? saved.data.seq : 0;
let model: ContextModel | undefined = saved.success ? saved.data.model : undefined;
let filters: FeedbackFilters = saved.success ? saved.data.filters : { ...DEFAULT_FILTERS };
/** Rows to load at once after a reload, to restore the list as it was. */
let restoreRows = saved.success ? saved.data.loaded : 0;
let restoreScroll = saved.success ? saved.data.scrollY : 0;
/** The file whose list `restoreRows` describes. */
const restoredPath = saved.success ? saved.data.model?.file?.path : undefined;

let queryNo = 0;
let pendingQuery: number | undefined;
let loaded = 0;
let total = 0;
let facets: { source: string[]; segment: string[] } = { source: [], segment: [] };

function saveState(): void {
  const state: WebviewState = { seq, filters, loaded, scrollY: Math.max(0, Math.round(window.scrollY)), ...(model ? { model } : {}) };
  vscode.setState(state);
}

// ---- layout ----------------------------------------------------------------------------------------------------

const app = document.getElementById('app') ?? document.body.appendChild(h('main', { attrs: { id: 'app' } }));
const header = h('header', { class: 'file' });
const revealSection = h('section', { class: 'revealed', attrs: { 'aria-label': 'Selected feedback', hidden: true } });
const cursorSection = h('section', { class: 'cursor-feedback', attrs: { 'aria-label': 'Feedback about the lines at the cursor', hidden: true } });
const refsSection = h('section', { class: 'refs', attrs: { 'aria-label': 'Journeys and steps this file serves' } });
const emptySection = h('section', { class: 'empty', attrs: { hidden: true, role: 'status' } });

const searchInput = h('input', {
  class: 'search',
  attrs: { type: 'search', placeholder: 'Search feedback', 'aria-label': 'Search feedback', maxlength: 500, spellcheck: false },
});
const sourceSelect = h('select', { attrs: { 'aria-label': 'Source' } });
const sentimentSelect = h('select', { attrs: { 'aria-label': 'Sentiment' } });
const segmentSelect = h('select', { attrs: { 'aria-label': 'Segment' } });
const periodSelect = h('select', { attrs: { 'aria-label': 'Period' } });
const sortSelect = h('select', { attrs: { 'aria-label': 'Order' } });
const listHeading = h('h2', { attrs: { id: 'feedback-heading' } }, 'Feedback');
const list = h('ul', { class: 'feedback-list', attrs: { 'aria-labelledby': 'feedback-heading' } });
const listStatus = h('p', { class: 'list-status', attrs: { role: 'status', 'aria-live': 'polite' } });
const moreButton = h('button', { class: 'secondary more', attrs: { type: 'button', hidden: true }, on: { click: () => loadMore() } }, 'Load more');
const feedbackSection = h(
  'section',
  { class: 'feedback', attrs: { 'aria-labelledby': 'feedback-heading', hidden: true } },
  listHeading,
  h('div', { class: 'filters', attrs: { role: 'group', 'aria-label': 'Filter feedback' } },
    searchInput,
    h('div', { class: 'selects' }, sourceSelect, sentimentSelect, segmentSelect, periodSelect, sortSelect)),
  listStatus,
  list,
  moreButton,
);
app.replaceChildren(header, revealSection, emptySection, cursorSection, refsSection, feedbackSection);

function fillSelect(select: HTMLSelectElement, options: readonly (readonly [string, string])[], value: string): void {
  replaceChildren(select, ...options.map(([v, label]) => h('option', { attrs: { value: v, selected: v === value } }, label)));
  select.value = value;
}

const PERIODS: readonly (readonly [Period, string])[] = [
  ['all', 'All time'],
  ['7', 'Last 7 days'],
  ['30', 'Last 30 days'],
  ['90', 'Last 90 days'],
];

function renderFilters(): void {
  const withSelected = (values: string[], selected: string | undefined) => (selected && !values.includes(selected) ? [selected, ...values] : values);
  fillSelect(sourceSelect, [['', 'All sources'], ...withSelected(facets.source, filters.source).map((s) => [s, s] as const)], filters.source ?? '');
  fillSelect(sentimentSelect, [['', 'Any sentiment'], ['negative', 'Negative'], ['neutral', 'Neutral'], ['positive', 'Positive']], filters.sentiment ?? '');
  fillSelect(segmentSelect, [['', 'All segments'], ...withSelected(facets.segment, filters.segment).map((s) => [s, s] as const)], filters.segment ?? '');
  fillSelect(periodSelect, PERIODS, filters.period);
  fillSelect(sortSelect, [['recent', 'Newest first'], ['negative', 'Most negative first']], filters.sort);
  if (searchInput.value !== filters.search) searchInput.value = filters.search;
}

function onFilterChange(): void {
  const sentiment = sentimentSelect.value;
  filters = {
    ...(sourceSelect.value ? { source: sourceSelect.value } : {}),
    ...(sentiment === 'negative' || sentiment === 'neutral' || sentiment === 'positive' ? { sentiment } : {}),
    ...(segmentSelect.value ? { segment: segmentSelect.value } : {}),
    period: (PERIODS.find(([p]) => p === periodSelect.value)?.[0] ?? 'all'),
    search: searchInput.value.slice(0, 500),
    sort: sortSelect.value === 'negative' ? 'negative' : 'recent',
  };
  saveState();
  query(0, PAGE_SIZE);
}

for (const s of [sourceSelect, sentimentSelect, segmentSelect, periodSelect, sortSelect]) s.addEventListener('change', onFilterChange);
let searchTimer: ReturnType<typeof setTimeout> | undefined;
searchInput.addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(onFilterChange, 250);
});
searchInput.addEventListener('keydown', (e) => {
  if (e.key !== 'Enter') return;
  clearTimeout(searchTimer);
  onFilterChange();
});

let scrollTimer: ReturnType<typeof setTimeout> | undefined;
window.addEventListener('scroll', () => {
  clearTimeout(scrollTimer);
  scrollTimer = setTimeout(saveState, 200);
}, { passive: true });

// ---- rendering -------------------------------------------------------------------------------------------------

function badge(text: string, cls: string, title?: string): HTMLElement {
  return h('span', { class: `badge ${cls}`, attrs: { title } }, text);
}

function renderHeader(m: ContextModel): void {
  if (!m.file) {
    header.hidden = true;
    return;
  }
  header.hidden = false;
  const f = m.file;
  replaceChildren(
    header,
    h('div', { class: 'file-line' },
      h('h1', { class: 'file-name', attrs: { title: f.path } }, f.name),
      f.health === 'warning' ? badge('off target', 'warning', 'A metric of a journey this file serves misses its target') : null),
    f.path !== f.name ? h('div', { class: 'file-path' }, f.path) : null,
    f.components.length
      ? h('div', { class: 'components' }, 'Components: ',
        ...f.components.flatMap((c, i) => [i ? ', ' : '', h('span', { class: 'component' }, c.name), c.owner ? h('span', { class: 'owner' }, ` ${c.owner}`) : '']))
      : null,
  );
}

function sparkline(t: MetricTile): Node | null {
  const s = t.sparkline;
  if (!s) return null;
  return svg('svg', { class: 'sparkline', viewBox: `0 0 ${SPARK_WIDTH} ${SPARK_HEIGHT}`, width: SPARK_WIDTH, height: SPARK_HEIGHT, role: 'img', 'aria-label': `Trend of ${t.name}`, preserveAspectRatio: 'none' },
    svg('title', {}, `Trend of ${t.name}`),
    s.targetY !== undefined ? svg('line', { class: 'target', x1: 0, x2: SPARK_WIDTH, y1: s.targetY, y2: s.targetY }) : null,
    svg('path', { class: 'series', d: s.path }),
    svg('circle', { class: 'last', cx: s.last.x, cy: s.last.y, r: 2.5 }));
}

function metricTile(t: MetricTile): HTMLElement {
  return h('li', { class: `tile metric tone-${t.tone}${t.offTarget ? ' off-target' : ''}`, attrs: { 'aria-label': t.label, 'data-key': t.key } },
    h('div', { class: 'tile-name' }, t.name),
    h('div', { class: 'tile-value' },
      h('span', { class: 'value' }, t.value),
      t.arrow ? h('span', { class: 'arrow', attrs: { 'aria-hidden': 'true' } }, ` ${t.arrow}`) : null),
    h('div', { class: 'tile-meta' },
      t.target ? h('span', { class: 'target' }, t.target) : null,
      t.offTarget ? badge('off target', 'warning') : null),
    sparkline(t),
    t.change ? h('div', { class: 'tile-change' }, t.change) : null);
}

function statTile(t: StatTile): HTMLElement {
  return h('li', { class: `tile stat tone-${t.tone}`, attrs: { 'aria-label': t.label, 'data-stat': t.id } },
    h('div', { class: 'tile-name' }, t.name),
    h('div', { class: 'tile-value' },
      h('span', { class: 'value' }, t.value),
      t.arrow ? h('span', { class: 'arrow', attrs: { 'aria-hidden': 'true' } }, ` ${t.arrow}`) : null),
    h('div', { class: 'tile-change' }, t.change));
}

function feedbackRow(r: FeedbackRow): HTMLElement {
  const meta = [r.date, r.source, r.segment].filter((x): x is string => !!x);
  return h('li', { class: `row sentiment-${r.sentiment ?? 'none'}`, attrs: { 'data-id': r.id } },
    h('div', { class: 'row-head' },
      r.sentiment ? badge(r.sentiment, `sentiment ${r.sentiment}`) : null,
      r.score ? badge(r.score, 'score') : null,
      r.lines ? badge(r.lines, 'lines') : null,
      h('span', { class: 'meta' }, meta.join(' · '))),
    r.title ? h('div', { class: 'row-title' }, r.title) : null,
    h('blockquote', { class: 'quote' }, r.text),
    h('div', { class: 'row-actions' },
      h('span', { class: 'row-id' }, r.id),
      r.url
        ? h('button', { class: 'link', attrs: { type: 'button', title: r.url, 'aria-label': `Open the original of ${r.id}` }, on: { click: () => post({ type: 'openExternal', url: r.url! }) } },
          icon('link-external'), ' Open original')
        : null,
      h('button', { class: 'link', attrs: { type: 'button', 'aria-label': `Tag ${r.id}` }, on: { click: () => post({ type: 'tagFeedback', id: r.id }) } },
        icon('tag'), ' Tag…')));
}

function refCard(r: RefCard): HTMLElement {
  return h('article', { class: `ref health-${r.health}${r.atCursor ? ' at-cursor' : ''}`, attrs: { 'data-ref': r.ref, 'aria-label': r.title } },
    h('div', { class: 'ref-head' },
      h('h2', {},
        h('button', { class: 'link ref-title', attrs: { type: 'button', title: `Open the definition of ${r.ref}` }, on: { click: () => post({ type: 'openRef', ref: r.ref }) } },
          r.health === 'warning' ? icon('warning') : null, r.title)),
      h('div', { class: 'badges' },
        h('span', { class: 'badge kind' }, r.kind),
        r.atCursor ? badge('at cursor', 'cursor') : null)),
    r.outcome ? h('p', { class: 'outcome' }, r.outcome) : null,
    r.journeyOutcome ? h('p', { class: 'journey-outcome' }, `Journey: ${r.journeyOutcome}`) : null,
    h('p', { class: 'ref-meta' },
      r.owner ? h('span', { class: 'owner' }, `Owner ${r.owner}`) : null,
      r.owner && r.via.length ? ' · ' : null,
      r.via.length ? h('span', { class: 'via' }, `via ${r.via.join(', ')}`) : null),
    r.metrics.length ? h('ul', { class: 'tiles metrics', attrs: { 'aria-label': 'Metrics' } }, ...r.metrics.map(metricTile)) : null,
    r.stats.length
      ? h('div', { class: 'window' }, `Feedback · ${r.window}`)
      : h('div', { class: 'window' }, `No feedback · ${r.window}, nor in the window before`),
    r.stats.length ? h('ul', { class: 'tiles stats', attrs: { 'aria-label': 'Feedback metrics' } }, ...r.stats.map(statTile)) : null,
    r.quotes.length
      ? h('div', { class: 'quotes' }, h('h3', {}, 'Most negative'), h('ul', { class: 'feedback-list' }, ...r.quotes.map(feedbackRow)))
      : null);
}

function renderEmpty(e: EmptyState | undefined): void {
  if (!e) {
    emptySection.hidden = true;
    return;
  }
  emptySection.hidden = false;
  emptySection.className = `empty empty-${e.kind}`;
  replaceChildren(
    emptySection,
    h('h2', {}, e.title),
    e.message ? h('p', {}, e.message) : null,
    e.action ? h('button', { class: 'primary', attrs: { type: 'button' }, on: { click: () => post({ type: 'linkFile' }) } }, e.action.label) : null,
  );
}

function render(m: ContextModel): void {
  renderHeader(m);
  renderEmpty(m.empty);
  if (m.cursor) {
    cursorSection.hidden = false;
    replaceChildren(cursorSection, h('h2', {}, icon('location'), ` About line ${m.cursor.line + 1}`),
      h('ul', { class: 'feedback-list' }, ...m.cursor.feedback.map(feedbackRow)));
  } else {
    cursorSection.hidden = true;
    cursorSection.replaceChildren();
  }
  replaceChildren(refsSection, ...m.refs.map(refCard));
  feedbackSection.hidden = !m.feedback;
  document.body.dataset.state = m.empty?.kind ?? 'ready';
}

// ---- the feedback list -----------------------------------------------------------------------------------------

function query(offset: number, limit: number): void {
  if (!model?.feedback) return;
  pendingQuery = ++queryNo;
  if (offset === 0) listStatus.textContent = 'Loading…';
  moreButton.disabled = true;
  post({ type: 'queryFeedback', query: pendingQuery, context: seq, filters, offset, limit: Math.min(500, Math.max(1, limit)) });
}

function loadMore(): void {
  query(loaded, PAGE_SIZE);
}

function onPage(m: Extract<HostMessage, { type: 'feedbackPage' }>): void {
  if (m.query !== pendingQuery) return; // an older query: its answer is stale
  pendingQuery = undefined;
  const fragment = document.createDocumentFragment();
  for (const r of m.rows) fragment.appendChild(feedbackRow(r));
  if (m.offset === 0) list.replaceChildren(fragment);
  else list.appendChild(fragment);
  loaded = m.offset + m.rows.length;
  total = m.total;
  facets = m.facets;
  renderFilters();
  listHeading.textContent = `Feedback (${total.toLocaleString('en-US')})`;
  listStatus.textContent = total === 0 ? 'No feedback matches these filters.' : `Showing ${loaded.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}`;
  moreButton.hidden = loaded >= total;
  moreButton.disabled = false;
  moreButton.textContent = `Load ${Math.min(PAGE_SIZE, total - loaded)} more`;
  saveState();
  if (restoreScroll) {
    window.scrollTo(0, restoreScroll);
    restoreScroll = 0;
  }
}

// ---- messages from the host ------------------------------------------------------------------------------------

function reveal(m: Extract<HostMessage, { type: 'reveal' }>): void {
  if (m.filters) {
    filters = m.filters;
    renderFilters();
    saveState();
    query(0, PAGE_SIZE);
    if (!m.row && !m.ref) feedbackSection.scrollIntoView({ block: 'start' });
  }
  if (m.row) {
    revealSection.hidden = false;
    replaceChildren(revealSection,
      h('div', { class: 'revealed-head' },
        h('h2', {}, 'Selected feedback'),
        h('button', { class: 'link', attrs: { type: 'button', 'aria-label': 'Close the selected feedback' }, on: { click: () => { revealSection.hidden = true; } } }, 'Close')),
      h('ul', { class: 'feedback-list' }, feedbackRow(m.row)));
    revealSection.scrollIntoView({ block: 'start' });
    revealSection.querySelector<HTMLElement>('button')?.focus();
  }
  if (m.ref) {
    const card = Array.from(refsSection.querySelectorAll<HTMLElement>('article.ref')).find((a) => a.dataset.ref === m.ref);
    if (!card) return;
    card.scrollIntoView({ block: 'start' });
    card.classList.add('flash');
    setTimeout(() => card.classList.remove('flash'), 1500);
    card.querySelector<HTMLElement>('.ref-title')?.focus();
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = HostMessage.safeParse(event.data);
  if (!parsed.success) {
    console.warn('customer context: dropped an invalid message from the host', parsed.error.issues[0]);
    return;
  }
  const m = parsed.data;
  switch (m.type) {
    case 'context': {
      const samePath = m.model.file?.path !== undefined && m.model.file.path === (model?.file?.path ?? restoredPath);
      seq = m.seq;
      model = m.model;
      render(m.model);
      const rows = samePath ? Math.max(PAGE_SIZE, restoreRows || loaded) : PAGE_SIZE;
      restoreRows = 0;
      if (!samePath) restoreScroll = 0;
      if (m.model.feedback) query(0, rows);
      else {
        list.replaceChildren();
        loaded = total = 0;
      }
      saveState();
      break;
    }
    case 'feedbackPage':
      onPage(m);
      break;
    case 'feedbackError':
      if (m.query !== pendingQuery) return;
      pendingQuery = undefined;
      moreButton.disabled = false;
      listStatus.textContent = `Could not load feedback: ${m.message}`;
      break;
    case 'reveal':
      reveal(m);
      break;
  }
});

// Show what was there before the view was hidden, at once; the host's answer to `ready` brings it up to date.
renderFilters();
if (model) render(model);
else render({ refs: [], feedback: false, windowDays: 30, empty: { kind: 'loading', title: 'Loading…', message: '' } });
post({ type: 'ready' });
