import { describe, expect, it } from 'vitest';
import AMA003 from '../../../src/checks/ama/AMA003-agents-available.js';
import { runOne, snapshotOf, type KubeObject } from '../../helpers/check-harness.js';
import type { SnapshotParts } from '../../../src/snapshot/snapshot.js';
import { amaExtension, containerCreating, crashLoop, event, find, healthyObjects, variation } from './fixtures.js';

interface Case {
  name: string;
  change?: (objects: KubeObject[]) => KubeObject[] | void;
  extra?: () => Partial<SnapshotParts>;
  status: string;
  message: string;
}

const valid: Case[] = [
  { name: 'passes when ama-logs runs ready on every node and ama-logs-rs is available', status: 'pass', message: 'ama-logs 2/2 ready, ama-logs-rs 1/1 available in kube-system' },
  {
    name: 'passes when the Windows agent DaemonSet has no Windows node to run on',
    change: (o) => [...o, { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'ama-logs-windows', namespace: 'kube-system' }, spec: { selector: { matchLabels: { dsName: 'ama-logs-windows' } } }, status: { currentNumberScheduled: 0, desiredNumberScheduled: 0, numberReady: 0, numberMisscheduled: 0 } }],
    status: 'pass',
    message: 'ama-logs 2/2 ready',
  },
  {
    name: "follows the extension's release namespace",
    change: (o) => {
      for (const x of o) if (x.metadata.namespace) x.metadata.namespace = 'monitoring';
    },
    extra: () => {
      const ext = amaExtension();
      ext.scope.cluster.releaseNamespace = 'monitoring';
      return { azure: [ext] };
    },
    status: 'pass',
    message: 'in monitoring',
  },
  {
    name: 'skips the whole area when no ama-logs workload and no extension exist',
    change: (o) => o.filter((x) => !x.metadata.name.startsWith('ama-logs')),
    status: 'skip',
    message: 'Container Insights is not installed',
  },
  {
    name: 'passes on an Arc install whose extension release namespace is azuremonitor-containers, with a Windows DaemonSet at 0',
    change: (o) => [...o, ...variation('arc-extension-config.yaml')],
    status: 'pass',
    message: 'ama-logs 2/2 ready, ama-logs-rs 1/1 available in kube-system',
  },
  {
    name: 'passes on the pre-3.0 omsagent agents of an older extension, not calling ama-logs missing',
    change: (o) => [...o.filter((x) => x.kind === 'Node'), ...variation('legacy-omsagent.yaml')],
    extra: () => ({ azure: [amaExtension()] }),
    status: 'pass',
    message: 'omsagent 2/2 ready, omsagent-rs 1/1 available in kube-system',
  },
  {
    name: 'passes with an Evicted ama-logs-rs pod left behind beside its healthy replacement',
    change: (o) => {
      const old = structuredClone(find(o, 'Pod', 'ama-logs-rs-7c9d8f6b5d-2lq8r'));
      old.metadata.name = 'ama-logs-rs-7c9d8f6b5d-k4v9n';
      old.status = { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 92340Ki.' };
      return [...o, old];
    },
    status: 'pass',
    message: 'ama-logs-rs 1/1 available',
  },
];

