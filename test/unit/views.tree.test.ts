import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { computeCoverage } from '../../src/core/coverage';
import type { CxIndex } from '../../src/core/cxIndex';
import { loadDiskWorkspace } from '../../src/core/diskWorkspace';
import type { DiskWorkspace } from '../../src/core/diskWorkspace';
import {
  feedbackChildren,
  feedbackItem,
  feedbackRoots,
  fileUri,
  firstWords,
  groupKey,
  journeyChildren,
  journeyItem,
  journeyRoots,
} from '../../src/extension/views/treeModel';
import type { FeedbackNode, FolderData, GroupPage, JourneyNode } from '../../src/extension/views/treeModel';
import { outlineOf, treeFilesOf } from '../../src/core/outline';

const MINI = path.join(__dirname, '..', 'fixtures', 'mini');
const FOLDER = 'file:///work/mini';

/** What the server answers to customerContext/outline. */
const outline = (index: CxIndex, folder: string) => ({ ...outlineOf(index, (rel) => fileUri(folder, rel)), workspaceFolder: folder });

/** The mini workspace as the trees load it from the language server, every component's files loaded. */
function folderData(index: CxIndex): FolderData {
  const files = treeFilesOf(index);
  const componentFileCounts = new Map([...files.components].map(([id, paths]) => [id, paths.length]));
  return { uri: FOLDER, name: 'mini', outline: outline(index, FOLDER), componentFileCounts, componentFiles: files.components, annotated: files.annotated };
}

