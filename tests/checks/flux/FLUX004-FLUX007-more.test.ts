// FLUX004 and FLUX007 beyond their first exact outcomes: the version split at and around the latest known, the
// in-cluster "status not populated", several log hits, the az coordinates; Flux v1 in every workload kind, mixed
// images, pods whose owner is named otherwise, the weave CRD, several HelmReleases.
import { describe, expect, it } from 'vitest';
import FLUX004 from '../../../src/checks/flux/FLUX004-pod-identity.js';
import FLUX007 from '../../../src/checks/flux/FLUX007-flux-v1.js';
import { runOne, type AzureResource, type ContainerLog, type KubeObject } from '../../helpers/check-harness.js';
import { find, healthy, snap, yaml } from './fixtures.js';

const LINE = `{"Message":"2021/12/02 10:24:56 Error: in getting auth header : error {adal: Refresh request failed. Status Code = '404'. Response body: no azure identity found for request clientID <REDACTED>\\n}","LogType":"ConfigAgentTrace"}`;
const NMI: KubeObject = {
  apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'nmi', namespace: 'kube-system', labels: { component: 'nmi' } },
  spec: { template: { spec: { containers: [{ name: 'nmi', image: 'mcr.microsoft.com/oss/azure/aad-pod-identity/nmi:v1.8.17' }] } } },
};
const TRACE = { ref: 'apps/v1/DaemonSet kube-system/nmi', observed: 'NMI DaemonSet' };
const ARC_EXT = '/subscriptions/0/resourceGroups/rg-gitops/providers/Microsoft.Kubernetes/connectedClusters/arc-gitops/providers/Microsoft.KubernetesConfiguration/extensions/flux';
const azureExt = (currentVersion: string, statuses: unknown[] = []): AzureResource => ({ id: ARC_EXT, name: 'flux', type: 'Microsoft.KubernetesConfiguration/extensions', extensionType: 'microsoft.flux', currentVersion, provisioningState: 'Succeeded', statuses });
const UPGRADE = ['az k8s-extension update -g rg-gitops -c arc-gitops -t connectedClusters -n flux --version 1.19.5', 'az k8s-extension update -g rg-gitops -c arc-gitops -t connectedClusters -n flux --auto-upgrade-minor-version true'];
const noExtConfig = () => healthy().filter((o) => o.kind !== 'ExtensionConfig');

describe('FLUX004 version split', () => {
  const at = (version: string) => runOne(FLUX004, snap([...noExtConfig(), NMI], { azure: [azureExt(version)] }));
  it('1.19.4 warns with the exact commands; 1.19.5 and 1.20.0 pass as current', () => {
    expect(at('1.19.4')).toMatchObject({ status: 'warn', evidence: [TRACE, { ref: 'extension flux', path: 'version', observed: '1.19.4', expected: '>= 1.19.5' }], remediation: { text: 'Upgrade the extension before it fails to get its token.', commands: UPGRADE } });
    expect(at('1.19.5')).toMatchObject({ status: 'pass', message: 'AAD Pod Identity is installed, but no agent logs a token interception and microsoft.flux 1.19.5 is current', evidence: [TRACE] });
    expect(at('1.20.0')).toMatchObject({ status: 'pass', message: 'AAD Pod Identity is installed, but no agent logs a token interception and microsoft.flux 1.20.0 is current' });
  });
  it('a version that cannot be compared is not called old', () => {
    expect(at('preview').status).toBe('pass');
  });
});

