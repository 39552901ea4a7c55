import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import FLUX004 from '../../../src/checks/flux/FLUX004-pod-identity.js';
import { LATEST_KNOWN_FLUX_EXTENSION } from '../../../src/checks/flux/constants.js';
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

describe('FLUX004 exact outcomes', () => {
  const NMI_EVIDENCE = { ref: 'apps/v1/DaemonSet kube-system/nmi', observed: expect.any(String) };
  const latest = LATEST_KNOWN_FLUX_EXTENSION.version;

  it('passes without Pod Identity with the exact message and no evidence', () => {
    const r = runOne(FLUX004, snap(healthy()));
    expect(r.message).toBe('AAD Pod Identity is not installed (no NMI DaemonSet, MIC or aadpodidentity.k8s.io CRDs)');
    expect(r.evidence).toEqual([]);
  });

  it('passes at the latest version, naming it, with the Pod Identity traces as evidence', () => {
    const r = runOne(FLUX004, snap([...atVersion(healthy(), latest), ...nmi]));
    expect(r.status).toBe('pass');
    expect(r.message).toBe(`AAD Pod Identity is installed, but no agent logs a token interception and microsoft.flux ${latest} is current`);
    expect(r.evidence).toEqual([NMI_EVIDENCE]);
  });

  it('passes without a version to compare, saying only that no agent logs an interception', () => {
    const objs = healthy().filter((o) => o.kind !== 'ExtensionConfig');
    const r = runOne(FLUX004, snap([...objs, ...nmi]));
    expect(r.status).toBe('pass');
    expect(r.message).toBe('AAD Pod Identity is installed, but no agent logs a token interception');
  });

  it('warns below the latest version with the version evidence and both upgrade commands', () => {
    const r = runOne(FLUX004, snap([...atVersion(healthy(), '1.7.3'), ...nmi]));
    expect(r.status).toBe('warn');
    expect(r.message).toBe(`AAD Pod Identity is installed and microsoft.flux 1.7.3 is older than ${latest}: its agent's token requests may be intercepted`);
    expect(r.evidence).toEqual([NMI_EVIDENCE, { ref: 'extension flux', path: 'version', observed: '1.7.3', expected: `>= ${latest}` }]);
    expect(r.remediation?.text).toBe('Upgrade the extension before it fails to get its token.');
    expect(r.remediation?.commands).toHaveLength(2);
    expect(r.remediation?.commands[0]).toMatch(new RegExp(`^az k8s-extension update .* --version ${latest.replace(/\./g, '\\.')}$`));
    expect(r.remediation?.commands[1]).toMatch(/^az k8s-extension update .* --auto-upgrade-minor-version true$/);
  });

  it('fails on the agent log line: names the pod, quotes the line (its first 400 characters) as evidence', () => {
    expect(AGENT_LINE.length).toBeGreaterThan(400);
    const objs = [...atVersion(healthy(), latest), ...nmi];
    const log = agentLog(objs);
    const r = runOne(FLUX004, snap(objs, { logs: [log] }));
    expect(r.status).toBe('fail');
    expect(r.message).toBe(`AAD Pod Identity is intercepting the extension agent's token request: the agent pod flux-system/${log.pod} logs "no azure identity found for request clientID"`);
    expect(r.evidence).toEqual([NMI_EVIDENCE, { ref: `v1/Pod flux-system/${log.pod}`, path: 'logs fluxconfig-agent', observed: AGENT_LINE.slice(0, 400), expected: 'the agent gets its token from IMDS' }]);
    expect(r.remediation?.text).toBe(`NMI answers the agent's IMDS token request instead of Azure. Upgrade microsoft.flux to the latest version (${latest} known on ${LATEST_KNOWN_FLUX_EXTENSION.seen}), or turn on auto-upgrade.`);
  });

  it('fails on "status not populated" alone, with the extension status as evidence', () => {
    const notPopulated = { code: 'ExtensionCreationFailed', level: 'Error', message: 'Retry for given duration didn\'t get any results with err {status not populated}' };
    const r = runOne(FLUX004, snap([...healthy().filter((o) => o.kind !== 'ExtensionConfig'), ...nmi], { azure: [azureExtension([notPopulated])] }));
    expect(r.status).toBe('fail');
    expect(r.message).toBe(`AAD Pod Identity is intercepting the extension agent's token request: the extension status says "status not populated"`);
    expect(r.evidence).toEqual([NMI_EVIDENCE, { ref: 'extension flux', path: 'statuses / errorInfo', observed: 'status not populated', expected: 'provisioningState Succeeded' }]);
  });
});
