// OSM001 / OSM005 (control-plane-deployments.ts): whole outcomes, both components, every message branch.
import { describe, expect, it } from 'vitest';
import OSM001 from '../../../src/checks/osm/OSM001-controller-deployment.js';
import OSM005 from '../../../src/checks/osm/OSM005-injector-deployment.js';
import { clone, runOne, snapshotOf, type KubeObject } from '../../helpers/check-harness.js';
import { base, changed, crashLoop, find, logFixture, logOf, podOf, unavailable, without } from './control-plane-fixtures.js';
import { exact, RESTORE } from './control-plane-exact.js';

const ARC_EXT = {
  id: '/subscriptions/0000/resourceGroups/rg-arc/providers/Microsoft.Kubernetes/connectedClusters/edge-01/providers/Microsoft.KubernetesConfiguration/extensions/osm',
  name: 'osm',
  type: 'Microsoft.KubernetesConfiguration/extensions',
  extensionType: 'microsoft.openservicemesh',
  currentVersion: '1.2.6',
  scope: { cluster: { releaseNamespace: 'arc-osm-system' } },
};
const EXT_AZ = '--resource-group rg-arc --cluster-name edge-01 --cluster-type connectedClusters';

const deploymentEvidence = (name: string, observed: string, expected = 'READY 1/1, all available') => ({ ref: `apps/v1/Deployment arc-osm-system/${name}`, path: 'status.readyReplicas/availableReplicas', observed, expected });
const remediationText = (role: string) => `The OSM ${role} is not available. Read why its pods are not ready (events, then the osm-${role} log), fix that cause, and the Deployment recovers by itself.`;

