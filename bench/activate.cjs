// `node bench/activate.cjs <bundle>`: requires the client bundle against a stand-in `vscode` module, calls
// activate(), then lets the event loop take its next turn, where the extension loads and starts the language client
// (its own bundle, dist/extension/languageClient.js): the extension host pays for that too, right after activate()
// returns. In plain node (no TypeScript loader in the way). Prints one RESULT line for bench/run.ts: the require and
// activate() times, the time of that next turn and, within it, the require of each bundle loaded after activate().
/* eslint-disable @typescript-eslint/no-require-imports -- plain node on purpose: no TypeScript loader in the measurement */
'use strict';
const Module = require('node:module');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

/** A stand-in for `vscode`: every member exists; calls and constructs return more of the same, and what a call
 * returns is also a thenable resolving to nothing (the API's Thenables: messages, commands). */
function fakeVscode(values = {}) {
  const make = (called = false) => {
    const cache = new Map();
    return new Proxy(function () {}, {
      get(_t, p) {
        if (p === 'then') return called ? (resolve) => resolve(undefined) : undefined;
        if (p === Symbol.toPrimitive) return () => '';
        if (p === Symbol.iterator) return function* () {};
        if (!cache.has(p)) cache.set(p, make());
        return cache.get(p);
      },
      set(_t, p, v) {
        cache.set(p, v);
        return true;
      },
      apply: () => make(true),
      construct: () => make(),
    });
  };
  const root = make();
  return new Proxy(root, { get: (t, p) => (typeof p === 'string' && p in values ? values[p] : Reflect.get(t, p)) });
}

const bundle = path.resolve(process.argv[2]);
const resolve = Module._resolveFilename;
Module._resolveFilename = (request, ...args) => (request === 'vscode' ? 'vscode' : resolve(request, ...args));
// The bundle reads members through esbuild's __toESM, which inherits from the exports' prototype.
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: Object.create(fakeVscode({ version: '1.100.0' })) };
// The time of each first require of a bundle beside the entry (dist/extension/NAME.js), by file name.
const later = {};
const load = Module._load;
Module._load = function (request, ...rest) {
  const t = performance.now();
  try {
    return load.call(this, request, ...rest);
  } finally {
    if (path.isAbsolute(request) && request.startsWith(path.join(path.dirname(bundle), 'extension') + path.sep)) later[path.basename(request)] ??= performance.now() - t;
  }
};
const t0 = performance.now();
const ext = require(bundle);
const t1 = performance.now();
ext.activate(fakeVscode());
const t2 = performance.now();
// Queued after whatever activate() deferred with setImmediate, so it runs once that (and its promise jobs) ran.
setImmediate(() => {
  const t3 = performance.now();
  const result = { requireMs: t1 - t0, activateMs: t2 - t1, activationMs: t2 - t0, nextTurnMs: t3 - t2, totalMs: t3 - t0 };
  for (const [file, ms] of Object.entries(later)) result[`require ${file}`] = ms;
  process.stdout.write(`\nRESULT ${JSON.stringify(result)}\n`);
  process.exit(0);
});
