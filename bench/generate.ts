// A reproducible synthetic cluster for the benchmark: the OSM/AMA example control planes plus N namespaces of
// workloads (Deployments, ReplicaSets, Pods with realistic specs, Services, Endpoints), a share of them joined to
// the mesh with Envoy sidecars, admission webhooks, CRDs and Flux objects. Same seed, same cluster.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '../src/serve/faults.js';
import { loadSnapshot } from '../src/sources/snapshot-files.js';
import type { KubeObject } from '../src/snapshot/objects.js';

export interface ClusterShape {
  seed: number;
  namespaces: number;
  podsPerNamespace: number;
  /** Fraction of namespaces joined to the mesh (label + annotation, pods with an Envoy sidecar). */
  meshShare: number;
  webhooks: number;
  crds: number;
  fluxObjects: number;
  nodes: number;
}

export const DEFAULT_SHAPE: Omit<ClusterShape, 'namespaces' | 'podsPerNamespace'> = { seed: 42, meshShare: 0.3, webhooks: 12, crds: 60, fluxObjects: 40, nodes: 50 };

const BASE_EXAMPLES = ['examples/osm-healthy', 'examples/ama-healthy'];
const CREATED = '2024-03-01T10:00:00Z';

export function generateCluster(shape: ClusterShape): KubeObject[] {
  const rand = seededRandom(shape.seed);
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
  const objects: KubeObject[] = [];
  for (const ex of BASE_EXAMPLES) objects.push(...loadSnapshot(ex).objects());
  for (let i = 0; i < shape.nodes; i++) objects.push(node(`aks-nodepool1-${10000000 + i}-vmss${String(i).padStart(6, '0')}`));
  for (let n = 0; n < shape.namespaces; n++) {
    const ns = `team-${String(n).padStart(4, '0')}`;
    const meshed = rand() < shape.meshShare;
    objects.push(namespaceObj(ns, meshed));
    const apps = Math.max(1, Math.ceil(shape.podsPerNamespace / 5));
    for (let a = 0; a < apps; a++) {
      const app = `svc-${a}`;
      const rsHash = hex(10);
      const replicas = Math.min(5, shape.podsPerNamespace - a * 5);
      if (replicas <= 0) break;
      objects.push(deploymentObj(ns, app, replicas, rsHash), serviceObj(ns, app, rand));
      const ips: string[] = [];
      for (let r = 0; r < replicas; r++) {
        const ip = `10.${(n >> 8) & 255}.${n & 255}.${a * 5 + r + 2}`;
        ips.push(ip);
        objects.push(podObj(ns, app, `${app}-${rsHash}-${hex(5)}`, rsHash, ip, meshed && rand() > 0.05, `aks-nodepool1-${10000000 + Math.floor(rand() * shape.nodes)}-vmss000000`));
      }
      objects.push(endpointsObj(ns, app, ips));
    }
  }
  for (let w = 0; w < shape.webhooks; w++) objects.push(webhookObj(w));
  for (let c = 0; c < shape.crds; c++) objects.push(crdObj(c));
  for (let f = 0; f < shape.fluxObjects; f++) objects.push(...fluxPair(f));
  return objects;
}

export function writeCluster(dir: string, shape: ClusterShape): { objects: number; pods: number } {
  const objects = generateCluster(shape);
  mkdirSync(dir, { recursive: true });
  const byKind = new Map<string, KubeObject[]>();
  for (const o of objects) (byKind.get(o.kind) ?? byKind.set(o.kind, []).get(o.kind)!).push(o);
  for (const [kind, items] of byKind) writeFileSync(join(dir, `${kind}.json`), JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
  writeFileSync(join(dir, 'snapshot.yaml'), `name: bench-${shape.namespaces}x${shape.podsPerNamespace}\nserverVersion: v1.28.5\n`);
  return { objects: objects.length, pods: byKind.get('Pod')?.length ?? 0 };
}

const meta = (name: string, namespace: string | undefined, labels: Record<string, string> = {}, extra: Record<string, unknown> = {}) => ({
  name,
  ...(namespace ? { namespace } : {}),
  labels,
  uid: `${name.length.toString(16).padStart(8, '0')}-0000-4000-8000-${name.replace(/[^a-z0-9]/g, '').slice(0, 12).padEnd(12, '0')}`,
  resourceVersion: '1000',
  creationTimestamp: CREATED,
  ...extra,
});

function namespaceObj(name: string, meshed: boolean): KubeObject {
  const labels: Record<string, string> = { 'kubernetes.io/metadata.name': name };
  const annotations: Record<string, string> = {};
  if (meshed) {
    labels['openservicemesh.io/monitored-by'] = 'osm';
    annotations['openservicemesh.io/sidecar-injection'] = 'enabled';
  }
  return { apiVersion: 'v1', kind: 'Namespace', metadata: meta(name, undefined, labels, { annotations }), spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } };
}

