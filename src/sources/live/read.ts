// Executes a read plan against one API server: discovery once, one paginated list per type (all concurrent
// under the limiter), Gatekeeper constraint kinds, then the logs the checks asked for. Refusals become
// ReadFailures; the run goes on.
import type { LogNeed } from '../../checks/define.js';
import { MAX_PODS_PER_LOG_NEED, neededLogs } from '../../engine/log-needs.js';
import type { ContainerLog, KubeObject } from '../../snapshot/objects.js';
import type { ResourceType } from '../../snapshot/resources.js';
import { POD_LOG_TYPE, Snapshot, type ReadFailure, type SnapshotParts, type TypeRef } from '../../snapshot/snapshot.js';
import { statusMessage, type ApiClient, type ApiResponse } from './http.js';
import type { Limiter } from './limiter.js';
import { compactPod, trimObject } from '../trim-objects.js';
import { DEFAULT_TAIL_LINES, listPath, type ListRequest, type ReadPlan } from './plan.js';

export const PAGE_SIZE = 500;
export { MAX_PODS_PER_LOG_NEED };
const PARTIAL_METADATA = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';

export interface ReadResult {
  objects: KubeObject[];
  logs: ContainerLog[];
  readFailures: ReadFailure[];
  completeTypes: TypeRef[];
  /** What `attach` added once the lists were in (the Azure side), for the final snapshot. */
  attached?: Partial<SnapshotParts>;
}

/**
 * More parts read once the lists are in, before the logs are chosen: a log need may be decided by them (FLUX004
 * reads the agent's log when AKS's pod-identity add-on is on, which only ARM says). Never throws.
 */
export type AttachParts = (listed: Snapshot) => Promise<Partial<SnapshotParts>>;

export interface ReadContext {
  client: ApiClient;
  limit: Limiter;
  /** group → served versions, from /apis; undefined when discovery failed (every version is tried). */
  served?: Map<string, string[]>;
  onProgress: (what: string, objects: number) => void;
}

type ListOutcome = { items: KubeObject[]; version?: string } | { failure: ReadFailure };

export async function executePlan(ctx: ReadContext, plan: ReadPlan, attach?: AttachParts): Promise<ReadResult> {
  const result: ReadResult = { objects: [], logs: [], readFailures: [], completeTypes: [] };
  const record = (req: ListRequest, outcome: ListOutcome) => {
    if ('failure' in outcome) result.readFailures.push(outcome.failure);
    else {
      for (const o of outcome.items) result.objects.push(o);
      if (!req.namespace && !req.selector) result.completeTypes.push({ group: req.type.group, kind: req.type.kind });
    }
    return outcome;
  };
  const lists = plan.lists.map((req) => listType(ctx, req).then((o) => record(req, o)));
  const groups = plan.groups.map((g) => listGroup(ctx, g).then((r) => merge(result, r)));
  await Promise.all([...lists, ...groups]);
  // Logs on demand (issue #13): each need's `when` is decided on everything listed, so only logs that explain or
  // decide something are read.
  if (plan.logs.length === 0 && !attach) return result;
  let listed = new Snapshot({ objects: result.objects, completeTypes: result.completeTypes, readFailures: result.readFailures });
  if (attach) {
    result.attached = await attach(listed);
    listed = listed.with(result.attached);
  }
  if (plan.logs.length > 0) merge(result, await readLogs(ctx, plan.logs, listed));
  return result;
}

function merge(into: ReadResult, part: Partial<ReadResult>): void {
  // Objects one by one: push(...items) overflows the call stack on lists of tens of thousands of pods.
  for (const o of part.objects ?? []) into.objects.push(o);
  into.logs.push(...(part.logs ?? []));
  into.readFailures.push(...(part.readFailures ?? []));
  into.completeTypes.push(...(part.completeTypes ?? []));
}

/** The versions to try for a type, preferred first, limited to what the server serves when discovery said. */
function candidateVersions(ctx: ReadContext, type: ResourceType): string[] {
  const all = [type.version, ...(type.versions ?? []).filter((v) => v !== type.version)];
  if (type.group === '' || !ctx.served) return all;
  const served = ctx.served.get(type.group) ?? [];
  return all.filter((v) => served.includes(v));
}

