// FLUX005 exact outcomes: every skip and pass message, each source shape (ACR URL forms, provider azure on each kind,
// own credentials or identity), the fail/warn split on the Ready message, the evidence, commands and the one PATCH.
import { describe, expect, it } from 'vitest';
import FLUX005 from '../../../src/checks/flux/FLUX005-kubelet-identity.js';
import { runOne, type AzureResource, type KubeObject } from '../../helpers/check-harness.js';
import { healthy, snap } from './fixtures.js';

const SUB = '/subscriptions/00000000-0000-0000-0000-000000000000';
const CLUSTER_ID = `${SUB}/resourceGroups/rg-gitops/providers/Microsoft.ContainerService/managedClusters/aks-gitops`;
const KUBELET_ID = `${SUB}/resourceGroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/aks-gitops-kubelet`;
const CLIENT_ID = '5e8f0a1b-2c3d-4e5f-8a9b-0c1d2e3f4a5b';
const cluster = (extra: Record<string, unknown> = { identityProfile: { kubeletidentity: { clientId: CLIENT_ID, objectId: '9a8b7c6d', resourceId: KUBELET_ID } } }): AzureResource => ({ id: CLUSTER_ID, name: 'aks-gitops', type: 'Microsoft.ContainerService/ManagedClusters', location: 'westeurope', ...extra });
const extension = (settings: Record<string, string> = {}, id = `${CLUSTER_ID}/providers/Microsoft.KubernetesConfiguration/extensions/flux`): AzureResource => ({
  id, name: 'flux', type: 'Microsoft.KubernetesConfiguration/extensions', extensionType: 'microsoft.flux', currentVersion: '1.7.3', provisioningState: 'Succeeded', scope: { cluster: { releaseNamespace: 'flux-system' } }, configurationSettings: settings,
});
const noExtConfig = () => healthy().filter((o) => o.kind !== 'ExtensionConfig');

const source = (kind: string, spec: Record<string, unknown>, ready?: { status: string; message: string }, name = 'app'): KubeObject => ({
  apiVersion: kind === 'OCIRepository' ? 'source.toolkit.fluxcd.io/v1beta2' : 'source.toolkit.fluxcd.io/v1',
  kind,
  metadata: { name, namespace: 'flux-system' },
  spec: { interval: '5m', ...spec },
  ...(ready ? { status: { conditions: [{ type: 'Reconciling', status: 'False', message: 'x' }, { type: 'Ready', reason: 'Failed', ...ready }] } } : {}),
});
const OCI = 'oci://contosoacr.azurecr.io/manifests/app';
const run = (objs: KubeObject[], azure: AzureResource[]) => runOne(FLUX005, snap(objs, { azure }));
const COMMANDS = [
  'az k8s-extension delete -g rg-gitops -c aks-gitops -t managedClusters -n flux --yes',
  'az k8s-extension create -g rg-gitops -c aks-gitops -t managedClusters -n flux --extension-type microsoft.flux --config useKubeletIdentity=true',
];
const REMEDIATION = (id: string) =>
  `Install microsoft.flux with --config useKubeletIdentity=true so source-controller authenticates to ACR as the kubelet identity (${id}). The setting is taken at creation: delete and re-create the extension (your fluxConfigurations stay in Azure and are re-applied).`;

