// The ARM knowledge the AZ checks share (src/checks/azure/arm.ts), exactly: which cluster the data is about, how
// evidence names a resource, which failure explains a missing type, and the skip-or-error for missing data.
import { describe, expect, it } from 'vitest';
import {
  ARM_COMPLETE_GROUP, ARM_TYPES, azureFailureFor, azureObject, azureRef, clusterArgs, clusterFor, clusterIdentity, listedCompletely, lower, missingAzureData,
} from '../../../src/checks/azure/arm.js';
import type { AzureResource } from '../../../src/snapshot/objects.js';
import { Snapshot, type AzureReadFailure } from '../../../src/snapshot/snapshot.js';
import { azureFixture } from './azure-fixtures.js';

const ARC_ID = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/arc-rg/providers/Microsoft.Kubernetes/connectedClusters/arc-cluster-1';
const EXT_ID = `${ARC_ID}/providers/Microsoft.KubernetesConfiguration/extensions/flux`;
const snap = (azure: AzureResource[], azureFailures: AzureReadFailure[] = [], completeTypes: Array<{ group: string; kind: string }> = []) =>
  new Snapshot({ objects: [], azure, azureFailures, completeTypes });

describe('clusterIdentity', () => {
  it('from the cluster resource itself: its id, name and type', () => {
    expect(clusterIdentity(snap(azureFixture('cli/connectedcluster.json')))).toEqual({
      subscription: '00000000-0000-0000-0000-000000000001', resourceGroup: 'arc-rg', name: 'arc-cluster-1', clusterType: 'connectedClusters',
    });
  });

  it('a cluster resource without an id: its resourceGroup, name and type fields', () => {
    expect(clusterIdentity(snap([{ type: 'Microsoft.ContainerService/managedClusters', name: 'aks-1', resourceGroup: 'aks-rg' }]))).toEqual({
      subscription: undefined, resourceGroup: 'aks-rg', name: 'aks-1', clusterType: 'managedClusters',
    });
    expect(clusterIdentity(snap([{ type: 'Microsoft.HybridContainerService/provisionedClusters', name: '', resourceGroup: 7 }]))).toEqual({
      subscription: undefined, resourceGroup: undefined, name: undefined, clusterType: 'provisionedClusters',
    });
  });

  it('the id wins over the fields for the resource group; the name field wins for the name', () => {
    expect(clusterIdentity(snap([{ type: ARM_TYPES.connectedCluster, id: ARC_ID, name: 'display-name', resourceGroup: 'other-rg' }]))).toEqual({
      subscription: '00000000-0000-0000-0000-000000000001', resourceGroup: 'arc-rg', name: 'display-name', clusterType: 'connectedClusters',
    });
    expect(clusterIdentity(snap([{ type: ARM_TYPES.connectedCluster, id: ARC_ID }])).name).toBe('arc-cluster-1');
  });

  it('without the cluster resource: the first resource whose id names a cluster', () => {
    const resources = [{ type: ARM_TYPES.provider, id: '/subscriptions/s/providers/Microsoft.Kubernetes', name: 'Microsoft.Kubernetes' }, { type: ARM_TYPES.extension, id: EXT_ID, name: 'flux' }];
    expect(clusterIdentity(snap(resources))).toEqual({ subscription: '00000000-0000-0000-0000-000000000001', resourceGroup: 'arc-rg', clusterType: 'connectedClusters', name: 'arc-cluster-1' });
    expect(clusterIdentity(snap([resources[0]]))).toEqual({});
    expect(clusterIdentity(snap([]))).toEqual({});
  });
});