function node(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: meta(name, undefined, { 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'node.kubernetes.io/instance-type': 'Standard_D4s_v3', agentpool: 'nodepool1' }),
    spec: { podCIDR: '10.244.0.0/24', providerID: `azure:///subscriptions/0000/resourceGroups/mc_rg/providers/Microsoft.Compute/virtualMachineScaleSets/${name}` },
    status: {
      capacity: { cpu: '4', memory: '16393316Ki', pods: '110' },
      allocatable: { cpu: '3860m', memory: '12880996Ki', pods: '110' },
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: CREATED, lastTransitionTime: CREATED }],
      nodeInfo: { kubeletVersion: 'v1.28.5', osImage: 'Ubuntu 22.04.4 LTS', kernelVersion: '5.15.0-1061-azure', containerRuntimeVersion: 'containerd://1.7.15-1', architecture: 'amd64', operatingSystem: 'linux' },
    },
  };
}

function container(app: string) {
  return {
    name: app,
    image: `contoso.azurecr.io/${app}:1.4.2`,
    imagePullPolicy: 'IfNotPresent',
    ports: [{ containerPort: 8080, name: 'http', protocol: 'TCP' }],
    env: [{ name: 'ASPNETCORE_URLS', value: 'http://+:8080' }, { name: 'LOG_LEVEL', value: 'info' }],
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
    readinessProbe: { httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' }, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    volumeMounts: [{ name: 'kube-api-access', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }],
  };
}

function envoy() {
  return {
    name: 'envoy',
    image: 'mcr.microsoft.com/oss/envoyproxy/envoy:v1.22.2',
    args: ['--log-level', 'error', '--config-path', '/etc/envoy/bootstrap.yaml', '--service-cluster', 'svc'],
    ports: [{ containerPort: 15000, name: 'proxy-admin', protocol: 'TCP' }, { containerPort: 15003, name: 'proxy-inbound', protocol: 'TCP' }, { containerPort: 15010, name: 'proxy-metrics', protocol: 'TCP' }],
    resources: {},
    securityContext: { runAsUser: 1500 },
  };
}

function deploymentObj(ns: string, app: string, replicas: number, hash: string): KubeObject {
  const labels = { app, 'app.kubernetes.io/part-of': ns };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(app, ns, labels, { generation: 1, annotations: { 'deployment.kubernetes.io/revision': '1' } }),
    spec: { replicas, selector: { matchLabels: { app } }, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } }, template: { metadata: { labels: { app, 'pod-template-hash': hash } }, spec: { containers: [container(app)], restartPolicy: 'Always', serviceAccountName: 'default' } } },
    status: { observedGeneration: 1, replicas, readyReplicas: replicas, availableReplicas: replicas, updatedReplicas: replicas, conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' }, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' }] },
  };
}

