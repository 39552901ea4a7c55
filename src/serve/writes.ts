// create, replace, patch and delete, kept in memory: the snapshot on disk never changes. `dryRun=All`
// validates and answers the result without storing it; a stale resourceVersion answers 409.
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../snapshot/objects.js';
import { namespaceExists, served, type ApiContext, type Reply } from './context.js';
import { isCrd, kindOfCrd } from './kinds.js';
import { jsonPatch, mergePatch, strategicMergePatch, type Json } from './patch.js';
import type { Target } from './reads.js';
import { alreadyExists, ApiError, badRequest, conflict, invalid, notFound, unsupportedMediaType } from './status.js';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function dryRun(query: URLSearchParams): boolean {
  return query.getAll('dryRun').includes('All');
}

function checkBody(t: Target, body: unknown): KubeObject {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('the body of the request is not a Kubernetes object');
  const obj = body as KubeObject;
  obj.metadata ??= { name: '' };
  if (obj.kind !== undefined && obj.kind !== t.kind.kind) {
    throw badRequest(`the server could not process a ${obj.kind} at the ${t.kind.plural} endpoint (expected kind ${t.kind.kind})`);
  }
  obj.kind = t.kind.kind;
  obj.apiVersion = t.kind.group ? `${t.kind.group}/${t.version}` : t.version;
  if (t.kind.namespaced) {
    if (obj.metadata.namespace && t.namespace && obj.metadata.namespace !== t.namespace) {
      throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    obj.metadata.namespace = t.namespace;
  } else delete obj.metadata.namespace;
  return obj;
}

function validateName(t: Target, obj: KubeObject): void {
  const name = obj.metadata.name;
  if (!name) throw invalid(t.kind.kind, t.kind.builtin ? '' : t.kind.group, '', 'metadata.name', 'name or generateName is required');
  if (!DNS_SUBDOMAIN.test(name) || name.length > 253) {
    throw invalid(
      t.kind.kind,
      t.kind.builtin ? '' : t.kind.group,
      name,
      'metadata.name',
      `a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      name,
    );
  }
}

export function createObject(ctx: ApiContext, t: Target, body: unknown, query: URLSearchParams): Reply {
  const obj = checkBody(t, body);
  if (!obj.metadata.name && typeof obj.metadata.generateName === 'string') obj.metadata.name = obj.metadata.generateName + randomUUID().slice(0, 5);
  validateName(t, obj);
  if (t.kind.namespaced && t.namespace && !namespaceExists(ctx, t.namespace)) throw notFound('namespaces', '', t.namespace);
  if (ctx.store.get(t.kind.group, t.kind.kind, obj.metadata.namespace, obj.metadata.name)) throw alreadyExists(t.kind.plural, t.kind.group, obj.metadata.name);
  if (isCrd(obj) && !kindOfCrd(obj)) throw invalid('CustomResourceDefinition', 'apiextensions.k8s.io', obj.metadata.name, 'spec', 'spec.group, spec.names.kind, spec.names.plural and a served version are required');
  obj.metadata.uid = randomUUID();
  obj.metadata.creationTimestamp = ctx.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
  obj.metadata.generation = 1;
  delete obj.metadata.resourceVersion;
  if (t.kind.group === '' && t.kind.kind === 'Pod') obj.status ??= { phase: 'Pending' };
  if (t.kind.group === '' && t.kind.kind === 'Namespace') obj.status ??= { phase: 'Active' };
  if (isCrd(obj)) obj.status = crdStatus(obj);
  if (dryRun(query)) return { status: 201, body: served(obj, t.kind, t.version) };
  ctx.store.put(obj);
  if (isCrd(obj)) ctx.kinds.addCrd(obj);
  ctx.kinds.noteObject(obj);
  return { status: 201, body: served(obj, t.kind, t.version) };
}

function crdStatus(crd: KubeObject): object {
  const storage = (Array.isArray(crd.spec?.versions) ? crd.spec.versions : []).find((v: { storage?: boolean }) => v?.storage)?.name ?? crd.spec?.version;
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    acceptedNames: crd.spec?.names ?? {},
    conditions: [
      { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found', lastTransitionTime: now },
      { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted', lastTransitionTime: now },
    ],
    storedVersions: storage ? [storage] : [],
  };
}

export function replaceObject(ctx: ApiContext, t: Target, body: unknown, query: URLSearchParams, subresource?: string): Reply {
  const obj = checkBody(t, body);
  if (obj.metadata.name !== t.name) throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${t.name})`);
  const current = ctx.store.get(t.kind.group, t.kind.kind, t.namespace, t.name!);
  if (!current) throw notFound(t.kind.plural, t.kind.group, t.name!);
  return store(ctx, t, current, obj, query, subresource);
}

const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml'];

export function patchObject(ctx: ApiContext, t: Target, contentType: string, patch: unknown, query: URLSearchParams, subresource?: string): Reply {
  const type = contentType.split(';')[0].trim();
  const accepted = t.kind.builtin ? PATCH_TYPES : PATCH_TYPES.filter((p) => !p.includes('strategic'));
  if (!accepted.includes(type)) throw unsupportedMediaType(type, accepted);
  const current = ctx.store.get(t.kind.group, t.kind.kind, t.namespace, t.name!);
  if (!current) {
    // Server-side apply creates what does not exist yet.
    if (type === 'application/apply-patch+yaml') return createObject(ctx, t, patch, query);
    throw notFound(t.kind.plural, t.kind.group, t.name!);
  }
  const base = served(current, t.kind, t.version) as unknown as Json;
  let result: Json;
  if (type === 'application/json-patch+json') result = jsonPatch(base, patch);
  else if (type === 'application/strategic-merge-patch+json') result = strategicMergePatch(base, patch as Json);
  else result = mergePatch(base, patch as Json);
  const next = checkBody(t, result);
  const patchedRv = (patch as { metadata?: { resourceVersion?: string } })?.metadata?.resourceVersion;
  // A JSON patch that replaces /metadata/resourceVersion asks for that version, as the API server reads it.
  if (!patchedRv && type !== 'application/json-patch+json') next.metadata.resourceVersion = current.metadata.resourceVersion;
  if (next.metadata.name !== t.name) throw badRequest(`metadata.name: Invalid value: "${next.metadata.name}": field is immutable`);
  return store(ctx, t, current, next, query, subresource);
}

/** Keeps what the server owns (uid, creation time, status or spec by subresource) and bumps generation on spec change. */
function store(ctx: ApiContext, t: Target, current: KubeObject, next: KubeObject, query: URLSearchParams, subresource?: string): Reply {
  const rv = next.metadata.resourceVersion;
  if (rv && rv !== current.metadata.resourceVersion) throw conflict(t.kind.plural, t.kind.group, t.name!);
  let merged: KubeObject;
  if (subresource === 'status') merged = { ...structuredClone(current), status: next.status };
  else if (subresource) throw new ApiError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource (${t.kind.plural}/${subresource})`);
  else {
    merged = next;
    if (t.kind.subresources.includes('status')) merged.status = structuredClone(current.status);
  }
  merged.apiVersion = current.apiVersion;
  merged.metadata = { ...merged.metadata, uid: current.metadata.uid, creationTimestamp: current.metadata.creationTimestamp };
  if (merged.metadata.uid === undefined) delete merged.metadata.uid;
  if (merged.metadata.creationTimestamp === undefined) delete merged.metadata.creationTimestamp;
  if (typeof current.metadata.generation === 'number') {
    merged.metadata.generation = specOf(current) === specOf(merged) ? current.metadata.generation : current.metadata.generation + 1;
  }
  if (t.kind.group === '' && t.kind.kind === 'Secret') {
    delete merged.data;
    delete merged.stringData;
  }
  if (dryRun(query)) return { status: 200, body: served({ ...merged, metadata: { ...merged.metadata, resourceVersion: current.metadata.resourceVersion } }, t.kind, t.version) };
  ctx.store.put(merged);
  if (isCrd(merged)) {
    ctx.kinds.removeCrd(current);
    ctx.kinds.addCrd(merged);
  }
  return { status: 200, body: served(merged, t.kind, t.version) };
}

function specOf(o: KubeObject): string {
  const { metadata: _m, status: _s, ...rest } = o;
  return JSON.stringify(rest);
}

export function deleteObject(ctx: ApiContext, t: Target, query: URLSearchParams): Reply {
  const current = ctx.store.get(t.kind.group, t.kind.kind, t.namespace, t.name!);
  if (!current) throw notFound(t.kind.plural, t.kind.group, t.name!);
  if (dryRun(query)) return { status: 200, body: served(current, t.kind, t.version) };
  ctx.store.delete(t.kind.group, t.kind.kind, t.namespace, t.name!);
  if (isCrd(current)) {
    const declared = kindOfCrd(current);
    ctx.kinds.removeCrd(current);
    if (declared) ctx.store.deleteKind(declared.group, declared.kind);
  }
  if (t.kind.group === '' && t.kind.kind === 'Namespace') ctx.store.deleteNamespace(t.name!);
  return { status: 200, body: served(current, t.kind, t.version) };
}
