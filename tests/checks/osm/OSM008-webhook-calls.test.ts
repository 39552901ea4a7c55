// OSM008 beyond the Endpoints object: the API server's calls to the injector webhook, as the workloads that could
// not create pods report them (openservicemesh/osm#4552 i/o timeout, #3973 connection refused).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import OSM008 from '../../../src/checks/osm/OSM008-injector-endpoints.js';
import { fixtureObjects, runOne, snapshotOf, type KubeObject } from '../../helpers/check-harness.js';
import { base, crashLoop, find, notReadyEndpoints, podOf, unavailable } from './control-plane-fixtures.js';

const ioTimeout = () => fixtureObjects(fileURLToPath(new URL('../../fixtures/osm/webhook-failures', import.meta.url)));
// openservicemesh/osm#3973 verbatim, but for the URL's namespace: arc-osm-system on the Arc extension.
const REFUSED_UPSTREAM = 'Error creating: Internal error occurred: failed calling webhook "osm-inject.k8s.io": Post "https://osm-injector.osm-system.svc:9090/mutate-pod-creation?timeout=20s": dial tcp 10.96.43.30:9090: connect: connection refused';
const REFUSED = 'Error creating: Internal error occurred: failed calling webhook "osm-inject.k8s.io": Post "https://osm-injector.arc-osm-system.svc:9090/mutate-pod-creation?timeout=20s": dial tcp 10.96.43.30:9090: connect: connection refused';

function event(message: string, rs = 'bookstore-5cf6d9f9d7'): KubeObject {
  return { apiVersion: 'v1', kind: 'Event', metadata: { name: `${rs}.187b3c2f5a9d1e05`, namespace: 'bookstore' }, involvedObject: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs, namespace: 'bookstore' }, reason: 'FailedCreate', message, type: 'Warning', count: 3 };
}

describe('OSM008 and failed calls to the injector webhook', () => {
  it('fails when the injector has a ready endpoint but the API server times out calling it (#4552)', () => {
    const r = runOne(OSM008, snapshotOf([...base(), ...ioTimeout()]));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('osm-injector has ready endpoints (10.244.0.13:9090), but the API server\'s calls to the osm-inject.k8s.io webhook fail (ReplicaSet bookbuyer/bookbuyer-6b9f7c7d8d)');
    expect(r.message).toContain('a network policy, firewall or security group');
    expect(r.evidence.map((e) => e.ref)).toContain('apps/v1/ReplicaSet bookbuyer/bookbuyer-6b9f7c7d8d');
    expect(r.remediation?.commands).toContain('kubectl get networkpolicies -n arc-osm-system');
  });

  it('adds the refused calls to the not-ready endpoints of a crash-looping injector (#3973)', () => {
    const o = base();
    crashLoop(podOf(o, 'osm-injector'), 'osm-injector');
    unavailable(find(o, 'Deployment', 'osm-injector'));
    notReadyEndpoints(find(o, 'Endpoints', 'osm-injector'));
    const r = runOne(OSM008, snapshotOf([...o, event(REFUSED, 'bookstore-7c9d8f6b5c')]));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('osm-injector has no ready endpoints, only notReadyAddresses');
    expect(r.message).toContain('nothing accepts connections on the injector pod\'s port 9090');
  });

  it('passes when the FailedCreate event is history: its ReplicaSet has since got its pod ready', () => {
    const o = base();
    const rs: KubeObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'bookstore-5cf6d9f9d7', namespace: 'bookstore' }, spec: { replicas: 1 }, status: { replicas: 1, readyReplicas: 1, availableReplicas: 1 } };
    const r = runOne(OSM008, snapshotOf([...o, rs, event(REFUSED)]));
    expect(r.status).toBe('pass');
  });

  it('ignores failed calls to other webhooks (gatekeeper)', () => {
    const r = runOne(OSM008, snapshotOf([...base(), event('Error creating: Internal error occurred: failed calling webhook "validation.gatekeeper.sh": context deadline exceeded')]));
    expect(r.status).toBe('pass');
  });

  // issue #10: a leftover webhook of an uninstalled upstream OSM (osm-system) failing is not arc-osm-system's fault.
  it('does not blame the healthy arc-osm-system endpoints for a failed call to a leftover webhook pointing at osm-system', () => {
    const leftover: KubeObject = {
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'MutatingWebhookConfiguration',
      metadata: { name: 'osm-webhook-osm', labels: { app: 'osm-injector' } },
      webhooks: [{ name: 'osm-inject.k8s.io', clientConfig: { service: { name: 'osm-injector', namespace: 'osm-system', port: 9090, path: '/mutate-pod-creation' } }, sideEffects: 'None', admissionReviewVersions: ['v1'] }],
    };
    const r = runOne(OSM008, snapshotOf([...base(), leftover, event(REFUSED_UPSTREAM)]));
    expect(r.status).toBe('pass');
    expect(r.message).toBe('osm-injector 10.244.0.13:9090');
    expect(r.notes).toEqual([
      "the failed osm-inject.k8s.io call for ReplicaSet bookstore/bookstore-5cf6d9f9d7 went to Service osm-system/osm-injector:9090 (MutatingWebhookConfiguration osm-webhook-osm), not to this mesh's injector: nothing accepts connections on the injector pod's port 9090: the injector is restarting or not serving; a leftover of another OSM install? (see OSM009)",
    ]);
  });

  it('still fails on a failed call to this mesh’s own injector service', () => {
    const r = runOne(OSM008, snapshotOf([...base(), event(REFUSED)]));
    expect(r.status).toBe('fail');
    expect(r.evidence.map((e) => e.ref)).toContain('v1/Event bookstore/bookstore-5cf6d9f9d7.187b3c2f5a9d1e05');
  });
});
