// Issue #14: after another client set the namespace annotation to `disabled` (between fix's plan and its apply),
// fix must not patch `enabled` over it: the write carries the plan's resourceVersion and serve answers 409.
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { capture, fix, getObject, patchObject, serve, writesSince, type Served } from './scenarios.js';

let served: Served | undefined;
afterEach(async () => {
  await served?.server.close();
  served = undefined;
});

const NS = '/api/v1/namespaces/bookthief';
const ANNOTATION = 'openservicemesh.io/sidecar-injection';

describe('fix and a concurrent edit', () => {
  it('refuses with the 409 when the object changed between plan and apply, and writes nothing over it', async () => {
    served = await serve('osm-half-joined-namespace');
    const s = served;
    const planned = (await getObject(s, NS)).metadata.resourceVersion;
    // The person is asked after the dry run: another client edits the namespace meanwhile.
    const io = capture(async () => {
      expect(await patchObject(s, NS, { metadata: { annotations: { [ANNOTATION]: 'disabled' } } })).toBe(200);
      return true;
    });
    const from = s.server.requests.length;
    const undo = join(s.dir, 'undo.json');
    const r = await fix(s, { check: ['OSM013'], undoOut: undo }, io);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`FAILED: v1/Namespace bookthief: 409 Conflict: changed by another client since arcdoctor read it; nothing was changed and nothing is retried`);
    // The other client's edit, then fix's write refused: no second attempt.
    expect(writesSince(s, from).filter((w) => !w.query.includes('dryRun')).map((w) => `${w.method} ${w.path}`)).toEqual([`PATCH ${NS}`, `PATCH ${NS}`]);
    expect(s.server.requests.filter((q) => q.method === 'PATCH' && q.path === NS && !q.query.includes('dryRun')).map((q) => q.status)).toEqual([200, 409]);
    const now = await getObject(s, NS);
    expect(now.metadata.annotations?.[ANNOTATION]).toBe('disabled');
    expect(now.metadata.resourceVersion).not.toBe(planned);
    const record = JSON.parse(readFileSync(undo, 'utf8'));
    expect(record.entries.map((e: { state: string }) => e.state)).toEqual(['failed']);
  });

  it('refuses before writing when the object already changed at dry-run time', async () => {
    served = await serve('osm-half-joined-namespace');
    const s = served;
    // A plan made from a snapshot, then an edit before the dry run: the dry run says so and nothing is applied.
    const { runFix } = await import('../../src/cli/fix-cmd.js');
    const io = capture();
    let edited = false;
    const origGet = (await import('../../src/sources/live/http.js')).ApiClient.prototype.get;
    const { ApiClient } = await import('../../src/sources/live/http.js');
    ApiClient.prototype.get = async function (this: unknown, path: string, accept?: string) {
      if (!edited && path === NS) {
        edited = true;
        await patchObject(s, NS, { metadata: { annotations: { [ANNOTATION]: 'disabled' } } });
      }
      return origGet.call(this as never, path, accept);
    };
    try {
      expect(await runFix({ kubeconfig: s.kubeconfig, check: ['OSM013'], yes: true, undoOut: join(s.dir, 'u.json') }, io)).toBe(1);
    } finally {
      ApiClient.prototype.get = origGet;
    }
    expect(io.text()).toMatch(/dry run: REFUSED: v1\/Namespace bookthief: changed by another client since arcdoctor read it \(resourceVersion \d+, now \d+\): nothing was changed/);
    expect((await getObject(s, NS)).metadata.annotations?.[ANNOTATION]).toBe('disabled');
    expect(io.errors()).toContain('the server refused every change on dry run; nothing was changed');
  });
});
