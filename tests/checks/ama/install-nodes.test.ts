// The AMA helpers on their own: where the agents run and under which names, which nodes are EL9 or Juju, and
// which mechanism refused a privileged pod. Each branch pinned on the healthy base or a real node shape.
import { describe, expect, it } from 'vitest';
import { area } from '../../../src/checks/ama/index.js';
import { agentPodsOf, amaInstall, extensionScope, restartCommands, AMA_NAMES, OMSAGENT_NAMES } from '../../../src/checks/ama/install.js';
import { charmedMarker, enterpriseLinux9, osImageOf } from '../../../src/checks/ama/nodes.js';
import { privilegedRefusals } from '../../../src/checks/ama/privileged.js';
import { snapshotOf, type KubeObject } from '../../helpers/check-harness.js';
import { amaExtension, event, find, healthyObjects, variation } from './fixtures.js';

const node = (name: string, nodeInfo: Record<string, string> = {}, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: { name, labels: { 'kubernetes.io/os': 'linux', ...labels } },
  status: { nodeInfo },
});
const names = (objs: KubeObject[]) => objs.map((o) => o.metadata.name);

describe('enterpriseLinux9', () => {
  it.each([
    ['Oracle Linux Server 9.3', '5.15.0-200.131.27.el9uek.x86_64'],
    ['Oracle Linux 9', ''],
    ['Red Hat Enterprise Linux 9.2 (Plow)', ''],
    ['Red Hat Enterprise Linux Server 9.4', ''],
    ['RHEL 9.1', ''],
    ['Rocky Linux 9.3 (Blue Onyx)', ''],
    ['AlmaLinux 9.4 (Seafoam Ocelot)', ''],
    ['CentOS Stream 9', ''],
    ['rocky linux 9.3', ''],
  ])('%s is EL9', (osImage, kernelVersion) => {
    expect(enterpriseLinux9(node('n', { osImage, kernelVersion }))).toBe(osImage);
  });

  it.each([
    ['Oracle Linux Server 8.9', '5.14.0-362.8.1.el9_3.x86_64'],
    ['Red Hat Enterprise Linux 8.10 (Ootpa)', ''],
    ['Rocky Linux 19.1', ''],
    ['Red Hat Enterprise Linux CoreOS 414.92.202402130420-0 (Plow)', '5.14.0-284.52.1.el9_2.x86_64'],
    ['Ubuntu 22.04.4 LTS', '5.15.0-105-generic'],
    ['Ubuntu 22.04.4 LTS', '4.18.0-513.5.1.el8_9.x86_64'],
    ['', '5.15.0-105-generic'],
    ['', ''],
  ])('%s (kernel %s) is not EL9', (osImage, kernelVersion) => {
    expect(enterpriseLinux9(node('n', { osImage, kernelVersion }))).toBeUndefined();
  });

  it('falls back to an EL9 kernel when the image is not named', () => {
    expect(enterpriseLinux9(node('n', { osImage: 'Linux', kernelVersion: '5.14.0-362.8.1.el9_3.x86_64' }))).toBe('Linux');
    expect(enterpriseLinux9(node('n', { kernelVersion: '5.14.0-70.13.1.el9.x86_64' }))).toBe('kernel 5.14.0-70.13.1.el9.x86_64');
    expect(enterpriseLinux9(node('n', { kernelVersion: '5.15.0-200.131.27.el9uek.x86_64' }))).toBe('kernel 5.15.0-200.131.27.el9uek.x86_64');
    expect(enterpriseLinux9(node('n', { kernelVersion: '5.14.0-70.el9x86_64' }))).toBeUndefined();
    expect(enterpriseLinux9(node('n', { kernelVersion: '5.14.0-70.el90.x86_64' }))).toBeUndefined();
  });

  it('osImageOf is the image, or empty', () => {
    expect(osImageOf(node('n', { osImage: 'Ubuntu 22.04.4 LTS' }))).toBe('Ubuntu 22.04.4 LTS');
    expect(osImageOf({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' } })).toBe('');
  });
});

describe('charmedMarker', () => {
  it('takes the first Juju label of the charm list, with the application when labelled', () => {
    const n = node('n', {}, { 'juju.io/cloud': 'ec2', 'juju-charm': 'kubernetes-worker', 'juju-application': 'kubernetes-worker' });
    expect(charmedMarker(n)).toEqual({ node: n, marker: 'juju-application=kubernetes-worker', application: 'kubernetes-worker' });
    const c = node('n', {}, { 'juju.io/cloud': 'ec2', 'juju-charm': 'kubernetes-worker' });
    expect(charmedMarker(c)).toEqual({ node: c, marker: 'juju-charm=kubernetes-worker', application: undefined });
  });

  it('recognises juju.is and juju.io keys with or without a prefix, and Juju machine names', () => {
    const a = node('n', {}, { 'model.juju.is/name': 'k8s' });
    expect(charmedMarker(a)).toEqual({ node: a, marker: 'model.juju.is/name=k8s', application: undefined });
    const b = node('n', {}, { 'juju.io/manager': 'true' });
    expect(charmedMarker(b)?.marker).toBe('juju.io/manager=true');
    const m = node('juju-59942b-8');
    expect(charmedMarker(m)).toEqual({ node: m, marker: 'node name juju-59942b-8' });
    const noLabels: KubeObject = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'juju-abcdef-12' } };
    expect(charmedMarker(noLabels)?.marker).toBe('node name juju-abcdef-12');
  });

  it.each(['myjuju.is/x', 'juju.com/x', 'x.juju.is', 'juju'])('does not take the label %s for Juju', (key) => {
    expect(charmedMarker(node('arc-worker-1', {}, { [key]: 'v' }))).toBeUndefined();
  });

  it.each(['juju-5994-8', 'juju-59942b-x', 'juju-59942g-8', 'xjuju-59942b-8', 'juju-59942b-8x', 'arc-worker-1'])('does not take the node name %s for a Juju machine', (name) => {
    expect(charmedMarker(node(name))).toBeUndefined();
  });
});

describe('amaInstall', () => {
  it('finds the healthy install in kube-system with its workloads and agent pods', () => {
    const i = amaInstall(snapshotOf(healthyObjects()));
    expect(i.present).toBe(true);
    expect(i.namespace).toBe('kube-system');
    expect(i.names).toEqual(AMA_NAMES);
    expect(i.extension).toBeUndefined();
    expect(i.daemonSet?.metadata.name).toBe('ama-logs');
    expect(i.deployment?.metadata.name).toBe('ama-logs-rs');
    expect(i.windowsDaemonSet).toBeUndefined();
    expect(names(i.pods)).toEqual(['ama-logs-7xk2p', 'ama-logs-q9w4m', 'ama-logs-rs-7c9d8f6b5d-2lq8r']);
    expect(restartCommands(i)).toEqual(['kubectl -n kube-system rollout restart deployment/ama-logs-rs', 'kubectl -n kube-system rollout restart daemonset/ama-logs']);
  });

  it('is absent without agents or extension, and present with the extension alone', () => {
    const none = amaInstall(snapshotOf(healthyObjects().filter((o) => o.kind === 'Node')));
    expect(none).toEqual({ present: false, namespace: 'kube-system', names: AMA_NAMES, extension: undefined, daemonSet: undefined, deployment: undefined, windowsDaemonSet: undefined, pods: [] });
    expect(area.applies(snapshotOf(healthyObjects().filter((o) => o.kind === 'Node')))).toEqual({
      applies: false,
      reason: 'Container Insights is not installed: no ama-logs workload and no microsoft.azuremonitor.containers extension',
    });
    const ext = amaInstall(snapshotOf([], { azure: [amaExtension()] }));
    expect(ext.present).toBe(true);
    expect(ext.extension?.name).toBe('azuremonitor-containers');
    expect(area.applies(snapshotOf([], { azure: [amaExtension()] }))).toEqual({ applies: true });
  });

  it('is present from a workload alone, and from a pod alone', () => {
    const ds = healthyObjects().filter((o) => o.kind === 'DaemonSet');
    expect(amaInstall(snapshotOf(ds)).present).toBe(true);
    const pod = healthyObjects().filter((o) => o.metadata.name === 'ama-logs-7xk2p');
    expect(amaInstall(snapshotOf(pod)).present).toBe(true);
  });

  it('follows the agents to another namespace, but prefers kube-system when they are in both', () => {
    const moved = healthyObjects();
    for (const o of moved) if (o.metadata.namespace) o.metadata.namespace = 'monitoring';
    const i = amaInstall(snapshotOf(moved));
    expect(i.namespace).toBe('monitoring');
    expect(i.daemonSet?.metadata.namespace).toBe('monitoring');
    expect(names(i.pods)).toEqual(['ama-logs-7xk2p', 'ama-logs-q9w4m', 'ama-logs-rs-7c9d8f6b5d-2lq8r']);
    const stray = structuredClone(find(moved, 'Pod', 'ama-logs-7xk2p'));
    stray.metadata.namespace = 'kube-system';
    expect(amaInstall(snapshotOf([...moved, stray])).namespace).toBe('kube-system');
    expect(names(amaInstall(snapshotOf([...moved, stray])).pods)).toEqual(['ama-logs-7xk2p']);
  });

  it('finds the Windows DaemonSet and its pods', () => {
    const win = variation('arc-extension-config.yaml');
    const pod = structuredClone(find(healthyObjects(), 'Pod', 'ama-logs-7xk2p'));
    pod.metadata.name = 'ama-logs-windows-5x7kd';
    pod.metadata.labels = { dsName: 'ama-logs-windows' };
    const i = amaInstall(snapshotOf([...healthyObjects(), ...win, pod]));
    expect(i.windowsDaemonSet?.metadata.name).toBe('ama-logs-windows');
    expect(i.extension?.source).toBe('cluster');
    expect(names(i.pods)).toContain('ama-logs-windows-5x7kd');
    expect(names(agentPodsOf(i, 'DaemonSet'))).toEqual(['ama-logs-7xk2p', 'ama-logs-q9w4m']);
    expect(names(agentPodsOf(i, 'Deployment'))).toEqual(['ama-logs-rs-7c9d8f6b5d-2lq8r']);
  });

  it('takes the pre-3.0 names only when omsagent is what runs', () => {
    const legacy = amaInstall(snapshotOf(variation('legacy-omsagent.yaml')));
    expect(legacy.names).toEqual(OMSAGENT_NAMES);
    expect(legacy.daemonSet?.metadata.name).toBe('omsagent');
    expect(legacy.deployment?.metadata.name).toBe('omsagent-rs');
    expect(restartCommands(legacy)).toEqual(['kubectl -n kube-system rollout restart deployment/omsagent-rs', 'kubectl -n kube-system rollout restart daemonset/omsagent']);
    const onlyDeployment = amaInstall(snapshotOf(variation('legacy-omsagent.yaml').filter((o) => o.kind === 'Deployment')));
    expect(onlyDeployment.names).toEqual(OMSAGENT_NAMES);
    const both = amaInstall(snapshotOf([...healthyObjects(), ...variation('legacy-omsagent.yaml')]));
    expect(both.names).toEqual(AMA_NAMES);
    const onlyAmaDeployment = amaInstall(snapshotOf([...healthyObjects().filter((o) => o.kind === 'Deployment'), ...variation('legacy-omsagent.yaml').filter((o) => o.kind === 'DaemonSet')]));
    expect(onlyAmaDeployment.names).toEqual(AMA_NAMES);
    const pod = structuredClone(find(healthyObjects(), 'Pod', 'ama-logs-7xk2p'));
    pod.metadata.name = 'omsagent-8kq2z';
    pod.metadata.labels = { dsName: 'omsagent-ds' };
    expect(amaInstall(snapshotOf([pod])).names).toEqual(OMSAGENT_NAMES);
    expect(names(amaInstall(snapshotOf([pod])).pods)).toEqual(['omsagent-8kq2z']);
  });

  it('recognises agent pods by label or by name, and nothing else', () => {
    const base = find(healthyObjects(), 'Pod', 'ama-logs-7xk2p');
    const pod = (name: string, labels: Record<string, string>) => ({ ...structuredClone(base), metadata: { ...base.metadata, name, labels } });
    const objs = [
      pod('x-by-ds-label', { dsName: 'ama-logs-ds' }),
      pod('x-by-rs-label', { rsName: 'ama-logs-rs' }),
      pod('x-by-win-label', { dsName: 'ama-logs-windows' }),
      pod('ama-logs-by-name', {}),
      pod('ama-logs', {}),
      pod('coredns-7db6d8ff4d-abcde', { 'k8s-app': 'kube-dns' }),
      pod('x-other-ds', { dsName: 'other-ds' }),
    ];
    expect(names(amaInstall(snapshotOf(objs)).pods)).toEqual(['x-by-ds-label', 'x-by-rs-label', 'x-by-win-label', 'ama-logs-by-name']);
  });

  it('splits pods between the DaemonSet and the Deployment by label, then by name', () => {
    const base = find(healthyObjects(), 'Pod', 'ama-logs-7xk2p');
    const pod = (name: string, labels: Record<string, string>) => ({ ...structuredClone(base), metadata: { ...base.metadata, name, labels } });
    const i = amaInstall(
      snapshotOf([
        pod('ama-logs-aaaaa', {}),
        pod('ama-logs-rs-5d-bbbbb', {}),
        pod('ama-logs-windows-ccccc', {}),
        pod('ama-logs-ddddd', { rsName: 'ama-logs-rs' }),
        pod('x-eeeee', { dsName: 'ama-logs-ds' }),
      ]),
    );
    expect(names(agentPodsOf(i, 'DaemonSet'))).toEqual(['ama-logs-aaaaa', 'x-eeeee']);
    expect(names(agentPodsOf(i, 'Deployment'))).toEqual(['ama-logs-rs-5d-bbbbb', 'ama-logs-ddddd']);
  });

  it('counts only ama-logs* and the omsagent workloads as agents', () => {
    const other: KubeObject = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'omsagent-extra', namespace: 'kube-system' }, spec: {} };
    expect(amaInstall(snapshotOf([other])).present).toBe(false);
    const win: KubeObject = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'omsagent-win', namespace: 'kube-system' }, spec: {} };
    expect(amaInstall(snapshotOf([win])).present).toBe(true);
  });
});

