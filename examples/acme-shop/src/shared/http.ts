/**
 * A deliberately small router over the web-standard Request/Response the platform runtime hands us.
 * Paths use `:name` parameters; errors thrown by handlers become JSON problem responses.
 */
import { AppError, ValidationError, publicMessage } from './errors';
import { createLogger } from './logger';

export interface RequestContext {
  req: Request;
  url: URL;
  params: Record<string, string>;
}

export type Handler = (ctx: RequestContext) => Promise<Response>;
type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

interface Route {
  method: Method;
  pattern: RegExp;
  keys: string[];
  handler: Handler;
}

const log = createLogger('http');

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });
}

export async function readJson<T>(req: Request): Promise<T> {
  try {
    return (await req.json()) as T;
  } catch {
    throw new ValidationError('The request body is not valid JSON.');
  }
}

export class Router {
  private readonly routes: Route[] = [];

  get(path: string, handler: Handler): this {
    return this.add('GET', path, handler);
  }

  post(path: string, handler: Handler): this {
    return this.add('POST', path, handler);
  }

  put(path: string, handler: Handler): this {
    return this.add('PUT', path, handler);
  }

  delete(path: string, handler: Handler): this {
    return this.add('DELETE', path, handler);
  }

  private add(method: Method, path: string, handler: Handler): this {
    const keys: string[] = [];
    const source = path.replace(/:(\w+)/g, (_, key: string) => {
      keys.push(key);
      return '([^/]+)';
    });
    this.routes.push({ method, pattern: new RegExp(`^${source}$`), keys, handler });
    return this;
  }

  async handle(req: Request): Promise<Response> {
    const url = new URL(req.url);
    for (const route of this.routes) {
      if (route.method !== req.method) continue;
      const match = route.pattern.exec(url.pathname);
      if (!match) continue;
      const params = Object.fromEntries(route.keys.map((key, i) => [key, decodeURIComponent(match[i + 1] ?? '')]));
      try {
        return await route.handler({ req, url, params });
      } catch (error) {
        if (error instanceof AppError) return json({ error: error.code, message: error.message, ...error.details }, error.status);
        log.error('unhandled error', { method: req.method, path: url.pathname, error });
        return json({ error: 'internal', message: publicMessage(error) }, 500);
      }
    }
    return json({ error: 'not_found', message: `No route for ${req.method} ${url.pathname}` }, 404);
  }
}