export async function listType(ctx: ReadContext, req: ListRequest): Promise<ListOutcome> {
  // A CRD that is not installed (group or version not served, or 404) is simply empty.
  for (const version of candidateVersions(ctx, req.type)) {
    const outcome = await listVersion(ctx, req, version);
    if (outcome !== 'not-found') return outcome;
  }
  return { items: [] };
}

async function listVersion(ctx: ReadContext, req: ListRequest, version: string): Promise<ListOutcome | 'not-found'> {
  const { type } = req;
  const apiVersion = type.group ? `${type.group}/${version}` : version;
  const items: KubeObject[] = [];
  const strings = new Map<string, string>();
  let token: string | undefined;
  let restarted = false;
  do {
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (req.selector) query.set('labelSelector', req.selector);
    if (token) query.set('continue', token);
    const path = `${listPath(type, version, req.namespace)}?${query}`;
    let res: ApiResponse;
    try {
      res = await ctx.limit(() => ctx.client.get(path, req.metadataOnly ? PARTIAL_METADATA : 'application/json'));
    } catch (e) {
      return { failure: failureOf(type, req.namespace, 'unavailable', (e as Error).message) };
    }
    if (res.status === 404 && items.length === 0) return 'not-found';
    // An expired continue token: start the list once more from the beginning.
    if (res.status === 410 && token && !restarted) {
      restarted = true;
      items.length = 0;
      token = undefined;
      continue;
    }
    if (res.status === 403 || res.status === 401) return { failure: failureOf(type, req.namespace, 'forbidden', statusMessage(res)) };
    if (res.status !== 200) return { failure: failureOf(type, req.namespace, 'unavailable', statusMessage(res)) };
    let page: { items?: unknown; metadata?: { continue?: string } };
    try {
      page = JSON.parse(res.body);
    } catch {
      return { failure: failureOf(type, req.namespace, 'unavailable', 'the API answered with a body that is not JSON') };
    }
    for (const raw of Array.isArray(page.items) ? page.items : []) {
      const obj = normalize(raw, req.metadataOnly ? 'v1' : apiVersion, type.kind, strings);
      if (obj) items.push(obj);
    }
    token = page.metadata?.continue || undefined;
    ctx.onProgress(type.plural, items.length);
  } while (token);
  return { items, version };
}

/** List items come without apiVersion/kind; the unread fields are forgotten as each page is parsed (trim-objects.ts). */
function normalize(raw: unknown, apiVersion: string, kind: string, strings: Map<string, string>): KubeObject | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const obj = raw as KubeObject;
  if (!obj.metadata || typeof obj.metadata.name !== 'string') return undefined;
  obj.apiVersion = apiVersion;
  obj.kind = kind;
  if (kind === 'Pod' && apiVersion === 'v1') return compactPod(obj, strings);
  trimObject(obj);
  return obj;
}

function failureOf(type: ResourceType | (TypeRef & { plural?: string; version?: string }), namespace: string | undefined, reason: ReadFailure['reason'], message: string): ReadFailure {
  return { type: { group: type.group, kind: type.kind, plural: type.plural, version: 'version' in type ? type.version : undefined }, namespace, reason, message };
}

/** A whole group's discovery failed; not kind `*`, which K8S001 reads as "the API is unreachable". */
function groupRef(group: string): TypeRef & { plural: string } {
  return { group, kind: 'AllKinds', plural: '*' };
}

