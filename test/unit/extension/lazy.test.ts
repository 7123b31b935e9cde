// The code loaded on first use (src/extension/lazy.ts): the loader finds each module where it is in the built
// extension and in the source tree, the build writes exactly those bundles and the .vsix ships them, and every
// command's module implements it.
import './fakeVscode';
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { COMMANDS, handlerOf } from '../../../src/extension/commands';
import type { CommandId } from '../../../src/extension/commands';
import { LAZY_MODULES, lazyModulePath, loadLazy } from '../../../src/extension/lazy';
import type { LazyName } from '../../../src/extension/lazy';

const ROOT = path.join(__dirname, '..', '..', '..');
const names = Object.keys(LAZY_MODULES) as LazyName[];

describe('lazily loaded modules (lazy.ts)', () => {
  it('are required from dist/extension/NAME.js beside the entry bundle, or from their source when run from source', () => {
    assert.equal(lazyModulePath('tagging', '/ext/dist/extension.js'), path.join('/ext/dist/extension/tagging.js'));
    assert.equal(lazyModulePath('coverageMap', '/ext/dist/extension.js'), path.join('/ext/dist/extension/coverageMap.js'));
    assert.equal(lazyModulePath('coverageMap', '/repo/src/extension/lazy.ts'), path.join('/repo/src/extension/views/coverageMap.ts'));
    for (const name of names) assert.equal(lazyModulePath(name), path.join(ROOT, LAZY_MODULES[name]), name);
  });

  it('esbuild.mjs builds each of them, and only them, as a bundle of its own', () => {
    const build = readFileSync(path.join(ROOT, 'esbuild.mjs'), 'utf8');
    assert.match(build, /const lazyModules = JSON\.parse\(readFileSync\('src\/extension\/lazyModules\.json'/, 'the build reads the list the loader uses');
    for (const [name, source] of Object.entries(LAZY_MODULES)) assert.ok(existsSync(path.join(ROOT, source)), `${name}: ${source}`);
    assert.match(build, /outfile: `dist\/extension\/\$\{name\}\.js`/);
  });

  it('the .vsix ships them (.vscodeignore is an allow-list)', () => {
    const ignore = readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n');
    assert.ok(ignore.includes('!dist/extension/*.js'), '.vscodeignore lets dist/extension/*.js in');
  });

  it("every command's module has its handler, and every handler is in the map under its module", () => {
    for (const id of Object.keys(COMMANDS) as CommandId[]) assert.equal(typeof handlerOf(id), 'function', id);
    for (const name of names.filter((n) => n !== 'languageClient' && n !== 'viewProviders')) {
      const module = loadLazy(name as Exclude<LazyName, 'languageClient' | 'viewProviders'>);
      for (const id of Object.keys(module.HANDLERS)) assert.equal(COMMANDS[id as CommandId], name, `${id} is implemented in ${name}`);
    }
  });
});