describe('OSM001 / OSM005 exact outcomes', () => {
  it('passes once per Deployment, with the version from the controller image', () => {
    expect(exact(runOne(OSM001, changed(() => {})))).toEqual({ status: 'pass', message: 'osm-controller READY 1/1, available (OSM v1.2.6)', evidence: [] });
    expect(exact(runOne(OSM005, changed(() => {}, { base: 'healthy-v1.1' })))).toEqual({ status: 'pass', message: 'osm-injector READY 1/1, available (OSM v1.1.1)', evidence: [] });
  });

  it('prefixes v to an extension version without one, and leaves the version out when nothing tells it', () => {
    const digestOnly = (o: KubeObject[]) => {
      const c = find(o, 'Deployment', 'osm-controller').spec.template.spec.containers[0];
      c.image = 'mcr.microsoft.com/oss/openservicemesh/osm-controller@sha256:4fd2b3a1b7d0c9e8f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3';
    };
    const o = base();
    digestOnly(o);
    expect(runOne(OSM001, snapshotOf(o, { azure: [ARC_EXT] })).message).toBe('osm-controller READY 1/1, available (OSM v1.2.6)');
    expect(runOne(OSM001, changed(digestOnly)).message).toBe('osm-controller READY 1/1, available');
  });

  it('lists a Deployment once when it has both the app label and the name, and finds one by name alone', () => {
    expect(runOne(OSM005, changed(() => {})).message).toBe('osm-injector READY 1/1, available (OSM v1.2.6)');
    expect(runOne(OSM005, changed((o) => void (find(o, 'Deployment', 'osm-injector').metadata.labels!.app = 'custom'))).message).toBe('osm-injector READY 1/1, available (OSM v1.2.6)');
    const second = changed((o) => {
      const d = clone(find(o, 'Deployment', 'osm-injector'));
      d.metadata.name = 'osm-injector-canary';
      o.push(d);
    });
    expect(runOne(OSM005, second).message).toBe('osm-injector READY 1/1, osm-injector-canary READY 1/1, available (OSM v1.2.6)');
  });

  it('fails on a missing controller Deployment, with the restore commands', () => {
    expect(exact(runOne(OSM001, changed((o) => without(o, 'Deployment', 'osm-controller'))))).toEqual({
      status: 'fail',
      message: 'the osm-controller deployment is missing from arc-osm-system: the OSM controller is not deployed, so the mesh has no controller',
      evidence: [{ ref: 'apps/v1/Deployment arc-osm-system/osm-controller', path: 'metadata', observed: 'absent', expected: 'a Deployment labelled app=osm-controller, READY n/n' }],
      remediation: {
        text: "The Arc OSM extension installed osm-controller and nothing restores it by itself. Re-apply the extension's Helm release manifest, or delete and recreate the extension.",
        commands: ['kubectl get deployments -n arc-osm-system', ...RESTORE],
      },
    });
  });

  it('names the extension in the text of a missing injector when Azure data is there', () => {
    const r = runOne(OSM005, snapshotOf(without(base(), 'Deployment', 'osm-injector'), { azure: [ARC_EXT] }));
    expect(exact(r)).toEqual({
      status: 'fail',
      message: 'the osm-injector deployment is missing from arc-osm-system: the OSM injector is not deployed, so the mesh has no injector',
      evidence: [{ ref: 'apps/v1/Deployment arc-osm-system/osm-injector', path: 'metadata', observed: 'absent', expected: 'a Deployment labelled app=osm-injector, READY n/n' }],
      remediation: {
        text: "The Arc OSM extension (osm) installed osm-injector and nothing restores it by itself. Re-apply the extension's Helm release manifest, or delete and recreate the extension.",
        commands: [
          'kubectl get deployments -n arc-osm-system',
          'helm get manifest osm -n arc-osm-system | kubectl apply -n arc-osm-system -f -',
          `az k8s-extension show ${EXT_AZ} --name osm`,
          `az k8s-extension delete ${EXT_AZ} --name osm --yes`,
          `az k8s-extension create ${EXT_AZ} --name osm --extension-type Microsoft.openservicemesh --scope cluster`,
        ],
      },
    });
  });

  it('fails READY 0/1 on a crash-looping injector, with its pod, its log tail and what the log means', () => {
    const o = base();
    unavailable(find(o, 'Deployment', 'osm-injector'));
    const pod = podOf(o, 'osm-injector');
    crashLoop(pod, 'osm-injector', 6);
    const log = logFixture('injector-meshconfig-missing.log');
    const message = 'osm-injector READY 0/1, 0 available: osm-injector-5986c57765-vlsdk CrashLoopBackOff (6 restarts, last terminated Error). The log says: MeshConfig osm-system/osm-mesh-config does not exist: osm-bootstrap did not create it (see OSM012).';
    expect(exact(runOne(OSM005, snapshotOf(o, { logs: [logOf(pod, 'osm-injector', log)] })))).toEqual({
      status: 'fail',
      message,
      evidence: [
        deploymentEvidence('osm-injector', 'READY 0/1, 0 available (Deployment does not have minimum availability.)'),
        { ref: 'v1/Pod arc-osm-system/osm-injector-5986c57765-vlsdk', path: 'status', observed: 'READY 0/1 CrashLoopBackOff, 6 restarts', expected: 'READY 1/1 Running' },
        { ref: 'v1/Pod arc-osm-system/osm-injector-5986c57765-vlsdk', path: 'logs (container osm-injector, last 3 lines)', observed: log.trimEnd() },
      ],
      remediation: {
        text: remediationText('injector'),
        commands: [
          'kubectl get pods -n arc-osm-system -l app=osm-injector',
          'kubectl describe deployment osm-injector -n arc-osm-system',
          'kubectl logs -n arc-osm-system -l app=osm-injector',
          'kubectl logs -n arc-osm-system -l app=osm-injector -c osm-injector --previous',
        ],
      },
      notes: undefined,
      fixes: [],
      findings: ['fail Deployment osm-injector'],
    });
  });

  it('asks to scale up a controller scaled to 0, and nothing else', () => {
    const snap = changed((o) => {
      const d = find(o, 'Deployment', 'osm-controller');
      d.spec.replicas = 0;
      d.status = { observedGeneration: 2, conditions: d.status.conditions };
      return o.filter((x) => !(x.kind === 'Pod' && x.metadata.labels?.app === 'osm-controller'));
    });
    expect(exact(runOne(OSM001, snap))).toEqual({
      status: 'fail',
      message: 'osm-controller READY 0/0, 0 available: scaled to 0 replicas.',
      evidence: [deploymentEvidence('osm-controller', 'READY 0/0, 0 available (scaled to 0 replicas)')],
      remediation: { text: remediationText('controller'), commands: ['kubectl scale deployment osm-controller -n arc-osm-system --replicas=1'] },
      notes: undefined,
      fixes: [],
      findings: ['fail Deployment osm-controller'],
    });
  });

  it('gives the ReplicaFailure reason when no pod was created, without --previous', () => {
    const o = without(base(), 'Pod', 'osm-injector-5986c57765-vlsdk');
    const d = find(o, 'Deployment', 'osm-injector');
    unavailable(d);
    const quota = 'pods "osm-injector-5986c57765-" is forbidden: exceeded quota: arc-quota, requested: requests.memory=64M';
    d.status.conditions.push({ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: quota });
    expect(exact(runOne(OSM005, snapshotOf(o)))).toEqual({
      status: 'fail',
      message: `osm-injector READY 0/1, 0 available: ${quota}.`,
      evidence: [deploymentEvidence('osm-injector', `READY 0/1, 0 available (${quota})`)],
      remediation: {
        text: remediationText('injector'),
        commands: ['kubectl get pods -n arc-osm-system -l app=osm-injector', 'kubectl describe deployment osm-injector -n arc-osm-system', 'kubectl logs -n arc-osm-system -l app=osm-injector'],
      },
      notes: undefined,
      fixes: [],
      findings: ['fail Deployment osm-injector'],
    });
  });

  it("leaves the guide's Evicted pod out and keeps one period after the condition's message", () => {
    const r = runOne(OSM001, changed((o) => unavailable(find(o, 'Deployment', 'osm-controller')), { base: 'guide-healthy' }));
    expect(r.message).toBe('osm-controller READY 0/1, 0 available: Deployment does not have minimum availability.');
    expect(r.evidence).toEqual([deploymentEvidence('osm-controller', 'READY 0/1, 0 available (Deployment does not have minimum availability.)')]);
  });

  it('expects READY n/n of the desired replicas and names the unschedulable one', () => {
    const snap = changed((o) => {
      const d = find(o, 'Deployment', 'osm-controller');
      d.spec.replicas = 2;
      d.status.replicas = 2;
      d.status.unavailableReplicas = 1;
      const p = clone(podOf(o, 'osm-controller'));
      p.metadata.name = 'osm-controller-7d5b9c6f48-x9q2m';
      delete p.spec.nodeName;
      p.status = { phase: 'Pending', qosClass: 'Burstable', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available: 3 Insufficient cpu.' }] };
      o.push(p);
    });
    expect(exact(runOne(OSM001, snap))).toEqual({
      status: 'fail',
      message: 'osm-controller READY 1/2, 1 available: osm-controller-7d5b9c6f48-x9q2m Pending (0 restarts).',
      evidence: [
        deploymentEvidence('osm-controller', 'READY 1/2, 1 available', 'READY 2/2, all available'),
        { ref: 'v1/Pod arc-osm-system/osm-controller-7d5b9c6f48-x9q2m', path: 'status', observed: 'READY 0/1 Pending, 0 restarts (0/3 nodes are available: 3 Insufficient cpu.)', expected: 'READY 1/1 Running' },
      ],
      remediation: {
        text: remediationText('controller'),
        commands: ['kubectl get pods -n arc-osm-system -l app=osm-controller', 'kubectl describe deployment osm-controller -n arc-osm-system', 'kubectl logs -n arc-osm-system -l app=osm-controller'],
      },
      notes: undefined,
      fixes: [],
      findings: ['fail Deployment osm-controller'],
    });
  });

  it('ends in error, naming the command to add, when no Deployment was collected', () => {
    expect(exact(runOne(OSM005, snapshotOf(without(base(), 'Deployment'))))).toEqual({
      status: 'error',
      message: 'the snapshot holds no Deployments at all, so whether the osm-injector deployment is there cannot be told; add the output of `kubectl get deployments -n arc-osm-system -o yaml`',
      evidence: [],
    });
  });
});
