// get, list (per namespace and across namespaces, label and field selectors, limit/continue) and watch.
import { groupOf, type KubeObject } from '../snapshot/objects.js';
import { matchesRequirements, parseLabelSelector, SelectorSyntaxError, type Requirement } from '../snapshot/selectors.js';
import { served, type ApiContext, type Reply } from './context.js';
import { matchesFields, parseFieldSelector, type FieldRequirement } from './fields.js';
import type { ServedKind } from './kinds.js';
import { objectKey } from './store.js';
import { badRequest, notFound } from './status.js';
import { tableOf, wantsTable } from './table.js';

export interface Target {
  kind: ServedKind;
  version: string;
  namespace?: string;
  name?: string;
}

export function getObject(ctx: ApiContext, t: Target, query: URLSearchParams, accept: string | undefined): Reply {
  const obj = ctx.store.get(t.kind.group, t.kind.kind, t.namespace, t.name!);
  if (!obj) throw notFound(t.kind.plural, t.kind.group, t.name!);
  const out = served(obj, t.kind, t.version);
  if (wantsTable(accept)) return { status: 200, body: tableOf(t.kind, t.version, [out], ctx.now(), query.get('includeObject'), { resourceVersion: String(ctx.store.resourceVersion) }) };
  return { status: 200, body: out };
}

interface Selection {
  labels: Requirement[];
  fields: FieldRequirement[];
}

function selection(t: Target, query: URLSearchParams): Selection {
  let labels: Requirement[];
  try {
    labels = parseLabelSelector(query.get('labelSelector') ?? '');
  } catch (e) {
    if (e instanceof SelectorSyntaxError) throw badRequest(`unable to parse requirement: ${e.message}`);
    throw e;
  }
  const fields = parseFieldSelector(query.get('fieldSelector') ?? '', t.kind.group, t.kind.kind, t.kind.builtin);
  return { labels, fields };
}

/** metadata.name / metadata.namespace field selectors narrow the scan before anything else. */
function selected(ctx: ApiContext, t: Target, sel: Selection): KubeObject[] {
  const byName = sel.fields.find((f) => f.field === 'metadata.name' && f.op === '=');
  const byNs = sel.fields.find((f) => f.field === 'metadata.namespace' && f.op === '=');
  const namespace = t.namespace ?? byNs?.value;
  let objects: KubeObject[];
  if (byName && (namespace !== undefined || !t.kind.namespaced)) {
    const one = ctx.store.get(t.kind.group, t.kind.kind, t.kind.namespaced ? namespace : undefined, byName.value);
    objects = one && matchesRequirements(one.metadata.labels, sel.labels) ? [one] : [];
  } else objects = ctx.store.list(t.kind.group, t.kind.kind, t.kind.namespaced ? namespace : undefined, sel.labels);
  return sel.fields.length ? objects.filter((o) => matchesFields(o, sel.fields)) : objects;
}

interface ContinueToken {
  rv: number;
  after: string;
}

function decodeContinue(token: string): ContinueToken {
  try {
    const v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as ContinueToken;
    if (typeof v.after === 'string' && typeof v.rv === 'number') return v;
  } catch {
    // answered below
  }
  throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
}

export function listObjects(ctx: ApiContext, t: Target, query: URLSearchParams, accept: string | undefined): Reply {
  const sel = selection(t, query);
  let objects = selected(ctx, t, sel);
  const token = query.get('continue');
  const rv = ctx.store.resourceVersion;
  if (token) {
    const { after } = decodeContinue(token);
    objects = objects.filter((o) => objectKey(o.metadata.namespace, o.metadata.name) > after);
  }
  const limit = Number(query.get('limit') ?? 0);
  const meta: { resourceVersion: string; continue?: string; remainingItemCount?: number } = { resourceVersion: String(rv) };
  if (limit > 0 && objects.length > limit) {
    const last = objects[limit - 1];
    meta.continue = Buffer.from(JSON.stringify({ rv, after: objectKey(last.metadata.namespace, last.metadata.name) })).toString('base64url');
    meta.remainingItemCount = objects.length - limit;
    objects = objects.slice(0, limit);
  }
  const items = objects.map((o) => served(o, t.kind, t.version));
  if (wantsTable(accept)) return { status: 200, body: tableOf(t.kind, t.version, items, ctx.now(), query.get('includeObject'), meta) };
  const gv = t.kind.group ? `${t.kind.group}/${t.version}` : t.version;
  return { status: 200, body: { kind: `${t.kind.kind}List`, apiVersion: gv, metadata: meta, items } };
}

/**
 * `watch=true` answers the changes after `resourceVersion` (or every current object as ADDED when none is given)
 * and then ends the stream: a snapshot does not change by itself, so a watch that stayed open would only make
 * `kubectl get -w` and `kubectl rollout status` hang. Clients that re-watch see the changes made through the API.
 */
export function watchObjects(ctx: ApiContext, t: Target, query: URLSearchParams): Reply {
  const sel = selection(t, query);
  const since = Number(query.get('resourceVersion') ?? 0);
  const matches = (o: KubeObject) =>
    (!t.kind.namespaced || t.namespace === undefined || o.metadata.namespace === t.namespace) && matchesRequirements(o.metadata.labels, sel.labels) && matchesFields(o, sel.fields);
  let events: Array<{ type: string; object: KubeObject }>;
  if (Number.isFinite(since) && since > 0) {
    events = ctx.store
      .changesSince(since)
      .filter((e) => e.object.kind === t.kind.kind && groupOf(e.object.apiVersion) === t.kind.group && matches(e.object))
      .map((e) => ({ type: e.type, object: served(e.object, t.kind, t.version) }));
  } else {
    events = selected(ctx, t, sel).map((o) => ({ type: 'ADDED', object: served(o, t.kind, t.version) }));
  }
  return { status: 200, body: events.map((e) => JSON.stringify(e) + '\n').join(''), contentType: 'application/json' };
}
