// AAD Pod Identity traces, the extension agents whose token NMI intercepts, the token error in their logs, and when
// the Flux checks' logs are worth reading (log-needs.ts): both sides of each condition, on real shapes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import FLUX003 from '../../../src/checks/flux/FLUX003-admission-policies.js';
import FLUX004 from '../../../src/checks/flux/FLUX004-pod-identity.js';
import { agentLogWorthReading, fluxExtensionFailed, tokenLogWorthReading } from '../../../src/checks/flux/log-needs.js';
import { agentPods, podIdentityTraces, tokenErrors } from '../../../src/checks/flux/pod-identity.js';
import { neededLogs } from '../../../src/engine/log-needs.js';
import { snapshotOf, yamlObjects, type AzureResource, type KubeObject } from '../../helpers/check-harness.js';
import { find, healthy } from './fixtures.js';

const CRDS = yamlObjects(readFileSync('tests/fixtures/upstream/more/aad-pod-identity-crd.yaml', 'utf8'));
const LINE = `{"Message":"2021/12/02 10:24:56 Error: in getting auth header : error {adal: Refresh request failed. Status Code = '404'. Response body: no azure identity found for request clientID <REDACTED>\\n}","LogType":"ConfigAgentTrace"}`;

const daemonSet = (name: string, labels: Record<string, string>, image: string): KubeObject => ({
  apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name, namespace: 'kube-system', labels },
  spec: { selector: { matchLabels: { component: 'nmi' } }, template: { metadata: { labels: {} }, spec: { containers: [{ name: 'nmi', image }] } } },
});
const deployment = (name: string, image: string): KubeObject => ({ ...daemonSet(name, {}, image), kind: 'Deployment' });
const NMI_IMAGE = 'mcr.microsoft.com/oss/azure/aad-pod-identity/nmi:v1.8.17';
const MIC_IMAGE = 'mcr.microsoft.com/oss/azure/aad-pod-identity/mic:v1.8.17';
const cluster = (podIdentityProfile: unknown, name: string | undefined = 'aks-gitops'): AzureResource => ({ type: 'Microsoft.ContainerService/managedClusters', ...(name ? { name } : {}), podIdentityProfile });

describe('podIdentityTraces', () => {
  it('NMI by image, by name, by either component label; MIC by image; each CRD; the AKS add-on; in that order', () => {
    const s = snapshotOf(
      [
        deployment('mic', MIC_IMAGE),
        daemonSet('aad-pod-identity-nmi', {}, NMI_IMAGE),
        daemonSet('nmi', {}, 'contoso.azurecr.io/mirror/nmi:v1.8.17'),
        daemonSet('pi-a', { 'app.kubernetes.io/component': 'nmi' }, 'x/y:1'),
        daemonSet('pi-b', { component: 'nmi' }, 'x/y:1'),
        ...CRDS,
      ],
      { azure: [cluster({ enabled: true })] },
    );
    expect(podIdentityTraces(s)).toEqual([
      { ref: 'apps/v1/DaemonSet kube-system/aad-pod-identity-nmi', what: 'NMI DaemonSet' },
      { ref: 'apps/v1/DaemonSet kube-system/nmi', what: 'NMI DaemonSet' },
      { ref: 'apps/v1/DaemonSet kube-system/pi-a', what: 'NMI DaemonSet' },
      { ref: 'apps/v1/DaemonSet kube-system/pi-b', what: 'NMI DaemonSet' },
      { ref: 'apps/v1/Deployment kube-system/mic', what: 'MIC Deployment' },
      ...CRDS.map((c) => ({ ref: `apiextensions.k8s.io/v1/CustomResourceDefinition ${c.metadata.name}`, what: 'AAD Pod Identity CRD' })),
      { ref: 'managedCluster aks-gitops', what: 'AKS pod identity add-on (podIdentityProfile.enabled)' },
    ]);
    expect(CRDS.length).toBeGreaterThan(1);
  });

  it('nothing of Pod Identity: kube-proxy, a Deployment running NMI, a sidecar named like it, Flux CRDs, the add-on off', () => {
    const s = snapshotOf(
      [
        ...healthy(),
        daemonSet('kube-proxy', { component: 'kube-proxy', 'app.kubernetes.io/component': 'proxy' }, 'mcr.microsoft.com/oss/kubernetes/kube-proxy:v1.30.5'),
        daemonSet('nmi-exporter', {}, 'contoso.azurecr.io/aad-pod-identity/nmi-exporter:1'),
        deployment('nmi', NMI_IMAGE),
        deployment('mic-lookalike', 'contoso.azurecr.io/aad-pod-identity/mic-proxy:1'),
      ],
      { azure: [cluster({ enabled: false }), cluster({ enabled: 'true' }, 'b'), cluster(undefined, 'c')] },
    );
    expect(podIdentityTraces(s)).toEqual([]);
  });

  it('an add-on cluster without a name is "managedCluster"', () => {
    expect(podIdentityTraces(snapshotOf([], { azure: [cluster({ enabled: true }, '')] }))).toEqual([{ ref: 'managedCluster', what: 'AKS pod identity add-on (podIdentityProfile.enabled)' }]);
  });
});

