/**
 * Turns what the customer typed into search terms: normalized, singular, stop words dropped, synonyms
 * expanded. Kept free of database code so it is cheap to test with the zero-result queries from the report.
 */
import { expand, phrases } from './synonyms';

export interface ParsedQuery {
  raw: string;
  /** Normalized terms as typed (singular, no stop words). */
  terms: string[];
  /** Each term with its synonyms, for the full-text query: an OR inside a group, AND across groups. */
  groups: string[][];
}

const STOP_WORDS = new Set(['a', 'an', 'and', 'the', 'for', 'with', 'in', 'of', 'to', 'on', 'mens', 'womens']);
const MAX_TERMS = 8;

/** Lower case, accents removed, punctuation to spaces: "Café-Racer  JACKET!" → "cafe racer jacket". */
export function normalize(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** A small English singularizer, good enough for product nouns: dresses → dress, hoodies → hoodie. */
export function singular(word: string): string {
  if (word.length <= 3 || word.endsWith('ss') || word.endsWith('us')) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(ches|shes|sses|xes)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

export function parseQuery(raw: string): ParsedQuery {
  let text = normalize(raw)
    .split(' ')
    .map(singular)
    .join(' ');
  // Keep known multi-word terms together ("running shoe") by joining them with an underscore for the split.
  for (const phrase of phrases()) text = text.replaceAll(phrase, phrase.replaceAll(' ', '_'));
  const terms = text
    .split(' ')
    .filter((t) => t && !STOP_WORDS.has(t))
    .map((t) => t.replaceAll('_', ' '))
    .slice(0, MAX_TERMS);
  return { raw, terms, groups: terms.map(expand) };
}
