/**
 * Delivery options offered at checkout, with price and the date range we promise. The promise is what
 * the "on time" metric is measured against, so estimates err on the late side.
 */
import { freeShippingThreshold } from '../cart/cart';
import type { CarrierId } from '../orders/carriers';
import type { Money } from '../shared/money';
import { money } from '../shared/money';
import type { Address } from './address';

export type ShippingOptionId = 'standard' | 'express' | 'next_day' | 'click_collect';

export interface ShippingOption {
  id: ShippingOptionId;
  label: string;
  price: Money;
  carrier: CarrierId;
  /** Earliest and latest delivery dates, `YYYY-MM-DD`. */
  estimate: { from: string; to: string };
}

const NEXT_DAY_CUTOFF_HOUR_UTC = 14;

export function addWorkingDays(from: Date, days: number): Date {
  const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  let left = days;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const weekday = d.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return d;
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const range = (now: Date, from: number, to: number) => ({ from: day(addWorkingDays(now, from)), to: day(addWorkingDays(now, to)) });

// @cx delivery/shipping-options
export function shippingOptions(address: Address, subtotal: Money, now = new Date()): ShippingOption[] {
  const currency = subtotal.currency;
  const freeStandard = subtotal.amount >= freeShippingThreshold[currency].amount;
  const domestic = address.country === 'GB';
  const options: ShippingOption[] = [
    {
      id: 'standard',
      label: freeStandard ? 'Standard delivery (free)' : 'Standard delivery',
      price: money(freeStandard ? 0 : domestic ? 395 : 595, currency),
      carrier: domestic ? 'royalpost' : 'eurodispatch',
      estimate: domestic ? range(now, 2, 4) : range(now, 3, 6),
    },
    {
      id: 'express',
      label: 'Express delivery',
      price: money(domestic ? 695 : 1295, currency),
      carrier: 'parcelpro',
      estimate: domestic ? range(now, 1, 2) : range(now, 2, 3),
    },
  ];
  const weekday = now.getUTCDay() !== 0 && now.getUTCDay() !== 6;
  if (domestic && weekday && now.getUTCHours() < NEXT_DAY_CUTOFF_HOUR_UTC) {
    options.push({ id: 'next_day', label: 'Next working day', price: money(995, currency), carrier: 'parcelpro', estimate: range(now, 1, 1) });
  }
  if (domestic) {
    options.push({ id: 'click_collect', label: 'Click & Collect (free)', price: money(0, currency), carrier: 'royalpost', estimate: range(now, 3, 5) });
  }
  return options;
}
