// The one model every check reads: Kubernetes objects indexed by group/kind/namespace/name, container logs,
// Azure resources, and what could not be read. Sources build it; checks only query it.
import { groupOf, type AzureResource, type ContainerLog, type KubeObject, type SnapshotInfo } from './objects.js';
import { typeKey, type ResourceType } from './resources.js';
import { matchesRequirements, parseLabelSelector, requirementsOf, type LabelSelectorObject } from './selectors.js';

export interface TypeRef {
  group: string;
  kind: string;
}

export interface ListFilter {
  namespace?: string;
  /** `app=osm-controller`, or the object form. */
  selector?: string | LabelSelectorObject;
}

/** Why a resource type is missing from the snapshot, when a source knows. */
export interface ReadFailure {
  type: TypeRef & { plural?: string; version?: string };
  namespace?: string;
  /** One object's read (a container log: `pod/container`, `pod/container#previous`); absent for a list. */
  name?: string;
  reason: 'forbidden' | 'unavailable' | 'not-collected';
  /** One line: the API's message, e.g. `pods is forbidden: User "x" cannot list resource "pods"…` */
  message: string;
}

/** An Azure read that did not happen or was refused (no login, 403, 404, throttled), so the AZ checks say why. */
export interface AzureReadFailure {
  /** The ARM type that could not be read, or `*` when Azure could not be read at all. */
  armType: string;
  reason: 'no-credentials' | 'unauthorized' | 'forbidden' | 'not-found' | 'throttled' | 'unavailable' | 'no-target';
  message: string;
}

export interface SnapshotParts {
  objects: KubeObject[];
  logs?: ContainerLog[];
  azure?: AzureResource[];
  azureFailures?: AzureReadFailure[];
  info?: SnapshotInfo;
  readFailures?: ReadFailure[];
  /** Types the source read completely (live mode, `collect`); other types in a hand-made snapshot are "as given". */
  completeTypes?: TypeRef[];
  warnings?: string[];
}

export class Snapshot {
  readonly info: SnapshotInfo;
  readonly warnings: readonly string[];
  readonly readFailures: readonly ReadFailure[];
  readonly azureResources: readonly AzureResource[];
  readonly azureFailures: readonly AzureReadFailure[];
  private readonly byType: Map<string, KubeObject[]> = new Map();
  /** Per type, `namespace\0name` → object; built on the type's first `get` (most types of a big cluster never are). */
  private readonly byName: Map<string, Map<string, KubeObject>> = new Map();
  private readonly byNamespace: Map<string, Map<string | undefined, KubeObject[]>> = new Map();
  private readonly logIndex = new Map<string, string>();
  private readonly allObjects: readonly KubeObject[];

  constructor(
    private readonly parts: SnapshotParts,
    sameObjectsAs?: Snapshot,
  ) {
    this.info = parts.info ?? {};
    this.warnings = parts.warnings ?? [];
    this.readFailures = parts.readFailures ?? [];
    this.azureResources = parts.azure ?? [];
    this.azureFailures = parts.azureFailures ?? [];
    this.allObjects = parts.objects;
    if (sameObjectsAs) {
      // Same objects, other parts (Azure, logs): the indexes are shared, not rebuilt (80k entries at 50k pods).
      this.byType = sameObjectsAs.byType;
      this.byName = sameObjectsAs.byName;
      this.byNamespace = sameObjectsAs.byNamespace;
    } else this.index(parts.objects);
    for (const log of parts.logs ?? []) {
      this.logIndex.set(logKey(log.namespace, log.pod, log.container, log.previous), log.text);
    }
  }

  private index(objects: readonly KubeObject[]): void {
    // Sources hand objects over type by type: the key is computed once per run of one type, not once per object.
    let apiVersion: string | undefined;
    let kind: string | undefined;
    let list: KubeObject[] = [];
    for (const obj of objects) {
      if (obj.apiVersion !== apiVersion || obj.kind !== kind || apiVersion === undefined) {
        apiVersion = obj.apiVersion;
        kind = obj.kind;
        const key = typeKey({ group: groupOf(obj.apiVersion), kind: obj.kind });
        const known = this.byType.get(key);
        if (known) list = known;
        else this.byType.set(key, (list = []));
      }
      list.push(obj);
    }
  }

  /** A new snapshot with more parts (Azure resources read live beside a cluster, say); objects are appended. */
  with(extra: Partial<SnapshotParts>): Snapshot {
    const p = this.parts;
    const sameObjects = (extra.objects ?? []).length === 0;
    return new Snapshot({
      objects: sameObjects ? p.objects : [...p.objects, ...(extra.objects ?? [])],
      logs: [...(p.logs ?? []), ...(extra.logs ?? [])],
      azure: [...(p.azure ?? []), ...(extra.azure ?? [])],
      azureFailures: [...(p.azureFailures ?? []), ...(extra.azureFailures ?? [])],
      info: { ...p.info, ...extra.info },
      readFailures: [...(p.readFailures ?? []), ...(extra.readFailures ?? [])],
      completeTypes: [...(p.completeTypes ?? []), ...(extra.completeTypes ?? [])],
      warnings: [...(p.warnings ?? []), ...(extra.warnings ?? [])],
    }, sameObjects ? this : undefined);
  }

