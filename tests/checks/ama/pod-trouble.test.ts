// Why an AMA pod is not ready, pinned whole: the summary line, evidence, commands and whether it is only starting,
// for each container state kubectl shows, the grace period at and around 10 minutes, and the node it sits on.
import { describe, expect, it } from 'vitest';
import { whyNotReady } from '../../../src/checks/ama/agent-health.js';
import { explainPod, isBroken, isFailing, nodeNotReady, troubledPods } from '../../../src/checks/ama/pod-trouble.js';
import type { ContainerState } from '../../../src/checks/shared/workloads.js';
import { NOW, snapshotOf, type ContainerLog, type KubeObject } from '../../helpers/check-harness.js';
import { container, containerCreating, crashLoop, event, find, healthyObjects } from './fixtures.js';

const P = 'ama-logs-q9w4m'; // DaemonSet pod on arc-worker-2
const RS = 'ama-logs-rs-7c9d8f6b5d-2lq8r';
const podRef = (p = P) => `v1/Pod kube-system/${p}`;
const cs = (over: Partial<ContainerState>): ContainerState => ({ name: 'c', ready: false, restarts: 0, init: false, ...over });
const explain = (objects: KubeObject[], pod = P, logs: ContainerLog[] = []) => explainPod(snapshotOf(objects, { logs }), find(objects, 'Pod', pod), NOW);
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000).toISOString();

