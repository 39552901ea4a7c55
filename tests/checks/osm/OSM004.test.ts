import { describe, expect, it } from 'vitest';
import OSM004 from '../../../src/checks/osm/OSM004-controller-endpoints.js';
import { runOne, snapshotOf, type KubeObject } from '../../helpers/check-harness.js';
import { base, changed, find, notReadyEndpoints, without } from './control-plane-fixtures.js';

const ep = (o: KubeObject[]) => find(o, 'Endpoints', 'osm-controller');

/** What the EndpointSlice controller writes for the v1.2 osm-controller service. */
function slice(ready: boolean | undefined): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'osm-controller-x7k2p', namespace: 'arc-osm-system', labels: { 'kubernetes.io/service-name': 'osm-controller', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' } },
    addressType: 'IPv4',
    endpoints: [{ addresses: ['10.244.1.12'], conditions: ready === undefined ? {} : { ready, serving: ready, terminating: false }, targetRef: { kind: 'Pod', name: 'osm-controller-7d5b9c6f48-k2vjp', namespace: 'arc-osm-system' } }],
    ports: [{ name: 'ads-port', port: 15128, protocol: 'TCP' }, { name: 'debug-port', port: 9092, protocol: 'TCP' }, { name: 'healthz', port: 9091, protocol: 'TCP' }],
  };
}

const valid = [
  { it: 'passes on the v1.2 chart endpoints', snap: () => changed(() => {}), message: 'osm-controller 10.244.1.12:15128,10.244.1.12:9092,10.244.1.12:9091' },
  { it: 'passes on the v1.1 chart endpoints', snap: () => changed(() => {}, { base: 'healthy-v1.1' }), message: '10.244.1.12:15128' },
  { it: 'passes on the v1.0 chart endpoints', snap: () => changed(() => {}, { base: 'healthy-v1.0' }), message: '10.244.1.12:15128' },
  { it: "passes on the guide's output (10.240.1.115:9092,10.240.1.115:15128)", snap: () => changed(() => {}, { base: 'guide-healthy' }), message: 'osm-controller 10.240.1.115:9092,10.240.1.115:15128' },
  {
    it: 'passes when a port is matched by its name (the Service maps it to another target port)',
    snap: () => changed((o) => void (ep(o).subsets[0].ports[1].port = 19092)),
    message: '10.244.1.12:19092',
  },
  { it: 'passes on EndpointSlices when no v1 Endpoints were collected', snap: () => changed((o) => [...without(o, 'Endpoints'), slice(true)]), message: 'osm-controller 10.244.1.12:15128' },
  { it: 'counts an EndpointSlice endpoint without conditions as ready (the API default)', snap: () => changed((o) => [...without(o, 'Endpoints'), slice(undefined)]), message: '10.244.1.12:9092' },
];

const invalid = [
  { it: 'fails when there is no Endpoints object', snap: () => changed((o) => without(o, 'Endpoints', 'osm-controller')), message: 'no endpoints for osm-controller: the controller pod failed or was never deployed' },
  {
    it: 'fails when the controller pod is only in notReadyAddresses',
    snap: () => changed((o) => notReadyEndpoints(ep(o))),
    message: 'osm-controller has no ready endpoints, only notReadyAddresses (10.244.1.12 (pod osm-controller-7d5b9c6f48-k2vjp))',
  },
  { it: 'fails when the Endpoints object has no subsets (ENDPOINTS <none>)', snap: () => changed((o) => void delete ep(o).subsets), message: 'no addresses: the controller pod failed or was never deployed' },
  { it: 'fails when the EndpointSlice endpoint is not ready', snap: () => changed((o) => [...without(o, 'Endpoints'), slice(false)]), message: 'only notReadyAddresses' },
  {
    it: 'fails when the ready address lacks port 9092',
    snap: () => changed((o) => void (ep(o).subsets[0].ports = ep(o).subsets[0].ports.filter((p: { port: number }) => p.port !== 9092))),
    message: 'none on 9092 (debug-port)',
  },
];

describe('OSM004 osm-controller service has ready endpoints on 15128 and 9092', () => {
  for (const c of valid) {
    it(c.it, () => {
      const r = runOne(OSM004, c.snap());
      expect(r.status, r.message).toBe('pass');
      expect(r.message).toContain(c.message);
    });
  }
  for (const c of invalid) {
    it(c.it, () => {
      const r = runOne(OSM004, c.snap());
      expect(r.status, r.message).toBe('fail');
      expect(r.message).toContain(c.message);
      expect(r.remediation?.commands.length).toBeGreaterThan(0);
    });
  }

  it('ends in error when the snapshot holds neither Endpoints nor EndpointSlices', () => {
    expect(runOne(OSM004, snapshotOf(without(base(), 'Endpoints'))).status).toBe('error');
  });
});
