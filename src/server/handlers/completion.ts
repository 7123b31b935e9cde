/**
 * Completion of references where one is expected: after `@cx `, a comma or a space in an annotation's list, in a component's
 * `journeys:` list, a metric's `step:`, and the `"journey"`/`"component"` values of feedback and tag links.
 */
import { CompletionItemKind, MarkupKind } from 'vscode-languageserver/node';
import type { CompletionItem, Position } from 'vscode-languageserver/node';
import { scanAnnotations } from '../../core/annotations';
import type { CxIndex } from '../../core/cxIndex';
import type { Range } from '../../core/problems';
import type { DocContext } from '../workspace';
import { contains } from './targets';
import { escapeMarkdown } from '../../core/text';

export const COMPLETION_TRIGGERS = [' ', ',', '/', '"', '['];

export function completion(ctx: DocContext, pos: Position): CompletionItem[] {
  const prefix = ctx.lines.lineText(pos.line).slice(0, pos.character);
  const { index } = ctx.snap;
  switch (ctx.kind) {
    case undefined:
      return annotationCompletion(ctx, pos, prefix);
    case 'components': {
      const partial = componentsJourneysPartial(ctx, pos, prefix);
      return partial === undefined ? [] : refItems(index, replaceRange(pos, partial));
    }
    case 'journeys': {
      const m = /^\s*(?:-\s+)?step\s*:\s*["']?([a-z0-9-]*)$/.exec(prefix);
      if (!m) return [];
      const journey = index.journeyList().find((j) => j.loc.file === ctx.rel && contains(j.loc.range, pos));
      if (!journey) return [];
      return journey.journey.steps.map((s, i) => ({
        label: s.id,
        kind: CompletionItemKind.EnumMember,
        detail: `${journey.journey.name} › ${s.name}`,
        sortText: String(i).padStart(4, '0'),
        textEdit: { range: replaceRange(pos, m[1]!), newText: s.id },
        ...(s.outcome ? { documentation: { kind: MarkupKind.Markdown, value: escapeMarkdown(s.outcome) } } : {}),
      }));
    }
    case 'feedback':
    case 'tags': {
      const m = /("{1,2})(journey|component)\1\s*:\s*"{1,2}([a-z0-9/-]*)$/.exec(prefix);
      if (!m) return [];
      const range = replaceRange(pos, m[3]!);
      return m[2] === 'journey' ? refItems(index, range) : componentItems(index, range);
    }
    default:
      return [];
  }
}

function replaceRange(pos: Position, partial: string): Range {
  return { start: { line: pos.line, character: pos.character - partial.length }, end: pos };
}

function annotationCompletion(ctx: DocContext, pos: Position, prefix: string): CompletionItem[] {
  if (!prefix.includes('@cx')) return [];
  // The `@cx` must be a real annotation (in a comment), and the cursor in its list of references.
  const annotation = scanAnnotations(ctx.text).filter((a) => a.line === pos.line && a.range.start.character < pos.character).at(-1);
  if (!annotation) return [];
  // Past the end of the list (prose after a dash, say) only separators may stand before the cursor.
  if (!/^[ \t,:]*$/.test(prefix.slice(annotation.range.end.character))) return [];
  const after = prefix.slice(annotation.range.start.character + 3);
  // References are separated by commas and/or spaces (SPEC §2).
  const m = /^:?[ \t]+(?:[^\s,]+(?:[ \t]*,[ \t]*|[ \t]+))*([a-z0-9/-]*)$/.exec(after);
  if (!m) return [];
  const written = new Set(annotation.refs.map((r) => r.ref));
  const partial = m[1]!;
  return refItems(ctx.snap.index, replaceRange(pos, partial)).filter((i) => i.label === partial || !written.has(i.label));
}

/**
 * The partial reference before the cursor when it is in a component's `journeys:` list, flow (`[a, b`) or block
 * (`- a` under `journeys:`); undefined elsewhere.
 */
function componentsJourneysPartial(ctx: DocContext, pos: Position, prefix: string): string | undefined {
  const flow = /^\s*(?:-\s+)?journeys\s*:\s*\[(?:[^\]]*,)?\s*["']?([a-z0-9/-]*)$/.exec(prefix);
  if (flow) return flow[1];
  const block = /^(\s*)-[ \t]+["']?([a-z0-9/-]*)$/.exec(prefix);
  if (!block) return undefined;
  const dash = block[1]!.length;
  for (let line = pos.line - 1; line >= 0; line--) {
    const text = ctx.lines.lineText(line);
    if (/^\s*(#.*)?$/.test(text)) continue;
    const indent = /^\s*/.exec(text)![0].length;
    if (indent === dash && /^\s*-(\s|$)/.test(text)) continue; // an earlier item of the same list
    return /^\s*(?:-\s+)?journeys\s*:\s*(#.*)?$/.test(text) && indent <= dash ? block[2] : undefined;
  }
  return undefined;
}

function refItems(index: CxIndex, range: Range): CompletionItem[] {
  const items: CompletionItem[] = [];
  index.journeyList().forEach((j, ji) => {
    const { journey } = j;
    const docs = [journey.outcome && escapeMarkdown(journey.outcome), journey.owner && `Owner: ${escapeMarkdown(journey.owner)}`].filter(Boolean);
    items.push({
      label: journey.id,
      kind: CompletionItemKind.Module,
      detail: journey.name,
      sortText: `${String(ji).padStart(4, '0')}`,
      filterText: journey.id,
      textEdit: { range, newText: journey.id },
      ...(docs.length ? { documentation: { kind: MarkupKind.Markdown, value: docs.join('\n\n') } } : {}),
    });
    journey.steps.forEach((s, si) => {
      const ref = `${journey.id}/${s.id}`;
      items.push({
        label: ref,
        kind: CompletionItemKind.EnumMember,
        detail: `${journey.name} › ${s.name}`,
        sortText: `${String(ji).padStart(4, '0')}.${String(si).padStart(4, '0')}`,
        filterText: ref,
        textEdit: { range, newText: ref },
        ...(s.outcome ? { documentation: { kind: MarkupKind.Markdown, value: escapeMarkdown(s.outcome) } } : {}),
      });
    });
  });
  return items;
}

function componentItems(index: CxIndex, range: Range): CompletionItem[] {
  return index.componentList().map((c, i) => ({
    label: c.component.id,
    kind: CompletionItemKind.Class,
    detail: c.component.name ?? c.component.id,
    sortText: String(i).padStart(4, '0'),
    textEdit: { range, newText: c.component.id },
    ...(c.component.owner ? { documentation: { kind: MarkupKind.Markdown, value: `Owner: ${escapeMarkdown(c.component.owner)}` } } : {}),
  }));
}
