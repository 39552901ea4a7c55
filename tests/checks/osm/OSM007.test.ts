import { describe, expect, it } from 'vitest';
import OSM007 from '../../../src/checks/osm/OSM007-injector-service.js';
import { runOne } from '../../helpers/check-harness.js';
import { changed, find, without } from './control-plane-fixtures.js';

const svc = (o: Parameters<typeof find>[0]) => find(o, 'Service', 'osm-injector');

const valid = [
  { it: 'passes on the v1.2 chart service (9090/TCP, ClusterIP, no external IP)', snap: () => changed(() => {}), message: 'osm-injector ClusterIP 10.0.143.37 <none> 9090/TCP' },
  { it: 'passes on the v1.1 chart service', snap: () => changed(() => {}, { base: 'healthy-v1.1' }), message: '9090/TCP' },
  { it: 'passes on the v1.0 chart service', snap: () => changed(() => {}, { base: 'healthy-v1.0' }), message: '9090/TCP' },
  { it: "passes on the guide's output", snap: () => changed(() => {}, { base: 'guide-healthy' }), message: 'osm-injector ClusterIP 10.0.39.54 <none> 9090/TCP' },
];

const invalid = [
  { it: 'fails when the service was deleted', snap: () => changed((o) => without(o, 'Service', 'osm-injector')), status: 'fail', message: 'the osm-injector service is missing' },
  { it: 'fails when the service port is not 9090', snap: () => changed((o) => void (svc(o).spec.ports[0].port = 443)), status: 'fail', message: 'does not expose 9090/TCP (sidecar-inject' },
  {
    it: 'warns when the service is a LoadBalancer with an EXTERNAL-IP',
    snap: () => changed((o) => {
      svc(o).spec.type = 'LoadBalancer';
      svc(o).status = { loadBalancer: { ingress: [{ ip: '52.170.3.9' }] } };
    }),
    status: 'warn',
    message: 'EXTERNAL-IP 52.170.3.9',
    command: `kubectl patch service osm-injector -n arc-osm-system -p '{"spec":{"type":"ClusterIP"}}'`,
  },
  {
    it: 'warns when a ClusterIP service lists spec.externalIPs',
    snap: () => changed((o) => void (svc(o).spec.externalIPs = ['192.168.10.40'])),
    status: 'warn',
    message: 'ClusterIP, EXTERNAL-IP 192.168.10.40',
    command: `kubectl patch service osm-injector -n arc-osm-system --type=json -p '[{"op":"remove","path":"/spec/externalIPs"}]'`,
  },
  { it: 'fails when the service is an ExternalName', snap: () => changed((o) => void Object.assign(svc(o).spec, { type: 'ExternalName', externalName: 'injector.example.com' })), status: 'fail', message: 'type ExternalName' },
];

describe('OSM007 osm-injector service exposes 9090/TCP and no external IP', () => {
  for (const c of valid) {
    it(c.it, () => {
      const r = runOne(OSM007, c.snap());
      expect(r.status, r.message).toBe('pass');
      expect(r.message).toContain(c.message);
    });
  }
  for (const c of invalid) {
    it(c.it, () => {
      const r = runOne(OSM007, c.snap());
      expect(r.status, r.message).toBe(c.status);
      expect(r.message).toContain(c.message);
      if (c.command) expect(r.remediation?.commands).toContain(c.command);
    });
  }
});
