/**
 * Stock per product and size. Checkout reserves stock before charging the card and releases it when the
 * payment fails, so two customers cannot buy the last pair of the same size.
 */
import type { Db } from '../shared/db';
import { ConflictError } from '../shared/errors';
import { createLogger } from '../shared/logger';

export interface StockLine {
  productId: string;
  size: string;
  quantity: number;
}

const log = createLogger('catalog.inventory');

export class Inventory {
  constructor(private readonly db: Db) {}

  async available(productId: string, size: string): Promise<number> {
    const rows = await this.db.query<{ free: number }>(
      'SELECT on_hand - reserved AS free FROM stock WHERE product_id = $1 AND size = $2',
      [productId, size],
    );
    return Math.max(0, rows[0]?.free ?? 0);
  }

  async inStock(productIds: readonly string[]): Promise<Set<string>> {
    if (productIds.length === 0) return new Set();
    const rows = await this.db.query<{ product_id: string }>(
      'SELECT DISTINCT product_id FROM stock WHERE product_id = ANY($1) AND on_hand - reserved > 0',
      [productIds],
    );
    return new Set(rows.map((r) => r.product_id));
  }

  /** Reserves every line or none: one line short rolls the others back. */
  async reserve(orderId: string, lines: readonly StockLine[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const line of lines) {
        const updated = await tx.query<{ product_id: string }>(
          `UPDATE stock SET reserved = reserved + $1
            WHERE product_id = $2 AND size = $3 AND on_hand - reserved >= $1
            RETURNING product_id`,
          [line.quantity, line.productId, line.size],
        );
        if (updated.length === 0) {
          throw new ConflictError('Sorry, one of the items in your bag has just sold out in your size.', 'out_of_stock', {
            productId: line.productId,
            size: line.size,
          });
        }
        await tx.query('INSERT INTO stock_reservations (order_id, product_id, size, quantity) VALUES ($1, $2, $3, $4)', [
          orderId,
          line.productId,
          line.size,
          line.quantity,
        ]);
      }
    });
  }

  async release(orderId: string): Promise<void> {
    const released = await this.db.transaction(async (tx) => {
      const rows = await tx.query<StockLine>(
        'DELETE FROM stock_reservations WHERE order_id = $1 RETURNING product_id AS "productId", size, quantity',
        [orderId],
      );
      for (const r of rows) {
        await tx.query('UPDATE stock SET reserved = reserved - $1 WHERE product_id = $2 AND size = $3', [r.quantity, r.productId, r.size]);
      }
      return rows.length;
    });
    log.info('released reservation', { orderId, lines: released });
  }
}
