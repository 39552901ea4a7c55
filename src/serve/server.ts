// The HTTP side: reads the bounded body, routes, applies latency, writes JSON/text and the request log.
// Nothing a client sends ends the process: a bad target, body or parse answers a Kubernetes Status.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { MAX_BODY_BYTES, readBody } from './body.js';
import type { ApiContext, Reply } from './context.js';
import type { RequestLog } from './request-log.js';
import { loggedTarget, MAX_HEADER_BYTES, parseRequestTarget } from './request-url.js';
import { route, type RouterOptions } from './router.js';
import { ApiError } from './status.js';

export interface HttpOptions extends RouterOptions {
  latencyMs: number;
  log?: RequestLog;
  maxBodyBytes?: number;
}

export function createApiServer(ctx: ApiContext, opts: HttpOptions): Server {
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    const started = process.hrtime.bigint();
    readBody(req, opts.maxBodyBytes ?? MAX_BODY_BYTES, (body) => {
      const reply = typeof body === 'string' ? answer(ctx, opts, req, body) : errorReply(body);
      const send = () => write(res, req, reply, started, opts.log);
      if (opts.latencyMs > 0) setTimeout(send, opts.latencyMs);
      else send();
    });
    req.on('error', () => res.destroy());
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => answerUnparsable(err, socket));
  return server;
}

function errorReply(e: unknown): Reply {
  const err = e instanceof ApiError ? e : new ApiError(500, 'InternalError', `Internal error occurred: ${(e as Error)?.message ?? String(e)}`);
  return { status: err.code, body: err.body(), headers: err.headers };
}

function answer(ctx: ApiContext, opts: RouterOptions, req: IncomingMessage, body: string): Reply {
  try {
    const target = parseRequestTarget(req.url ?? '/');
    const call = { method: req.method ?? 'GET', pathname: target.pathname, query: target.query, accept: header(req, 'accept'), contentType: header(req, 'content-type'), body };
    return route(ctx, opts, call);
  } catch (e) {
    return errorReply(e);
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

function serialize(reply: Reply): { reply: Reply; text: string } {
  try {
    return { reply, text: typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body) };
  } catch (e) {
    const err = errorReply(e);
    return { reply: err, text: JSON.stringify(err.body) };
  }
}

function write(res: ServerResponse, req: IncomingMessage, answered: Reply, started: bigint, log?: RequestLog): void {
  const { reply, text } = serialize(answered);
  const bytes = Buffer.byteLength(text);
  if (res.destroyed) return;
  res.writeHead(reply.status, {
    'Content-Type': reply.contentType ?? 'application/json',
    'Content-Length': String(bytes),
    'Cache-Control': 'no-cache, private',
    ...reply.headers,
  });
  res.end(req.method === 'HEAD' ? undefined : text);
  log?.add({
    time: new Date().toISOString(),
    method: req.method ?? 'GET',
    ...loggedTarget(req.url ?? '/'),
    status: reply.status,
    bytes,
    ms: Math.round(Number(process.hrtime.bigint() - started) / 1e4) / 100,
    ...(req.headers['user-agent'] ? { userAgent: String(req.headers['user-agent']).slice(0, 512) } : {}),
  });
}

/**
 * What Node's HTTP parser refused before any handler ran: a request line and headers over MAX_HEADER_BYTES (431,
 * as Go's server answers) or bytes that are not HTTP (400), each as a Status body on a connection that then closes.
 */
function answerUnparsable(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const e =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? new ApiError(431, 'RequestHeaderFieldsTooLarge', `the request line and headers are too large: limit is ${MAX_HEADER_BYTES} bytes`)
      : new ApiError(400, 'BadRequest', `the request could not be parsed as HTTP: ${err.code ?? err.message}`);
  const text = JSON.stringify(e.body());
  const title = e.code === 431 ? 'Request Header Fields Too Large' : 'Bad Request';
  socket.end(`HTTP/1.1 ${e.code} ${title}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
}