describe('Journeys tree', () => {
  let ws: DiskWorkspace;
  let folders: FolderData[];
  const labels = (nodes: JourneyNode[]) => nodes.map((n) => journeyItem(n, folders).label);

  before(async () => {
    ws = await loadDiskWorkspace(MINI, { root: '.cx', window: 30 });
    folders = [folderData(ws.index)];
  });

  it('lists the files the coverage report lists: each component\'s, and those annotated', () => {
    const { perFile } = computeCoverage(ws.index);
    const { componentFiles, componentFileCounts, annotated } = folders[0]!;
    for (const c of ws.index.componentList()) {
      const expected = perFile.filter((f) => f.components.includes(c.component.id)).map((f) => f.path);
      assert.deepEqual(componentFiles.get(c.component.id) ?? [], expected, c.component.id);
      assert.equal(componentFileCounts.get(c.component.id) ?? 0, expected.length, c.component.id);
    }
    const withAnnotations = new Set([...ws.index.sourceFiles()].filter((f) => f.annotations.length).map((f) => f.path));
    assert.ok(withAnnotations.size);
    assert.deepEqual(annotated, perFile.filter((f) => withAnnotations.has(f.path)).map((f) => ({ path: f.path, refs: f.refs, components: f.components })));
  });

  it('lists journeys at the top with health and feedback in the description', () => {
    const roots = journeyRoots(folders);
    assert.deepEqual(labels(roots), ['Checkout', 'Search', 'Refunds', 'Onboarding']);
    const checkout = journeyItem(roots[0]!, folders);
    assert.equal(checkout.description, 'off target · 4 feedback, 33% negative');
    assert.deepEqual(checkout.icon, { id: 'warning', color: 'list.warningForeground' });
    assert.equal(checkout.collapsible, 'expanded');
    assert.equal(checkout.contextValue, 'cxJourney');
    assert.deepEqual(checkout.action?.kind === 'definition' && [checkout.action.ref, checkout.action.definition?.uri, checkout.action.definition?.range.start.line],
      ['checkout', `${FOLDER}/.cx/journeys.yaml`, 1]);
    assert.deepEqual(checkout.tooltip, {
      title: 'Checkout (journey checkout)',
      text: 'Customers pay for their cart in under a minute, first time.',
      lines: ['Owner: @acme/payments', 'Off target: Checkout conversion', 'Feedback: 4 in all, 3 in the current window (33% negative)'],
    });
    const onboarding = journeyItem(roots[3]!, folders);
    assert.deepEqual([onboarding.description, onboarding.icon, onboarding.collapsible], ['no feedback', { id: 'compass' }, 'none']);
  });

  it('goes journeys → steps → components → files, with files annotated directly under their ref', () => {
    const [checkout, , refunds] = journeyRoots(folders);
    const steps = journeyChildren(checkout!, folders);
    assert.deepEqual(labels(steps), ['Cart', 'Pay']);
    const pay = steps[1]!;
    const payItem = journeyItem(pay, folders);
    assert.equal(payItem.icon?.id, 'warning');
    assert.equal(payItem.collapsible, 'collapsed');
    const components = journeyChildren(pay, folders);
    assert.deepEqual(labels(components), ['Payments API']);
    const api = journeyItem(components[0]!, folders);
    assert.equal(api.description, '@acme/payments · 2 files · 1 feedback');
    const files = journeyChildren(components[0]!, folders);
    assert.deepEqual(files.map((f) => journeyItem(f, folders)).map((f) => [f.label, f.description, f.resourceUri, f.action?.kind]), [
      ['pay.ts', 'src/payments', `${FOLDER}/src/payments/pay.ts`, 'file'],
      ['retry.ts', 'src/payments', `${FOLDER}/src/payments/retry.ts`, 'file'],
    ]);
    // retry.ts serves refunds through its @cx annotation, not through a component.
    assert.deepEqual(journeyChildren(refunds!, folders).map((n) => n.kind === 'file' && n.path), ['src/payments/retry.ts']);
  });

  it('gives every node a unique id, even a file reached along two paths', () => {
    const ids = new Set<string>();
    const walk = (nodes: JourneyNode[]) => {
      for (const n of nodes) {
        const id = journeyItem(n, folders).id;
        assert.ok(!ids.has(id), `duplicate id ${id}`);
        ids.add(id);
        walk(journeyChildren(n, folders));
      }
    };
    walk(journeyRoots(folders));
    assert.ok(ids.size > 10);
  });

  it('shows folders at the top of a multi-root workspace, and a hint with no .cx/', () => {
    const two = [folders[0]!, { ...folders[0]!, uri: 'file:///work/other', name: 'other' }];
    const roots = journeyRoots(two);
    assert.deepEqual(roots.map((r) => journeyItem(r, two).label), ['mini', 'other']);
    assert.equal(journeyItem(roots[0]!, two).description, '4 journeys, 1 off target');
    assert.deepEqual(journeyChildren(roots[1]!, two).map((n) => journeyItem(n, two).label), ['Checkout', 'Search', 'Refunds', 'Onboarding']);
    assert.deepEqual(journeyRoots([]).map((r) => journeyItem(r, [])).map((v) => v.label), ['No workspace folder with a .cx/ folder']);
  });
});