const invalid: Case[] = [
  {
    name: 'fails when an ama-logs pod is in CrashLoopBackOff, naming the pod, node and container',
    change: (o) => {
      find(o, 'DaemonSet', 'ama-logs').status.numberReady = 1;
      find(o, 'DaemonSet', 'ama-logs').status.numberAvailable = 1;
      crashLoop(find(o, 'Pod', 'ama-logs-q9w4m'), 'ama-logs');
    },
    status: 'fail',
    message: 'ama-logs-q9w4m (node arc-worker-2) CrashLoopBackOff: ama-logs CrashLoopBackOff, 7 restarts',
  },
  {
    name: 'fails when ama-logs-rs was deleted although the extension is installed',
    change: (o) => o.filter((x) => !x.metadata.name.startsWith('ama-logs-rs')),
    extra: () => ({ azure: [amaExtension()] }),
    status: 'fail',
    message: 'Deployment kube-system/ama-logs-rs does not exist although the microsoft.azuremonitor.containers extension azuremonitor-containers is installed',
  },
  {
    name: 'fails when only the extension exists and neither workload does',
    change: (o) => o.filter((x) => !x.metadata.name.startsWith('ama-logs')),
    extra: () => ({ azure: [amaExtension()] }),
    status: 'fail',
    message: '2 problems: DaemonSet kube-system/ama-logs does not exist',
  },
  {
    name: 'fails when the ama-logs-rs pod cannot be scheduled, quoting the scheduler',
    change: (o) => {
      const dep = find(o, 'Deployment', 'ama-logs-rs');
      dep.status = { replicas: 1, unavailableReplicas: 1, updatedReplicas: 1, conditions: [{ type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' }] };
      const pod = find(o, 'Pod', 'ama-logs-rs-7c9d8f6b5d-2lq8r');
      delete pod.spec.nodeName;
      pod.status = { phase: 'Pending', qosClass: 'Burstable', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/2 nodes are available: 2 Insufficient memory. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.' }] };
    },
    status: 'fail',
    message: 'not scheduled: 0/2 nodes are available: 2 Insufficient memory',
  },
  {
    name: 'fails when the DaemonSet controller cannot create pods, quoting the FailedCreate event',
    change: (o) => {
      Object.assign(find(o, 'DaemonSet', 'ama-logs').status, { currentNumberScheduled: 0, numberReady: 0, numberAvailable: 0, updatedNumberScheduled: 0 });
      const rest = o.filter((x) => !(x.kind === 'Pod' && x.metadata.labels?.dsName));
      return [...rest, event({ kind: 'DaemonSet', name: 'ama-logs' }, 'FailedCreate', 'Error creating: pods "ama-logs-" is forbidden: exceeded quota: kube-system-quota, requested: pods=1, used: pods=40, limited: pods=40')];
    },
    status: 'fail',
    message: 'DaemonSet kube-system/ama-logs is 0/2 ready (current 0/2): FailedCreate: Error creating: pods "ama-logs-" is forbidden: exceeded quota',
  },
  {
    name: 'fails when ama-logs-rs is scaled to 0 replicas',
    change: (o) => {
      const dep = find(o, 'Deployment', 'ama-logs-rs');
      dep.spec.replicas = 0;
      dep.status = { observedGeneration: 2, conditions: dep.status.conditions };
      return o.filter((x) => x.metadata.name !== 'ama-logs-rs-7c9d8f6b5d-2lq8r');
    },
    status: 'fail',
    message: 'Deployment kube-system/ama-logs-rs is 0/0 ready: scaled to 0 replicas',
  },
  {
    name: 'fails when the DaemonSet is scheduled on no node at all',
    change: (o) => {
      find(o, 'DaemonSet', 'ama-logs').status = { currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0, observedGeneration: 1 };
      return o.filter((x) => !(x.kind === 'Pod' && x.metadata.labels?.dsName));
    },
    status: 'fail',
    message: 'DaemonSet kube-system/ama-logs is scheduled on no node',
  },
  {
    name: 'warns, not fails, when the workloads are absent while Azure is still Creating the extension',
    change: (o) => o.filter((x) => !x.metadata.name.startsWith('ama-logs')),
    extra: () => {
      const ext = amaExtension();
      ext.provisioningState = 'Creating';
      return { azure: [ext] };
    },
    status: 'warn',
    message: 'does not exist although the microsoft.azuremonitor.containers extension azuremonitor-containers is installed (provisioningState Creating',
  },
  {
    name: 'warns, not fails, while a rolling update is creating the new DaemonSet pod',
    change: (o) => {
      Object.assign(find(o, 'DaemonSet', 'ama-logs').status, { numberReady: 1, numberAvailable: 1, numberUnavailable: 1, updatedNumberScheduled: 1 });
      containerCreating(find(o, 'Pod', 'ama-logs-q9w4m'), 3);
    },
    status: 'warn',
    message: 'DaemonSet kube-system/ama-logs is 1/2 ready (current 2/2), pods still starting (updated 1/2)',
  },
  {
    name: 'fails when a pod has been stuck in ContainerCreating past the grace period',
    change: (o) => {
      Object.assign(find(o, 'DaemonSet', 'ama-logs').status, { numberReady: 1, numberAvailable: 1, numberUnavailable: 1 });
      containerCreating(find(o, 'Pod', 'ama-logs-q9w4m'), 45);
    },
    status: 'fail',
    message: 'ama-logs-q9w4m (node arc-worker-2) ContainerCreating',
  },
  {
    name: 'fails naming the NotReady node an ama-logs pod sits on',
    change: (o) => {
      find(o, 'Node', 'arc-worker-2').status.conditions[0] = { type: 'Ready', status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' };
      Object.assign(find(o, 'DaemonSet', 'ama-logs').status, { numberReady: 1, numberAvailable: 1, numberUnavailable: 1 });
      find(o, 'Pod', 'ama-logs-q9w4m').status.conditions.find((c: { type: string }) => c.type === 'Ready').status = 'False';
    },
    status: 'fail',
    message: 'ama-logs-q9w4m (node arc-worker-2) Running: node arc-worker-2 is NotReady (status Unknown): Kubelet stopped posting node status.',
  },
  {
    name: 'fails from a pods-only snapshot, without claiming the workloads are missing',
    change: (o) => {
      crashLoop(find(o, 'Pod', 'ama-logs-rs-7c9d8f6b5d-2lq8r'), 'ama-logs');
      return o.filter((x) => x.kind === 'Pod');
    },
    status: 'fail',
    message: 'Deployment kube-system/ama-logs-rs has unready pods: ama-logs-rs-7c9d8f6b5d-2lq8r (node arc-worker-2) CrashLoopBackOff',
  },
];

describe('AMA003 ama-logs DaemonSet and ama-logs-rs Deployment are fully available', () => {
  for (const c of [...valid, ...invalid]) {
    it(c.name, () => {
      const objects = healthyObjects();
      const changed = c.change?.(objects) ?? objects;
      const r = runOne(AMA003, snapshotOf(changed, c.extra?.() ?? {}));
      expect(r.status).toBe(c.status);
      expect(r.message).toContain(c.message);
    });
  }

  it('gives describe and --previous logs commands for the crashing pod', () => {
    const objects = healthyObjects();
    find(objects, 'DaemonSet', 'ama-logs').status.numberReady = 1;
    crashLoop(find(objects, 'Pod', 'ama-logs-q9w4m'), 'ama-logs');
    const r = runOne(AMA003, snapshotOf(objects, { logs: [{ namespace: 'kube-system', pod: 'ama-logs-q9w4m', container: 'ama-logs', previous: true, text: 'starting fluent-bit\nfailed to read /etc/ama-logs-secret/KEY: no such file\n' }] }));
    expect(r.remediation?.commands).toContain('kubectl -n kube-system logs ama-logs-q9w4m -c ama-logs --previous');
    expect(r.evidence.map((e) => String(e.observed)).join('\n')).toContain('failed to read /etc/ama-logs-secret/KEY');
    expect(r.findings?.[0].object).toEqual({ apiVersion: 'apps/v1', kind: 'DaemonSet', namespace: 'kube-system', name: 'ama-logs' });
  });

  it('gives the az commands with the real cluster names to re-create a deleted workload', () => {
    const objects = healthyObjects().filter((x) => !x.metadata.name.startsWith('ama-logs-rs'));
    const r = runOne(AMA003, snapshotOf(objects, { azure: [amaExtension()] }));
    expect(r.remediation?.commands).toContain(
      'az k8s-extension create --name azuremonitor-containers --extension-type Microsoft.AzureMonitor.Containers --cluster-type connectedClusters --cluster-name arc-prod-01 --resource-group rg-arc-prod',
    );
  });
});
