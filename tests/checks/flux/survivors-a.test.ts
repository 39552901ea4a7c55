// Cases aimed at the survivors of the first Stryker run on FLUX005, FLUX007, install.ts and pod-identity.ts: odd
// objects hand-made snapshots hold (no spec, null conditions, no namespace), and the sides of each split left free.
import { describe, expect, it } from 'vitest';
import FLUX005 from '../../../src/checks/flux/FLUX005-kubelet-identity.js';
import FLUX007 from '../../../src/checks/flux/FLUX007-flux-v1.js';
import { expectedControllers, fluxInstall } from '../../../src/checks/flux/install.js';
import { agentPods, podIdentityTraces, tokenErrors } from '../../../src/checks/flux/pod-identity.js';
import { runOne, snapshotOf, type AzureResource, type KubeObject } from '../../helpers/check-harness.js';
import { healthy, snap, without } from './fixtures.js';

const SUB = '/subscriptions/0';
const CLUSTER_ID = `${SUB}/resourceGroups/rg-gitops/providers/Microsoft.ContainerService/managedClusters/aks-gitops`;
const KUBELET = { clientId: '5e8f0a1b', resourceId: `${SUB}/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/k` };
const cluster = (extra: Record<string, unknown>): AzureResource => ({ id: CLUSTER_ID, name: 'aks-gitops', type: 'Microsoft.ContainerService/managedClusters', ...extra });
const ext: AzureResource = { id: `${CLUSTER_ID}/providers/Microsoft.KubernetesConfiguration/extensions/flux`, name: 'flux', type: 'Microsoft.KubernetesConfiguration/extensions', extensionType: 'microsoft.flux', configurationSettings: {} };
const noExtConfig = () => healthy().filter((o) => o.kind !== 'ExtensionConfig');
const oci = (status?: unknown): KubeObject => ({ apiVersion: 'source.toolkit.fluxcd.io/v1beta2', kind: 'OCIRepository', metadata: { name: 'app', namespace: 'flux-system' }, spec: { url: 'oci://contosoacr.azurecr.io/app', provider: 'azure' }, ...(status ? { status } : {}) });

describe('FLUX005 odd inputs', () => {
  it('a source without spec is no ACR source (and no crash)', () => {
    const bare = { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', metadata: { name: 'bare', namespace: 'flux-system' } } as KubeObject;
    expect(runOne(FLUX005, snap([...noExtConfig(), bare], { azure: [cluster({ identityProfile: { kubeletidentity: KUBELET } }), ext] }))).toMatchObject({ status: 'pass', message: 'no Flux source pulls from Azure Container Registry (*.azurecr.io, .cn, .us or provider: azure)' });
  });

  it('properties without identityProfile, and a cluster without a name: no kubelet identity', () => {
    expect(runOne(FLUX005, snap([...noExtConfig(), oci()], { azure: [cluster({ properties: {} }), ext] })).message).toBe('AKS cluster aks-gitops has no user-assigned kubelet identity');
    expect(runOne(FLUX005, snap([...noExtConfig(), oci()], { azure: [{ type: 'Microsoft.ContainerService/managedClusters' }, ext] })).message).toBe('AKS cluster  has no user-assigned kubelet identity');
  });

  it('null conditions are skipped; a Ready=False without a message is a warning with an empty message in the evidence', () => {
    const r = runOne(FLUX005, snap([...noExtConfig(), oci({ conditions: [null, { type: 'Ready', status: 'False', reason: 'Progressing' }] })], { azure: [cluster({ identityProfile: { kubeletidentity: KUBELET } }), ext] }));
    expect(r.status).toBe('warn');
    expect(r.evidence?.[1]).toEqual({ ref: 'source.toolkit.fluxcd.io/v1beta2/OCIRepository flux-system/app', path: 'status.conditions[Ready]', observed: 'False: ', expected: 'True' });
  });
});

describe('expectedControllers: a controller not disabled is expected even when missing', () => {
  it('microsoft.flux without its notification-controller Deployment still expects it', () => {
    const objs = without(healthy(), 'Deployment', 'notification-controller');
    const s = snapshotOf(objs);
    expect(expectedControllers(s, fluxInstall(s)).map((c) => c.name)).toContain('notification-controller');
  });
});

describe('pod-identity odd inputs and mixed containers', () => {
  const two = (kind: string, image: string): KubeObject => ({ apiVersion: 'apps/v1', kind, metadata: { name: 'aad-pod-identity', namespace: 'pi' }, spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'busybox:1.36' }, { name: 'main', image }] } } } });
  it('NMI or MIC as one of two containers is still found', () => {
    expect(podIdentityTraces(snapshotOf([two('DaemonSet', 'mcr.microsoft.com/oss/azure/aad-pod-identity/nmi:v1.8.17'), two('Deployment', 'mcr.microsoft.com/oss/azure/aad-pod-identity/mic:v1.8.17')])).map((t) => t.what)).toEqual(['NMI DaemonSet', 'MIC Deployment']);
  });

  it('a pod without spec in kube-system is no agent (and no crash)', () => {
    const bare = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bare', namespace: 'kube-system', labels: { app: 'other' } } } as KubeObject;
    expect(agentPods(snapshotOf([bare]), 'flux-system')).toEqual([]);
  });

  it('a pod without a namespace: its log is looked up under ""', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'agent' }, spec: { containers: [{ name: 'c' }] } } as KubeObject;
    const s = snapshotOf([pod], { logs: [{ namespace: '', pod: 'agent', container: 'c', previous: false, text: 'no azure identity found for request clientID x' }] });
    expect(tokenErrors(s, [pod])).toEqual([{ pod, container: 'c', line: 'no azure identity found for request clientID x' }]);
  });
});

describe('FLUX007 owner names', () => {
  const dep = (name: string): KubeObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'flux' }, spec: { template: { spec: { containers: [{ name: 'flux', image: 'fluxcd/flux:1.25.4' }] } } } });
  const pod = (owner: { kind: string; name: string }, hash?: string): KubeObject => ({
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'flux', ...(hash ? { labels: { 'pod-template-hash': hash } } : {}), ownerReferences: [{ apiVersion: 'apps/v1', controller: true, ...owner }] },
    spec: { containers: [{ name: 'flux', image: 'fluxcd/flux:1.25.4' }] },
  });
  const count = (objs: KubeObject[]) => runOne(FLUX007, snap(objs)).findings?.length;
  it('only a ReplicaSet owner loses its -hash suffix', () => {
    expect(count([dep('flux'), pod({ kind: 'ReplicaSet', name: 'flux-7d9c5b8f4' }, '7d9c5b8f4')])).toBe(1);
    expect(count([dep('flux'), pod({ kind: 'DaemonSet', name: 'flux-7d9c5b8f4' }, '7d9c5b8f4')])).toBe(2);
    expect(count([dep('flux'), pod({ kind: 'ReplicaSet', name: 'flux-7d9c5b8f4' })])).toBe(2);
    // The hash must follow a dash: "fluxx7d9c5b8f4" is not "flux" plus a hash.
    expect(count([dep('flux'), pod({ kind: 'ReplicaSet', name: 'fluxx7d9c5b8f4' }, '7d9c5b8f4')])).toBe(2);
  });
});
