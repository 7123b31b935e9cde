/**
 * The plain YAML reader (src/core/plainYaml.ts) held to the `yaml` package: for every text it reads, the package
 * parses the same text without an error or a warning into the same nodes (kind, value, scalar type, flow, and all
 * three offsets of every range); every other text it leaves to the package. Texts come from a generator of the
 * forms `.cx/` files are written in and from random edits of them.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { isMap, isPair, isScalar, isSeq } from 'yaml';
import { plainYaml } from '../../src/core/plainYaml';
import { loadComponentsYaml, loadJourneysYaml, parseYaml } from '../../src/core/yamlModel';
import { randomTools } from '../support/prng';

/** What the model reads of a node, for comparing the two readers' trees. */
function shape(node: unknown): unknown {
  if (node === null || node === undefined) return null;
  if (isMap(node)) return { map: node.range, flow: node.flow ?? false, pairs: node.items.map((p) => (isPair(p) ? [shape(p.key), shape(p.value)] : 'not a pair')) };
  if (isSeq(node)) return { seq: node.range, flow: node.flow ?? false, items: node.items.map(shape) };
  if (isScalar(node)) return { value: node.value, range: node.range, type: node.type };
  return { other: String(node) };
}


/** Checks the contract on one text; true when the plain reader read it. */
function check(text: string, what: string): boolean {
  const plain = plainYaml(text);
  if (!plain) return false;
  const doc = parseYaml(text);
  assert.deepEqual(doc.errors.map((e) => e.message), [], `${what}: read plainly, but the package has errors:\n${text}`);
  assert.deepEqual(doc.warnings.map((e) => e.message), [], `${what}: read plainly, but the package warns:\n${text}`);
  assert.deepEqual(shape(plain.contents), shape(doc.contents), `${what}:\n${JSON.stringify(text)}`);
  return true;
}

type Tools = ReturnType<typeof randomTools>;

const PLAIN_WORDS = ['checkout', 'pay', 'Pay now', 'Component c1-pay-1', 'a:b', 'a#b', 'a - b', 'x,y', 'Pay [beta]', '{x}', 'café', '日本', '💳 card',
  'http://x.test/a', '/src/payments/', '/src/*.ts', '**/x/', 'yes', 'no', 'on', 'off', 'null', 'Null', '~', 'true', 'False', 'TRUE',
  '12', '0', '007', '1.50', '-3', '+4', '1e3', '.5', '.inf', '-.Inf', '.nan', '0x1F', '0o17', '3.', '12345678901234567', 'n', 'y', '-x', 'x-'];

function scalarText({ int, pick }: Tools): string {
  const word = pick(PLAIN_WORDS);
  switch (int(6)) {
    case 0:
      return `"${word.replace(/"/g, '')}"`;
    case 1:
      return `'${pick([word, "it's", "''", 'a: b'])}'`;
    case 2:
      return `[${Array.from({ length: int(4) }, () => pick(['a', 'b/c', '"d"', "'e'", '12', 'x y', 'null', '/p/*.ts'])).join(pick([', ', ',', ' , ']))}]`;
    default:
      return word;
  }
}

function comment({ int }: Tools): string {
  return int(5) ? '' : `${' '.repeat(1 + int(3))}# note: ${int(100)}`;
}

/** A block mapping at `indent` (its first line's prefix given by the caller), `depth` levels deep at most. */
function mappingText(t: Tools, indent: number, depth: number, keys = ['id', 'name', 'owner', 'paths', 'journeys', 'steps', 'target', 'x_y', 'k-2']): string[] {
  const { int, pick } = t;
  const lines: string[] = [];
  const used = new Set<string>();
  const n = 1 + int(4);
  for (let i = 0; i < n; i++) {
    let key = pick(keys);
    if (used.has(key) && int(8)) continue; // now and then a repeated key (an error the package reports)
    used.add(key);
    if (!int(40)) key = pick(['true', 'null', '12', 'a b', '"q"', '? k']);
    const pad = ' '.repeat(indent);
    const r = int(10);
    if (depth > 0 && r < 3) {
      lines.push(`${pad}${key}:${int(4) ? '' : ' '}${comment(t)}`);
      lines.push(...listText(t, int(3) ? indent + pick([2, 4, 1]) : indent, depth - 1));
    } else if (depth > 0 && r < 4) {
      lines.push(`${pad}${key}:${comment(t)}`);
      lines.push(...mappingText(t, indent + pick([2, 4]), depth - 1));
    } else if (r < 5) {
      lines.push(`${pad}${key}:${pick(['', ' ', '   '])}${comment(t)}`);
    } else {
      lines.push(`${pad}${key}: ${scalarText(t)}${pick(['', '', ' ', '  '])}${comment(t)}`);
    }
    if (!int(12)) lines.push(pick(['', '   ']));
  }
  if (!lines.length) lines.push(`${' '.repeat(indent)}id: x`);
  return lines;
}

