import { describe, expect, it } from 'vitest';
import OSM003 from '../../../src/checks/osm/OSM003-controller-service.js';
import { runOne, snapshotOf } from '../../helpers/check-harness.js';
import { base, changed, find, without } from './control-plane-fixtures.js';

const svc = (o: Parameters<typeof find>[0]) => find(o, 'Service', 'osm-controller');

const valid = [
  { it: 'passes on the v1.2 chart service (15128, 9092 and the extra 9091 healthz)', snap: () => changed(() => {}), message: 'osm-controller ClusterIP 10.0.126.84 <none> 15128/TCP,9092/TCP,9091/TCP' },
  { it: 'passes on the v1.1 chart service', snap: () => changed(() => {}, { base: 'healthy-v1.1' }), message: '15128/TCP,9092/TCP' },
  { it: 'passes on the v1.0 chart service', snap: () => changed(() => {}, { base: 'healthy-v1.0' }), message: '15128/TCP,9092/TCP' },
  { it: "passes on the guide's output (15128/TCP,9092/TCP only)", snap: () => changed(() => {}, { base: 'guide-healthy' }), message: 'osm-controller ClusterIP 10.0.31.254 <none> 15128/TCP,9092/TCP' },
  { it: 'passes when ports carry no protocol (TCP is the default)', snap: () => changed((o) => svc(o).spec.ports.forEach((p: { protocol?: string }) => delete p.protocol)), message: '15128/TCP' },
];

const invalid = [
  { it: 'fails when the service was deleted', snap: () => changed((o) => without(o, 'Service', 'osm-controller')), status: 'fail', message: 'the osm-controller service is missing from arc-osm-system' },
  {
    it: 'fails when the debug port 9092 is missing',
    snap: () => changed((o) => void (svc(o).spec.ports = svc(o).spec.ports.filter((p: { port: number }) => p.port !== 9092))),
    status: 'fail',
    message: 'does not expose 9092/TCP (debug-port',
  },
  {
    it: 'fails when the ADS port is UDP instead of TCP',
    snap: () => changed((o) => void (svc(o).spec.ports[0].protocol = 'UDP')),
    status: 'fail',
    message: 'does not expose 15128/TCP (ads-port',
  },
  {
    it: 'warns when the service was changed to type LoadBalancer',
    snap: () => changed((o) => {
      svc(o).spec.type = 'LoadBalancer';
      svc(o).status = { loadBalancer: { ingress: [{ ip: '20.61.14.7' }] } };
    }),
    status: 'warn',
    message: 'reachable from outside the cluster (LoadBalancer, EXTERNAL-IP 20.61.14.7)',
  },
];

describe('OSM003 osm-controller service exposes 15128/TCP and 9092/TCP', () => {
  for (const c of valid) {
    it(c.it, () => {
      const r = runOne(OSM003, c.snap());
      expect(r.status, r.message).toBe('pass');
      expect(r.message).toContain(c.message);
    });
  }
  for (const c of invalid) {
    it(c.it, () => {
      const r = runOne(OSM003, c.snap());
      expect(r.status, r.message).toBe(c.status);
      expect(r.message).toContain(c.message);
      expect(r.remediation?.commands.length).toBeGreaterThan(0);
    });
  }

  it('ends in error when the snapshot holds no Services at all', () => {
    expect(runOne(OSM003, snapshotOf(without(base(), 'Service'))).status).toBe('error');
  });
});
