/**
 * Errors that carry an HTTP status and a stable code for the storefront. Anything else that escapes a handler
 * is a bug: the router answers 500 and logs it with its stack.
 */
export class AppError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, fields: Record<string, string> = {}) {
    super(message, 422, 'validation_failed', { fields });
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'Please sign in again.') {
    super(message, 401, 'unauthorized');
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, id: string) {
    super(`${what} ${id} was not found`, 404, 'not_found', { what, id });
  }
}

export class ConflictError extends AppError {
  constructor(message: string, code = 'conflict', details: Record<string, unknown> = {}) {
    super(message, 409, code, details);
  }
}

export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super('Too many attempts. Please wait a moment and try again.', 429, 'rate_limited', { retryAfterSeconds });
  }
}

/** The message a customer may see; internal errors get a generic one. */
export function publicMessage(error: unknown): string {
  return error instanceof AppError ? error.message : 'Something went wrong on our side. Please try again.';
}
