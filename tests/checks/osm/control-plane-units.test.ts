// The helpers OSM001–OSM008 (and the OSM area) stand on: install detection, flavour, log hints, the component
// definitions, coverage messages, and the shared scope/rollout/log helpers.
import { describe, expect, it } from 'vitest';
import { componentLogs, hintText, logCommands, notCollected, rolloutInProgress, versionSuffix, type ComponentScope } from '../../../src/checks/osm/control-plane-common.js';
import { controllerComponent, injectorComponent, isChartContainer, portsColumn } from '../../../src/checks/osm/control-plane.js';
import { namespacesMissing, notCollectedMessage, podsMissing, typeNotCollected } from '../../../src/checks/osm/coverage.js';
import { chartEnvoyImage, isArcInstall } from '../../../src/checks/osm/flavour.js';
import { area, checks } from '../../../src/checks/osm/index.js';
import { nsFlag, osmInstall, type OsmInstall } from '../../../src/checks/osm/install.js';
import { logHints } from '../../../src/checks/osm/log-hints.js';
import { parseVersion } from '../../../src/checks/shared/versions.js';
import { R } from '../../../src/snapshot/resources.js';
import { snapshotOf, type KubeObject } from '../../helpers/check-harness.js';
import { base, find, logFixture, podOf } from './control-plane-fixtures.js';

const ARC_EXT = { id: '/subscriptions/0/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/c/providers/Microsoft.KubernetesConfiguration/extensions/osm', name: 'osm', type: 'Microsoft.KubernetesConfiguration/extensions', extensionType: 'Microsoft.OpenServiceMesh', currentVersion: '1.1.1', scope: { cluster: { releaseNamespace: 'osm-arc' } } };
const install = (over: Partial<OsmInstall>): OsmInstall => ({ present: true, namespace: 'osm-system', meshName: 'osm', ...over });
const controllerOf = (o: KubeObject[]) => find(o, 'Deployment', 'osm-controller');
const containers = (o: KubeObject[]) => controllerOf(o).spec.template.spec.containers;

describe('logHints on the real log lines', () => {
  it('explains the unknown flag (#1600) and the missing MeshConfig (#3904)', () => {
    expect(logHints(logFixture('controller-unknown-flag.log').split('\n'))).toEqual([{ meaning: 'the image does not accept the flag --cert-manager-issuer-name its chart passes: the image and the chart are from different OSM releases (upgrade or reinstall the extension so they match)' }]);
    expect(logHints(logFixture('injector-meshconfig-missing.log').split('\n'))).toEqual([{ meaning: 'MeshConfig osm-system/osm-mesh-config does not exist: osm-bootstrap did not create it (see OSM012)', relatedCheck: 'OSM012' }]);
  });

  it('explains failed webhook calls, first line per signature, signatures in order', () => {
    const lines = [
      'Error creating: failed calling webhook "osm-inject.k8s.io": Post "https://osm-injector.arc-osm-system.svc:9090/mutate-pod-creation?timeout=20s": dial tcp 10.3.146.3:9090: i/o timeout',
      'failed calling webhook "osm-inject.k8s.io": Post "https://osm-injector.arc-osm-system.svc:9090/mutate": connect: connection refused',
      'unknown flag: --enable-reconciler',
      'unknown flag: --cert-manager-issuer-name',
    ];
    expect(logHints(lines).map((h) => h.meaning)).toEqual([
      'the image does not accept the flag --enable-reconciler its chart passes: the image and the chart are from different OSM releases (upgrade or reinstall the extension so they match)',
      'calls to the webhook osm-inject.k8s.io fail with "i/o timeout": the injector is not serving on 9090',
    ]);
    expect(logHints(['failed calling webhook "osm-inject.k8s.io": context deadline exceeded'])[0].meaning).toBe('calls to the webhook osm-inject.k8s.io fail with "context deadline exceeded": the injector is not serving on 9090');
    expect(logHints(['{"level":"info","message":"Starting osm-controller"}', 'failed calling webhook "osm-inject.k8s.io": EOF'])).toEqual([]);
  });

  it('joins the meanings into one sentence, or says nothing', () => {
    expect(hintText([{ meaning: 'a' }, { meaning: 'b' }])).toBe(' The log says: a; b.');
    expect(hintText([])).toBe('');
  });
});

