// diagnosePod and isStuck on the pod states kubectl prints for a Flux controller: Pending for capacity or a selector,
// pulling, crash-looping (with and without logs), OOMKilled, and the transient states of a rollout.
import { describe, expect, it } from 'vitest';
import { diagnosePod, isStuck } from '../../../src/checks/flux/pod-diagnosis.js';
import { snapshotOf, type ContainerLog, type KubeObject } from '../../helpers/check-harness.js';

const NAME = 'source-controller-6ff87cb475-x7k2p';
const REF = `v1/Pod flux-system/${NAME}`;
function pod(status: Record<string, unknown>, extra: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: NAME, namespace: 'flux-system', ...extra }, spec: { containers: [{ name: 'manager', image: 'ghcr.io/fluxcd/source-controller:v1.7.4' }] }, status };
}
const unschedulable = (message: string) => ({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message }] });
const waiting = (reason: string, fields: Record<string, unknown> = {}) => ({ phase: 'Running', containerStatuses: [{ name: 'manager', ready: false, restartCount: 0, state: { waiting: { reason } }, ...fields }] });
const diagnose = (p: KubeObject, logs: ContainerLog[] = [], lines?: number) => diagnosePod(snapshotOf([p], { logs }), p, lines);
const log = (text: string, previous: boolean): ContainerLog => ({ namespace: 'flux-system', pod: NAME, container: 'manager', previous, text });

