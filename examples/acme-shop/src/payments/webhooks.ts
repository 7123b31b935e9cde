/**
 * Notifications from the PSP: captures, refunds, chargebacks. Each one is signed with HMAC-SHA256 over the
 * raw body; we check the signature, store the event (idempotently) and answer 202 fast.
 */
import type { Db } from '../shared/db';
import type { EventBus } from '../shared/events';
import { UnauthorizedError } from '../shared/errors';
import { createLogger } from '../shared/logger';
import { money } from '../shared/money';
import type { Currency } from '../shared/money';

export interface PspEvent {
  eventCode: 'AUTHORISATION' | 'CAPTURE' | 'CAPTURE_FAILED' | 'REFUND' | 'REFUND_FAILED' | 'CHARGEBACK';
  pspReference: string;
  originalReference?: string;
  merchantReference: string;
  success: boolean;
  amount: { value: number; currency: Currency };
  reason?: string;
}

const log = createLogger('payments.webhooks');
const encoder = new TextEncoder();

function toHex(buffer: ArrayBuffer): string {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function verifySignature(secret: string, body: string, signature: string): Promise<boolean> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const expected = toHex(await crypto.subtle.sign('HMAC', key, encoder.encode(body)));
  if (expected.length !== signature.length) return false;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) diff |= expected.charCodeAt(i) ^ signature.charCodeAt(i);
  return diff === 0;
}

export async function handleWebhook(db: Db, events: EventBus, secret: string, body: string, signature: string | null): Promise<void> {
  if (!signature || !(await verifySignature(secret, body, signature))) throw new UnauthorizedError('bad webhook signature');
  const event = JSON.parse(body) as PspEvent;
  const inserted = await db.query(
    'INSERT INTO psp_events (psp_reference, event_code, payload, received_at) VALUES ($1, $2, $3, now()) ON CONFLICT DO NOTHING RETURNING 1',
    [event.pspReference, event.eventCode, event],
  );
  if (inserted.length === 0) return; // a redelivery

  switch (event.eventCode) {
    case 'CAPTURE_FAILED':
      log.error('capture failed', { order: event.merchantReference, reason: event.reason });
      break;
    case 'REFUND':
      if (event.success) {
        await db.query("UPDATE refunds SET status = 'settled', settled_at = now() WHERE psp_reference = $1", [event.pspReference]);
        await events.publish({
          type: 'refund.issued',
          refundId: event.pspReference,
          orderId: event.merchantReference,
          amount: money(event.amount.value, event.amount.currency),
        });
      }
      break;
    case 'REFUND_FAILED':
      await db.query("UPDATE refunds SET status = 'failed', failure_reason = $2 WHERE psp_reference = $1", [event.pspReference, event.reason ?? null]);
      log.error('refund failed at the PSP', { order: event.merchantReference, reason: event.reason });
      break;
    case 'CHARGEBACK':
      log.warn('chargeback received', { order: event.merchantReference, amount: event.amount.value });
      break;
    default:
      break;
  }
}
