/** Escaping for HTML and SVG the product renders outside a webview (the `cx coverage --format html` report). */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or an attribute value (quoted with `"` or `'`): every string from `.cx/`, paths and feedback goes through here. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
