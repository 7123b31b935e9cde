/**
 * Finds where a value sits in a JSON text, so a schema error in one JSONL line or CSV cell can point at the exact
 * column of the offending key instead of the start of the line. Only called for texts JSON.parse accepted.
 */

interface Span {
  start: number;
  end: number;
}

/** The span of the value at `path` (keys and array indexes) in `text`, or of the deepest ancestor found. */
export function locateJsonPath(text: string, path: readonly PropertyKey[]): Span | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\r' || text[i] === '\n' || text[i] === '\ufeff')) i++;
  };
  const skipString = () => {
    i++; // opening quote
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
  };
  const readString = (): string => {
    const start = i;
    skipString();
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return '';
    }
  };
  // Skips an object or array without recursion, so that deep nesting cannot overflow the stack.
  const skipNested = () => {
    let depth = 0;
    while (i < text.length) {
      const c = text[i];
      if (c === '"') {
        skipString();
        continue;
      }
      i++;
      if (c === '{' || c === '[') depth++;
      else if ((c === '}' || c === ']') && --depth === 0) return;
    }
  };
  // Returns the span of the value starting at i, descending into `rest` when it matches.
  const value = (rest: readonly PropertyKey[]): Span | undefined => {
    ws();
    const start = i;
    const c = text[i];
    if (rest.length === 0 && (c === '{' || c === '[')) {
      skipNested();
      return { start, end: i };
    }
    if (c === '{') {
      i++;
      let found: Span | undefined;
      for (;;) {
        ws();
        if (text[i] === '}') { i++; break; }
        if (text[i] === ',') { i++; continue; }
        if (text[i] !== '"') return undefined;
        const keyStart = i;
        const key = readString();
        ws();
        i++; // colon
        const wanted = rest.length > 0 && String(rest[0]) === key;
        const inner = value(wanted ? rest.slice(1) : []);
        if (wanted && !found) found = inner ?? { start: keyStart, end: i };
        if (i >= text.length) break;
      }
      return rest.length === 0 ? { start, end: i } : found ?? { start, end: i };
    }
    if (c === '[') {
      i++;
      let index = 0;
      let found: Span | undefined;
      for (;;) {
        ws();
        if (text[i] === ']') { i++; break; }
        if (text[i] === ',') { i++; index++; continue; }
        const wanted = rest.length > 0 && Number(rest[0]) === index;
        const inner = value(wanted ? rest.slice(1) : []);
        if (wanted && !found) found = inner;
        if (i >= text.length) break;
      }
      return rest.length === 0 ? { start, end: i } : found ?? { start, end: i };
    }
    if (c === '"') {
      skipString();
      return { start, end: i };
    }
    while (i < text.length && !',]}'.includes(text[i]!) && !/\s/.test(text[i]!)) i++;
    return i > start ? { start, end: i } : undefined;
  };
  return value(path);
}

/** Node reports JSON syntax errors with "position N" (and sometimes line/column); returns that offset. */
export function jsonErrorOffset(error: unknown, text: string): number {
  const message = error instanceof Error ? error.message : String(error);
  const pos = /position (\d+)/.exec(message);
  if (pos) return Number(pos[1]);
  if (/Unexpected end of JSON input/i.test(message)) return text.length;
  // Node 20 names the bad token without a position for some inputs: point at its first place outside a string.
  const token = /Unexpected token '(.)'/.exec(message)?.[1];
  if (token) {
    let inString = false;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === token) return i;
      else if (c === '"') inString = true;
    }
  }
  return 0;
}

/** JSON.parse's message without the echo of the input, which can be huge or carry control characters. */
export function jsonErrorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/, "[\s\S]*" is not valid JSON$/, '').replace(/ in JSON at position \d+.*$/s, '').replace(/\s+\(line \d+ column \d+\)$/, '');
}
