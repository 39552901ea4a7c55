import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import FLUX004 from '../../../src/checks/flux/FLUX004-pod-identity.js';
import { runOne, yamlObjects, type AzureResource, type ContainerLog, type KubeObject } from '../../helpers/check-harness.js';
import { find, healthy, snap, yaml } from './fixtures.js';

// The AKS pod-identity add-on's NMI DaemonSet (names and image as the add-on deploys them).
const nmi = yaml(`
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: nmi
  namespace: kube-system
  labels: { app.kubernetes.io/component: nmi, kubernetes.azure.com/managedby: aks }
spec:
  selector: { matchLabels: { component: nmi, tier: node } }
  template:
    metadata: { labels: { component: nmi, tier: node } }
    spec:
      hostNetwork: true
      containers:
      - name: nmi
        image: mcr.microsoft.com/oss/azure/aad-pod-identity/nmi:v1.8.17
        args: [--node=$(NODE_NAME), --http-probe-port=8085, --operation-mode=managed]
status: { desiredNumberScheduled: 2, numberReady: 2, numberAvailable: 2 }
`);
const podIdentityCrds = yamlObjects(readFileSync('tests/fixtures/upstream/more/aad-pod-identity-crd.yaml', 'utf8'));

// Verbatim FluxConfigAgent line from the guide / samples/flux/pod-identity-extension-agent…txt.
const AGENT_LINE = `{"Message":"2021/12/02 10:24:56 Error: in getting auth header : error {adal: Refresh request failed. Status Code = '404'. Response body: no azure identity found for request clientID <REDACTED>\\n}","LogType":"ConfigAgentTrace","LogLevel":"Information","Environment":"prod","Role":"ClusterConfigAgent","Location":"westeurope","AgentName":"FluxConfigAgent","AgentVersion":"0.4.2","AgentTimestamp":"2021/12/02 10:24:56"}`;

const agentLog = (objs: KubeObject[]): ContainerLog => ({ namespace: 'flux-system', pod: find(objs, 'Pod', 'fluxconfig-agent').metadata.name, container: 'fluxconfig-agent', previous: false, text: `starting\n${AGENT_LINE}\n` });

const arcExtensionManager = yaml(`
apiVersion: v1
kind: Pod
metadata:
  name: extension-manager-6c8d9f7b5-2kq8x
  namespace: azure-arc
  labels: { app.kubernetes.io/component: extension-manager, pod-template-hash: 6c8d9f7b5 }
  ownerReferences: [{ apiVersion: apps/v1, kind: ReplicaSet, name: extension-manager-6c8d9f7b5, controller: true }]
spec:
  containers:
  - { name: manager, image: mcr.microsoft.com/azurearck8s/extensionoperator:1.21.4 }
status: { phase: Running }
`);

const azureExtension = (statuses: unknown[], version = '1.7.3'): AzureResource => ({
  id: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-gitops/providers/Microsoft.Kubernetes/connectedClusters/arc-gitops/providers/Microsoft.KubernetesConfiguration/extensions/flux',
  name: 'flux',
  type: 'Microsoft.KubernetesConfiguration/extensions',
  extensionType: 'microsoft.flux',
  currentVersion: version,
  provisioningState: statuses.length ? 'Failed' : 'Succeeded',
  scope: { cluster: { releaseNamespace: 'flux-system' } },
  statuses,
});

const atVersion = (objs: KubeObject[], version: string) => {
  const ext = find(objs, 'ExtensionConfig', 'flux');
  ext.spec.version = version;
  ext.status.version = version;
  return objs;
};

describe('FLUX004 AAD Pod Identity does not intercept the extension agent’s token', () => {
  it('passes when AAD Pod Identity is not installed, whatever the agent logs', () => {
    const objs = healthy();
    const r = runOne(FLUX004, snap(objs, { logs: [agentLog(objs)] }));
    expect(r.status).toBe('pass');
    expect(r.message).toContain('not installed');
  });

  it('passes when Pod Identity is installed and the extension is at the latest known version', () => {
    const r = runOne(FLUX004, snap([...atVersion(healthy(), '1.19.5'), ...nmi]));
    expect(r.status, r.message).toBe('pass');
  });

  it('fails when the NMI DaemonSet runs and fluxconfig-agent logs "no azure identity found for request clientID"', () => {
    const objs = [...healthy(), ...nmi];
    const r = runOne(FLUX004, snap(objs, { logs: [agentLog(objs)] }));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('the agent pod flux-system/fluxconfig-agent-7f8c6d5b9d-b6r1c logs "no azure identity found for request clientID"');
    expect(r.evidence.map((e) => e.ref)).toContain('apps/v1/DaemonSet kube-system/nmi');
    expect(r.remediation?.commands[0]).toContain('--version 1.19.5');
  });

  it('fails on Arc when only the CRDs show Pod Identity and the extension manager in azure-arc logs the error', () => {
    const objs = [...healthy(), ...podIdentityCrds, ...arcExtensionManager];
    const r = runOne(FLUX004, snap(objs, { logs: [{ namespace: 'azure-arc', pod: 'extension-manager-6c8d9f7b5-2kq8x', container: 'manager', previous: true, text: AGENT_LINE }] }));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('azure-arc/extension-manager-6c8d9f7b5-2kq8x');
  });

  it('fails when Pod Identity is installed and the Azure extension status says "status not populated", with the real az names', () => {
    const status = { code: 'ExtensionCreationFailed', level: 'Error', message: " error: Unable to get the status from the local CRD with the error : {Error : Retry for given duration didn't get any results with err {status not populated}}" };
    const r = runOne(FLUX004, snap([...healthy(), ...nmi], { azure: [azureExtension([status])] }));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('status not populated');
    expect(r.remediation?.commands[0]).toBe('az k8s-extension update -g rg-gitops -c arc-gitops -t connectedClusters -n flux --version 1.19.5');
  });

  it('warns when Pod Identity is installed and microsoft.flux is older than the latest known', () => {
    const r = runOne(FLUX004, snap([...healthy(), ...nmi]));
    expect(r.status).toBe('warn');
    expect(r.message).toContain('microsoft.flux 1.7.3 is older than 1.19.5');
  });
});

describe('FLUX004 with Azure data only', () => {
  it('recognises the AKS pod identity add-on from az aks show and warns on an old extension', () => {
    const mc: AzureResource = { id: '/subscriptions/0/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks', name: 'aks', type: 'Microsoft.ContainerService/ManagedClusters', podIdentityProfile: { enabled: true } };
    const r = runOne(FLUX004, snap(healthy(), { azure: [mc] }));
    expect(r.status).toBe('warn');
    expect(r.evidence[0].observed).toContain('podIdentityProfile.enabled');
  });
});