describe('diagnosePod', () => {
  it('Pending for CPU: the scheduler message, pointing at FLUX006', () => {
    const m = '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.';
    expect(diagnose(pod(unschedulable(m)))).toEqual({
      summary: `pod ${NAME} is Pending: ${m}`,
      evidence: [{ ref: REF, path: 'status.conditions[PodScheduled].message', observed: m, expected: 'scheduled on a node' }],
      hint: 'add node capacity or free CPU/memory (see FLUX006)',
    });
    expect(diagnose(pod(unschedulable('0/3 nodes are available: 3 insufficient memory.'))).hint).toBe('add node capacity or free CPU/memory (see FLUX006)');
  });

  it('Pending for a selector or taint: the scheduler hint', () => {
    const d = diagnose(pod(unschedulable("0/2 nodes are available: 2 node(s) had untolerated taint {CriticalAddonsOnly: true}.")));
    expect(d.hint).toBe('fix what keeps the scheduler from placing it (taints, node selectors, capacity)');
  });

  it('ImagePullBackOff with the image of the status and the kubelet message', () => {
    const p = pod(waiting('ImagePullBackOff', { image: 'ghcr.io/fluxcd/source-controller:v9', state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "ghcr.io/fluxcd/source-controller:v9"' } } }));
    expect(diagnose(p)).toEqual({
      summary: `pod ${NAME} container manager: ImagePullBackOff for image ghcr.io/fluxcd/source-controller:v9`,
      evidence: [{ ref: REF, path: 'status.containerStatuses[manager].state.waiting', observed: 'ImagePullBackOff: Back-off pulling image "ghcr.io/fluxcd/source-controller:v9"', expected: 'image ghcr.io/fluxcd/source-controller:v9 pulled' }],
      hint: 'check that the nodes can reach the registry of ghcr.io/fluxcd/source-controller:v9 (egress to mcr.microsoft.com / ghcr.io, proxy, pull secrets)',
    });
  });

  it('each pull reason, the image from the spec when the status has none, and an unknown image', () => {
    for (const reason of ['ErrImagePull', 'InvalidImageName', 'ErrImageNeverPull']) {
      const d = diagnose(pod(waiting(reason)));
      expect(d.summary).toBe(`pod ${NAME} container manager: ${reason} for image ghcr.io/fluxcd/source-controller:v1.7.4`);
      expect(d.evidence[0].observed).toBe(reason);
    }
    const noSpec = pod(waiting('ErrImagePull'));
    noSpec.spec.containers = [{ name: 'other', image: 'x' }];
    expect(diagnose(noSpec).summary).toBe(`pod ${NAME} container manager: ErrImagePull for image (unknown image)`);
    delete noSpec.spec.containers;
    expect(diagnose(noSpec).summary).toBe(`pod ${NAME} container manager: ErrImagePull for image (unknown image)`);
  });

  it('CrashLoopBackOff: restarts, last exit, the last five lines of the previous log', () => {
    const p = pod(waiting('CrashLoopBackOff', { restartCount: 7, lastState: { terminated: { reason: 'Error', exitCode: 1 } } }));
    const text = ['l1', 'l2', 'l3', 'l4', 'l5', `{"level":"error","msg":"unable to create storage","error":"mkdir /data: read-only file system"}`].join('\n') + '\n\n';
    expect(diagnose(p, [log('current', false), log(text, true)])).toEqual({
      summary: `pod ${NAME} container manager: CrashLoopBackOff (7 restarts, last exit Error); last log: {"level":"error","msg":"unable to create storage","error":"mkdir /data: read-only file system"}`,
      evidence: [
        { ref: REF, path: 'status.containerStatuses[manager]', observed: 'CrashLoopBackOff (7 restarts, last exit Error)', expected: 'running and ready' },
        { ref: REF, path: 'logs manager', observed: ['l2', 'l3', 'l4', 'l5', '{"level":"error","msg":"unable to create storage","error":"mkdir /data: read-only file system"}'].join('\n') },
      ],
      hint: "read the container's previous logs for the cause",
    });
  });

  it('CrashLoopBackOff without a last state or logs; the current log when there is no previous one; a line cut at 200', () => {
    const p = pod(waiting('CrashLoopBackOff', { restartCount: 2 }));
    expect(diagnose(p)).toEqual({
      summary: `pod ${NAME} container manager: CrashLoopBackOff (2 restarts)`,
      evidence: [{ ref: REF, path: 'status.containerStatuses[manager]', observed: 'CrashLoopBackOff (2 restarts)', expected: 'running and ready' }],
      hint: "read the container's previous logs for the cause",
    });
    const long = 'y'.repeat(300);
    const d = diagnose(p, [log(`a\nb\n${long}`, false)], 2);
    expect(d.summary).toBe(`pod ${NAME} container manager: CrashLoopBackOff (2 restarts); last log: ${long.slice(0, 200)}`);
    expect(d.evidence[1]).toEqual({ ref: REF, path: 'logs manager', observed: `b\n${long}` });
  });

  it('OOMKilled now, or as the last exit of a restarting container: raise the memory limit', () => {
    const now = pod({ phase: 'Running', containerStatuses: [{ name: 'manager', ready: false, restartCount: 3, state: { terminated: { reason: 'OOMKilled', exitCode: 137 } } }] });
    expect(diagnose(now).summary).toBe(`pod ${NAME} container manager: OOMKilled (3 restarts)`);
    expect(diagnose(now).hint).toBe('the container ran out of memory: raise its memory limit');
    const last = pod({ phase: 'Running', containerStatuses: [{ name: 'manager', ready: false, restartCount: 1, state: { running: {} }, lastState: { terminated: { reason: 'OOMKilled', exitCode: 137 } } }] });
    expect(diagnose(last).summary).toBe(`pod ${NAME} container manager: OOMKilled (1 restarts)`);
    expect(diagnose(last).hint).toBe('the container ran out of memory: raise its memory limit');
    const loop = pod(waiting('CrashLoopBackOff', { restartCount: 4, lastState: { terminated: { reason: 'OOMKilled' } } }));
    expect(diagnose(loop).hint).toBe('the container ran out of memory: raise its memory limit');
  });

  it('Error as the terminated reason counts as a crash', () => {
    const p = pod({ phase: 'Running', containerStatuses: [{ name: 'manager', ready: false, restartCount: 0, state: { terminated: { reason: 'Error', exitCode: 2 } } }] });
    expect(diagnose(p).summary).toBe(`pod ${NAME} container manager: Error (0 restarts)`);
  });

  it('a restarted container that is ready again, or one without a last termination, is not a crash', () => {
    const ready = pod({ phase: 'Running', containerStatuses: [{ name: 'manager', ready: true, restartCount: 2, state: { running: {} }, lastState: { terminated: { reason: 'Error' } } }] });
    expect(diagnose(ready).summary).toBe(`pod ${NAME} is Running (1/1 ready)`);
    const fresh = pod({ phase: 'Running', containerStatuses: [{ name: 'manager', ready: false, restartCount: 2, state: { running: {} } }] });
    expect(diagnose(fresh).summary).toBe(`pod ${NAME} is Running (0/1 ready)`);
    const neverRestarted = pod({ phase: 'Running', containerStatuses: [{ name: 'manager', ready: false, restartCount: 0, state: { running: {} }, lastState: { terminated: { reason: 'Error' } } }] });
    expect(diagnose(neverRestarted).summary).toBe(`pod ${NAME} is Running (0/1 ready)`);
  });

  it('anything else: the STATUS and READY columns', () => {
    expect(diagnose(pod(waiting('ContainerCreating')))).toEqual({
      summary: `pod ${NAME} is ContainerCreating (0/1 ready)`,
      evidence: [{ ref: REF, path: 'status', observed: 'ContainerCreating, 0/1 containers ready', expected: 'Running, all containers ready' }],
      hint: 'kubectl describe pod shows what it waits for',
    });
  });
});

describe('isStuck', () => {
  const cases: Array<[string, KubeObject, boolean]> = [
    ['healthy', pod({ phase: 'Running', containerStatuses: [{ name: 'manager', ready: true, restartCount: 0, state: { running: {} } }] }), false],
    ['Pending unschedulable', pod(unschedulable('0/2 nodes are available: 2 Insufficient cpu.')), true],
    ['Pending, scheduled, not started', pod({ phase: 'Pending' }), false],
    ['ImagePullBackOff', pod(waiting('ImagePullBackOff')), true],
    ['ErrImagePull', pod(waiting('ErrImagePull')), true],
    ['CrashLoopBackOff', pod(waiting('CrashLoopBackOff')), true],
    ['CreateContainerConfigError', pod(waiting('CreateContainerConfigError')), true],
    ['ContainerCreating', pod(waiting('ContainerCreating')), false],
    ['a ready container with a stale reason', pod({ phase: 'Running', containerStatuses: [{ name: 'manager', ready: true, state: { waiting: { reason: 'CrashLoopBackOff' } } }] }), false],
    ['Evicted', pod({ phase: 'Failed', reason: 'Evicted', containerStatuses: [{ name: 'manager', ready: false, state: { waiting: { reason: 'CrashLoopBackOff' } } }] }), false],
    ['Terminating', pod(waiting('CrashLoopBackOff'), { deletionTimestamp: '2026-11-26T11:59:00Z' }), false],
    ['Succeeded', pod({ ...waiting('CrashLoopBackOff'), phase: 'Succeeded' }), false],
    ['Failed', pod({ ...waiting('CrashLoopBackOff'), phase: 'Failed' }), false],
  ];
  for (const [name, p, stuck] of cases) it(`${name}: ${stuck}`, () => expect(isStuck(p)).toBe(stuck));
});
