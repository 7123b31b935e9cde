// The manifest and the code agree: every contributed command has a handler and every handler is contributed, the
// palette's `when` clauses match what the handlers need, and `contributes.configuration` is the zod settings schema.
import './fakeVscode';
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { DEFAULT_SETTINGS, Settings } from '../../../src/core/settings';
import { COMMANDS } from '../../../src/extension/commands';
import { ExtensionSettings } from '../../../src/extension/config';

const ROOT = path.join(__dirname, '..', '..', '..');

interface Manifest {
  main: string;
  activationEvents?: string[];
  capabilities?: { untrustedWorkspaces?: { supported: unknown; description?: string }; virtualWorkspaces?: unknown };
  contributes?: {
    commands?: { command: string; title: string; category?: string; icon?: unknown; enablement?: string }[];
    configuration?: { title?: string; properties: Record<string, Record<string, unknown>> };
    menus?: Record<string, { command: string; when?: string }[]>;
  };
}

const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;
const contributed = manifest.contributes?.commands ?? [];
const handled = Object.keys(COMMANDS);

/** The extension's sources other than the command map, for commands registered elsewhere (the views). */
function otherExtensionSources(): string {
  const dir = path.join(ROOT, 'src', 'extension');
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && f !== 'commands.ts');
  return files.map((f) => readFileSync(path.join(dir, f), 'utf8')).join('\n');
}

/** Commands that write to the workspace: hidden and refused in an untrusted workspace. */
const WRITERS = [
  'customerContext.initializeWorkspace',
  'customerContext.linkFileToJourney',
  'customerContext.tagFeedback',
  'customerContext.importFeedback',
  'customerContext.importCodeowners',
  'customerContext.tagSelection',
  'customerContext.untagFeedback',
  'customerContext.undoLastTagging',
];

describe('extension manifest ↔ code', () => {
  describe('commands', () => {
    it('every command of the map is contributed, and every contributed palette command has a handler', () => {
      const ids = contributed.map((c) => c.command);
      assert.deepEqual(handled.filter((id) => !ids.includes(id)), [], 'handlers without a contributed command');
      // Commands of other parts (the views) are registered there: their ids must at least appear in that code.
      const others = otherExtensionSources();
      const orphans = ids.filter((id) => !handled.includes(id) && !others.includes(`'${id}'`));
      assert.deepEqual(orphans, [], 'contributed commands no code registers');
      assert.equal(new Set(ids).size, ids.length, 'a command is contributed twice');
    });

    it('the map covers SPEC §4: twelve commands under the category "Customer Context", codicons as icons', () => {
      assert.equal(handled.length, 12);
      for (const id of handled) {
        const c = contributed.find((x) => x.command === id)!;
        assert.equal(c.category, 'Customer Context', id);
        assert.ok(c.title && !c.title.startsWith('Customer Context'), `${id}: the category prefixes the title, not the title itself`);
        assert.match(String(c.icon), /^\$\([a-z0-9-]+\)$/, `${id}: icon`);
      }
      const titles = handled.map((id) => contributed.find((x) => x.command === id)!.title).sort();
      assert.deepEqual(titles, [
        'Export Coverage Report', 'Import CODEOWNERS…', 'Import Feedback…', 'Initialize Workspace', 'Link File to Journey…', 'Refresh',
        'Show Context', 'Show Coverage Map', 'Tag Feedback…', 'Tag Selection with Feedback…', 'Undo Last Tagging', 'Untag Feedback…',
      ]);
    });

    it('the palette shows each command only where it can run; writers only in a trusted workspace', () => {
      const palette = manifest.contributes?.menus?.commandPalette ?? [];
      const ids = contributed.map((c) => c.command);
      for (const entry of palette) assert.ok(ids.includes(entry.command), `palette entry for an unknown command ${entry.command}`);
      for (const id of handled) {
        const when = palette.find((p) => p.command === id)?.when;
        assert.ok(when, `${id} has no commandPalette when clause`);
        assert.equal(/\bisWorkspaceTrusted\b/.test(when), WRITERS.includes(id), `${id}: when '${when}'`);
      }
    });
  });

  describe('configuration', () => {
    const properties = manifest.contributes?.configuration?.properties ?? {};
    const schema = z.toJSONSchema(ExtensionSettings, { io: 'input' }) as { properties: Record<string, Record<string, unknown>> };

    it('contributes exactly the keys of the settings schema', () => {
      assert.deepEqual(Object.keys(properties).sort(), Object.keys(schema.properties).map((k) => `customerContext.${k}`).sort());
    });

    it('with the same types, defaults, bounds and values', () => {
      for (const [key, expected] of Object.entries(schema.properties)) {
        const actual = properties[`customerContext.${key}`]!;
        for (const field of ['type', 'default', 'enum', 'minimum', 'maximum', 'minLength', 'maxLength']) {
          assert.deepEqual(actual[field], expected[field], `customerContext.${key}: ${field}`);
        }
        assert.ok(actual.description || actual.markdownDescription, `customerContext.${key} has no description`);
      }
    });

    it("includes every setting the server reads, with the server's defaults", () => {
      for (const [key, value] of Object.entries(DEFAULT_SETTINGS)) {
        assert.ok(key in Settings.shape);
        assert.deepEqual(properties[`customerContext.${key}`]?.default, value, key);
      }
    });
  });

  describe('activation, entry point and capabilities', () => {
    it('activates on a workspace with .cx/ and loads the bundle esbuild writes', () => {
      assert.deepEqual(manifest.activationEvents, ['workspaceContains:.cx']);
      assert.equal(manifest.main, './dist/extension.js');
      const build = readFileSync(path.join(ROOT, 'esbuild.mjs'), 'utf8');
      assert.match(build, /entryPoints: \['src\/extension\/main\.ts'\], outfile: 'dist\/extension\.js', external: \['vscode'\]/);
    });

    it('says what works in an untrusted workspace, and that virtual workspaces are not supported', () => {
      const untrusted = manifest.capabilities?.untrustedWorkspaces;
      assert.equal(untrusted?.supported, 'limited');
      assert.ok(untrusted?.description && /disabled/.test(untrusted.description));
      const virtual = manifest.capabilities?.virtualWorkspaces;
      assert.ok(virtual === false || (typeof virtual === 'object' && (virtual as { supported: unknown }).supported === false));
    });
  });
});