const pod = (name: string, namespace: string, labels: Record<string, string>, containers: Array<{ name: string; image: string }>, owner?: string): KubeObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels, ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner, controller: true }] } : {}) },
  spec: { containers }, status: { phase: 'Running' },
});

describe('agentPods', () => {
  const byOwner = pod('extension-manager-6c8d9f7b5-2kq8x', 'azure-arc', { 'pod-template-hash': '6c8d9f7b5' }, [{ name: 'manager', image: 'x/operator:1' }], 'extension-manager-6c8d9f7b5');
  const byApp = pod('ea-1', 'kube-system', { app: 'extension-agent' }, [{ name: 'c', image: 'x/y:1' }]);
  const byComponent = pod('eo-1', 'kube-system', { 'app.kubernetes.io/component': 'extension-operator' }, [{ name: 'c', image: 'x/y:1' }]);
  const byName = pod('cc-1', 'azure-arc', { 'app.kubernetes.io/name': 'clusterconnect-agent' }, [{ name: 'c', image: 'x/y:1' }]);
  const byContainer = pod('ca-1', 'azure-arc', {}, [{ name: 'proxy', image: 'x/y:1' }, { name: 'config-agent', image: 'x/y:1' }]);
  const byImage = pod('fc-1', 'azure-arc', {}, [{ name: 'c', image: 'mcr.microsoft.com/azurek8sflux/fluxconfig-controller:1.7.3' }]);
  const coredns = pod('coredns-1', 'kube-system', { 'k8s-app': 'kube-dns', app: 'my-extension-manager' }, [{ name: 'coredns', image: 'mcr.microsoft.com/oss/kubernetes/coredns:v1.11.1' }]);
  const elsewhere = pod('extension-agent-1', 'tools', { app: 'extension-agent' }, [{ name: 'extension-agent', image: 'x/extension-agent:1' }]);

  it('by owner, app, component, name label, container name or image name, in azure-arc, kube-system, then the Flux namespace', () => {
    const objs = [...healthy(), byOwner, byApp, byComponent, byName, byContainer, byImage, coredns, elsewhere];
    expect(agentPods(snapshotOf(objs), 'flux-system').map((p) => `${p.metadata.namespace}/${p.metadata.name}`)).toEqual([
      'azure-arc/extension-manager-6c8d9f7b5-2kq8x',
      'azure-arc/cc-1',
      'azure-arc/ca-1',
      'azure-arc/fc-1',
      'kube-system/ea-1',
      'kube-system/eo-1',
      'flux-system/fluxconfig-agent-7f8c6d5b9d-b6r1c',
      'flux-system/fluxconfig-controller-5c9b7d8f6c-j4s7f',
    ]);
    expect(agentPods(snapshotOf(objs), 'tools').map((p) => p.metadata.name)).toContain('extension-agent-1');
  });

  it('a Flux namespace that is one of the agent namespaces lists its pods once', () => {
    expect(agentPods(snapshotOf([byApp, byComponent]), 'kube-system').map((p) => p.metadata.name)).toEqual(['ea-1', 'eo-1']);
  });

  it('Flux controllers are not agents', () => {
    expect(agentPods(snapshotOf(healthy()), 'flux-system').every((p) => /^fluxconfig-/.test(p.metadata.name))).toBe(true);
  });
});

