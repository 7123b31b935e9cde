/**
 * Paying a refund out to the card the order was paid with. Lives with refunds but matches `*.payment.ts`,
 * so the payments team reviews every change to it (see .cx/components/payments.yaml).
 */
import type { Db } from '../shared/db';
import { exactlyOne, newId } from '../shared/db';
import type { Money } from '../shared/money';
import type { PaymentGateway } from '../payments/gateway';
import { refundWithRetry } from '../payments/retry';

export interface RefundPayout {
  refundId: string;
  status: 'submitted' | 'failed';
  pspReference?: string;
  reason?: string;
}

/**
 * Submits the refund to the gateway that took the payment. "Submitted" is not "settled": the PSP confirms
 * by webhook (src/payments/webhooks.ts), usually within a day, and the bank then takes 3–5 working days.
 * @cx refunds/refund-issued
 */
export async function payOutRefund(
  db: Db,
  gateways: Record<string, PaymentGateway>,
  orderId: string,
  returnId: string,
  amount: Money,
): Promise<RefundPayout> {
  const payment = await exactlyOne<{ psp_reference: string; gateway: string }>(
    db,
    "SELECT psp_reference, gateway FROM payment_attempts WHERE order_id = $1 AND status = 'authorized' ORDER BY created_at DESC LIMIT 1",
    [orderId],
  );
  const gateway = gateways[payment.gateway];
  if (!gateway) throw new Error(`no gateway '${payment.gateway}' for order ${orderId}`);

  const refundId = newId('rfd');
  const result = await refundWithRetry(gateway, payment.psp_reference, amount, `refund:${returnId}`);
  const status = result.status === 'refunded' ? 'submitted' : 'failed';
  await db.query(
    `INSERT INTO refunds (id, return_id, order_id, amount_cents, currency, status, psp_reference, failure_reason, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())`,
    [refundId, returnId, orderId, amount.amount, amount.currency, status,
      result.status === 'refunded' ? result.pspReference : null, result.status === 'failed' ? result.reason : null],
  );
  return result.status === 'refunded'
    ? { refundId, status, pspReference: result.pspReference }
    : { refundId, status, reason: result.reason };
}
