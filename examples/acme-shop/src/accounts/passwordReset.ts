/**
 * "Forgot your password?": a single-use link by e-mail, valid for 30 minutes. The request always answers
 * the same way, whether or not the address has an account, so it cannot be used to probe for customers.
 */
import type { Mailer } from '../notifications/mailer';
import { passwordReset } from '../notifications/templates';
import type { Db } from '../shared/db';
import { one } from '../shared/db';
import type { EventBus } from '../shared/events';
import { ValidationError } from '../shared/errors';
import { createLogger } from '../shared/logger';
import type { SessionService } from './login';
import { hashPassword, passwordProblems } from './passwords';
import type { UserRepository } from './users';

const VALID_MINUTES = 30;
const log = createLogger('accounts.password-reset');

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export class PasswordReset {
  constructor(
    private readonly db: Db,
    private readonly users: UserRepository,
    private readonly sessions: SessionService,
    private readonly mailer: Mailer,
    private readonly events: EventBus,
    private readonly publicUrl: string,
  ) {}

  /**
   * Sends the reset link. Asking again invalidates the previous link, so only the latest e-mail works.
   * @cx onboarding/password-reset
   */
  async request(email: string): Promise<void> {
    const user = await this.users.byEmail(email);
    if (!user) {
      log.info('reset requested for unknown address');
      return;
    }
    const token = crypto.randomUUID();
    await this.db.query('DELETE FROM password_resets WHERE user_id = $1', [user.id]);
    await this.db.query(
      `INSERT INTO password_resets (token_hash, user_id, expires_at) VALUES ($1, $2, now() + interval '${VALID_MINUTES} minutes')`,
      [await sha256(token), user.id],
    );
    const link = `${this.publicUrl}/account/reset?token=${token}`;
    const result = await this.mailer.send({ to: user.email, ...passwordReset(user.name, link, VALID_MINUTES) });
    if (result.status !== 'sent') log.warn('reset e-mail not sent', { userId: user.id, status: result.status });
    await this.events.publish({ type: 'user.password_reset_requested', userId: user.id, email: user.email });
  }

  /** Sets the new password, burns the link and signs the customer out of every other device. */
  async complete(token: string, newPassword: string): Promise<void> {
    const row = await one<{ user_id: string; expired: boolean }>(
      this.db,
      'DELETE FROM password_resets WHERE token_hash = $1 RETURNING user_id, expires_at < now() AS expired',
      [await sha256(token)],
    );
    if (!row) throw new ValidationError('This reset link has already been used or a newer one was sent. Please use the latest e-mail.');
    if (row.expired) throw new ValidationError(`Reset links work for ${VALID_MINUTES} minutes. Please ask for a new one.`);
    const user = await this.users.byId(row.user_id);
    const problems = passwordProblems(newPassword, user.email);
    if (problems.length) throw new ValidationError(problems.join(' '), { password: problems.join(' ') });
    await this.users.setPassword(user.id, await hashPassword(newPassword));
    await this.sessions.endAll(user.id);
  }
}
