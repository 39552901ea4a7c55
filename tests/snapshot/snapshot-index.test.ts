// Snapshot's indexes: types interleaved in any order, versions of one group merged, `get` by namespace and name.
import { describe, expect, it } from 'vitest';
import { Snapshot } from '../../src/snapshot/snapshot.js';
import type { KubeObject } from '../../src/snapshot/objects.js';

const obj = (apiVersion: string, kind: string, name: string, namespace?: string, mark?: string): KubeObject =>
  ({ apiVersion, kind, metadata: { name, ...(namespace === undefined ? {} : { namespace }), ...(mark ? { labels: { mark } } : {}) } }) as KubeObject;

const objects = [
  obj('apps/v1', 'Deployment', 'osm-controller', 'arc-osm-system'),
  obj('v1', 'Pod', 'osm-controller-1', 'arc-osm-system'),
  obj('apps/v1', 'Deployment', 'osm-injector', 'arc-osm-system'),
  obj('kustomize.toolkit.fluxcd.io/v1', 'Kustomization', 'apps', 'flux-system'),
  obj('kustomize.toolkit.fluxcd.io/v1beta2', 'Kustomization', 'infra', 'flux-system'),
  obj('v1', 'Namespace', 'arc-osm-system'),
  obj('v1', 'Pod', 'osm-controller-1', 'arc-osm-system', 'second'),
  obj('v1', 'Pod', 'osm-controller-1', 'other'),
];
const names = (os: KubeObject[]) => os.map((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`);

describe('Snapshot indexes', () => {
  const snap = new Snapshot({ objects });

  it('lists each type in snapshot order, whatever came between, and merges the versions of a group', () => {
    expect(names(snap.list({ group: 'apps', kind: 'Deployment' }))).toEqual(['arc-osm-system/osm-controller', 'arc-osm-system/osm-injector']);
    expect(names(snap.list({ group: '', kind: 'Pod' }))).toEqual(['arc-osm-system/osm-controller-1', 'arc-osm-system/osm-controller-1', 'other/osm-controller-1']);
    expect(names(snap.list({ group: 'kustomize.toolkit.fluxcd.io', kind: 'Kustomization' }))).toEqual(['flux-system/apps', 'flux-system/infra']);
    expect(names(snap.list({ group: '', kind: 'Namespace' }))).toEqual(['/arc-osm-system']);
    expect(snap.list({ group: 'apps', kind: 'Pod' })).toEqual([]);
  });

  it('gets one object by type, namespace and name; a later duplicate wins; cluster-scoped objects have no namespace', () => {
    expect(snap.get({ group: '', kind: 'Pod' }, 'arc-osm-system', 'osm-controller-1')?.metadata.labels).toEqual({ mark: 'second' });
    expect(snap.get({ group: '', kind: 'Pod' }, 'other', 'osm-controller-1')?.metadata.namespace).toBe('other');
    expect(snap.get({ group: '', kind: 'Pod' }, 'flux-system', 'osm-controller-1')).toBeUndefined();
    expect(snap.get({ group: 'apps', kind: 'Deployment' }, 'arc-osm-system', 'osm-injector')?.metadata.name).toBe('osm-injector');
    expect(snap.get({ group: 'kustomize.toolkit.fluxcd.io', kind: 'Kustomization' }, 'flux-system', 'infra')?.apiVersion).toBe('kustomize.toolkit.fluxcd.io/v1beta2');
    expect(snap.get({ group: '', kind: 'Namespace' }, undefined, 'arc-osm-system')?.kind).toBe('Namespace');
    expect(snap.get({ group: '', kind: 'Namespace' }, 'arc-osm-system', 'arc-osm-system')).toBeUndefined();
    expect(snap.get({ group: 'apps', kind: 'Deployment' }, 'arc-osm-system', 'osm-controller-1')).toBeUndefined();
    expect(snap.get({ group: 'apps', kind: 'StatefulSet' }, 'arc-osm-system', 'osm-controller')).toBeUndefined();
  });

  it('a snapshot sharing the objects (Azure parts added) answers the same, including gets made before and after', () => {
    const before = snap.get({ group: 'apps', kind: 'Deployment' }, 'arc-osm-system', 'osm-controller');
    const more = snap.with({ azure: [] });
    expect(more.get({ group: 'apps', kind: 'Deployment' }, 'arc-osm-system', 'osm-controller')).toBe(before);
    expect(more.get({ group: '', kind: 'Namespace' }, undefined, 'arc-osm-system')).toBe(snap.get({ group: '', kind: 'Namespace' }, undefined, 'arc-osm-system'));
    const added = snap.with({ objects: [obj('apps/v1', 'Deployment', 'osm-bootstrap', 'arc-osm-system')] });
    expect(names(added.list({ group: 'apps', kind: 'Deployment' }))).toEqual(['arc-osm-system/osm-controller', 'arc-osm-system/osm-injector', 'arc-osm-system/osm-bootstrap']);
    expect(added.get({ group: 'apps', kind: 'Deployment' }, 'arc-osm-system', 'osm-bootstrap')?.metadata.name).toBe('osm-bootstrap');
    expect(snap.get({ group: 'apps', kind: 'Deployment' }, 'arc-osm-system', 'osm-bootstrap')).toBeUndefined();
  });
});
