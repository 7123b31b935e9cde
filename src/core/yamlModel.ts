/**
 * Reads journeys and components from `.cx/` YAML with every node's position, and salvages what it can: a bad field
 * is reported at its exact line and column and dropped, a bad step or metric drops only itself, and an entry is
 * lost only when its id is unusable. Unknown keys are warnings with a suggestion, never errors.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Node, Pair, YAMLMap } from 'yaml';
import type { z } from 'zod';
import { closest, issueMessage } from './issues';
import { plainYaml } from './plainYaml';
import { LineIndex } from './problems';
import type { Problem, ProblemCode, Range, Severity } from './problems';
import { Component, Journey, KNOWN_KEYS, MetricDef, Step } from './schemas';

/** A place in a workspace file. */
export interface Loc {
  file: string;
  range: Range;
}

export interface StepEntry {
  step: Step;
  loc: Loc;
  idLoc: Loc;
}

export interface MetricEntry {
  metric: MetricDef;
  loc: Loc;
  idLoc: Loc;
  /** Where the metric's `step:` reference is written. */
  stepLoc?: Loc;
}

export interface JourneyEntry {
  journey: Journey;
  loc: Loc;
  idLoc: Loc;
  steps: StepEntry[];
  metrics: MetricEntry[];
}

export interface ComponentEntry {
  component: Component;
  loc: Loc;
  idLoc: Loc;
  /** One per `paths` item, in order. */
  patternLocs: Loc[];
  /** One per `journeys` item, in order. */
  journeyRefLocs: Loc[];
}

class YamlContext {
  readonly problems: Problem[] = [];
  readonly lines: LineIndex;

  constructor(readonly file: string, text: string) {
    this.lines = new LineIndex(text);
  }

  loc(node: Node | Pair | null | undefined, fallback?: Loc): Loc {
    const r = node && 'range' in node ? node.range : undefined;
    if (r) return { file: this.file, range: this.lines.rangeOf(r[0], r[1]) };
    if (isPair(node) && isScalar(node.key) && node.key.range) return this.loc(node.key);
    return fallback ?? { file: this.file, range: this.lines.rangeOf(0, 0) };
  }

  report(loc: Loc, severity: Severity, code: ProblemCode, message: string, suggestions?: string[]): void {
    this.problems.push({ file: loc.file, range: loc.range, severity, code, message, ...(suggestions ? { suggestions } : {}) });
  }
}

type Shape = Record<string, z.ZodType>;

/**
 * Validates a YAML mapping field by field against an object schema's shape. Returns the parsed value with bad
 * fields left out (or undefined when the mapping itself is unusable) and reports each problem where it is.
 */
function readMapping(
  ctx: YamlContext,
  node: unknown,
  shape: Shape,
  known: readonly string[],
  what: string,
  skip: readonly string[] = [],
): { value: Record<string, unknown>; map: YAMLMap } | undefined {
  if (!isMap(node)) {
    ctx.report(ctx.loc(node as Node), 'error', 'schema', `${what} must be a mapping of keys to values`);
    return undefined;
  }
  const value: Record<string, unknown> = {};
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key === undefined) {
      ctx.report(ctx.loc(pair.key as Node), 'error', 'schema', `${what} has a key that is not a plain name`);
      continue;
    }
    if (!known.includes(key)) {
      const suggestions = closest(key, known, 1);
      ctx.report(ctx.loc(pair.key as Node), 'warning', 'schema',
        `unknown key '${key}' in ${what}${suggestions.length ? ` (did you mean '${suggestions[0]}'?)` : ''}`, suggestions);
      continue;
    }
    if (skip.includes(key)) continue;
    const raw = pair.value === null || pair.value === undefined ? null : (pair.value as Node).toJSON();
    const result = shape[key]!.safeParse(raw === null ? undefined : raw);
    if (result.success) {
      if (result.data !== undefined) value[key] = result.data;
    } else {
      // A list keeps its good items: one bad pattern must not unlink a component's other paths.
      if (Array.isArray(raw)) {
        const bad = new Set(result.error.issues.map((i) => i.path[0]));
        const kept = shape[key]!.safeParse(raw.filter((_, index) => !bad.has(index)));
        if (kept.success) value[key] = kept.data;
      }
      for (const issue of result.error.issues) {
        const at = (isMap(pair.value) || isSeq(pair.value)) && issue.path.length
          ? ((pair.value as YAMLMap).getIn(issue.path as unknown[], true) as Node | undefined) ?? (pair.value as Node)
          : (pair.value as Node | null) ?? pair.key;
        ctx.report(ctx.loc(at as Node, ctx.loc(pair.key as Node)), 'error', 'schema',
          `${what}: ${issueMessage(issue, fieldPath(key, issue.path))}`);
      }
    }
  }
  for (const [key, schema] of Object.entries(shape)) {
    if (skip.includes(key) || key in value) continue;
    const missing = schema.safeParse(undefined);
    if (missing.success) {
      if (missing.data !== undefined) value[key] = missing.data;
    } else if (!node.items.some((p) => isScalar(p.key) && p.key.value === key)) {
      ctx.report(ctx.loc(node.items[0]?.key as Node, ctx.loc(node)), 'error', 'schema', `${what}: '${key}' is required`);
    }
  }
  return { value, map: node };
}

