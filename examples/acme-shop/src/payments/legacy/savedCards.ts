/**
 * Saved cards live in one of two vaults: the PSP's (everything since the 2024 migration) or PayFlow's
 * (older cards, until the customer pays with them again and we re-tokenize). Checkout asks here which one.
 */
import type { Db } from '../../shared/db';
import { one } from '../../shared/db';
import { NotFoundError } from '../../shared/errors';

export interface SavedCard {
  id: string;
  userId: string;
  vault: 'psp' | 'payflow';
  token: string;
  brand: string;
  last4: string;
  expiry: string;
}

export async function resolveSavedCard(db: Db, savedCardId: string): Promise<SavedCard> {
  const card = await one<SavedCard>(
    db,
    'SELECT id, user_id AS "userId", vault, token, brand, last4, expiry FROM saved_cards WHERE id = $1 AND deleted_at IS NULL',
    [savedCardId],
  );
  if (!card) throw new NotFoundError('saved card', savedCardId);
  return card;
}

/** `MM/YY` in the past: the wallet shows these greyed out and checkout refuses them before calling a gateway. */
export function isExpired(card: Pick<SavedCard, 'expiry'>, now = new Date()): boolean {
  const [mm, yy] = card.expiry.split('/').map(Number);
  if (!mm || yy === undefined) return true;
  const endOfMonth = new Date(Date.UTC(2000 + yy, mm, 1));
  return endOfMonth <= now;
}

/** Cards still in the PayFlow vault, oldest use first: the re-tokenization job's work list. */
export async function legacyCards(db: Db, limit = 500): Promise<SavedCard[]> {
  return db.query<SavedCard>(
    `SELECT id, user_id AS "userId", vault, token, brand, last4, expiry
       FROM saved_cards WHERE vault = 'payflow' AND deleted_at IS NULL
      ORDER BY last_used_at NULLS FIRST LIMIT $1`,
    [limit],
  );
}