describe('FLUX004 failures', () => {
  const agentLog = (objs: KubeObject[], name: string, container: string, text = LINE): ContainerLog => ({ namespace: 'flux-system', pod: find(objs, 'Pod', name).metadata.name, container, previous: false, text });

  it('"status not populated" in the in-cluster ExtensionConfig status fails too', () => {
    const objs = [...healthy(), NMI];
    find(objs, 'ExtensionConfig', 'flux').status.errorInfo = { code: 'ExtensionCreationFailed', message: 'Retry for given duration didn\'t get any results with err {status not populated}' };
    const r = runOne(FLUX004, snap(objs));
    expect(r).toMatchObject({ status: 'fail', message: 'AAD Pod Identity is intercepting the extension agent\'s token request: the extension status says "status not populated"' });
    expect(r.evidence).toEqual([TRACE, { ref: 'extension flux', path: 'statuses / errorInfo', observed: 'status not populated', expected: 'provisioningState Succeeded' }]);
    expect(r.remediation?.commands).toEqual([
      'az k8s-extension update -g <RESOURCE_GROUP> -c <CLUSTER_NAME> -t <connectedClusters|managedClusters> -n flux --version 1.19.5',
      'az k8s-extension update -g <RESOURCE_GROUP> -c <CLUSTER_NAME> -t <connectedClusters|managedClusters> -n flux --auto-upgrade-minor-version true',
    ]);
  });

  it('two agents logging it, and the Azure status too: every hit and the status in the evidence, the first pod named', () => {
    const objs = [...noExtConfig(), NMI];
    const logs = [agentLog(objs, 'fluxconfig-agent', 'fluxconfig-agent'), agentLog(objs, 'fluxconfig-controller', 'fluxconfig-controller')];
    const r = runOne(FLUX004, snap(objs, { logs, azure: [azureExt('1.19.5', [{ code: 'ExtensionCreationFailed', message: 'err {status not populated}' }])] }));
    const agent = find(objs, 'Pod', 'fluxconfig-agent').metadata.name;
    const controller = find(objs, 'Pod', 'fluxconfig-controller').metadata.name;
    expect(r.message).toBe(`AAD Pod Identity is intercepting the extension agent's token request: the agent pod flux-system/${agent} logs "no azure identity found for request clientID"`);
    expect(r.evidence).toEqual([
      TRACE,
      { ref: `v1/Pod flux-system/${agent}`, path: 'logs fluxconfig-agent', observed: LINE, expected: 'the agent gets its token from IMDS' },
      { ref: `v1/Pod flux-system/${controller}`, path: 'logs fluxconfig-controller', observed: LINE, expected: 'the agent gets its token from IMDS' },
      { ref: 'extension flux', path: 'statuses / errorInfo', observed: 'status not populated', expected: 'provisioningState Succeeded' },
    ]);
    expect(r.remediation?.commands).toEqual(UPGRADE);
  });

  it('the token error in a Flux controller’s log is not the agents’, and a healthy status is no failure', () => {
    const objs = [...noExtConfig(), NMI];
    const r = runOne(FLUX004, snap(objs, { logs: [agentLog(objs, 'source-controller', 'manager')], azure: [azureExt('1.19.5', [{ code: 'Ok', message: 'status populated later' }])] }));
    expect(r.status).toBe('pass');
  });
});

const workload = (kind: string, name: string, images: string[], ns = 'flux'): KubeObject => {
  const containers = images.map((image, i) => ({ name: `c${i}`, image }));
  const base = { apiVersion: kind === 'Pod' ? 'v1' : 'apps/v1', kind, metadata: { name, ...(ns ? { namespace: ns } : {}) } };
  return (kind === 'Pod' ? { ...base, spec: { containers } } : { ...base, spec: { template: { spec: { containers } } } }) as KubeObject;
};
const AZ_LIST = 'az k8s-configuration list -g <RESOURCE_GROUP> -c <CLUSTER_NAME> -t <connectedClusters|managedClusters>';

