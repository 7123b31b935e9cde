/**
 * In-process domain events. Handlers run one after the other and a failing handler is logged, never
 * propagated: placing an order must not fail because a confirmation e-mail could not be queued.
 */
import { createLogger } from './logger';
import type { Money } from './money';

export type DomainEvent =
  | { type: 'user.signed_up'; userId: string; email: string }
  | { type: 'user.password_reset_requested'; userId: string; email: string }
  | { type: 'order.placed'; orderId: string; userId: string; total: Money }
  | { type: 'payment.failed'; orderId: string; attempts: number; declineCode: string }
  | { type: 'shipment.updated'; orderId: string; status: string; carrier: string }
  | { type: 'return.requested'; returnId: string; orderId: string }
  | { type: 'refund.issued'; refundId: string; orderId: string; amount: Money };

export type EventType = DomainEvent['type'];
type Handler<T extends EventType> = (event: Extract<DomainEvent, { type: T }>) => Promise<void> | void;
type AnyHandler = (event: DomainEvent) => Promise<void> | void;

const log = createLogger('events');

export class EventBus {
  private readonly handlers = new Map<EventType, AnyHandler[]>();

  on<T extends EventType>(type: T, handler: Handler<T>): () => void {
    const list = this.handlers.get(type) ?? [];
    // Safe: publish only calls a handler with events of the type it was registered for.
    const any = handler as unknown as AnyHandler;
    list.push(any);
    this.handlers.set(type, list);
    return () => {
      const at = list.indexOf(any);
      if (at >= 0) list.splice(at, 1);
    };
  }

  async publish(event: DomainEvent): Promise<void> {
    for (const handler of this.handlers.get(event.type) ?? []) {
      try {
        await handler(event);
      } catch (error) {
        log.error('event handler failed', { type: event.type, error });
      }
    }
  }
}