function podObj(ns: string, app: string, name: string, hash: string, ip: string, sidecar: boolean, nodeName: string): KubeObject {
  const containers = sidecar ? [container(app), envoy()] : [container(app)];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: meta(name, ns, { app, 'pod-template-hash': hash, ...(sidecar ? { 'osm-proxy-uuid': `${hash}-${name.slice(-5)}` } : {}) }, { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${app}-${hash}`, uid: `rs-${hash}`, controller: true, blockOwnerDeletion: true }] }),
    spec: {
      containers,
      ...(sidecar ? { initContainers: [{ name: 'osm-init', image: 'mcr.microsoft.com/oss/openservicemesh/init:v1.2.4', command: ['/bin/sh'], args: ['-c', 'iptables-restore --noflush <<EOF\n*nat\nCOMMIT\nEOF\n'], securityContext: { capabilities: { add: ['NET_ADMIN'] } } }] } : {}),
      nodeName,
      restartPolicy: 'Always',
      serviceAccountName: 'default',
      tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }, { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
      volumes: [{ name: 'kube-api-access', projected: { defaultMode: 420, sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }, { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } }] } }],
    },
    status: {
      phase: 'Running',
      podIP: ip,
      hostIP: '10.224.0.4',
      qosClass: 'Burstable',
      startTime: CREATED,
      conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ type, status: 'True', lastTransitionTime: CREATED })),
      containerStatuses: containers.map((c) => ({ name: c.name, image: c.image, imageID: `${c.image}@sha256:${'0'.repeat(64)}`, ready: true, started: true, restartCount: 0, state: { running: { startedAt: CREATED } } })),
    },
  };
}

function serviceObj(ns: string, app: string, rand: () => number): KubeObject {
  const ip = `10.0.${Math.floor(rand() * 250)}.${Math.floor(rand() * 250)}`;
  return { apiVersion: 'v1', kind: 'Service', metadata: meta(app, ns, { app }), spec: { type: 'ClusterIP', clusterIP: ip, clusterIPs: [ip], selector: { app }, ports: [{ name: 'http', port: 80, targetPort: 8080, protocol: 'TCP' }] }, status: { loadBalancer: {} } };
}

function endpointsObj(ns: string, app: string, ips: string[]): KubeObject {
  return { apiVersion: 'v1', kind: 'Endpoints', metadata: meta(app, ns, { app }), subsets: [{ addresses: ips.map((ip) => ({ ip, targetRef: { kind: 'Pod', namespace: ns } })), ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] }] };
}

function webhookObj(i: number): KubeObject {
  const kind = i % 2 ? 'MutatingWebhookConfiguration' : 'ValidatingWebhookConfiguration';
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind,
    metadata: meta(`bench-webhook-${i}`, undefined, { app: `bench-${i}` }),
    webhooks: [{ name: `check-${i}.bench.example.com`, admissionReviewVersions: ['v1'], sideEffects: 'None', failurePolicy: 'Ignore', clientConfig: { service: { name: `bench-${i}`, namespace: 'default', path: '/validate', port: 443 } }, rules: [{ apiGroups: [''], apiVersions: ['v1'], operations: ['CREATE'], resources: ['configmaps'], scope: '*' }], timeoutSeconds: 5 }],
  };
}

function crdObj(i: number): KubeObject {
  const group = `bench${i % 7}.example.com`;
  const plural = `widgets${i}`;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: meta(`${plural}.${group}`, undefined),
    spec: { group, names: { kind: `Widget${i}`, listKind: `Widget${i}List`, plural, singular: `widget${i}` }, scope: 'Namespaced', versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }] },
    status: { acceptedNames: { kind: `Widget${i}`, plural }, storedVersions: ['v1'], conditions: [{ type: 'Established', status: 'True' }] },
  };
}

function fluxPair(i: number): KubeObject[] {
  const ns = 'flux-system';
  const ready = [{ type: 'Ready', status: 'True', reason: 'ReconciliationSucceeded', message: `Applied revision: main@sha1:${'a'.repeat(40)}`, lastTransitionTime: CREATED }];
  return [
    { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', metadata: meta(`repo-${i}`, ns), spec: { interval: '1m', url: `https://github.com/contoso/app-${i}`, ref: { branch: 'main' } }, status: { conditions: ready } },
    { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: meta(`app-${i}`, ns), spec: { interval: '10m', path: './deploy', prune: true, sourceRef: { kind: 'GitRepository', name: `repo-${i}` } }, status: { conditions: ready } },
  ];
}
