/**
 * Transactional e-mail through the mail provider's HTTP API: order confirmations, password resets, e-mail
 * verification, shipping and refund updates. Marketing e-mail is sent by the CRM, not from here.
 */
import type { Config } from '../shared/config';
import type { Db } from '../shared/db';
import { createLogger } from '../shared/logger';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Groups messages in the provider's dashboard: `password-reset`, `order-confirmation`, … */
  category?: string;
}

export type SendResult = { status: 'sent'; providerId: string } | { status: 'suppressed' } | { status: 'dropped'; reason: string };

const log = createLogger('notifications.mailer');

export class Mailer {
  constructor(
    private readonly config: Config['mail'],
    private readonly db: Db,
  ) {}

  /** Addresses that hard-bounced or complained are never mailed again (the provider would block our domain). */
  private async isSuppressed(to: string): Promise<boolean> {
    const rows = await this.db.query<{ email: string }>('SELECT email FROM email_suppressions WHERE email = lower($1)', [to]);
    return rows.length > 0;
  }

  async send(message: EmailMessage): Promise<SendResult> {
    if (await this.isSuppressed(message.to)) {
      log.info('suppressed', { to: message.to, category: message.category });
      return { status: 'suppressed' };
    }
    const response = await fetch(`${this.config.baseUrl}/mail/send`, {
      method: 'POST',
      headers: { authorization: `Bearer ${this.config.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        from: this.config.from,
        to: [message.to],
        subject: message.subject,
        content: [
          { type: 'text/plain', value: message.text },
          { type: 'text/html', value: message.html },
        ],
        categories: message.category ? [message.category] : [],
      }),
      signal: AbortSignal.timeout(10_000),
    });
    if (response.status === 429) {
      // Over the provider's per-second limit (it happens during sale launches). The message is dropped;
      // the customer can ask again from the page that sent it.
      log.warn('rate limited by the mail provider, dropping', { to: message.to, category: message.category });
      return { status: 'dropped', reason: 'rate_limited' };
    }
    if (!response.ok) throw new Error(`mail provider answered ${response.status}`);
    const providerId = response.headers.get('x-message-id') ?? 'unknown';
    log.info('sent', { to: message.to, category: message.category, providerId });
    return { status: 'sent', providerId };
  }

  /** Provider webhook: a hard bounce or spam complaint puts the address on the suppression list. */
  async recordBounce(email: string, kind: 'bounce' | 'complaint'): Promise<void> {
    await this.db.query('INSERT INTO email_suppressions (email, reason, at) VALUES (lower($1), $2, now()) ON CONFLICT DO NOTHING', [email, kind]);
  }
}