describe('extensionScope', () => {
  it("reads the cluster from the extension's ARM id", () => {
    const ext = amaInstall(snapshotOf([], { azure: [amaExtension()] })).extension;
    expect(extensionScope(ext)).toEqual({ resourceGroup: 'rg-arc-prod', clusterType: 'connectedClusters', cluster: 'arc-prod-01', name: 'azuremonitor-containers' });
  });

  it('gives placeholders and the default name without one', () => {
    expect(extensionScope(undefined)).toEqual({ resourceGroup: '<resource-group>', clusterType: 'connectedClusters', cluster: '<cluster-name>', name: 'azuremonitor-containers' });
    const ext = amaInstall(snapshotOf(variation('arc-extension-config.yaml'))).extension!;
    expect(extensionScope({ ...ext, name: '' })).toEqual({ resourceGroup: '<resource-group>', clusterType: 'connectedClusters', cluster: '<cluster-name>', name: 'azuremonitor-containers' });
    expect(extensionScope(ext).name).toBe('azuremonitor-containers');
    expect(extensionScope({ ...ext, name: 'ci' }).name).toBe('ci');
  });

  it('reads an AKS cluster id as managedClusters', () => {
    const r = amaExtension();
    r.id = '/subscriptions/6f1a2b3c-4d5e-4f60-8a71-92b3c4d5e6f7/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-01/providers/Microsoft.KubernetesConfiguration/extensions/azuremonitor-containers';
    expect(extensionScope(amaInstall(snapshotOf([], { azure: [r] })).extension)).toEqual({ resourceGroup: 'rg-aks', clusterType: 'managedClusters', cluster: 'aks-01', name: 'azuremonitor-containers' });
  });
});

