// The edges the exact-outcome files leave open: log needs, thresholds at zero desired pods, statusless workloads,
// case-insensitive refusal texts, the 3-pod cap at exactly three, young unschedulable pods.
import { describe, expect, it } from 'vitest';
import AMA001 from '../../../src/checks/ama/AMA001-charmed-privileged.js';
import AMA002 from '../../../src/checks/ama/AMA002-oracle-linux-iptables.js';
import AMA003 from '../../../src/checks/ama/AMA003-agents-available.js';
import { whyNotReady } from '../../../src/checks/ama/agent-health.js';
import { amaInstall } from '../../../src/checks/ama/install.js';
import { explainPod } from '../../../src/checks/ama/pod-trouble.js';
import { privilegedRefusals } from '../../../src/checks/ama/privileged.js';
import { NOW, snapshotOf, type ContainerLog, type KubeObject } from '../../helpers/check-harness.js';
import { container, containerCreating, crashLoop, event, find, healthyObjects } from './fixtures.js';

const P = 'ama-logs-q9w4m';
const RS = 'ama-logs-rs-7c9d8f6b5d-2lq8r';
const A = 'addon-token-adapter';
const NAT_LINE = "iptables v1.8.9 (legacy): can't initialize iptables table `nat': Table does not exist (do you need to insmod?)";
const ctx = { now: NOW, catalog: [] };
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000).toISOString();

describe('log needs', () => {
  it("AMA002 reads the adapter's log only where the adapter is troubled", () => {
    const o = healthyObjects();
    const snap = snapshotOf(o);
    const [rs, ds] = AMA002.logs!;
    expect([rs.when!(find(o, 'Pod', RS), snap), ds.when!(find(o, 'Pod', P), snap)]).toEqual([false, false]);
    crashLoop(find(o, 'Pod', P), 'ama-logs');
    expect(ds.when!(find(o, 'Pod', P), snap)).toBe(false);
    crashLoop(find(o, 'Pod', RS), A);
    crashLoop(find(o, 'Pod', P), A);
    expect([rs.when!(find(o, 'Pod', RS), snap), ds.when!(find(o, 'Pod', P), snap)]).toEqual([true, true]);
  });

  it("AMA003 reads a pod's logs only when the pod is troubled", () => {
    const o = healthyObjects();
    const snap = snapshotOf(o);
    const [ds, rs] = AMA003.logs!;
    expect([ds.when!(find(o, 'Pod', P), snap), rs.when!(find(o, 'Pod', RS), snap)]).toEqual([false, false]);
    crashLoop(find(o, 'Pod', P), 'ama-logs');
    crashLoop(find(o, 'Pod', RS), 'ama-logs');
    expect([ds.when!(find(o, 'Pod', P), snap), rs.when!(find(o, 'Pod', RS), snap)]).toEqual([true, true]);
  });
});

describe('AMA002 edges', () => {
  const log = (pod: string, text: string, previous = false): ContainerLog => ({ namespace: 'kube-system', pod, container: A, previous, text });

  it('reports a ready adapter whose current log holds the error, as ready', () => {
    const r = AMA002.run(snapshotOf(healthyObjects(), { logs: [log(RS, NAT_LINE)] }), ctx);
    expect(r.findings?.[0].evidence?.[1]).toEqual({ ref: `v1/Pod kube-system/${RS}`, path: `status.containerStatuses[${A}]`, observed: 'ready, 0 restarts', expected: 'ready, not restarting' });
  });

  it('does not fail a declared adapter without a status on EL9 when no log says anything', () => {
    const o = healthyObjects();
    find(o, 'Node', 'arc-worker-2').status.nodeInfo.osImage = 'Oracle Linux Server 9.3';
    const pod = find(o, 'Pod', RS);
    pod.status.containerStatuses = pod.status.containerStatuses.filter((c: { name: string }) => c.name !== A);
    expect(AMA002.run(snapshotOf(o), ctx).status).toBe('pass');
  });

  it('says no adapter container runs when the DaemonSet is the only workload and has none', () => {
    const o = healthyObjects().filter((x) => x.kind !== 'Deployment' && x.metadata.name !== RS);
    for (const x of o) {
      if (x.kind === 'Pod') {
        x.spec.containers = x.spec.containers.filter((c: { name: string }) => c.name !== A);
        x.status.containerStatuses = x.status.containerStatuses.filter((c: { name: string }) => c.name !== A);
      } else if (x.kind === 'DaemonSet') x.spec.template.spec.containers = x.spec.template.spec.containers.filter((c: { name: string }) => c.name !== A);
    }
    expect(AMA002.run(snapshotOf(o), ctx).message).toBe(`no ${A} container in the AMA pods (AAD auth not in use), so the iptables NAT setup does not apply`);
  });
});

