// OSM003/OSM004 on hand-made snapshots with odd entries (a bare `-` in YAML, a scalar where a list belongs):
// the checks read them as absent, never crash.
import { describe, expect, it } from 'vitest';
import OSM003 from '../../../src/checks/osm/OSM003-controller-service.js';
import OSM004 from '../../../src/checks/osm/OSM004-controller-endpoints.js';
import { runOne, type KubeObject } from '../../helpers/check-harness.js';
import { changed, find, without } from './control-plane-fixtures.js';

const ep = (o: KubeObject[]) => find(o, 'Endpoints', 'osm-controller');

describe('odd entries in Endpoints, EndpointSlices and Services', () => {
  it('skips null subsets, addresses and ports', () => {
    const r = runOne(OSM004, changed((o) => {
      const s = ep(o).subsets[0];
      ep(o).subsets = [null, { ...s, addresses: [null, ...s.addresses], ports: [null, ...s.ports] }];
    }));
    expect([r.status, r.message]).toEqual(['pass', 'osm-controller 10.244.1.12:15128,10.244.1.12:9092,10.244.1.12:9091']);
  });

  it('reads a scalar subsets as none', () => {
    const r = runOne(OSM004, changed((o) => void (ep(o).subsets = 'none')));
    expect(r.message).toBe('osm-controller has no ready endpoints, no addresses: the controller pod failed or was never deployed');
  });

  it('skips null EndpointSlice endpoints and ports, and a slice without lists', () => {
    const slice = (name: string, endpoints: unknown, ports: unknown): KubeObject => ({ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name, namespace: 'arc-osm-system', labels: { 'kubernetes.io/service-name': 'osm-controller' } }, endpoints, ports });
    const r = runOne(OSM004, changed((o) => [
      ...without(o, 'Endpoints'),
      slice('osm-controller-x7k2p', [null, { addresses: ['10.244.1.12'] }], [null, { name: 'ads-port', port: 15128 }, { name: 'debug-port', port: 9092 }]),
      slice('osm-controller-b4m9s', 'x', 'y'),
    ]));
    expect([r.status, r.message]).toEqual(['pass', 'osm-controller 10.244.1.12:15128,10.244.1.12:9092']);
  });

  it('reads a Service with a null status and no spec', () => {
    const r = runOne(OSM003, changed((o) => {
      const svc = find(o, 'Service', 'osm-controller');
      delete svc.spec;
      svc.status = null;
    }));
    expect([r.status, r.findings?.length, r.message]).toEqual(['fail', 1, 'osm-controller does not expose 15128/TCP (ads-port: Envoy xDS (ADS) connections from every sidecar), 9092/TCP (debug-port: the controller debug server); it has <none>']);
  });
});
