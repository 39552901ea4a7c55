import { describe, expect, it } from 'vitest';
import FLUX001 from '../../../src/checks/flux/FLUX001-controllers.js';
import { runOne, type ContainerLog, type KubeObject } from '../../helpers/check-harness.js';
import { find, healthy, snap, upstreamOnly, without } from './fixtures.js';

/** The deployment loses its available replica and its pod gets the given status. */
function breakController(objs: KubeObject[], name: string, podStatus: Record<string, unknown>): KubeObject[] {
  const dep = find(objs, 'Deployment', name);
  dep.status = {
    ...dep.status,
    readyReplicas: 0,
    availableReplicas: 0,
    unavailableReplicas: 1,
    conditions: [{ type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' }],
  };
  const pod = find(objs, 'Pod', name);
  pod.status = { ...pod.status, ...podStatus };
  return objs;
}

const pending = {
  phase: 'Pending',
  conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.' }],
  containerStatuses: undefined,
};

function crashLooping(container: string, image: string) {
  return {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'False' }],
    containerStatuses: [{ name: container, image, ready: false, restartCount: 7, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' } }, lastState: { terminated: { reason: 'Error', exitCode: 1 } } }],
  };
}

describe('FLUX001 Flux controllers and microsoft.flux agents are available', () => {
  const valid: Array<[string, () => KubeObject[], string]> = [
    ['passes when the six microsoft.flux deployments are available', healthy, '6 microsoft.flux 1.7.3 deployments available'],
    ['passes on an upstream Flux install without fluxconfig-agent', upstreamOnly, '4 Flux (upstream install) deployments'],
    [
      'passes when a controller is absent because the extension disables it',
      () => {
        const objs = without(healthy(), 'Deployment', 'notification-controller');
        find(objs, 'ExtensionConfig', 'flux').spec.configurationSettings['notification-controller.enabled'] = 'false';
        return objs;
      },
      '5 microsoft.flux',
    ],
    [
      'passes on an upstream install that left out helm-controller and its CRDs',
      () => without(upstreamOnly(), 'Deployment', 'helm-controller').filter((o) => !o.metadata.name.startsWith('helmreleases.')),
      '3 Flux (upstream install)',
    ],
  ];
  for (const [name, objects, fragment] of valid) {
    it(name, () => {
      const r = runOne(FLUX001, snap(objects()));
      expect(r.status, r.message).toBe('pass');
      expect(r.message).toContain(fragment);
    });
  }

  const invalid: Array<[string, () => KubeObject[], string, ContainerLog[]?]> = [
    ['fails when fluxconfig-agent was deleted', () => without(healthy(), 'Deployment', 'fluxconfig-agent'), 'deployment fluxconfig-agent is missing from flux-system (installed by microsoft.flux 1.7.3)'],
    ['fails when helm-controller was deleted from a microsoft.flux install', () => without(healthy(), 'Deployment', 'helm-controller'), 'deployment helm-controller is missing'],
    [
      'fails when image-automation-controller is enabled in the settings but absent',
      () => {
        const objs = healthy();
        find(objs, 'ExtensionConfig', 'flux').spec.configurationSettings['image-automation-controller.enabled'] = 'true';
        return objs;
      },
      'deployment image-automation-controller is missing from flux-system (enabled by the setting image-automation-controller.enabled=true)',
    ],
    ['fails when an upstream install lost kustomize-controller while its CRD remains', () => without(upstreamOnly(), 'Deployment', 'kustomize-controller'), 'kustomize-controller is missing'],
    ['fails naming the scheduling message of a Pending controller pod', () => breakController(healthy(), 'fluxconfig-controller', pending), 'Pending: 0/2 nodes are available: 2 Insufficient cpu'],
    [
      'fails with the last log line of a CrashLoopBackOff container',
      () => breakController(healthy(), 'source-controller', crashLooping('manager', 'ghcr.io/fluxcd/source-controller:v1.7.4')),
      'CrashLoopBackOff (7 restarts, last exit Error); last log: {"level":"error","msg":"unable to create storage"',
      [{ namespace: 'flux-system', pod: 'source-controller-6ff87cb475-x7k2p', container: 'manager', previous: true, text: '{"level":"info","msg":"starting"}\n{"level":"error","msg":"unable to create storage","error":"mkdir /data: read-only file system"}\n' }],
    ],
    [
      'fails naming the image of an ImagePullBackOff container',
      () =>
        breakController(healthy(), 'fluxconfig-agent', {
          phase: 'Pending',
          containerStatuses: [{ name: 'fluxconfig-agent', image: 'mcr.microsoft.com/azurek8sflux/fluxconfig-agent:1.7.3', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "mcr.microsoft.com/azurek8sflux/fluxconfig-agent:1.7.3"' } } }],
        }),
      'ImagePullBackOff for image mcr.microsoft.com/azurek8sflux/fluxconfig-agent:1.7.3',
    ],
    [
      'fails with the deployment condition when no pod could be created',
      () => {
        const objs = healthy().filter((o) => !(o.kind === 'Pod' && o.metadata.name.startsWith('helm-controller-')));
        const dep = find(objs, 'Deployment', 'helm-controller');
        dep.status = { replicas: 0, conditions: [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'pods "helm-controller-5f964c6579-" is forbidden: exceeded quota' }] };
        return objs;
      },
      'deployment helm-controller is not available (0/1 ready): pods "helm-controller-5f964c6579-" is forbidden',
    ],
  ];
  for (const [name, objects, fragment, logs] of invalid) {
    it(name, () => {
      const r = runOne(FLUX001, snap(objects(), { logs }));
      expect(r.status, r.message).toBe('fail');
      expect(r.message).toContain(fragment);
      expect(r.remediation?.commands.length).toBeGreaterThan(0);
    });
  }

  it('names the missing deployment as evidence and gives the az command with the real extension name', () => {
    const r = runOne(FLUX001, snap(without(healthy(), 'Deployment', 'fluxconfig-agent')));
    expect(r.evidence[0]).toMatchObject({ ref: 'apps/v1/Deployment flux-system/fluxconfig-agent', observed: 'absent' });
    expect(r.remediation?.commands[0]).toBe('az k8s-extension show -g <RESOURCE_GROUP> -c <CLUSTER_NAME> -t <connectedClusters|managedClusters> -n flux');
  });

  it('ends in error when the snapshot holds no Deployments or Pods at all', () => {
    const objs = healthy().filter((o) => o.kind !== 'Deployment' && o.kind !== 'Pod');
    expect(runOne(FLUX001, snap(objs)).status).toBe('error');
  });

  it('skips when neither flux-system nor a microsoft.flux extension exists', () => {
    const r = runOne(FLUX001, snap(healthy().filter((o) => o.metadata.namespace !== 'flux-system' && o.metadata.name !== 'flux-system' && o.kind !== 'ExtensionConfig')));
    expect(r.status).toBe('skip');
    expect(r.message).toContain('Flux v2 is not installed');
  });
});

describe('FLUX001 exact outcomes', () => {
  it('passes naming every expected deployment, the extension version and the namespace', () => {
    expect(runOne(FLUX001, snap(healthy())).message).toBe(
      '6 microsoft.flux 1.7.3 deployments available in flux-system: source-controller, kustomize-controller, helm-controller, notification-controller, fluxconfig-agent, fluxconfig-controller',
    );
  });

  it('a missing controller of an upstream install: one finding, flux check and flux install, the upstream remediation', () => {
    const r = runOne(FLUX001, snap(without(upstreamOnly(), 'Deployment', 'kustomize-controller')));
    expect(r.status).toBe('fail');
    expect(r.findings).toHaveLength(1);
    expect(r.findings?.[0]).toMatchObject({
      status: 'fail',
      object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'flux-system', name: 'kustomize-controller' },
      evidence: [{ ref: 'apps/v1/Deployment flux-system/kustomize-controller', path: 'metadata.name', observed: 'absent' }],
      commands: ['flux check', 'flux install   # re-applies the missing controllers of the installed version'],
    });
    expect(r.message).toMatch(/^deployment kustomize-controller is missing from flux-system \(.+\)$/);
    expect(r.remediation?.text).toBe('Fix each reason below, then check with `flux check`.');
  });

  it('a missing controller of microsoft.flux: the extension remediation and the az, deployments and events commands', () => {
    const r = runOne(FLUX001, snap(without(healthy(), 'Deployment', 'kustomize-controller')));
    expect(r.findings).toHaveLength(1);
    expect(r.findings?.[0].commands).toEqual([
      'az k8s-extension show -g <RESOURCE_GROUP> -c <CLUSTER_NAME> -t <connectedClusters|managedClusters> -n flux',
      'kubectl get deployments -n flux-system',
      'kubectl get events -n flux-system --sort-by=.lastTimestamp',
    ]);
    expect(r.remediation?.text).toBe('Fix each reason below; if the extension itself is broken, follow the guide: force-delete the extension, uninstall the Helm release, delete the namespace and re-create it.');
  });
});
