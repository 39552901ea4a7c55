// src/fix/apply.ts exactly, on a recording fake API client: the exact PATCH (path, query, body with the plan's
// resourceVersion, content type), refusal of objects changed or created since, 409s, and chained versions.
import { describe, expect, it } from 'vitest';
import type { ClusterFixAction } from '../../src/checks/define.js';
import { apply, dryRun } from '../../src/fix/apply.js';
import type { PlannedChange } from '../../src/fix/changes.js';
import type { ApiClient, ApiResponse } from '../../src/sources/live/http.js';

const NS_PATH = '/api/v1/namespaces/bookstore';
const action: ClusterFixAction = { title: 'annotate', target: { apiVersion: 'v1', kind: 'Namespace', name: 'bookstore' }, patchType: 'merge', patch: { metadata: { annotations: { a: 'enabled' } } } };
const planned = (over: Partial<PlannedChange> = {}): PlannedChange => ({ checkId: 'OSM013', alsoFor: [], action, path: NS_PATH, contentType: 'application/merge-patch+json', existed: true, resourceVersion: '5', ...over });
const ns = (rv?: string, extra = {}) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bookstore', ...(rv ? { resourceVersion: rv } : {}), ...extra } });
const res = (status: number, body: unknown): ApiResponse => ({ status, headers: {}, body: typeof body === 'string' ? body : JSON.stringify(body) });

function fake(current: ApiResponse | Error, answer: (n: number) => ApiResponse | Error = () => res(200, ns('6'))) {
  const calls: unknown[][] = [];
  let n = 0;
  const client = {
    get: async (path: string) => (calls.push(['GET', path]), current instanceof Error ? Promise.reject(current) : current),
    once: async (...args: unknown[]) => {
      calls.push(args);
      const a = answer(++n);
      return a instanceof Error ? Promise.reject(a) : a;
    },
  } as unknown as ApiClient;
  return { client, calls };
}
const T = 'v1/Namespace bookstore';

