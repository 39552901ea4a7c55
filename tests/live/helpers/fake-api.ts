// A small Kubernetes API stand-in for the live source's unit tests (lists, paging, selectors, logs, patches,
// faults). End-to-end tests use `arcdoctor serve`; this keeps the fast tests independent of it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../../../src/snapshot/objects.js';
import { allKnownTypes } from '../../../src/snapshot/resources.js';
import { matchesSelector } from '../../../src/snapshot/selectors.js';

export interface FakeApiOptions {
  objects: KubeObject[];
  logs?: Record<string, string>; // ns/pod/container[/previous] → text
  deny?: string[]; // plurals answered 403
  failFirst?: number; // the first N list requests answer 503 with Retry-After: 0
  status?: number; // every request answers this (e.g. 401)
  latencyMs?: number;
  version?: string;
}

export interface RequestRecord {
  method: string;
  path: string;
  query: Record<string, string>;
  accept?: string;
  status: number;
}

export interface FakeApi {
  url: string;
  requests: RequestRecord[];
  objects: KubeObject[];
  kubeconfig(contexts?: string[]): string;
  close(): Promise<void>;
}

const statusBody = (code: number, reason: string, message: string) => JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason, code });

export async function startFakeApi(opts: FakeApiOptions): Promise<FakeApi> {
  const requests: RequestRecord[] = [];
  const objects = opts.objects.map((o) => structuredClone(o));
  let failures = opts.failFirst ?? 0;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const send = (status: number, body: string, headers: Record<string, string> = {}) => {
        requests.push({ method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), accept: req.headers.accept, status });
        setTimeout(() => {
          res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
          res.end(body);
        }, opts.latencyMs ?? 0);
      };
      if (opts.status) return send(opts.status, statusBody(opts.status, 'Unauthorized', 'Unauthorized'));
      route(url, req.method ?? 'GET', Buffer.concat(chunks).toString('utf8'), send);
    });
  });
  const groups = () => {
    const served = new Map<string, Set<string>>();
    for (const o of objects) {
      const [g, v] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion];
      if (g) (served.get(g) ?? served.set(g, new Set()).get(g)!).add(v);
    }
    for (const t of allKnownTypes()) if (t.group && ['apps', 'admissionregistration.k8s.io', 'apiextensions.k8s.io'].includes(t.group)) (served.get(t.group) ?? served.set(t.group, new Set()).get(t.group)!).add(t.version);
    return served;
  };
  function route(url: URL, method: string, body: string, send: (s: number, b: string, h?: Record<string, string>) => void) {
    const p = url.pathname;
    if (p === '/version') return send(200, JSON.stringify({ major: '1', minor: '28', gitVersion: opts.version ?? 'v1.28.3' }));
    if (p === '/apis') return send(200, JSON.stringify({ kind: 'APIGroupList', groups: [...groups()].map(([name, vs]) => ({ name, versions: [...vs].map((version) => ({ groupVersion: `${name}/${version}`, version })) })) }));
    const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?(?:\/(log))?$/.exec(p);
    if (p.startsWith('/apis/constraints.gatekeeper.sh/') && p.split('/').length === 4) {
      const kinds = [...new Set(objects.filter((o) => o.apiVersion.startsWith('constraints.gatekeeper.sh/')).map((o) => o.kind))];
      return send(200, JSON.stringify({ kind: 'APIResourceList', resources: kinds.map((k) => ({ name: k.toLowerCase(), kind: k, namespaced: false, verbs: ['get', 'list'] })) }));
    }
    if (!m) return send(404, statusBody(404, 'NotFound', 'the server could not find the requested resource'));
    const apiVersion = m[1] ?? `${m[2]}/${m[3]}`;
    const [namespace, plural, name, sub] = [m[4], m[5], m[6], m[7]];
    if (opts.deny?.includes(plural)) return send(403, statusBody(403, 'Forbidden', `${plural} is forbidden: User "tester" cannot list resource "${plural}" in API group "${m[2] ?? ''}" at the cluster scope`));
    if (failures > 0 && !name) {
      failures--;
      return send(503, statusBody(503, 'ServiceUnavailable', 'try again'), { 'Retry-After': '0' });
    }
    const kind = kindOf(plural, objects);
    const ofType = objects.filter((o) => o.apiVersion === apiVersion && o.kind === kind);
    if (sub === 'log') {
      const key = `${namespace}/${name}/${url.searchParams.get('container')}${url.searchParams.get('previous') === 'true' ? '/previous' : ''}`;
      const text = opts.logs?.[key];
      if (text === undefined) return send(400, statusBody(400, 'BadRequest', 'previous terminated container not found'));
      const tail = Number(url.searchParams.get('tailLines') ?? 1e9);
      return send(200, text.split('\n').slice(-tail - 1).join('\n'), { 'Content-Type': 'text/plain' });
    }
    if (!kind || (ofType.length === 0 && !groups().get(m[2] ?? '')?.has(m[3] ?? '') && m[2])) return send(404, statusBody(404, 'NotFound', 'the server could not find the requested resource'));
    if (name) return single(ofType, namespace, name, plural, method, body, url, send);
    const selector = url.searchParams.get('labelSelector') ?? undefined;
    const all = ofType.filter((o) => (!namespace || o.metadata.namespace === namespace) && matchesSelector(o.metadata.labels, selector));
    const limit = Number(url.searchParams.get('limit') ?? all.length);
    const start = Number(url.searchParams.get('continue') ?? 0);
    const page = all.slice(start, start + limit).map((o) => (url.searchParams.size >= 0 ? stripTypeMeta(o, kind === 'Secret') : o));
    const next = start + limit < all.length ? String(start + limit) : undefined;
    send(200, JSON.stringify({ kind: `${kind}List`, apiVersion, metadata: { resourceVersion: '1', ...(next ? { continue: next } : {}) }, items: page }));
  }
  function single(ofType: KubeObject[], ns: string | undefined, name: string, plural: string, method: string, body: string, url: URL, send: (s: number, b: string) => void) {
    const i = objects.indexOf(ofType.find((o) => o.metadata.name === name && (o.metadata.namespace ?? undefined) === ns)!);
    if (i < 0) return send(404, statusBody(404, 'NotFound', `${plural} "${name}" not found`));
    if (method === 'GET') return send(200, JSON.stringify(objects[i]));
    const dryRun = url.searchParams.get('dryRun') === 'All';
    let next: KubeObject;
    if (method === 'PATCH' && Array.isArray(JSON.parse(body))) next = jsonPatch(structuredClone(objects[i]), JSON.parse(body));
    else if (method === 'PATCH') next = mergePatch(structuredClone(objects[i]), JSON.parse(body)) as KubeObject;
    else if (method === 'PUT') next = JSON.parse(body) as KubeObject;
    else return send(405, statusBody(405, 'MethodNotAllowed', 'method not allowed'));
    next.metadata.resourceVersion = String(Number(objects[i].metadata.resourceVersion ?? 1) + (dryRun ? 0 : 1));
    if (!dryRun) objects[i] = next;
    send(200, JSON.stringify(next));
  }
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    objects,
    kubeconfig(contexts = ['fake']) {
      const dir = mkdtempSync(join(tmpdir(), 'arcdoctor-kc-'));
      const file = join(dir, 'config');
      writeFileSync(file, kubeconfigText(url, contexts));
      return file;
    },
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