describe('naming resources', () => {
  it('azureRef: the type and the id, else the name, else (unnamed)', () => {
    expect(azureRef({ type: ARM_TYPES.extension, id: EXT_ID, name: 'flux' })).toBe(`Microsoft.KubernetesConfiguration/extensions ${EXT_ID}`);
    expect(azureRef({ type: ARM_TYPES.extension, name: 'flux' })).toBe('Microsoft.KubernetesConfiguration/extensions flux');
    expect(azureRef({ type: ARM_TYPES.extension })).toBe('Microsoft.KubernetesConfiguration/extensions (unnamed)');
  });

  it('azureObject: the last type segment as kind, the resource group as namespace', () => {
    expect(azureObject({ type: ARM_TYPES.extension, id: EXT_ID, name: 'flux' })).toEqual({ kind: 'extensions', namespace: 'arc-rg', name: 'flux' });
    expect(azureObject({ type: 'plain' })).toEqual({ kind: 'plain', namespace: undefined, name: '' });
    expect(azureObject({ type: ARM_TYPES.extension, name: 5 as never })).toEqual({ kind: 'extensions', namespace: undefined, name: '5' });
  });

  it('clusterArgs in the guide order, placeholders where unknown', () => {
    expect(clusterArgs({ resourceGroup: 'rg', name: 'c', clusterType: 'managedClusters' }, 'flux')).toBe('-g rg -c c -n flux -t managedClusters');
    expect(clusterArgs({ resourceGroup: 'rg', name: 'c', clusterType: 'connectedClusters' })).toBe('-g rg -c c -t connectedClusters');
    expect(clusterArgs({})).toBe('-g <RESOURCE_GROUP> -c <CLUSTER_NAME> -t <connectedClusters|managedClusters>');
    expect(clusterArgs({}, '')).toBe('-g <RESOURCE_GROUP> -c <CLUSTER_NAME> -n  -t <connectedClusters|managedClusters>');
  });

  it("clusterFor: the resource's own cluster, else the fallback", () => {
    const fallback = { resourceGroup: 'f', name: 'f' };
    expect(clusterFor({ type: ARM_TYPES.extension, id: EXT_ID }, fallback)).toEqual({ subscription: '00000000-0000-0000-0000-000000000001', resourceGroup: 'arc-rg', clusterType: 'connectedClusters', name: 'arc-cluster-1' });
    expect(clusterFor({ type: ARM_TYPES.extension }, fallback)).toBe(fallback);
  });

  it('lower: strings lower-cased, anything else empty', () => {
    expect(lower('Succeeded')).toBe('succeeded');
    expect(lower(undefined)).toBe('');
    expect(lower(3)).toBe('');
  });
});

describe('missing Azure data', () => {
  const extensions = ARM_TYPES.extension;
  const failure = (armType: string, reason: AzureReadFailure['reason'], message = `${armType} ${reason}`): AzureReadFailure => ({ armType, reason, message });

  it('azureFailureFor: the type (any case) first, then Azure as a whole', () => {
    const typed = failure('microsoft.kubernetesconfiguration/EXTENSIONS', 'forbidden');
    const whole = failure('*', 'no-credentials');
    expect(azureFailureFor(snap([], [whole, typed]), extensions)).toBe(typed);
    expect(azureFailureFor(snap([], [whole]), extensions)).toBe(whole);
    expect(azureFailureFor(snap([], [failure(ARM_TYPES.provider, 'forbidden')]), extensions)).toBeUndefined();
  });

  it('a refusal or outage is error, quoting Azure', () => {
    for (const reason of ['forbidden', 'unauthorized', 'throttled', 'unavailable', 'no-credentials'] as const) {
      expect(missingAzureData(snap([], [failure(extensions, reason, 'AuthorizationFailed: no access')]), extensions, 'az x')).toEqual({
        status: 'error', message: 'could not read Microsoft.KubernetesConfiguration/extensions from Azure: AuthorizationFailed: no access',
      });
    }
  });

  it('no target or not found is a skip with Azure\'s words; nothing at all is a skip saying how to get it', () => {
    expect(missingAzureData(snap([], [failure('*', 'no-target', 'no cluster given')]), extensions, 'az x')).toEqual({ status: 'skip', message: 'no cluster given' });
    expect(missingAzureData(snap([], [failure(extensions, 'not-found', 'ResourceNotFound')]), extensions, 'az x')).toEqual({ status: 'skip', message: 'ResourceNotFound' });
    expect(missingAzureData(snap([]), extensions, 'az k8s-extension list')).toEqual({ status: 'skip', message: 'no Microsoft.KubernetesConfiguration/extensions data (az k8s-extension list)' });
  });

  it('listedCompletely: only a type recorded under the ARM group', () => {
    expect(listedCompletely(snap([], [], [{ group: ARM_COMPLETE_GROUP, kind: extensions }]), extensions)).toBe(true);
    expect(listedCompletely(snap([], [], [{ group: '', kind: extensions }]), extensions)).toBe(false);
    expect(listedCompletely(snap([]), extensions)).toBe(false);
  });
});
