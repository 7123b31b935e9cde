/**
 * The Journeys and Feedback trees as plain data: which nodes a node has, and how each looks (label, description,
 * icon, tooltip, what a click does). Pure (no `vscode`), so plain unit tests cover it; src/extension/views/trees.ts
 * turns these into `vscode.TreeItem`s.
 */
import type { OutlineEntry, OutlineResult, TreeFiles } from '../../protocol/lsp';
import type { FeedbackItem } from '../../core/cxIndex';
import { pushTo } from '../../core/multiMap';
import { pct } from '../../core/text';
import { isWebUrl } from '../../protocol/webview';

/** The outline and files of one workspace folder with a `.cx/`. */
export interface FolderData {
  /** The workspace folder URI. */
  uri: string;
  name: string;
  outline: NonNullable<OutlineResult>;
  /** How many files each component has. */
  componentFileCounts: ReadonlyMap<string, number>;
  /** The files of the components loaded so far: the data source loads a component's when the tree expands it. */
  componentFiles: Map<string, readonly string[]>;
  /** The files with `@cx` annotations, with every ref they serve and their components. */
  annotated: TreeFiles['annotated'];
}

/** A tooltip as parts: the adapter escapes `title` and `text` (they are data) and never trusts the result. */
export interface Tooltip {
  title?: string;
  text?: string;
  lines?: string[];
}

/** What a click on a node does. */
export type NodeAction =
  | { kind: 'definition'; folder: string; ref: string; definition?: OutlineEntry['definition'] }
  | { kind: 'file'; uri: string }
  | { kind: 'reveal'; folder: string; item: FeedbackItem }
  | { kind: 'more'; group: string };

