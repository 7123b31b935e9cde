/**
 * Orders search candidates. The database gives a text relevance score; we blend in popularity and stock so
 * that what customers can actually buy comes first. Weights were tuned on the Q2 click logs.
 */
import type { Product } from '../catalog/products';
import { normalize } from './query';

export interface Candidate {
  product: Product;
  /** ts_rank from Postgres, roughly 0–1. */
  textScore: number;
  inStock: boolean;
}

export interface Ranked extends Candidate {
  score: number;
}

const WEIGHTS = { text: 0.6, popularity: 0.25, stock: 0.15 };
const TITLE_BONUS = 0.2;

function popularityScore(orders: number, maxOrders: number): number {
  if (maxOrders <= 0) return 0;
  return Math.log1p(orders) / Math.log1p(maxOrders);
}

export function rank(candidates: readonly Candidate[], terms: readonly string[]): Ranked[] {
  const maxOrders = Math.max(0, ...candidates.map((c) => c.product.popularity));
  const ranked = candidates.map((c) => {
    const title = normalize(c.product.title);
    const titleHits = terms.filter((t) => title.includes(t)).length;
    const score =
      WEIGHTS.text * Math.min(1, c.textScore) +
      WEIGHTS.popularity * popularityScore(c.product.popularity, maxOrders) +
      WEIGHTS.stock * (c.inStock ? 1 : 0) +
      (terms.length && titleHits === terms.length ? TITLE_BONUS : 0);
    return { ...c, score };
  });
  // Out-of-stock items always sink below in-stock ones, whatever their relevance.
  return ranked.sort((a, b) => Number(b.inStock) - Number(a.inStock) || b.score - a.score);
}