describe('FLUX005 skips and passes, exactly', () => {
  const oci = source('OCIRepository', { url: OCI, provider: 'azure' });
  it('skip without Azure data, skip off AKS, skip without the extension', () => {
    expect(run([...healthy(), oci], [])).toMatchObject({ status: 'skip', message: 'no Azure data (az aks show) in this snapshot: the kubelet identity cannot be read' });
    expect(run([...healthy(), oci], [extension()])).toMatchObject({ status: 'skip', message: 'not an AKS cluster (no Microsoft.ContainerService/managedClusters resource): kubelet identity applies to AKS only' });
    expect(run([...noExtConfig(), oci], [cluster()])).toMatchObject({ status: 'skip', message: 'no microsoft.flux extension: useKubeletIdentity is one of its settings' });
  });

  it('pass without a user-assigned kubelet identity, naming the cluster', () => {
    expect(run([...healthy(), oci], [cluster({}), extension()])).toMatchObject({ status: 'pass', message: 'AKS cluster aks-gitops has no user-assigned kubelet identity' });
    expect(run([...healthy(), oci], [cluster({ identityProfile: { kubeletidentity: { objectId: 'x' } } }), extension()]).status).toBe('pass');
  });

  it('a kubelet identity with only a client id, or only under properties (REST shape), is one', () => {
    const onlyClient = run([...healthy(), oci], [cluster({ identityProfile: { kubeletidentity: { clientId: CLIENT_ID } } }), extension()]);
    expect([onlyClient.status, onlyClient.remediation?.text]).toEqual(['warn', REMEDIATION(CLIENT_ID)]);
    const nested = run([...healthy(), oci], [cluster({ properties: { identityProfile: { kubeletidentity: { resourceId: KUBELET_ID } } } }), extension()]);
    expect([nested.status, nested.remediation?.text]).toEqual(['warn', REMEDIATION(KUBELET_ID)]);
  });

  it('pass when useKubeletIdentity is true (key and value in any case, spaces trimmed)', () => {
    expect(run([...noExtConfig(), oci], [cluster(), extension({ UseKubeletIdentity: ' True ' })])).toMatchObject({ status: 'pass', message: 'microsoft.flux uses the kubelet identity (useKubeletIdentity=true)' });
  });

  it('pass when no source pulls from ACR: other registries, own secrets, own workload identity, DevOps and Blob', () => {
    const objs = [
      ...noExtConfig(),
      source('OCIRepository', { url: 'oci://ghcr.io/stefanprodan/manifests/podinfo' }, undefined, 'a'),
      source('OCIRepository', { url: 'oci://example.com/contosoacr.azurecr.io/x' }, undefined, 'b'),
      source('OCIRepository', { url: 'oci://contosoacr.azurecr.io.example.com/x' }, undefined, 'c'),
      source('OCIRepository', { url: 'oci://contosoacr.azurecr.com/x' }, undefined, 'c2'),
      source('HelmRepository', { type: 'oci', url: 'oci://contosoacr.azurecr.io/helm', secretRef: { name: 'acr-admin' } }, undefined, 'd'),
      source('OCIRepository', { url: OCI, provider: 'azure', serviceAccountName: 'app-identity' }, undefined, 'e'),
      source('GitRepository', { url: 'https://dev.azure.com/contoso/infra/_git/infra', provider: 'azure' }, undefined, 'f'),
      source('Bucket', { endpoint: 'contoso.blob.core.windows.net', bucketName: 'manifests', provider: 'azure' }, undefined, 'g'),
    ];
    expect(run(objs, [cluster(), extension()])).toMatchObject({ status: 'pass', message: 'no Flux source pulls from Azure Container Registry (*.azurecr.io, .cn, .us or provider: azure)', evidence: [] });
  });
});

