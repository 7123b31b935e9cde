/**
 * Creating an account: validate, hash, store, send the verification e-mail, sign the customer in.
 * Guests who checked out before can sign up with the same address; their past orders attach on verification.
 */
import type { EventBus } from '../shared/events';
import { ValidationError } from '../shared/errors';
import { createLogger } from '../shared/logger';
import type { SessionService, Session } from './login';
import { hashPassword, passwordProblems } from './passwords';
import type { User, UserRepository } from './users';
import { normalizeEmail } from './users';
import type { EmailVerification } from './verifyEmail';

export interface SignupInput {
  email: string;
  name: string;
  password: string;
  marketingOptIn?: boolean;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
const log = createLogger('accounts.signup');

export class SignupService {
  constructor(
    private readonly users: UserRepository,
    private readonly verification: EmailVerification,
    private readonly sessions: SessionService,
    private readonly events: EventBus,
  ) {}

  async signUp(input: SignupInput): Promise<{ user: User; session: Session }> {
    const email = normalizeEmail(input.email ?? '');
    const fields: Record<string, string> = {};
    if (!EMAIL.test(email)) fields.email = 'Enter an e-mail address like name@example.com.';
    if (!input.name?.trim()) fields.name = 'Tell us your name.';
    const problems = passwordProblems(input.password ?? '', email);
    if (problems.length) fields.password = problems.join(' ');
    if (Object.keys(fields).length) throw new ValidationError('Please check the highlighted fields.', fields);

    const user = await this.users.create({
      email,
      name: input.name,
      passwordHash: await hashPassword(input.password),
      marketingOptIn: input.marketingOptIn ?? false,
    });
    // The account is usable right away: a slow verification e-mail must not block the first order.
    await this.verification.send(user).catch((error: unknown) => log.error('verification e-mail failed', { userId: user.id, error }));
    await this.events.publish({ type: 'user.signed_up', userId: user.id, email: user.email });
    return { user, session: await this.sessions.start(user.id) };
  }
}
