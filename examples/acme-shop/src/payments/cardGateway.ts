/**
 * Our PSP's REST API (v2). Amounts are sent in minor units; every mutating call carries an idempotency key,
 * so replaying a request with the same key returns the first response instead of charging again.
 */
import type { Config } from '../shared/config';
import { createLogger } from '../shared/logger';
import type { Money } from '../shared/money';
import type { ChargeRequest, ChargeResult, DeclineCode, PaymentGateway, RefundResult } from './gateway';

interface PspPayment {
  pspReference: string;
  resultCode: 'Authorised' | 'Refused' | 'RedirectShopper' | 'Error';
  refusalReasonCode?: string;
  refusalReason?: string;
  action?: { url: string };
}

const REFUSAL_CODES: Record<string, DeclineCode> = {
  '2': 'do_not_honor',
  '5': 'card_expired',
  '7': 'incorrect_cvc',
  '12': 'insufficient_funds',
  '11': 'authentication_failed',
  '38': 'authentication_required',
  '20': 'fraud_suspected',
  '29': 'issuer_unavailable',
};

const TIMEOUT_MS = 15_000;
const log = createLogger('payments.psp');

export class CardGateway implements PaymentGateway {
  readonly name = 'psp';

  constructor(private readonly config: Config['psp']) {}

  private async post<T>(path: string, body: unknown, idempotencyKey: string): Promise<T> {
    const response = await fetch(`${this.config.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'x-api-key': this.config.apiKey, 'idempotency-key': idempotencyKey, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`PSP ${path} answered ${response.status}`);
    return (await response.json()) as T;
  }

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    const payment = await this.post<PspPayment>(
      '/payments',
      {
        merchantAccount: this.config.merchantAccount,
        reference: request.orderId,
        amount: { value: request.amount.amount, currency: request.amount.currency },
        paymentMethod: { type: 'scheme', storedPaymentMethodId: request.paymentToken },
        shopperEmail: request.customerEmail,
        authenticationData: { threeDSRequestData: { challengeIndicator: request.challenge ? 'requestChallenge' : 'noPreference' } },
        returnUrl: request.returnUrl,
        captureDelayHours: 0,
      },
      request.idempotencyKey,
    );
    switch (payment.resultCode) {
      case 'Authorised':
        return { status: 'authorized', pspReference: payment.pspReference, amount: request.amount };
      case 'RedirectShopper':
        return { status: 'challenge', pspReference: payment.pspReference, redirectUrl: payment.action?.url ?? request.returnUrl };
      default: {
        const declineCode = REFUSAL_CODES[payment.refusalReasonCode ?? ''] ?? 'processing_error';
        log.info('refused', { orderId: request.orderId, declineCode, reason: payment.refusalReason });
        return { status: 'declined', declineCode, message: payment.refusalReason ?? 'Refused', pspReference: payment.pspReference };
      }
    }
  }

  async capture(pspReference: string, amount: Money): Promise<void> {
    await this.post(`/payments/${pspReference}/captures`, { amount: { value: amount.amount, currency: amount.currency } }, `capture:${pspReference}`);
  }

  async cancel(pspReference: string): Promise<void> {
    await this.post(`/payments/${pspReference}/cancels`, {}, `cancel:${pspReference}`);
  }

  async refund(pspReference: string, amount: Money, idempotencyKey: string): Promise<RefundResult> {
    try {
      const r = await this.post<{ pspReference: string; status: string }>(
        `/payments/${pspReference}/refunds`,
        { amount: { value: amount.amount, currency: amount.currency } },
        idempotencyKey,
      );
      return { status: 'refunded', pspReference: r.pspReference };
    } catch (error) {
      return { status: 'failed', reason: String(error), retryable: true };
    }
  }
}
