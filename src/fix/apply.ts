// Server-side dry-run, apply and undo of planned changes through the live source's API client.
import type { ApiClient } from '../sources/live/http.js';
import { statusMessage } from '../sources/live/http.js';
import type { KubeObject } from '../snapshot/objects.js';
import { describeTarget, objectPath, type PlannedChange } from './changes.js';

export interface ChangeOutcome {
  change: PlannedChange;
  ok: boolean;
  message: string;
  before?: KubeObject;
  after?: KubeObject;
}

export interface UndoFile {
  arcdoctorUndo: 1;
  context: string;
  createdAt: string;
  /** The objects as they were before `fix` changed them. */
  objects: KubeObject[];
}

export async function dryRun(client: ApiClient, change: PlannedChange): Promise<ChangeOutcome> {
  return patch(client, change, true);
}

export async function apply(client: ApiClient, change: PlannedChange): Promise<ChangeOutcome> {
  return patch(client, change, false);
}

async function patch(client: ApiClient, change: PlannedChange, dry: boolean): Promise<ChangeOutcome> {
  const target = describeTarget(change.action.target);
  if (!change.path) return { change, ok: false, message: `${target}: arcdoctor does not know this resource type's API path` };
  try {
    const current = await client.get(change.path);
    if (current.status !== 200) return { change, ok: false, message: `${target}: ${statusMessage(current)}` };
    const before = JSON.parse(current.body) as KubeObject;
    const res = await client.once('PATCH', `${change.path}${dry ? '?dryRun=All' : ''}`, 'application/json', JSON.stringify(change.action.patch), change.contentType);
    if (res.status !== 200) return { change, ok: false, before, message: `${target}: ${statusMessage(res)}` };
    return { change, ok: true, before, after: JSON.parse(res.body) as KubeObject, message: `${target}: ${dry ? 'the server accepts the change (dry run)' : 'changed'}` };
  } catch (e) {
    return { change, ok: false, message: `${target}: ${(e as Error).message}` };
  }
}

/** Puts each object back as it was (replace, at the current resourceVersion so a concurrent edit is not lost silently). */
export async function restore(client: ApiClient, undo: UndoFile, dry: boolean): Promise<Array<{ ok: boolean; message: string }>> {
  const out: Array<{ ok: boolean; message: string }> = [];
  for (const prior of undo.objects) {
    const ref = { apiVersion: prior.apiVersion, kind: prior.kind, namespace: prior.metadata.namespace, name: prior.metadata.name };
    const path = objectPath(ref);
    const target = describeTarget(ref);
    if (!path) {
      out.push({ ok: false, message: `${target}: unknown resource type` });
      continue;
    }
    try {
      const current = await client.get(path);
      if (current.status !== 200) {
        out.push({ ok: false, message: `${target}: ${statusMessage(current)}` });
        continue;
      }
      const now = JSON.parse(current.body) as KubeObject;
      const body: KubeObject = { ...prior, metadata: { ...prior.metadata, resourceVersion: now.metadata.resourceVersion } };
      delete body.metadata.managedFields;
      const res = await client.once('PUT', `${path}${dry ? '?dryRun=All' : ''}`, 'application/json', JSON.stringify(body), 'application/json');
      out.push(res.status === 200 ? { ok: true, message: `${target}: ${dry ? 'can be restored (dry run)' : 'restored'}` } : { ok: false, message: `${target}: ${statusMessage(res)}` });
    } catch (e) {
      out.push({ ok: false, message: `${target}: ${(e as Error).message}` });
    }
  }
  return out;
}