export function kubeconfigText(server: string, contexts: string[], serverFor: (ctx: string) => string = () => server): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    `current-context: ${contexts[0]}`,
    'clusters:',
    ...contexts.flatMap((c) => [`- name: ${c}`, '  cluster:', `    server: ${serverFor(c)}`, '    insecure-skip-tls-verify: true']),
    'users:',
    '- name: tester',
    '  user:',
    '    token: fake-token',
    'contexts:',
    ...contexts.flatMap((c) => [`- name: ${c}`, '  context:', `    cluster: ${c}`, '    user: tester']),
    '',
  ].join('\n');
}

function kindOf(plural: string, objects: KubeObject[]): string | undefined {
  return allKnownTypes().find((t) => t.plural === plural)?.kind ?? objects.find((o) => o.kind.toLowerCase() === plural)?.kind;
}

function stripTypeMeta(o: KubeObject, secret: boolean): unknown {
  const { apiVersion: _a, kind: _k, ...rest } = o;
  if (secret) return { metadata: rest.metadata };
  return rest;
}

function mergePatch(target: unknown, patch: unknown): unknown {
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out = (target && typeof target === 'object' && !Array.isArray(target) ? target : {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function jsonPatch(target: KubeObject, ops: Array<{ op: string; path: string; value?: unknown }>): KubeObject {
  for (const op of ops) {
    const keys = op.path.split('/').slice(1);
    const last = keys.pop()!;
    const parent = keys.reduce<Record<string, unknown>>((o, k) => o[k] as Record<string, unknown>, target as Record<string, unknown>);
    if (op.op === 'remove') delete parent[last];
    else parent[last] = op.value;
  }
  return target;
}
