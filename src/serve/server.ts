// The HTTP side: reads the body, routes, applies latency, writes JSON/text and the request log.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ApiContext, Reply } from './context.js';
import type { RequestLog } from './request-log.js';
import { route, type RouterOptions } from './router.js';
import { ApiError } from './status.js';

export interface HttpOptions extends RouterOptions {
  latencyMs: number;
  log?: RequestLog;
}

export function createApiServer(ctx: ApiContext, opts: HttpOptions): Server {
  return createServer((req, res) => {
    const started = process.hrtime.bigint();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reply = answer(ctx, opts, req, Buffer.concat(chunks).toString('utf8'));
      const send = () => write(res, req, reply, started, opts.log);
      if (opts.latencyMs > 0) setTimeout(send, opts.latencyMs);
      else send();
    });
    req.on('error', () => res.destroy());
  });
}

function answer(ctx: ApiContext, opts: RouterOptions, req: IncomingMessage, body: string): Reply {
  try {
    const url = new URL(req.url ?? '/', 'http://localhost');
    return route(ctx, opts, { method: req.method ?? 'GET', url, accept: header(req, 'accept'), contentType: header(req, 'content-type'), body });
  } catch (e) {
    const err = e instanceof ApiError ? e : new ApiError(500, 'InternalError', `Internal error occurred: ${(e as Error).message}`);
    return { status: err.code, body: err.body(), headers: err.headers };
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

function write(res: ServerResponse, req: IncomingMessage, reply: Reply, started: bigint, log?: RequestLog): void {
  const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  const bytes = Buffer.byteLength(text);
  res.writeHead(reply.status, {
    'Content-Type': reply.contentType ?? 'application/json',
    'Content-Length': String(bytes),
    'Cache-Control': 'no-cache, private',
    ...reply.headers,
  });
  res.end(req.method === 'HEAD' ? undefined : text);
  if (log) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    log.add({
      time: new Date().toISOString(),
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search.replace(/^\?/, ''),
      status: reply.status,
      bytes,
      ms: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
      ...(req.headers['user-agent'] ? { userAgent: String(req.headers['user-agent']) } : {}),
    });
  }
}
