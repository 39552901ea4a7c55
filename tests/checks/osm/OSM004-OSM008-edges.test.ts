// OSM004 / OSM008 (control-plane-endpoints.ts) on shapes the exact-outcome file leaves out: an unnamed Endpoints
// port, an EndpointSlice port without number, a slice endpoint without addresses, every Service's slices in one
// namespace, two webhook configurations calling the leftover service, the injector's Service gone too.
import { describe, expect, it } from 'vitest';
import OSM004 from '../../../src/checks/osm/OSM004-controller-endpoints.js';
import OSM008 from '../../../src/checks/osm/OSM008-injector-endpoints.js';
import { runOne, snapshotOf, type KubeObject } from '../../helpers/check-harness.js';
import { base, changed, find, without } from './control-plane-fixtures.js';
import { exact, RESTORE } from './control-plane-exact.js';

const ep = (o: KubeObject[], name = 'osm-controller') => find(o, 'Endpoints', name);

function slice(service: string, name: string, endpoints: unknown[], ports: unknown[]): KubeObject {
  return { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name, namespace: 'arc-osm-system', labels: { 'kubernetes.io/service-name': service } }, addressType: 'IPv4', endpoints, ports };
}
const endpoint = (ip: string, pod: string) => ({ addresses: [ip], conditions: { ready: true }, targetRef: { kind: 'Pod', name: pod, namespace: 'arc-osm-system' } });
const INJECTOR_PORTS = [{ name: 'sidecar-inject', port: 9090, protocol: 'TCP' }];
const CONTROLLER_PORTS = [{ name: 'ads-port', port: 15128, protocol: 'TCP' }, { name: 'debug-port', port: 9092, protocol: 'TCP' }];

describe('OSM004 / OSM008 port and address edges', () => {
  it('matches an unnamed Endpoints port by its number (a Service with one unnamed port)', () => {
    const r = runOne(OSM008, changed((o) => void (ep(o, 'osm-injector').subsets[0].ports = [{ port: 9090, protocol: 'TCP' }])));
    expect(exact(r)).toEqual({ status: 'pass', message: 'osm-injector 10.244.0.13:9090', evidence: [] });
  });

  it('matches a port renamed on the Service by its number', () => {
    const r = runOne(OSM004, changed((o) => void (ep(o).subsets[0].ports = [{ name: 'xds', port: 15128 }, { name: 'debug', port: 9092 }])));
    expect(exact(r)).toEqual({ status: 'pass', message: 'osm-controller 10.244.1.12:15128,10.244.1.12:9092', evidence: [] });
  });

  it('prints an EndpointSlice port without number by its name, and skips an endpoint without addresses', () => {
    const snap = changed((o) => [...without(o, 'Endpoints'), slice('osm-injector', 'osm-injector-4f8qz', [{ conditions: { ready: true } }, endpoint('10.244.0.13', 'osm-injector-5986c57765-vlsdk')], [{ name: 'sidecar-inject' }])]);
    expect(exact(runOne(OSM008, snap))).toEqual({ status: 'pass', message: 'osm-injector 10.244.0.13:sidecar-inject', evidence: [] });
  });

  it('reads only the slices of its own Service', () => {
    const slices = [slice('osm-controller', 'osm-controller-x7k2p', [endpoint('10.244.1.12', 'osm-controller-7d5b9c6f48-k2vjp')], CONTROLLER_PORTS), slice('osm-injector', 'osm-injector-4f8qz', [endpoint('10.244.0.13', 'osm-injector-5986c57765-vlsdk')], INJECTOR_PORTS)];
    const both = changed((o) => [...without(o, 'Endpoints'), ...slices]);
    expect(runOne(OSM004, both).message).toBe('osm-controller 10.244.1.12:15128,10.244.1.12:9092');
    expect(runOne(OSM008, both).message).toBe('osm-injector 10.244.0.13:9090');
    const controllerOnly = changed((o) => [...without(o, 'Endpoints'), slices[0]]);
    expect(exact(runOne(OSM008, controllerOnly))).toEqual({
      status: 'fail',
      message: 'no endpoints for osm-injector: the injector pod failed or was never deployed',
      evidence: [{ ref: 'v1/Endpoints arc-osm-system/osm-injector', path: 'subsets', observed: 'absent', expected: 'a ready address on 9090/TCP' }],
      remediation: {
        text: 'Endpoints list the ready osm-injector pods behind the osm-injector Service. None ready means the injector pod failed or was never deployed: fix the pod (OSM005/OSM006) and the endpoints follow.',
        commands: ['kubectl get pods -n arc-osm-system -l app=osm-injector -o wide', 'kubectl describe endpoints osm-injector -n arc-osm-system', 'kubectl logs -n arc-osm-system -l app=osm-injector'],
      },
    });
  });

  it('sends the injector to OSM007 when its Service is gone with its Endpoints', () => {
    const gone = (o: KubeObject[]) => o.filter((x) => !(x.metadata.name === 'osm-injector' && (x.kind === 'Service' || x.kind === 'Endpoints')));
    expect(exact(runOne(OSM008, changed(gone)))).toEqual({
      status: 'fail',
      message: 'no endpoints for osm-injector: the osm-injector Service itself is missing (see OSM007), so nothing publishes the injector pods',
      evidence: [{ ref: 'v1/Endpoints arc-osm-system/osm-injector', path: 'subsets', observed: 'absent (Service arc-osm-system/osm-injector absent too)', expected: 'a ready address on 9090/TCP' }],
      remediation: { text: 'Endpoints exist only for a Service: restore the osm-injector Service (OSM007) and its endpoints follow.', commands: ['kubectl get service osm-injector -n arc-osm-system', RESTORE[0]] },
    });
  });
});

describe('OSM008 and a leftover service called by two configurations', () => {
  it('names both configurations in the note', () => {
    const config = (kind: string, name: string): KubeObject => ({
      apiVersion: 'admissionregistration.k8s.io/v1', kind, metadata: { name },
      webhooks: [{ name: 'osm-inject.k8s.io', clientConfig: { service: { name: 'osm-injector', namespace: 'osm-system', port: 9090, path: '/mutate-pod-creation' } }, sideEffects: 'None', admissionReviewVersions: ['v1'] }],
    });
    const event: KubeObject = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'bookstore-5cf6d9f9d7.187b3c2f5a9d1e05', namespace: 'bookstore' }, involvedObject: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'bookstore-5cf6d9f9d7', namespace: 'bookstore' }, reason: 'FailedCreate', type: 'Warning', count: 3, message: 'Error creating: Internal error occurred: failed calling webhook "osm-inject.k8s.io": Post "https://osm-injector.osm-system.svc:9090/mutate-pod-creation?timeout=20s": dial tcp 10.96.43.30:9090: connect: connection refused' };
    const r = runOne(OSM008, snapshotOf([...base(), config('MutatingWebhookConfiguration', 'osm-webhook-osm'), config('ValidatingWebhookConfiguration', 'osm-validator-copy'), event]));
    expect([r.status, r.notes]).toEqual(['pass', [
      "the failed osm-inject.k8s.io call for ReplicaSet bookstore/bookstore-5cf6d9f9d7 went to Service osm-system/osm-injector:9090 (MutatingWebhookConfiguration osm-webhook-osm, ValidatingWebhookConfiguration osm-validator-copy), not to this mesh's injector: nothing accepts connections on the injector pod's port 9090: the injector is restarting or not serving; a leftover of another OSM install? (see OSM009)",
    ]]);
  });
});
