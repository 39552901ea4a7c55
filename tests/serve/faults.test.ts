// Fault injection: --deny answers the API server's Forbidden, --fail-rate is seeded, --latency delays,
// --log-requests writes one JSON line per request.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { startGuideServer } from './serve-helpers.js';

async function statuses(url: string, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await fetch(`${url}/api/v1/namespaces/arc-osm-system/pods`)).status);
  return out;
}

describe('fault injection', () => {
  it('denies listed resources with the real Forbidden message, cluster-wide and per namespace', async () => {
    const server = await startGuideServer({ deny: ['pods', 'meshconfigs.config.openservicemesh.io'], user: 'system:serviceaccount:azure-arc:arcdoctor' });
    try {
      const all = await (await fetch(`${server.url}/api/v1/pods`)).json();
      expect(all).toMatchObject({ code: 403, reason: 'Forbidden' });
      expect(all.message).toBe('pods is forbidden: User "system:serviceaccount:azure-arc:arcdoctor" cannot list resource "pods" in API group "" at the cluster scope');
      const one = await (await fetch(`${server.url}/apis/config.openservicemesh.io/v1alpha1/namespaces/arc-osm-system/meshconfigs/osm-mesh-config`)).json();
      expect(one.message).toBe(
        'meshconfigs.config.openservicemesh.io "osm-mesh-config" is forbidden: User "system:serviceaccount:azure-arc:arcdoctor" cannot get resource "meshconfigs" in API group "config.openservicemesh.io" in the namespace "arc-osm-system"',
      );
      expect((await fetch(`${server.url}/api/v1/namespaces/arc-osm-system/services`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('fails the same requests for the same seed, with Retry-After, and never fails discovery', async () => {
    const a = await startGuideServer({ failRate: 0.5, seed: 42 });
    const b = await startGuideServer({ failRate: 0.5, seed: 42 });
    try {
      const sa = await statuses(a.url, 20);
      expect(sa).toEqual(await statuses(b.url, 20));
      expect(sa.filter((s) => s !== 200).length).toBeGreaterThan(3);
      expect(sa.every((s) => [200, 429, 500].includes(s))).toBe(true);
      let failed: Response | undefined;
      while (!failed) {
        const r = await fetch(`${a.url}/api/v1/namespaces/arc-osm-system/pods`);
        if (r.status !== 200) failed = r;
      }
      expect(failed.headers.get('retry-after')).toBe('1');
      for (let i = 0; i < 10; i++) expect((await fetch(`${a.url}/api/v1`)).status).toBe(200);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('delays every response by --latency', async () => {
    const server = await startGuideServer({ latencyMs: 150 });
    try {
      const t0 = Date.now();
      await fetch(`${server.url}/version`);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    } finally {
      await server.close();
    }
  });

  it('logs one JSON line per request, so tests can count what a client asked', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'serve-log-')), 'requests.jsonl');
    const server = await startGuideServer({ logRequests: file, deny: ['secrets'] });
    try {
      const kc = new KubeConfig();
      kc.loadFromString(server.kubeconfig);
      await kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace: 'arc-osm-system', labelSelector: 'app=osm-injector' });
      await kc.makeApiClient(CoreV1Api).listNamespacedSecret({ namespace: 'arc-osm-system' }).catch(() => undefined);
      const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatchObject({ method: 'GET', path: '/api/v1/namespaces/arc-osm-system/pods', query: 'labelSelector=app%3Dosm-injector', status: 200 });
      expect(lines[0].bytes).toBeGreaterThan(100);
      expect(typeof lines[0].ms).toBe('number');
      expect(lines[1].status).toBe(403);
      expect(server.requests).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it('listens on 127.0.0.1 only by default', async () => {
    const server = await startGuideServer();
    try {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
      expect(server.kubeconfig).toContain('insecure-skip-tls-verify: true');
    } finally {
      await server.close();
    }
  });
});
