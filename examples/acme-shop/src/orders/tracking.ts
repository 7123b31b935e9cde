/**
 * Where is my order? Carrier events mapped to the five statuses on the order page, plus the carrier's own
 * link. Carrier APIs are slow and flaky, so the last answer is cached for 20 minutes.
 */
import type { Config } from '../shared/config';
import type { CarrierEvent, CarrierId } from './carriers';
import { CARRIERS, fetchCarrierEvents, isCarrier } from './carriers';
import type { Order } from './orders';

export type TrackingStatus = 'preparing' | 'label_created' | 'in_transit' | 'out_for_delivery' | 'delivered' | 'delivery_failed';

export interface TrackingView {
  status: TrackingStatus;
  headline: string;
  carrier?: string;
  trackingUrl?: string;
  events: CarrierEvent[];
  updatedAt: string;
}

const CODE_MAP: Record<string, TrackingStatus> = {
  MANIFESTED: 'label_created',
  PRE_ADVICE: 'label_created',
  COLLECTED: 'in_transit',
  HUB_SCAN: 'in_transit',
  IN_TRANSIT: 'in_transit',
  OUT_FOR_DELIVERY: 'out_for_delivery',
  DELIVERED: 'delivered',
  LEFT_WITH_NEIGHBOUR: 'delivered',
  SAFE_PLACE: 'delivered',
  CARDED: 'delivery_failed',
  ADDRESS_ISSUE: 'delivery_failed',
};

const HEADLINES: Record<TrackingStatus, string> = {
  preparing: "We're packing your order.",
  label_created: 'Your parcel is ready and waiting for the carrier to collect it.',
  in_transit: 'Your parcel is on its way.',
  out_for_delivery: 'Your parcel is out for delivery today.',
  delivered: 'Delivered.',
  delivery_failed: "The carrier couldn't deliver your parcel. Check the carrier's page to rearrange delivery.",
};

const CACHE_MS = 20 * 60 * 1000;
const cache = new Map<string, { view: TrackingView; at: number }>();

// @cx delivery/tracking
export function statusFromEvents(events: readonly CarrierEvent[]): TrackingStatus {
  for (let i = events.length - 1; i >= 0; i--) {
    const status = CODE_MAP[events[i]!.code];
    if (status) return status;
  }
  return events.length ? 'in_transit' : 'label_created';
}

export async function trackOrder(order: Order, keys: Config['carriers'], now = Date.now()): Promise<TrackingView> {
  if (!order.carrier || !order.trackingNumber || !isCarrier(order.carrier)) {
    return { status: 'preparing', headline: HEADLINES.preparing, events: [], updatedAt: new Date(now).toISOString() };
  }
  const cached = cache.get(order.id);
  if (cached && now - cached.at < CACHE_MS) return cached.view;

  const carrier: CarrierId = order.carrier;
  const events = await fetchCarrierEvents(carrier, order.trackingNumber, keys).catch(() => cached?.view.events ?? []);
  const status = order.status === 'delivered' ? 'delivered' : statusFromEvents(events);
  const view: TrackingView = {
    status,
    headline: HEADLINES[status],
    carrier: CARRIERS[carrier].name,
    trackingUrl: CARRIERS[carrier].trackingUrl(order.trackingNumber),
    events,
    updatedAt: new Date(now).toISOString(),
  };
  cache.set(order.id, { view, at: now });
  return view;
}
