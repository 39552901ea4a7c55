// The served objects, kept in memory and indexed by kind, namespace and label so a list of 20,000 pods
// filtered by namespace or `app=` touches only what it returns. Writes bump one global resourceVersion.
import { groupOf, type KubeObject } from '../snapshot/objects.js';
import { matchesRequirements, type Requirement } from '../snapshot/selectors.js';

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  rv: number;
  object: KubeObject;
}

class Bucket {
  readonly byKey = new Map<string, KubeObject>();
  readonly byNamespace = new Map<string, Set<string>>();
  /** label key → value → object keys */
  readonly byLabel = new Map<string, Map<string, Set<string>>>();
  private sortedAll: string[] | undefined;
  private readonly sortedByNs = new Map<string, string[]>();

  add(k: string, obj: KubeObject): void {
    const ns = obj.metadata.namespace ?? '';
    if (!this.byKey.has(k)) {
      this.sortedAll = undefined;
      this.sortedByNs.delete(ns);
    }
    this.byKey.set(k, obj);
    setOf(this.byNamespace, ns).add(k);
    for (const [lk, lv] of Object.entries(obj.metadata.labels ?? {})) {
      let values = this.byLabel.get(lk);
      if (!values) this.byLabel.set(lk, (values = new Map()));
      setOf(values, String(lv)).add(k);
    }
  }

  remove(k: string): KubeObject | undefined {
    const obj = this.byKey.get(k);
    if (!obj) return undefined;
    const ns = obj.metadata.namespace ?? '';
    this.byKey.delete(k);
    this.byNamespace.get(ns)?.delete(k);
    for (const [lk, lv] of Object.entries(obj.metadata.labels ?? {})) this.byLabel.get(lk)?.get(String(lv))?.delete(k);
    this.sortedAll = undefined;
    this.sortedByNs.delete(ns);
    return obj;
  }

  /** Keys in etcd order (namespace, then name). */
  sortedKeys(namespace: string | undefined): string[] {
    if (namespace === undefined) return (this.sortedAll ??= [...this.byKey.keys()].sort());
    let keys = this.sortedByNs.get(namespace);
    if (!keys) this.sortedByNs.set(namespace, (keys = [...(this.byNamespace.get(namespace) ?? [])].sort()));
    return keys;
  }

  /** The smallest candidate set an equality or existence requirement allows, if any applies. */
  candidates(reqs: Requirement[]): Set<string> | undefined {
    let best: Set<string> | undefined;
    for (const r of reqs) {
      let set: Set<string> | undefined;
      if (r.op === 'in') {
        set = new Set<string>();
        for (const v of r.values) for (const k of this.byLabel.get(r.key)?.get(v) ?? []) set.add(k);
      } else if (r.op === 'exists') {
        set = new Set<string>();
        for (const keys of this.byLabel.get(r.key)?.values() ?? []) for (const k of keys) set.add(k);
      }
      if (set && (!best || set.size < best.size)) best = set;
    }
    return best;
  }
}

function setOf<K, V>(map: Map<K, Set<V>>, k: K): Set<V> {
  let s = map.get(k);
  if (!s) map.set(k, (s = new Set()));
  return s;
}

