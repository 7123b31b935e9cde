/**
 * Product search for the storefront's search box and the /search page.
 */
import type { ProductRow } from '../catalog/products';
import { PRODUCT_COLUMNS, toProduct } from '../catalog/products';
import type { Inventory } from '../catalog/inventory';
import type { Db } from '../shared/db';
import { createLogger } from '../shared/logger';
import type { SearchFilters } from './filters';
import { describeFilters, filterClause } from './filters';
import { parseQuery } from './query';
import type { Ranked } from './ranking';
import { rank } from './ranking';

export interface SearchResults {
  query: string;
  terms: string[];
  chips: string[];
  total: number;
  page: number;
  items: Ranked[];
}

const PAGE_SIZE = 24;
const CANDIDATES = 200;
const log = createLogger('search');

/** Postgres tsquery for the term groups: synonyms OR-ed, groups AND-ed, the last term as a prefix. */
export function toTsQuery(groups: readonly string[][]): string {
  return groups
    .map((group, i) => {
      const last = i === groups.length - 1;
      const alternatives = group.map((term) => term.split(' ').join(' <-> ') + (last && !term.includes(' ') ? ':*' : ''));
      return `(${alternatives.join(' | ')})`;
    })
    .join(' & ');
}

export class SearchService {
  constructor(
    private readonly db: Db,
    private readonly inventory: Inventory,
  ) {}

  /* @cx search/results
     What customers see after pressing Enter: relevance-ranked, filtered, in-stock first. A query that finds
     nothing is recorded in search_misses for the synonyms list. */
  async search(raw: string, filters: SearchFilters, page = 1): Promise<SearchResults> {
    const parsed = parseQuery(raw);
    const chips = describeFilters(filters);
    if (parsed.terms.length === 0) return { query: raw, terms: [], chips, total: 0, page, items: [] };

    const where = filterClause(filters, 2);
    const rows = await this.db.query<ProductRow & { text_score: number }>(
      `SELECT ${PRODUCT_COLUMNS}, ts_rank(p.search_vector, to_tsquery('english', $1)) AS text_score
         FROM products p
        WHERE p.published AND p.search_vector @@ to_tsquery('english', $1)${where.sql}
        ORDER BY text_score DESC
        LIMIT ${CANDIDATES}`,
      [toTsQuery(parsed.groups), ...where.params],
    );
    const inStock = await this.inventory.inStock(rows.map((r) => r.id));
    const ranked = rank(
      rows.map((r) => ({ product: toProduct(r), textScore: r.text_score, inStock: inStock.has(r.id) })),
      parsed.terms,
    );

    if (ranked.length === 0) await this.recordMiss(raw, parsed.terms, chips);
    const start = (page - 1) * PAGE_SIZE;
    return { query: raw, terms: parsed.terms, chips, total: ranked.length, page, items: ranked.slice(start, start + PAGE_SIZE) };
  }

  private async recordMiss(raw: string, terms: string[], chips: string[]): Promise<void> {
    log.info('zero results', { query: raw, terms, filters: chips });
    await this.db.query('INSERT INTO search_misses (query, terms, filters, at) VALUES ($1, $2, $3, now())', [raw, terms, chips]);
  }
}
