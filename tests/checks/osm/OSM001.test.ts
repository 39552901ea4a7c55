import { describe, expect, it } from 'vitest';
import OSM001 from '../../../src/checks/osm/OSM001-controller-deployment.js';
import { runOne, snapshotOf } from '../../helpers/check-harness.js';
import { base, changed, crashLoop, find, logFixture, logOf, podOf, unavailable, without } from './control-plane-fixtures.js';

const valid = [
  { it: 'passes on the healthy Arc OSM v1.2.6 control plane', snap: () => changed(() => {}), message: 'osm-controller READY 1/1, available (OSM v1.2.6)' },
  { it: 'passes on the healthy Arc OSM v1.1.1 control plane', snap: () => changed(() => {}, { base: 'healthy-v1.1' }), message: 'v1.1.1' },
  { it: 'passes on the healthy Arc OSM v1.0.0 control plane', snap: () => changed(() => {}, { base: 'healthy-v1.0' }), message: 'v1.0.0' },
  { it: "passes on the guide's own healthy output (osm-controller 1/1)", snap: () => changed(() => {}, { base: 'guide-healthy' }), message: 'READY 1/1' },
  {
    it: 'finds the deployment by name when its app label was changed',
    snap: () => changed((o) => void (find(o, 'Deployment', 'osm-controller').metadata.labels!.app = 'custom')),
    message: 'osm-controller READY 1/1',
  },
];

const invalid = [
  {
    it: 'fails when the controller deployment was deleted, with the commands that restore it',
    snap: () => changed((o) => without(o, 'Deployment', 'osm-controller')),
    status: 'fail',
    message: 'the osm-controller deployment is missing from arc-osm-system',
    command: 'helm get manifest osm -n arc-osm-system | kubectl apply -n arc-osm-system -f -',
  },
  {
    it: 'fails when READY 0/1 because the controller crashes, with the log tail and what it means',
    snap: () => {
      const o = base();
      unavailable(find(o, 'Deployment', 'osm-controller'));
      const pod = podOf(o, 'osm-controller');
      crashLoop(pod, 'osm-controller');
      return snapshotOf(o, { logs: [logOf(pod, 'osm-controller', logFixture('controller-unknown-flag.log'))] });
    },
    status: 'fail',
    message: 'osm-controller READY 0/1, 0 available: osm-controller-7d5b9c6f48-k2vjp CrashLoopBackOff (4 restarts, last terminated Error). The log says: the image does not accept the flag --cert-manager-issuer-name',
    command: 'kubectl logs -n arc-osm-system -l app=osm-controller',
    evidence: 'unknown flag: --cert-manager-issuer-name',
  },
  {
    it: 'fails when the controller is scaled to 0 replicas',
    snap: () => changed((o) => {
      const d = find(o, 'Deployment', 'osm-controller');
      d.spec.replicas = 0;
      d.status = { observedGeneration: 2, conditions: d.status.conditions };
      return without(o, 'Pod').concat(o.filter((x) => x.kind === 'Pod' && x.metadata.labels?.app !== 'osm-controller'));
    }),
    status: 'fail',
    message: 'READY 0/0',
    command: 'kubectl scale deployment osm-controller -n arc-osm-system --replicas=1',
  },
];

describe('OSM001 osm-controller deployment is READY and available', () => {
  for (const c of valid) {
    it(c.it, () => {
      const r = runOne(OSM001, c.snap());
      expect(r.status, r.message).toBe('pass');
      expect(r.message).toContain(c.message);
    });
  }
  for (const c of invalid) {
    it(c.it, () => {
      const r = runOne(OSM001, c.snap());
      expect(r.status, r.message).toBe(c.status);
      expect(r.message).toContain(c.message);
      expect(r.remediation?.commands).toContain(c.command);
      if (c.evidence) expect(r.evidence.map((e) => String(e.observed)).join('\n')).toContain(c.evidence);
    });
  }

  it('names the extension resource group and cluster in the restore commands when Azure data is there', () => {
    const ext = {
      id: '/subscriptions/0000/resourceGroups/rg-arc/providers/Microsoft.Kubernetes/connectedClusters/edge-01/providers/Microsoft.KubernetesConfiguration/extensions/osm',
      name: 'osm',
      type: 'Microsoft.KubernetesConfiguration/extensions',
      extensionType: 'microsoft.openservicemesh',
      scope: { cluster: { releaseNamespace: 'arc-osm-system' } },
    };
    const r = runOne(OSM001, snapshotOf(without(base(), 'Deployment', 'osm-controller'), { azure: [ext] }));
    expect(r.remediation?.commands).toContain('az k8s-extension delete --resource-group rg-arc --cluster-name edge-01 --cluster-type connectedClusters --name osm --yes');
  });

  it('ends in error, not a false failure, when the snapshot holds no Deployments at all', () => {
    const r = runOne(OSM001, snapshotOf(without(base(), 'Deployment')));
    expect(r.status).toBe('error');
    expect(r.message).toContain('kubectl get deployments -n arc-osm-system -o yaml');
  });

  it('skips when OSM is not installed', () => {
    const r = runOne(OSM001, snapshotOf([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } }]));
    expect(r.status).toBe('skip');
  });
});
