/**
 * Signing in and sessions. Sessions are opaque random tokens stored hashed; the cookie holds the token.
 * Failed attempts are rate-limited per e-mail address to slow down credential stuffing.
 */
import type { Db } from '../shared/db';
import { one } from '../shared/db';
import { RateLimitedError, UnauthorizedError } from '../shared/errors';
import { verifyPassword } from './passwords';
import type { User, UserRepository } from './users';

export interface Session {
  token: string;
  userId: string;
  expiresAt: string;
}

const MAX_FAILURES = 5;
const LOCK_MINUTES = 15;

async function hashToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return btoa(String.fromCharCode(...new Uint8Array(digest)));
}

export class SessionService {
  constructor(
    private readonly db: Db,
    private readonly days: number,
  ) {}

  async start(userId: string): Promise<Session> {
    const token = `${crypto.randomUUID()}${crypto.randomUUID()}`.replaceAll('-', '');
    const expiresAt = new Date(Date.now() + this.days * 86_400_000).toISOString();
    await this.db.query('INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, $3)', [await hashToken(token), userId, expiresAt]);
    return { token, userId, expiresAt };
  }

  async resolve(token: string | undefined): Promise<string> {
    if (!token) throw new UnauthorizedError();
    const row = await one<{ user_id: string }>(this.db, 'SELECT user_id FROM sessions WHERE token_hash = $1 AND expires_at > now()', [await hashToken(token)]);
    if (!row) throw new UnauthorizedError();
    return row.user_id;
  }

  /** Signs the user out everywhere: after a password reset, or from "Devices" in the account page. */
  async endAll(userId: string): Promise<void> {
    await this.db.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
  }
}

export class LoginService {
  constructor(
    private readonly db: Db,
    private readonly users: UserRepository,
    private readonly sessions: SessionService,
  ) {}

  async login(email: string, password: string): Promise<{ user: User; session: Session }> {
    const failures = await one<{ count: number; last: string }>(
      this.db,
      "SELECT count(1)::int AS count, max(at) AS last FROM login_failures WHERE email = lower($1) AND at > now() - interval '15 minutes'",
      [email],
    );
    if (failures && failures.count >= MAX_FAILURES) throw new RateLimitedError(LOCK_MINUTES * 60);

    const user = await this.users.byEmail(email);
    // Same message and similar timing whether the account exists or not.
    const ok = user ? await verifyPassword(password, user.passwordHash) : await verifyPassword(password, 'pbkdf2$310000$AAAA$AAAA');
    if (!user || !ok) {
      await this.db.query('INSERT INTO login_failures (email, at) VALUES (lower($1), now())', [email]);
      throw new UnauthorizedError("That e-mail and password don't match. Check them or reset your password.");
    }
    await this.db.query('DELETE FROM login_failures WHERE email = lower($1)', [email]);
    return { user, session: await this.sessions.start(user.id) };
  }
}
