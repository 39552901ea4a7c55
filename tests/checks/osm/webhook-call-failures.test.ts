// webhook-call-failures.ts on the real error texts: openservicemesh/osm#4552 (i/o timeout), #3973 (connection
// refused), and the API server's other webhook-call errors (x509, no endpoints, service not found).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { calledService, configurationsCalling, failureCause, webhookCallFailures } from '../../../src/checks/osm/webhook-call-failures.js';
import { fixtureObjects, snapshotOf, type KubeObject } from '../../helpers/check-harness.js';

const ioTimeout = () => fixtureObjects(fileURLToPath(new URL('../../fixtures/osm/webhook-failures', import.meta.url)));

const URL_ARC = 'Post "https://osm-injector.arc-osm-system.svc:9090/mutate-pod-creation?timeout=20s"';
const TIMEOUT = `Internal error occurred: failed calling webhook "osm-inject.k8s.io": failed to call webhook: ${URL_ARC}: dial tcp 10.3.146.3:9090: i/o timeout`;
const REFUSED = `Error creating: Internal error occurred: failed calling webhook "osm-inject.k8s.io": ${URL_ARC}: dial tcp 10.96.43.30:9090: connect: connection refused`;
const X509 = `Error creating: Internal error occurred: failed calling webhook "osm-inject.k8s.io": failed to call webhook: ${URL_ARC}: x509: certificate signed by unknown authority`;
const CAUSE = {
  timeout: 'the API server cannot reach the injector pod on 9090 in time: a network policy, firewall or security group between the control plane and the pod network drops the call',
  refused: "nothing accepts connections on the injector pod's port 9090: the injector is restarting or not serving",
  noEndpoints: 'the osm-injector Service has no ready pod behind it',
  tls: "the API server does not trust the injector's certificate: the webhook caBundle does not match (see OSM011)",
  notFound: 'the osm-injector Service does not exist (see OSM007)',
};

function rs(name: string, namespace: string, message: string | undefined, extra: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name, namespace }, spec: { replicas: 1 }, status: { replicas: 0, conditions: [{ type: 'Available', status: 'True' }, { type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message }], ...extra } };
}
function event(rsName: string, namespace: string, message: string, extra: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Event', metadata: { name: `${rsName}.187b3c2f5a9d1e04`, namespace }, involvedObject: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rsName, namespace }, reason: 'FailedCreate', message, type: 'Warning', count: 14, ...extra };
}

describe('calledService', () => {
  it('reads the service, namespace and port from the URL, with or without the cluster domain and port', () => {
    expect(calledService(TIMEOUT)).toEqual({ name: 'osm-injector', namespace: 'arc-osm-system', port: 9090 });
    expect(calledService('failed calling webhook "osm-inject.k8s.io": Post "https://osm-injector.osm-system.svc.cluster.local/mutate-pod-creation": EOF')).toEqual({ name: 'osm-injector', namespace: 'osm-system', port: undefined });
    expect(calledService('failed calling webhook "osm-inject.k8s.io": Post "https://10.0.0.4:9090/mutate": EOF')).toBeUndefined();
  });
});

describe('failureCause', () => {
  it.each([
    [TIMEOUT, CAUSE.timeout],
    ['failed calling webhook "osm-inject.k8s.io": Post "https://osm-injector.arc-osm-system.svc:9090/mutate-pod-creation?timeout=20s": context deadline exceeded', CAUSE.timeout],
    ['failed calling webhook "osm-inject.k8s.io": Post "https://osm-injector.arc-osm-system.svc:9090/x": net/http: request canceled (Client.Timeout exceeded while awaiting headers)', CAUSE.timeout],
    [REFUSED, CAUSE.refused],
    ['failed calling webhook "osm-inject.k8s.io": failed to call webhook: Post "https://osm-injector.arc-osm-system.svc:9090/x": no endpoints available for service "osm-injector"', CAUSE.noEndpoints],
    [X509, CAUSE.tls],
    ['failed calling webhook "osm-inject.k8s.io": failed to call webhook: Post "https://osm-injector.arc-osm-system.svc:9090/x": tls: failed to verify certificate', CAUSE.tls],
    ['failed calling webhook "osm-inject.k8s.io": failed to call webhook: Post "https://osm-injector.arc-osm-system.svc:9090/x": service "osm-injector" not found', CAUSE.notFound],
    ['failed calling webhook "osm-inject.k8s.io": failed to call webhook: Post "https://osm-injector.arc-osm-system.svc:9090/x": EOF', 'the call to the injector failed'],
  ])('%s', (message, cause) => {
    expect(failureCause(message)).toBe(cause);
  });
});

