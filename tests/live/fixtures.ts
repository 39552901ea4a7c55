// Small clusters for the live source's tests, shaped like `kubectl get -o json` items.
import type { CheckDefinition, LogNeed, ReadNeed } from '../../src/checks/define.js';
import { pass } from '../../src/checks/define.js';
import type { KubeObject } from '../../src/snapshot/objects.js';

export function pod(ns: string, name: string, labels: Record<string, string>, containers: Array<{ name: string; restarts?: number; env?: Record<string, string> }>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns, labels, uid: `uid-${ns}-${name}`, managedFields: [{ manager: 'kubelet' }] },
    spec: { containers: containers.map((c) => ({ name: c.name, image: `mcr.microsoft.com/${c.name}:1.0`, env: Object.entries(c.env ?? {}).map(([n, value]) => ({ name: n, value })) })) },
    status: { phase: 'Running', containerStatuses: containers.map((c) => ({ name: c.name, ready: true, restartCount: c.restarts ?? 0 })) },
  };
}

export function deployment(ns: string, name: string, labels: Record<string, string> = { app: name }): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns, labels, resourceVersion: '10' },
    spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name, image: `mcr.microsoft.com/oss/${name}:v1.2.4`, env: [{ name: 'TOKEN', value: 'hunter2' }] }] } } },
    status: { replicas: 1, readyReplicas: 1, availableReplicas: 1, updatedReplicas: 1 },
  };
}

export function namespace(name: string, labels: Record<string, string> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels }, status: { phase: 'Active' } };
}

export const secret: KubeObject = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'osm-ca-bundle', namespace: 'arc-osm-system' },
  type: 'Opaque',
  data: { 'ca.crt': 'c2VjcmV0' },
};

export function fakeCheck(id: string, reads: ReadNeed[], extra: { logs?: LogNeed[]; readsGroups?: string[] } = {}): CheckDefinition {
  return { id, area: 'k8s', title: id, guide: '-', reads, fixable: false, ...extra, run: () => pass('ok') };
}

/** A cluster with OSM's control plane and `n` workload pods spread over `namespaces` namespaces. */
export function cluster(n = 10, namespaces = 2): KubeObject[] {
  const objs: KubeObject[] = [namespace('arc-osm-system'), deployment('arc-osm-system', 'osm-controller'), deployment('arc-osm-system', 'osm-injector'), secret];
  objs.push(pod('arc-osm-system', 'osm-controller-5d8f9c7b6-abcde', { app: 'osm-controller' }, [{ name: 'osm-controller', restarts: 2 }]));
  objs.push(pod('arc-osm-system', 'osm-injector-7c9b8d-fghij', { app: 'osm-injector' }, [{ name: 'osm-injector' }, { name: 'sidecar' }]));
  for (let ns = 0; ns < namespaces; ns++) {
    objs.push(namespace(`team-${ns}`));
    for (let i = 0; i < Math.ceil(n / namespaces); i++) objs.push(pod(`team-${ns}`, `web-${i}`, { app: 'web' }, [{ name: 'web', env: { PASSWORD: 'p' } }]));
  }
  return objs;
}
