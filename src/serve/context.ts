// What every handler shares: the objects, the kinds, the snapshot's logs, the clock and the caller's identity.
import type { KubeObject } from '../snapshot/objects.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { KindRegistry, ServedKind } from './kinds.js';
import type { ObjectStore } from './store.js';

export interface ApiContext {
  store: ObjectStore;
  kinds: KindRegistry;
  snapshot: Snapshot;
  now: () => Date;
  /** The user named in Forbidden messages. */
  user: string;
}

export interface Reply {
  status: number;
  body: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

export function json(status: number, body: unknown): Reply {
  return { status, body };
}

/** The object as served at `version`: the apiVersion a client asked for, and Secrets never carry values. */
export function served(obj: KubeObject, kind: ServedKind, version: string): KubeObject {
  const out: KubeObject = { ...obj, apiVersion: kind.group ? `${kind.group}/${version}` : version };
  if (kind.group === '' && kind.kind === 'Secret') {
    delete out.data;
    delete out.stringData;
  }
  return out;
}

export function namespaceExists(ctx: ApiContext, namespace: string): boolean {
  return ['default', 'kube-system', 'kube-public'].includes(namespace) || Boolean(ctx.store.get('', 'Namespace', undefined, namespace)) || ctx.store.hasNamespaceContent(namespace);
}