function fieldPath(key: string, path: readonly PropertyKey[]): string {
  return key + path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
}

function seqItems(ctx: YamlContext, map: YAMLMap, key: string, what: string): { items: unknown[]; node?: Node } {
  const node = map.get(key, true) as Node | undefined;
  if (node === undefined || node === null || (isScalar(node) && node.value === null)) return { items: [] };
  if (!isSeq(node)) {
    ctx.report(ctx.loc(node), 'error', 'schema', `'${key}' of ${what} must be a list`);
    return { items: [] };
  }
  return { items: node.items, node };
}

function idOf(map: YAMLMap): string | undefined {
  const id = map.get('id');
  return typeof id === 'string' ? id : undefined;
}

/** A journeys or components text as the package parses it here (what the plain reader is held to). */
export function parseYaml(text: string): ReturnType<typeof parseDocument> {
  return parseDocument(text, { lineCounter: new LineCounter(), prettyErrors: false, uniqueKeys: true, strict: true });
}

/**
 * Parses a YAML text, reporting syntax errors; returns the root mapping's list under `rootKey`. A text in the plain
 * subset is read by the plain reader (plainYaml.ts: the same nodes, several times faster), any other by the package.
 */
function rootList(ctx: YamlContext, text: string, rootKey: string, known: readonly string[]): unknown[] {
  const plain = plainYaml(text);
  let root: Node | null;
  if (plain) root = plain.contents;
  else {
    const doc = parseYaml(text);
    for (const e of doc.errors) {
      ctx.report({ file: ctx.file, range: ctx.lines.rangeOf(e.pos[0], e.pos[1]) }, 'error',
        e.code === 'DUPLICATE_KEY' ? 'duplicate-id' : 'yaml-syntax', yamlMessage(e.message));
    }
    for (const w of doc.warnings) {
      ctx.report({ file: ctx.file, range: ctx.lines.rangeOf(w.pos[0], w.pos[1]) }, 'warning', 'yaml-syntax', yamlMessage(w.message));
    }
    root = doc.contents as Node | null;
  }
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return [];
  if (!isMap(root)) {
    ctx.report(ctx.loc(root as Node), 'error', 'schema', `the file must be a mapping with a '${rootKey}' list`);
    return [];
  }
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!known.includes(key)) {
      const s = closest(key, known, 1);
      ctx.report(ctx.loc(pair.key as Node), 'warning', 'schema', `unknown top-level key '${key}'${s.length ? ` (did you mean '${s[0]}'?)` : ''}`, s);
    }
  }
  return seqItems(ctx, root, rootKey, 'the file').items;
}

