/**
 * E-mail verification links. Sign-up sends one; the account works before it is clicked, but orders above
 * €250 and saved cards need a verified address.
 */
import type { Mailer } from '../notifications/mailer';
import { verifyEmail } from '../notifications/templates';
import type { Db } from '../shared/db';
import { one } from '../shared/db';
import { ValidationError } from '../shared/errors';
import type { User, UserRepository } from './users';

const VALID_HOURS = 48;

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export class EmailVerification {
  constructor(
    private readonly db: Db,
    private readonly users: UserRepository,
    private readonly mailer: Mailer,
    private readonly publicUrl: string,
  ) {}

  // @cx onboarding/verify-email
  async send(user: User): Promise<void> {
    const token = crypto.randomUUID();
    await this.db.query(
      `INSERT INTO email_verifications (token_hash, user_id, expires_at) VALUES ($1, $2, now() + interval '${VALID_HOURS} hours')`,
      [await sha256(token), user.id],
    );
    const link = `${this.publicUrl}/account/verify?token=${token}`;
    await this.mailer.send({ to: user.email, ...verifyEmail(user.name, link) });
  }

  async confirm(token: string): Promise<void> {
    const row = await one<{ user_id: string; expired: boolean }>(
      this.db,
      'DELETE FROM email_verifications WHERE token_hash = $1 RETURNING user_id, expires_at < now() AS expired',
      [await sha256(token)],
    );
    if (!row) throw new ValidationError('This link has already been used or is not valid. Sign in to get a new one.');
    if (row.expired) throw new ValidationError('This link has expired. Sign in and we will send you a new one.');
    await this.users.markVerified(row.user_id);
  }
}