describe('osmInstall', () => {
  it('reads the Arc default namespace, the meshName label and the controller image version', () => {
    const i = osmInstall(snapshotOf(base()));
    expect([i.present, i.namespace, i.meshName, i.version?.raw, i.extension, i.controller?.metadata.name]).toEqual([true, 'arc-osm-system', 'osm', 'v1.2.6', undefined, 'osm-controller']);
    expect(nsFlag(i)).toBe('-n arc-osm-system');
  });

  it('takes the release namespace and version from the extension', () => {
    const i = osmInstall(snapshotOf([], { azure: [ARC_EXT] }));
    expect([i.present, i.namespace, i.meshName, i.version?.raw, i.extension?.name, i.controller]).toEqual([true, 'osm-arc', 'osm', '1.1.1', 'osm', undefined]);
  });

  it('is absent without the extension and without its namespace, even beside an upstream osm-system', () => {
    const i = osmInstall(snapshotOf([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'osm-system' } }, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', namespace: 'osm-system' } }]));
    expect([i.present, i.namespace]).toEqual([false, 'arc-osm-system']);
    expect(osmInstall(snapshotOf([{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'arc-osm-system' } }])).present).toBe(true);
  });

  it('reads the mesh name from --mesh-name when the label is absent or not a name', () => {
    const withArgs = (args: unknown[], label?: unknown) => {
      const o = base();
      const dep = controllerOf(o);
      if (label === undefined) delete dep.metadata.labels!.meshName;
      else (dep.metadata.labels as Record<string, unknown>).meshName = label;
      containers(o)[0].args = args;
      return osmInstall(snapshotOf(o)).meshName;
    };
    expect(withArgs(['--verbosity', 'info', '--mesh-name=edge-mesh'])).toBe('edge-mesh');
    expect(withArgs([7, '--mesh-name', 'edge-mesh', '--osm-namespace', 'arc-osm-system'])).toBe('edge-mesh');
    expect(withArgs(['--mesh-name=edge-mesh'], '')).toBe('edge-mesh');
    expect(withArgs(['--mesh-name=edge-mesh'], 3)).toBe('edge-mesh');
    expect(withArgs(['--mesh-name=edge-mesh'], 'labelled')).toBe('labelled');
    expect(withArgs(['--mesh-names=edge-mesh', 'x--mesh-name=y'])).toBe('osm');
    expect(withArgs('--mesh-name=edge-mesh' as unknown as unknown[])).toBe('osm');
  });

  it('takes the version from the osm-controller container, not the first one, and finds the Deployment by name', () => {
    const o = base();
    containers(o).unshift({ name: 'fluentbit-logger', image: 'fluent/fluent-bit:1.6.4' });
    controllerOf(o).metadata.labels!.app = 'renamed';
    const i = osmInstall(snapshotOf(o));
    expect([i.version?.raw, i.controller?.metadata.name]).toEqual(['v1.2.6', 'osm-controller']);
    containers(o)[1].image = 'mcr.microsoft.com/oss/openservicemesh/osm-controller';
    expect(osmInstall(snapshotOf(o, { azure: [{ ...ARC_EXT, scope: { cluster: { releaseNamespace: 'arc-osm-system' } } }] })).version?.raw).toBe('1.1.1');
  });
});

describe('flavour', () => {
  it('tells the Arc extension by its data, its namespace or its image registry', () => {
    expect(isArcInstall(install({ extension: { name: 'osm', extensionType: 'microsoft.openservicemesh', configurationSettings: {}, source: 'cluster' } }))).toBe(true);
    expect(isArcInstall(install({ namespace: 'arc-osm-system' }))).toBe(true);
    const dep = (image: string): KubeObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'osm-controller' }, spec: { template: { spec: { containers: [{ name: 'init' }, { image }] } } } });
    expect(isArcInstall(install({ controller: dep('mcr.microsoft.com/oss/openservicemesh/osm-controller:v1.2.6') }))).toBe(true);
    expect(isArcInstall(install({ controller: dep('openservicemesh/osm-controller:v1.2.4') }))).toBe(false);
    expect(isArcInstall(install({ controller: dep('mcr.microsoft.com/oss/openservicemesh-fork/osm-controller:v1.2.6') }))).toBe(false);
    expect(isArcInstall(install({}))).toBe(false);
  });

  it('knows the chart Envoy image of exact releases only', () => {
    expect(chartEnvoyImage(install({ namespace: 'arc-osm-system', version: parseVersion('v1.2.6') }))).toBe('mcr.microsoft.com/oss/envoyproxy/envoy:v1.26.7');
    expect(chartEnvoyImage(install({ namespace: 'arc-osm-system', version: parseVersion('1.1.1') }))).toBe('mcr.microsoft.com/oss/envoyproxy/envoy:v1.19.3');
    expect(chartEnvoyImage(install({ version: parseVersion('v1.2.4') }))).toBe('envoyproxy/envoy-distroless:v1.22.2@sha256:541d31419b95e3c62d8cc0967db9cdb4ad2782cc08faa6f15f04c081200e324a');
    expect(chartEnvoyImage(install({ version: parseVersion('v1.0.0') }))).toBe('envoyproxy/envoy-alpine@sha256:6502a637c6c5fba4d03d0672d878d12da4bcc7a0d0fb3f1d506982dde0039abd');
    expect(chartEnvoyImage(install({ namespace: 'arc-osm-system', version: parseVersion('v1.2.4') }))).toBeUndefined();
    expect(chartEnvoyImage(install({ namespace: 'arc-osm-system' }))).toBeUndefined();
  });
});

