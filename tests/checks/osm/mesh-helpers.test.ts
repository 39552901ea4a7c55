// The small shared pieces of the mesh checks, exactly: restart patches, leaving the mesh, the extension's commands.
import { describe, expect, it } from 'vitest';
import { restoreControlPlaneCommands, extensionCoordinates } from '../../../src/checks/osm/extension-commands.js';
import { leaveMeshFixes } from '../../../src/checks/osm/leave-mesh.js';
import { meshChecks } from '../../../src/checks/osm/mesh-checks.js';
import { RESTARTABLE, RESTARTED_AT, restartAction, rfc3339 } from '../../../src/checks/osm/restart.js';
import type { OsmInstall } from '../../../src/checks/osm/install.js';
import { NOW } from '../../helpers/check-harness.js';

const RESTART_PATCH = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-26T12:00:00Z' } } } } };

describe('restart.ts', () => {
  it('builds the strategic patch kubectl rollout restart sends, stamped with the run clock', () => {
    expect(restartAction('StatefulSet', 'db', 'pg', NOW, 'so it restarts')).toEqual({
      title: 'Restart StatefulSet db/pg so it restarts',
      target: { apiVersion: 'apps/v1', kind: 'StatefulSet', namespace: 'db', name: 'pg' },
      patchType: 'strategic',
      patch: RESTART_PATCH,
      notUndoable: 'a restart cannot be undone (the old pods are gone); --undo leaves it as it is',
      waitFor: 'the rollout of StatefulSet db/pg (kubectl rollout status statefulset pg -n db, or fix --wait)',
    });
    expect(RESTARTABLE).toEqual({ Deployment: 'apps/v1', StatefulSet: 'apps/v1', DaemonSet: 'apps/v1' });
    expect(RESTARTED_AT).toBe('kubectl.kubernetes.io/restartedAt');
    expect(restartAction('Rollout', 'a', 'b', NOW, 'x')).toMatchObject({ target: { apiVersion: 'apps/v1' } });
  });

  it('writes RFC 3339 in whole seconds, as kubectl does', () => {
    expect([rfc3339(new Date('2026-11-26T12:00:00.000Z')), rfc3339(new Date('2026-11-26T12:00:00.999Z'))]).toEqual(['2026-11-26T12:00:00Z', '2026-11-26T12:00:00Z']);
  });
});

describe('leave-mesh.ts', () => {
  const ns = (labels?: Record<string, string>, annotations?: Record<string, string>) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'arc-osm-system', labels, annotations } });
  const restart = {
    title: 'Restart Deployment arc-osm-system/osm-controller so its pods are re-created without the Envoy sidecar',
    target: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'arc-osm-system', name: 'osm-controller' },
    patchType: 'strategic',
    patch: RESTART_PATCH,
    notUndoable: 'a restart cannot be undone (the old pods are gone); --undo leaves it as it is',
    waitFor: 'the rollout of Deployment arc-osm-system/osm-controller (kubectl rollout status deployment osm-controller -n arc-osm-system, or fix --wait)',
  };
  const remove = (metadata: unknown) => ({ title: 'Remove the mesh label/annotation from namespace arc-osm-system', target: { apiVersion: 'v1', kind: 'Namespace', name: 'arc-osm-system' }, patchType: 'merge', patch: { metadata } });

  it.each([
    ['the label', ns({ 'openservicemesh.io/monitored-by': 'osm' }), { labels: { 'openservicemesh.io/monitored-by': null } }],
    ['the enabling annotation', ns({}, { 'openservicemesh.io/sidecar-injection': 'enabled' }), { annotations: { 'openservicemesh.io/sidecar-injection': null } }],
    ['both', ns({ 'openservicemesh.io/monitored-by': 'other' }, { 'openservicemesh.io/sidecar-injection': 'yes' }), { labels: { 'openservicemesh.io/monitored-by': null }, annotations: { 'openservicemesh.io/sidecar-injection': null } }],
  ])('removes %s, then restarts osm-controller', (_n, n, metadata) => {
    expect(leaveMeshFixes(n, NOW)).toEqual([remove(metadata), restart]);
  });

  it('does nothing for a namespace with neither, or only a disabling annotation', () => {
    expect(leaveMeshFixes(ns(), NOW)).toEqual([]);
    expect(leaveMeshFixes(ns({ other: 'x' }, { 'openservicemesh.io/sidecar-injection': 'disabled' }), NOW)).toEqual([]);
  });
});

