// The shapes every part of arcdoctor shares: Kubernetes objects as the API prints them, and references to them.

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  uid?: string;
  creationTimestamp?: string;
  ownerReferences?: Array<{ apiVersion: string; kind: string; name: string; uid?: string; controller?: boolean }>;
  resourceVersion?: string;
  generation?: number;
  deletionTimestamp?: string;
  [key: string]: unknown;
}

/** A Kubernetes object as `kubectl get -o json` prints it. Fields beyond metadata are read defensively. */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec?: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  status?: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [key: string]: any;
}

/** Names one object; `apiVersion` may be omitted where the kind is unambiguous. */
export interface ObjectRef {
  apiVersion?: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** The API group of an apiVersion: `apps/v1` → `apps`, `v1` → `` (core). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

export function refOf(obj: KubeObject): ObjectRef {
  return { apiVersion: obj.apiVersion, kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name };
}

/** `v1/Endpoints arc-osm-system/osm-controller`, the form evidence uses. */
export function refString(ref: ObjectRef | KubeObject): string {
  const r = 'metadata' in ref ? refOf(ref as KubeObject) : (ref as ObjectRef);
  const where = r.namespace ? `${r.namespace}/${r.name}` : r.name;
  return `${r.apiVersion ? r.apiVersion + '/' : ''}${r.kind} ${where}`;
}

/** `namespace/name`, or `name` for cluster-scoped objects. */
export function nsName(obj: KubeObject | ObjectRef): string {
  const m = 'metadata' in obj ? (obj as KubeObject).metadata : (obj as ObjectRef);
  return m.namespace ? `${m.namespace}/${m.name}` : m.name;
}

export function labelsOf(obj: KubeObject): Record<string, string> {
  return obj.metadata.labels ?? {};
}

export function annotationsOf(obj: KubeObject): Record<string, string> {
  return obj.metadata.annotations ?? {};
}

/** Container logs as `kubectl logs` prints them. */
export interface ContainerLog {
  namespace: string;
  pod: string;
  container: string;
  previous: boolean;
  text: string;
}

/** An Azure resource as the Azure CLI (flattened) or ARM REST (`properties` wrapper) prints it, normalised to the flat form. */
export interface AzureResource {
  id?: string;
  name?: string;
  type: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [key: string]: any;
}

export interface SnapshotInfo {
  name?: string;
  collectedAt?: string;
  context?: string;
  serverVersion?: string;
  arcdoctorVersion?: string;
}