describe('the components', () => {
  it('declares the chart ports, healthz only from 1.x on', () => {
    const c = controllerComponent(parseVersion('v1.2.6'));
    expect([c.role, c.app, c.deployment, c.container, c.service, portsColumn(c.ports), portsColumn(c.extraPorts), c.chartContainers, c.webhook]).toEqual(['controller', 'osm-controller', 'osm-controller', 'osm-controller', 'osm-controller', '15128/TCP,9092/TCP', '9091/TCP', ['fluentbit-logger'], undefined]);
    expect(controllerComponent(parseVersion('v0.11.1')).extraPorts).toEqual([]);
    expect(portsColumn(controllerComponent().extraPorts)).toBe('9091/TCP');
    const i = injectorComponent();
    expect([i.role, i.app, i.deployment, i.container, i.service, portsColumn(i.ports), i.extraPorts, i.chartContainers, i.webhook]).toEqual(['injector', 'osm-injector', 'osm-injector', 'osm-injector', 'osm-injector', '9090/TCP', [], [], 'osm-inject.k8s.io']);
  });

  it('takes the component, the chart logger by name or by Fluent Bit image, as chart containers', () => {
    const c = controllerComponent();
    expect(isChartContainer(c, { name: 'osm-controller' })).toBe(true);
    expect(isChartContainer(c, { name: 'fluentbit-logger' })).toBe(true);
    expect(isChartContainer(c, { name: 'logs', image: 'fluent-bit:2.1' })).toBe(true);
    expect(isChartContainer(c, { name: 'logs', image: 'cr.fluentbit.io/fluent/fluent-bit' })).toBe(true);
    expect(isChartContainer(c, { name: 'logs', image: 'myfluent-bit:2.1' })).toBe(false);
    expect(isChartContainer(c, { name: 'envoy', image: 'envoyproxy/envoy:v1.26.7' })).toBe(false);
    expect(isChartContainer(c, {})).toBe(false);
    expect(isChartContainer(injectorComponent(), { name: 'fluentbit-logger', image: 'fluent/fluent-bit:1.6.4' })).toBe(false);
  });
});

