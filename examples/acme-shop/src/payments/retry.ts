/**
 * Retrying failed charges and refunds. A payment can fail for reasons that go away on their own (the issuer
 * timed out, the network dropped) or not (no funds, expired card): we retry the first kind with backoff
 * and never the second.
 */
import { createLogger } from '../shared/logger';
import type { Money } from '../shared/money';
import type { ChargeRequest, ChargeResult, DeclineCode, PaymentGateway, RefundResult } from './gateway';
import { SOFT_DECLINES } from './gateway';

const log = createLogger('payments.retry');

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  retryOn: ReadonlySet<DeclineCode>;
}

export const DEFAULT_POLICY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 400, maxDelayMs: 4_000, retryOn: SOFT_DECLINES };
export const REFUND_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 2_000, maxDelayMs: 60_000, retryOn: SOFT_DECLINES };

export type Sleep = (ms: number) => Promise<void>;
const sleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Exponential backoff with full jitter: 0..base·2^(n-1), capped. */
export function backoff(attempt: number, policy: RetryPolicy, random = Math.random): number {
  return Math.round(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)));
}

export function shouldRetry(result: ChargeResult, attempt: number, policy: RetryPolicy): boolean {
  return result.status === 'declined' && attempt < policy.maxAttempts && policy.retryOn.has(result.declineCode);
}

export interface ChargeAttempts {
  final: ChargeResult;
  attempts: ChargeResult[];
}

// @cx checkout/pay
export async function chargeWithRetry(gateway: PaymentGateway, request: ChargeRequest, policy = DEFAULT_POLICY, wait = sleep): Promise<ChargeAttempts> {
  const attempts: ChargeResult[] = [];
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
    // A fresh idempotency key per attempt: with the same key the PSP replays the first decline.
    const idempotencyKey = `${request.idempotencyKey}:${attempt}`;
    let result: ChargeResult;
    try {
      result = await gateway.charge({ ...request, idempotencyKey });
    } catch (error) {
      // A timeout is not a decline: the authorisation may have gone through on the PSP's side.
      result = { status: 'declined', declineCode: 'processing_error', message: String(error) };
    }
    attempts.push(result);
    if (!shouldRetry(result, attempt, policy)) break;
    const delay = backoff(attempt, policy);
    log.warn('charge failed, retrying', { orderId: request.orderId, attempt, delay, code: result.status === 'declined' ? result.declineCode : undefined });
    await wait(delay);
  }
  return { final: attempts[attempts.length - 1]!, attempts };
}

/** Refunds are retried longer: nobody is waiting on a spinner, and a refund must not be lost. */
export async function refundWithRetry(
  gateway: PaymentGateway,
  pspReference: string,
  amount: Money,
  idempotencyKey: string,
  policy = REFUND_POLICY,
  wait = sleep,
): Promise<RefundResult> {
  let result: RefundResult = { status: 'failed', reason: 'not attempted', retryable: true };
  for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
    // Same key on every attempt: a refund that went through must never be paid out twice.
    result = await gateway.refund(pspReference, amount, idempotencyKey);
    if (result.status === 'refunded' || !result.retryable) return result;
    log.warn('refund failed, retrying', { pspReference, attempt, reason: result.reason });
    if (attempt < policy.maxAttempts) await wait(backoff(attempt, policy));
  }
  return result;
}
