/**
 * PayFlow, the gateway we used until 2024. Cards saved before the migration still live in its vault, so
 * customers paying with such a card go through here. Name-value pairs over HTTPS; RESULT=0 means approved.
 * Frozen: fixes only. The plan is to re-tokenize the remaining cards and switch this off.
 */
import type { Config } from '../../shared/config';
import { createLogger } from '../../shared/logger';
import type { Money } from '../../shared/money';
import type { ChargeRequest, ChargeResult, DeclineCode, PaymentGateway, RefundResult } from '../gateway';

const RESULT_CODES: Record<string, DeclineCode> = {
  '12': 'do_not_honor',
  '23': 'processing_error',
  '24': 'card_expired',
  '50': 'insufficient_funds',
  '114': 'incorrect_cvc',
  '125': 'fraud_suspected',
};

const log = createLogger('payments.payflow');

export function encode(fields: Record<string, string>): string {
  // PayFlow's own format: NAME[length]=value, so values may contain & and = unescaped.
  return Object.entries(fields)
    .map(([k, v]) => `${k}[${new TextEncoder().encode(v).length}]=${v}`)
    .join('&');
}

export function decode(body: string): Record<string, string> {
  return Object.fromEntries(body.split('&').map((pair) => {
    const at = pair.indexOf('=');
    return [pair.slice(0, at), pair.slice(at + 1)];
  }));
}

export class PayflowClient implements PaymentGateway {
  readonly name = 'payflow';

  constructor(private readonly config: Config['payflow']) {}

  private async send(fields: Record<string, string>): Promise<Record<string, string>> {
    const { partner, vendor, user, password } = this.config;
    const response = await fetch(this.config.url, {
      method: 'POST',
      headers: { 'content-type': 'text/namevalue' },
      body: encode({ PARTNER: partner, VENDOR: vendor, USER: user, PWD: password, ...fields }),
      signal: AbortSignal.timeout(30_000),
    });
    return decode(await response.text());
  }

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    const r = await this.send({
      TRXTYPE: 'A',
      TENDER: 'C',
      ORIGID: request.paymentToken,
      AMT: (request.amount.amount / 100).toFixed(2),
      CURRENCY: request.amount.currency,
      INVNUM: request.orderId,
    });
    if (r.RESULT === '0' && r.PNREF) return { status: 'authorized', pspReference: r.PNREF, amount: request.amount };
    log.info('declined', { orderId: request.orderId, result: r.RESULT, message: r.RESPMSG });
    return { status: 'declined', declineCode: RESULT_CODES[r.RESULT ?? ''] ?? 'processing_error', message: r.RESPMSG ?? 'Declined' };
  }

  async capture(pspReference: string, amount: Money): Promise<void> {
    const r = await this.send({ TRXTYPE: 'D', TENDER: 'C', ORIGID: pspReference, AMT: (amount.amount / 100).toFixed(2) });
    if (r.RESULT !== '0') throw new Error(`PayFlow capture failed: ${r.RESULT} ${r.RESPMSG}`);
  }

  async cancel(pspReference: string): Promise<void> {
    await this.send({ TRXTYPE: 'V', TENDER: 'C', ORIGID: pspReference });
  }

  async refund(pspReference: string, amount: Money): Promise<RefundResult> {
    const r = await this.send({ TRXTYPE: 'C', TENDER: 'C', ORIGID: pspReference, AMT: (amount.amount / 100).toFixed(2) });
    if (r.RESULT === '0' && r.PNREF) return { status: 'refunded', pspReference: r.PNREF };
    return { status: 'failed', reason: `${r.RESULT} ${r.RESPMSG ?? ''}`.trim(), retryable: r.RESULT === '23' };
  }
}
