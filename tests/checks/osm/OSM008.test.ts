import { describe, expect, it } from 'vitest';
import OSM008 from '../../../src/checks/osm/OSM008-injector-endpoints.js';
import { runOne, type KubeObject } from '../../helpers/check-harness.js';
import { changed, find, notReadyEndpoints, without } from './control-plane-fixtures.js';

const ep = (o: KubeObject[]) => find(o, 'Endpoints', 'osm-injector');

const valid = [
  { it: 'passes on the v1.2 chart endpoints', snap: () => changed(() => {}), message: 'osm-injector 10.244.0.13:9090' },
  { it: 'passes on the v1.1 chart endpoints', snap: () => changed(() => {}, { base: 'healthy-v1.1' }), message: '10.244.0.13:9090' },
  { it: 'passes on the v1.0 chart endpoints', snap: () => changed(() => {}, { base: 'healthy-v1.0' }), message: '10.244.0.13:9090' },
  { it: "passes on the guide's output (10.240.1.172:9090)", snap: () => changed(() => {}, { base: 'guide-healthy' }), message: 'osm-injector 10.240.1.172:9090' },
  {
    it: 'passes with one ready and one not-ready injector, noting the second',
    snap: () => changed((o) => void (ep(o).subsets[0].notReadyAddresses = [{ ip: '10.244.1.30', targetRef: { kind: 'Pod', name: 'osm-injector-5986c57765-p9t2r' } }])),
    message: 'osm-injector 10.244.0.13:9090',
  },
];

const invalid = [
  {
    it: 'fails when the injector has only notReadyAddresses',
    snap: () => changed((o) => notReadyEndpoints(ep(o))),
    message: 'osm-injector has no ready endpoints, only notReadyAddresses (10.244.0.13 (pod osm-injector-5986c57765-vlsdk)): the injector pod is not ready',
  },
  { it: 'fails when the Endpoints object is missing', snap: () => changed((o) => without(o, 'Endpoints', 'osm-injector')), message: 'no endpoints for osm-injector' },
  { it: 'fails when the subset is empty (ENDPOINTS <none>)', snap: () => changed((o) => void (ep(o).subsets = [])), message: 'osm-injector has no ready endpoints, no addresses' },
  {
    it: 'fails when the ready address is not on port 9090',
    snap: () => changed((o) => void (ep(o).subsets[0].ports = [{ name: 'webhook', port: 8443, protocol: 'TCP' }])),
    message: 'none on 9090 (sidecar-inject)',
  },
];

describe('OSM008 osm-injector service has a ready endpoint on 9090', () => {
  for (const c of valid) {
    it(c.it, () => {
      const r = runOne(OSM008, c.snap());
      expect(r.status, r.message).toBe('pass');
      expect(r.message).toContain(c.message);
    });
  }
  for (const c of invalid) {
    it(c.it, () => {
      const r = runOne(OSM008, c.snap());
      expect(r.status, r.message).toBe('fail');
      expect(r.message).toContain(c.message);
      expect(r.remediation?.commands).toContain('kubectl describe endpoints osm-injector -n arc-osm-system');
    });
  }
});