function yamlMessage(message: string): string {
  // The yaml package appends a code excerpt after a colon and newline; positions are reported separately.
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

function without<T extends Shape>(shape: T, keys: readonly string[]): Shape {
  return Object.fromEntries(Object.entries(shape).filter(([k]) => !keys.includes(k)));
}

/** Reads one journeys file (`.cx/journeys.yaml` or `.cx/journeys/*.yaml`). */
export function loadJourneysYaml(file: string, text: string): { journeys: JourneyEntry[]; problems: Problem[] } {
  const ctx = new YamlContext(file, text);
  const journeys: JourneyEntry[] = [];
  for (const item of rootList(ctx, text, 'journeys', KNOWN_KEYS.journeysFile)) {
    const read = readMapping(ctx, item, without(Journey.shape, ['steps', 'metrics']), KNOWN_KEYS.journey, 'journey', ['steps', 'metrics']);
    if (!read) continue;
    const label = `journey '${idOf(read.map) ?? '?'}'`;
    const steps: StepEntry[] = [];
    for (const s of seqItems(ctx, read.map, 'steps', label).items) {
      const step = readMapping(ctx, s, Step.shape, KNOWN_KEYS.step, `step of ${label}`);
      if (step && typeof step.value.id === 'string' && typeof step.value.name === 'string') {
        steps.push({ step: step.value as Step, loc: ctx.loc(step.map), idLoc: ctx.loc(step.map.get('id', true) as Node) });
      }
    }
    const metrics: MetricEntry[] = [];
    for (const m of seqItems(ctx, read.map, 'metrics', label).items) {
      const metric = readMapping(ctx, m, MetricDef.shape, KNOWN_KEYS.metric, `metric of ${label}`);
      if (metric && typeof metric.value.id === 'string' && typeof metric.value.name === 'string') {
        const stepNode = metric.map.get('step', true) as Node | undefined;
        metrics.push({
          metric: metric.value as MetricDef,
          loc: ctx.loc(metric.map),
          idLoc: ctx.loc(metric.map.get('id', true) as Node),
          ...(stepNode && metric.value.step ? { stepLoc: ctx.loc(stepNode) } : {}),
        });
      }
    }
    if (typeof read.value.id !== 'string') continue;
    const journey = { ...read.value, name: read.value.name ?? read.value.id, steps: steps.map((s) => s.step), metrics: metrics.map((m) => m.metric) } as Journey;
    journeys.push({ journey, loc: ctx.loc(read.map), idLoc: ctx.loc(read.map.get('id', true) as Node), steps, metrics });
  }
  return { journeys, problems: ctx.problems };
}

/** Reads one components file (`.cx/components.yaml` or `.cx/components/*.yaml`). */
export function loadComponentsYaml(file: string, text: string): { components: ComponentEntry[]; problems: Problem[] } {
  return (text.length >= ITEMWISE_MIN_CHARS && loadComponentsItemwise(file, text)) || loadComponentsWhole(file, text);
}

/** Files shorter than this are parsed whole: parsing them takes less than splitting and looking up their items. */
const ITEMWISE_MIN_CHARS = 8_000;
/** Parsed list items by file and text, lines counted from the item's first line. */
const itemCache = new Map<string, ComponentEntry[]>();
const ITEM_CACHE_MAX = 20_000;
/** The parsed items of the components files `files` (to hand to another thread's `addComponentItems`). */
export function componentItemsOf(files: readonly string[]): [string, ComponentEntry[]][] {
  const prefixes = files.map((f) => `${f}\u0000`);
  return [...itemCache].filter(([key]) => prefixes.some((p) => key.startsWith(p)));
}

/** Items parsed elsewhere (a worker that read the files first): the next parse of their files finds them. */
export function addComponentItems(items: readonly [string, ComponentEntry[]][]): void {
  for (const [key, entries] of items) {
    if (itemCache.size >= ITEM_CACHE_MAX) itemCache.clear();
    itemCache.set(key, entries);
  }
}

/** What may make an item mean something else outside its file's context: anchors, aliases, tags, directives. */
const CONTEXTUAL = /(^|[\s[{,])[&*!%]\S|^(---|\.\.\.)/m;

/**
 * `loadComponentsWhole` for a large file of the usual shape, `components:` followed by a block list: the list is
 * split at its items, each item parsed on its own and kept by its text, so that after an edit only the items it
 * touched are parsed again (the `yaml` parser takes ~1 ms per 1–2 KB, the plain reader much less), and each
 * component the edit did not touch keeps its object (the index keeps what it worked out for it by that object).
 * Undefined, and the file is parsed whole, when the file has any other shape or anything that depends on context
 * (anchors, aliases, tags, other top-level keys), or when any item has a problem: then the messages are the whole
 * parse's.
 */
function loadComponentsItemwise(file: string, text: string): { components: ComponentEntry[]; problems: Problem[] } | undefined {
  if (CONTEXTUAL.test(text) || text.includes('\t')) return undefined;
  const lines = text.split('\n');
  let at = 0;
  const skippable = (line: string) => line.trim() === '' || line.trimStart().startsWith('#');
  while (at < lines.length && skippable(lines[at]!)) at++;
  if (!/^components:\s*(#.*)?$/.test(lines[at] ?? '')) return undefined;
  at++;
  while (at < lines.length && skippable(lines[at]!)) at++;
  const first = /^( *)- \S/.exec(lines[at] ?? '');
  if (!first) return undefined;
  const indent = first[1]!.length;
  const starts: number[] = [];
  for (let i = at; i < lines.length; i++) {
    const line = lines[i]!;
    if (skippable(line)) continue;
    const lead = line.length - line.trimStart().length;
    if (lead > indent) continue;
    if (lead < indent || !line.startsWith('- ', indent)) return undefined;
    starts.push(i);
  }
  const components: ComponentEntry[] = [];
  for (let k = 0; k < starts.length; k++) {
    const from = starts[k]!;
    const to = k + 1 < starts.length ? starts[k + 1]! : lines.length;
    // With the line break that ends it in the file: where a mapping ends depends on it.
    const body = `${lines.slice(from, to).join('\n')}${to < lines.length ? '\n' : ''}`;
    const key = `${file}\u0000${body}`;
    let entries = itemCache.get(key);
    if (!entries) {
      // Parsed under its own `components:` line: line 1 of that text is the item's first line.
      const parsed = loadComponentsWhole(file, `components:\n${body}`);
      if (parsed.problems.length) return undefined;
      if (itemCache.size >= ITEM_CACHE_MAX) itemCache.clear();
      itemCache.set(key, (entries = parsed.components));
    }
    for (const e of entries) components.push(shiftEntry(e, from - 1));
  }
  return { components, problems: [] };
}

/** `e` (an item's entry, its lines counted from the item's first) placed `lines` lines further down its file. */
export function shiftEntry(e: ComponentEntry, lines: number): ComponentEntry {
  const shift = (loc: Loc): Loc => ({
    file: loc.file,
    range: { start: { line: loc.range.start.line + lines, character: loc.range.start.character }, end: { line: loc.range.end.line + lines, character: loc.range.end.character } },
  });
  return { component: e.component, loc: shift(e.loc), idLoc: shift(e.idLoc), patternLocs: e.patternLocs.map(shift), journeyRefLocs: e.journeyRefLocs.map(shift) };
}

/** Reads a whole components file. */
export function loadComponentsWhole(file: string, text: string): { components: ComponentEntry[]; problems: Problem[] } {
  const ctx = new YamlContext(file, text);
  const components: ComponentEntry[] = [];
  for (const item of rootList(ctx, text, 'components', KNOWN_KEYS.componentsFile)) {
    const read = readMapping(ctx, item, Component.shape, KNOWN_KEYS.component, 'component');
    if (!read || typeof read.value.id !== 'string') continue;
    // The locations of the items that survived validation, so they stay parallel to the parsed lists.
    const locsOf = (key: string, values: unknown): Loc[] => {
      const node = read.map.get(key, true);
      if (!isSeq(node) || !Array.isArray(values)) return [];
      return node.items.filter((n) => isScalar(n) && typeof n.value === 'string' && n.value !== '').map((n) => ctx.loc(n as Node));
    };
    const component = read.value as Component;
    components.push({
      component: { ...component, paths: component.paths ?? [], journeys: component.journeys ?? [] },
      loc: ctx.loc(read.map),
      idLoc: ctx.loc(read.map.get('id', true) as Node),
      patternLocs: locsOf('paths', component.paths),
      journeyRefLocs: locsOf('journeys', component.journeys),
    });
  }
  return { components, problems: ctx.problems };
}