describe('extension-commands.ts', () => {
  const install = (extension?: Partial<OsmInstall['extension']>): OsmInstall => ({ present: true, namespace: 'arc-osm-system', meshName: 'osm', extension: extension as OsmInstall['extension'] });
  const T = 'Microsoft.KubernetesConfiguration/extensions';
  const ID = '/subscriptions/0000/resourceGroups/rg-arc/providers/Microsoft.Kubernetes/connectedClusters/edge-01/providers/Microsoft.KubernetesConfiguration/extensions/osm-ext';

  it('reads the coordinates from the extension\'s ARM id, connected or managed', () => {
    expect(extensionCoordinates(install({ name: 'osm-ext', resource: { id: ID, type: T } }))).toEqual({ resourceGroup: 'rg-arc', clusterType: 'connectedClusters', clusterName: 'edge-01', extensionName: 'osm-ext' });
    const aks = ID.replace('Microsoft.Kubernetes/connectedClusters', 'Microsoft.ContainerService/managedClusters');
    expect(extensionCoordinates(install({ resource: { id: aks.toLowerCase(), type: T } }))).toEqual({ resourceGroup: 'rg-arc', clusterType: 'managedclusters', clusterName: 'edge-01', extensionName: 'osm-ext' });
  });

  it('uses explained placeholders without an id, the extension name if known, else osm', () => {
    expect(extensionCoordinates(install())).toEqual({ resourceGroup: '<resource-group>', clusterName: '<cluster-name>', clusterType: 'connectedClusters', extensionName: 'osm' });
    expect(extensionCoordinates(install({ name: 'my-osm', resource: { id: '/subscriptions/0000/resourceGroups/rg', type: T } })).extensionName).toBe('my-osm');
    expect(extensionCoordinates(install({ name: '' })).extensionName).toBe('osm');
  });

  it('restores from the Helm release, then shows, deletes and re-creates the extension', () => {
    const az = '--resource-group rg-arc --cluster-name edge-01 --cluster-type connectedClusters';
    expect(restoreControlPlaneCommands(install({ name: 'osm-ext', resource: { id: ID, type: T } }))).toEqual([
      'helm get manifest osm-ext -n arc-osm-system | kubectl apply -n arc-osm-system -f -',
      `az k8s-extension show ${az} --name osm-ext`,
      `az k8s-extension delete ${az} --name osm-ext --yes`,
      `az k8s-extension create ${az} --name osm-ext --extension-type Microsoft.openservicemesh --scope cluster`,
    ]);
  });

  it('keeps a pinned version pinned, and only a pinned one', () => {
    const last = (ext: Partial<OsmInstall['extension']>) => restoreControlPlaneCommands(install({ name: 'osm', resource: { id: ID, type: T }, ...ext })).at(-1)!;
    expect(last({ version: '1.2.6', autoUpgradeMinorVersion: false })).toMatch(/--scope cluster --version 1\.2\.6 --auto-upgrade-minor-version false$/);
    expect(last({ version: '1.2.6', autoUpgradeMinorVersion: true })).toMatch(/--scope cluster$/);
    expect(last({ version: '1.2.6' })).toMatch(/--scope cluster$/);
    expect(last({ autoUpgradeMinorVersion: false })).toMatch(/--scope cluster$/);
  });
});

describe('mesh-checks.ts', () => {
  it('lists OSM009–OSM016 in catalog order', () => {
    expect(meshChecks.map((c) => c.id)).toEqual(['OSM009', 'OSM010', 'OSM011', 'OSM012', 'OSM013', 'OSM014', 'OSM015', 'OSM016']);
  });
});
