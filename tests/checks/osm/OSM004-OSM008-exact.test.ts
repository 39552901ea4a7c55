// OSM004 / OSM008 (control-plane-endpoints.ts): whole outcomes on Endpoints and EndpointSlices, and the failed
// webhook calls OSM008 adds (openservicemesh/osm#4552 i/o timeout, #3973 connection refused).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import OSM004 from '../../../src/checks/osm/OSM004-controller-endpoints.js';
import OSM008 from '../../../src/checks/osm/OSM008-injector-endpoints.js';
import { fixtureObjects, runOne, snapshotOf, type KubeObject } from '../../helpers/check-harness.js';
import { base, changed, find, notReadyEndpoints, without } from './control-plane-fixtures.js';
import { exact, RESTORE } from './control-plane-exact.js';

const ep = (o: KubeObject[], name = 'osm-controller') => find(o, 'Endpoints', name);
const ioTimeout = () => fixtureObjects(fileURLToPath(new URL('../../fixtures/osm/webhook-failures', import.meta.url)));
const TIMEOUT_CAUSE = 'the API server cannot reach the injector pod on 9090 in time: a network policy, firewall or security group between the control plane and the pod network drops the call';
const NETWORK_TEXT = 'Pods in meshed namespaces cannot be created while the webhook fails (failurePolicy Fail). Make port 9090 of the osm-injector pods reachable from the API server (network policies, firewall or security-group rules on private clusters), then re-create the workloads that failed.';
const RS_EVIDENCE = {
  ref: 'apps/v1/ReplicaSet bookbuyer/bookbuyer-6b9f7c7d8d',
  path: 'status.conditions[0] (ReplicaFailure)',
  observed: 'Internal error occurred: failed calling webhook "osm-inject.k8s.io": failed to call webhook: Post "https://osm-injector.arc-osm-system.svc:9090/mutate-pod-creation?timeout=20s": dial tcp 10.3.146.3:9090: i/o timeout',
  expected: 'no ReplicaFailure',
};
const podText = (role: 'controller' | 'injector') => `Endpoints list the ready osm-${role} pods behind the osm-${role} Service. None ready means the ${role} pod failed or was never deployed: fix the pod (${role === 'controller' ? 'OSM001/OSM002' : 'OSM005/OSM006'}) and the endpoints follow.`;
const podCommands = (app: string) => [`kubectl get pods -n arc-osm-system -l app=${app} -o wide`, `kubectl describe endpoints ${app} -n arc-osm-system`, `kubectl logs -n arc-osm-system -l app=${app}`];

function slice(name: string, endpoints: unknown[], ports: unknown[] = [{ name: 'ads-port', port: 15128, protocol: 'TCP' }, { name: 'debug-port', port: 9092, protocol: 'TCP' }]): KubeObject {
  return { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name, namespace: 'arc-osm-system', labels: { 'kubernetes.io/service-name': 'osm-controller' } }, addressType: 'IPv4', endpoints, ports };
}
const endpoint = (ip: string, pod: string, ready?: boolean) => ({ addresses: [ip], conditions: ready === undefined ? {} : { ready }, targetRef: { kind: 'Pod', name: pod, namespace: 'arc-osm-system' } });

