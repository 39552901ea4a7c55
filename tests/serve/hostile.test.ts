// Hostile requests: every one answers a Kubernetes Status (400/413/414/431) and the server keeps serving.
// Bodies are bounded at the API server's 3 MiB without being buffered whole; the request log streams to its file.
import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exposureWarning } from '../../src/cli/serve-cmd.js';
import { seededRandom } from '../../src/serve/faults.js';
import type { RunningServer } from '../../src/serve/index.js';
import { arcdoctor } from '../helpers/cli.js';
import { GUIDE_SNAPSHOT, startGuideServer } from './serve-helpers.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startGuideServer();
});
afterAll(async () => server?.close());

/** Sends bytes as they are (no URL normalisation) and returns the status line and the body. */
function raw(bytes: string, head = false): Promise<{ statusLine: string; body: any }> {
  return new Promise((resolve, reject) => {
    const headOnly = head;
    const s = connect(server.port, '127.0.0.1', () => s.write(bytes));
    let out = '';
    s.on('data', (d) => {
      out += d;
      // One answer is all we want; the server may keep the connection open.
      const head = out.indexOf('\r\n\r\n');
      const length = Number(/content-length: (\d+)/i.exec(out)?.[1] ?? NaN);
      if (head >= 0 && (headOnly || Buffer.byteLength(out.slice(head + 4)) >= length)) s.end();
    });
    s.on('close', () => {
      const body = out.slice(out.indexOf('\r\n\r\n') + 4);
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        parsed = body;
      }
      resolve({ statusLine: out.split('\r\n')[0], body: parsed });
    });
    s.on('error', reject);
  });
}

const get = (path: string) => raw(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);

const status = (code: number, reason: string, message: string) => ({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, reason, message });

async function stillServing(): Promise<void> {
  const r = await fetch(`${server.url}/api/v1/namespaces/arc-osm-system/pods`);
  expect(r.status).toBe(200);
  expect((await r.json()).items).toHaveLength(3);
}

/** Streams `total` bytes of body until the server answers; returns its answer and how much was sent. */
function upload(total: number, chunked: boolean): Promise<{ status: number; body: any; sent: number }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', ...(chunked ? {} : { 'Content-Length': String(total) }) };
    const req = request({ host: '127.0.0.1', port: server.port, method: 'POST', path: '/api/v1/namespaces/arc-osm-system/configmaps', headers });
    let sent = 0;
    let answered = false;
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    req.on('response', (res) => {
      answered = true;
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body: JSON.parse(text), sent });
      });
    });
    req.on('error', (e) => (answered ? undefined : reject(e)));
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