/** Gatekeeper constraints: one kind per ConstraintTemplate, discovered from the group's resource list. */
async function listGroup(ctx: ReadContext, group: string): Promise<Partial<ReadResult>> {
  const versions = ctx.served ? ctx.served.get(group) : ['v1beta1', 'v1', 'v1alpha1'];
  if (!versions || versions.length === 0) return {};
  const version = versions.includes('v1beta1') ? 'v1beta1' : versions[0];
  let res: ApiResponse;
  try {
    res = await ctx.limit(() => ctx.client.get(`/apis/${group}/${version}`));
  } catch (e) {
    return { readFailures: [failureOf(groupRef(group), undefined, 'unavailable', (e as Error).message)] };
  }
  if (res.status === 404) return {};
  if (res.status !== 200) {
    return { readFailures: [failureOf(groupRef(group), undefined, res.status === 403 ? 'forbidden' : 'unavailable', statusMessage(res))] };
  }
  let resources: Array<{ name: string; kind: string; namespaced?: boolean; verbs?: string[] }> = [];
  try {
    resources = (JSON.parse(res.body) as { resources?: typeof resources }).resources ?? [];
  } catch {
    return {};
  }
  const kinds = resources.filter((r) => !r.name.includes('/') && (!r.verbs || r.verbs.includes('list')));
  const part: Partial<ReadResult> = { objects: [], readFailures: [], completeTypes: [] };
  await Promise.all(
    kinds.map(async (r) => {
      const type: ResourceType = { group, version, kind: r.kind, plural: r.name, namespaced: Boolean(r.namespaced), versions: [version] };
      const outcome = await listVersion(ctx, { type, metadataOnly: false }, version);
      if (outcome === 'not-found') return;
      if ('failure' in outcome) part.readFailures!.push(outcome.failure);
      else {
        part.objects!.push(...outcome.items);
        part.completeTypes!.push({ group, kind: r.kind });
      }
    }),
  );
  return part;
}

/**
 * The tail of the containers the checks asked about; the previous instance only when the container restarted.
 * Every log that was wanted and not read (refused, failed, timed out) becomes a ReadFailure naming pod and container:
 * a missing log is never a clean one.
 */
async function readLogs(ctx: ReadContext, needs: LogNeed[], listed: Snapshot): Promise<Partial<ReadResult>> {
  const wanted = new Map<string, { pod: KubeObject; container: string; previous: boolean; tail: number }>();
  for (const need of needs) {
    for (const n of neededLogs(need, listed)) {
      for (const previous of n.restarted ? [false, true] : [false]) {
        const key = `${n.pod.metadata.namespace}/${n.pod.metadata.name}/${n.container}/${previous}`;
        const tail = Math.max(need.tailLines ?? DEFAULT_TAIL_LINES, wanted.get(key)?.tail ?? 0);
        wanted.set(key, { pod: n.pod, container: n.container, previous, tail });
      }
    }
  }
  const part: Required<Pick<ReadResult, 'logs' | 'readFailures'>> = { logs: [], readFailures: [] };
  await Promise.all([...wanted.values()].map(async (w) => {
    const outcome = await readLog(ctx, w.pod, w.container, w.previous, w.tail);
    if ('text' in outcome) part.logs.push(outcome);
    else if (outcome.failure) part.readFailures.push(outcome.failure);
    ctx.onProgress('logs', part.logs.length);
  }));
  return part;
}

async function readLog(ctx: ReadContext, pod: KubeObject, container: string, previous: boolean, tail: number): Promise<ContainerLog | { failure?: ReadFailure }> {
  const ns = pod.metadata.namespace ?? 'default';
  const name = pod.metadata.name;
  const query = new URLSearchParams({ container, tailLines: String(tail) });
  if (previous) query.set('previous', 'true');
  const path = `/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(name)}/log?${query}`;
  const failed = (reason: ReadFailure['reason'], message: string) => ({ failure: { type: { ...POD_LOG_TYPE }, namespace: ns, name: `${name}/${container}${previous ? '#previous' : ''}`, reason, message } });
  let res: ApiResponse;
  try {
    res = await ctx.limit(() => ctx.client.get(path, '*/*'));
  } catch (e) {
    return failed('unavailable', (e as Error).message);
  }
  if (res.status === 200) return { namespace: ns, pod: name, container, previous, text: res.body };
  // 400/404: the container has not started, or its previous instance is gone. There is no log, nothing hidden.
  if (res.status === 400 || res.status === 404) return {};
  return failed(res.status === 403 || res.status === 401 ? 'forbidden' : 'unavailable', statusMessage(res));
}
