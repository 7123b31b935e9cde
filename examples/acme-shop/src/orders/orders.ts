/**
 * Orders as stored. An order is created `pending_payment` before the charge so the payment attempts have
 * something to point at; it moves on only through `orderService.ts`.
 */
import type { Address } from '../checkout/address';
import type { CartLine } from '../cart/cart';
import type { Db } from '../shared/db';
import { one } from '../shared/db';
import { NotFoundError } from '../shared/errors';
import type { Money } from '../shared/money';

export type OrderStatus = 'pending_payment' | 'payment_failed' | 'paid' | 'shipped' | 'delivered' | 'cancelled' | 'returned';

export interface Order {
  id: string;
  /** What the customer sees: `A-7KQ2-91XF`. */
  reference: string;
  userId: string;
  email: string;
  status: OrderStatus;
  lines: CartLine[];
  address: Address;
  shippingOption: string;
  subtotal: Money;
  discount: Money;
  shipping: Money;
  total: Money;
  promoCode?: string;
  paymentId?: string;
  carrier?: string;
  trackingNumber?: string;
  placedAt: string;
  deliveredAt?: string;
}

export class OrderRepository {
  constructor(private readonly db: Db) {}

  async get(id: string): Promise<Order> {
    const row = await one<{ doc: Order }>(this.db, 'SELECT doc FROM orders WHERE id = $1', [id]);
    if (!row) throw new NotFoundError('order', id);
    return row.doc;
  }

  async byReference(reference: string, userId: string): Promise<Order> {
    const row = await one<{ doc: Order }>(this.db, 'SELECT doc FROM orders WHERE reference = $1 AND user_id = $2', [reference, userId]);
    if (!row) throw new NotFoundError('order', reference);
    return row.doc;
  }

  async forUser(userId: string, limit = 20): Promise<Order[]> {
    const rows = await this.db.query<{ doc: Order }>(
      "SELECT doc FROM orders WHERE user_id = $1 AND status <> 'pending_payment' ORDER BY placed_at DESC LIMIT $2",
      [userId, limit],
    );
    return rows.map((r) => r.doc);
  }

  async save(order: Order): Promise<Order> {
    await this.db.query(
      `INSERT INTO orders (id, reference, user_id, status, doc, placed_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, doc = EXCLUDED.doc`,
      [order.id, order.reference, order.userId, order.status, order, order.placedAt],
    );
    return order;
  }
}
