/**
 * Customer accounts. E-mail addresses are stored lower-cased and are the login name; the plan (free, plus,
 * business) decides shipping perks and is what the CX reports call the segment.
 */
import type { Db } from '../shared/db';
import { newId, one } from '../shared/db';
import { ConflictError, NotFoundError } from '../shared/errors';

export type Plan = 'free' | 'plus' | 'business';

export interface User {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  plan: Plan;
  emailVerifiedAt: string | null;
  marketingOptIn: boolean;
  createdAt: string;
}

const COLUMNS = `id, email, name, password_hash AS "passwordHash", plan, email_verified_at AS "emailVerifiedAt",
  marketing_opt_in AS "marketingOptIn", created_at AS "createdAt"`;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export class UserRepository {
  constructor(private readonly db: Db) {}

  async byEmail(email: string): Promise<User | undefined> {
    return one<User>(this.db, `SELECT ${COLUMNS} FROM users WHERE email = $1`, [normalizeEmail(email)]);
  }

  async byId(id: string): Promise<User> {
    const user = await one<User>(this.db, `SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
    if (!user) throw new NotFoundError('user', id);
    return user;
  }

  async create(input: { email: string; name: string; passwordHash: string; marketingOptIn: boolean }): Promise<User> {
    const rows = await this.db.query<User>(
      `INSERT INTO users (id, email, name, password_hash, plan, marketing_opt_in, created_at)
       VALUES ($1, $2, $3, $4, 'free', $5, now())
       ON CONFLICT (email) DO NOTHING
       RETURNING ${COLUMNS}`,
      [newId('usr'), normalizeEmail(input.email), input.name.trim(), input.passwordHash, input.marketingOptIn],
    );
    if (!rows[0]) throw new ConflictError('An account with this e-mail already exists. Try signing in instead.', 'email_taken');
    return rows[0];
  }

  async markVerified(id: string): Promise<void> {
    await this.db.query('UPDATE users SET email_verified_at = coalesce(email_verified_at, now()) WHERE id = $1', [id]);
  }

  async setPassword(id: string, passwordHash: string): Promise<void> {
    await this.db.query('UPDATE users SET password_hash = $2, password_changed_at = now() WHERE id = $1', [id, passwordHash]);
  }
}
