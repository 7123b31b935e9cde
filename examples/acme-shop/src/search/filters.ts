/**
 * The facet filters on the results page: category, brand, size, colour, price and "in stock only".
 * They arrive as query-string parameters and become SQL conditions with numbered parameters.
 */
import { ValidationError } from '../shared/errors';

export interface SearchFilters {
  category?: string;
  brands: string[];
  sizes: string[];
  colours: string[];
  /** Minor units, inclusive. */
  minPrice?: number;
  maxPrice?: number;
  inStockOnly: boolean;
}

function list(params: URLSearchParams, name: string): string[] {
  return params
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim().toLowerCase())
    .filter(Boolean);
}

function price(params: URLSearchParams, name: string): number | undefined {
  const raw = params.get(name);
  if (raw === null || raw === '') return undefined;
  const value = Math.round(Number(raw) * 100);
  if (!Number.isFinite(value) || value < 0) throw new ValidationError(`'${name}' must be a positive price`, { [name]: raw });
  return value;
}

export function parseFilters(params: URLSearchParams): SearchFilters {
  const filters: SearchFilters = {
    brands: list(params, 'brand'),
    sizes: list(params, 'size'),
    colours: list(params, 'colour'),
    inStockOnly: params.get('in_stock') === '1',
  };
  const category = params.get('category');
  if (category) filters.category = category;
  const minPrice = price(params, 'min_price');
  const maxPrice = price(params, 'max_price');
  if (minPrice !== undefined) filters.minPrice = minPrice;
  if (maxPrice !== undefined) filters.maxPrice = maxPrice;
  if (minPrice !== undefined && maxPrice !== undefined && minPrice > maxPrice) {
    throw new ValidationError('The minimum price is above the maximum price.', { min_price: 'above max_price' });
  }
  return filters;
}

/**
 * SQL conditions for the filters, to AND onto the text match. `next` is the number of the first free `$n`
 * parameter. Sizes and colours match any of the chosen values; the price compares the price the customer
 * pays, i.e. the sale price while there is one.
 * @cx search/filters
 */
export function filterClause(filters: SearchFilters, next: number): { sql: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${next + params.length - 1}`;
  };
  if (filters.category) conditions.push(`p.category = ${param(filters.category)}`);
  if (filters.brands.length) conditions.push(`lower(p.brand) = ANY(${param(filters.brands)})`);
  if (filters.sizes.length) conditions.push(`p.sizes && ${param(filters.sizes)}::text[]`);
  if (filters.colours.length) conditions.push(`p.colours && ${param(filters.colours)}::text[]`);
  if (filters.minPrice !== undefined) conditions.push(`coalesce(p.sale_price_cents, p.price_cents) >= ${param(filters.minPrice)}`);
  if (filters.maxPrice !== undefined) conditions.push(`coalesce(p.sale_price_cents, p.price_cents) <= ${param(filters.maxPrice)}`);
  if (filters.inStockOnly) conditions.push('EXISTS (SELECT 1 FROM stock s WHERE s.product_id = p.id AND s.on_hand - s.reserved > 0)');
  return { sql: conditions.length ? ` AND ${conditions.join(' AND ')}` : '', params };
}

/** The chips shown above the results, in the order the customer reads them. */
export function describeFilters(filters: SearchFilters): string[] {
  const chips: string[] = [];
  if (filters.category) chips.push(filters.category);
  chips.push(...filters.brands, ...filters.sizes.map((s) => `size ${s.toUpperCase()}`), ...filters.colours);
  if (filters.minPrice !== undefined) chips.push(`from ${(filters.minPrice / 100).toFixed(0)}`);
  if (filters.maxPrice !== undefined) chips.push(`up to ${(filters.maxPrice / 100).toFixed(0)}`);
  if (filters.inStockOnly) chips.push('in stock');
  return chips;
}
