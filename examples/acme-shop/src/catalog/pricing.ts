/**
 * Prices on the storefront include VAT at the rate of the delivery country. The catalog stores one gross
 * price per product; these helpers derive what receipts and invoices need.
 */
import type { Product } from './products';
import type { Money } from '../shared/money';
import { money } from '../shared/money';

export const VAT_RATES: Record<string, number> = {
  GB: 20,
  IE: 23,
  FR: 20,
  DE: 19,
  NL: 21,
  ES: 21,
};

/** The price the customer pays now: the sale price while there is one. */
export function effectivePrice(product: Product): Money {
  return product.salePrice ?? product.price;
}

/** How much off, in whole percent, for the "-30%" badge. */
export function discountPercent(product: Product): number {
  if (!product.salePrice) return 0;
  return Math.round((1 - product.salePrice.amount / product.price.amount) * 100);
}

/** Items discounted by half or more are final sale: they cannot be returned (see src/refunds/returns.ts). */
export function isFinalSale(product: Product): boolean {
  return discountPercent(product) >= 50;
}

/** The VAT contained in a gross amount for a country, rounded to the minor unit. */
export function vatPortion(gross: Money, country: string): Money {
  const rate = VAT_RATES[country];
  if (rate === undefined) throw new Error(`no VAT rate for ${country}`);
  return money((gross.amount * rate) / (100 + rate), gross.currency);
}
