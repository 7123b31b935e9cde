/**
 * zod's settings in the webviews, imported before any schema is built: the CSP forbids eval, so zod must not
 * compile its parsers with it, nor probe whether it may (a probe is reported as a CSP violation).
 */
import { config } from 'zod/mini';

config({ jitless: true });