describe('FLUX005 findings, exactly', () => {
  it('a failing ACR OCIRepository: fail with its Ready message, the evidence, commands and the PATCH', () => {
    const message = "failed to get credential from 'azure' provider: ManagedIdentityCredential authentication failed. " + 'x'.repeat(300);
    const oci = source('OCIRepository', { url: OCI, provider: 'azure' }, { status: 'False', message });
    const ext = extension({ useKubeletIdentity: 'false' });
    const r = run([...noExtConfig(), oci], [cluster(), ext]);
    expect(r.status).toBe('fail');
    expect(r.message).toBe(`OCIRepository flux-system/app (${OCI}) fails to authenticate and microsoft.flux lacks useKubeletIdentity=true: ${message.slice(0, 200)}`);
    expect(r.evidence).toEqual([
      { ref: 'source.toolkit.fluxcd.io/v1beta2/OCIRepository flux-system/app', path: 'spec.url / spec.provider', observed: `${OCI} provider azure` },
      { ref: 'source.toolkit.fluxcd.io/v1beta2/OCIRepository flux-system/app', path: 'status.conditions[Ready]', observed: `False: ${message}`, expected: 'True' },
      { ref: 'microsoft.flux extension', path: 'configurationSettings.useKubeletIdentity', observed: 'false', expected: 'true' },
      { ref: 'managedCluster', path: 'identityProfile.kubeletidentity', observed: KUBELET_ID },
    ]);
    expect(r.remediation).toEqual({ text: REMEDIATION(KUBELET_ID), commands: COMMANDS });
    expect(r.findings?.map((f) => [f.status, f.object, f.commands, f.fixes?.length])).toEqual([['fail', { apiVersion: 'source.toolkit.fluxcd.io/v1beta2', kind: 'OCIRepository', namespace: 'flux-system', name: 'app' }, COMMANDS, 1]]);
  });

  it('Ready=False for another reason, or Ready=True, or no Ready condition: warn, naming the URL', () => {
    const dns = source('OCIRepository', { url: OCI, provider: 'azure' }, { status: 'False', message: 'dial tcp: lookup contosoacr.azurecr.io on 10.0.0.10:53: no such host' }, 'dns');
    const ok = source('OCIRepository', { url: OCI, provider: 'azure' }, { status: 'True', message: 'unauthorized before, stored artifact now' }, 'ok');
    const none = source('HelmRepository', { url: 'https://contosoacr.azurecr.io/helm/v1/repo', provider: 'azure' }, undefined, 'none');
    const r = run([...noExtConfig(), dns, ok, none], [cluster(), extension()]);
    expect(r.status).toBe('warn');
    expect(r.findings?.map((f) => [f.status, f.message])).toEqual([
      ['warn', `OCIRepository flux-system/dns pulls from ${OCI} while microsoft.flux lacks useKubeletIdentity=true (the cluster has a user-assigned kubelet identity)`],
      ['warn', `OCIRepository flux-system/ok pulls from ${OCI} while microsoft.flux lacks useKubeletIdentity=true (the cluster has a user-assigned kubelet identity)`],
      ['warn', 'HelmRepository flux-system/none pulls from https://contosoacr.azurecr.io/helm/v1/repo while microsoft.flux lacks useKubeletIdentity=true (the cluster has a user-assigned kubelet identity)'],
    ]);
    expect(r.message).toBe(`3 problems: ${r.findings?.[0].message}; and 2 more`);
    // One PATCH however many sources; the setting absent shows as "(not set)"; no Ready evidence without the condition.
    expect(r.findings?.map((f) => f.fixes?.length ?? 0)).toEqual([1, 0, 0]);
    expect(r.fixes).toHaveLength(1);
    expect(r.findings?.[2].evidence).toEqual([
      { ref: 'source.toolkit.fluxcd.io/v1/HelmRepository flux-system/none', path: 'spec.url / spec.provider', observed: 'https://contosoacr.azurecr.io/helm/v1/repo provider azure' },
      { ref: 'microsoft.flux extension', path: 'configurationSettings.useKubeletIdentity', observed: '(not set)', expected: 'true' },
      { ref: 'managedCluster', path: 'identityProfile.kubeletidentity', observed: KUBELET_ID },
    ]);
  });

  it('each authentication wording fails; the provider hint only for a generic OCI/Helm source', () => {
    const wordings = ['GET https://contosoacr.azurecr.io/v2/: status code 401', 'status code 403', 'UNAUTHORISED: token expired', 'authentication required', 'not authorized to pull', 'no credentials found', 'access denied', 'denied: requested access to the resource is denied'];
    for (const message of wordings) {
      const oci = source('OCIRepository', { url: OCI }, { status: 'False', message });
      const r = run([...noExtConfig(), oci], [cluster(), extension()]);
      expect(r.message, message).toBe(`OCIRepository flux-system/app (${OCI}) fails to authenticate and microsoft.flux lacks useKubeletIdentity=true (also set spec.provider: azure on it, now generic): ${message}`);
    }
    for (const message of ['status code 4010', 'the resource is denied', 'authorize later']) {
      const oci = source('OCIRepository', { url: OCI, provider: 'generic' }, { status: 'False', message });
      expect(run([...noExtConfig(), oci], [cluster(), extension()]).status, message).toBe(message === 'authorize later' ? 'fail' : 'warn');
    }
    const git = source('GitRepository', { url: 'https://contosoacr.azurecr.io/git/infra' }, { status: 'False', message: 'authentication required' });
    expect(run([...noExtConfig(), git], [cluster(), extension()]).message).toBe('GitRepository flux-system/app (https://contosoacr.azurecr.io/git/infra) fails to authenticate and microsoft.flux lacks useKubeletIdentity=true: authentication required');
    const named = source('HelmRepository', { url: 'oci://contosoacr.azurecr.io/helm', provider: 'aws' }, { status: 'False', message: '401' });
    expect(run([...noExtConfig(), named], [cluster(), extension()]).message).toContain('(also set spec.provider: azure on it, now aws)');
    const azure = source('HelmRepository', { url: 'oci://contosoacr.azurecr.io/helm', provider: 'Azure' }, { status: 'False', message: '401' });
    expect(run([...noExtConfig(), azure], [cluster(), extension()]).message).toBe('HelmRepository flux-system/app (oci://contosoacr.azurecr.io/helm) fails to authenticate and microsoft.flux lacks useKubeletIdentity=true: 401');
  });

  it('ACR URL forms: with or without a scheme, a port, the bare host; a Bucket endpoint', () => {
    const urls = ['contosoacr.azurecr.io/manifests', 'contosoacr.azurecr.io', 'https://contosoacr.azurecr.io:443/helm', 'HTTPS://ContosoACR.AzureCR.io/x', 'oci://contosoacr.azurecr.cn/app', 'oci://contosoacr.azurecr.us/app'];
    const objs = urls.map((url, i) => source('OCIRepository', { url }, undefined, `s${i}`));
    const bucket = source('Bucket', { endpoint: 'contosoacr.azurecr.io' }, undefined, 'b');
    const generic = source('OCIRepository', { url: OCI, serviceAccountName: 'own' }, undefined, 'sa');
    const secretWithAzure = source('HelmRepository', { url: 'https://charts.contoso.com', provider: 'azure', secretRef: { name: 's' } }, undefined, 'hs');
    const r = run([...noExtConfig(), ...objs, bucket, generic, secretWithAzure], [cluster(), extension()]);
    expect(r.findings?.map((f) => f.object?.name)).toEqual(['s0', 's1', 's2', 's3', 's4', 's5', 'sa', 'hs', 'b']);
    expect(r.findings?.find((f) => f.object?.name === 'b')?.message).toBe('Bucket flux-system/b pulls from contosoacr.azurecr.io while microsoft.flux lacks useKubeletIdentity=true (the cluster has a user-assigned kubelet identity)');
    expect(r.findings?.find((f) => f.object?.name === 'b')?.evidence?.[0]).toEqual({ ref: 'source.toolkit.fluxcd.io/v1/Bucket flux-system/b', path: 'spec.url / spec.provider', observed: 'contosoacr.azurecr.io' });
  });

  it('a source with provider azure and no URL pulls from "Azure"', () => {
    const r = run([...noExtConfig(), source('OCIRepository', { provider: 'azure' })], [cluster(), extension()]);
    expect(r.message).toBe('OCIRepository flux-system/app pulls from Azure while microsoft.flux lacks useKubeletIdentity=true (the cluster has a user-assigned kubelet identity)');
  });
});