describe('configurationsCalling', () => {
  it('names every configuration of either kind whose webhook of that name calls the service', () => {
    const webhook = (name: string, ns: string) => ({ name, clientConfig: { service: { name: 'osm-injector', namespace: ns, port: 9090 } } });
    const snap = snapshotOf([
      { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', metadata: { name: 'osm-webhook-osm' }, webhooks: [null, webhook('osm-inject.k8s.io', 'osm-system')] },
      { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', metadata: { name: 'arc-osm-webhook-osm' }, webhooks: [webhook('osm-inject.k8s.io', 'arc-osm-system')] },
      { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: 'copy' }, webhooks: [webhook('osm-inject.k8s.io', 'osm-system')] },
      { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: 'other-name' }, webhooks: [webhook('osm-validator.k8s.io', 'osm-system')] },
      { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: 'no-list' }, webhooks: 'x' },
      { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: 'other-service' }, webhooks: [{ name: 'osm-inject.k8s.io', clientConfig: { service: { name: 'osm-validator', namespace: 'osm-system' } } }] },
    ]);
    expect(configurationsCalling(snap, 'osm-inject.k8s.io', { name: 'osm-injector', namespace: 'osm-system' })).toEqual(['MutatingWebhookConfiguration osm-webhook-osm', 'ValidatingWebhookConfiguration copy']);
  });
});

