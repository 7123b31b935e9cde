/**
 * The database port. Production wires the platform's pooled Postgres client in (see src/app.ts); the unit
 * tests use an in-memory fake with the same shape. SQL lives next to the code that needs it.
 */
export interface Db {
  query<T>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs `work` in a transaction: committed when it resolves, rolled back when it throws. */
  transaction<R>(work: (tx: Db) => Promise<R>): Promise<R>;
}

export async function one<T>(db: Db, sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
  const rows = await db.query<T>(sql, params);
  return rows[0];
}

export async function exactlyOne<T>(db: Db, sql: string, params: readonly unknown[] = []): Promise<T> {
  const rows = await db.query<T>(sql, params);
  if (rows.length !== 1) throw new Error(`expected one row, got ${rows.length}: ${sql.split('\n')[0]}`);
  return rows[0]!;
}

/** Sortable enough, URL-safe ids with a type prefix: `ord_4f1c…`, `usr_9a0e…`. */
export function newId(prefix: string): string {
  return `${prefix}_${crypto.randomUUID().replaceAll('-', '').slice(0, 20)}`;
}

/** Human-friendly reference for customers and support: `A-7KQ2-91XF`. No 0/O or 1/I to misread on the phone. */
export function humanReference(prefix: string): string {
  const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  const chars = Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
  return `${prefix}-${chars.slice(0, 4)}-${chars.slice(4)}`;
}