/** A block list at `indent`: scalars, flow lists or mappings as items. */
function listText(t: Tools, indent: number, depth: number): string[] {
  const { int } = t;
  const lines: string[] = [];
  const n = 1 + int(4);
  for (let i = 0; i < n; i++) {
    const pad = ' '.repeat(indent);
    if (depth > 0 && int(2)) {
      const gap = 1 + (int(4) ? 0 : 2);
      const body = mappingText(t, indent + 1 + gap, depth - 1);
      lines.push(`${pad}-${' '.repeat(gap)}${body[0]!.trimStart()}`, ...body.slice(1));
    } else {
      lines.push(`${pad}- ${scalarText(t)}${comment(t)}`);
    }
    if (!int(12)) lines.push('');
  }
  return lines;
}

function documentText(t: Tools): string {
  const { int, pick } = t;
  const head = int(2) ? ['# Synthetic file.', ...(int(3) ? [] : ['', '  # indented'])] : [];
  const root = pick(['components', 'journeys', 'other']);
  const body = int(6) ? [`${root}:`, ...listText(t, pick([2, 0, 4]), 3)] : mappingText(t, 0, 3);
  // Comment lines between the entries, at any indentation: the package gives them to nodes whose ranges grow.
  for (let k = int(3) ? 0 : 1 + int(4); k > 0; k--) body.splice(1 + int(body.length), 0, `${' '.repeat(int(9))}# comment ${k}`);
  const tail = pick(['\n', '', '\n\n', '\n  \n']);
  const text = [...head, ...body].join('\n') + tail;
  // Windows line breaks, in a whole file or here and there.
  return int(4) ? text : text.replace(/\n/g, () => (int(4) ? '\r\n' : '\n'));
}

/** Edits that reach each rule of the subset: indicators, quotes, comments, indentation, line ends, characters. */
const EDITS = [':', ': ', ' ', '-', '- ', '#', ' #', '"', "'", '[', ']', ',', '\n', '\n  ', '\t', '\r', '&a ', '*a', '!t ', '|', '>', '{', '}',
  '%', '@', '`', '?', '.', '0', '\\', '---', '...', '\u2028', '\u0085', '\ufeff', 'é', 'null', '  ', '\n#c\n', '\n\n'];

function mutate({ int, pick }: Tools, text: string): string {
  const at = int(text.length + 1);
  switch (int(3)) {
    case 0:
      return text.slice(0, at) + pick(EDITS) + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(at + 1 + int(3));
    default:
      return text.slice(0, at) + pick(EDITS) + text.slice(at + 1);
  }
}

const ROOT = path.join(__dirname, '..', '..');

/** A value for a field of the model: mostly right, sometimes of the wrong type or empty (a problem to place). */
function fieldValue({ int, pick }: Tools, good: string[]): string {
  return int(6) ? pick(good) : pick(['12', '""', '[a, b]', 'true', '~', "''", '[1, "", x]', '-3.5']);
}

function stepText(t: Tools, indent: string, i: number): string[] {
  const lines = [`${indent}- id: ${t.int(10) ? `s${i}` : fieldValue(t, ['s'])}`, `${indent}  name: ${fieldValue(t, ['Pay', '"Pay now"', 'Step 2'])}`];
  if (t.int(2)) lines.push(`${indent}  outcome: ${fieldValue(t, ['Works.', "'It''s done'"])}`);
  if (!t.int(8)) lines.push(`${indent}  ${t.pick(['outcom', 'nmae', 'x'])}: y`);
  return lines;
}

