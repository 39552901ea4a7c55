// An HTTPS ARM stand-in that records writes (method, path, api-version, body) for `fix --azure`; it reuses the
// read stand-in's self-signed certificate (tests/azure/arm-stand-in.ts).
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { selfSignedCertificate, type Reply } from '../azure/arm-stand-in.js';

export interface Recorded {
  method: string;
  path: string;
  apiVersion: string | null;
  body?: unknown;
}

export type WriteRoute = (method: string, path: string, hits: number) => Reply | undefined;

export interface WriteStandIn {
  endpoint: string;
  ca: string;
  requests: Recorded[];
  close(): Promise<void>;
}

export async function startArmWrites(routes: WriteRoute[]): Promise<WriteStandIn> {
  const tls = selfSignedCertificate();
  const requests: Recorded[] = [];
  const hits = new Map<string, number>();
  const server: Server = createServer(tls, (req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'https://127.0.0.1');
      const method = req.method ?? 'GET';
      requests.push({ method, path: url.pathname, apiVersion: url.searchParams.get('api-version'), body: raw ? JSON.parse(raw) : undefined });
      const key = `${method} ${url.pathname.toLowerCase()}`;
      const n = (hits.get(key) ?? 0) + 1;
      hits.set(key, n);
      const reply = routes.map((r) => r(method, url.pathname, n)).find(Boolean) ?? { status: 404, body: { error: { code: 'ResourceNotFound', message: `The resource '${url.pathname}' was not found.` } } };
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { endpoint: `https://127.0.0.1:${port}`, ca: tls.cert, requests, close: () => new Promise((r) => server.close(() => r())) };
}

/** Answers one method and path (case-insensitive, as ARM). */
export function on(method: string, path: string, reply: Reply | ((hits: number) => Reply)): WriteRoute {
  return (m, p, n) => (m === method && p.toLowerCase() === path.toLowerCase() ? (typeof reply === 'function' ? reply(n) : reply) : undefined);
}
