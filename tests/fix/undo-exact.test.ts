// src/fix/undo.ts exactly: the record on disk, one restore step per object, the replace `--undo` sends (at the
// version now, only when nobody changed the object since, never a Secret), and version-1 files (issue #16).
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { restore, restoreSteps, saveUndo, upgradeUndo, type RestoreStep, type UndoEntry, type UndoFile } from '../../src/fix/undo.js';
import type { ApiClient, ApiResponse } from '../../src/sources/live/http.js';

const target = { apiVersion: 'v1', kind: 'Namespace', name: 'bookstore' };
const PATH = '/api/v1/namespaces/bookstore';
const before = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bookstore', resourceVersion: '1', managedFields: [{ manager: 'kubectl' }], labels: { a: 'b' } } };
const res = (status: number, body: unknown): ApiResponse => ({ status, headers: {}, body: JSON.stringify(body) });
const entry = (over: Partial<UndoEntry>): UndoEntry => ({ checkId: 'OSM013', title: 't', target, before, state: 'applied', afterResourceVersion: '2', ...over });

function fake(current: ApiResponse | Error, answer: ApiResponse = res(200, {})) {
  const calls: unknown[][] = [];
  const client = {
    get: async (path: string) => (calls.push(['GET', path]), current instanceof Error ? Promise.reject(current) : current),
    once: async (...args: unknown[]) => (calls.push(args), answer),
  } as unknown as ApiClient;
  return { client, calls };
}
const now = (rv: string) => res(200, { ...before, metadata: { ...before.metadata, resourceVersion: rv, labels: {} } });

describe('saveUndo', () => {
  it('writes the whole record, indented, owner-only, with no temporary file left; a missing folder throws', () => {
    const dir = mkdtempSync(join(tmpdir(), 'undo-exact-'));
    const path = join(dir, 'u.json');
    const undo: UndoFile = { arcdoctorUndo: 2, context: 'c', createdAt: 'now', entries: [entry({})] };
    saveUndo(path, undo);
    saveUndo(path, { ...undo, context: 'd' });
    expect(readFileSync(path, 'utf8')).toBe(JSON.stringify({ ...undo, context: 'd' }, null, 2) + '\n');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(existsSync(`${path}.tmp`)).toBe(false);
    expect(() => saveUndo(join(dir, 'no', 'u.json'), undo)).toThrow(/ENOENT/);
  });
});

describe('restoreSteps', () => {
  it('one step per applied object: the state before the first change, the version after the last', () => {
    const other = { ...target, name: 'other' };
    const undo: UndoFile = {
      arcdoctorUndo: 2,
      context: 'c',
      createdAt: 'x',
      entries: [entry({ afterResourceVersion: '2' }), entry({ state: 'failed', afterResourceVersion: '9' }), entry({ before: { ...before, metadata: { name: 'later' } }, afterResourceVersion: '3', notUndoable: 'a restart' }), entry({ target: other, state: 'planned' }), entry({ target: other, before: undefined, afterResourceVersion: '5' })],
    };
    expect(restoreSteps(undo)).toEqual([
      { target, before, afterResourceVersion: '3', notUndoable: 'a restart' },
      { target: other, before: undefined, afterResourceVersion: '5', notUndoable: 'created by fix; arcdoctor never deletes' },
    ]);
  });

  it('keeps the first reason not to undo, and a created object keeps the reason it was given', () => {
    const undo: UndoFile = { arcdoctorUndo: 2, context: 'c', createdAt: 'x', entries: [entry({ notUndoable: 'first' }), entry({ notUndoable: 'second' }), entry({ target: { ...target, name: 'n2' }, before: undefined, notUndoable: 'created by fix; arcdoctor never deletes (kubectl delete namespace n2)' })] };
    expect(restoreSteps(undo).map((s) => s.notUndoable)).toEqual(['first', 'created by fix; arcdoctor never deletes (kubectl delete namespace n2)']);
  });
});

