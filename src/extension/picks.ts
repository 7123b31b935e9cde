/**
 * The items of the commands' Quick Picks (pure, tested without VS Code): a file's journeys and steps, feedback
 * records, and the journeys and steps a file can be linked to. Labels support `$(icon)` syntax, so text from `.cx/`
 * and customers is escaped for it.
 */
import type { FeedbackItem, FileContext, RefContext } from '../core/cxIndex';
import { metricLine, pct } from '../core/text';
import { escapeIcons } from './statusText';
import { firstWords } from './views/treeModel';

export interface PickItem<T> {
  label: string;
  description?: string;
  detail?: string;
  value: T;
}

function via(r: RefContext): string {
  return r.via.map((v) => (v.kind === 'component' ? `component ${v.name}` : `@cx on line ${v.line + 1}`)).join(', ');
}

/** One item a journey or step the file serves: the outcome, metrics and the window's feedback as detail. */
export function contextPicks(ctx: FileContext): PickItem<RefContext>[] {
  return ctx.refs.map((r) => {
    const cur = r.stats.current;
    const detail = [
      r.outcome,
      ...r.metrics.map(metricLine),
      cur.count ? `${cur.count} feedback in ${r.stats.window.days} days, ${pct(cur.negativeShare)} negative` : `no feedback in ${r.stats.window.days} days`,
    ].filter(Boolean).join(' · ');
    return {
      label: `${r.health === 'warning' ? '$(warning)' : '$(person)'} ${escapeIcons(r.title)}`,
      description: escapeIcons([r.ref, via(r)].filter(Boolean).join(' · ')),
      detail: escapeIcons(detail),
      value: r,
    };
  });
}

const SENTIMENT_ICON = { negative: '$(thumbsdown)', neutral: '$(circle-outline)', positive: '$(thumbsup)' } as const;

/** A feedback record: its title (or first words), where it is from, and the customer's words. */
export function feedbackPick(item: FeedbackItem): PickItem<FeedbackItem> {
  const icon = item.sentiment ? SENTIMENT_ICON[item.sentiment] : '$(comment)';
  return {
    label: `${icon} ${escapeIcons(firstWords(item.title ?? item.text, 70))}`,
    description: escapeIcons([item.id, item.date.slice(0, 10), item.source, item.segment].filter(Boolean).join(' · ')),
    detail: escapeIcons(firstWords(item.text, 240)),
    value: item,
  };
}

/** A journey or step as the server names it in workspace symbols. */
export interface SymbolRef {
  kind: 'journey' | 'step';
  ref: string;
  /** `Checkout` or `Checkout › Pay`. */
  title: string;
}

/**
 * Reads a journey or step from a workspace symbol of the server (src/server/handlers/symbols.ts): a journey's
 * container is `journey checkout` (`<folder> · journey checkout` with several folders), a step's
 * `Checkout (step checkout/pay)`. Components and anything else give undefined.
 */
export function refOfSymbol(name: string, containerName: string | undefined): SymbolRef | undefined {
  if (!containerName) return undefined;
  const journey = /(?:^|· )journey ([a-z0-9][a-z0-9-]*)$/.exec(containerName);
  if (journey) return { kind: 'journey', ref: journey[1]!, title: name };
  const step = /^(.*) \(step ([a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9-]*)\)$/.exec(containerName);
  if (step) return { kind: 'step', ref: step[2]!, title: `${step[1]} › ${name}` };
  return undefined;
}

/**
 * The journeys and steps to link a file to, each journey followed by its steps, without duplicates. References
 * already in a `@cx` annotation of the file are left out; those it serves through a component say so.
 */
export function linkPicks(refs: readonly SymbolRef[], ctx: FileContext | undefined): PickItem<SymbolRef>[] {
  const annotated = new Set(ctx?.annotations.flatMap((a) => a.refs) ?? []);
  const served = new Map((ctx?.refs ?? []).map((r) => [r.ref, r]));
  const unique = new Map<string, SymbolRef>();
  for (const r of refs) if (!unique.has(r.ref) && !annotated.has(r.ref)) unique.set(r.ref, r);
  const journeyOf = (ref: string) => ref.split('/')[0]!;
  const sorted = [...unique.values()].sort((a, b) =>
    journeyOf(a.ref).localeCompare(journeyOf(b.ref)) || (a.kind === b.kind ? a.ref.localeCompare(b.ref) : a.kind === 'journey' ? -1 : 1));
  return sorted.map((r) => {
    const components = served.get(r.ref)?.via.filter((v) => v.kind === 'component').map((v) => (v.kind === 'component' ? v.name : ''));
    return {
      label: `${r.kind === 'step' ? '$(arrow-small-right) ' : ''}${escapeIcons(r.title)}`,
      description: r.ref,
      ...(components?.length ? { detail: escapeIcons(`already served through component ${components.join(', ')}`) } : {}),
      value: r,
    };
  });
}