  /** Every object of a type (any version), optionally in one namespace and matching a label selector. */
  list(type: TypeRef, filter: ListFilter = {}): KubeObject[] {
    const key = typeKey(type);
    const candidates = filter.namespace === undefined ? this.byType.get(key) ?? [] : this.inNamespace(key, filter.namespace);
    if (filter.selector === undefined) return [...candidates];
    // Parsed once per call, not once per object: checks ask for the pods of each workload (10k × 10k at scale).
    const reqs = typeof filter.selector === 'string' ? parseLabelSelector(filter.selector) : requirementsOf(filter.selector);
    return candidates.filter((o) => matchesRequirements(o.metadata.labels, reqs));
  }

  /** One type's objects of one namespace, from an index built on the type's first namespaced list. */
  private inNamespace(key: string, namespace: string): readonly KubeObject[] {
    let index = this.byNamespace.get(key);
    if (!index) {
      index = new Map();
      for (const obj of this.byType.get(key) ?? []) {
        const list = index.get(obj.metadata.namespace);
        if (list) list.push(obj);
        else index.set(obj.metadata.namespace, [obj]);
      }
      this.byNamespace.set(key, index);
    }
    return index.get(namespace) ?? [];
  }

  get(type: TypeRef, namespace: string | undefined, name: string): KubeObject | undefined {
    const key = typeKey(type);
    let names = this.byName.get(key);
    if (!names) {
      names = new Map();
      // A later object of the same namespace and name replaces an earlier one, as a re-read would.
      for (const obj of this.byType.get(key) ?? []) names.set(nameKey(obj.metadata.namespace, obj.metadata.name), obj);
      this.byName.set(key, names);
    }
    return names.get(nameKey(namespace, name));
  }

  /** Every object whose apiVersion is in `group` (e.g. all Gatekeeper constraints, whatever their kind). */
  listGroup(group: string): KubeObject[] {
    const out: KubeObject[] = [];
    for (const [key, objs] of this.byType) if (key.startsWith(group + '/')) out.push(...objs);
    return out;
  }

  objects(): readonly KubeObject[] {
    return this.allObjects;
  }

  /** The log text of one container, or undefined when the snapshot holds none. */
  logs(namespace: string, pod: string, container: string, previous = false): string | undefined {
    return this.logIndex.get(logKey(namespace, pod, container, previous));
  }

  /** Whether any object of a type is present, or the source read the type completely (so absence means none). */
  knowsType(type: TypeRef): boolean {
    if ((this.byType.get(typeKey(type)) ?? []).length > 0) return true;
    return (this.parts.completeTypes ?? []).some((t) => t.group === type.group && t.kind === type.kind);
  }

  /** The types the source read whole (what `collect` records, so an empty type stays "none" offline). */
  completeTypes(): readonly TypeRef[] {
    return this.parts.completeTypes ?? [];
  }

  /** Every container log the snapshot holds (what `collect` writes). */
  allLogs(): readonly ContainerLog[] {
    return this.parts.logs ?? [];
  }

  hasLogs(): boolean {
    return this.logIndex.size > 0;
  }

  /** Azure resources of one ARM type, compared case-insensitively as ARM does. */
  azure(type: string): AzureResource[] {
    const t = type.toLowerCase();
    return this.azureResources.filter((r) => r.type.toLowerCase() === t);
  }

  hasAzureData(): boolean {
    return this.azureResources.length > 0;
  }

  /** Why one container's log is missing, when the source tried to read it and could not. */
  logReadFailure(namespace: string, pod: string, container: string): ReadFailure | undefined {
    return this.readFailures.find(
      (f) =>
        f.type.kind === POD_LOG_TYPE.kind &&
        f.type.group === '' &&
        (f.namespace === undefined || f.namespace === namespace) &&
        (f.name === undefined || f.name === `${pod}/${container}` || f.name === `${pod}/${container}#previous`),
    );
  }

  /** The read failure that explains why a type may be missing, if any. */
  readFailure(type: TypeRef | ResourceType, namespace?: string): ReadFailure | undefined {
    return this.readFailures.find(
      (f) =>
        f.type.kind === type.kind &&
        f.type.group === type.group &&
        (f.namespace === undefined || namespace === undefined || f.namespace === namespace),
    );
  }
}

function nameKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}\u0000${name}`;
}

function logKey(namespace: string, pod: string, container: string, previous: boolean): string {
  return `${namespace}/${pod}/${container}${previous ? '#previous' : ''}`;
}

/** The type of a container-log read failure (the API's `pods/log` subresource). */
export const POD_LOG_TYPE = { group: '', kind: 'Pod/log', plural: 'pods/log' } as const;

/** `list pods cluster-wide was forbidden (…)`: how evidence and errors name a read that failed. */
export function describeReadFailure(f: ReadFailure): string {
  if (f.type.kind === POD_LOG_TYPE.kind) {
    const what = f.name ? `the log of ${f.namespace ?? '?'}/${f.name.replace('#previous', ' (previous instance)')}` : `pods/log${f.namespace ? ' in namespace ' + f.namespace : ''}`;
    return `get ${what} ${f.reason === 'forbidden' ? 'was forbidden' : 'failed'} (${f.message})`;
  }
  const resource = f.type.plural ?? f.type.kind.toLowerCase();
  const group = f.type.group ? `.${f.type.group}` : '';
  const scope = f.namespace ? `in namespace ${f.namespace}` : 'cluster-wide';
  if (f.reason === 'forbidden') return `list ${resource}${group} ${scope} was forbidden (${f.message})`;
  return `list ${resource}${group} ${scope} failed (${f.message})`;
}
