// `node bench/activate.cjs <bundle>`: requires the client bundle against a stand-in `vscode` module and calls
// activate(), in plain node (no TypeScript loader in the way). Prints one RESULT line for bench/run.ts.
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
const t0 = performance.now();
const ext = require(bundle);
const t1 = performance.now();
ext.activate(fakeVscode());
const t2 = performance.now();
process.stdout.write(`\nRESULT ${JSON.stringify({ requireMs: t1 - t0, activateMs: t2 - t1, totalMs: t2 - t0 })}\n`);
process.exit(0);
