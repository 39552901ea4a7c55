// What the served API knows: every kind of `R`, the extra built-ins, the kinds the snapshot holds and the
// kinds its CustomResourceDefinitions declare (a CRD created through the API registers its kind live).
import { groupOf, type KubeObject } from '../snapshot/objects.js';
import { allKnownTypes, type ResourceType } from '../snapshot/resources.js';
import { EXTRA_BUILTIN_KINDS, guessPlural, isBuiltinGroup } from './builtin-kinds.js';
import { compareKubeVersions } from './versions.js';

export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  format?: string;
  description?: string;
  priority?: number;
}

export interface ServedKind {
  group: string;
  kind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  /** Served versions, highest priority first. */
  versions: string[];
  preferred: string;
  /** Built into the API server: strategic merge patch and kubectl's own table columns apply. */
  builtin: boolean;
  subresources: string[];
  /** A CRD's additionalPrinterColumns by version. */
  printerColumns?: Record<string, PrinterColumn[]>;
  crdName?: string;
}

const BUILTIN_SUBRESOURCES: Record<string, string[]> = {
  '/Pod': ['log', 'status'],
  'apps/Deployment': ['scale', 'status'],
  'apps/StatefulSet': ['scale', 'status'],
  'apps/ReplicaSet': ['scale', 'status'],
  'apps/DaemonSet': ['status'],
  '/Node': ['status'],
  '/Namespace': ['status'],
  '/Service': ['status'],
};

export class KindRegistry {
  private readonly byGroupKind = new Map<string, ServedKind>();
  /** Kinds as they were before a CRD replaced them, restored when the CRD goes away. */
  private readonly shadowed = new Map<string, ServedKind>();

  constructor(objects: readonly KubeObject[]) {
    for (const t of [...allKnownTypes(), ...EXTRA_BUILTIN_KINDS]) this.put(fromResourceType(t));
    for (const obj of objects) this.noteObject(obj);
    for (const obj of objects) if (isCrd(obj)) this.addCrd(obj);
  }

  /** Registers an object's kind (and version) when nothing declared it. */
  noteObject(obj: KubeObject): void {
    const group = groupOf(obj.apiVersion);
    const version = obj.apiVersion.slice(obj.apiVersion.indexOf('/') + 1);
    const known = this.byGroupKind.get(key(group, obj.kind));
    if (known) {
      if (!known.versions.includes(version) && !known.crdName) known.versions = sortVersions([...known.versions, version]);
      return;
    }
    const plural = guessPlural(obj.kind);
    this.put({
      group,
      kind: obj.kind,
      plural,
      singular: obj.kind.toLowerCase(),
      namespaced: Boolean(obj.metadata.namespace),
      shortNames: [],
      versions: [version],
      preferred: version,
      builtin: isBuiltinGroup(group),
      subresources: [],
    });
  }

  addCrd(crd: KubeObject): void {
    const kind = kindOfCrd(crd);
    if (!kind) return;
    const k = key(kind.group, kind.kind);
    const before = this.byGroupKind.get(k);
    if (before && !before.crdName) this.shadowed.set(k, before);
    this.put(kind);
  }

  removeCrd(crd: KubeObject): void {
    const kind = kindOfCrd(crd);
    if (!kind) return;
    const k = key(kind.group, kind.kind);
    this.byGroupKind.delete(k);
    const before = this.shadowed.get(k);
    if (before) this.put(before);
  }

  get(group: string, kind: string): ServedKind | undefined {
    return this.byGroupKind.get(key(group, kind));
  }

  /** The kind served at `/apis/<group>/<version>/<plural>`. */
  byPlural(group: string, version: string, plural: string): ServedKind | undefined {
    for (const k of this.byGroupKind.values()) {
      if (k.group === group && k.plural === plural && k.versions.includes(version)) return k;
    }
    return undefined;
  }

  all(): ServedKind[] {
    return [...this.byGroupKind.values()];
  }

  /** Groups with their versions (highest first) and the preferred one, core group excluded. */
  groups(): Array<{ name: string; versions: string[]; preferred: string }> {
    const byGroup = new Map<string, ServedKind[]>();
    for (const k of this.byGroupKind.values()) {
      if (k.group === '') continue;
      const list = byGroup.get(k.group) ?? [];
      list.push(k);
      byGroup.set(k.group, list);
    }
    return [...byGroup.entries()]
      .sort(([a], [b]) => groupOrder(a) - groupOrder(b) || a.localeCompare(b))
      .map(([name, kinds]) => ({
        name,
        versions: sortVersions([...new Set(kinds.flatMap((k) => k.versions))]),
        preferred: sortVersions([...new Set(kinds.map((k) => k.preferred))])[0],
      }));
  }