describe('restore', () => {
  const step = (over: Partial<RestoreStep> = {}): RestoreStep => ({ target, before, afterResourceVersion: '2', ...over });
  const T = 'v1/Namespace bookstore';

  it('replaces the object by its prior state at the version now, without managedFields; dry run first', async () => {
    const { client, calls } = fake(now('2'));
    expect(await restore(client, [step()], { dry: true, force: false })).toEqual([{ ok: true, message: `${T}: can be restored (dry run)` }]);
    expect(await restore(client, [step()], { dry: false, force: false })).toEqual([{ ok: true, message: `${T}: restored` }]);
    const body = JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bookstore', resourceVersion: '2', labels: { a: 'b' } } });
    expect(calls).toEqual([['GET', PATH], ['PUT', `${PATH}?dryRun=All`, 'application/json', body, 'application/json'], ['GET', PATH], ['PUT', PATH, 'application/json', body, 'application/json']]);
    expect(before.metadata.managedFields).toEqual([{ manager: 'kubectl' }]);
  });

  it('refuses an object changed since the fix unless forced, and then writes at the version now', async () => {
    const { client, calls } = fake(now('3'));
    expect(await restore(client, [step(), step({ afterResourceVersion: undefined })], { dry: false, force: false })).toEqual([
      { ok: false, message: `${T}: changed since the fix (resourceVersion 2 after the fix, now 3): restoring would erase that change; pass --force to restore anyway` },
      { ok: false, message: `${T}: changed since the fix (resourceVersion unknown after the fix, now 3): restoring would erase that change; pass --force to restore anyway` },
    ]);
    expect(calls.filter((c) => c[0] === 'PUT')).toEqual([]);
    expect(await restore(client, [step()], { dry: false, force: true })).toEqual([{ ok: true, message: `${T}: restored` }]);
    expect(JSON.parse(calls.at(-1)![3] as string).metadata.resourceVersion).toBe('3');
  });

  it('skips what cannot be undone, never writes a Secret or an unknown type, and reports each refusal', async () => {
    const { client, calls } = fake(now('2'));
    const secret = { apiVersion: 'v1', kind: 'Secret', namespace: 'arc-osm-system', name: 's' };
    expect(await restore(client, [step({ notUndoable: 'a restart cannot be undone' }), step({ before: undefined }), step({ target: secret }), step({ target: { apiVersion: 'example.com/v1', kind: 'Widget', name: 'w' } })], { dry: false, force: true })).toEqual([
      { ok: true, skipped: true, message: `${T}: not undone: a restart cannot be undone` },
      { ok: true, skipped: true, message: `${T}: not undone: no prior state recorded` },
      { ok: false, message: 'v1/Secret arc-osm-system/s: arcdoctor never writes Secrets' },
      { ok: false, message: 'example.com/v1/Widget w: unknown resource type' },
    ]);
    expect(calls).toEqual([]);
  });

  it('a failed read, a 409 while restoring, another refusal and a thrown error are each one line', async () => {
    const run = async (current: ApiResponse | Error, answer?: ApiResponse) => (await restore(fake(current, answer).client, [step()], { dry: false, force: false }))[0];
    expect(await run(res(404, { message: 'namespaces "bookstore" not found' }))).toEqual({ ok: false, message: `${T}: namespaces "bookstore" not found` });
    expect(await run(now('2'), res(409, { message: 'modified' }))).toEqual({ ok: false, message: `${T}: 409 Conflict: changed while restoring; nothing was written` });
    expect(await run(now('2'), res(422, { message: 'invalid' }))).toEqual({ ok: false, message: `${T}: invalid` });
    expect(await run(now('2'), res(201, {}))).toEqual({ ok: false, message: `${T}: HTTP 201: {}` });
    expect(await run(new Error('ECONNREFUSED'))).toEqual({ ok: false, message: `${T}: ECONNREFUSED` });
  });
});

describe('upgradeUndo', () => {
  it('takes a version-2 file as it is; a version-1 file becomes applied entries with no version (so --force is needed)', () => {
    const v2 = { arcdoctorUndo: 2, context: 'c', createdAt: 't', entries: [] };
    expect(upgradeUndo(v2)).toBe(v2);
    const obj = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'n' } };
    expect(upgradeUndo({ arcdoctorUndo: 1, context: 'k', createdAt: 'when', objects: [obj] })).toEqual({ arcdoctorUndo: 2, context: 'k', createdAt: 'when', entries: [{ checkId: '?', title: 'restore', target: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'n', name: 'd' }, before: obj, state: 'applied' }] });
    expect(upgradeUndo({ arcdoctorUndo: 1, objects: [] })).toEqual({ arcdoctorUndo: 2, context: '', createdAt: '', entries: [] });
  });

  it('anything else is not an undo file', () => {
    for (const raw of [null, undefined, 'x', {}, { arcdoctorUndo: 2 }, { arcdoctorUndo: 2, entries: {} }, { arcdoctorUndo: 1, objects: 'x' }, { arcdoctorUndo: 1, entries: [] }, { arcdoctorUndo: 3, entries: [] }]) expect(upgradeUndo(raw)).toBeUndefined();
  });
});
