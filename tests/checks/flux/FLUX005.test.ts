import { describe, expect, it } from 'vitest';
import FLUX005 from '../../../src/checks/flux/FLUX005-kubelet-identity.js';
import { runOne, type AzureResource, type KubeObject } from '../../helpers/check-harness.js';
import { healthy, snap, yaml } from './fixtures.js';

const SUB = '/subscriptions/00000000-0000-0000-0000-000000000000';
const cluster = (kubeletidentity?: Record<string, string>): AzureResource => ({
  id: `${SUB}/resourceGroups/rg-gitops/providers/Microsoft.ContainerService/managedClusters/aks-gitops`,
  name: 'aks-gitops',
  type: 'Microsoft.ContainerService/ManagedClusters',
  location: 'westeurope',
  identity: { type: 'UserAssigned' },
  identityProfile: kubeletidentity ? { kubeletidentity } : undefined,
});
const kubelet = { clientId: '5e8f0a1b-2c3d-4e5f-8a9b-0c1d2e3f4a5b', objectId: '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d', resourceId: `${SUB}/resourceGroups/rg-identities/providers/Microsoft.ManagedIdentity/userAssignedIdentities/aks-gitops-kubelet` };
const extension = (settings: Record<string, string> = {}): AzureResource => ({
  id: `${SUB}/resourceGroups/rg-gitops/providers/Microsoft.ContainerService/managedClusters/aks-gitops/providers/Microsoft.KubernetesConfiguration/extensions/flux`,
  name: 'flux',
  type: 'Microsoft.KubernetesConfiguration/extensions',
  extensionType: 'microsoft.flux',
  currentVersion: '1.7.3',
  provisioningState: 'Succeeded',
  scope: { cluster: { releaseNamespace: 'flux-system' } },
  configurationSettings: settings,
});

const ociSource = (ready: { status: string; message: string }) =>
  yaml(`
apiVersion: source.toolkit.fluxcd.io/v1beta2
kind: OCIRepository
metadata:
  name: app-manifests
  namespace: flux-system
spec:
  interval: 5m
  url: oci://contosoacr.azurecr.io/manifests/app
  provider: azure
  ref: { tag: latest }
status:
  conditions:
  - type: Ready
    status: "${ready.status}"
    reason: ${ready.status === 'True' ? 'Succeeded' : 'AuthenticationFailed'}
    message: '${ready.message.replace(/'/g, "''")}'
`);

const authFailure = { status: 'False', message: "failed to get credential from 'azure' provider: ManagedIdentityCredential authentication failed. GET http://169.254.169.254/metadata/identity/oauth2/token StatusCode: 400" };
const healthySource = { status: 'True', message: "stored artifact for digest 'latest@sha256:1f2e3d'" };

