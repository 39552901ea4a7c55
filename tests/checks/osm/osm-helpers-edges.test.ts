// Edge shapes for the OSM helpers (install.ts, flavour.ts, log-hints.ts, webhook-call-failures.ts): a controller
// Deployment cut short at each level, events without counts, webhooks without a service, names with every
// character the Kubernetes name rules allow. Each case pins one optional chain, range or quantifier.
import { describe, expect, it } from 'vitest';
import { chartEnvoyImage, isArcInstall } from '../../../src/checks/osm/flavour.js';
import { osmInstall, type OsmInstall } from '../../../src/checks/osm/install.js';
import { logHints } from '../../../src/checks/osm/log-hints.js';
import { calledService, configurationsCalling, webhookCallFailures } from '../../../src/checks/osm/webhook-call-failures.js';
import { parseVersion } from '../../../src/checks/shared/versions.js';
import { snapshotOf, type KubeObject } from '../../helpers/check-harness.js';

const ARC_EXT = { id: '/subscriptions/0/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/c/providers/Microsoft.KubernetesConfiguration/extensions/osm', name: 'osm', type: 'Microsoft.KubernetesConfiguration/extensions', extensionType: 'Microsoft.OpenServiceMesh', currentVersion: '1.1.1', scope: { cluster: { releaseNamespace: 'arc-osm-system' } } };
const controller = (rest: Partial<KubeObject>, labels?: Record<string, string>): KubeObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'osm-controller', namespace: 'arc-osm-system', ...(labels ? { labels } : {}) }, ...rest } as KubeObject);
const install = (over: Partial<OsmInstall>): OsmInstall => ({ present: true, namespace: 'osm-system', meshName: 'osm', ...over });

describe('osmInstall on a controller Deployment cut short', () => {
  it.each([
    ['no labels, no spec', controller({})],
    ['spec without template', controller({ spec: {} })],
    ['template without spec', controller({ spec: { template: {} } })],
    ['no osm-controller container', controller({ spec: { template: { spec: { containers: [{ name: 'fluentbit-logger', image: 'fluent/fluent-bit:1.6.4', args: ['--mesh-name', 'edge'] }] } } } })],
  ])('%s: the default mesh name, the extension version', (_name, dep) => {
    const i = osmInstall(snapshotOf([dep], { azure: [ARC_EXT] }));
    const meshName = dep.spec?.template?.spec ? 'edge' : 'osm';
    expect([i.present, i.namespace, i.meshName, i.version?.raw, i.controller?.metadata.name]).toEqual([true, 'arc-osm-system', meshName, '1.1.1', 'osm-controller']);
  });

  it('has no version without the extension and without a tagged controller image', () => {
    const i = osmInstall(snapshotOf([controller({ spec: {} })]));
    expect([i.present, i.meshName, i.version, i.extension]).toEqual([true, 'osm', undefined, undefined]);
  });
});

describe('isArcInstall on a controller cut short, outside arc-osm-system', () => {
  it.each([
    ['no spec', controller({})],
    ['spec without template', controller({ spec: {} })],
    ['template without spec', controller({ spec: { template: {} } })],
  ])('%s: not Arc', (_name, dep) => {
    expect(isArcInstall(install({ controller: dep }))).toBe(false);
  });

  it('knows the Arc 1.0.0 and upstream 1.1.4 images, and never the other flavour\'s', () => {
    expect(chartEnvoyImage(install({ namespace: 'arc-osm-system', version: parseVersion('v1.0.0') }))).toBe('mcr.microsoft.com/oss/envoyproxy/envoy:v1.19.1');
    expect(chartEnvoyImage(install({ version: parseVersion('v1.1.4') }))).toBe('envoyproxy/envoy-alpine:v1.19.3@sha256:874e699857e023d9234b10ffc5af39ccfc9011feab89638e56ac4042ecd4b0f3');
    expect(chartEnvoyImage(install({ version: parseVersion('v1.1.1') }))).toBeUndefined();
    expect(chartEnvoyImage(install({ version: parseVersion('v1.2.6') }))).toBeUndefined();
  });
});

describe('logHints', () => {
  it('quotes the first failure of a line, not the last', () => {
    expect(logHints(['failed calling webhook "osm-inject.k8s.io": connect: connection refused; retry: context deadline exceeded'])).toEqual([{ meaning: 'calls to the webhook osm-inject.k8s.io fail with "connection refused": the injector is not serving on 9090' }]);
  });

  it('keeps a flag and a MeshConfig name whole, with digits and underscores', () => {
    expect(logHints(['unknown flag: --ca_bundle-secret9 given', 'MeshConfig arc-osm-system/osm-mesh-config2 does not exist']).map((h) => h.meaning)).toEqual([
      'the image does not accept the flag --ca_bundle-secret9 its chart passes: the image and the chart are from different OSM releases (upgrade or reinstall the extension so they match)',
      'MeshConfig arc-osm-system/osm-mesh-config2 does not exist: osm-bootstrap did not create it (see OSM012)',
    ]);
  });
});

