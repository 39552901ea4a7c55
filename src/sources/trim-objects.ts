// The fields no check reads, forgotten as each object is read: by the live source as each page is parsed and by
// the offline loader as each file is parsed, so both hold the same, smaller objects.
import type { KubeObject } from '../snapshot/objects.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * managedFields are bookkeeping no check reads (and a third of the bytes); the last-applied annotation is a second
 * copy of the object. Secret values are never kept, whatever the source held.
 */
export function trimObject(obj: KubeObject): void {
  const meta = obj.metadata as Record<string, any>;
  drop(meta, 'managedFields');
  // Annotations are iterated by checks: really remove the (large) last-applied copy rather than leave an undefined.
  if (meta.annotations && typeof meta.annotations === 'object' && LAST_APPLIED in meta.annotations) delete meta.annotations[LAST_APPLIED];
  const core = obj.apiVersion === 'v1';
  if (obj.kind === 'Pod' && core) slimPod(obj);
  else if (WORKLOADS.has(obj.kind) && obj.spec?.template?.spec && typeof obj.spec.template.spec === 'object') slimPodSpec(obj.spec.template.spec, TEMPLATE_CONTAINER_UNREAD);
  if (obj.kind === 'Secret' && core) {
    delete obj.data;
    delete obj.stringData;
  }
}

/**
 * Pods are most of a large cluster's bytes. Volumes, mounts, probes, env and scheduling hints are read by no check
 * (workload env, e.g. OSM_DEFAULT_ENVOY_IMAGE, is read from the Deployment), so they are not kept: at 50k pods
 * this is the difference between fitting in 300 MB or not.
 */
function slimPod(pod: KubeObject): void {
  const spec = pod.spec;
  if (!spec || typeof spec !== 'object') return;
  drop(pod.metadata as Record<string, unknown>, 'generateName');
  slimPodSpec(spec, CONTAINER_UNREAD);
  const status = pod.status;
  if (!status || typeof status !== 'object') return;
  for (const c of [...arrayOf(status.containerStatuses), ...arrayOf(status.initContainerStatuses)]) {
    if (c && typeof c === 'object') for (const key of STATUS_UNREAD) drop(c, key);
  }
  for (const c of arrayOf(status.conditions)) if (c && typeof c === 'object') drop(c, 'lastProbeTime');
}

/** Workload templates keep container env: OSM016 reads the injector's OSM_DEFAULT_ENVOY_IMAGE there. */
function slimPodSpec(spec: Record<string, any>, containerKeys: string[]): void {
  for (const key of POD_SPEC_UNREAD) drop(spec, key);
  for (const c of [...arrayOf(spec.containers), ...arrayOf(spec.initContainers)]) {
    if (c && typeof c === 'object') for (const key of containerKeys) drop(c, key);
  }
}

/**
 * The live source's pod record (issue #13): the parsed pod trimmed in place, with its short strings shared through
 * `strings` (one Map per list). Images, phases, condition types, timestamps and label values repeat across pods and
 * JSON.parse gives every occurrence its own copy. Measured on 10k pods: 18.6 MB kept, against 21.2 MB for a fresh
 * compact copy of each pod and 26 MB trimmed only; parsing and trimming 10k pods took ≈ 370 ms of CPU instead of the
 * copy's ≈ 470 ms (docs/performance.md).
 */
export function compactPod(pod: KubeObject, strings: Map<string, string>): KubeObject {
  trimObject(pod);
  dropAll(pod.metadata, POD_META_UNREAD);
  dropAll(pod.spec, POD_SPEC_COPY_UNREAD);
  dropAll(pod.status, POD_STATUS_UNREAD);
  shareStrings(pod, strings);
  return pod;
}

function dropAll(obj: unknown, keys: string[]): void {
  if (obj && typeof obj === 'object') for (const key of keys) drop(obj as Record<string, unknown>, key);
}

/** Replaces each short string value (at any depth) by the first equal one seen in this list. */
function shareStrings(value: Record<string, any> | any[], strings: Map<string, string>): void {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = shared(value[i], strings);
    return;
  }
  for (const key in value) {
    const v = value[key];
    if (v !== undefined) value[key] = shared(v, strings);
  }
}

function shared(v: unknown, strings: Map<string, string>): unknown {
  if (typeof v === 'string') {
    if (v.length > 128) return v;
    const known = strings.get(v);
    if (known !== undefined) return known;
    strings.set(v, v);
    return v;
  }
  if (v && typeof v === 'object') shareStrings(v as Record<string, any>, strings);
  return v;
}

const POD_META_UNREAD = ['selfLink'];
const POD_SPEC_COPY_UNREAD = ['restartPolicy', 'priority'];
const POD_STATUS_UNREAD = ['hostIP', 'hostIPs', 'podIPs', 'qosClass'];

const WORKLOADS = new Set(['Deployment', 'DaemonSet', 'ReplicaSet', 'StatefulSet']);
const POD_SPEC_UNREAD = ['volumes', 'tolerations', 'affinity', 'topologySpreadConstraints', 'dnsConfig', 'dnsPolicy', 'enableServiceLinks', 'preemptionPolicy', 'schedulerName', 'terminationGracePeriodSeconds', 'serviceAccount'];
const CONTAINER_UNREAD = ['volumeMounts', 'env', 'envFrom', 'livenessProbe', 'readinessProbe', 'startupProbe', 'terminationMessagePath', 'terminationMessagePolicy', 'imagePullPolicy'];
const TEMPLATE_CONTAINER_UNREAD = CONTAINER_UNREAD.filter((k) => k !== 'env' && k !== 'envFrom');
const STATUS_UNREAD = ['containerID', 'imageID', 'started'];

/**
 * Forgets a field's value. `delete` would turn V8's compact JSON.parse objects into dictionary-mode ones, which cost
 * more memory than the field saved; an undefined value frees what it held and disappears from JSON output.
 */
function drop(obj: Record<string, unknown>, key: string): void {
  if (key in obj) obj[key] = undefined;
}

function arrayOf(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}