export function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}\u0000${name}`;
}

/** Watch history kept for `watch=true&resourceVersion=N`; older changes are forgotten. */
const HISTORY_LIMIT = 10_000;

export class ObjectStore {
  private readonly buckets = new Map<string, Bucket>();
  private rv = 1;
  private readonly history: WatchEvent[] = [];

  constructor(objects: readonly KubeObject[]) {
    for (const o of objects) {
      const n = Number(o.metadata.resourceVersion);
      if (Number.isInteger(n) && n >= this.rv) this.rv = n + 1;
    }
    for (const o of objects) {
      const copy = structuredClone(o);
      if (!copy.metadata.resourceVersion || !/^\d+$/.test(copy.metadata.resourceVersion)) copy.metadata.resourceVersion = String(this.rv++);
      this.bucket(groupOf(copy.apiVersion), copy.kind).add(objectKey(copy.metadata.namespace, copy.metadata.name), copy);
    }
  }

  /** The latest resourceVersion handed out: a list at this version has seen every change up to it. */
  get resourceVersion(): number {
    return this.rv - 1;
  }

  get(group: string, kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.buckets.get(`${group}/${kind}`)?.byKey.get(objectKey(namespace, name));
  }

  /** Objects of a kind in etcd order, in one namespace or all, matching label requirements. */
  list(group: string, kind: string, namespace: string | undefined, reqs: Requirement[]): KubeObject[] {
    const b = this.buckets.get(`${group}/${kind}`);
    if (!b) return [];
    const candidates = reqs.length ? b.candidates(reqs) : undefined;
    const keys = candidates ? [...candidates].sort() : b.sortedKeys(namespace);
    const out: KubeObject[] = [];
    for (const k of keys) {
      const o = b.byKey.get(k);
      if (!o) continue;
      if (namespace !== undefined && (o.metadata.namespace ?? '') !== namespace) continue;
      if (reqs.length && !matchesRequirements(o.metadata.labels, reqs)) continue;
      out.push(o);
    }
    return out;
  }

  /** Stores a new or changed object with the next resourceVersion; the caller passes its own copy. */
  put(obj: KubeObject): KubeObject {
    const b = this.bucket(groupOf(obj.apiVersion), obj.kind);
    const k = objectKey(obj.metadata.namespace, obj.metadata.name);
    const existed = b.remove(k);
    obj.metadata.resourceVersion = String(this.rv++);
    b.add(k, obj);
    this.record(existed ? 'MODIFIED' : 'ADDED', obj);
    return obj;
  }

  delete(group: string, kind: string, namespace: string | undefined, name: string): KubeObject | undefined {
    const removed = this.buckets.get(`${group}/${kind}`)?.remove(objectKey(namespace, name));
    if (removed) this.record('DELETED', { ...removed, metadata: { ...removed.metadata, resourceVersion: String(this.rv++) } });
    return removed;
  }

  /** Every object of a group and kind (used when a CRD goes away). */
  deleteKind(group: string, kind: string): void {
    const b = this.buckets.get(`${group}/${kind}`);
    if (!b) return;
    for (const o of [...b.byKey.values()]) this.delete(group, kind, o.metadata.namespace, o.metadata.name);
  }

  /** Everything inside a namespace (the namespace itself was deleted). */
  deleteNamespace(namespace: string): void {
    for (const [key, b] of this.buckets) {
      const slash = key.indexOf('/');
      for (const k of [...(b.byNamespace.get(namespace) ?? [])]) {
        const o = b.byKey.get(k);
        if (o) this.delete(key.slice(0, slash), key.slice(slash + 1), o.metadata.namespace, o.metadata.name);
      }
    }
  }

  /** Namespaces that hold at least one object. */
  hasNamespaceContent(namespace: string): boolean {
    for (const b of this.buckets.values()) if (b.byNamespace.get(namespace)?.size) return true;
    return false;
  }

  /** Changes after `sinceRv`, oldest first. */
  changesSince(sinceRv: number): WatchEvent[] {
    return this.history.filter((e) => e.rv > sinceRv);
  }

  private record(type: WatchEvent['type'], object: KubeObject): void {
    this.history.push({ type, rv: Number(object.metadata.resourceVersion), object });
    if (this.history.length > HISTORY_LIMIT) this.history.splice(0, this.history.length - HISTORY_LIMIT);
  }

  private bucket(group: string, kind: string): Bucket {
    let b = this.buckets.get(`${group}/${kind}`);
    if (!b) this.buckets.set(`${group}/${kind}`, (b = new Bucket()));
    return b;
  }
}
