/**
 * Taking payment for an order: risk check, the charge (with retries), the audit trail of attempts, and the
 * hand-over to the legacy gateway for cards saved before the 2024 migration.
 */
import type { Db } from '../shared/db';
import { newId, one } from '../shared/db';
import type { EventBus } from '../shared/events';
import { createLogger } from '../shared/logger';
import type { Money } from '../shared/money';
import { assessRisk } from './fraud';
import type { ChargeResult, PaymentGateway } from './gateway';
import { customerMessage } from './gateway';
import { resolveSavedCard } from './legacy/savedCards';
import { chargeWithRetry } from './retry';

export type PaymentMethodInput =
  | { kind: 'card'; token: string }
  | { kind: 'wallet'; wallet: 'apple_pay' | 'google_pay'; token: string }
  | { kind: 'saved_card'; savedCardId: string };

export interface PayableOrder {
  id: string;
  userId: string;
  email: string;
  total: Money;
  billingCountry: string;
  shippingCountry: string;
}

export type PaymentOutcome =
  | { ok: true; paymentId: string; pspReference: string; attempts: number }
  | { ok: false; attempts: number; declineCode: string; message: string }
  | { ok: 'challenge'; redirectUrl: string; paymentId: string };

const log = createLogger('payments');

export class PaymentService {
  constructor(
    private readonly db: Db,
    private readonly gateway: PaymentGateway,
    private readonly legacyGateway: PaymentGateway,
    private readonly events: EventBus,
    private readonly returnUrl: string,
  ) {}

  async charge(order: PayableOrder, method: PaymentMethodInput): Promise<PaymentOutcome> {
    const history = await one<{ age_days: number; paid_orders: number; recent_declines: number }>(
      this.db,
      `SELECT extract(day FROM now() - u.created_at)::int AS age_days,
              (SELECT count(1) FROM orders o WHERE o.user_id = u.id AND o.status IN ('paid', 'shipped', 'delivered'))::int AS paid_orders,
              (SELECT count(1) FROM payment_attempts a WHERE a.user_id = u.id AND a.status = 'declined'
                  AND a.created_at > now() - interval '1 hour')::int AS recent_declines
         FROM users u WHERE u.id = $1`,
      [order.userId],
    );
    const risk = assessRisk({
      amount: order.total,
      accountAgeDays: history?.age_days ?? 0,
      previousPaidOrders: history?.paid_orders ?? 0,
      recentDeclines: history?.recent_declines ?? 0,
      billingCountry: order.billingCountry,
      shippingCountry: order.shippingCountry,
    });
    if (risk.action === 'block') {
      log.warn('blocked by risk rules', { orderId: order.id, score: risk.score, reasons: risk.reasons });
      return { ok: false, attempts: 0, declineCode: 'fraud_suspected', message: customerMessage('fraud_suspected') };
    }

    const { gateway, token } = await this.route(method);
    const paymentId = newId('pay');
    const { final, attempts } = await chargeWithRetry(gateway, {
      orderId: order.id,
      amount: order.total,
      paymentToken: token,
      customerEmail: order.email,
      idempotencyKey: paymentId,
      challenge: risk.action === 'challenge',
      returnUrl: `${this.returnUrl}/checkout/return?payment=${paymentId}`,
    });
    await this.recordAttempts(paymentId, order, gateway.name, attempts);

    if (final.status === 'authorized') return { ok: true, paymentId, pspReference: final.pspReference, attempts: attempts.length };
    if (final.status === 'challenge') return { ok: 'challenge', redirectUrl: final.redirectUrl, paymentId };
    await this.events.publish({ type: 'payment.failed', orderId: order.id, attempts: attempts.length, declineCode: final.declineCode });
    return { ok: false, attempts: attempts.length, declineCode: final.declineCode, message: customerMessage(final.declineCode) };
  }

  async capture(paymentId: string): Promise<void> {
    const p = await one<{ psp_reference: string; gateway: string; amount_cents: number; currency: Money['currency'] }>(
      this.db,
      "SELECT psp_reference, gateway, amount_cents, currency FROM payment_attempts WHERE payment_id = $1 AND status = 'authorized'",
      [paymentId],
    );
    if (!p) throw new Error(`no authorized attempt for payment ${paymentId}`);
    const gateway = p.gateway === this.legacyGateway.name ? this.legacyGateway : this.gateway;
    await gateway.capture(p.psp_reference, { amount: p.amount_cents, currency: p.currency });
  }

  private async route(method: PaymentMethodInput): Promise<{ gateway: PaymentGateway; token: string }> {
    if (method.kind !== 'saved_card') return { gateway: this.gateway, token: method.token };
    const saved = await resolveSavedCard(this.db, method.savedCardId);
    return { gateway: saved.vault === 'payflow' ? this.legacyGateway : this.gateway, token: saved.token };
  }

  private async recordAttempts(paymentId: string, order: PayableOrder, gateway: string, attempts: ChargeResult[]): Promise<void> {
    for (const [i, a] of attempts.entries()) {
      await this.db.query(
        `INSERT INTO payment_attempts (payment_id, attempt, order_id, user_id, gateway, status, decline_code, psp_reference, amount_cents, currency, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now())`,
        [paymentId, i + 1, order.id, order.userId, gateway, a.status, a.status === 'declined' ? a.declineCode : null,
          a.pspReference ?? null, order.total.amount, order.total.currency],
      );
    }
  }
}
