// What every handler shares: the objects, the kinds, the snapshot's logs, the clock and the caller's identity.
import { withoutSecretValues } from '../redaction/secrets.js';
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

/**
 * The object as served at `version`: the apiVersion a client asked for, and Secrets never carry values (nor the
 * last-applied annotation and managed fields that would repeat or name them).
 */
export function served(obj: KubeObject, kind: ServedKind, version: string): KubeObject {
  const out: KubeObject = { ...obj, apiVersion: kind.group ? `${kind.group}/${version}` : version };
  return kind.group === '' && kind.kind === 'Secret' ? withoutSecretValues(out) : out;
}

export function namespaceExists(ctx: ApiContext, namespace: string): boolean {
  return ['default', 'kube-system', 'kube-public'].includes(namespace) || Boolean(ctx.store.get('', 'Namespace', undefined, namespace)) || ctx.store.hasNamespaceContent(namespace);
}
