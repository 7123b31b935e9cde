/**
 * Delivery addresses. We ship to six countries; postcodes are checked against each country's format so
 * a typo is caught at checkout rather than by the carrier three days later.
 */
import { ValidationError } from '../shared/errors';

export type CountryCode = 'GB' | 'IE' | 'FR' | 'DE' | 'NL' | 'ES';

export interface Address {
  name: string;
  line1: string;
  line2?: string;
  city: string;
  postcode: string;
  country: CountryCode;
  phone?: string;
}

export const COUNTRIES: Record<CountryCode, string> = {
  GB: 'United Kingdom',
  IE: 'Ireland',
  FR: 'France',
  DE: 'Germany',
  NL: 'Netherlands',
  ES: 'Spain',
};

const POSTCODES: Record<CountryCode, RegExp> = {
  GB: /^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/,
  // Eircodes: routing key + unique identifier. Rural addresses without one are allowed (empty postcode).
  IE: /^([AC-FHKNPRTV-Y]\d{2}|D6W) ?[0-9AC-FHKNPRTV-Y]{4}$/,
  FR: /^\d{5}$/,
  DE: /^\d{5}$/,
  NL: /^\d{4} ?[A-Z]{2}$/,
  ES: /^\d{5}$/,
};

export function normalizePostcode(postcode: string): string {
  return postcode.trim().toUpperCase().replace(/\s+/g, ' ');
}

function isCountry(value: unknown): value is CountryCode {
  return typeof value === 'string' && value in COUNTRIES;
}

export function validateAddress(input: Partial<Record<keyof Address, unknown>>): Address {
  const errors: Record<string, string> = {};
  const text = (key: keyof Address, max: number, optional = false): string | undefined => {
    const value = typeof input[key] === 'string' ? (input[key] as string).trim() : '';
    if (!value && !optional) errors[key] = 'required';
    else if (value.length > max) errors[key] = `at most ${max} characters`;
    return value || undefined;
  };

  const name = text('name', 100);
  const line1 = text('line1', 120);
  const line2 = text('line2', 120, true);
  const city = text('city', 80);
  const phone = text('phone', 30, true);
  const country = input.country;
  if (!isCountry(country)) errors.country = 'we deliver to GB, IE, FR, DE, NL and ES';
  const postcode = normalizePostcode(typeof input.postcode === 'string' ? input.postcode : '');
  const ruralIreland = country === 'IE' && postcode === '';
  if (isCountry(country) && !ruralIreland && !POSTCODES[country].test(postcode)) {
    errors.postcode = `not a valid ${COUNTRIES[country]} postcode`;
  }

  if (Object.keys(errors).length || !name || !line1 || !city || !isCountry(country)) {
    throw new ValidationError('Please check the delivery address.', errors);
  }
  const address: Address = { name, line1, city, postcode, country };
  if (line2) address.line2 = line2;
  if (phone) address.phone = phone;
  return address;
}
