/** Links in feedback files: each record's `url` (http and https only, as the schema allows) opens the original. */
import type { DocumentLink } from 'vscode-languageserver/node';
import { loadFeedback } from '../../core/feedbackLoad';
import type { DocContext } from '../workspace';

export function documentLinks(ctx: DocContext): DocumentLink[] {
  if (ctx.kind !== 'feedback') return [];
  const out: DocumentLink[] = [];
  // The document's own records (duplicates of other files' ids included), read from its current text.
  for (const r of loadFeedback(ctx.rel, ctx.text).items) {
    const url = r.value.url;
    if (!url || !/^https?:\/\//i.test(url)) continue;
    const text = ctx.lines.lineText(r.line);
    // In JSONL the value is written between quotes; in CSV, in a cell.
    const json = text.indexOf(JSON.stringify(url));
    const at = json >= 0 ? json + 1 : text.indexOf(url);
    if (at < 0) continue;
    out.push({ range: { start: { line: r.line, character: at }, end: { line: r.line, character: at + url.length } }, target: url, tooltip: 'Open the original record' });
  }
  return out;
}
