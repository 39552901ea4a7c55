import { describe, expect, it } from 'vitest';
import AMA002 from '../../../src/checks/ama/AMA002-oracle-linux-iptables.js';
import { runOne, snapshotOf, type ContainerLog, type KubeObject } from '../../helpers/check-harness.js';
import { containerCreating, crashLoop, find, healthyObjects, IPTABLES_LOG } from './fixtures.js';

const RS_POD = 'ama-logs-rs-7c9d8f6b5d-2lq8r';

function osImage(objects: KubeObject[], node: string, image: string): void {
  find(objects, 'Node', node).status.nodeInfo.osImage = image;
}

function adapterLog(pod: string, text: string, previous = false): ContainerLog {
  return { namespace: 'kube-system', pod, container: 'addon-token-adapter', previous, text };
}

interface Case {
  name: string;
  change?: (objects: KubeObject[]) => KubeObject[] | void;
  logs?: ContainerLog[];
  status: string;
  message: string;
}

const valid: Case[] = [
  { name: 'passes when no node runs Oracle Linux or RHEL 9', status: 'pass', message: 'no Oracle Linux / RHEL 9.x node' },
  {
    name: 'passes with a note when an Oracle Linux 9 node runs a healthy adapter',
    change: (o) => osImage(o, 'arc-worker-2', 'Oracle Linux Server 9.3'),
    status: 'pass',
    message: 'without the iptables error on the Oracle Linux / RHEL 9 node(s) arc-worker-2 (Oracle Linux Server 9.3)',
  },
  {
    name: 'passes when the pods have no addon-token-adapter (AAD auth off), even on Oracle Linux 9',
    change: (o) => {
      osImage(o, 'arc-worker-2', 'Oracle Linux Server 9.3');
      for (const x of o.filter((p) => p.kind === 'Pod' || p.kind === 'DaemonSet' || p.kind === 'Deployment')) {
        if (x.kind !== 'Pod') {
          x.spec.template.spec.containers = x.spec.template.spec.containers.filter((c: { name: string }) => c.name !== 'addon-token-adapter');
          continue;
        }
        x.spec.containers = x.spec.containers.filter((c: { name: string }) => c.name !== 'addon-token-adapter');
        x.status.containerStatuses = x.status.containerStatuses.filter((c: { name: string }) => c.name !== 'addon-token-adapter');
      }
    },
    status: 'pass',
    message: 'no addon-token-adapter container',
  },
  {
    name: 'passes when a crashing adapter runs on Oracle Linux 8, which loads iptable_nat',
    change: (o) => {
      osImage(o, 'arc-worker-2', 'Oracle Linux Server 8.9');
      crashLoop(find(o, 'Pod', RS_POD), 'addon-token-adapter');
    },
    status: 'pass',
    message: 'no Oracle Linux / RHEL 9.x node',
  },
  {
    name: 'passes on RHCOS (OpenShift), which is not RHEL 9 as the guide means it',
    change: (o) => {
      osImage(o, 'arc-worker-2', 'Red Hat Enterprise Linux CoreOS 414.92.202402130420-0 (Plow)');
      crashLoop(find(o, 'Pod', RS_POD), 'addon-token-adapter');
    },
    status: 'pass',
    message: 'no Oracle Linux / RHEL 9.x node',
  },
  {
    name: 'passes when the adapter fails on Oracle Linux 9 for another reason its logs show',
    change: (o) => {
      osImage(o, 'arc-worker-2', 'Oracle Linux Server 9.3');
      crashLoop(find(o, 'Pod', RS_POD), 'addon-token-adapter');
    },
    logs: [adapterLog(RS_POD, 'failed to get token: secret azure-arc/ama-logs-aad-msi-token not found\n', true)],
    status: 'pass',
    message: 'its logs hold no iptables nat error: another cause',
  },
  {
    name: 'passes with a note when only the previous instance logged the error and the adapter runs ready now',
    change: (o) => {
      osImage(o, 'arc-worker-2', 'Oracle Linux Server 9.3');
      Object.assign(find(o, 'Pod', RS_POD).status.containerStatuses[0], { restartCount: 12, lastState: { terminated: { exitCode: 1, reason: 'Error' } } });
    },
    logs: [adapterLog(RS_POD, IPTABLES_LOG, true), adapterLog(RS_POD, 'token server listening on 7777\n')],
    status: 'pass',
    message: 'runs without the iptables error on the Oracle Linux / RHEL 9 node(s) arc-worker-2',
  },
  {
    name: 'passes while the adapter on an Oracle Linux 9 node is still being created',
    change: (o) => {
      osImage(o, 'arc-worker-2', 'Oracle Linux Server 9.4');
      containerCreating(find(o, 'Pod', RS_POD), 2);
    },
    status: 'pass',
    message: 'without the iptables error',
  },
];