describe('Feedback tree', () => {
  let ws: DiskWorkspace;
  let folders: FolderData[];
  const pages = new Map<string, GroupPage>();
  const load = (key: string, q: Parameters<CxIndex['queryFeedback']>[0], limit = 100) => {
    const page = ws.index.queryFeedback({ ...q, limit });
    pages.set(key, { total: page.total, items: page.items });
  };

  before(async () => {
    ws = await loadDiskWorkspace(MINI, { root: '.cx', window: 30 });
    folders = [folderData(ws.index)];
  });

  it('has Inbox, By journey and By component, with counts', () => {
    const roots = feedbackRoots(folders);
    assert.deepEqual(roots.map((r) => r.kind), ['inbox', 'byJourney', 'byComponent']);
    assert.equal(feedbackItem(roots[0]!, folders, pages).description, undefined, 'no count before the inbox is loaded');
    load(groupKey(FOLDER, { untagged: true }), { untagged: true });
    assert.deepEqual(roots.map((r) => feedbackItem(r, folders, pages)).map((v) => [v.label, v.description]), [
      ['Inbox', '1 untagged'],
      ['By journey', '4 journeys'],
      ['By component', '4 components'],
    ]);
  });

  it('lists the untagged records in the Inbox: first words, full text escaped later in the tooltip', () => {
    const inbox = feedbackRoots(folders)[0]!;
    const records = feedbackChildren(inbox, folders, pages);
    assert.deepEqual(records.map((r) => r.kind === 'record' && r.item.id), ['NPS-3']);
    const v = feedbackItem(records[0]!, folders, pages);
    assert.deepEqual([v.label, v.description, v.contextValue, v.icon, v.action?.kind], ['Fine', '2026-11-18 · nps', 'cxRecord', { id: 'comment' }, 'reveal']);
    assert.deepEqual(v.tooltip, { text: 'Fine', lines: ['NPS-3 · 2026-11-18 · nps · neutral · nps 8 · free'] });
  });

  it('groups by journey and component; a record with an http(s) original can be opened', () => {
    const [, byJourney, byComponent] = feedbackRoots(folders);
    const journeys = feedbackChildren(byJourney!, folders, pages);
    assert.deepEqual(journeys.map((j) => feedbackItem(j, folders, pages)).map((v) => [v.label, v.description]), [
      ['Checkout', '4 · 33% negative'],
      ['Search', '1 · 100% negative'],
      ['Refunds', '0'],
      ['Onboarding', '0'],
    ]);
    assert.equal(feedbackItem(journeys[2]!, folders, pages).collapsible, 'none');
    load(groupKey(FOLDER, { ref: 'checkout' }), { ref: 'checkout' });
    const records = feedbackChildren(journeys[0]!, folders, pages);
    assert.deepEqual(records.map((r) => r.kind === 'record' && r.item.id), ['NPS-1', 'ZD-2', 'ZD-1', 'ZD-3']);
    const zd1 = feedbackItem(records[2]!, folders, pages);
    assert.deepEqual([zd1.label, zd1.contextValue], ['Declined: My card was declined twice.', 'cxRecordWithUrl']);
    const components = feedbackChildren(byComponent!, folders, pages);
    assert.deepEqual(components.map((c) => feedbackItem(c, folders, pages).label), ['Payments API', 'Cart', 'Shared utilities', 'docs']);
  });

  it('pages long groups with a Load more… node', () => {
    const key = groupKey(FOLDER, { ref: 'checkout' });
    load(key, { ref: 'checkout' }, 2);
    const group: FeedbackNode = { kind: 'group', folder: FOLDER, of: 'journey', ref: 'checkout' };
    const children = feedbackChildren(group, folders, pages);
    assert.equal(children.length, 3);
    const more = feedbackItem(children[2]!, folders, pages);
    assert.deepEqual([more.label, more.action], ['Load more… (2 of 4)', { kind: 'more', group: key }]);
  });

  it('says so when a group is empty', () => {
    const key = groupKey(FOLDER, { ref: 'onboarding' });
    pages.set(key, { total: 0, items: [] });
    const children = feedbackChildren({ kind: 'group', folder: FOLDER, of: 'journey', ref: 'onboarding' }, folders, pages);
    assert.deepEqual(children.map((c) => feedbackItem(c, folders, pages).label), ['No feedback']);
  });

  it('cuts long texts at a word', () => {
    assert.equal(firstWords('short'), 'short');
    assert.equal(firstWords('The payment page froze after I entered my card number and then it charged me twice, which is awful', 40), 'The payment page froze after I entered…');
    assert.equal(firstWords('  many\n\nspaces\there  '), 'many spaces here');
    assert.equal(firstWords('x'.repeat(100), 10), `${'x'.repeat(10)}…`);
  });

  it('builds file URIs with encoded path segments', () => {
    assert.equal(fileUri('file:///w/', 'src/a b/c#d.ts'), 'file:///w/src/a%20b/c%23d.ts');
  });
});
