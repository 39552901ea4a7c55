// Server-side dry-run and apply of planned changes through the live source's API client. Every write carries the
// resourceVersion the plan was made from: an object another client changed since is refused (409), never overwritten.
import type { ApiClient, ApiResponse } from '../sources/live/http.js';
import { statusMessage } from '../sources/live/http.js';
import type { KubeObject } from '../snapshot/objects.js';
import { describeTarget, objectKey, patchBody, patchQuery, type PlannedChange } from './changes.js';

export interface ChangeOutcome {
  change: PlannedChange;
  ok: boolean;
  message: string;
  /** The object before the change; absent when it did not exist (a server-side apply creates it). */
  before?: KubeObject;
  after?: KubeObject;
  /** The server answered 409: the object changed since it was read. */
  conflict?: boolean;
}

/** The resourceVersions this run's own writes left, so a second change to one object follows the first. */
export type WrittenVersions = Map<string, string>;

export async function dryRun(client: ApiClient, change: PlannedChange): Promise<ChangeOutcome> {
  const target = describeTarget(change.action.target);
  if (!change.path) return { change, ok: false, message: `${target}: arcdoctor does not know this resource type's API path` };
  try {
    const current = await client.get(change.path);
    const exists = current.status === 200;
    if (!exists && !(current.status === 404 && change.action.patchType === 'apply')) return { change, ok: false, message: `${target}: ${statusMessage(current)}` };
    const before = exists ? (JSON.parse(current.body) as KubeObject) : undefined;
    const stale = staleness(change, before);
    if (stale) return { change, ok: false, before, conflict: true, message: `${target}: ${stale}` };
    const res = await write(client, change, change.resourceVersion, true);
    return outcome(change, res, before, true);
  } catch (e) {
    return { change, ok: false, message: `${target}: ${(e as Error).message}` };
  }
}

/** Applies one change at the plan's resourceVersion (or the one this run's previous write to the object left). */
export async function apply(client: ApiClient, dry: ChangeOutcome, written: WrittenVersions): Promise<ChangeOutcome> {
  const change = dry.change;
  const key = objectKey(change.action.target);
  try {
    const res = await write(client, change, written.get(key) ?? change.resourceVersion, false);
    const out = outcome(change, res, dry.before, false);
    const rv = out.after?.metadata?.resourceVersion;
    if (out.ok && rv) written.set(key, rv);
    return out;
  } catch (e) {
    return { change, ok: false, before: dry.before, message: `${describeTarget(change.action.target)}: ${(e as Error).message}` };
  }
}

function write(client: ApiClient, change: PlannedChange, rv: string | undefined, dry: boolean): Promise<ApiResponse> {
  const body = patchBody(change.action, rv);
  return client.once('PATCH', `${change.path}${patchQuery(change.action, dry)}`, 'application/json', JSON.stringify(body), change.contentType);
}

/** Said before any write: the object is not as the plan saw it (created or changed by another client since). */
function staleness(change: PlannedChange, before: KubeObject | undefined): string | undefined {
  const now = before?.metadata.resourceVersion;
  if (!change.existed && before) return `created by another client since arcdoctor read the cluster (resourceVersion ${now}): nothing was changed; run arcdoctor fix again to plan from its current state`;
  if (change.resourceVersion !== undefined && now !== undefined && now !== change.resourceVersion) {
    return `changed by another client since arcdoctor read it (resourceVersion ${change.resourceVersion}, now ${now}): nothing was changed; run arcdoctor fix again to plan from its current state`;
  }
  return undefined;
}

function outcome(change: PlannedChange, res: ApiResponse, before: KubeObject | undefined, dry: boolean): ChangeOutcome {
  const target = describeTarget(change.action.target);
  if (res.status === 409) {
    return { change, ok: false, before, conflict: true, message: `${target}: 409 Conflict: changed by another client since arcdoctor read it; nothing was changed and nothing is retried; run arcdoctor fix again to plan from its current state (${statusMessage(res)})` };
  }
  if (res.status !== 200 && res.status !== 201) return { change, ok: false, before, message: `${target}: ${statusMessage(res)}` };
  const verb = before ? 'changed' : 'created';
  return { change, ok: true, before, after: JSON.parse(res.body) as KubeObject, message: `${target}: ${dry ? `the server accepts the change (dry run)` : verb}` };
}