describe('privilegedRefusals', () => {
  const refuse = (message: string, subject = { kind: 'DaemonSet', name: 'ama-logs' }) => event(subject, 'FailedCreate', message);
  const mech = (objs: KubeObject[]) => {
    const snap = snapshotOf(objs);
    return privilegedRefusals(snap, amaInstall(snap)).map((r) => [r.mechanism, r.webhook]);
  };

  it('tells each mechanism from its message', () => {
    const h = healthyObjects();
    expect(mech([...h, refuse('spec.containers[1].securityContext.privileged: Forbidden: disallowed by cluster policy')])).toEqual([['cluster-policy', undefined]]);
    expect(mech([...h, refuse('pods "x" is forbidden: violates PodSecurity "baseline:latest": privileged (container "ama-logs")')])).toEqual([['pod-security', undefined]]);
    expect(mech([...h, refuse('unable to validate against any Pod Security Policy: [Privileged containers are not allowed]')])).toEqual([['pod-security-policy', undefined]]);
    expect(mech([...h, refuse('admission webhook "k8spspprivilegedcontainer.constraints.gatekeeper.sh" denied the request: privileged container')])).toEqual([
      ['webhook', 'k8spspprivilegedcontainer.constraints.gatekeeper.sh'],
    ]);
  });

  it('reads events of the DaemonSet and of the ReplicaSets of the Deployment only, and the failing condition', () => {
    const h = healthyObjects();
    const dep = find(h, 'Deployment', 'ama-logs-rs');
    dep.status.conditions.push({ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'Privileged containers are not allowed' });
    const snap = snapshotOf([...h, refuse('privileged: Forbidden', { kind: 'ReplicaSet', name: 'ama-logs-rs-7c9d8f6b5d' }), refuse('privileged: Forbidden', { kind: 'DaemonSet', name: 'other' })]);
    const r = privilegedRefusals(snap, amaInstall(snap));
    expect(r.map((e) => [e.reason, e.message, e.event.kind, e.count, e.type, e.mechanism])).toEqual([
      ['FailedCreate', 'privileged: Forbidden', 'Event', 14, 'Warning', 'cluster-policy'],
      ['FailedCreate', 'Privileged containers are not allowed', 'Deployment', 1, 'Warning', 'cluster-policy'],
    ]);
  });

  it('reads the ReplicaSets without a DaemonSet, and nothing without either', () => {
    const h = healthyObjects().filter((o) => o.kind !== 'DaemonSet');
    expect(mech([...h, refuse('privileged', { kind: 'ReplicaSet', name: 'ama-logs-rs-7c9d8f6b5d' }), refuse('privileged')])).toEqual([['cluster-policy', undefined]]);
    const dep = find(h, 'Deployment', 'ama-logs-rs');
    dep.status.conditions.push({ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate' });
    expect(mech(h)).toEqual([]);
  });
});
