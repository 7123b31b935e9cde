/**
 * E-mail templates. Plain functions returning subject, text and HTML; every value that comes from a
 * customer or the catalog is escaped before it goes into the HTML part.
 */
import type { Order } from '../orders/orders';
import { format } from '../shared/money';

export interface Rendered {
  subject: string;
  text: string;
  html: string;
  category: string;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

function layout(title: string, body: string): string {
  return `<!doctype html><html><body style="font-family:Helvetica,Arial,sans-serif;color:#1d1d1f">
<h1 style="font-size:20px">${escapeHtml(title)}</h1>${body}
<p style="color:#6e6e73;font-size:12px">Acme Shop · Need help? Reply to this e-mail or visit help.acme.example</p></body></html>`;
}

export function passwordReset(name: string, link: string, validMinutes: number): Rendered {
  const subject = 'Reset your Acme password';
  return {
    subject,
    category: 'password-reset',
    text: `Hi ${name},\n\nUse this link to choose a new password. It works for ${validMinutes} minutes:\n${link}\n\nIf you didn't ask for this, you can ignore this e-mail.`,
    html: layout(subject, `<p>Hi ${escapeHtml(name)},</p><p><a href="${escapeHtml(link)}">Choose a new password</a>. The link works for ${validMinutes} minutes.</p><p>If you didn't ask for this, you can ignore this e-mail.</p>`),
  };
}

export function verifyEmail(name: string, link: string): Rendered {
  const subject = 'Confirm your e-mail address';
  return {
    subject,
    category: 'verify-email',
    text: `Hi ${name},\n\nWelcome to Acme! Confirm your e-mail address to finish setting up your account:\n${link}`,
    html: layout(subject, `<p>Hi ${escapeHtml(name)},</p><p>Welcome to Acme! <a href="${escapeHtml(link)}">Confirm your e-mail address</a> to finish setting up your account.</p>`),
  };
}

export function orderConfirmation(order: Order, estimate: { from: string; to: string }): Rendered {
  const subject = `Order ${order.reference} confirmed`;
  const lines = order.lines.map((l) => `${l.quantity} × ${l.title} (${l.size})`);
  const when = estimate.from === estimate.to ? estimate.from : `${estimate.from} – ${estimate.to}`;
  return {
    subject,
    category: 'order-confirmation',
    text: `Thanks for your order!\n\n${lines.join('\n')}\n\nTotal: ${format(order.total)}\nEstimated delivery: ${when}`,
    html: layout(subject, `<ul>${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul><p>Total: <b>${format(order.total)}</b></p><p>Estimated delivery: ${when}</p>`),
  };
}

export function refundIssued(order: Order, amount: string): Rendered {
  const subject = `Your refund for order ${order.reference}`;
  return {
    subject,
    category: 'refund-issued',
    text: `We've refunded ${amount} to your original payment method. Banks usually take 3–5 working days to show it.`,
    html: layout(subject, `<p>We've refunded <b>${escapeHtml(amount)}</b> to your original payment method. Banks usually take 3–5 working days to show it.</p>`),
  };
}
