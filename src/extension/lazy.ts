/**
 * What activation does not need is loaded on first use. esbuild cannot split a cjs bundle, so esbuild.mjs builds
 * each module of {@link LAZY_MODULES} as a bundle of its own, dist/extension/NAME.js, and {@link loadLazy} requires
 * it at run time; the entry (dist/extension.js) keeps only the types. A lazy bundle has its own copy of whatever it
 * imports, so it must not import a module whose state the entry owns (the build checks it: esbuild.mjs).
 */
import * as path from 'node:path';
import type * as ContextCommands from './contextCommands';
import type * as Importing from './importing';
import type * as LanguageClient from './languageClient';
import type * as Tagging from './tagging';
import type * as CoverageMap from './views/coverageMap';
import type * as ViewProviders from './views/viewProviders';
import lazyModules from './lazyModules.json';

/** Each lazily loaded module by bundle name, with its source (esbuild.mjs builds each from the same file). */
export const LAZY_MODULES = lazyModules;

export interface LazyModules {
  languageClient: typeof LanguageClient;
  contextCommands: typeof ContextCommands;
  tagging: typeof Tagging;
  importing: typeof Importing;
  coverageMap: typeof CoverageMap;
  viewProviders: typeof ViewProviders;
}

export type LazyName = keyof typeof LAZY_MODULES;

/**
 * The file to require for a lazy module: its bundle next to the entry bundle (dist/extension.js →
 * dist/extension/NAME.js), or, run from source (`from` a .ts file: unit tests under tsx), the module itself.
 */
export function lazyModulePath(name: LazyName, from = __filename): string {
  const dir = path.dirname(from);
  return from.endsWith('.ts') ? path.resolve(dir, '..', '..', LAZY_MODULES[name]) : path.join(dir, 'extension', `${name}.js`);
}

/** Requires a lazy bundle (node caches it: the first call pays). Throws when it is missing from the extension. */
export function loadLazy<N extends LazyName>(name: N): LazyModules[N] {
  // A computed path: esbuild leaves this require to run time instead of inlining the module into the entry.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the point: a synchronous load on first use
  return require(lazyModulePath(name)) as LazyModules[N];
}
