// Turns one HTTP request into a Reply: discovery, OpenAPI, health, or a resource verb with RBAC denials
// and injected faults applied first.
import { parse as parseYaml } from 'yaml';
import type { ApiContext, Reply } from './context.js';
import { apiGroup, apiGroupList, apiResourceList, apiVersions, openApiV3Doc, openApiV3Root } from './discovery.js';
import { deniedBy, forbidden, type DenyRule, type FaultInjector } from './faults.js';
import { selfSubjectAccessReview } from './access-review.js';
import { podLog } from './logs.js';
import { rbacAllows, type RbacPolicy } from './rbac.js';
import { scaleReply } from './scale.js';
import { getObject, listObjects, watchObjects, type Target } from './reads.js';
import { parseResourcePath, type ResourceRequest } from './request-info.js';
import { checkNesting } from './body.js';
import { ApiError, badRequest, methodNotAllowed, notFoundPath } from './status.js';
import { versionInfo } from './versions.js';
import { createObject, deleteObject, patchObject, replaceObject } from './writes.js';

export interface IncomingCall {
  method: string;
  pathname: string;
  query: URLSearchParams;
  accept?: string;
  contentType?: string;
  body: string;
}

export interface RouterOptions {
  serverVersion?: string;
  deny: DenyRule[];
  faults: FaultInjector;
  /** `--rbac`: only what these roles allow is served (discovery always is). */
  rbac?: RbacPolicy;
}

/**
 * `/openapi/v2` as protobuf (the only form client-go reads): a document that declares `swagger: "2.0"` and no
 * definitions. kubectl asks for it to validate a kind that the v3 documents lack; finding none, it goes on and
 * reports the kind as not served ("no matches for kind"), as against a cluster that lacks its CRD.
 */
const OPENAPI_V2_EMPTY = '\n\u00032.0';

export function route(ctx: ApiContext, opts: RouterOptions, call: IncomingCall): Reply {
  const path = call.pathname.replace(/\/+$/, '') || '/';
  const discovery = discoveryReply(ctx, opts, path);
  if (discovery) {
    if (call.method !== 'GET' && call.method !== 'HEAD') throw methodNotAllowed();
    return discovery;
  }
  const req = parseResourcePath(path);
  if (!req) return { status: 404, body: '404 page not found\n', contentType: 'text/plain' };
  // Every user may ask what it may do (system:basic-user), so this comes before authorization.
  if (req.group === 'authorization.k8s.io' && req.plural === 'selfsubjectaccessreviews' && !req.name && call.method === 'POST') {
    return selfSubjectAccessReview(ctx, opts, bodyOf(call), req.version);
  }
  return resourceReply(ctx, opts, call, req);
}