describe('dryRun', () => {
  it('PATCHes with dryRun=All, the plan resourceVersion in the body, the patch kind as content type', async () => {
    const { client, calls } = fake(res(200, ns('5')), () => res(200, ns('5', { annotations: { a: 'enabled' } })));
    const out = await dryRun(client, planned());
    expect(calls).toEqual([['GET', NS_PATH], ['PATCH', `${NS_PATH}?dryRun=All`, 'application/json', JSON.stringify({ metadata: { annotations: { a: 'enabled' }, resourceVersion: '5' } }), 'application/merge-patch+json']]);
    expect(out).toEqual({ change: planned(), ok: true, before: ns('5'), after: ns('5', { annotations: { a: 'enabled' } }), message: `${T}: the server accepts the change (dry run)` });
  });

  it('a server-side apply of an absent object: created, with the field manager and force, no resourceVersion', async () => {
    const crd: ClusterFixAction = { title: 'crd', target: { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: 'x.y' }, patchType: 'apply', patch: { kind: 'CustomResourceDefinition' } };
    const change = planned({ action: crd, path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/x.y', contentType: 'application/apply-patch+yaml', existed: false, resourceVersion: undefined });
    const { client, calls } = fake(res(404, { message: 'not found' }), () => res(201, { kind: 'CustomResourceDefinition', metadata: { name: 'x.y' } }));
    const out = await dryRun(client, change);
    expect(calls[1]).toEqual(['PATCH', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/x.y?dryRun=All&fieldManager=arcdoctor&force=true', 'application/json', '{"kind":"CustomResourceDefinition"}', 'application/apply-patch+yaml']);
    expect([out.ok, out.before, out.message]).toEqual([true, undefined, 'apiextensions.k8s.io/v1/CustomResourceDefinition x.y: the server accepts the change (dry run)']);
  });

  it('refuses without writing: unknown path, a missing object for a patch, a failed read, a read that throws', async () => {
    const none = fake(res(200, ns('5')));
    expect(await dryRun(none.client, planned({ path: undefined }))).toEqual({ change: planned({ path: undefined }), ok: false, message: `${T}: arcdoctor does not know this resource type's API path` });
    expect(none.calls).toEqual([]);
    for (const [current, message] of [
      [res(404, { kind: 'Status', message: 'namespaces "bookstore" not found' }), 'namespaces "bookstore" not found'],
      [res(403, 'forbidden\nmore'), 'HTTP 403: forbidden'],
      [new Error('ECONNRESET'), 'ECONNRESET'],
    ] as const) {
      const { client, calls } = fake(current);
      expect(await dryRun(client, planned())).toEqual({ change: planned(), ok: false, message: `${T}: ${message}` });
      expect(calls).toHaveLength(1);
    }
  });

  it('refuses an object changed since the plan, or created since, as a conflict, without writing', async () => {
    const changed = fake(res(200, ns('6')));
    expect(await dryRun(changed.client, planned())).toEqual({ change: planned(), ok: false, conflict: true, before: ns('6'), message: `${T}: changed by another client since arcdoctor read it (resourceVersion 5, now 6): nothing was changed; run arcdoctor fix again to plan from its current state` });
    const created = fake(res(200, ns('7')));
    const fresh = planned({ existed: false, resourceVersion: undefined, action: { ...action, patchType: 'apply' } });
    expect(await dryRun(created.client, fresh)).toEqual({ change: fresh, ok: false, conflict: true, before: ns('7'), message: `${T}: created by another client since arcdoctor read the cluster (resourceVersion 7): nothing was changed; run arcdoctor fix again to plan from its current state` });
    expect([changed.calls.length, created.calls.length]).toEqual([1, 1]);
  });

  it('no version to compare (none planned, or none on the object): the write goes out as planned', async () => {
    const unplanned = fake(res(200, ns('9')));
    expect((await dryRun(unplanned.client, planned({ resourceVersion: undefined }))).ok).toBe(true);
    expect(unplanned.calls[1][3]).toBe(JSON.stringify(action.patch));
    const bare = fake(res(200, ns()));
    expect((await dryRun(bare.client, planned())).ok).toBe(true);
  });

  it('a 409 on the write is a conflict; another refusal is its Status message', async () => {
    const conflict = fake(res(200, ns('5')), () => res(409, { message: 'Operation cannot be fulfilled: the object has been modified' }));
    expect(await dryRun(conflict.client, planned())).toEqual({ change: planned(), ok: false, conflict: true, before: ns('5'), message: `${T}: 409 Conflict: changed by another client since arcdoctor read it; nothing was changed and nothing is retried; run arcdoctor fix again to plan from its current state (Operation cannot be fulfilled: the object has been modified)` });
    const invalid = fake(res(200, ns('5')), () => res(422, { message: 'is invalid' }));
    expect(await dryRun(invalid.client, planned())).toEqual({ change: planned(), ok: false, before: ns('5'), message: `${T}: is invalid` });
  });
});

describe('apply', () => {
  it('writes without dryRun at the plan version, then a second change to the object at the version the first left', async () => {
    const { client, calls } = fake(res(200, ns('5')), (n) => res(200, ns(String(5 + n))));
    const written = new Map<string, string>();
    const dry = { change: planned(), ok: true, message: '', before: ns('5') };
    expect(await apply(client, dry, written)).toEqual({ change: planned(), ok: true, before: ns('5'), after: ns('6'), message: `${T}: changed` });
    expect(written).toEqual(new Map([['v1/Namespace//bookstore', '6']]));
    const second = { ...dry, change: planned({ action: { ...action, patch: { metadata: { labels: { b: null } } } } }) };
    expect((await apply(client, second, written)).after).toEqual(ns('7'));
    expect(calls).toEqual([
      ['PATCH', NS_PATH, 'application/json', JSON.stringify({ metadata: { annotations: { a: 'enabled' }, resourceVersion: '5' } }), 'application/merge-patch+json'],
      ['PATCH', NS_PATH, 'application/json', JSON.stringify({ metadata: { labels: { b: null }, resourceVersion: '6' } }), 'application/merge-patch+json'],
    ]);
    expect(written.get('v1/Namespace//bookstore')).toBe('7');
  });

  it('says created for an object that did not exist; a failed or versionless write leaves the chain as it was', async () => {
    const created = fake(res(404, {}), () => res(201, ns('1')));
    expect((await apply(created.client, { change: planned({ existed: false }), ok: true, message: '' }, new Map())).message).toBe(`${T}: created`);
    const written = new Map([['v1/Namespace//bookstore', '6']]);
    const refused = fake(res(200, ns('6')), () => res(409, { message: 'modified' }));
    const out = await apply(refused.client, { change: planned(), ok: true, message: '', before: ns('5') }, written);
    expect([out.ok, out.conflict, out.before]).toEqual([false, true, ns('5')]);
    const bare = fake(res(200, ns('6')), () => res(200, ns()));
    expect((await apply(bare.client, { change: planned(), ok: true, message: '', before: ns('5') }, written)).ok).toBe(true);
    expect(written).toEqual(new Map([['v1/Namespace//bookstore', '6']]));
  });

  it('a write that throws is one line, the prior state kept', async () => {
    const { client } = fake(res(200, ns('5')), () => new Error('the run timed out (--timeout)'));
    expect(await apply(client, { change: planned(), ok: true, message: '', before: ns('5') }, new Map())).toEqual({ change: planned(), ok: false, before: ns('5'), message: `${T}: the run timed out (--timeout)` });
  });
});