describe('shared helpers', () => {
  const scope = (version?: string): ComponentScope => ({ install: install({ namespace: 'arc-osm-system', version: parseVersion(version) }), component: injectorComponent(), ns: 'arc-osm-system' });

  it('says a rollout is under way from the generation, the updated replicas or the Progressing reason', () => {
    const dep = (generation: unknown, status: unknown): KubeObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', generation } as KubeObject['metadata'], status } as KubeObject);
    expect(rolloutInProgress(dep(2, { observedGeneration: 2, replicas: 1, updatedReplicas: 1 }))).toBe(false);
    expect(rolloutInProgress(dep(3, { observedGeneration: 2, replicas: 1, updatedReplicas: 1 }))).toBe(true);
    expect(rolloutInProgress(dep(2, { observedGeneration: 2, replicas: 2, updatedReplicas: 1 }))).toBe(true);
    expect(rolloutInProgress(dep(2, { observedGeneration: 2, replicas: 1, updatedReplicas: 1, conditions: [null, { type: 'Progressing', reason: 'ReplicaSetUpdated' }] }))).toBe(true);
    expect(rolloutInProgress(dep(2, { observedGeneration: 2, replicas: 1, updatedReplicas: 1, conditions: [{ type: 'Progressing', reason: 'NewReplicaSetAvailable' }, { type: 'Available', reason: 'ReplicaSetUpdated' }] }))).toBe(false);
    expect(rolloutInProgress(dep(undefined, undefined))).toBe(false);
    expect(rolloutInProgress(dep(2, { replicas: 1, updatedReplicas: 1 }))).toBe(false);
    expect(rolloutInProgress(dep(2, { observedGeneration: 2, replicas: 1 }))).toBe(true);
  });

  it('spells the version with one v, and the log commands with --previous only after a crash', () => {
    expect([versionSuffix(scope('v1.2.6')), versionSuffix(scope('1.2.6')), versionSuffix(scope())]).toEqual([' (OSM v1.2.6)', ' (OSM v1.2.6)', '']);
    expect(logCommands(scope(), false)).toEqual(['kubectl logs -n arc-osm-system -l app=osm-injector']);
    expect(logCommands(scope(), true)).toEqual(['kubectl logs -n arc-osm-system -l app=osm-injector', 'kubectl logs -n arc-osm-system -l app=osm-injector -c osm-injector --previous']);
    expect(notCollected('Pods', 'an osm-injector pod', 'kubectl get pods -n arc-osm-system -o yaml')).toEqual({ status: 'error', message: 'the snapshot holds no Pods at all, so whether an osm-injector pod is there cannot be told; add the output of `kubectl get pods -n arc-osm-system -o yaml`' });
  });

  it('keeps the last lines of the component container only', () => {
    const o = base();
    const pod = podOf(o, 'osm-injector');
    const text = Array.from({ length: 12 }, (_, n) => `line ${n + 1}`).join('\n');
    const snap = snapshotOf(o, { logs: [{ namespace: 'arc-osm-system', pod: pod.metadata.name, container: 'osm-injector', previous: false, text }, { namespace: 'arc-osm-system', pod: pod.metadata.name, container: 'other', previous: false, text: 'unknown flag: --x' }] });
    expect(componentLogs(snap, pod, scope())).toEqual({ evidence: { ref: 'v1/Pod arc-osm-system/osm-injector-5986c57765-vlsdk', path: 'logs (container osm-injector, last 10 lines)', observed: text.split('\n').slice(2).join('\n') }, hints: [] });
    expect(componentLogs(snap, pod, scope(), 2).evidence?.observed).toBe('line 11\nline 12');
    expect(componentLogs(snapshotOf(o), pod, scope())).toEqual({ hints: [] });
  });
});

describe('coverage and the OSM area', () => {
  it('tells a type the source did not read from one it read empty', () => {
    const collected = snapshotOf([], { completeTypes: [R.Pod] });
    expect([typeNotCollected(collected, R.MeshConfig), typeNotCollected(collected, R.Pod), typeNotCollected(snapshotOf([]), R.MeshConfig)]).toEqual([true, false, false]);
    expect(notCollectedMessage('Pod', 'kubectl get pods -A -o yaml')).toBe('the snapshot was collected without Pod objects, so whether they exist cannot be told; add the output of `kubectl get pods -A -o yaml`');
    expect([namespacesMissing(snapshotOf(base())), podsMissing(snapshotOf(base()))]).toEqual([undefined, undefined]);
    expect(namespacesMissing(snapshotOf([]))).toBe('the snapshot was collected without Namespace objects, so whether they exist cannot be told; add the output of `kubectl get namespaces -o yaml`');
    expect(podsMissing(snapshotOf([]))).toBe('the snapshot was collected without Pod objects, so whether they exist cannot be told; add the output of `kubectl get pods -A -o yaml`');
  });

  it('applies with the namespace or the extension, and says why not otherwise', () => {
    expect(area.applies(snapshotOf(base()))).toEqual({ applies: true });
    expect(area.applies(snapshotOf([], { azure: [ARC_EXT] }))).toEqual({ applies: true });
    expect(area.applies(snapshotOf([]))).toEqual({ applies: false, reason: 'OSM is not installed: no arc-osm-system namespace and no microsoft.openservicemesh extension' });
    expect(checks.map((c) => c.id)).toEqual(Array.from({ length: 16 }, (_, n) => `OSM${String(n + 1).padStart(3, '0')}`));
  });
});