function discoveryReply(ctx: ApiContext, opts: RouterOptions, path: string): Reply | undefined {
  const ok = (body: unknown): Reply => ({ status: 200, body });
  if (path === '/version') return ok(versionInfo(opts.serverVersion));
  if (path === '/healthz' || path === '/livez' || path === '/readyz') return { status: 200, body: 'ok', contentType: 'text/plain' };
  if (path === '/api') return ok(apiVersions());
  if (path === '/apis') return ok(apiGroupList(ctx.kinds));
  if (path === '/openapi/v3') return ok(openApiV3Root(ctx.kinds));
  if (path === '/openapi/v2') return { status: 200, body: OPENAPI_V2_EMPTY, contentType: 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf' };
  if (path.startsWith('/openapi/v3/')) {
    const doc = openApiV3Doc(ctx.kinds, path.slice('/openapi/v3/'.length), versionInfo(opts.serverVersion).gitVersion);
    if (!doc) throw notFoundPath();
    return ok(doc);
  }
  let m: RegExpExecArray | null;
  if ((m = /^\/api\/([^/]+)$/.exec(path))) return ok(orNotFound(apiResourceList(ctx.kinds, '', m[1])));
  if ((m = /^\/apis\/([^/]+)$/.exec(path))) return ok(orNotFound(apiGroup(ctx.kinds, m[1])));
  if ((m = /^\/apis\/([^/]+)\/([^/]+)$/.exec(path))) return ok(orNotFound(apiResourceList(ctx.kinds, m[1], m[2])));
  return undefined;
}

function orNotFound<T>(v: T | undefined): T {
  if (v === undefined) throw notFoundPath();
  return v;
}

function verbOf(method: string, req: ResourceRequest, watch: boolean): string {
  switch (method) {
    case 'GET':
    case 'HEAD':
      return req.name ? 'get' : watch ? 'watch' : 'list';
    case 'POST':
      return 'create';
    case 'PUT':
      return 'update';
    case 'PATCH':
      return 'patch';
    case 'DELETE':
      return req.name ? 'delete' : 'deletecollection';
    default:
      throw methodNotAllowed();
  }
}

function resourceReply(ctx: ApiContext, opts: RouterOptions, call: IncomingCall, req: ResourceRequest): Reply {
  const query = call.query;
  const watch = query.get('watch') === 'true' || query.get('watch') === '1';
  const verb = verbOf(call.method, req, watch);
  // As the API server does, authorization comes before the resource is looked up: a refused read of a kind the
  // cluster does not serve is a 403, not a 404. A namespace is its own namespace in the authorizer's attributes.
  const ownNamespace = req.group === '' && req.plural === 'namespaces' && req.name !== undefined && req.namespace === undefined;
  const attrs = { user: ctx.user, verb, group: req.group, plural: req.plural, subresource: req.subresource, namespace: ownNamespace ? req.name : req.namespace, name: req.name };
  if (deniedBy(opts.deny, attrs) || (opts.rbac && !rbacAllows(opts.rbac, attrs))) throw forbidden(attrs);
  const kind = ctx.kinds.byPlural(req.group, req.version, req.plural);
  if (!kind) throw notFoundPath();
  if (req.subresource && !kind.subresources.includes(req.subresource)) throw notFoundPath();
  // A namespaced kind asked for cluster-wide by name, or a cluster kind inside a namespace, does not exist.
  if ((!kind.namespaced && req.namespace !== undefined) || (kind.namespaced && req.name && req.namespace === undefined)) throw notFoundPath();
  const fault = opts.faults.next();
  if (fault) throw fault;

  const t: Target = { kind, version: req.version, namespace: req.namespace, name: req.name };
  if (req.subresource === 'log') {
    if (verb !== 'get') throw methodNotAllowed();
    return podLog(ctx, req.namespace!, req.name!, query);
  }
  if (req.subresource === 'scale') return scaleReply(ctx, t, verb, call.contentType ?? '', verb === 'get' ? undefined : bodyOf(call), query);
  switch (verb) {
    case 'get':
      return getObject(ctx, t, query, call.accept);
    case 'list':
      return listObjects(ctx, t, query, call.accept);
    case 'watch':
      return watchObjects(ctx, t, query);
    case 'create':
      if (req.name) throw methodNotAllowed();
      return createObject(ctx, t, bodyOf(call), query);
    case 'update':
      return replaceObject(ctx, t, bodyOf(call), query, req.subresource);
    case 'patch':
      return patchObject(ctx, t, call.contentType ?? '', bodyOf(call), query, req.subresource);
    case 'delete':
      return deleteObject(ctx, t, query);
    default:
      return deleteCollection(ctx, t, query, call.accept);
  }
}

function deleteCollection(ctx: ApiContext, t: Target, query: URLSearchParams, accept?: string): Reply {
  const listed = listObjects(ctx, t, query, undefined).body as { items: Array<{ metadata: { name: string; namespace?: string } }> };
  for (const o of listed.items) deleteObject(ctx, { ...t, namespace: o.metadata.namespace, name: o.metadata.name }, query);
  void accept;
  return { status: 200, body: listed };
}

function bodyOf(call: IncomingCall): unknown {
  if (!call.body.trim()) throw badRequest('the body of the request was empty');
  const yaml = /yaml/.test(call.contentType ?? '');
  checkNesting(call.body);
  try {
    return yaml ? parseYaml(call.body) : JSON.parse(call.body);
  } catch (e) {
    throw new ApiError(400, 'BadRequest', `the body of the request could not be decoded: ${(e as Error).message.split('\n')[0]}`);
  }
}
