// What of a Secret may be shown: everything but its values. Values hide in three places: `data`/`stringData`,
// the `kubectl.kubernetes.io/last-applied-configuration` annotation (the whole object as applied, values
// included) and `managedFields` (field paths of server-side apply, which can name stringData keys).
import type { KubeObject } from '../snapshot/objects.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export function isSecret(obj: { apiVersion?: string; kind?: string }): boolean {
  return obj.kind === 'Secret' && (obj.apiVersion === 'v1' || obj.apiVersion === undefined);
}

/** A shallow copy of a Secret without anything that carries or names a value. */
export function withoutSecretValues<T extends KubeObject>(secret: T): T {
  const { data: _d, stringData: _s, ...rest } = secret as T & { data?: unknown; stringData?: unknown };
  const { managedFields: _m, ...metadata } = secret.metadata as KubeObject['metadata'] & { managedFields?: unknown };
  const annotations = metadata.annotations as Record<string, string> | undefined;
  if (annotations && LAST_APPLIED in annotations) {
    const { [LAST_APPLIED]: _l, ...kept } = annotations;
    if (Object.keys(kept).length) metadata.annotations = kept;
    else delete metadata.annotations;
  }
  return { ...rest, metadata } as T;
}