const invalid: Case[] = [
  {
    name: 'fails on Oracle Linux 9 when the adapter logs the iptables nat error, naming the node',
    change: (o) => {
      osImage(o, 'arc-worker-2', 'Oracle Linux Server 9.3');
      crashLoop(find(o, 'Pod', RS_POD), 'addon-token-adapter');
    },
    logs: [adapterLog(RS_POD, IPTABLES_LOG)],
    status: 'fail',
    message: "node arc-worker-2 (Oracle Linux Server 9.3): addon-token-adapter in ama-logs-q9w4m, ama-logs-rs-7c9d8f6b5d-2lq8r cannot set up iptables",
  },
  {
    name: 'fails when only the previous instance logged the error',
    change: (o) => {
      osImage(o, 'arc-worker-2', 'Red Hat Enterprise Linux 9.2 (Plow)');
      crashLoop(find(o, 'Pod', RS_POD), 'addon-token-adapter');
    },
    logs: [adapterLog(RS_POD, 'starting token adapter\n'), adapterLog(RS_POD, IPTABLES_LOG, true)],
    status: 'fail',
    message: "can't initialize iptables table `nat'",
  },
  {
    name: 'fails on RHEL 9 when the adapter is crash-looping and no log was collected',
    change: (o) => {
      osImage(o, 'arc-worker-1', 'Red Hat Enterprise Linux 9.2 (Plow)');
      crashLoop(find(o, 'Pod', 'ama-logs-7xk2p'), 'addon-token-adapter');
    },
    status: 'fail',
    message: 'node arc-worker-1 (Red Hat Enterprise Linux 9.2 (Plow)): addon-token-adapter in ama-logs-7xk2p is failing (CrashLoopBackOff); no log to confirm',
  },
  {
    name: 'fails on any node whose adapter logs the iptables error, since the cause is the same',
    logs: [adapterLog('ama-logs-7xk2p', IPTABLES_LOG)],
    status: 'fail',
    message: 'node arc-worker-1 (Ubuntu 22.04.4 LTS)',
  },
  {
    name: 'fails on Rocky Linux 9 (a RHEL 9 rebuild) when the adapter crash-loops and no log was collected',
    change: (o) => {
      osImage(o, 'arc-worker-2', 'Rocky Linux 9.3 (Blue Onyx)');
      crashLoop(find(o, 'Pod', RS_POD), 'addon-token-adapter');
    },
    status: 'fail',
    message: 'node arc-worker-2 (Rocky Linux 9.3 (Blue Onyx)): addon-token-adapter in ama-logs-rs-7c9d8f6b5d-2lq8r is failing (CrashLoopBackOff)',
  },
  {
    name: 'fails from a pods-only snapshot (kubectl get pods) whose adapter logged the iptables error',
    change: (o) => {
      crashLoop(find(o, 'Pod', RS_POD), 'addon-token-adapter');
      return o.filter((x) => x.kind === 'Pod');
    },
    logs: [adapterLog(RS_POD, IPTABLES_LOG, true)],
    status: 'fail',
    message: "node arc-worker-2 (OS unknown: Node not in the snapshot): addon-token-adapter in ama-logs-rs-7c9d8f6b5d-2lq8r cannot set up iptables",
  },
];

describe('AMA002 addon-token-adapter can set up iptables (Oracle Linux / RHEL 9.x)', () => {
  for (const c of [...valid, ...invalid]) {
    it(c.name, () => {
      const objects = healthyObjects();
      const changed = c.change?.(objects) ?? objects;
      // The DaemonSet pod on the same node fails the same way.
      if (c.name.includes('naming the node')) crashLoop(find(changed, 'Pod', 'ama-logs-q9w4m'), 'addon-token-adapter');
      const logs = [...(c.logs ?? [])];
      if (c.name.includes('naming the node')) logs.push(adapterLog('ama-logs-q9w4m', IPTABLES_LOG, true));
      const r = runOne(AMA002, snapshotOf(changed, { logs }));
      expect(r.status).toBe(c.status);
      expect(r.message).toContain(c.message);
    });
  }

  it('gives the persistent iptable_nat fix per node, then restarts the agents', () => {
    const objects = healthyObjects();
    osImage(objects, 'arc-worker-1', 'Oracle Linux Server 9.4');
    osImage(objects, 'arc-worker-2', 'Oracle Linux Server 9.4');
    crashLoop(find(objects, 'Pod', 'ama-logs-7xk2p'), 'addon-token-adapter');
    crashLoop(find(objects, 'Pod', RS_POD), 'addon-token-adapter');
    const r = runOne(AMA002, snapshotOf(objects, { logs: [adapterLog('ama-logs-7xk2p', IPTABLES_LOG), adapterLog(RS_POD, IPTABLES_LOG)] }));
    expect(r.status).toBe('fail');
    expect(r.remediation?.commands).toEqual([
      "ssh arc-worker-1 'sudo modprobe iptable_nat && echo iptable_nat | sudo tee /etc/modules-load.d/iptable_nat.conf'",
      "ssh arc-worker-2 'sudo modprobe iptable_nat && echo iptable_nat | sudo tee /etc/modules-load.d/iptable_nat.conf'",
      'kubectl -n kube-system rollout restart deployment/ama-logs-rs',
      'kubectl -n kube-system rollout restart daemonset/ama-logs',
    ]);
    expect(r.remediation?.text).not.toMatch(/modprobe iptables_nat/);
    expect(r.findings?.map((f) => f.object?.name)).toEqual(['arc-worker-1', 'arc-worker-2']);
  });

  it('notes a recovered adapter so the module is made persistent', () => {
    const objects = healthyObjects();
    osImage(objects, 'arc-worker-2', 'Oracle Linux Server 9.3');
    const r = runOne(AMA002, snapshotOf(objects, { logs: [adapterLog(RS_POD, IPTABLES_LOG, true), adapterLog(RS_POD, 'token server listening on 7777\n')] }));
    expect(r.notes?.join('\n')).toContain('ama-logs-rs-7c9d8f6b5d-2lq8r on arc-worker-2 logged the iptables nat error before its last restart');
  });
});