describe('explainPod', () => {
  it('explains a crash loop: status, container line with the last exit, --previous logs, and the log tail', () => {
    const o = healthyObjects();
    crashLoop(find(o, 'Pod', P), 'ama-logs');
    const logs = [{ namespace: 'kube-system', pod: P, container: 'ama-logs', previous: true, text: 'l1\nl2\nl3\nl4\nl5\nl6\n\n' }];
    expect(explain(o, P, logs)).toEqual({
      pod: find(o, 'Pod', P),
      summary: `${P} (node arc-worker-2) CrashLoopBackOff: ama-logs CrashLoopBackOff, 7 restarts, last exit Error`,
      evidence: [
        { ref: podRef(), path: 'status', observed: 'CrashLoopBackOff, READY 2/3, 7 restarts', expected: 'Running, all containers ready' },
        { ref: podRef(), path: 'logs/ama-logs', observed: 'l2\nl3\nl4\nl5\nl6' },
      ],
      commands: [`kubectl -n kube-system describe pod ${P}`, `kubectl -n kube-system logs ${P} -c ama-logs --previous`],
      transitional: false,
    });
  });

  it('quotes the first line of a waiting message (cut at 200) and the image of a pull failure, without restarts', () => {
    const o = healthyObjects();
    const c = container(find(o, 'Pod', P), 'ama-logs');
    const long = 'x'.repeat(250);
    Object.assign(c, { ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "mcr.microsoft.com/azuremonitor/containerinsights/ciprod:3.1.99": ${long}\nsecond line` } }, lastState: {} });
    const r = explain(o);
    const msg = `Back-off pulling image "mcr.microsoft.com/azuremonitor/containerinsights/ciprod:3.1.99": ${long}`.slice(0, 200);
    expect(r.summary).toBe(`${P} (node arc-worker-2) ImagePullBackOff: ama-logs ImagePullBackOff (image mcr.microsoft.com/azuremonitor/containerinsights/ciprod:3.1.27) — ${msg}`);
    expect(r.commands).toEqual([`kubectl -n kube-system describe pod ${P}`, `kubectl -n kube-system logs ${P} -c ama-logs`]);
    c.state = { waiting: { reason: 'ErrImagePull', message: 'rpc error: code = NotFound' } };
    expect(explain(o).summary).toBe(`${P} (node arc-worker-2) ErrImagePull: ama-logs ErrImagePull (image mcr.microsoft.com/azuremonitor/containerinsights/ciprod:3.1.27) — rpc error: code = NotFound`);
    c.state = { waiting: { reason: 'CreateContainerConfigError', message: 'secret "ama-logs-secret" not found' } };
    expect(explain(o).summary).toBe(`${P} (node arc-worker-2) CreateContainerConfigError: ama-logs CreateContainerConfigError — secret "ama-logs-secret" not found`);
  });

  it('says "not ready" for a running container that is not ready, and repeats no exit reason equal to the current one', () => {
    const o = healthyObjects();
    Object.assign(container(find(o, 'Pod', P), 'ama-logs'), { ready: false, restartCount: 2, lastState: { terminated: { reason: 'OOMKilled' } } });
    expect(explain(o).summary).toBe(`${P} (node arc-worker-2) Running: ama-logs not ready, 2 restarts, last exit OOMKilled`);
    Object.assign(container(find(o, 'Pod', P), 'ama-logs'), { state: { terminated: { reason: 'OOMKilled', exitCode: 137 } } });
    expect(explain(o).summary).toBe(`${P} (node arc-worker-2) OOMKilled: ama-logs OOMKilled, 2 restarts`);
  });

  it('names the scheduler message and no node for a pending pod', () => {
    const o = healthyObjects();
    const pod = find(o, 'Pod', RS);
    delete pod.spec.nodeName;
    const m = '0/2 nodes are available: 2 Insufficient memory.';
    pod.status = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: m }] };
    expect(explain(o, RS)).toEqual({
      pod,
      summary: `${RS} Pending: not scheduled: ${m}`,
      evidence: [
        { ref: podRef(RS), path: 'status', observed: 'Pending, READY 0/2, 0 restarts', expected: 'Running, all containers ready' },
        { ref: podRef(RS), path: 'status.conditions[PodScheduled].message', observed: m },
      ],
      commands: [`kubectl -n kube-system describe pod ${RS}`],
      transitional: false,
    });
  });

  it('names a NotReady node, with its message, and is never transitional there', () => {
    const o = healthyObjects();
    find(o, 'Node', 'arc-worker-2').status.conditions[0] = { type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: 'container runtime network not ready' };
    containerCreating(find(o, 'Pod', P), 1);
    const r = explain(o);
    expect(r.summary).toBe(`${P} (node arc-worker-2) ContainerCreating: node arc-worker-2 is NotReady: container runtime network not ready`);
    expect(r.evidence.slice(1)).toEqual([{ ref: 'v1/Node arc-worker-2', path: 'status.conditions[Ready]', observed: 'NotReady: container runtime network not ready', expected: 'True' }]);
    expect(r.commands).toEqual([`kubectl -n kube-system describe pod ${P}`, 'kubectl describe node arc-worker-2']);
    expect(r.transitional).toBe(false);
  });

  it('lists no container that is merely being created, and is transitional for 10 minutes only', () => {
    const o = healthyObjects();
    containerCreating(find(o, 'Pod', P), 10);
    expect(explain(o)).toMatchObject({ summary: `${P} (node arc-worker-2) ContainerCreating`, commands: [`kubectl -n kube-system describe pod ${P}`], transitional: true });
    containerCreating(find(o, 'Pod', P), 10.01);
    expect(explain(o).transitional).toBe(false);
  });
});

describe('nodeNotReady', () => {
  const node = (conditions: unknown) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, status: { conditions } }) as KubeObject;
  it('is undefined for a Ready node or one without the condition', () => {
    expect(nodeNotReady(node([{ type: 'Ready', status: 'True' }]))).toBeUndefined();
    expect(nodeNotReady(node([{ type: 'MemoryPressure', status: 'False' }]))).toBeUndefined();
    expect(nodeNotReady(node(undefined))).toBeUndefined();
  });
  it('says Unknown and the message when there is one', () => {
    expect(nodeNotReady(node([{ type: 'Ready', status: 'Unknown', message: 'Kubelet stopped posting node status.' }]))).toBe('NotReady (status Unknown): Kubelet stopped posting node status.');
    expect(nodeNotReady(node([{ type: 'Ready', status: 'Unknown' }]))).toBe('NotReady (status Unknown)');
    expect(nodeNotReady(node([{ type: 'Ready', status: 'False' }]))).toBe('NotReady');
  });
});

describe('isFailing and isBroken', () => {
  it.each([
    [cs({ init: true, reason: 'Completed' }), false, false],
    [cs({ init: true }), false, false],
    [cs({ init: true, reason: 'CrashLoopBackOff' }), true, true],
    [cs({ ready: true, reason: 'CrashLoopBackOff' }), true, false],
    [cs({ ready: true, reason: 'OOMKilled' }), true, false],
    [cs({ ready: true, reason: 'Completed' }), false, false],
    [cs({ ready: true }), false, false],
    [cs({}), true, false],
    [cs({ restarts: 1 }), true, true],
    [cs({ lastTerminationReason: 'Error' }), true, true],
    [cs({ reason: 'Error' }), true, true],
    [cs({ reason: 'ContainerCreating' }), true, false],
    [cs({ reason: 'PodInitializing', restarts: 3 }), true, false],
  ])('%o: failing %s, broken %s', (c, failing, broken) => {
    expect(isFailing(c)).toBe(failing);
    expect(isBroken(c)).toBe(broken);
  });

  it.each(['CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull', 'CreateContainerConfigError', 'CreateContainerError', 'RunContainerError', 'InvalidImageName', 'Error'])('%s fails even a ready-marked container', (reason) => {
    expect(isFailing(cs({ ready: true, reason }))).toBe(true);
  });
});

describe('troubledPods', () => {
  it('leaves out healthy, evicted and completed pods', () => {
    const o = healthyObjects();
    const evicted = structuredClone(find(o, 'Pod', RS));
    evicted.metadata.name = 'ama-logs-rs-7c9d8f6b5d-k4v9n';
    evicted.status = { phase: 'Failed', reason: 'Evicted' };
    const done = structuredClone(find(o, 'Pod', RS));
    done.metadata.name = 'ama-logs-rs-7c9d8f6b5d-z8z8z';
    done.status.phase = 'Succeeded';
    crashLoop(find(o, 'Pod', P), 'ama-logs');
    const pods = [...o.filter((x) => x.kind === 'Pod'), evicted, done];
    expect(troubledPods(snapshotOf([...o, evicted, done]), pods, NOW).map((t) => t.pod.metadata.name)).toEqual([P]);
  });
});

describe('the grace period (isTransitional)', () => {
  const one = (o: KubeObject[]) => explain(o).transitional;
  it('counts from the deletion, then the creation, then the start time', () => {
    const o = healthyObjects();
    containerCreating(find(o, 'Pod', P), 60);
    const pod = find(o, 'Pod', P);
    pod.metadata.deletionTimestamp = minutesAgo(2);
    expect(one(o)).toBe(true);
    pod.metadata.deletionTimestamp = minutesAgo(11);
    expect(one(o)).toBe(false);
    delete pod.metadata.deletionTimestamp;
    delete pod.metadata.creationTimestamp;
    pod.status.startTime = minutesAgo(3);
    expect(one(o)).toBe(true);
    pod.status.startTime = minutesAgo(30);
    expect(one(o)).toBe(false);
    delete pod.status.startTime;
    expect(one(o)).toBe(true);
  });

  it('is not transitional after a restart, when unschedulable, or after a stuck-pod warning', () => {
    const o = healthyObjects();
    containerCreating(find(o, 'Pod', P), 1);
    container(find(o, 'Pod', P), 'ama-logs').restartCount = 1;
    expect(one(o)).toBe(false);
    const p = healthyObjects();
    containerCreating(find(p, 'Pod', P), 1);
    const stuck = event({ kind: 'Pod', name: P }, 'FailedMount', 'MountVolume.SetUp failed for volume "ama-logs-secret" : secret "ama-logs-secret" not found', { type: 'Warning' });
    expect(one([...p, stuck])).toBe(false);
    expect(one([...p, { ...stuck, type: 'Normal' }])).toBe(true);
    expect(one([...p, { ...stuck, reason: 'Pulling' }])).toBe(true);
    for (const reason of ['FailedAttachVolume', 'FailedCreatePodSandBox', 'FailedScheduling', 'Failed', 'BackOff']) expect(one([...p, { ...stuck, reason }])).toBe(false);
  });

  it('is transitional for a deleted running pod, and for init containers still running or done', () => {
    const o = healthyObjects();
    const pod = find(o, 'Pod', P);
    pod.metadata.deletionTimestamp = minutesAgo(1);
    expect(explain(o)).toMatchObject({ summary: `${P} (node arc-worker-2) Terminating`, transitional: true });
    const i = healthyObjects();
    containerCreating(find(i, 'Pod', P), 1);
    const ip = find(i, 'Pod', P);
    for (const c of ip.status.containerStatuses) c.state = { waiting: { reason: 'PodInitializing' } };
    ip.status.initContainerStatuses = [{ name: 'init', ready: false, restartCount: 0, state: { running: {} } }];
    expect(one(i)).toBe(true);
    ip.status.initContainerStatuses = [{ name: 'init', ready: false, restartCount: 0, state: { terminated: { reason: 'Completed' } } }];
    expect(one(i)).toBe(true);
    ip.status.initContainerStatuses = [{ name: 'init', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }];
    expect(one(i)).toBe(true);
    ip.status.initContainerStatuses = [{ name: 'init', ready: true, restartCount: 0, state: { terminated: { reason: 'Error' } } }];
    expect(one(i)).toBe(true);
    ip.status.initContainerStatuses = [{ name: 'init', ready: false, restartCount: 0, state: { terminated: { reason: 'Error' } } }];
    expect(one(i)).toBe(false);
  });

  it('is not transitional for a failed phase, or a main container that crashed without a restart yet', () => {
    const o = healthyObjects();
    containerCreating(find(o, 'Pod', P), 1);
    find(o, 'Pod', P).status.phase = 'Failed';
    expect(one(o)).toBe(false);
    const r = healthyObjects();
    containerCreating(find(r, 'Pod', P), 1);
    find(r, 'Pod', P).status.phase = 'Running';
    container(find(r, 'Pod', P), 'ama-logs').state = { waiting: { reason: 'CreateContainerConfigError' } };
    expect(one(r)).toBe(false);
    container(find(r, 'Pod', P), 'ama-logs').state = { running: {} };
    expect(one(r)).toBe(true);
    container(find(r, 'Pod', P), 'ama-logs').ready = true;
    expect(one(r)).toBe(true);
  });
});

describe('whyNotReady', () => {
  const subject = (pods: KubeObject[], extra: Partial<Parameters<typeof whyNotReady>[1]> = {}) => ({ namespace: 'kube-system', pods, creators: ['ama-logs'], creatorKind: 'DaemonSet', ...extra });

  it('puts real trouble first, caps at three pods, adds the FailedCreate event and its evidence', () => {
    const o = healthyObjects();
    const pods: KubeObject[] = [];
    for (let i = 0; i < 5; i++) {
      const p = structuredClone(find(o, 'Pod', P));
      p.metadata.name = `ama-logs-p${i}`;
      if (i === 0) containerCreating(p, 1);
      else crashLoop(p, 'ama-logs', i);
      pods.push(p);
    }
    const ev = (n: number) => event({ kind: 'DaemonSet', name: 'ama-logs' }, 'FailedCreate', `quota ${n}`, { metadata: { name: `ama-logs.e${n}`, namespace: 'kube-system' }, lastTimestamp: `2026-11-26T11:0${n}:00Z` });
    const snap = snapshotOf([...o, ...pods, ev(1), ev(2), ev(3), ev(4), event({ kind: 'DaemonSet', name: 'ama-logs' }, 'SuccessfulCreate', 'Created pod')]);
    const r = whyNotReady(snap, subject(pods), NOW);
    expect(r.summary).toBe(
      'ama-logs-p1 (node arc-worker-2) CrashLoopBackOff: ama-logs CrashLoopBackOff, 1 restarts, last exit Error; ama-logs-p2 (node arc-worker-2) CrashLoopBackOff: ama-logs CrashLoopBackOff, 2 restarts, last exit Error; ama-logs-p3 (node arc-worker-2) CrashLoopBackOff: ama-logs CrashLoopBackOff, 3 restarts, last exit Error; and 2 more pods; FailedCreate: quota 4',
    );
    expect(r.evidence.slice(-3)).toEqual([4, 3, 2].map((n) => ({ ref: `v1/Event kube-system/ama-logs.e${n}`, path: 'message', observed: `FailedCreate (x14): quota ${n}` })));
    expect(r.evidence).toHaveLength(5 + 3);
    expect(r.commands).toEqual(['ama-logs-p1', 'ama-logs-p2', 'ama-logs-p3'].flatMap((p) => [`kubectl -n kube-system describe pod ${p}`, `kubectl -n kube-system logs ${p} -c ama-logs --previous`]));
    expect(r.transitional).toBe(false);
  });

  it('marks starting pods, and is transitional only without a FailedCreate', () => {
    const o = healthyObjects();
    containerCreating(find(o, 'Pod', P), 3);
    const pods = [find(o, 'Pod', P)];
    const r = whyNotReady(snapshotOf(o), subject(pods), NOW);
    expect(r).toEqual({
      summary: `${P} (node arc-worker-2) ContainerCreating (starting or stopping, under 10 min old)`,
      commands: [`kubectl -n kube-system describe pod ${P}`],
      evidence: [{ ref: podRef(), path: 'status', observed: 'ContainerCreating, READY 0/3, 0 restarts', expected: 'Running, all containers ready' }],
      transitional: true,
    });
    const withEvent = whyNotReady(snapshotOf([...o, event({ kind: 'DaemonSet', name: 'ama-logs' }, 'FailedCreate', 'quota')]), subject(pods), NOW);
    expect(withEvent.transitional).toBe(false);
    expect(withEvent.summary).toBe(`${P} (node arc-worker-2) ContainerCreating (starting or stopping, under 10 min old); FailedCreate: quota`);
  });

  it('falls back to the controller reason, then to "no pod", then to nothing', () => {
    const snap = snapshotOf(healthyObjects());
    expect(whyNotReady(snap, subject([], { controllerReason: 'scaled to 0 replicas' }), NOW)).toEqual({ summary: 'scaled to 0 replicas', commands: [], evidence: [], transitional: false });
    expect(whyNotReady(snap, subject([]), NOW).summary).toBe('no pod exists and no event says why (events expire after an hour)');
    expect(whyNotReady(snap, subject([find(healthyObjects(), 'Pod', P)]), NOW).summary).toBe('');
    const o = healthyObjects();
    crashLoop(find(o, 'Pod', P), 'ama-logs');
    expect(whyNotReady(snapshotOf(o), subject([find(o, 'Pod', P)], { controllerReason: 'x' }), NOW).summary).toBe(`${P} (node arc-worker-2) CrashLoopBackOff: ama-logs CrashLoopBackOff, 7 restarts, last exit Error`);
  });

  it('reads the events of the named creators of the given kind only', () => {
    const o = healthyObjects();
    const evs = [event({ kind: 'ReplicaSet', name: 'ama-logs' }, 'FailedCreate', 'rs kind'), event({ kind: 'DaemonSet', name: 'other' }, 'FailedCreate', 'other name')];
    expect(whyNotReady(snapshotOf([...o, ...evs]), subject([]), NOW).summary).toBe('no pod exists and no event says why (events expire after an hour)');
  });
});
