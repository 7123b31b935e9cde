/**
 * Risk rules run before a charge. They decide whether to ask the issuer for a 3-D Secure challenge, let the
 * issuer choose (usually frictionless), or refuse outright. The PSP's own risk engine runs after ours.
 */
import type { Money } from '../shared/money';

export interface RiskSignals {
  amount: Money;
  accountAgeDays: number;
  previousPaidOrders: number;
  billingCountry: string;
  shippingCountry: string;
  /** Declined attempts by this customer or card in the last hour. */
  recentDeclines: number;
  ipCountry?: string;
}

export type RiskDecision = { action: 'frictionless' | 'challenge' | 'block'; score: number; reasons: string[] };

const HIGH_VALUE = 25_000;
const BLOCK_AT = 80;
const CHALLENGE_AT = 40;

// @cx checkout/pay 3-D Secure challenges are decided here
export function assessRisk(s: RiskSignals): RiskDecision {
  const reasons: string[] = [];
  let score = 0;
  const flag = (points: number, reason: string) => {
    score += points;
    reasons.push(reason);
  };

  if (s.accountAgeDays < 1) flag(15, 'new account');
  if (s.previousPaidOrders === 0) flag(10, 'first order');
  if (s.amount.amount >= HIGH_VALUE) flag(20, 'high value');
  if (s.billingCountry !== s.shippingCountry) flag(15, 'billing and shipping countries differ');
  if (s.ipCountry && s.ipCountry !== s.billingCountry) flag(10, 'IP country differs from billing');
  if (s.recentDeclines >= 2) flag(25, 'repeated declines');
  if (s.recentDeclines >= 5) flag(40, 'card testing pattern');
  if (s.previousPaidOrders >= 3) score = Math.max(0, score - 20);

  const action = score >= BLOCK_AT ? 'block' : score >= CHALLENGE_AT ? 'challenge' : 'frictionless';
  return { action, score, reasons };
}
