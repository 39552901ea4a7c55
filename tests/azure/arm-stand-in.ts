// A local HTTPS stand-in for ARM: a self-signed certificate made with openssl in a temp dir, and routes that
// answer the paths arcdoctor reads with the same documents the offline fixtures hold (or a fault).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Route = (path: string, hits: number) => Reply | undefined;

export interface StandIn {
  endpoint: string;
  ca: string;
  requests: Array<{ path: string; authorization?: string }>;
  close(): Promise<void>;
}

export function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'arcdoctor-arm-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
}

export async function startArm(routes: Route[], tls = selfSignedCertificate()): Promise<StandIn> {
  const requests: StandIn['requests'] = [];
  const hits = new Map<string, number>();
  const server: Server = createServer(tls, (req, res) => {
    const path = (req.url ?? '').split('?')[0];
    requests.push({ path, authorization: req.headers.authorization });
    const n = (hits.get(path) ?? 0) + 1;
    hits.set(path, n);
    const reply = routes.map((r) => r(path, n)).find(Boolean) ?? { status: 404, body: { error: { code: 'ResourceNotFound', message: `The resource '${path}' was not found.` } } };
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { endpoint: `https://127.0.0.1:${port}`, ca: tls.cert, requests, close: () => new Promise((r) => server.close(() => r())) };
}

/** Answers one path (case-insensitive, as ARM) with a reply. */
export function at(path: string, reply: Reply | ((hits: number) => Reply)): Route {
  return (p, n) => (p.toLowerCase() === path.toLowerCase() ? (typeof reply === 'function' ? reply(n) : reply) : undefined);
}
