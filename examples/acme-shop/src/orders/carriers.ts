/**
 * The carriers we ship with and how to ask them where a parcel is. Each answers in its own vocabulary;
 * `tracking.ts` maps that to what we show customers.
 */
import type { Config } from '../shared/config';

export type CarrierId = 'parcelpro' | 'royalpost' | 'eurodispatch';

export interface CarrierEvent {
  code: string;
  description: string;
  at: string;
  location?: string;
}

interface CarrierInfo {
  name: string;
  trackingUrl: (trackingNumber: string) => string;
  eventsUrl?: (trackingNumber: string) => string;
}

export const CARRIERS: Record<CarrierId, CarrierInfo> = {
  parcelpro: {
    name: 'ParcelPro',
    trackingUrl: (n) => `https://track.parcelpro.example/${encodeURIComponent(n)}`,
    eventsUrl: (n) => `https://api.parcelpro.example/v1/shipments/${encodeURIComponent(n)}/events`,
  },
  royalpost: {
    name: 'Royal Post',
    trackingUrl: (n) => `https://www.royalpost.example/track?trackNumber=${encodeURIComponent(n)}`,
    eventsUrl: (n) => `https://api.royalpost.example/tracking/v2/${encodeURIComponent(n)}`,
  },
  // EuroDispatch has no tracking API: customers get the link and we learn about delivery from their CSV.
  eurodispatch: {
    name: 'EuroDispatch',
    trackingUrl: (n) => `https://eurodispatch.example/en/tracking/${encodeURIComponent(n)}`,
  },
};

export function isCarrier(id: string): id is CarrierId {
  return id in CARRIERS;
}

export async function fetchCarrierEvents(carrier: CarrierId, trackingNumber: string, keys: Config['carriers']): Promise<CarrierEvent[]> {
  const url = CARRIERS[carrier].eventsUrl?.(trackingNumber);
  if (!url) return [];
  const key = carrier === 'parcelpro' ? keys.parcelProKey : keys.royalPostKey;
  const response = await fetch(url, { headers: { authorization: `Bearer ${key}` }, signal: AbortSignal.timeout(8_000) });
  if (response.status === 404) return [];
  if (!response.ok) throw new Error(`${CARRIERS[carrier].name} tracking answered ${response.status}`);
  const body = (await response.json()) as { events?: CarrierEvent[] };
  return (body.events ?? []).sort((a, b) => a.at.localeCompare(b.at));
}
