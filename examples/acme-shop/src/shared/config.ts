/**
 * Configuration from the environment, read once at start-up. A missing required variable stops the process
 * with the variable's name rather than failing later on the first payment.
 */
export interface Config {
  publicUrl: string;
  psp: { baseUrl: string; apiKey: string; merchantAccount: string; webhookSecret: string };
  payflow: { url: string; partner: string; vendor: string; user: string; password: string };
  mail: { baseUrl: string; apiKey: string; from: string };
  carriers: { parcelProKey: string; royalPostKey: string };
  /** Refunds up to this amount (minor units) are approved automatically; above it customer care approves. */
  refundAutoApproveLimit: number;
  sessionDays: number;
}

type Env = Record<string, string | undefined>;

function required(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new Error(`missing environment variable ${name}`);
  return value;
}

function numberOr(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new Error(`${name} must be a number, got '${raw}'`);
  return n;
}

export function loadConfig(env: Env): Config {
  return {
    publicUrl: env.PUBLIC_URL ?? 'https://shop.acme.example',
    psp: {
      baseUrl: env.PSP_BASE_URL ?? 'https://api.psp.example/v2',
      apiKey: required(env, 'PSP_API_KEY'),
      merchantAccount: required(env, 'PSP_MERCHANT_ACCOUNT'),
      webhookSecret: required(env, 'PSP_WEBHOOK_SECRET'),
    },
    payflow: {
      url: env.PAYFLOW_URL ?? 'https://payflow.legacy.example/transaction',
      partner: required(env, 'PAYFLOW_PARTNER'),
      vendor: required(env, 'PAYFLOW_VENDOR'),
      user: required(env, 'PAYFLOW_USER'),
      password: required(env, 'PAYFLOW_PASSWORD'),
    },
    mail: {
      baseUrl: env.MAIL_BASE_URL ?? 'https://api.mailer.example/v3',
      apiKey: required(env, 'MAIL_API_KEY'),
      from: env.MAIL_FROM ?? 'Acme Shop <hello@acme.example>',
    },
    carriers: { parcelProKey: required(env, 'PARCELPRO_API_KEY'), royalPostKey: required(env, 'ROYALPOST_API_KEY') },
    refundAutoApproveLimit: numberOr(env, 'REFUND_AUTO_APPROVE_LIMIT', 15000),
    sessionDays: numberOr(env, 'SESSION_DAYS', 30),
  };
}