/** A journeys or components file as the model reads them, with comments, and with problems now and then. */
function modelText(t: Tools, kind: 'journeys' | 'components'): string {
  const { int, pick } = t;
  const lines = ['# Written by hand.', `${kind}:`];
  for (let i = 0; i < 1 + int(5); i++) {
    if (!int(4)) lines.push(pick(['', `  # entry ${i}`, `    # entry ${i}`]));
    lines.push(`  - id: ${int(12) ? `${kind[0]}${i}` : fieldValue(t, ['x'])}`);
    if (int(4)) lines.push(`    name: ${fieldValue(t, ['Checkout', '"Pay: now"', 'Sign in & up'])}`);
    lines.push(`    owner: ${fieldValue(t, ['"@corp/team"', "'@corp/x'"])}${int(3) ? '' : '  # the team'}`);
    if (kind === 'components') {
      if (int(3)) lines.push('    paths:', ...Array.from({ length: 1 + int(3) }, (_, k) => `      - ${fieldValue(t, ['/src/a/', '"*.ts"', '"!/src/a/b/"', `/p${k}/`])}`));
      else lines.push(`    paths: ${fieldValue(t, ['[/src/a/, "*.md"]', '[]'])}`);
      lines.push(`    journeys: ${fieldValue(t, ['[checkout/pay, search]', '[checkout]', '[]'])}`);
    } else {
      lines.push(`    outcome: ${fieldValue(t, ['Customers get it done.', '"Done, first try."'])}`);
      if (int(3)) lines.push('    steps:', ...Array.from({ length: 1 + int(3) }, (_, k) => stepText(t, '      ', k)).flat());
      if (int(2)) {
        lines.push('    metrics:');
        for (let k = 0; k < 1 + int(2); k++) {
          lines.push(`      - id: m${k}`, `        name: ${fieldValue(t, ['Metric', '"Conversion %"'])}`, `        target: ${fieldValue(t, ['83', '4.5', '0'])}`);
          lines.push(`        better: ${fieldValue(t, ['lower', 'higher', 'sideways'])}`);
          if (int(2)) lines.push(`        step: ${fieldValue(t, ['s0', 's9'])}`);
        }
      }
    }
    if (!int(10)) lines.push(`    ${pick(['tags', 'ownr', 'path'])}: [oops]`);
    if (!int(6)) lines.push(pick(['      # after the entry', '  # between entries', '']));
  }
  // Not ending with comment lines: the test below adds one, which must change no range.
  while (/^\s*(#.*)?$/.test(lines[lines.length - 1]!)) lines.pop();
  return `${lines.join('\n')}\n`;
}

describe('the plain YAML reader', () => {
  /** How many of `texts` the reader read, each checked against the package. */
  const readOf = (texts: readonly string[]) => texts.filter((text, i) => check(text, `text ${i}`)).length;

  it('reads what the package reads, the same way, in generated documents', () => {
    const t = randomTools(31);
    const texts = Array.from({ length: 3000 }, () => documentText(t));
    // A good share of the generated documents are in the subset: the comparison is not vacuous.
    const read = readOf(texts);
    assert.ok(read > texts.length / 4, `read ${read} of ${texts.length}`);
  });

  it('reads what the package reads, the same way, after random edits', () => {
    const t = randomTools(32);
    // Edits of documents the reader takes, one or two at a time: most edited texts stay near the subset's edge.
    const texts: string[] = [];
    while (texts.length < 8000) {
      const text = documentText(t);
      if (!plainYaml(text)) continue;
      for (let k = 0; k < 8; k++) texts.push(t.int(2) ? mutate(t, mutate(t, text)) : mutate(t, text));
    }
    const read = readOf(texts);
    assert.ok(read > texts.length / 5, `read ${read} of ${texts.length}`);
  });

  it('gives the model the same entries, locations and problems as the package does', () => {
    // The same text with a comment line at its end that holds a tab: the reader leaves it to the package, and a
    // comment at the first column after the document's last line (the only one there) changes no range.
    const t = randomTools(33);
    let read = 0;
    let withProblems = 0;
    for (let i = 0; i < 400; i++) {
      const kind = t.pick(['journeys', 'components'] as const);
      const text = modelText(t, kind);
      const other = `${text}#\tread by the package\n`;
      assert.equal(plainYaml(other), undefined);
      if (!plainYaml(text)) continue;
      read++;
      const load = kind === 'journeys' ? loadJourneysYaml : loadComponentsYaml;
      const plainly = load('.cx/file.yaml', text);
      if (plainly.problems.length) withProblems++;
      assert.deepEqual(plainly, load('.cx/file.yaml', other), `document ${i}:\n${text}`);
    }
    assert.ok(read > 300, `read ${read} of 400`);
    assert.ok(withProblems > 100, `${withProblems} with problems`);
  });

  it('reads each kind of scalar and leaves the rest to the package', () => {
    const value = (text: string) => {
      const doc = plainYaml(`k: ${text}\n`);
      return doc && isMap(doc.contents) ? (doc.contents.items[0]!.value as { value: unknown }).value : 'not plain';
    };
    assert.equal(value('pay'), 'pay');
    assert.equal(value('a #b'), 'a');
    assert.equal(value('a#b'), 'a#b');
    assert.equal(value('12'), 12);
    assert.equal(value('-1.50'), -1.5);
    assert.equal(value('~'), null);
    assert.equal(value('False'), false);
    assert.equal(value('yes'), 'yes');
    assert.equal(value('"a: b"'), 'a: b');
    assert.equal(value("'it''s'"), "it's");
    for (const left of ['007', '1e3', '.inf', '0x1F', '"a\\"b"', '&a x', '*a', '!t x', '|', '>', '@x', 'a: b', 'a:', '"open', '[a, [b]]', '[a,]', '{a: 1}']) {
      assert.equal(value(left), 'not plain', left);
    }
    for (const left of ['k: a\n  b\n', 'k:\n# below a key without a value\nl: b\n', '%YAML 1.2\n---\nk: a\n', 'k: a\rl: b\r', 'k:\ta\n', 'k: a\nk: b\n', '- a\n  - b\n']) {
      assert.equal(plainYaml(left), undefined, JSON.stringify(left));
    }
    // Comment lines that the package adds to a range: to a list item's value, to the list that ends, to neither.
    for (const text of ['a:\n  - x\n    # c\n  - y\n', 'a:\n  - p:\n      - x\n      # t1\n    # t2\n\n  - q: 1\n', 'a:\n  b: 1\n  # c\nd: 2\n', 'a: 1\n# c\nb: 2\n# end\n', 'a:\r\n  k:  # n\r\n\r\n  l: 1\r\n']) {
      assert.ok(check(text, JSON.stringify(text)), JSON.stringify(text));
    }
    assert.deepEqual(plainYaml('# only a comment\n'), { contents: null });
    assert.deepEqual(plainYaml(''), { contents: null });
  });

  it('reads the example workspace\'s and the benchmark\'s forms plainly, with the model\'s answers unchanged', () => {
    // The benchmark's generator writes these forms; a reader that stopped taking them would fall back silently.
    const components = [
      '# Synthetic components under infra/.',
      'components:',
      '  - id: c38-feeds-38',
      '    name: Component c38-feeds-38',
      '    owner: "@corp/team-38"',
      '    paths:',
      '      - "/infra/feeds-38/src/*.ts"',
      '      - "!/infra/feeds-38/test/"',
      '    journeys: [partner-69/share-2, onboarding-140/invite-0, partner-59]',
      '',
    ].join('\n');
    const journeys = [
      '# Synthetic journeys of the account area.',
      'journeys:',
      '  - id: account-6',
      '    name: account journey 6',
      '    outcome: Customers get account journey 6 done on the first try.',
      '    owner: "@corp/account"',
      '    steps:',
      '      - id: cancel-0',
      '        name: cancel 0',
      '    metrics:',
      '      - id: m0',
      '        name: Metric 0',
      '        unit: "%"',
      '        target: 83',
      '        better: lower',
      '',
    ].join('\n');
    assert.ok(check(components, 'components'));
    assert.ok(check(journeys, 'journeys'));
    const read = loadComponentsYaml('.cx/components.yaml', components);
    assert.deepEqual(read.problems, []);
    assert.deepEqual(read.components[0]!.component, {
      id: 'c38-feeds-38', name: 'Component c38-feeds-38', owner: '@corp/team-38',
      paths: ['/infra/feeds-38/src/*.ts', '!/infra/feeds-38/test/'], journeys: ['partner-69/share-2', 'onboarding-140/invite-0', 'partner-59'],
    });
    assert.deepEqual(read.components[0]!.patternLocs.map((l) => [l.range.start.line, l.range.start.character, l.range.end.character]), [[6, 8, 34], [7, 8, 32]]);
    const journey = loadJourneysYaml('.cx/journeys.yaml', journeys).journeys[0]!;
    assert.deepEqual(journey.metrics[0]!.metric, { id: 'm0', name: 'Metric 0', unit: '%', target: 83, better: 'lower' });
    // The example's files, written by hand with comment lines between their entries.
    for (const rel of ['examples/acme-shop/.cx/components.yaml', 'examples/acme-shop/.cx/journeys.yaml', 'examples/acme-shop/.cx/components/payments.yaml', 'examples/acme-shop/.cx/journeys/refunds.yaml']) {
      assert.ok(check(readFileSync(path.join(ROOT, rel), 'utf8'), rel), rel);
    }
  });
});