/** How a node looks; `icon` is a codicon id, `color` a theme colour id. */
export interface NodeView {
  id: string;
  label: string;
  description?: string;
  tooltip?: Tooltip;
  icon?: { id: string; color?: string };
  /** A file node: its URI, so the file icon theme applies. */
  resourceUri?: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  contextValue?: string;
  action?: NodeAction;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** `folder` URI + `/` + workspace-relative path. */
export function fileUri(folder: string, path: string): string {
  return `${folder.replace(/\/+$/, '')}/${path.split('/').map(encodeURIComponent).join('/')}`;
}

function feedbackSummary(e: OutlineEntry): string {
  if (!e.feedback.total) return 'no feedback';
  const neg = e.feedback.negativeShare !== undefined && e.feedback.current ? `, ${pct(e.feedback.negativeShare)} negative` : '';
  return `${plural(e.feedback.total, 'feedback', 'feedback')}${neg}`;
}

function entryTooltip(e: OutlineEntry, kind: string, extra: string[] = []): Tooltip {
  return {
    title: `${e.name} (${kind} ${e.ref})`,
    ...(e.outcome ? { text: e.outcome } : {}),
    lines: [
      ...(e.owner ? [`Owner: ${e.owner}`] : []),
      ...(e.offTarget.length ? [`Off target: ${e.offTarget.join(', ')}`] : []),
      e.feedback.total
        ? `Feedback: ${e.feedback.total} in all, ${e.feedback.current} in the current window${e.feedback.negativeShare !== undefined && e.feedback.current ? ` (${pct(e.feedback.negativeShare)} negative)` : ''}`
        : 'No feedback',
      ...extra,
    ],
  };
}

function healthIcon(e: OutlineEntry, fallback: string): NodeView['icon'] {
  if (e.health === 'warning') return { id: 'warning', color: 'list.warningForeground' };
  return { id: fallback };
}

// ---- Journeys tree ---------------------------------------------------------------------------------------------

export type JourneyNode =
  | { kind: 'folder'; folder: string }
  | { kind: 'journey'; folder: string; ref: string }
  | { kind: 'step'; folder: string; ref: string }
  | { kind: 'component'; folder: string; id: string; under: string }
  | { kind: 'file'; folder: string; path: string; under: string }
  | { kind: 'message'; id: string; text: string };

/** The top level: one node per folder when several have a `.cx/`, else the journeys of the only one. */
export function journeyRoots(folders: readonly FolderData[]): JourneyNode[] {
  if (folders.length === 0) return [{ kind: 'message', id: 'none', text: 'No workspace folder with a .cx/ folder' }];
  if (folders.length > 1) return folders.map((f) => ({ kind: 'folder', folder: f.uri }));
  return folderJourneys(folders[0]!);
}

function folderJourneys(f: FolderData): JourneyNode[] {
  if (!f.outline.journeys.length) return [{ kind: 'message', id: `${f.uri}#none`, text: 'No journeys yet: define them in .cx/journeys.yaml' }];
  return f.outline.journeys.map((j) => ({ kind: 'journey', folder: f.uri, ref: j.ref }));
}

/** A folder's components and annotated files by the refs they list or serve, made once per folder's data. */
const byRef = new WeakMap<FolderData, { components: Map<string, string[]>; annotated: Map<string, TreeFiles['annotated']> }>();

function refLookups(f: FolderData) {
  let lookups = byRef.get(f);
  if (!lookups) {
    const components = new Map<string, string[]>();
    for (const c of f.outline.components) for (const ref of new Set(c.journeys)) pushTo(components, ref, c.ref);
    const annotated = new Map<string, TreeFiles['annotated']>();
    for (const file of f.annotated) for (const ref of new Set(file.refs)) pushTo(annotated, ref, file);
    byRef.set(f, (lookups = { components, annotated }));
  }
  return lookups;
}

/** The components that list `ref`, in the outline's order. */
function componentsListing(f: FolderData, ref: string): readonly string[] {
  return refLookups(f).components.get(ref) ?? [];
}

/**
 * Files that serve `ref` by an `@cx` annotation rather than through one of their components (a file serves a ref
 * by an annotation or by a component listing it: these are among the annotated files).
 */
function annotatedFiles(f: FolderData, ref: string): string[] {
  const serving = new Set(componentsListing(f, ref));
  return (refLookups(f).annotated.get(ref) ?? []).filter((file) => !file.components.some((c) => serving.has(c))).map((file) => file.path);
}

export function journeyChildren(node: JourneyNode, folders: readonly FolderData[]): JourneyNode[] {
  const f = folders.find((x) => x.uri === ('folder' in node ? node.folder : ''));
  if (!f) return [];
  const componentsServing = (ref: string): JourneyNode[] => componentsListing(f, ref).map((id) => ({ kind: 'component', folder: f.uri, id, under: ref }));
  const files = (ref: string): JourneyNode[] => annotatedFiles(f, ref).map((path) => ({ kind: 'file', folder: f.uri, path, under: ref }));
  switch (node.kind) {
    case 'folder':
      return folderJourneys(f);
    case 'journey': {
      const j = f.outline.journeys.find((x) => x.ref === node.ref);
      if (!j) return [];
      return [...j.steps.map((s): JourneyNode => ({ kind: 'step', folder: f.uri, ref: s.ref })), ...componentsServing(j.ref), ...files(j.ref)];
    }
    case 'step':
      return [...componentsServing(node.ref), ...files(node.ref)];
    case 'component':
      return (f.componentFiles.get(node.id) ?? []).map((path) => ({ kind: 'file', folder: f.uri, path, under: `${node.under}>${node.id}` }));
    default:
      return [];
  }
}

function findEntry(f: FolderData, ref: string): OutlineEntry | undefined {
  for (const j of f.outline.journeys) {
    if (j.ref === ref) return j;
    const s = j.steps.find((x) => x.ref === ref);
    if (s) return s;
  }
  return undefined;
}

export function journeyItem(node: JourneyNode, folders: readonly FolderData[]): NodeView {
  if (node.kind === 'message') return { id: `msg:${node.id}`, label: node.text, collapsible: 'none', icon: { id: 'info' } };
  const f = folders.find((x) => x.uri === node.folder);
  const idBase = `${node.folder}#`;
  if (!f) return { id: `${idBase}gone`, label: '(gone)', collapsible: 'none' };
  switch (node.kind) {
    case 'folder': {
      const warnings = f.outline.journeys.filter((j) => j.health === 'warning').length;
      return {
        id: `${idBase}folder`,
        label: f.name,
        description: `${plural(f.outline.journeys.length, 'journey')}${warnings ? `, ${warnings} off target` : ''}`,
        icon: { id: 'root-folder' },
        collapsible: 'expanded',
        contextValue: 'cxFolder',
      };
    }
    case 'journey':
    case 'step': {
      const e = findEntry(f, node.ref);
      if (!e) return { id: `${idBase}${node.kind}:${node.ref}`, label: node.ref, collapsible: 'none' };
      const children = journeyChildren(node, folders).length;
      // The off-target metrics' names are in the tooltip: the description stays short enough to read.
      const parts = [e.health === 'warning' ? 'off target' : undefined, feedbackSummary(e)];
      return {
        id: `${idBase}${node.kind}:${node.ref}`,
        label: e.name,
        description: parts.filter(Boolean).join(' · '),
        tooltip: entryTooltip(e, node.kind),
        icon: healthIcon(e, node.kind === 'journey' ? 'compass' : 'milestone'),
        collapsible: children ? (node.kind === 'journey' ? 'expanded' : 'collapsed') : 'none',
        contextValue: node.kind === 'journey' ? 'cxJourney' : 'cxStep',
        action: { kind: 'definition', folder: f.uri, ref: e.ref, ...(e.definition ? { definition: e.definition } : {}) },
      };
    }
    case 'component': {
      const c = f.outline.components.find((x) => x.ref === node.id);
      const files = f.componentFileCounts.get(node.id) ?? 0;
      const label = c?.name ?? node.id;
      return {
        id: `${idBase}component:${node.under}>${node.id}`,
        label,
        description: [c?.owner, plural(files, 'file'), c ? feedbackSummary(c) : undefined].filter(Boolean).join(' · '),
        ...(c ? { tooltip: entryTooltip(c, 'component', [`Serves: ${c.journeys.join(', ') || 'nothing'}`]) } : {}),
        icon: { id: 'package' },
        collapsible: files ? 'collapsed' : 'none',
        contextValue: 'cxComponent',
        action: { kind: 'definition', folder: f.uri, ref: node.id, ...(c?.definition ? { definition: c.definition } : {}) },
      };
    }
    case 'file': {
      const slash = node.path.lastIndexOf('/');
      const uri = fileUri(f.uri, node.path);
      return {
        id: `${idBase}file:${node.under}>${node.path}`,
        label: node.path.slice(slash + 1),
        ...(slash > 0 ? { description: node.path.slice(0, slash) } : {}),
        tooltip: { title: node.path },
        resourceUri: uri,
        collapsible: 'none',
        contextValue: 'cxFile',
        action: { kind: 'file', uri },
      };
    }
  }
}

// ---- Feedback tree ---------------------------------------------------------------------------------------------

/** What a feedback group lists: untagged records, or those about a journey (with its steps) or component. */
export type GroupQuery = { untagged: true } | { ref: string };

export type FeedbackNode =
  | { kind: 'folder'; folder: string }
  | { kind: 'inbox'; folder: string }
  | { kind: 'byJourney'; folder: string }
  | { kind: 'byComponent'; folder: string }
  | { kind: 'group'; folder: string; of: 'journey' | 'component'; ref: string }
  | { kind: 'record'; folder: string; group: string; item: FeedbackItem }
  | { kind: 'more'; folder: string; group: string; shown: number; total: number }
  | { kind: 'message'; id: string; text: string };

/** A page of a group's records as the tree has loaded it. */
export interface GroupPage {
  total: number;
  items: FeedbackItem[];
}

/** The key of a group's records in the provider's cache, and of the `more` node that loads more of them. */
export function groupKey(folder: string, q: GroupQuery): string {
  return 'untagged' in q ? `${folder}#inbox` : `${folder}#ref:${q.ref}`;
}

export function feedbackRoots(folders: readonly FolderData[]): FeedbackNode[] {
  if (folders.length === 0) return [{ kind: 'message', id: 'none', text: 'No workspace folder with a .cx/ folder' }];
  if (folders.length > 1) return folders.map((f) => ({ kind: 'folder', folder: f.uri }));
  return folderGroups(folders[0]!.uri);
}

function folderGroups(folder: string): FeedbackNode[] {
  return [
    { kind: 'inbox', folder },
    { kind: 'byJourney', folder },
    { kind: 'byComponent', folder },
  ];
}

/** The query behind a node whose children are records. */
export function groupQueryOf(node: FeedbackNode): GroupQuery | undefined {
  if (node.kind === 'inbox') return { untagged: true };
  if (node.kind === 'group') return { ref: node.ref };
  return undefined;
}

/**
 * Children of a node. Record lists come from `pages` (what the provider has fetched, keyed by {@link groupKey});
 * a list with more records than loaded ends with a `more` node.
 */
export function feedbackChildren(node: FeedbackNode, folders: readonly FolderData[], pages: ReadonlyMap<string, GroupPage>): FeedbackNode[] {
  const f = folders.find((x) => x.uri === ('folder' in node ? node.folder : ''));
  if (!f) return [];
  switch (node.kind) {
    case 'folder':
      return folderGroups(f.uri);
    case 'byJourney':
      if (!f.outline.journeys.length) return [{ kind: 'message', id: `${f.uri}#noJourneys`, text: 'No journeys defined' }];
      return f.outline.journeys.map((j) => ({ kind: 'group', folder: f.uri, of: 'journey', ref: j.ref }));
    case 'byComponent':
      if (!f.outline.components.length) return [{ kind: 'message', id: `${f.uri}#noComponents`, text: 'No components defined' }];
      return f.outline.components.map((c) => ({ kind: 'group', folder: f.uri, of: 'component', ref: c.ref }));
    case 'inbox':
    case 'group': {
      const key = groupKey(f.uri, groupQueryOf(node)!);
      const page = pages.get(key);
      if (!page) return [];
      if (!page.items.length) {
        return [{ kind: 'message', id: `${key}#empty`, text: node.kind === 'inbox' ? 'Inbox zero: every record is tagged' : 'No feedback' }];
      }
      const records: FeedbackNode[] = page.items.map((item) => ({ kind: 'record', folder: f.uri, group: key, item }));
      if (page.total > page.items.length) records.push({ kind: 'more', folder: f.uri, group: key, shown: page.items.length, total: page.total });
      return records;
    }
    default:
      return [];
  }
}

/** The first words of a customer's text, at most `max` characters, cut at a word. */
export function firstWords(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:!?-]+$/, '')}…`;
}

const SENTIMENT_ICON = {
  negative: { id: 'thumbsdown', color: 'charts.red' },
  positive: { id: 'thumbsup', color: 'charts.green' },
  neutral: { id: 'comment' },
} as const;

export function feedbackItem(node: FeedbackNode, folders: readonly FolderData[], pages: ReadonlyMap<string, GroupPage>): NodeView {
  if (node.kind === 'message') return { id: `msg:${node.id}`, label: node.text, collapsible: 'none', icon: { id: 'info' } };
  const f = folders.find((x) => x.uri === node.folder);
  const idBase = `${node.folder}#`;
  if (!f) return { id: `${idBase}gone`, label: '(gone)', collapsible: 'none' };
  const loadedTotal = (q: GroupQuery) => pages.get(groupKey(f.uri, q))?.total;
  switch (node.kind) {
    case 'folder':
      return { id: `${idBase}folder`, label: f.name, icon: { id: 'root-folder' }, collapsible: 'expanded', contextValue: 'cxFolder' };
    case 'inbox': {
      const total = loadedTotal({ untagged: true });
      return {
        id: `${idBase}inbox`,
        label: 'Inbox',
        ...(total !== undefined ? { description: total ? `${total} untagged` : 'all tagged' } : {}),
        tooltip: { title: 'Feedback not yet tagged to a journey, step, component or file' },
        icon: { id: 'inbox' },
        collapsible: 'collapsed',
        contextValue: 'cxInbox',
      };
    }
    case 'byJourney':
      return {
        id: `${idBase}byJourney`,
        label: 'By journey',
        description: plural(f.outline.journeys.length, 'journey'),
        icon: { id: 'compass' },
        collapsible: 'collapsed',
        contextValue: 'cxByJourney',
      };
    case 'byComponent':
      return {
        id: `${idBase}byComponent`,
        label: 'By component',
        description: plural(f.outline.components.length, 'component'),
        icon: { id: 'package' },
        collapsible: 'collapsed',
        contextValue: 'cxByComponent',
      };
    case 'group': {
      const e = node.of === 'journey' ? f.outline.journeys.find((j) => j.ref === node.ref) : f.outline.components.find((c) => c.ref === node.ref);
      const total = loadedTotal({ ref: node.ref }) ?? e?.feedback.total;
      const negative = e?.feedback.current && e.feedback.negativeShare !== undefined ? `${pct(e.feedback.negativeShare)} negative` : undefined;
      const description = [total, negative].filter((x) => x !== undefined).join(' · ');
      return {
        id: `${idBase}group:${node.of}:${node.ref}`,
        label: e?.name ?? node.ref,
        ...(description ? { description } : {}),
        ...(e ? { tooltip: entryTooltip(e, node.of) } : {}),
        icon: e ? healthIcon(e, node.of === 'journey' ? 'compass' : 'package') : { id: 'compass' },
        collapsible: total === 0 ? 'none' : 'collapsed',
        contextValue: node.of === 'journey' ? 'cxJourneyGroup' : 'cxComponentGroup',
      };
    }
    case 'record': {
      const r = node.item;
      const url = r.url && isWebUrl(r.url);
      return {
        id: `${node.group}>${r.id}`,
        label: firstWords(r.title ? `${r.title}: ${r.text}` : r.text) || `(no text) ${r.id}`,
        description: [r.date.slice(0, 10), r.source].filter(Boolean).join(' · '),
        tooltip: {
          ...(r.title ? { title: r.title } : {}),
          text: r.text,
          lines: [[r.id, r.date.slice(0, 10), r.source, r.sentiment, r.score ? `${r.score.type} ${r.score.value}` : undefined, r.segment].filter(Boolean).join(' · ')],
        },
        icon: r.sentiment ? SENTIMENT_ICON[r.sentiment] : { id: 'comment' },
        collapsible: 'none',
        contextValue: url ? 'cxRecordWithUrl' : 'cxRecord',
        action: { kind: 'reveal', folder: f.uri, item: r },
      };
    }
    case 'more':
      return {
        id: `${node.group}#more`,
        label: `Load more… (${node.shown} of ${node.total})`,
        icon: { id: 'ellipsis' },
        collapsible: 'none',
        contextValue: 'cxMore',
        action: { kind: 'more', group: node.group },
      };
  }
}
