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
 * The live source's pod record (issue #13): a fresh object holding only what checks and `collect` read, built as
 * each page is parsed, so the parsed pod (with its unread fields and the slots `drop` leaves) becomes garbage at
 * once instead of being kept. Unknown fields are kept (a check may read them); only the known-unread ones go.
 */
export function compactPod(pod: KubeObject, strings: Map<string, string>): KubeObject {
  trimObject(pod);
  const out: Record<string, unknown> = { apiVersion: pod.apiVersion, kind: pod.kind, metadata: compact(pod.metadata, strings, POD_META_UNREAD) };
  if (pod.spec !== undefined) out.spec = compact(pod.spec, strings, POD_SPEC_COPY_UNREAD);
  if (pod.status !== undefined) out.status = compact(pod.status, strings, POD_STATUS_UNREAD);
  for (const key of Object.keys(pod)) if (!(key in out) && pod[key] !== undefined) out[key] = compact(pod[key], strings, NONE);
  return out as unknown as KubeObject;
}

/**
 * A fresh deep copy without undefined fields (and, at the top, without `unread`); short strings are shared through
 * `strings` (one Map per list): images, phases, condition types, timestamps and label values repeat across pods,
 * and JSON.parse gives every occurrence its own copy.
 */
function compact(value: unknown, strings: Map<string, string>, unread: Set<string>): any {
  if (typeof value === 'string') {
    if (value.length > 128) return value;
    const known = strings.get(value);
    if (known !== undefined) return known;
    strings.set(value, value);
    return value;
  }
  if (!value || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => compact(v, strings, NONE));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined && !unread.has(key)) out[key] = compact(v, strings, NONE);
  return out;
}

const NONE = new Set<string>();
const POD_META_UNREAD = new Set(['managedFields', 'generateName', 'selfLink']);
const POD_SPEC_COPY_UNREAD = new Set(['restartPolicy', 'priority']);
const POD_STATUS_UNREAD = new Set(['hostIP', 'hostIPs', 'podIPs', 'qosClass']);

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
