/**
 * The arguments commands accept (pure, tested without VS Code). A command runs from the palette (no arguments), a
 * CodeLens (`[uri, ref]` as strings), a menu (a `vscode.Uri`) or another part of the extension (an id); anything
 * else is ignored rather than trusted.
 */

const URI = /^[a-z][a-z0-9+.-]*:/i;
const REF = /^[a-z0-9][a-z0-9-]*(?:\/[a-z0-9][a-z0-9-]*)?$/;

/** A URI string from a string or a `vscode.Uri`-like object (`scheme` and `toString()`); undefined otherwise. */
export function uriArg(arg: unknown): string | undefined {
  if (typeof arg === 'string') return URI.test(arg) ? arg : undefined;
  if (arg && typeof arg === 'object' && typeof (arg as { scheme?: unknown }).scheme === 'string') {
    const text = String(arg);
    return URI.test(text) ? text : undefined;
  }
  return undefined;
}

/** A journey or step reference: `checkout`, `checkout/pay`. */
export function refArg(arg: unknown): string | undefined {
  return typeof arg === 'string' && REF.test(arg) ? arg : undefined;
}

/** Show Context: `[uri?, ref?]` from a CodeLens or a menu. */
export function showContextArgs(args: readonly unknown[]): { uri?: string; ref?: string } {
  const uri = uriArg(args[0]);
  const ref = refArg(args[1]);
  return { ...(uri ? { uri } : {}), ...(ref ? { ref } : {}) };
}

/** Tag Feedback: a record id, or a feedback item (`{ id }`), as the views pass it. */
export function feedbackIdArg(arg: unknown): string | undefined {
  const id = arg && typeof arg === 'object' ? (arg as { id?: unknown }).id : arg;
  return typeof id === 'string' && id.trim() !== '' ? id : undefined;
}

/** A word for a POSIX shell command line the user copies: as is when safe, else single-quoted. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
