/**
 * English messages for schemas declared with `zod/mini`, which registers no locale (its messages would all read
 * "Invalid input"). Set the way classic zod sets it, only when no locale is set: zod's configuration is shared by
 * every copy of zod in the process, so classic zod, loaded first or later, and this agree on it.
 */
import { config } from 'zod/mini';
import { en } from 'zod/locales';

if (!config().localeError) config(en());
