// Cases aimed at the survivors of the 17:13 Stryker run on FLUX005 and extensions.ts: spec-less registry sources
// (OCIRepository, HelmRepository) and an Azure extension without a type looked up with an empty type.
import { describe, expect, it } from 'vitest';
import FLUX005 from '../../../src/checks/flux/FLUX005-kubelet-identity.js';
import { EXTENSION_ARM_TYPE, findExtensions } from '../../../src/checks/shared/extensions.js';
import { runOne, snapshotOf, type AzureResource, type KubeObject } from '../../helpers/check-harness.js';
import { healthy, snap } from './fixtures.js';

const CLUSTER_ID = '/subscriptions/0/resourceGroups/rg-gitops/providers/Microsoft.ContainerService/managedClusters/aks-gitops';
const KUBELET = { clientId: '5e8f0a1b', resourceId: '/subscriptions/0/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/k' };
const cluster: AzureResource = { id: CLUSTER_ID, name: 'aks-gitops', type: 'Microsoft.ContainerService/managedClusters', identityProfile: { kubeletidentity: KUBELET } };
const ext: AzureResource = { id: `${CLUSTER_ID}/providers/Microsoft.KubernetesConfiguration/extensions/flux`, name: 'flux', type: EXTENSION_ARM_TYPE, extensionType: 'microsoft.flux', configurationSettings: {} };
const noExtConfig = () => healthy().filter((o) => o.kind !== 'ExtensionConfig');

describe('FLUX005 registry sources without a spec', () => {
  it.each(['OCIRepository', 'HelmRepository'])('a %s without spec is no ACR source (and no crash)', (kind) => {
    const bare = { apiVersion: 'source.toolkit.fluxcd.io/v1', kind, metadata: { name: 'bare', namespace: 'flux-system' } } as KubeObject;
    expect(runOne(FLUX005, snap([...noExtConfig(), bare], { azure: [cluster, ext] }))).toMatchObject({
      status: 'pass',
      message: 'no Flux source pulls from Azure Container Registry (*.azurecr.io, .cn, .us or provider: azure)',
    });
  });
});

describe('findExtensions with an empty wanted type', () => {
  it('an Azure extension without extensionType is of the empty type; one with a type is not', () => {
    const untyped: AzureResource = { type: EXTENSION_ARM_TYPE, name: 'mystery' };
    const found = findExtensions(snapshotOf([], { azure: [untyped, ext] }), '');
    expect(found.map((e) => [e.name, e.extensionType, e.source])).toEqual([['mystery', 'undefined', 'azure']]);
  });
});