describe('tokenErrors', () => {
  const agent = () => find(healthy(), 'Pod', 'fluxconfig-agent');
  const log = (p: KubeObject, container: string, previous: boolean, text: string) => ({ namespace: 'flux-system', pod: p.metadata.name, container, previous, text });

  it('the first matching line of each container, current log first, case-insensitive, cut at 400 characters', () => {
    const p = agent();
    const long = 'E1203 ' + 'No Azure Identity Found For Request ClientID 4e95##### REDACTED #####0777 '.repeat(8);
    const s = snapshotOf([p], { logs: [log(p, 'fluxconfig-agent', false, `starting\n${LINE}\nsecond ${LINE}`), log(p, 'fluxconfig-agent', true, `older ${LINE}`), log(p, 'fluent-bit', true, long)] });
    expect(tokenErrors(s, [p])).toEqual([
      { pod: p, container: 'fluxconfig-agent', line: LINE },
      { pod: p, container: 'fluent-bit', line: long.slice(0, 400) },
    ]);
    expect(long.length).toBeGreaterThan(400);
  });

  it('the previous instance when only it logged the error; nothing from clean logs or without logs', () => {
    const p = agent();
    expect(tokenErrors(snapshotOf([p], { logs: [log(p, 'fluxconfig-agent', false, 'ok\n'), log(p, 'fluxconfig-agent', true, LINE)] }), [p])).toEqual([{ pod: p, container: 'fluxconfig-agent', line: LINE }]);
    expect(tokenErrors(snapshotOf([p], { logs: [log(p, 'fluxconfig-agent', false, 'status (403) took 63547724 ns for req.method=GET reg.path=/metadata/identity/oauth2/token')] }), [p])).toEqual([]);
    expect(tokenErrors(snapshotOf([p]), [p])).toEqual([]);
  });
});

