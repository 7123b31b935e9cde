/**
 * Money in minor units (cents, pence) with its currency. Never use floats for amounts: every function here
 * takes and returns whole minor units and refuses to mix currencies.
 */
export type Currency = 'EUR' | 'GBP' | 'USD';

export interface Money {
  readonly amount: number;
  readonly currency: Currency;
}

export function money(amount: number, currency: Currency = 'EUR'): Money {
  if (!Number.isFinite(amount)) throw new Error(`not an amount: ${amount}`);
  return { amount: Math.round(amount), currency };
}

export const zero = (currency: Currency = 'EUR'): Money => money(0, currency);

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new Error(`currency mismatch: ${a.currency} and ${b.currency}`);
}

export function add(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amount + b.amount, a.currency);
}

export function subtract(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return money(a.amount - b.amount, a.currency);
}

export function multiply(a: Money, factor: number): Money {
  return money(a.amount * factor, a.currency);
}

/** `percent` of an amount, rounded half away from zero to the minor unit. */
export function percentOf(a: Money, percent: number): Money {
  return money(Math.sign(a.amount) * Math.round((Math.abs(a.amount) * percent) / 100), a.currency);
}

export function sum(items: readonly Money[], currency: Currency = 'EUR'): Money {
  return items.reduce(add, zero(items[0]?.currency ?? currency));
}

export function min(a: Money, b: Money): Money {
  sameCurrency(a, b);
  return a.amount <= b.amount ? a : b;
}

export function isZero(a: Money): boolean {
  return a.amount === 0;
}

const LOCALES: Record<Currency, string> = { EUR: 'de-DE', GBP: 'en-GB', USD: 'en-US' };

/** `€49,90`, `£12.00`: for e-mails and receipts; the storefront formats on the client. */
export function format(a: Money): string {
  return new Intl.NumberFormat(LOCALES[a.currency], { style: 'currency', currency: a.currency }).format(a.amount / 100);
}