describe('FLUX005 Flux uses the kubelet identity to pull from Azure Container Registry', () => {
  const cases: Array<[string, KubeObject[], AzureResource[], string, string]> = [
    ['skips without Azure data', [...healthy(), ...ociSource(authFailure)], [], 'skip', 'no Azure data'],
    ['skips on a connected (Arc) cluster', healthy(), [{ ...extension(), id: `${SUB}/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/arc/providers/Microsoft.KubernetesConfiguration/extensions/flux` }], 'skip', 'not an AKS cluster'],
    ['passes when the cluster has no kubelet identity', [...healthy(), ...ociSource(authFailure)], [cluster(), extension()], 'pass', 'no user-assigned kubelet identity'],
    ['passes when the extension sets useKubeletIdentity=true', [...healthy(), ...ociSource(authFailure)], [cluster(kubelet), extension({ useKubeletIdentity: 'true' })], 'pass', 'useKubeletIdentity=true'],
    ['passes when no source pulls from ACR', healthy(), [cluster(kubelet), extension()], 'pass', 'no Flux source pulls from Azure Container Registry'],
    ['fails when an ACR source fails to authenticate and the setting is missing', [...healthy(), ...ociSource(authFailure)], [cluster(kubelet), extension()], 'fail', 'OCIRepository flux-system/app-manifests (oci://contosoacr.azurecr.io/manifests/app) fails to authenticate'],
    ['warns when an ACR source works but the setting is missing', [...healthy(), ...ociSource(healthySource)], [cluster(kubelet), extension({ useKubeletIdentity: 'false' })], 'warn', 'pulls from oci://contosoacr.azurecr.io/manifests/app while microsoft.flux lacks useKubeletIdentity=true'],
  ];
  for (const [name, objects, azure, status, fragment] of cases) {
    it(name, () => {
      const r = runOne(FLUX005, snap(objects, { azure }));
      expect(r.status, r.message).toBe(status);
      expect(r.message).toContain(fragment);
    });
  }

  it('gives the delete + create commands with the cluster’s real names', () => {
    const r = runOne(FLUX005, snap([...healthy(), ...ociSource(authFailure)], { azure: [cluster(kubelet), extension()] }));
    expect(r.remediation?.commands).toEqual([
      'az k8s-extension delete -g rg-gitops -c aks-gitops -t managedClusters -n flux --yes',
      'az k8s-extension create -g rg-gitops -c aks-gitops -t managedClusters -n flux --extension-type microsoft.flux --config useKubeletIdentity=true',
    ]);
  });

  it('proposes one ARM PATCH of the extension (fix --azure), undone by the previous value', () => {
    const ext = extension({ useKubeletIdentity: 'false' });
    const r = runOne(FLUX005, snap([...healthy(), ...ociSource(authFailure)], { azure: [cluster(kubelet), ext] }));
    const body = (v: string) => ({ properties: { configurationSettings: { useKubeletIdentity: v } } });
    expect(r.fixes).toEqual([
      {
        kind: 'arm',
        title: 'Set useKubeletIdentity=true on the microsoft.flux extension flux (was "false")',
        warning: 'source-controller restarts with the kubelet identity; if the extension does not take the setting, the guide’s fallback is to delete and re-create it with --config useKubeletIdentity=true',
        requests: [{ method: 'PATCH', path: ext.id, apiVersion: '2023-05-01', body: body('true') }],
        undo: { method: 'PATCH', path: ext.id, apiVersion: '2023-05-01', body: body('false') },
        poll: { path: ext.id, apiVersion: '2023-05-01' },
      },
    ]);
  });

  it('a setting that was absent: the PATCH is marked not undoable', () => {
    const r = runOne(FLUX005, snap([...healthy(), ...ociSource(authFailure)], { azure: [cluster(kubelet), extension()] }));
    expect(r.fixes?.map((f) => [f.kind, 'undo' in f ? f.undo : 'none', 'notUndoable' in f ? f.notUndoable : ''])).toEqual([
      ['arm', 'none', 'useKubeletIdentity was not set before, and an ARM PATCH cannot remove a configuration setting; to undo, set it to "false": az k8s-extension update ... --config useKubeletIdentity=false'],
    ]);
  });

  it('does not count an ACR HelmRepository that authenticates with its own secret', () => {
    const helm = yaml(`
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata: { name: charts, namespace: flux-system }
spec: { type: oci, url: oci://contosoacr.azurecr.io/helm, secretRef: { name: acr-admin } }
`);
    expect(runOne(FLUX005, snap([...healthy(), ...helm], { azure: [cluster(kubelet), extension()] })).status).toBe('pass');
  });

  it('does not count a GitRepository on Azure DevOps (provider azure) as an ACR source', () => {
    const git = yaml(`
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: { name: infra, namespace: flux-system }
spec: { url: https://dev.azure.com/contoso/infra/_git/infra, provider: azure, ref: { branch: main } }
`);
    expect(runOne(FLUX005, snap([...healthy(), ...git], { azure: [cluster(kubelet), extension()] })).status).toBe('pass');
  });
});
