import { describe, expect, it } from 'vitest';
import OSM005 from '../../../src/checks/osm/OSM005-injector-deployment.js';
import { runOne, snapshotOf } from '../../helpers/check-harness.js';
import { base, changed, crashLoop, find, logFixture, logOf, podOf, unavailable, without } from './control-plane-fixtures.js';

const valid = [
  { it: 'passes on the healthy Arc OSM v1.2.6 injector', snap: () => changed(() => {}), message: 'osm-injector READY 1/1, available (OSM v1.2.6)' },
  { it: 'passes on the healthy Arc OSM v1.1.1 injector', snap: () => changed(() => {}, { base: 'healthy-v1.1' }), message: 'osm-injector READY 1/1' },
  { it: 'passes on the healthy Arc OSM v1.0.0 injector', snap: () => changed(() => {}, { base: 'healthy-v1.0' }), message: 'osm-injector READY 1/1' },
  { it: "passes on the guide's output (osm-injector 1/1)", snap: () => changed(() => {}, { base: 'guide-healthy' }), message: 'osm-injector READY 1/1' },
];

describe('OSM005 osm-injector deployment is READY and available', () => {
  for (const c of valid) {
    it(c.it, () => {
      const r = runOne(OSM005, c.snap());
      expect(r.status, r.message).toBe('pass');
      expect(r.message).toContain(c.message);
    });
  }

  it('fails when the injector deployment was deleted', () => {
    const r = runOne(OSM005, changed((o) => without(o, 'Deployment', 'osm-injector')));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('the osm-injector deployment is missing from arc-osm-system');
    expect(r.remediation?.commands).toContain('az k8s-extension create --resource-group <resource-group> --cluster-name <cluster-name> --cluster-type connectedClusters --name osm --extension-type Microsoft.openservicemesh --scope cluster');
  });

  it('fails when READY 0/1, naming the crash-looping pod and what its log says', () => {
    const o = base();
    unavailable(find(o, 'Deployment', 'osm-injector'));
    const pod = podOf(o, 'osm-injector');
    crashLoop(pod, 'osm-injector', 6);
    const r = runOne(OSM005, snapshotOf(o, { logs: [logOf(pod, 'osm-injector', logFixture('injector-meshconfig-missing.log'))] }));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('osm-injector READY 0/1, 0 available: osm-injector-5986c57765-vlsdk CrashLoopBackOff');
    expect(r.message).toContain('MeshConfig osm-system/osm-mesh-config does not exist');
    expect(r.remediation?.commands).toContain('kubectl logs -n arc-osm-system -l app=osm-injector -c osm-injector --previous');
  });

  it('fails with the Deployment condition when no pod was created', () => {
    const o = without(base(), 'Pod', 'osm-injector-5986c57765-vlsdk');
    const d = find(o, 'Deployment', 'osm-injector');
    unavailable(d);
    d.status.conditions.push({ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'pods "osm-injector-5986c57765-" is forbidden: exceeded quota: arc-quota, requested: requests.memory=64M' });
    const r = runOne(OSM005, snapshotOf(o));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('exceeded quota');
  });
});
