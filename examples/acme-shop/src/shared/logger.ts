/**
 * Structured JSON logs, one line per event, picked up by the log shipper from stdout/stderr.
 * Never log card data or full e-mail addresses: `redact` masks both.
 */
export type Level = 'debug' | 'info' | 'warn' | 'error';
export type Fields = Record<string, unknown>;

const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
let threshold: Level = 'info';

export function setLogLevel(level: Level): void {
  threshold = level;
}

export interface Logger {
  debug(message: string, fields?: Fields): void;
  info(message: string, fields?: Fields): void;
  warn(message: string, fields?: Fields): void;
  error(message: string, fields?: Fields): void;
  child(fields: Fields): Logger;
}

const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+)/g;
const PAN = /\b(\d{6})\d{3,9}(\d{4})\b/g;

/** Masks e-mail addresses (`a***@example.com`) and card numbers (first six and last four digits kept). */
export function redact(value: string): string {
  return value.replace(EMAIL, '$1***@$2').replace(PAN, '$1******$2');
}

function clean(fields: Fields): Fields {
  const out: Fields = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value instanceof Error) out[key] = { name: value.name, message: redact(value.message), stack: value.stack };
    else out[key] = typeof value === 'string' ? redact(value) : value;
  }
  return out;
}

export function createLogger(scope: string, base: Fields = {}): Logger {
  const write = (level: Level, message: string, fields: Fields = {}) => {
    if (ORDER[level] < ORDER[threshold]) return;
    const line = JSON.stringify({ t: new Date().toISOString(), level, scope, msg: message, ...clean(base), ...clean(fields) });
    if (level === 'warn' || level === 'error') console.error(line);
    else console.log(line);
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (fields) => createLogger(scope, { ...base, ...fields }),
  };
}
