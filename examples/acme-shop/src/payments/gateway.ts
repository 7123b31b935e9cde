/**
 * What the shop needs from a payment service provider. `cardGateway.ts` talks to our PSP; the legacy PayFlow
 * client (cards saved before the 2024 migration) implements the same interface.
 */
import type { Money } from '../shared/money';

export type DeclineCode =
  | 'insufficient_funds'
  | 'do_not_honor'
  | 'card_expired'
  | 'incorrect_cvc'
  | 'authentication_required'
  | 'authentication_failed'
  | 'fraud_suspected'
  | 'issuer_unavailable'
  | 'processing_error';

export interface ChargeRequest {
  orderId: string;
  amount: Money;
  /** A one-time token from the payment form, a wallet token, or a stored-card token. */
  paymentToken: string;
  customerEmail: string;
  idempotencyKey: string;
  /** Ask the issuer for a 3-D Secure challenge instead of a frictionless flow. */
  challenge: boolean;
  returnUrl: string;
}

export type ChargeResult =
  | { status: 'authorized'; pspReference: string; amount: Money }
  | { status: 'challenge'; pspReference: string; redirectUrl: string }
  | { status: 'declined'; declineCode: DeclineCode; message: string; pspReference?: string };

export type RefundResult = { status: 'refunded'; pspReference: string } | { status: 'failed'; reason: string; retryable: boolean };

export interface PaymentGateway {
  readonly name: string;
  charge(request: ChargeRequest): Promise<ChargeResult>;
  capture(pspReference: string, amount: Money): Promise<void>;
  cancel(pspReference: string): Promise<void>;
  refund(pspReference: string, amount: Money, idempotencyKey: string): Promise<RefundResult>;
}

/** Declines that may succeed when tried again shortly: the issuer or the network, not the card. */
export const SOFT_DECLINES: ReadonlySet<DeclineCode> = new Set<DeclineCode>(['do_not_honor', 'issuer_unavailable', 'processing_error']);

/** What we tell the customer. Never say "fraud": the wording is agreed with the PSP and customer care. */
export function customerMessage(code: DeclineCode): string {
  switch (code) {
    case 'insufficient_funds':
    case 'do_not_honor':
    case 'fraud_suspected':
      return 'Your bank declined the payment. Please try another card or contact your bank.';
    case 'card_expired':
      return 'This card has expired. Please use another card.';
    case 'incorrect_cvc':
      return 'The security code (CVC) is incorrect.';
    case 'authentication_required':
    case 'authentication_failed':
      return "Your bank couldn't confirm it's you. Please try again and complete the verification step.";
    case 'issuer_unavailable':
    case 'processing_error':
      return "We couldn't reach your bank. You have not been charged; please try again in a minute.";
  }
}