describe('calledService with every character a service name may hold', () => {
  it('reads names, namespaces and domains with a, z, 0 and 9', () => {
    expect(calledService('Post "https://az09-inject.za90-mesh.svc.a0z9.local:9443/mutate": EOF')).toEqual({ name: 'az09-inject', namespace: 'za90-mesh', port: 9443 });
    expect(calledService('Post "https://z9.a0.svc:19/x": EOF')).toEqual({ name: 'z9', namespace: 'a0', port: 19 });
    expect(calledService('Post "https://0a.9z.svc.z.9:8/x": EOF')).toEqual({ name: '0a', namespace: '9z', port: 8 });
  });
});

describe('configurationsCalling on webhooks without a service', () => {
  it('skips a webhook with no clientConfig and one called by URL', () => {
    const snap = snapshotOf([
      { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', metadata: { name: 'bare' }, webhooks: [{ name: 'osm-inject.k8s.io' }] },
      { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', metadata: { name: 'by-url' }, webhooks: [{ name: 'osm-inject.k8s.io', clientConfig: { url: 'https://10.0.0.4:9090/mutate' } }] },
      { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: 'none' } },
    ]);
    expect(configurationsCalling(snap, 'osm-inject.k8s.io', { name: 'osm-injector', namespace: 'osm-system' })).toEqual([]);
  });
});

const REFUSED = 'Error creating: Internal error occurred: failed calling webhook "osm-inject.k8s.io": Post "https://osm-injector.arc-osm-system.svc:9090/mutate-pod-creation?timeout=20s": dial tcp 10.96.43.30:9090: connect: connection refused';

describe('webhookCallFailures on odd workloads and events', () => {
  it('passes over workloads without status and null conditions', () => {
    const snap = snapshotOf([
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'store' } },
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'api-1', namespace: 'store' }, status: { conditions: [null, { type: 'ReplicaFailure', status: 'True', message: REFUSED }] } },
    ]);
    expect(webhookCallFailures(snap).map((f) => [f.subject, f.evidence.path])).toEqual([['ReplicaSet store/api-1', 'status.conditions[1] (ReplicaFailure)']]);
  });

  it('counts an event without count or series once', () => {
    const e: KubeObject = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'api-1.1', namespace: 'store' }, involvedObject: { kind: 'Deployment', name: 'api' }, reason: 'FailedCreate', message: REFUSED };
    expect(webhookCallFailures(snapshotOf([e])).map((f) => [f.subject, f.evidence.path])).toEqual([['Deployment store/api', 'message (FailedCreate, 1x)']]);
  });

  it('keeps an event whose ReplicaSet has no spec or no status, and judges the default one replica', () => {
    const e: KubeObject = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'api-1.1', namespace: 'store' }, involvedObject: { kind: 'ReplicaSet', name: 'api-1', namespace: 'store' }, reason: 'FailedCreate', message: REFUSED, count: 3 };
    const rs = (rest: Partial<KubeObject>): KubeObject => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'api-1', namespace: 'store' }, ...rest } as KubeObject);
    expect(webhookCallFailures(snapshotOf([rs({}), e]))).toHaveLength(1);
    expect(webhookCallFailures(snapshotOf([rs({ spec: { replicas: 1 } }), e]))).toHaveLength(1);
    expect(webhookCallFailures(snapshotOf([rs({ status: { readyReplicas: 1 } }), e]))).toEqual([]);
    expect(webhookCallFailures(snapshotOf([rs({ spec: { replicas: 2 }, status: { readyReplicas: 1 } }), e]))).toHaveLength(1);
    // A ReplicaSet event without a name cannot be matched to a ReplicaSet: it stays.
    const nameless: KubeObject = { ...e, involvedObject: { kind: 'ReplicaSet', namespace: 'store' } };
    expect(webhookCallFailures(snapshotOf([rs({ status: { readyReplicas: 1 } }), nameless])).map((f) => f.subject)).toEqual(['ReplicaSet store/?']);
  });
});

describe('osmInstall picks the controller among the namespace\'s Deployments', () => {
  it('takes the one labelled app=osm-controller, not the first Deployment of the namespace', () => {
    const bootstrap: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'arc-osm-bootstrap', namespace: 'arc-osm-system', labels: { app: 'osm-bootstrap' } }, spec: { template: { spec: { containers: [{ name: 'osm-controller', image: 'mcr.microsoft.com/oss/openservicemesh/osm-bootstrap:v1.1.1', args: ['--mesh-name=boot'] }] } } } };
    const ctl: KubeObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'arc-osm-controller', namespace: 'arc-osm-system', labels: { app: 'osm-controller' } }, spec: { template: { spec: { containers: [{ name: 'osm-controller', image: 'mcr.microsoft.com/oss/openservicemesh/osm-controller:v1.2.6', args: ['--mesh-name', 7, 'edge'] }] } } } };
    const i = osmInstall(snapshotOf([bootstrap, ctl]));
    expect([i.controller?.metadata.name, i.version?.raw, i.meshName]).toEqual(['arc-osm-controller', 'v1.2.6', 'edge']);
  });
});

describe('webhookCallFailures reads only Events of events.k8s.io', () => {
  it('passes over another kind of that group', () => {
    const other: KubeObject = { apiVersion: 'events.k8s.io/v1', kind: 'EventList', metadata: { name: 'list', namespace: 'store' }, regarding: { kind: 'ReplicaSet', name: 'api-1' }, note: REFUSED, reason: 'FailedCreate' };
    expect(webhookCallFailures(snapshotOf([other]))).toEqual([]);
  });
});
