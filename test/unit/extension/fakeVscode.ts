// Lets plain-Node tests load extension modules that import 'vscode' (to read what they declare, such as the command
// map), without running them: `vscode` resolves to an inert stand-in whose every property, call and construction
// gives the stand-in again. Its own keys are the API's names (from @types/vscode), because a transpiled
// `import * as vscode` copies the module's own properties. Import this module before the module under test.
import Module from 'node:module';
import { readFileSync } from 'node:fs';

const ID = '\0fake-vscode';

const names = [...readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8')
  .matchAll(/^\s*export (?:class|enum|namespace|function|const|let|var) (\w+)/gm)].map((m) => m[1]!);

// An arrow function: callable, and without the non-configurable `prototype` a Proxy's ownKeys would have to list.
const target = (() => undefined) as unknown as object;
const fake: unknown = new Proxy(target, {
  // Not a thenable (awaiting it would hang) and no primitive conversions.
  get: (_target, prop) => (prop === 'then' || typeof prop === 'symbol' ? undefined : fake),
  apply: () => fake,
  construct: () => fake as object,
  ownKeys: () => [...new Set([...Reflect.ownKeys(target), ...names])],
  getOwnPropertyDescriptor: (_target, prop) =>
    Reflect.getOwnPropertyDescriptor(target, prop) ?? { configurable: true, enumerable: true, writable: false, value: fake },
});

const loader = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const resolve = loader._resolveFilename;
loader._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]) {
  return request === 'vscode' ? ID : resolve.call(this, request, ...rest);
};
const mod = new Module(ID);
mod.filename = ID;
mod.loaded = true;
mod.exports = fake;
require.cache[ID] = mod;