describe('FLUX007 more shapes', () => {
  it('a DaemonSet and a StatefulSet: their kind in the message and the delete command; only the v1 images listed', () => {
    const r = runOne(FLUX007, snap([workload('DaemonSet', 'flux', ['fluxcd/flux:1.25.4', 'memcached:1.6']), workload('StatefulSet', 'helm', ['docker.io/fluxcd/helm-operator:1.4.4', 'weaveworks/flux:1.13.3'])]));
    expect(r.findings?.map((f) => [f.message, f.evidence?.[0].observed, f.commands])).toEqual([
      ['Flux v1 DaemonSet flux/flux runs fluxcd/flux:1.25.4', 'fluxcd/flux:1.25.4', [AZ_LIST, 'kubectl delete daemonset flux -n flux   # after migrating to Flux v2']],
      ['Flux v1 StatefulSet flux/helm runs docker.io/fluxcd/helm-operator:1.4.4, weaveworks/flux:1.13.3', 'docker.io/fluxcd/helm-operator:1.4.4, weaveworks/flux:1.13.3', [AZ_LIST, 'kubectl delete statefulset helm -n flux   # after migrating to Flux v2']],
    ]);
    expect(r.message).toBe('2 problems: Flux v1 DaemonSet flux/flux runs fluxcd/flux:1.25.4; and 1 more');
    expect(r.remediation?.commands).toEqual([AZ_LIST, 'kubectl delete daemonset flux -n flux   # after migrating to Flux v2', 'kubectl delete statefulset helm -n flux   # after migrating to Flux v2']);
  });

  it('lookalike repositories are not Flux v1', () => {
    const r = runOne(FLUX007, snap([workload('Deployment', 'a', ['ghcr.io/myfluxcd/flux:1', 'fluxcd/flux-cli:v2.7.5', 'fluxcd/fluxd:1', 'weaveworks/helm-operator-x:1', 'ghcr.io/fluxcd/helm-controller:v1.4.0'])]));
    expect(r.status).toBe('pass');
  });

  it('a pod without a namespace is in default; a pod whose ReplicaSet hash does not match its label is its own finding', () => {
    const bare = workload('Pod', 'flux-old', ['fluxcd/flux:1.25.4'], '');
    const mismatched = workload('Pod', 'flux-7d9c5b8f4-x', ['fluxcd/flux:1.25.4']);
    mismatched.metadata.labels = { 'pod-template-hash': 'ffffff' };
    mismatched.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'flux-7d9c5b8f4', controller: true }];
    const matched = structuredClone(mismatched);
    matched.metadata.name = 'flux-7d9c5b8f4-y';
    matched.metadata.labels = { 'pod-template-hash': '7d9c5b8f4' };
    const badOwner = structuredClone(mismatched);
    badOwner.metadata.name = 'weird';
    badOwner.metadata.ownerReferences = [{ kind: 'ReplicaSet', uid: 'x' } as never];
    const r = runOne(FLUX007, snap([workload('Deployment', 'flux', ['fluxcd/flux:1.25.4']), bare, mismatched, matched, badOwner]));
    expect(r.findings?.map((f) => f.message)).toEqual([
      'Flux v1 Deployment flux/flux runs fluxcd/flux:1.25.4',
      'Flux v1 Pod default/flux-old runs fluxcd/flux:1.25.4',
      'Flux v1 Pod flux/flux-7d9c5b8f4-x runs fluxcd/flux:1.25.4',
      'Flux v1 Pod flux/weird runs fluxcd/flux:1.25.4',
    ]);
    expect(r.findings?.[1].commands?.[1]).toBe('kubectl delete pod flux-old -n default   # after migrating to Flux v2');
  });

  it('a Deployment of the same name in another namespace does not cover a pod', () => {
    const p = workload('Pod', 'flux-7d9c5b8f4-x', ['fluxcd/flux:1.25.4'], 'gitops');
    p.metadata.labels = { 'pod-template-hash': '7d9c5b8f4' };
    p.metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'flux-7d9c5b8f4', controller: true }];
    expect(runOne(FLUX007, snap([workload('Deployment', 'flux', ['fluxcd/flux:1.25.4']), p])).findings).toHaveLength(2);
  });

  it('the weave-era CRD, and the helm.fluxcd.io CRD with two HelmReleases', () => {
    const crd = (name: string): KubeObject => ({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name }, spec: {} });
    const release = (name: string) => yaml(`apiVersion: helm.fluxcd.io/v1\nkind: HelmRelease\nmetadata: { name: ${name}, namespace: demo }\nspec: { releaseName: ${name} }\n`)[0];
    const r = runOne(FLUX007, snap([crd('fluxhelmreleases.helm.integrations.flux.weave.works'), crd('helmreleases.helm.fluxcd.io'), crd('helmreleases.helm.toolkit.fluxcd.io'), release('a'), release('b')]));
    expect(r.findings?.map((f) => f.message)).toEqual([
      'Flux v1 CRD fluxhelmreleases.helm.integrations.flux.weave.works is installed with 2 HelmRelease(s) of helm-operator',
      'Flux v1 CRD helmreleases.helm.fluxcd.io is installed with 2 HelmRelease(s) of helm-operator',
    ]);
    expect(r.findings?.[0].commands).toEqual(['kubectl get helmreleases.helm.fluxcd.io --all-namespaces', 'kubectl delete crd fluxhelmreleases.helm.integrations.flux.weave.works   # after migrating its releases to Flux v2 HelmReleases']);
  });
});
