/**
 * Text edits that add a journey or a step to journeys YAML the way a person would write it: after the last entry of
 * the list, with the list's own indentation and line endings, leaving comments and formatting alone.
 */
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node, Pair, YAMLMap } from 'yaml';
import type { TextEdit } from 'vscode-languageserver/node';
import { LineIndex } from '../../core/problems';

/** `sign-up` → `Sign up`: a readable first name for a new entry. */
export function titleOf(id: string): string {
  const words = id.split('-').filter(Boolean).join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const sp = (n: number) => ' '.repeat(Math.max(0, n));

/** The lines of a new entry, its dash at `dash` and its keys at `key`. */
type Stub = (dash: number, key: number) => string[];

function entryStub(id: string, more: (key: number) => string[] = () => []): Stub {
  return (dash, key) => [`${sp(dash)}- id: ${id}`, `${sp(key)}name: ${titleOf(id)}`, `${sp(key)}outcome:`, ...more(key)];
}

function stepsBlock(stepId: string): (key: number) => string[] {
  return (key) => [`${sp(key)}steps:`, ...entryStub(stepId)(key + 2, key + 4)];
}

class Editor {
  readonly lines: LineIndex;
  readonly eol: string;

  constructor(readonly text: string) {
    this.lines = new LineIndex(text);
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
  }

  column(offset: number): number {
    return this.lines.positionAt(offset).character;
  }

  insert(offset: number, newText: string): TextEdit {
    const at = this.lines.positionAt(offset);
    return { range: { start: at, end: at }, newText };
  }

  replace(start: number, end: number, newText: string): TextEdit {
    return { range: this.lines.rangeOf(start, end), newText };
  }

  /** Inserts whole lines after the content that ends at `end` (a node's end, which may reach into the next line). */
  insertLinesAfter(end: number, lines: string[]): TextEdit {
    let e = end;
    while (e > 0 && (this.text[e - 1] === ' ' || this.text[e - 1] === '\t')) e--;
    const body = lines.join(this.eol);
    return this.text[e - 1] === '\n' || e === 0 ? this.insert(e, body + this.eol) : this.insert(e, this.eol + body);
  }

  /**
   * Adds an entry to the list that is the value of `pair`: after its last item (same indentation as its first),
   * or as the first item of an empty, `[]` or missing list.
   */
  addToList(pair: Pair, stub: Stub): TextEdit | undefined {
    const key = pair.key as Node;
    const keyStart = key.range?.[0];
    if (keyStart === undefined) return undefined;
    const keyCol = this.column(keyStart);
    const value = pair.value as Node | null;
    const fresh = () => stub(keyCol + 2, keyCol + 4).join(this.eol);
    if (value === null || (isScalar(value) && value.value === null)) {
      const r = value?.range;
      if (r && r[1] > r[0]) return this.replace(r[0], r[1], this.eol + fresh()); // `~` or `null`
      const line = this.lines.positionAt(keyStart).line;
      return { range: { start: { line, character: this.lines.lineText(line).length }, end: { line, character: this.lines.lineText(line).length } }, newText: this.eol + fresh() };
    }
    if (!isSeq(value) || !value.range) return undefined;
    if (value.flow) return value.items.length ? undefined : this.replace(value.range[0], value.range[1], this.eol + fresh());
    const first = value.items[0] as Node | undefined;
    const last = value.items.at(-1) as Node | undefined;
    if (!first?.range || !last?.range) return undefined;
    const start = this.lines.positionAt(first.range[0]);
    const dash = this.lines.lineText(start.line).lastIndexOf('-', start.character - 1);
    if (dash < 0) return undefined;
    return this.insertLinesAfter(last.range[1], stub(dash, start.character));
  }
}

function pairOf(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((p) => isScalar(p.key) && p.key.value === key) as Pair | undefined;
}

/** Adds journey `journeyId` (with step `stepId`) to a journeys file's text; the text may be empty (a new file). */
export function addJourneyEdit(text: string, journeyId: string, stepId?: string): TextEdit | undefined {
  const ed = new Editor(text);
  const stub = entryStub(journeyId, stepId ? stepsBlock(stepId) : undefined);
  const doc = parseDocument(text);
  const root = doc.contents;
  const atEnd = (lines: string[]) => ed.insertLinesAfter(text.length, lines);
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return atEnd(['journeys:', ...stub(2, 4)]);
  if (!isMap(root) || root.flow) return undefined;
  const pair = pairOf(root, 'journeys');
  if (!pair) return atEnd(['journeys:', ...stub(2, 4)]);
  return ed.addToList(pair, stub);
}

/** Adds step `stepId` to journey `journeyId` in a journeys file's text. */
export function addStepEdit(text: string, journeyId: string, stepId: string): TextEdit | undefined {
  const ed = new Editor(text);
  const root = parseDocument(text).contents;
  if (!isMap(root)) return undefined;
  const list = pairOf(root, 'journeys')?.value;
  if (!isSeq(list)) return undefined;
  const journey = list.items.find((j): j is YAMLMap => isMap(j) && j.get('id') === journeyId);
  if (!journey?.range || journey.flow) return undefined;
  const steps = pairOf(journey, 'steps');
  if (steps) return ed.addToList(steps, entryStub(stepId));
  const keyCol = ed.column(journey.range[0]);
  return ed.insertLinesAfter(journey.range[1], stepsBlock(stepId)(keyCol));
}
