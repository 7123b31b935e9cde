/**
 * The shopping bag ("cart" in code, "bag" on the site). Guests have a cart keyed by a cookie; signing in
 * merges it into the customer's own cart.
 */
import type { Currency, Money } from '../shared/money';
import { money, multiply, sum } from '../shared/money';

export const MAX_QUANTITY_PER_LINE = 10;

export interface CartLine {
  productId: string;
  title: string;
  size: string;
  quantity: number;
  unitPrice: Money;
  /** The line's product was on sale when added: promo codes may exclude it. */
  onSale: boolean;
}

export interface Cart {
  id: string;
  userId?: string;
  currency: Currency;
  lines: CartLine[];
  promoCode?: string;
  updatedAt: string;
}

export function lineTotal(line: CartLine): Money {
  return multiply(line.unitPrice, line.quantity);
}

export function subtotal(cart: Cart): Money {
  return sum(cart.lines.map(lineTotal), cart.currency);
}

export function itemCount(cart: Cart): number {
  return cart.lines.reduce((n, l) => n + l.quantity, 0);
}

export function emptyCart(id: string, currency: Currency = 'EUR'): Cart {
  return { id, currency, lines: [], updatedAt: new Date().toISOString() };
}

const sameLine = (a: CartLine, b: CartLine) => a.productId === b.productId && a.size === b.size;

/**
 * Merges a guest cart into the signed-in customer's cart. Quantities of the same product and size add up
 * (capped); the guest's promo code wins because it is the one the customer just typed.
 */
export function mergeCarts(user: Cart, guest: Cart): Cart {
  if (guest.currency !== user.currency) return guest.lines.length ? { ...guest, id: user.id, userId: user.userId } : user;
  const lines = user.lines.map((l) => ({ ...l }));
  for (const g of guest.lines) {
    const existing = lines.find((l) => sameLine(l, g));
    if (existing) existing.quantity = Math.min(MAX_QUANTITY_PER_LINE, existing.quantity + g.quantity);
    else lines.push({ ...g });
  }
  const merged: Cart = { ...user, lines, updatedAt: new Date().toISOString() };
  const promoCode = guest.promoCode ?? user.promoCode;
  if (promoCode) merged.promoCode = promoCode;
  return merged;
}

/** A copy of the cart with prices as of now; used before payment so the customer pays what they see. */
export function repriced(cart: Cart, prices: ReadonlyMap<string, { price: Money; onSale: boolean }>): Cart {
  return {
    ...cart,
    lines: cart.lines.map((l) => {
      const current = prices.get(l.productId);
      return current ? { ...l, unitPrice: current.price, onSale: current.onSale } : l;
    }),
  };
}

export const freeShippingThreshold: Record<Currency, Money> = {
  EUR: money(6000, 'EUR'),
  GBP: money(5000, 'GBP'),
  USD: money(7500, 'USD'),
};
