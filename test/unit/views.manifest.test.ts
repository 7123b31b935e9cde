// The views in the manifest and in the code agree: every contributed view has a provider, the menus name commands
// the views register and context values the tree builders produce, and the container's icon exists.
import './extension/fakeVscode';
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CONTEXT_VIEW_ID, FEEDBACK_VIEW_ID, JOURNEYS_VIEW_ID, VIEW_COMMANDS } from '../../src/extension/views/ids';

const ROOT = path.join(__dirname, '..', '..');

interface Manifest {
  contributes: {
    commands: { command: string; title: string; icon?: string }[];
    viewsContainers?: { activitybar?: { id: string; title: string; icon: string }[] };
    views?: Record<string, { id: string; name: string; type?: string }[]>;
    menus?: Record<string, { command: string; when?: string; group?: string }[]>;
  };
}

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
const source = (rel: string) => readFileSync(path.join(ROOT, rel), 'utf8');

describe('views manifest ↔ code', () => {
  it('contributes the activity-bar container with an icon that exists', () => {
    const container = manifest.contributes.viewsContainers?.activitybar?.find((c) => c.id === 'customerContext');
    assert.ok(container, 'no customerContext container in the activity bar');
    assert.equal(container.title, 'Customer Context');
    assert.ok(existsSync(path.join(ROOT, container.icon)), container.icon);
    assert.match(readFileSync(path.join(ROOT, container.icon), 'utf8'), /^<svg [^>]*viewBox="0 0 24 24"/);
  });

  it('every view in the container has a provider: the context webview and the two trees', () => {
    const views = manifest.contributes.views?.customerContext ?? [];
    assert.deepEqual(views.map((v) => [v.id, v.type ?? 'tree']), [
      [CONTEXT_VIEW_ID, 'webview'],
      [JOURNEYS_VIEW_ID, 'tree'],
      [FEEDBACK_VIEW_ID, 'tree'],
    ]);
    const registration = source('src/extension/views/registerViews.ts');
    assert.match(registration, /registerWebviewViewProvider\(CONTEXT_VIEW_ID,/);
    assert.match(registration, /createTreeView\(JOURNEYS_VIEW_ID,/);
    assert.match(registration, /createTreeView\(FEEDBACK_VIEW_ID,/);
    assert.match(source('src/extension/main.ts'), /registerViews\(ctx\)/, 'activate() registers the views');
  });

  it("the Feedback tree's menus run contributed commands on the context values the builder gives records", () => {
    const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const id of Object.values(VIEW_COMMANDS)) assert.ok(contributed.has(id), `${id} is not contributed`);
    const items = manifest.contributes.menus?.['view/item/context'] ?? [];
    assert.ok(items.length > 0);
    const builder = source('src/extension/views/treeModel.ts');
    for (const item of items) {
      assert.ok(contributed.has(item.command), item.command);
      for (const [, value] of (item.when ?? '').matchAll(/viewItem == (\w+)/g)) assert.ok(builder.includes(`'${value}'`), `no node has contextValue ${value}`);
      if (item.command === VIEW_COMMANDS.openOriginal) assert.match(item.when ?? '', /viewItem == cxRecordWithUrl/, 'Open Original only for records with an http(s) original');
      if (item.command === VIEW_COMMANDS.tag) assert.match(item.when ?? '', /isWorkspaceTrusted/, 'tagging writes to the workspace');
    }
    // Hidden from the palette: they act on a tree node.
    const palette = manifest.contributes.menus?.commandPalette ?? [];
    for (const id of Object.values(VIEW_COMMANDS)) assert.equal(palette.find((p) => p.command === id)?.when, 'false', id);
  });

  it('the webview loads only what the build and media/ provide', () => {
    assert.match(source('esbuild.mjs'), /src\/webview\/contextView\.ts'\], outfile: 'dist\/webview\/contextView\.js'/);
    assert.ok(existsSync(path.join(ROOT, 'media', 'webview', 'contextView.css')));
    const host = source('src/extension/views/contextView.ts');
    assert.match(host, /localResourceRoots: \[vscode\.Uri\.joinPath\(root, 'dist', 'webview'\), vscode\.Uri\.joinPath\(root, 'media'\)\]/);
    assert.ok(!/retainContextWhenHidden:\s*true/.test(host + source('src/extension/views/registerViews.ts')));
    // No markup from strings in the browser code: text nodes and attributes only.
    for (const file of ['src/webview/contextView.ts', 'src/webview/dom.ts']) {
      assert.ok(!/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/.test(source(file)), file);
    }
  });
});