  resourcesOf(group: string, version: string): ServedKind[] {
    return this.all()
      .filter((k) => k.group === group && k.versions.includes(version))
      .sort((a, b) => a.plural.localeCompare(b.plural));
  }

  private put(k: ServedKind): void {
    this.byGroupKind.set(key(k.group, k.kind), k);
  }
}

function key(group: string, kind: string): string {
  return `${group}/${kind}`;
}

/** Built-in groups first, as the API server lists them; then the rest alphabetically. */
function groupOrder(group: string): number {
  return isBuiltinGroup(group) ? 0 : 1;
}

export function sortVersions(versions: string[]): string[] {
  return [...versions].sort(compareKubeVersions);
}

function fromResourceType(t: ResourceType): ServedKind {
  const versions = t.versions && t.versions.length ? [...t.versions] : [t.version];
  return {
    group: t.group,
    kind: t.kind,
    plural: t.plural,
    singular: t.kind.toLowerCase(),
    namespaced: t.namespaced,
    shortNames: [...(t.shortNames ?? [])],
    versions: sortVersions(versions),
    preferred: t.version,
    builtin: isBuiltinGroup(t.group),
    subresources: BUILTIN_SUBRESOURCES[key(t.group, t.kind)] ?? (isBuiltinGroup(t.group) ? [] : ['status']),
  };
}

export function isCrd(obj: KubeObject): boolean {
  return obj.kind === 'CustomResourceDefinition' && groupOf(obj.apiVersion) === 'apiextensions.k8s.io';
}

/** The kind a CRD declares, from the v1 form or the v1beta1 one (`spec.version`, top-level printer columns). */
export function kindOfCrd(crd: KubeObject): ServedKind | undefined {
  const spec = crd.spec ?? {};
  const names = spec.names ?? {};
  if (typeof spec.group !== 'string' || typeof names.kind !== 'string' || typeof names.plural !== 'string') return undefined;
  const declared: Array<Record<string, unknown>> = Array.isArray(spec.versions) && spec.versions.length ? spec.versions : spec.version ? [{ name: spec.version, served: true, storage: true }] : [];
  const served = declared.filter((v) => v && typeof v.name === 'string' && v.served !== false);
  if (served.length === 0) return undefined;
  const versions = sortVersions(served.map((v) => String(v.name)));
  const printerColumns: Record<string, PrinterColumn[]> = {};
  for (const v of served) {
    const cols = (Array.isArray(v.additionalPrinterColumns) ? v.additionalPrinterColumns : spec.additionalPrinterColumns) as Array<Record<string, unknown>> | undefined;
    if (Array.isArray(cols)) printerColumns[String(v.name)] = cols.filter((c) => c && typeof c.name === 'string').map(printerColumn);
  }
  const hasSubresources = (s: unknown, name: string) => Boolean(s && typeof s === 'object' && name in (s as object));
  const sub = served.find((v) => v.subresources)?.subresources ?? spec.subresources;
  return {
    group: spec.group,
    kind: names.kind,
    plural: names.plural,
    singular: typeof names.singular === 'string' && names.singular ? names.singular : names.kind.toLowerCase(),
    namespaced: spec.scope !== 'Cluster',
    shortNames: Array.isArray(names.shortNames) ? names.shortNames.map(String) : [],
    versions,
    preferred: versions[0],
    builtin: false,
    subresources: ['status', 'scale'].filter((s) => hasSubresources(sub, s)),
    printerColumns,
    crdName: crd.metadata.name,
  };
}

function printerColumn(c: Record<string, unknown>): PrinterColumn {
  return {
    name: String(c.name),
    type: String(c.type ?? 'string'),
    jsonPath: String(c.jsonPath ?? c.JSONPath ?? ''),
    format: typeof c.format === 'string' ? c.format : undefined,
    description: typeof c.description === 'string' ? c.description : undefined,
    priority: typeof c.priority === 'number' ? c.priority : 0,
  };
}