describe('privileged refusal texts, in any case', () => {
  const mech = (message: string) => {
    const snap = snapshotOf([...healthyObjects(), event({ kind: 'DaemonSet', name: 'ama-logs' }, 'FailedCreate', message)]);
    return privilegedRefusals(snap, amaInstall(snap)).map((r) => [r.mechanism, r.webhook]);
  };
  it('reads the webhook, PodSecurity and PSP wording case-insensitively', () => {
    expect(mech('Error creating: Admission Webhook "policy.example.com" Denied the request: Privileged')).toEqual([['webhook', 'policy.example.com']]);
    expect(mech('pods "x" is forbidden: VIOLATES PODSECURITY "restricted:latest": privileged')).toEqual([['pod-security', undefined]]);
    expect(mech('PRIVILEGED containers are not allowed')).toEqual([['cluster-policy', undefined]]);
  });
});

describe('AMA001 edges', () => {
  it('passes on a DaemonSet without status that wants no pod', () => {
    const o = healthyObjects().filter((x) => !(x.kind === 'Pod' && x.metadata.labels?.dsName));
    for (const n of o.filter((x) => x.kind === 'Node')) n.metadata.labels!['juju-application'] = 'kubernetes-worker';
    delete find(o, 'DaemonSet', 'ama-logs').status;
    expect(AMA001.run(snapshotOf(o), ctx).message).toBe('Charmed Kubernetes, and the privileged ama-logs pods are allowed (0/0 scheduled)');
  });
});

describe('AMA003 edges', () => {
  it('fails, not warns, a DaemonSet that wants no pod while one of its pods terminates', () => {
    const o = healthyObjects();
    find(o, 'DaemonSet', 'ama-logs').status = { desiredNumberScheduled: 0, currentNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0 };
    find(o, 'Pod', P).metadata.deletionTimestamp = minutesAgo(1);
    const r = AMA003.run(snapshotOf(o), ctx);
    expect(r.findings?.map((f) => [f.status, f.message])).toEqual([
      ['fail', `DaemonSet kube-system/ama-logs is scheduled on no node: ${P} (node arc-worker-2) Terminating (starting or stopping, under 10 min old)`],
    ]);
  });

  it('fails, not warns, a Deployment scaled to 0 while its pod terminates', () => {
    const o = healthyObjects();
    const dep = find(o, 'Deployment', 'ama-logs-rs');
    dep.spec.replicas = 0;
    dep.status = { observedGeneration: 2 };
    find(o, 'Pod', RS).metadata.deletionTimestamp = minutesAgo(1);
    const r = AMA003.run(snapshotOf(o), ctx);
    expect(r.findings?.map((f) => [f.status, f.message])).toEqual([
      ['fail', `Deployment kube-system/ama-logs-rs is 0/0 ready: ${RS} (node arc-worker-2) Terminating (starting or stopping, under 10 min old)`],
    ]);
  });

  it('fails a DaemonSet without status as scheduled on no node', () => {
    const o = healthyObjects().filter((x) => !(x.kind === 'Pod' && x.metadata.labels?.dsName));
    delete find(o, 'DaemonSet', 'ama-logs').status;
    const f = AMA003.run(snapshotOf(o), ctx).findings?.[0];
    expect([f?.message, f?.evidence?.[0].observed]).toEqual(['DaemonSet kube-system/ama-logs is scheduled on no node: no pod exists and no event says why (events expire after an hour)', 'desired 0, current 0, ready 0, available 0']);
  });

  it('expects as many available pods as replicas, and falls back to the chart label for a Deployment selecting by expression', () => {
    const o = healthyObjects();
    const dep = find(o, 'Deployment', 'ama-logs-rs');
    dep.spec.replicas = 2;
    dep.spec.selector = { matchExpressions: [{ key: 'rsName', operator: 'In', values: ['ama-logs-rs'] }] };
    const f = AMA003.run(snapshotOf(o), ctx).findings?.[0];
    expect(f?.evidence?.[0]).toEqual({ ref: 'apps/v1/Deployment kube-system/ama-logs-rs', path: 'status', observed: 'ready 1, available 1 of 2', expected: '2 available' });
    expect(f?.commands).toEqual(['kubectl -n kube-system describe deployment ama-logs-rs', 'kubectl -n kube-system get pods -l rsName=ama-logs-rs -o wide']);
    expect(f?.message).toBe('Deployment kube-system/ama-logs-rs is 1/2 ready');
  });
});

