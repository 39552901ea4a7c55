// FLUX001 whole outcomes: the deployment evidence, each pod left out or reported, the stuck-upgrade prefix, the
// not-available message, missing image controllers on an upstream install, and the version-less extension.
import { describe, expect, it } from 'vitest';
import FLUX001 from '../../../src/checks/flux/FLUX001-controllers.js';
import { runOne, type ContainerLog, type KubeObject } from '../../helpers/check-harness.js';
import { find, healthy, snap, upstreamOnly, without } from './fixtures.js';

const HELM_POD = 'helm-controller-5f964c6579-h2v8d';
const DEP_REF = 'apps/v1/Deployment flux-system/helm-controller';

function unavailable(objs: KubeObject[], conditions: unknown[] = [{ type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' }]): KubeObject[] {
  find(objs, 'Deployment', 'helm-controller').status = { replicas: 1, readyReplicas: 0, availableReplicas: 0, unavailableReplicas: 1, conditions };
  return objs;
}
const helmPod = (objs: KubeObject[]) => find(objs, 'Pod', 'helm-controller');
const crash = { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }], containerStatuses: [{ name: 'manager', image: 'ghcr.io/fluxcd/helm-controller:v1.4.5', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 40s restarting failed container' } }, lastState: { terminated: { reason: 'OOMKilled', exitCode: 137 } } }] };

describe('FLUX001 exact outcomes of an unavailable controller', () => {
  it('a crash-looping pod: one finding with the deployment and pod evidence, describe and previous-logs commands', () => {
    const objs = unavailable(healthy());
    helmPod(objs).status = crash;
    const logs: ContainerLog[] = [{ namespace: 'flux-system', pod: HELM_POD, container: 'manager', previous: true, text: '{"level":"info","msg":"starting manager"}\n' }];
    const r = runOne(FLUX001, snap(objs, { logs }));
    expect(r.status).toBe('fail');
    expect(r.findings).toEqual([
      {
        status: 'fail',
        object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'flux-system', name: 'helm-controller' },
        message: `deployment helm-controller: pod ${HELM_POD} container manager: CrashLoopBackOff (3 restarts, last exit OOMKilled); last log: {"level":"info","msg":"starting manager"} — the container ran out of memory: raise its memory limit`,
        evidence: [
          { ref: DEP_REF, path: 'status.readyReplicas', observed: '0/1 ready (Deployment does not have minimum availability.)', expected: '1/1 ready' },
          { ref: `v1/Pod flux-system/${HELM_POD}`, path: 'status.containerStatuses[manager]', observed: 'CrashLoopBackOff (3 restarts, last exit OOMKilled)', expected: 'running and ready' },
          { ref: `v1/Pod flux-system/${HELM_POD}`, path: 'logs manager', observed: '{"level":"info","msg":"starting manager"}' },
        ],
        commands: [`kubectl describe pod ${HELM_POD} -n flux-system`, `kubectl logs ${HELM_POD} -n flux-system --all-containers --previous`],
      },
    ]);
    expect(r.message).toBe(r.findings?.[0].message);
  });

  it('no pod left to blame (evicted, succeeded, failed, terminating): the deployment itself, with its reason', () => {
    const objs = unavailable(healthy());
    const base = helmPod(objs);
    base.status = { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' };
    const clone = (name: string, status: Record<string, unknown>, metadata: Record<string, unknown> = {}) => ({ ...structuredClone(base), metadata: { ...structuredClone(base.metadata), name, ...metadata }, status });
    objs.push(clone(`${HELM_POD}-done`, { phase: 'Succeeded' }), clone(`${HELM_POD}-failed`, { phase: 'Failed' }), clone(`${HELM_POD}-old`, crash, { deletionTimestamp: '2026-11-26T11:59:00Z' }));
    const r = runOne(FLUX001, snap(objs));
    expect(r.findings).toEqual([
      {
        status: 'fail',
        object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'flux-system', name: 'helm-controller' },
        message: 'deployment helm-controller is not available (0/1 ready): Deployment does not have minimum availability.',
        evidence: [{ ref: DEP_REF, path: 'status.readyReplicas', observed: '0/1 ready (Deployment does not have minimum availability.)', expected: '1/1 ready' }],
        commands: ['kubectl describe deployment helm-controller -n flux-system', 'kubectl get events -n flux-system --sort-by=.lastTimestamp'],
      },
    ]);
  });

  it('no pod and no condition: "no pod of it is running", the evidence without a reason', () => {
    const objs = unavailable(healthy().filter((o) => !(o.kind === 'Pod' && o.metadata.name === HELM_POD)), []);
    const r = runOne(FLUX001, snap(objs));
    expect(r.message).toBe('deployment helm-controller is not available (0/1 ready): no pod of it is running');
    expect(r.evidence).toEqual([{ ref: DEP_REF, path: 'status.readyReplicas', observed: '0/1 ready', expected: '1/1 ready' }]);
  });

  it('scaled to 0 replicas', () => {
    const objs = unavailable(healthy().filter((o) => !(o.kind === 'Pod' && o.metadata.name === HELM_POD)), []);
    find(objs, 'Deployment', 'helm-controller').spec.replicas = 0;
    const r = runOne(FLUX001, snap(objs));
    expect(r.message).toBe('deployment helm-controller is not available (0/0 ready): scaled to 0 replicas');
    expect(r.evidence[0]).toEqual({ ref: DEP_REF, path: 'status.readyReplicas', observed: '0/0 ready (scaled to 0 replicas)', expected: '0/0 ready' });
  });

  it('two unhealthy pods of one deployment: two findings; a healthy sibling is not one', () => {
    const objs = unavailable(healthy());
    const pod = helmPod(objs);
    pod.status = crash;
    objs.push({ ...structuredClone(pod), metadata: { ...structuredClone(pod.metadata), name: `${HELM_POD}-2` }, status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/2 nodes are available: 2 Insufficient cpu.' }] } });
    objs.push({ ...structuredClone(pod), metadata: { ...structuredClone(pod.metadata), name: `${HELM_POD}-3` }, status: structuredClone(find(healthy(), 'Pod', 'helm-controller').status) });
    const r = runOne(FLUX001, snap(objs));
    expect(r.findings?.map((f) => f.message)).toEqual([
      `deployment helm-controller: pod ${HELM_POD} container manager: CrashLoopBackOff (3 restarts, last exit OOMKilled) — the container ran out of memory: raise its memory limit`,
      `deployment helm-controller: pod ${HELM_POD}-2 is Pending: 0/2 nodes are available: 2 Insufficient cpu. — add node capacity or free CPU/memory (see FLUX006)`,
    ]);
  });
});

describe('FLUX001 available deployments with a stuck new pod', () => {
  it('a stuck pod beside a serving one: the still-available prefix; a pod merely starting is not reported', () => {
    const objs = healthy();
    const pod = helmPod(objs);
    objs.push({ ...structuredClone(pod), metadata: { ...structuredClone(pod.metadata), name: 'helm-controller-7c8d9e0f1a-zz9yx' }, status: { phase: 'Pending', containerStatuses: [{ name: 'manager', image: 'ghcr.io/fluxcd/helm-controller:v1.5.0', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "ghcr.io/fluxcd/helm-controller:v1.5.0"' } } }] } });
    objs.push({ ...structuredClone(pod), metadata: { ...structuredClone(pod.metadata), name: 'helm-controller-7c8d9e0f1a-aa1bc' }, status: { phase: 'Pending', containerStatuses: [{ name: 'manager', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] } });
    const r = runOne(FLUX001, snap(objs));
    expect(r.findings).toHaveLength(1);
    expect(r.message).toBe('deployment helm-controller: still available from its other replicas, but pod helm-controller-7c8d9e0f1a-zz9yx container manager: ImagePullBackOff for image ghcr.io/fluxcd/helm-controller:v1.5.0 — check that the nodes can reach the registry of ghcr.io/fluxcd/helm-controller:v1.5.0 (egress to mcr.microsoft.com / ghcr.io, proxy, pull secrets)');
    expect(r.evidence[0]).toEqual({ ref: DEP_REF, path: 'status.readyReplicas', observed: '1/1 ready', expected: '1/1 ready' });
  });
});

describe('FLUX001 pass and missing messages by install kind', () => {
  it('microsoft.flux without a known version', () => {
    const objs = healthy();
    const ext = find(objs, 'ExtensionConfig', 'flux');
    delete ext.spec.version;
    delete ext.status.version;
    expect(runOne(FLUX001, snap(objs)).message).toBe(
      '6 microsoft.flux deployments available in flux-system: source-controller, kustomize-controller, helm-controller, notification-controller, fluxconfig-agent, fluxconfig-controller',
    );
  });

  it('upstream install: the exact pass message', () => {
    expect(runOne(FLUX001, snap(upstreamOnly())).message).toBe('4 Flux (upstream install) deployments available in flux-system: source-controller, kustomize-controller, helm-controller, notification-controller');
  });

  it('an upstream image controller missing while its objects remain: flux install --components-extra', () => {
    const objs = upstreamOnly();
    objs.push({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'imagepolicies.image.toolkit.fluxcd.io' }, spec: { group: 'image.toolkit.fluxcd.io' } });
    const r = runOne(FLUX001, snap(objs));
    expect(r.findings?.map((f) => f.commands)).toEqual([['flux check', 'flux install --components-extra=image-reflector-controller']]);
    expect(r.message).toMatch(/^deployment image-reflector-controller is missing from flux-system \(its CRDs or objects \(image\.toolkit\.fluxcd\.io\) are in the cluster\)$/);
    expect(r.evidence).toEqual([{ ref: 'apps/v1/Deployment flux-system/image-reflector-controller', path: 'metadata.name', observed: 'absent', expected: 'present (its CRDs or objects (image.toolkit.fluxcd.io) are in the cluster)' }]);
  });

  it('the snapshot without Deployments and Pods: the exact error; with Pods only it judges', () => {
    const r = runOne(FLUX001, snap(healthy().filter((o) => o.kind !== 'Deployment' && o.kind !== 'Pod')));
    expect(r.status).toBe('error');
    expect(r.message).toBe('the snapshot holds no Deployments or Pods at all, so whether the Flux controllers in flux-system exist cannot be told');
    const podsOnly = runOne(FLUX001, snap(healthy().filter((o) => o.kind !== 'Deployment')));
    expect(podsOnly.status).toBe('fail');
    expect(podsOnly.findings).toHaveLength(6);
    const depsOnly = runOne(FLUX001, snap(without(healthy().filter((o) => o.kind !== 'Pod'), 'Deployment', 'none')));
    expect(depsOnly.status).toBe('pass');
  });
});
