// Discovery in the legacy format (`/api`, `/apis`, `/api/v1`, `/apis/<g>/<v>`) and a minimal OpenAPI v3.
// kubectl 1.27+ first asks for aggregated discovery (Accept `...;g=apidiscovery.k8s.io;v=v2...`); answering the
// legacy JSON with a plain `application/json` content type makes it fall back, which every kubectl since 1.20 reads.
import type { KindRegistry, ServedKind } from './kinds.js';

const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const ALL_CATEGORY = new Set(['/Pod', '/Service', '/ReplicationController', 'apps/Deployment', 'apps/DaemonSet', 'apps/ReplicaSet', 'apps/StatefulSet', 'batch/Job', 'batch/CronJob', 'autoscaling/HorizontalPodAutoscaler']);

export function apiVersions(): object {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] };
}

function groupEntry(g: { name: string; versions: string[]; preferred: string }): object {
  return {
    name: g.name,
    versions: g.versions.map((v) => ({ groupVersion: `${g.name}/${v}`, version: v })),
    preferredVersion: { groupVersion: `${g.name}/${g.preferred}`, version: g.preferred },
  };
}

export function apiGroupList(kinds: KindRegistry): object {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: kinds.groups().map(groupEntry) };
}

export function apiGroup(kinds: KindRegistry, group: string): object | undefined {
  const g = kinds.groups().find((x) => x.name === group);
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(g) } : undefined;
}

export function apiResourceList(kinds: KindRegistry, group: string, version: string): object | undefined {
  const served = kinds.resourcesOf(group, version);
  if (served.length === 0 && !(group === '' && version === 'v1')) return undefined;
  const resources: object[] = [];
  for (const k of served) {
    resources.push({
      name: k.plural,
      singularName: k.singular,
      namespaced: k.namespaced,
      kind: k.kind,
      verbs: VERBS,
      ...(k.shortNames.length ? { shortNames: k.shortNames } : {}),
      ...(ALL_CATEGORY.has(`${k.group}/${k.kind}`) ? { categories: ['all'] } : {}),
    });
    for (const sub of k.subresources) resources.push(subresourceEntry(k, sub));
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
}

function subresourceEntry(k: ServedKind, sub: string): object {
  const base = { name: `${k.plural}/${sub}`, singularName: '', namespaced: k.namespaced };
  if (sub === 'log') return { ...base, kind: 'Pod', verbs: ['get'] };
  if (sub === 'scale') return { ...base, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] };
  return { ...base, kind: k.kind, verbs: ['get', 'patch', 'update'] };
}

/** `/openapi/v3`: one entry per group version. */
export function openApiV3Root(kinds: KindRegistry): object {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  const add = (p: string) => (paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hashOf(kinds, p)}` });
  add('api/v1');
  for (const g of kinds.groups()) for (const v of g.versions) add(`apis/${g.name}/${v}`);
  return { paths };
}

/**
 * A group version's OpenAPI v3 document with just enough for kubectl: each kind's PATCH operation declares the
 * `fieldValidation` parameter, so `kubectl apply/create` validate on the server (which accepts the objects as
 * given) instead of needing the full schema for client-side validation.
 */
export function openApiV3Doc(kinds: KindRegistry, gvPath: string, serverVersion: string): object | undefined {
  const m = /^(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(gvPath);
  if (!m) return undefined;
  const [group, version] = m[1] ? ['', m[1]] : [m[2], m[3]];
  const served = kinds.resourcesOf(group, version);
  if (served.length === 0 && group !== '') return undefined;
  const prefix = group ? `/apis/${group}/${version}` : `/api/v1`;
  const paths: Record<string, object> = {};
  for (const k of served) {
    const item = `${prefix}${k.namespaced ? '/namespaces/{namespace}' : ''}/${k.plural}/{name}`;
    paths[item] = {
      patch: {
        operationId: `patch${k.kind}`,
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': { group: k.group, version, kind: k.kind },
        parameters: ['dryRun', 'fieldManager', 'fieldValidation', 'force'].map((name) => ({ name, in: 'query', schema: { type: 'string', uniqueItems: true } })),
        responses: { '200': { description: 'OK' } },
      },
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: serverVersion }, paths, components: { schemas: {} } };
}

function hashOf(kinds: KindRegistry, p: string): string {
  let h = 2166136261;
  const text = p + JSON.stringify(kinds.all().map((k) => [k.group, k.kind, k.versions]));
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16).toUpperCase().padStart(8, '0');
}
