/**
 * The order life cycle. Status changes go through `transition`, which refuses moves the business does not
 * allow (a delivered order cannot go back to shipped) and records each change for support.
 */
import type { Db } from '../shared/db';
import { humanReference, newId } from '../shared/db';
import { ConflictError } from '../shared/errors';
import type { EventBus } from '../shared/events';
import type { Order, OrderRepository, OrderStatus } from './orders';

const ALLOWED: Record<OrderStatus, readonly OrderStatus[]> = {
  pending_payment: ['paid', 'payment_failed', 'cancelled'],
  payment_failed: ['pending_payment', 'cancelled'],
  paid: ['shipped', 'cancelled'],
  shipped: ['delivered', 'returned'],
  delivered: ['returned'],
  cancelled: [],
  returned: [],
};

export type NewOrder = Omit<Order, 'id' | 'reference' | 'status' | 'placedAt'>;

export class OrderService {
  constructor(
    private readonly db: Db,
    private readonly orders: OrderRepository,
    private readonly events: EventBus,
  ) {}

  async createPending(input: NewOrder): Promise<Order> {
    const order: Order = { ...input, id: newId('ord'), reference: humanReference('A'), status: 'pending_payment', placedAt: new Date().toISOString() };
    return this.orders.save(order);
  }

  async markPaid(orderId: string, paymentId: string): Promise<Order> {
    const order = await this.transition(orderId, 'paid', { paymentId });
    await this.events.publish({ type: 'order.placed', orderId: order.id, userId: order.userId, total: order.total });
    return order;
  }

  async markPaymentFailed(orderId: string): Promise<Order> {
    return this.transition(orderId, 'payment_failed');
  }

  async markShipped(orderId: string, carrier: string, trackingNumber: string): Promise<Order> {
    const order = await this.transition(orderId, 'shipped', { carrier, trackingNumber });
    await this.events.publish({ type: 'shipment.updated', orderId, status: 'shipped', carrier });
    return order;
  }

  async markDelivered(orderId: string, at: Date): Promise<Order> {
    return this.transition(orderId, 'delivered', { deliveredAt: at.toISOString() });
  }

  async transition(orderId: string, to: OrderStatus, changes: Partial<Order> = {}): Promise<Order> {
    const order = await this.orders.get(orderId);
    if (order.status === to) return order;
    if (!ALLOWED[order.status].includes(to)) {
      throw new ConflictError(`Order ${order.reference} is ${order.status.replace('_', ' ')} and cannot become ${to.replace('_', ' ')}.`, 'bad_transition');
    }
    const updated: Order = { ...order, ...changes, status: to };
    await this.orders.save(updated);
    await this.db.query('INSERT INTO order_history (order_id, from_status, to_status, at) VALUES ($1, $2, $3, now())', [orderId, order.status, to]);
    return updated;
  }
}
