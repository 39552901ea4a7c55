// The scale subresource of Deployments, StatefulSets and ReplicaSets (`kubectl scale`): an autoscaling/v1 Scale
// over spec.replicas. Serve runs no controllers, so status and pods stay as the snapshot has them.
import type { KubeObject } from '../snapshot/objects.js';
import type { ApiContext, Reply } from './context.js';
import { jsonPatch, mergePatch, type Json } from './patch.js';
import type { Target } from './reads.js';
import { badRequest, methodNotAllowed, notFound } from './status.js';
import { patchObject } from './writes.js';

export function scaleReply(ctx: ApiContext, t: Target, verb: string, contentType: string, body: unknown, query: URLSearchParams): Reply {
  const current = ctx.store.get(t.kind.group, t.kind.kind, t.namespace, t.name!);
  if (!current) throw notFound(t.kind.plural, t.kind.group, t.name!);
  if (verb === 'get') return { status: 200, body: scaleOf(current) };
  if (verb !== 'patch' && verb !== 'update') throw methodNotAllowed();
  const before = scaleOf(current) as unknown as Json;
  const after = verb === 'update' ? body : /json-patch/.test(contentType) ? jsonPatch(before, body) : mergePatch(before, body as Json);
  const replicas = (after as { spec?: { replicas?: unknown } })?.spec?.replicas;
  if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) throw badRequest(`spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be a non-negative integer`);
  const reply = patchObject(ctx, t, 'application/merge-patch+json', { spec: { replicas } }, query);
  return { status: 200, body: scaleOf(reply.body as KubeObject) };
}

function scaleOf(obj: KubeObject): object {
  const spec = (obj.spec ?? {}) as { replicas?: number; selector?: { matchLabels?: Record<string, string> } };
  const status = (obj.status ?? {}) as { replicas?: number };
  const selector = Object.entries(spec.selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
  const { name, namespace, uid, resourceVersion, creationTimestamp } = obj.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: spec.replicas ?? 1 },
    status: { replicas: status.replicas ?? 0, selector },
  };
}
