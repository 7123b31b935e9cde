/**
 * The product catalog as the storefront reads it. Products are written by the merchandising tool (a separate
 * service); this shop only reads them.
 */
import type { Db } from '../shared/db';
import { one } from '../shared/db';
import { NotFoundError } from '../shared/errors';
import type { Currency, Money } from '../shared/money';
import { money } from '../shared/money';

export interface Product {
  id: string;
  slug: string;
  title: string;
  brand: string;
  category: string;
  description: string;
  price: Money;
  /** Set while the product is on sale; always lower than `price`. */
  salePrice?: Money;
  colours: string[];
  sizes: string[];
  /** Orders in the last 30 days, refreshed nightly: the ranking's popularity signal. */
  popularity: number;
}

export interface ProductRow {
  id: string;
  slug: string;
  title: string;
  brand: string;
  category: string;
  description: string;
  price_cents: number;
  sale_price_cents: number | null;
  currency: Currency;
  colours: string[];
  sizes: string[];
  popularity: number;
}

export const PRODUCT_COLUMNS =
  'p.id, p.slug, p.title, p.brand, p.category, p.description, p.price_cents, p.sale_price_cents, p.currency, p.colours, p.sizes, p.popularity';

export function toProduct(row: ProductRow): Product {
  const product: Product = {
    id: row.id,
    slug: row.slug,
    title: row.title,
    brand: row.brand,
    category: row.category,
    description: row.description,
    price: money(row.price_cents, row.currency),
    colours: row.colours,
    sizes: row.sizes,
    popularity: row.popularity,
  };
  if (row.sale_price_cents !== null && row.sale_price_cents < row.price_cents) product.salePrice = money(row.sale_price_cents, row.currency);
  return product;
}

export class ProductRepository {
  constructor(private readonly db: Db) {}

  async bySlug(slug: string): Promise<Product> {
    const row = await one<ProductRow>(this.db, `SELECT ${PRODUCT_COLUMNS} FROM products p WHERE p.slug = $1 AND p.published`, [slug]);
    if (!row) throw new NotFoundError('product', slug);
    return toProduct(row);
  }

  async byId(id: string): Promise<Product> {
    const row = await one<ProductRow>(this.db, `SELECT ${PRODUCT_COLUMNS} FROM products p WHERE p.id = $1`, [id]);
    if (!row) throw new NotFoundError('product', id);
    return toProduct(row);
  }

  /** Products by id, in the order asked for; unknown or unpublished ids are left out. */
  async byIds(ids: readonly string[]): Promise<Product[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.query<ProductRow>(`SELECT ${PRODUCT_COLUMNS} FROM products p WHERE p.id = ANY($1) AND p.published`, [ids]);
    const byId = new Map(rows.map((r) => [r.id, toProduct(r)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async inCategory(category: string, limit = 48): Promise<Product[]> {
    const rows = await this.db.query<ProductRow>(
      `SELECT ${PRODUCT_COLUMNS} FROM products p WHERE p.category = $1 AND p.published ORDER BY p.popularity DESC LIMIT $2`,
      [category, limit],
    );
    return rows.map(toProduct);
  }
}
