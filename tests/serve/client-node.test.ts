// The same reads through @kubernetes/client-node 1.4.0: typed APIs, CustomObjectsApi, KubernetesObjectApi, Log.
import { AppsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig, KubernetesObjectApi, Log } from '@kubernetes/client-node';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/serve/index.js';
import { startGuideServer } from './serve-helpers.js';

let server: RunningServer;
let kc: KubeConfig;
beforeAll(async () => {
  server = await startGuideServer();
  kc = new KubeConfig();
  kc.loadFromString(server.kubeconfig);
});
afterAll(async () => server?.close());

describe('client-node against arcdoctor serve', () => {
  it('lists pods by label with CoreV1Api', async () => {
    const pods = await kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace: 'arc-osm-system', labelSelector: 'app=osm-controller' });
    expect(pods.items.map((p) => p.metadata?.name)).toEqual(['osm-controller-b5bd66db-wglzl', 'osm-controller-b5bd66db-wvl9w']);
    expect(pods.metadata?.resourceVersion).toMatch(/^\d+$/);
  });

  it('reads a deployment with AppsV1Api', async () => {
    const d = await kc.makeApiClient(AppsV1Api).readNamespacedDeployment({ name: 'osm-controller', namespace: 'arc-osm-system' });
    expect(d.status?.readyReplicas).toBe(1);
    expect(d.spec?.template.spec?.containers[0].name).toBe('osm-controller');
  });

  it('reads the MeshConfig with CustomObjectsApi at the version the snapshot holds', async () => {
    const mc = (await kc.makeApiClient(CustomObjectsApi).getNamespacedCustomObject({
      group: 'config.openservicemesh.io',
      version: 'v1alpha1',
      namespace: 'arc-osm-system',
      plural: 'meshconfigs',
      name: 'osm-mesh-config',
    })) as { spec: { traffic: { enablePermissiveTrafficPolicyMode: boolean } } };
    expect(mc.spec.traffic.enablePermissiveTrafficPolicyMode).toBe(true);
  });

  it('answers 404 with the API server\'s wording for a missing custom object', async () => {
    const err = await kc
      .makeApiClient(CustomObjectsApi)
      .getNamespacedCustomObject({ group: 'config.openservicemesh.io', version: 'v1alpha1', namespace: 'arc-osm-system', plural: 'meshconfigs', name: 'x' })
      .catch((e: { code?: number; body?: string }) => e);
    expect((err as { code?: number }).code).toBe(404);
    expect(JSON.parse((err as { body: string }).body).message).toBe('meshconfigs.config.openservicemesh.io "x" not found');
  });

  it('reads objects generically with KubernetesObjectApi (discovery resolves the plural)', async () => {
    const api = KubernetesObjectApi.makeApiClient(kc);
    const wh = await api.read({ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: 'osm-validator-mesh-osm' } });
    expect((wh as unknown as { webhooks: unknown[] }).webhooks).toHaveLength(1);
    const list = await api.list('v1', 'Service', 'arc-osm-system');
    expect(list.items.map((s) => s.metadata?.name)).toEqual(['osm-controller', 'osm-injector']);
  });

  it('streams a container log with tailLines through Log', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const done = new Promise((resolve) => out.on('end', resolve));
    await new Log(kc).log('arc-osm-system', 'osm-controller-b5bd66db-wvl9w', 'osm-controller', out, { tailLines: 2 });
    await done;
    const lines = Buffer.concat(chunks).toString('utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('osm-controller is ready');
  });

  it('serves Secrets without their data', async () => {
    const s = await kc.makeApiClient(CoreV1Api).readNamespacedSecret({ name: 'osm-ca-bundle', namespace: 'arc-osm-system' });
    expect(s.data).toBeUndefined();
    expect(s.type).toBe('Opaque');
  });
});
