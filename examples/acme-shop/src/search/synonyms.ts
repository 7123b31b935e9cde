/**
 * Synonym groups for search. The catalog copy is written in British English ("trainers", "jumper") and our
 * customers search in American English, brand slang and typos. Every group is a set of equivalent singular,
 * normalized terms; a query term expands to its whole group.
 *
 * Where the groups come from: the weekly "zero results" report (search_misses table). Add the query that
 * found nothing next to the catalog word it should have found.
 */
const GROUPS: readonly (readonly string[])[] = [
  ['trainer', 'sneaker', 'running shoe', 'kick', 'tennis shoe'],
  ['jumper', 'sweater', 'pullover', 'knit'],
  ['trouser', 'pant', 'slack', 'chino'],
  ['hoodie', 'hoody', 'hooded sweatshirt'],
  ['raincoat', 'rain jacket', 'waterproof', 'mac'],
  ['gilet', 'vest', 'body warmer'],
  ['bum bag', 'fanny pack', 'belt bag', 'waist bag'],
  ['flip flop', 'thong sandal', 'slider'],
  ['tee', 't shirt', 'tshirt'],
  ['rucksack', 'backpack', 'daypack'],
  ['wellington', 'welly', 'rain boot', 'gumboot'],
  ['swimsuit', 'swimming costume', 'bathing suit'],
  ['beanie', 'woolly hat', 'toque'],
];

const INDEX = new Map<string, readonly string[]>();
for (const group of GROUPS) for (const term of group) INDEX.set(term, group);

// @cx search/query
/** The term and its synonyms, the term first; a term without a group is returned alone. */
export function expand(term: string): string[] {
  const group = INDEX.get(term);
  if (!group) return [term];
  return [term, ...group.filter((t) => t !== term)];
}

/** Multi-word synonyms ("running shoe") are matched on the joined query before it is split into terms. */
export function phrases(): string[] {
  return [...INDEX.keys()].filter((t) => t.includes(' '));
}
