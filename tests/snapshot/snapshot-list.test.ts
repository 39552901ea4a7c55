import { describe, expect, it } from 'vitest';
import { Snapshot } from '../../src/snapshot/snapshot.js';
import type { KubeObject } from '../../src/snapshot/objects.js';

const POD = { group: '', kind: 'Pod' };
const NODE = { group: '', kind: 'Node' };

function pod(namespace: string, name: string, labels?: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, ...(labels ? { labels } : {}) } } as KubeObject;
}

const objects: KubeObject[] = [
  pod('arc-osm-system', 'osm-controller-1', { app: 'osm-controller' }),
  pod('team-a', 'web-1', { app: 'web', tier: 'front' }),
  pod('arc-osm-system', 'osm-injector-1', { app: 'osm-injector' }),
  pod('team-a', 'web-2', { app: 'web' }),
  pod('team-b', 'web-3', { app: 'web', tier: 'front' }),
  { apiVersion: 'v1', kind: 'Node', metadata: { name: 'aks-nodepool1-0' } } as KubeObject,
];
const names = (objs: KubeObject[]) => objs.map((o) => o.metadata.name);

describe('Snapshot.list', () => {
  const snap = new Snapshot({ objects });

  it('keeps the snapshot order within a namespace, and every namespace without a filter', () => {
    expect(names(snap.list(POD, { namespace: 'arc-osm-system' }))).toEqual(['osm-controller-1', 'osm-injector-1']);
    expect(names(snap.list(POD, { namespace: 'team-a' }))).toEqual(['web-1', 'web-2']);
    expect(names(snap.list(POD))).toEqual(['osm-controller-1', 'web-1', 'osm-injector-1', 'web-2', 'web-3']);
  });

  it('finds nothing in a namespace that has no objects of the type, nor cluster-scoped objects under a namespace', () => {
    expect(snap.list(POD, { namespace: 'kube-system' })).toEqual([]);
    expect(snap.list(NODE, { namespace: '' })).toEqual([]);
    expect(names(snap.list(NODE))).toEqual(['aks-nodepool1-0']);
  });

  it('applies a string or object selector to every candidate, with and without a namespace', () => {
    expect(names(snap.list(POD, { selector: 'app=web,tier=front' }))).toEqual(['web-1', 'web-3']);
    expect(names(snap.list(POD, { namespace: 'team-a', selector: 'app=web,tier=front' }))).toEqual(['web-1']);
    expect(names(snap.list(POD, { namespace: 'team-a', selector: { matchLabels: { app: 'web' } } }))).toEqual(['web-1', 'web-2']);
    expect(names(snap.list(POD, { selector: '!tier' }))).toEqual(['osm-controller-1', 'osm-injector-1', 'web-2']);
  });

  it('returns a new array each time: a caller changing it changes neither the snapshot nor the index', () => {
    snap.list(POD, { namespace: 'team-a' }).pop();
    snap.list(POD).length = 0;
    expect(names(snap.list(POD, { namespace: 'team-a' }))).toEqual(['web-1', 'web-2']);
    expect(snap.list(POD)).toHaveLength(5);
  });
});