describe('pod-trouble and agent-health edges', () => {
  it('is not transitional for a young pod the scheduler cannot place', () => {
    const o = healthyObjects();
    const pod = find(o, 'Pod', RS);
    delete pod.spec.nodeName;
    pod.metadata.creationTimestamp = minutesAgo(1);
    pod.status = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/2 nodes are available: 2 Insufficient memory.' }] };
    expect(explainPod(snapshotOf(o), pod, NOW).transitional).toBe(false);
  });

  it('gives --previous logs for a container that restarted without crash-looping now', () => {
    const o = healthyObjects();
    Object.assign(container(find(o, 'Pod', P), 'ama-logs'), { ready: false, restartCount: 2 });
    expect(explainPod(snapshotOf(o), find(o, 'Pod', P), NOW).commands).toEqual([`kubectl -n kube-system describe pod ${P}`, `kubectl -n kube-system logs ${P} -c ama-logs --previous`]);
  });

  it('names three troubled pods without "and more"', () => {
    const base = healthyObjects();
    const pods = [1, 2, 3].map((i) => {
      const p = structuredClone(find(base, 'Pod', P));
      p.metadata.name = `ama-logs-p${i}`;
      crashLoop(p, 'ama-logs', i);
      return p;
    });
    const r = whyNotReady(snapshotOf([...base, ...pods]), { namespace: 'kube-system', pods, creators: ['ama-logs'], creatorKind: 'DaemonSet' }, NOW);
    expect(r.summary.split('; ')).toHaveLength(3);
    expect(r.summary).not.toContain('more pods');
  });

  it('lists a pod that is only starting beside a failing one, failing first', () => {
    const o = healthyObjects();
    containerCreating(find(o, 'Pod', 'ama-logs-7xk2p'), 1);
    crashLoop(find(o, 'Pod', P), 'ama-logs');
    const pods = [find(o, 'Pod', 'ama-logs-7xk2p'), find(o, 'Pod', P)];
    const r = whyNotReady(snapshotOf(o), { namespace: 'kube-system', pods, creators: ['ama-logs'], creatorKind: 'DaemonSet' }, NOW);
    expect(r.summary).toBe(
      `${P} (node arc-worker-2) CrashLoopBackOff: ama-logs CrashLoopBackOff, 7 restarts, last exit Error; ama-logs-7xk2p (node arc-worker-1) ContainerCreating (starting or stopping, under 10 min old)`,
    );
    expect(r.transitional).toBe(false);
  });
});

describe('survivors of the first measured run', () => {
  it('AMA001 fails on no refusal of a ReplicaSet that only shares the prefix', () => {
    const o = healthyObjects();
    for (const n of o.filter((x) => x.kind === 'Node')) n.metadata.labels!['juju-application'] = 'kubernetes-worker';
    find(o, 'Deployment', 'ama-logs-rs').status = { replicas: 0, conditions: [] };
    const other: KubeObject = structuredClone(find(o, 'ReplicaSet', 'ama-logs-rs-7c9d8f6b5d'));
    other.metadata.name = 'ama-logs-rsx-5d';
    const r = AMA001.run(snapshotOf([...o, other, event({ kind: 'ReplicaSet', name: 'ama-logs-rsx-5d' }, 'FailedCreate', 'Privileged containers are not allowed')]), ctx);
    expect(r.message).toBe('Charmed Kubernetes, and the privileged ama-logs pods are allowed (2/2 scheduled)');
  });

  it('AMA003 marks the rollout finding itself warn, and quotes only its own ReplicaSets', () => {
    const o = healthyObjects();
    Object.assign(find(o, 'DaemonSet', 'ama-logs').status, { numberReady: 1, numberAvailable: 1 });
    containerCreating(find(o, 'Pod', P), 3);
    expect(AMA003.run(snapshotOf(o), ctx).findings?.map((f) => f.status)).toEqual(['warn']);
    const n = healthyObjects().filter((x) => x.metadata.name !== RS);
    find(n, 'Deployment', 'ama-logs-rs').status = { replicas: 0, conditions: [] };
    const otherRs = structuredClone(find(n, 'ReplicaSet', 'ama-logs-rs-7c9d8f6b5d'));
    otherRs.metadata.name = 'ama-logs-rsx-1';
    const r = AMA003.run(snapshotOf([...n, otherRs, event({ kind: 'ReplicaSet', name: 'ama-logs-rsx-1' }, 'FailedCreate', 'not ours')]), ctx);
    expect(r.findings?.[0].message).toBe('Deployment kube-system/ama-logs-rs is 0/1 ready: no pod exists and no event says why (events expire after an hour)');
    expect(r.findings?.[0].evidence).toHaveLength(1);
  });

  it('amaInstall: a Deployment alone is an install, another pod alone is not', () => {
    expect(amaInstall(snapshotOf(healthyObjects().filter((x) => x.kind === 'Deployment'))).present).toBe(true);
    const coredns: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'coredns-7db6d8ff4d-abcde', namespace: 'monitoring', labels: { 'k8s-app': 'kube-dns' } }, spec: {} };
    expect(amaInstall(snapshotOf([coredns])).present).toBe(false);
    const moved = healthyObjects().filter((x) => x.kind !== 'Node');
    for (const x of moved) x.metadata.namespace = 'monitoring';
    expect(amaInstall(snapshotOf([{ ...coredns, metadata: { ...coredns.metadata, namespace: 'kube-system' } }, ...moved])).namespace).toBe('monitoring');
  });

  it('pod-trouble joins a node problem and a container line with "; "', () => {
    const o = healthyObjects();
    find(o, 'Node', 'arc-worker-2').status.conditions[0] = { type: 'Ready', status: 'False' };
    crashLoop(find(o, 'Pod', P), 'ama-logs');
    expect(explainPod(snapshotOf(o), find(o, 'Pod', P), NOW).summary).toBe(`${P} (node arc-worker-2) CrashLoopBackOff: node arc-worker-2 is NotReady; ama-logs CrashLoopBackOff, 7 restarts, last exit Error`);
  });
});
