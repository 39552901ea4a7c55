// The API over plain HTTP: discovery, selectors, pagination, tables, logs and the Status errors kubectl reads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/serve/index.js';
import { startGuideServer } from './serve-helpers.js';

let server: RunningServer;
beforeAll(async () => {
  server = await startGuideServer();
});
afterAll(async () => server?.close());

async function call(path: string, init: RequestInit = {}): Promise<{ status: number; body: any; text: string; type: string }> {
  const res = await fetch(server.url + path, init);
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, body, text, type: res.headers.get('content-type') ?? '' };
}

const NS = '/api/v1/namespaces/arc-osm-system';
const TABLE = { headers: { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' } };

describe('discovery', () => {
  it('answers /version from snapshot.yaml serverVersion', async () => {
    expect((await call('/version')).body).toMatchObject({ major: '1', minor: '29', gitVersion: 'v1.29.4' });
  });

  it('answers aggregated-discovery requests with legacy JSON so kubectl falls back', async () => {
    const r = await call('/apis', { headers: { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' } });
    expect(r.type).toBe('application/json');
    expect(r.body.kind).toBe('APIGroupList');
    const osm = r.body.groups.find((g: any) => g.name === 'config.openservicemesh.io');
    expect(osm.preferredVersion.version).toBe('v1alpha1');
  });

  it('lists pods/log and the CRD short names in their group versions', async () => {
    const core = (await call('/api/v1')).body.resources;
    expect(core.find((r: any) => r.name === 'pods')).toMatchObject({ namespaced: true, kind: 'Pod', shortNames: ['po'] });
    expect(core.find((r: any) => r.name === 'pods/log')).toMatchObject({ verbs: ['get'] });
    const split = (await call('/apis/split.smi-spec.io/v1alpha2')).body.resources;
    expect(split[0]).toMatchObject({ name: 'trafficsplits', kind: 'TrafficSplit', shortNames: ['ts'] });
    expect((await call('/apis/split.smi-spec.io/v1alpha1')).status).toBe(404);
  });
});

describe('reads', () => {
  it('selects with set-based label selectors', async () => {
    const sel = encodeURIComponent('app in (osm-controller,osm-injector),!nothing');
    const names = (await call(`${NS}/pods?labelSelector=${sel}`)).body.items.map((p: any) => p.metadata.name);
    expect(names).toEqual(['osm-controller-b5bd66db-wglzl', 'osm-controller-b5bd66db-wvl9w', 'osm-injector-5986c57765-vlsdk']);
    const notin = (await call(`/api/v1/pods?labelSelector=${encodeURIComponent('app notin (osm-controller),app')}`)).body.items;
    expect(notin.map((p: any) => p.metadata.name)).toEqual(['osm-injector-5986c57765-vlsdk']);
  });

  it('selects with field selectors and refuses unsupported fields with 400', async () => {
    const running = (await call(`${NS}/pods?fieldSelector=status.phase%3DRunning`)).body.items;
    expect(running).toHaveLength(2);
    const onNode = (await call(`/api/v1/pods?fieldSelector=spec.nodeName%3Daks-nodepool1-12345678-vmss000001`)).body.items;
    expect(onNode.map((p: any) => p.metadata.name)).toEqual(['osm-controller-b5bd66db-wvl9w']);
    const events = (await call(`/api/v1/events?fieldSelector=involvedObject.name%3Dosm-controller-b5bd66db-wglzl,involvedObject.kind%3DPod`)).body.items;
    expect(events.map((e: any) => e.reason)).toEqual(['Evicted']);
    const bad = await call(`${NS}/pods?fieldSelector=spec.foo%3Dx`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('field label not supported: spec.foo');
  });

  it('pages with limit and continue', async () => {
    const first = (await call('/api/v1/pods?limit=2')).body;
    expect(first.items).toHaveLength(2);
    expect(first.metadata.remainingItemCount).toBe(2);
    const second = (await call(`/api/v1/pods?limit=2&continue=${first.metadata.continue}`)).body;
    expect(second.items.map((p: any) => p.metadata.name)).toEqual(['osm-injector-5986c57765-vlsdk', 'ama-logs-rs-6d8c9f7b5d-x2k4q']);
    expect(second.metadata.continue).toBeUndefined();
    expect((await call('/api/v1/pods?limit=2&continue=garbage')).status).toBe(400);
  });

  it('prints a pod table with wide columns at priority 1 and a CrashLoopBackOff row', async () => {
    const t = (await call('/api/v1/namespaces/kube-system/pods', TABLE)).body;
    expect(t.kind).toBe('Table');
    expect(t.columnDefinitions.filter((c: any) => c.priority === 0).map((c: any) => c.name)).toEqual(['Name', 'Ready', 'Status', 'Restarts', 'Age']);
    expect(t.rows[0].cells.slice(0, 4)).toEqual(['ama-logs-rs-6d8c9f7b5d-x2k4q', '1/2', 'CrashLoopBackOff', '7 (10m ago)']);
    expect(t.rows[0].object.kind).toBe('PartialObjectMetadata');
  });

  it('serves a MeshConfig at another served version of its kind as the conversion "None" would', async () => {
    const r = await call('/apis/config.openservicemesh.io/v1alpha1/namespaces/arc-osm-system/meshconfigs/osm-mesh-config');
    expect(r.body.apiVersion).toBe('config.openservicemesh.io/v1alpha1');
  });
});

describe('pod logs', () => {
  it('picks the only container and honours tailLines', async () => {
    const r = await call(`${NS}/pods/osm-injector-5986c57765-vlsdk/log?tailLines=1`);
    expect(r.type).toBe('text/plain');
    expect(r.text.trim().split('\n')).toHaveLength(1);
  });

  it('answers 400 with the API server\'s message for a multi-container pod without a container', async () => {
    const r = await call('/api/v1/namespaces/kube-system/pods/ama-logs-rs-6d8c9f7b5d-x2k4q/log');
    expect(r.status).toBe(400);
    expect(r.body.message).toBe('a container name must be specified for pod ama-logs-rs-6d8c9f7b5d-x2k4q, choose one of: [ama-logs addon-token-adapter]');
  });

  it('serves the previous instance and says when there is none', async () => {
    expect((await call('/api/v1/namespaces/kube-system/pods/ama-logs-rs-6d8c9f7b5d-x2k4q/log?container=addon-token-adapter&previous=true')).text).toContain('iptables');
    const none = await call(`${NS}/pods/osm-injector-5986c57765-vlsdk/log?previous=true`);
    expect(none.status).toBe(400);
    expect(none.body.message).toBe('previous terminated container "osm-injector" in pod "osm-injector-5986c57765-vlsdk" not found');
  });
});

describe('writes and errors', () => {
  const cm = (name: string, extra: object = {}) => JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...extra }, data: { a: 'b' } });
  const post = (path: string, body: string) => call(path, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });

  it('creates, then answers 409 AlreadyExists', async () => {
    expect((await post(`${NS}/configmaps`, cm('one'))).status).toBe(201);
    const again = await post(`${NS}/configmaps`, cm('one'));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ reason: 'AlreadyExists', message: 'configmaps "one" already exists' });
  });

  it('answers 409 Conflict for a stale resourceVersion on replace', async () => {
    const created = (await post(`${NS}/configmaps`, cm('two'))).body;
    const put = (rv: string) => call(`${NS}/configmaps/two`, { method: 'PUT', body: cm('two', { resourceVersion: rv }), headers: { 'Content-Type': 'application/json' } });
    expect((await put(created.metadata.resourceVersion)).status).toBe(200);
    const stale = await put(created.metadata.resourceVersion);
    expect(stale.status).toBe(409);
    expect(stale.body.message).toContain('the object has been modified; please apply your changes to the latest version and try again');
  });

  it('answers 422 for an invalid name and 404 for a missing namespace', async () => {
    const bad = await post(`${NS}/configmaps`, cm('Bad_Name'));
    expect(bad.status).toBe(422);
    expect(bad.body.message).toMatch(/^ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
    const nons = await post('/api/v1/namespaces/nowhere/configmaps', cm('x'));
    expect(nons.status).toBe(404);
    expect(nons.body.message).toBe('namespaces "nowhere" not found');
  });

  it('refuses a strategic merge patch on a custom resource with 415, as CRDs do', async () => {
    const r = await call('/apis/config.openservicemesh.io/v1alpha1/namespaces/arc-osm-system/meshconfigs/osm-mesh-config', {
      method: 'PATCH',
      body: '{"spec":{}}',
      headers: { 'Content-Type': 'application/strategic-merge-patch+json' },
    });
    expect(r.status).toBe(415);
  });

  it('merges containers by name in a strategic merge patch', async () => {
    const path = '/apis/apps/v1/namespaces/arc-osm-system/deployments/osm-injector';
    const patch = { spec: { template: { spec: { containers: [{ name: 'osm-injector', image: 'example/injector:v2' }] } } } };
    const r = await call(path, { method: 'PATCH', body: JSON.stringify(patch), headers: { 'Content-Type': 'application/strategic-merge-patch+json' } });
    expect(r.status).toBe(200);
    expect(r.body.spec.template.spec.containers).toHaveLength(1);
    expect(r.body.spec.template.spec.containers[0]).toMatchObject({ name: 'osm-injector', image: 'example/injector:v2', command: ['/osm-injector'] });
    expect(r.body.metadata.generation).toBe(2);
  });

  it('answers 405 for a method a resource does not take and 404 for unknown resources', async () => {
    expect((await call(`${NS}/pods/osm-injector-5986c57765-vlsdk/log`, { method: 'DELETE' })).status).toBe(405);
    const unknown = await call(`${NS}/widgets`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.kind).toBe('Status');
  });

  it('ends a watch after the changes since the given resourceVersion', async () => {
    const rv = (await call(`${NS}/configmaps`)).body.metadata.resourceVersion;
    await post(`${NS}/configmaps`, cm('watched'));
    const w = await call(`${NS}/configmaps?watch=true&resourceVersion=${rv}`);
    const events = w.text.trim().split('\n').map((l) => JSON.parse(l));
    expect(events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(['ADDED watched']);
  });
});
