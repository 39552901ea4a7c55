// The undo record of `arcdoctor fix`: written and fsynced before the first change, updated after each one, so a
// run cut short still says what it changed. `--undo` puts each object back only if nobody changed it since.
import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ArmRequest, ClusterFixAction } from '../checks/define.js';
import type { KubeObject } from '../snapshot/objects.js';
import type { ApiClient } from '../sources/live/http.js';
import { statusMessage } from '../sources/live/http.js';
import { describeTarget, objectKey, objectPath } from './changes.js';

export interface UndoEntry {
  checkId: string;
  title: string;
  target: ClusterFixAction['target'];
  /** The object as it was before the change; absent when `fix` created it. */
  before?: KubeObject;
  state: 'planned' | 'applied' | 'failed';
  /** The resourceVersion the change left: `--undo` refuses an object changed since (unless --force). */
  afterResourceVersion?: string;
  /** Set when `--undo` cannot put it back (a restart, a reconcile request, an object created): why, and what to do. */
  notUndoable?: string;
}

export interface UndoFile {
  arcdoctorUndo: 2;
  context: string;
  createdAt: string;
  entries: UndoEntry[];
  /** `fix --azure` changes: the request that puts each back, or why none can. */
  azure?: ArmUndoEntry[];
}

export interface ArmUndoEntry {
  checkId: string;
  title: string;
  requests: ArmRequest[];
  state: 'planned' | 'applied' | 'failed';
  undo?: ArmRequest;
  notUndoable?: string;
}

/** Writes the whole record to a temporary file, fsyncs it, renames it over the path and fsyncs the folder. */
export function saveUndo(path: string, undo: UndoFile): void {
  const tmp = `${path}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(undo, null, 2) + '\n');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
  try {
    const dir = openSync(dirname(path), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  } catch {
    // Some filesystems cannot fsync a folder; the file itself is on disk.
  }
}

export interface RestoreStep {
  target: ClusterFixAction['target'];
  /** The state to put back, and the resourceVersion the fix left. */
  before?: KubeObject;
  afterResourceVersion?: string;
  notUndoable?: string;
}

/** One step per object: its state before the first applied change, the version after the last one. */
export function restoreSteps(undo: UndoFile): RestoreStep[] {
  const steps = new Map<string, RestoreStep>();
  for (const e of undo.entries.filter((x) => x.state === 'applied')) {
    const key = objectKey(e.target);
    const step = steps.get(key);
    if (!step) steps.set(key, { target: e.target, before: e.before, afterResourceVersion: e.afterResourceVersion, notUndoable: e.before ? e.notUndoable : e.notUndoable ?? 'created by fix; arcdoctor never deletes' });
    else {
      step.afterResourceVersion = e.afterResourceVersion;
      if (!step.notUndoable && e.notUndoable) step.notUndoable = e.notUndoable;
    }
  }
  return [...steps.values()];
}

export interface RestoreOutcome {
  ok: boolean;
  skipped?: boolean;
  message: string;
}

/**
 * Puts each object back as it was, by a replace at the version the fix left: an object changed since (another
 * client, a controller) is refused unless `force`, and even then a change between our read and our write is a 409.
 */
export async function restore(client: ApiClient, steps: RestoreStep[], opts: { dry: boolean; force: boolean }): Promise<RestoreOutcome[]> {
  const out: RestoreOutcome[] = [];
  for (const step of steps) out.push(await restoreOne(client, step, opts));
  return out;
}

async function restoreOne(client: ApiClient, step: RestoreStep, opts: { dry: boolean; force: boolean }): Promise<RestoreOutcome> {
  const target = describeTarget(step.target);
  if (step.notUndoable || !step.before) return { ok: true, skipped: true, message: `${target}: not undone: ${step.notUndoable ?? 'no prior state recorded'}` };
  if (step.target.kind === 'Secret') return { ok: false, message: `${target}: arcdoctor never writes Secrets` };
  const path = objectPath(step.target);
  if (!path) return { ok: false, message: `${target}: unknown resource type` };
  try {
    const current = await client.get(path);
    if (current.status !== 200) return { ok: false, message: `${target}: ${statusMessage(current)}` };
    const now = (JSON.parse(current.body) as KubeObject).metadata.resourceVersion;
    if (now !== step.afterResourceVersion && !opts.force) {
      return { ok: false, message: `${target}: changed since the fix (resourceVersion ${step.afterResourceVersion ?? 'unknown'} after the fix, now ${now}): restoring would erase that change; pass --force to restore anyway` };
    }
    const body: KubeObject = { ...step.before, metadata: { ...step.before.metadata, resourceVersion: now } };
    delete body.metadata.managedFields;
    const res = await client.once('PUT', `${path}${opts.dry ? '?dryRun=All' : ''}`, 'application/json', JSON.stringify(body), 'application/json');
    if (res.status === 409) return { ok: false, message: `${target}: 409 Conflict: changed while restoring; nothing was written` };
    return res.status === 200 ? { ok: true, message: `${target}: ${opts.dry ? 'can be restored (dry run)' : 'restored'}` } : { ok: false, message: `${target}: ${statusMessage(res)}` };
  } catch (e) {
    return { ok: false, message: `${target}: ${(e as Error).message}` };
  }
}

/** Version-1 undo files (arcdoctor 0.1) hold the prior objects only: no version to compare, so --force is needed. */
export function upgradeUndo(raw: unknown): UndoFile | undefined {
  const u = raw as { arcdoctorUndo?: number; context?: string; createdAt?: string; entries?: UndoEntry[]; objects?: KubeObject[] };
  if (u?.arcdoctorUndo === 2 && Array.isArray(u.entries)) return u as UndoFile;
  if (u?.arcdoctorUndo === 1 && Array.isArray(u.objects)) {
    const entries = u.objects.map((o): UndoEntry => ({ checkId: '?', title: 'restore', target: { apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name }, before: o, state: 'applied' }));
    return { arcdoctorUndo: 2, context: String(u.context ?? ''), createdAt: String(u.createdAt ?? ''), entries };
  }
  return undefined;
}