describe('webhookCallFailures', () => {
  it('reads a ReplicaFailure condition whole', () => {
    expect(webhookCallFailures(snapshotOf([rs('bookbuyer-6b9f7c7d8d', 'bookbuyer', TIMEOUT)]))).toEqual([{
      subject: 'ReplicaSet bookbuyer/bookbuyer-6b9f7c7d8d',
      cause: CAUSE.timeout,
      tls: false,
      service: { name: 'osm-injector', namespace: 'arc-osm-system', port: 9090 },
      evidence: { ref: 'apps/v1/ReplicaSet bookbuyer/bookbuyer-6b9f7c7d8d', path: 'status.conditions[1] (ReplicaFailure)', observed: TIMEOUT, expected: 'no ReplicaFailure' },
    }]);
  });

  it('takes only True ReplicaFailure conditions about this webhook', () => {
    const snap = snapshotOf([
      { ...rs('a-1', 'bookbuyer', TIMEOUT), status: { conditions: [{ type: 'ReplicaFailure', status: 'False', message: TIMEOUT }] } },
      { ...rs('b-1', 'bookbuyer', TIMEOUT), status: { conditions: [{ type: 'Progressing', status: 'True', message: TIMEOUT }] } },
      rs('c-1', 'bookbuyer', TIMEOUT.replace('osm-inject.k8s.io', 'validation.gatekeeper.sh')),
      rs('d-1', 'bookbuyer', undefined),
      { ...rs('e-1', 'bookbuyer', TIMEOUT), status: { conditions: 'x' } },
    ]);
    expect(webhookCallFailures(snap)).toEqual([]);
    expect(webhookCallFailures(snap, 'validation.gatekeeper.sh').map((f) => f.subject)).toEqual(['ReplicaSet bookbuyer/c-1']);
  });

  it('reads Deployments, StatefulSets and DaemonSets too, and marks TLS failures', () => {
    const sts: KubeObject = { ...rs('web', 'shop', X509), apiVersion: 'apps/v1', kind: 'StatefulSet' };
    const ds: KubeObject = { ...rs('agent', 'ops', REFUSED), kind: 'DaemonSet' };
    const dep: KubeObject = { ...rs('api', 'store', REFUSED), kind: 'Deployment' };
    expect(webhookCallFailures(snapshotOf([sts, ds, dep])).map((f) => [f.subject, f.tls])).toEqual([['Deployment store/api', false], ['StatefulSet shop/web', true], ['DaemonSet ops/agent', false]]);
  });

  it('reads a FailedCreate event whole, with its count', () => {
    expect(webhookCallFailures(snapshotOf([event('bookstore-5cf6d9f9d7', 'bookstore', REFUSED)]))).toEqual([{
      subject: 'ReplicaSet bookstore/bookstore-5cf6d9f9d7',
      cause: CAUSE.refused,
      tls: false,
      service: { name: 'osm-injector', namespace: 'arc-osm-system', port: 9090 },
      evidence: { ref: 'v1/Event bookstore/bookstore-5cf6d9f9d7.187b3c2f5a9d1e04', path: 'message (FailedCreate, 14x)', observed: REFUSED, expected: 'no failed webhook calls' },
    }]);
  });

  it('reads events.k8s.io events (note, regarding, series) and defaults what they lack', () => {
    const v1: KubeObject = { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { name: 'x.1', namespace: 'bookstore' }, regarding: { kind: 'ReplicaSet', name: 'bookstore-7c9d8f6b5c' }, note: REFUSED, reason: 'FailedCreate', series: { count: 5 } };
    const bare: KubeObject = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'y.1', namespace: 'tools' }, message: X509, count: 'many' };
    const [b, a] = webhookCallFailures(snapshotOf([v1, bare]));
    expect([a.subject, a.evidence.path]).toEqual(['ReplicaSet bookstore/bookstore-7c9d8f6b5c', 'message (FailedCreate, 5x)']);
    expect([b.subject, b.evidence.path, b.tls]).toEqual(['object tools/?', 'message (event, 1x)', true]);
  });

  it('drops an event whose ReplicaSet has all its pods ready since, and keeps it while it has not', () => {
    const ready = { ...rs('bookstore-5cf6d9f9d7', 'bookstore', undefined), spec: { replicas: 2 }, status: { replicas: 2, readyReplicas: 2 } };
    const short = { ...ready, status: { replicas: 2, readyReplicas: 1 } };
    const e = event('bookstore-5cf6d9f9d7', 'bookstore', REFUSED);
    expect(webhookCallFailures(snapshotOf([ready, e]))).toEqual([]);
    expect(webhookCallFailures(snapshotOf([short, e]))).toHaveLength(1);
    expect(webhookCallFailures(snapshotOf([e]))).toHaveLength(1);
    // No namespace on the involved object: the event's own.
    const noNs = { ...e, involvedObject: { kind: 'ReplicaSet', name: 'bookstore-5cf6d9f9d7' } };
    expect(webhookCallFailures(snapshotOf([ready, noNs]))).toEqual([]);
    const deployment = { ...e, involvedObject: { kind: 'Deployment', name: 'bookstore-5cf6d9f9d7', namespace: 'bookstore' } };
    expect(webhookCallFailures(snapshotOf([ready, deployment]))).toHaveLength(1);
    const noReplicas = { ...ready, spec: {}, status: { readyReplicas: 1 } };
    expect(webhookCallFailures(snapshotOf([noReplicas, e]))).toEqual([]);
    expect(webhookCallFailures(snapshotOf([{ ...noReplicas, status: {} }, e]))).toHaveLength(1);
  });

  it('counts the #4552 rollout once: the Deployment copies its ReplicaSet\'s condition, and the ReplicaSet has its event', () => {
    const objects = ioTimeout();
    const rsCondition = objects.find((o) => o.kind === 'ReplicaSet')!.status.conditions[0];
    const dep: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'bookbuyer', namespace: 'bookbuyer' }, spec: { replicas: 1 }, status: { conditions: [{ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated' }, rsCondition] } };
    expect(webhookCallFailures(snapshotOf([dep, ...objects])).map((f) => f.subject)).toEqual(['Deployment bookbuyer/bookbuyer']);
  });

  it('counts one failure per workload, and one per namespace and text (a Deployment repeats its ReplicaSet)', () => {
    const snap = snapshotOf([
      rs('bookbuyer-6b9f7c7d8d', 'bookbuyer', TIMEOUT),
      { ...rs('bookbuyer', 'bookbuyer', TIMEOUT), kind: 'Deployment' },
      rs('bookbuyer-6b9f7c7d8e', 'bookthief', TIMEOUT),
      event('bookbuyer-6b9f7c7d8d', 'bookbuyer', REFUSED),
      event('bookbuyer-7a1b2c3d4e', 'bookbuyer', REFUSED),
    ]);
    expect(webhookCallFailures(snap).map((f) => f.subject)).toEqual(['Deployment bookbuyer/bookbuyer', 'ReplicaSet bookthief/bookbuyer-6b9f7c7d8e']);
  });
});