describe('log-needs: when the token and agent logs are worth reading', () => {
  const nmi = daemonSet('nmi', { component: 'nmi' }, NMI_IMAGE);
  const agent = (objs: KubeObject[]) => find(objs, 'Pod', 'fluxconfig-agent');
  const withExt = (edit: (cfg: KubeObject) => void) => {
    const objs = healthy();
    edit(find(objs, 'ExtensionConfig', 'flux'));
    return objs;
  };
  const fluxConfig = (status: unknown): KubeObject => ({ apiVersion: 'clusterconfig.azure.com/v1beta1', kind: 'FluxConfig', metadata: { name: 'cluster-config', namespace: 'cluster-config' }, spec: {}, status });

  it('fluxExtensionFailed: a provisioning state other than Succeeded (any case), or a FluxConfig not compliant or with errors', () => {
    const failed = (objs: KubeObject[]) => fluxExtensionFailed(snapshotOf(objs));
    expect(failed(healthy())).toBe(false);
    expect(failed(withExt((c) => (c.status.provisioningState = 'succeeded')))).toBe(false);
    expect(failed(withExt((c) => (c.status.provisioningState = 'Failed')))).toBe(true);
    expect(failed(withExt((c) => (c.status.provisioningState = 'Creating')))).toBe(true);
    expect(failed(withExt((c) => delete c.status.provisioningState))).toBe(false);
    expect(failed([...healthy(), fluxConfig({ complianceState: 'Compliant' })])).toBe(false);
    expect(failed([...healthy(), fluxConfig({ complianceState: 'compliant', errors: [] })])).toBe(false);
    expect(failed([...healthy(), fluxConfig({ complianceState: 'Non-Compliant' })])).toBe(true);
    expect(failed([...healthy(), fluxConfig({ complianceState: 'Pending' })])).toBe(true);
    expect(failed([...healthy(), fluxConfig({ errors: [{ message: 'unable to create GitRepository' }] })])).toBe(true);
    expect(failed([...healthy(), fluxConfig({ complianceState: 'Compliant', errors: 'none' })])).toBe(false);
    expect(failed([...healthy(), fluxConfig(undefined)])).toBe(false);
    expect(failed([...healthy().filter((o) => o.kind !== 'ExtensionConfig'), fluxConfig({ complianceState: 'Non-Compliant' })])).toBe(true);
  });

  it('tokenLogWorthReading: only where Pod Identity runs or the extension failed', () => {
    const objs = healthy();
    expect(tokenLogWorthReading(agent(objs), snapshotOf(objs))).toBe(false);
    expect(tokenLogWorthReading(agent(objs), snapshotOf([...objs, nmi]))).toBe(true);
    const failed = withExt((c) => (c.status.provisioningState = 'Failed'));
    expect(tokenLogWorthReading(agent(failed), snapshotOf(failed))).toBe(true);
  });

  it('agentLogWorthReading: a troubled agent pod, a failed extension, or an enforcing Kyverno / Gatekeeper policy', () => {
    const objs = healthy();
    const worth = (o: KubeObject[], p = agent(o)) => agentLogWorthReading(p, snapshotOf(o));
    expect(worth(objs)).toBe(false);
    const troubled = healthy();
    agent(troubled).status.containerStatuses[0].restartCount = 3;
    expect(worth(troubled)).toBe(true);
    expect(worth(withExt((c) => (c.status.provisioningState = 'Failed')))).toBe(true);
    const kyverno = (kind: string, action: string): KubeObject => ({ apiVersion: 'kyverno.io/v1', kind, metadata: { name: 'require-labels', ...(kind === 'Policy' ? { namespace: 'flux-system' } : {}) }, spec: { validationFailureAction: action, rules: [] } });
    expect(worth([...objs, kyverno('ClusterPolicy', 'Enforce')])).toBe(true);
    expect(worth([...objs, kyverno('Policy', 'Enforce')])).toBe(true);
    expect(worth([...objs, kyverno('ClusterPolicy', 'Audit')])).toBe(false);
    const constraint = (enforcementAction?: string): KubeObject => ({ apiVersion: 'constraints.gatekeeper.sh/v1beta1', kind: 'K8sAzureV3ContainerLimits', metadata: { name: 'container-limits' }, spec: enforcementAction ? { enforcementAction } : {} });
    expect(worth([...objs, constraint()])).toBe(true);
    expect(worth([...objs, constraint('deny')])).toBe(true);
    expect(worth([...objs, constraint('dryrun')])).toBe(false);
    expect(worth([...objs, constraint('warn')])).toBe(false);
  });

  it('FLUX004 and FLUX003 read no log on a healthy cluster, and the agents’ logs, decisively, when their condition holds', () => {
    const needs = (check: typeof FLUX004, objs: KubeObject[]) => (check.logs ?? []).flatMap((n) => neededLogs(n, snapshotOf(objs)).map((l) => `${n.decisive}:${l.pod.metadata.namespace}/${l.pod.metadata.name}/${l.container}`));
    expect(needs(FLUX004, healthy())).toEqual([]);
    expect(needs(FLUX003, healthy())).toEqual([]);
    expect(FLUX004.logs?.every((n) => n.decisive && n.when === tokenLogWorthReading)).toBe(true);
    const withNmi = [...healthy(), nmi];
    const agentPod = agent(withNmi).metadata.name;
    expect(needs(FLUX004, withNmi)).toEqual([`true:flux-system/${agentPod}/fluxconfig-agent`, `true:flux-system/${agentPod}/fluent-bit`]);
  });
});