describe('OSM004 / OSM008 exact outcomes', () => {
  it('passes with the ENDPOINTS column, noting not-ready addresses with or without a pod', () => {
    expect(exact(runOne(OSM004, changed(() => {})))).toEqual({ status: 'pass', message: 'osm-controller 10.244.1.12:15128,10.244.1.12:9092,10.244.1.12:9091', evidence: [] });
    const r = runOne(OSM008, changed((o) => void (ep(o, 'osm-injector').subsets[0].notReadyAddresses = [{ ip: '10.244.1.30', targetRef: { kind: 'Pod', name: 'osm-injector-5986c57765-p9t2r' } }, { ip: '10.244.1.31' }])));
    expect(exact(r)).toEqual({ status: 'pass', message: 'osm-injector 10.244.0.13:9090', evidence: [], notes: ['also not ready: 10.244.1.30 (pod osm-injector-5986c57765-p9t2r), 10.244.1.31'] });
  });

  it('fails on a missing Endpoints object beside its Service', () => {
    expect(exact(runOne(OSM004, changed((o) => without(o, 'Endpoints', 'osm-controller'))))).toEqual({
      status: 'fail',
      message: 'no endpoints for osm-controller: the controller pod failed or was never deployed',
      evidence: [{ ref: 'v1/Endpoints arc-osm-system/osm-controller', path: 'subsets', observed: 'absent', expected: 'a ready address on 15128/TCP,9092/TCP' }],
      remediation: { text: podText('controller'), commands: podCommands('osm-controller') },
    });
  });

  it('blames the missing Service when both are gone, and not when no Service was collected at all', () => {
    const gone = (o: KubeObject[]) => o.filter((x) => !(x.metadata.name === 'osm-controller' && (x.kind === 'Service' || x.kind === 'Endpoints')));
    expect(exact(runOne(OSM004, changed(gone)))).toEqual({
      status: 'fail',
      message: 'no endpoints for osm-controller: the osm-controller Service itself is missing (see OSM003), so nothing publishes the controller pods',
      evidence: [{ ref: 'v1/Endpoints arc-osm-system/osm-controller', path: 'subsets', observed: 'absent (Service arc-osm-system/osm-controller absent too)', expected: 'a ready address on 15128/TCP,9092/TCP' }],
      remediation: { text: 'Endpoints exist only for a Service: restore the osm-controller Service (OSM003) and its endpoints follow.', commands: ['kubectl get service osm-controller -n arc-osm-system', RESTORE[0]] },
    });
    const noServices = runOne(OSM004, changed((o) => without(gone(o), 'Service')));
    expect(noServices.message).toBe('no endpoints for osm-controller: the controller pod failed or was never deployed');
  });

  it('fails on notReadyAddresses only, naming the pod', () => {
    expect(exact(runOne(OSM008, changed((o) => notReadyEndpoints(ep(o, 'osm-injector')))))).toEqual({
      status: 'fail',
      message: 'osm-injector has no ready endpoints, only notReadyAddresses (10.244.0.13 (pod osm-injector-5986c57765-vlsdk)): the injector pod is not ready',
      evidence: [{ ref: 'v1/Endpoints arc-osm-system/osm-injector', path: 'subsets', observed: 'ENDPOINTS <none>; notReadyAddresses 10.244.0.13 (pod osm-injector-5986c57765-vlsdk)', expected: 'ready addresses on 9090/TCP' }],
      remediation: { text: podText('injector'), commands: podCommands('osm-injector') },
    });
  });

  it('fails on an Endpoints object without addresses', () => {
    const r = runOne(OSM004, changed((o) => void (ep(o).subsets = [{ ports: ep(o).subsets[0].ports }])));
    expect(r.message).toBe('osm-controller has no ready endpoints, no addresses: the controller pod failed or was never deployed');
    expect(r.evidence).toEqual([{ ref: 'v1/Endpoints arc-osm-system/osm-controller', path: 'subsets', observed: 'ENDPOINTS <none>', expected: 'ready addresses on 15128/TCP,9092/TCP' }]);
  });

  it('fails on ready addresses without the chart ports, sending to OSM003', () => {
    expect(exact(runOne(OSM004, changed((o) => void (ep(o).subsets[0].ports = [{ name: 'healthz', port: 9091, protocol: 'TCP' }]))))).toEqual({
      status: 'fail',
      message: 'osm-controller has ready addresses but none on 15128 (ads-port), 9092 (debug-port)',
      evidence: [{ ref: 'v1/Endpoints arc-osm-system/osm-controller', path: 'subsets', observed: 'ENDPOINTS 10.244.1.12:9091', expected: 'ready addresses on 15128/TCP,9092/TCP' }],
      remediation: { text: "The endpoints follow the osm-controller Service's ports: restore the chart's ports (see OSM003).", commands: ['kubectl get service osm-controller -n arc-osm-system -o yaml', 'kubectl describe endpoints osm-controller -n arc-osm-system'] },
    });
    const injector = runOne(OSM008, changed((o) => void (ep(o, 'osm-injector').subsets[0].ports = [{ name: 'webhook', port: 8443 }])));
    expect(injector.remediation?.text).toBe("The endpoints follow the osm-injector Service's ports: restore the chart's ports (see OSM007).");
  });

  it('needs the ports on a subset that has ready addresses', () => {
    const r = runOne(OSM004, changed((o) => {
      const ports = ep(o).subsets[0].ports;
      ep(o).subsets = [{ addresses: ep(o).subsets[0].addresses, ports: [{ name: 'healthz', port: 9091 }] }, { notReadyAddresses: [{ ip: '10.244.1.40' }], ports }];
    }));
    expect(r.message).toBe('osm-controller has ready addresses but none on 15128 (ads-port), 9092 (debug-port)');
  });

  it('prints a port without number by its name and matches it by name', () => {
    const r = runOne(OSM004, changed((o) => void (ep(o).subsets[0].ports = [{ name: 'ads-port' }, { name: 'debug-port', port: '9092' }])));
    expect(exact(r)).toEqual({ status: 'pass', message: 'osm-controller 10.244.1.12:ads-port,10.244.1.12:9092', evidence: [] });
  });

  it('falls back to EndpointSlices, ready unless conditions.ready is false, listing every slice', () => {
    const snap = changed((o) => [...without(o, 'Endpoints'), slice('osm-controller-x7k2p', [endpoint('10.244.1.12', 'osm-controller-7d5b9c6f48-k2vjp', true)]), slice('osm-controller-b4m9s', [endpoint('10.244.2.7', 'osm-controller-7d5b9c6f48-z8w4n', false)])]);
    expect(exact(runOne(OSM004, snap))).toEqual({ status: 'pass', message: 'osm-controller 10.244.1.12:15128,10.244.1.12:9092', evidence: [], notes: ['also not ready: 10.244.2.7 (pod osm-controller-7d5b9c6f48-z8w4n)'] });
    const none = runOne(OSM004, changed((o) => [...without(o, 'Endpoints'), slice('osm-controller-x7k2p', [endpoint('10.244.1.12', 'osm-controller-7d5b9c6f48-k2vjp', false)]), slice('osm-controller-b4m9s', [])]));
    expect(none.evidence).toEqual([{ ref: 'discovery.k8s.io/v1/EndpointSlice arc-osm-system/osm-controller-x7k2p, discovery.k8s.io/v1/EndpointSlice arc-osm-system/osm-controller-b4m9s', path: 'endpoints', observed: 'ENDPOINTS <none>; notReadyAddresses 10.244.1.12 (pod osm-controller-7d5b9c6f48-k2vjp)', expected: 'ready addresses on 15128/TCP,9092/TCP' }]);
  });

  it('fails, not errs, when only EndpointSlices were collected and none is this Service\'s', () => {
    const other = { ...slice('kubernetes', [endpoint('10.0.0.1', 'x')]), metadata: { name: 'kubernetes', namespace: 'default', labels: { 'kubernetes.io/service-name': 'kubernetes' } } };
    expect(runOne(OSM004, changed((o) => [...without(o, 'Endpoints'), other])).message).toBe('no endpoints for osm-controller: the controller pod failed or was never deployed');
    expect(exact(runOne(OSM004, snapshotOf(without(base(), 'Endpoints'))))).toEqual({
      status: 'error',
      message: 'the snapshot holds no Endpoints or EndpointSlices at all, so whether an endpoint for osm-controller is there cannot be told; add the output of `kubectl get endpoints -n arc-osm-system -o yaml`',
      evidence: [],
    });
  });

  it('fails ready injector endpoints when the API server times out calling them (#4552), counting the ReplicaSet once', () => {
    expect(exact(runOne(OSM008, snapshotOf([...base(), ...ioTimeout()])))).toEqual({
      status: 'fail',
      message: `osm-injector has ready endpoints (10.244.0.13:9090), but the API server's calls to the osm-inject.k8s.io webhook fail (ReplicaSet bookbuyer/bookbuyer-6b9f7c7d8d): ${TIMEOUT_CAUSE}`,
      evidence: [RS_EVIDENCE],
      remediation: { text: NETWORK_TEXT, commands: ['kubectl get networkpolicies -n arc-osm-system', 'kubectl get events -A --field-selector reason=FailedCreate'] },
    });
  });

  it('adds the failed calls to not-ready endpoints, keeping both remediations', () => {
    const o = base();
    notReadyEndpoints(ep(o, 'osm-injector'));
    expect(exact(runOne(OSM008, snapshotOf([...o, ...ioTimeout()])))).toEqual({
      status: 'fail',
      message: `osm-injector has no ready endpoints, only notReadyAddresses (10.244.0.13 (pod osm-injector-5986c57765-vlsdk)): the injector pod is not ready; and the API server's calls to the osm-inject.k8s.io webhook fail (ReplicaSet bookbuyer/bookbuyer-6b9f7c7d8d): ${TIMEOUT_CAUSE}`,
      evidence: [
        { ref: 'v1/Endpoints arc-osm-system/osm-injector', path: 'subsets', observed: 'ENDPOINTS <none>; notReadyAddresses 10.244.0.13 (pod osm-injector-5986c57765-vlsdk)', expected: 'ready addresses on 9090/TCP' },
        RS_EVIDENCE,
      ],
      remediation: {
        text: `${podText('injector')} ${NETWORK_TEXT}`,
        commands: [...podCommands('osm-injector'), 'kubectl get networkpolicies -n arc-osm-system', 'kubectl get events -A --field-selector reason=FailedCreate'],
      },
    });
  });

  it('leaves an error as it is, and ignores failed calls in OSM004 (the controller has no webhook)', () => {
    const r = runOne(OSM008, snapshotOf([...without(base(), 'Endpoints'), ...ioTimeout()]));
    expect([r.status, r.evidence, r.notes]).toEqual(['error', [], undefined]);
    expect(exact(runOne(OSM004, snapshotOf([...base(), ...ioTimeout()])))).toEqual({ status: 'pass', message: 'osm-controller 10.244.1.12:15128,10.244.1.12:9092,10.244.1.12:9091', evidence: [] });
  });
});