describe('FLUX005 coordinates and the PATCH', () => {
  const oci = () => source('OCIRepository', { url: OCI, provider: 'azure' });
  it('in-cluster extension only: the commands take the cluster’s resource group and name, and no PATCH is offered', () => {
    const r = run([...healthy(), oci()], [cluster()]);
    expect(r.remediation?.commands).toEqual(COMMANDS);
    expect(r.fixes).toEqual([]);
  });

  it('neither names them: placeholders', () => {
    const r = run([...healthy(), oci()], [{ type: 'Microsoft.ContainerService/managedClusters', identityProfile: { kubeletidentity: { clientId: CLIENT_ID } } }]);
    expect(r.remediation?.commands).toEqual([
      'az k8s-extension delete -g <RESOURCE_GROUP> -c <CLUSTER_NAME> -t managedClusters -n flux --yes',
      'az k8s-extension create -g <RESOURCE_GROUP> -c <CLUSTER_NAME> -t managedClusters -n flux --extension-type microsoft.flux --config useKubeletIdentity=true',
    ]);
  });

  it('the extension’s own id wins over the cluster’s', () => {
    const ext = extension({}, `${SUB}/resourceGroups/rg-ext/providers/Microsoft.ContainerService/managedClusters/aks-ext/providers/Microsoft.KubernetesConfiguration/extensions/gitops`);
    ext.name = 'gitops';
    const r = run([...noExtConfig(), oci()], [cluster(), ext]);
    expect(r.remediation?.commands[0]).toBe('az k8s-extension delete -g rg-ext -c aks-ext -t managedClusters -n gitops --yes');
    expect(r.fixes?.map((f) => f.title)).toEqual(['Set useKubeletIdentity=true on the microsoft.flux extension gitops (was not set)']);
  });

  it('an Azure extension without an id: no PATCH', () => {
    const ext = extension();
    delete ext.id;
    expect(run([...noExtConfig(), oci()], [cluster(), ext]).fixes).toEqual([]);
  });
});
