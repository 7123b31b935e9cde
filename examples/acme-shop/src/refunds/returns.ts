/**
 * Return requests. A customer picks the items and a reason in their account; we check the return window and
 * final-sale rules here. The prepaid label itself comes from the carrier's returns portal, which e-mails it to
 * the customer directly once we register the RMA.
 */
import type { Order } from '../orders/orders';
import type { Db } from '../shared/db';
import { humanReference, newId } from '../shared/db';
import type { EventBus } from '../shared/events';
import { ValidationError } from '../shared/errors';

export const RETURN_WINDOW_DAYS = 30;

export type ReturnReason = 'too_small' | 'too_big' | 'not_as_described' | 'damaged' | 'changed_mind' | 'wrong_item';

export interface ReturnLine {
  productId: string;
  size: string;
  quantity: number;
}

export interface ReturnRequest {
  id: string;
  rma: string;
  orderId: string;
  lines: ReturnLine[];
  reason: ReturnReason;
  status: 'requested' | 'in_transit' | 'received' | 'refunded' | 'rejected';
  createdAt: string;
}

export type Eligibility = { eligible: true } | { eligible: false; reason: string };

// @cx refunds/request
export function returnEligibility(order: Order, lines: readonly ReturnLine[], finalSale: ReadonlySet<string>, now = new Date()): Eligibility {
  if (order.status !== 'delivered') return { eligible: false, reason: 'You can start a return once your order has been delivered.' };
  const deliveredAt = new Date(order.deliveredAt ?? order.placedAt);
  const days = (now.getTime() - deliveredAt.getTime()) / 86_400_000;
  if (days > RETURN_WINDOW_DAYS) return { eligible: false, reason: `Returns are accepted within ${RETURN_WINDOW_DAYS} days of delivery.` };
  for (const line of lines) {
    const ordered = order.lines.find((l) => l.productId === line.productId && l.size === line.size);
    if (!ordered || line.quantity < 1 || line.quantity > ordered.quantity) return { eligible: false, reason: 'Those items are not in this order.' };
    // Damaged or wrong items can always come back, even final sale.
    if (finalSale.has(line.productId)) return { eligible: false, reason: `${ordered.title} was final sale and can't be returned.` };
  }
  return { eligible: true };
}

export async function requestReturn(
  db: Db,
  events: EventBus,
  order: Order,
  lines: ReturnLine[],
  reason: ReturnReason,
  finalSale: ReadonlySet<string>,
): Promise<ReturnRequest> {
  const exempt = reason === 'damaged' || reason === 'wrong_item';
  const check = returnEligibility(order, lines, exempt ? new Set() : finalSale);
  if (!check.eligible) throw new ValidationError(check.reason);
  const request: ReturnRequest = {
    id: newId('ret'),
    rma: humanReference('R'),
    orderId: order.id,
    lines,
    reason,
    status: 'requested',
    createdAt: new Date().toISOString(),
  };
  await db.query('INSERT INTO returns (id, rma, order_id, reason, status, doc, created_at) VALUES ($1, $2, $3, $4, $5, $6, now())', [
    request.id,
    request.rma,
    order.id,
    reason,
    request.status,
    request,
  ]);
  await events.publish({ type: 'return.requested', returnId: request.id, orderId: order.id });
  return request;
}
