/**
 * Promo codes: percentage off, a fixed amount off, or free shipping. Marketing creates them in the back
 * office; the rules a code carries are checked here when the customer applies it and again at payment.
 */
import type { Db } from '../shared/db';
import { one } from '../shared/db';
import type { Money } from '../shared/money';
import { min, money, percentOf, sum, zero } from '../shared/money';
import type { Cart } from './cart';
import { lineTotal } from './cart';

export interface Promotion {
  code: string;
  kind: 'percent' | 'fixed' | 'free_shipping';
  /** Percent for `percent`, minor units for `fixed`, unused for `free_shipping`. */
  value: number;
  minSpend?: Money;
  excludesSaleItems: boolean;
  firstOrderOnly: boolean;
  startsAt: string;
  endsAt: string;
  maxUses?: number;
  uses: number;
}

export type PromoRejection = 'unknown_code' | 'not_started' | 'expired' | 'used_up' | 'first_order_only' | 'no_eligible_items' | 'min_spend_not_met';

export type PromoResult = { ok: true; discount: Money; freeShipping: boolean } | { ok: false; reason: PromoRejection };

export const REJECTION_MESSAGES: Record<PromoRejection, string> = {
  unknown_code: "We don't recognise that code. Check for typos and try again.",
  not_started: "This code isn't active yet.",
  expired: 'This code has expired.',
  used_up: 'This code has reached its usage limit.',
  first_order_only: 'This code is for first orders only.',
  no_eligible_items: "This code doesn't apply to sale items.",
  min_spend_not_met: "Your bag doesn't reach this code's minimum spend yet.",
};

export function normalizeCode(code: string): string {
  return code.trim().toUpperCase().replace(/\s+/g, '');
}

export class PromotionService {
  constructor(private readonly db: Db) {}

  async find(code: string): Promise<Promotion | undefined> {
    return one<Promotion>(
      this.db,
      `SELECT code, kind, value, min_spend AS "minSpend", excludes_sale_items AS "excludesSaleItems",
              first_order_only AS "firstOrderOnly", starts_at AS "startsAt", ends_at AS "endsAt", max_uses AS "maxUses", uses
         FROM promotions WHERE code = $1`,
      [normalizeCode(code)],
    );
  }

  // @cx checkout/promo
  /**
   * Whether the promotion applies to the cart and how much it takes off. The minimum spend is counted on the
   * eligible items only: with `excludesSaleItems`, sale items neither get the discount nor count towards it.
   */
  evaluate(promo: Promotion | undefined, cart: Cart, now: Date, isFirstOrder: boolean): PromoResult {
    if (!promo) return { ok: false, reason: 'unknown_code' };
    if (now < new Date(promo.startsAt)) return { ok: false, reason: 'not_started' };
    if (now > new Date(promo.endsAt)) return { ok: false, reason: 'expired' };
    if (promo.maxUses !== undefined && promo.uses >= promo.maxUses) return { ok: false, reason: 'used_up' };
    if (promo.firstOrderOnly && !isFirstOrder) return { ok: false, reason: 'first_order_only' };

    const eligible = cart.lines.filter((l) => !(promo.excludesSaleItems && l.onSale));
    if (eligible.length === 0) return { ok: false, reason: 'no_eligible_items' };
    const eligibleTotal = sum(eligible.map(lineTotal), cart.currency);
    if (promo.minSpend && eligibleTotal.amount < promo.minSpend.amount) return { ok: false, reason: 'min_spend_not_met' };

    switch (promo.kind) {
      case 'percent':
        return { ok: true, discount: percentOf(eligibleTotal, promo.value), freeShipping: false };
      case 'fixed':
        return { ok: true, discount: min(money(promo.value, cart.currency), eligibleTotal), freeShipping: false };
      case 'free_shipping':
        return { ok: true, discount: zero(cart.currency), freeShipping: true };
    }
  }

  async recordUse(code: string, orderId: string): Promise<void> {
    await this.db.query('UPDATE promotions SET uses = uses + 1 WHERE code = $1', [normalizeCode(code)]);
    await this.db.query('INSERT INTO promotion_uses (code, order_id, at) VALUES ($1, $2, now())', [normalizeCode(code), orderId]);
  }
}