describe('malformed request targets', () => {
  it.each(['//', '///', '//['])('GET %s answers 400 with a Status and the server goes on', async (path) => {
    const r = await get(path);
    expect(r.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(r.body).toEqual(status(400, 'BadRequest', `the request path ${JSON.stringify(path)} is not a valid absolute path`));
    await stillServing();
  });

  it('answers 400 for a percent escape that does not decode', async () => {
    const r = await get('/api/v1/namespaces/%E0%A4%A/pods');
    expect(r.body).toEqual(status(400, 'BadRequest', 'the request path "/api/v1/namespaces/%E0%A4%A/pods" holds an invalid percent-encoding'));
    await stillServing();
  });

  it('answers 414 for a URL over 32 KiB and 431 for a request line over 1 MiB', async () => {
    const long = await get(`/api/v1/pods?labelSelector=${'a'.repeat(40_000)}`);
    expect(long.statusLine).toBe('HTTP/1.1 414 URI Too Long');
    expect(long.body).toEqual(status(414, 'RequestURITooLong', 'the request URI is too long: limit is 32768 bytes'));
    const huge = await get(`/api/v1/pods?labelSelector=${'a'.repeat(1_200_000)}`);
    expect(huge.statusLine).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(huge.body).toEqual(status(431, 'RequestHeaderFieldsTooLarge', 'the request line and headers are too large: limit is 1048576 bytes'));
    await stillServing();
  });

  it('answers 400 to bytes that are not HTTP', async () => {
    const r = await raw('GARBAGE\r\n\r\n');
    expect(r.statusLine).toBe('HTTP/1.1 400 Bad Request');
    expect(r.body).toEqual(status(400, 'BadRequest', 'the request could not be parsed as HTTP: HPE_INVALID_METHOD'));
    await stillServing();
  });
});

describe('a seeded fuzz of request targets and bodies', () => {
  it('answers each of 300 mutated requests (never 5xx, a Status for every refusal) and goes on serving', async () => {
    const random = seededRandom(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    const bases = ['/api/v1/namespaces/arc-osm-system/pods', '/apis/apps/v1/deployments', '/api/v1/namespaces', '/apis/config.openservicemesh.io/v1alpha2', '/api', '/openapi/v3/apis/apps/v1'];
    const junk = ['/', '//', '%', '%zz', '%00', '[', ']', '?', '#', '..', '~', '\\', 'é', '%C0%AF', '?watch=1', '?limit=-1', '?continue=%%', '?labelSelector=a%20in%20(', '?fieldSelector=x%3D%3D'];
    const bodies = ['', '{', '[]', 'null', '{"metadata":{"name":"x"}}', '{"kind":"Pod","metadata":{"name":"UPPER"}}', '\u0000\u0001', '- a\n- b', '{"metadata":{"name":"y"},"spec":' + '['.repeat(20_000)];
    const statuses = new Set<number>();
    for (let i = 0; i < 300; i++) {
      const base = pick(bases);
      const cut = Math.floor(random() * base.length) + 1;
      const path = base.slice(0, cut) + pick(junk) + base.slice(cut);
      const method = pick(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
      const body = method === 'GET' || method === 'HEAD' ? '' : pick(bodies);
      const type = pick(['application/json', 'application/yaml', 'application/merge-patch+json', 'application/json-patch+json', 'text/plain']);
      const r = await raw(`${method} ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`, method === 'HEAD');
      const code = Number(r.statusLine.split(' ')[1]);
      statuses.add(code);
      expect(code, `${method} ${path}`).toBeLessThan(500);
      if (code >= 400 && r.body !== undefined && typeof r.body === 'object') expect(r.body.kind, `${method} ${path}`).toBe('Status');
    }
    expect(statuses.size).toBeGreaterThan(3);
    await stillServing();
  });
});

describe('request bodies', () => {
  it('refuses a 100,000-deep JSON object with 400 before decoding it', async () => {
    const depth = 100_000;
    const body = `{"metadata":{"name":"deep"},"data":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
    const r = await fetch(`${server.url}/api/v1/namespaces/arc-osm-system/configmaps`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    expect(r.status).toBe(400);
    expect(await r.json()).toEqual(status(400, 'BadRequest', 'the body of the request could not be decoded: exceeded max depth of 10000'));
    await stillServing();
  });

  it('answers 413 to a declared 600 MB body at once, reading none of it', async () => {
    const r = await upload(600 * 1024 * 1024, false);
    expect(r.status).toBe(413);
    expect(r.body).toEqual(status(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728'));
    expect(r.sent).toBeLessThan(64 * 1024 * 1024);
    await stillServing();
  });

  it('answers 413 to a chunked 600 MB body once 3 MiB have arrived', async () => {
    const r = await upload(600 * 1024 * 1024, true);
    expect(r.status).toBe(413);
    expect(r.body).toEqual(status(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728'));
    expect(r.sent).toBeLessThan(64 * 1024 * 1024);
    await stillServing();
  });

  it('still accepts a body just under the limit', async () => {
    const value = 'x'.repeat(3 * 1024 * 1024 - 200);
    const body = JSON.stringify({ metadata: { name: 'big' }, data: { v: value } });
    const r = await fetch(`${server.url}/api/v1/namespaces/arc-osm-system/configmaps?dryRun=All`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    expect(r.status).toBe(201);
  });
});

describe('request log', () => {
  it('streams every request to its file and keeps only the latest in memory', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'serve-log-')), 'requests.log');
    const s = await startGuideServer({ logRequests: file, keepRequests: 3 });
    try {
      for (let i = 0; i < 10; i++) await (await fetch(`${s.url}/api/v1/namespaces/arc-osm-system/pods?limit=${i + 1}`)).text();
      // Written as each request is answered, before the server closes.
      const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(lines.map((l) => l.query)).toEqual([...Array(10).keys()].map((i) => `limit=${i + 1}`));
      expect(s.requests.map((r) => r.query)).toEqual(['limit=8', 'limit=9', 'limit=10']);
    } finally {
      await s.close();
    }
  });
});

describe('listening beyond loopback', () => {
  it('warns for any address but loopback', () => {
    expect(exposureWarning(undefined)).toBeUndefined();
    for (const a of ['127.0.0.1', '127.0.0.53', '::1', '[::1]', 'localhost']) expect(exposureWarning(a)).toBeUndefined();
    expect(exposureWarning('0.0.0.0')).toBe(
      'arcdoctor: warning: --address 0.0.0.0 listens beyond loopback: anyone who can reach it can read the snapshot and write to it (the API has no authentication)',
    );
    expect(exposureWarning('::')).toMatch(/^arcdoctor: warning: --address :: listens beyond loopback/);
    expect(exposureWarning('10.1.2.3')).toMatch(/^arcdoctor: warning: --address 10.1.2.3 listens beyond loopback/);
  });

  it('says so on stderr before listening (an address this machine does not have, so nothing is exposed)', () => {
    const r = arcdoctor(['serve', '--snapshot', GUIDE_SNAPSHOT, '--address', '192.0.2.1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'arcdoctor: warning: --address 192.0.2.1 listens beyond loopback: anyone who can reach it can read the snapshot and write to it (the API has no authentication)\n' +
        'arcdoctor: --address/--port: cannot listen (EADDRNOTAVAIL)\n',
    );
  });
});
