// Broken clusters for `arcdoctor fix` end to end, each a bundled example (real manifests) with the one change an
// incident report describes, served by `arcdoctor serve`.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHECKS } from '../../src/checks/registry.js';
import { runFix, type FixFlags, type FixIO } from '../../src/cli/fix-cmd.js';
import { readAndRun } from '../../src/fix/verify.js';
import type { KubeObject } from '../../src/snapshot/objects.js';
import { Snapshot } from '../../src/snapshot/snapshot.js';
import { startServer, type RunningServer } from '../../src/serve/index.js';
import { loadSnapshot } from '../../src/sources/snapshot-files.js';

export interface Served {
  server: RunningServer;
  kubeconfig: string;
  dir: string;
}

export const find = (objs: KubeObject[], kind: string, name: string): KubeObject => {
  const o = objs.find((x) => x.kind === kind && x.metadata.name === name);
  if (!o) throw new Error(`fixture: no ${kind} ${name}`);
  return o;
};

/** An example folder, changed by `mutate`, served over HTTP. */
export async function serve(example: string, mutate: (objs: KubeObject[]) => KubeObject[] | void = () => {}): Promise<Served> {
  const base = loadSnapshot(join('examples', example));
  const objects = structuredClone([...base.objects()]);
  const changed = mutate(objects) ?? objects;
  const server = await startServer({ snapshot: new Snapshot({ objects: [...changed], info: base.info, logs: [...base.allLogs()] }) });
  const dir = mkdtempSync(join(tmpdir(), 'arcdoctor-fix-'));
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, server.kubeconfig);
  return { server, kubeconfig, dir };
}

/** A check's status on the served cluster, read the way `arcdoctor check` reads it (every check's reads). */
export async function statusOf(s: Served, id: string): Promise<{ status: string; message: string }> {
  const { connect } = await import('../../src/sources/live.js');
  const conn = await connect({ kubeconfig: s.kubeconfig, concurrency: 4, timeoutMs: 30_000 });
  try {
    const { report } = await readAndRun(conn, CHECKS, CHECKS, { concurrency: 4 });
    const r = report.results.find((x) => x.id === id)!;
    return { status: r.status, message: r.message };
  } finally {
    conn.client.close();
  }
}

export function capture(ask?: FixIO['ask']): FixIO & { text: () => string; errors: () => string } {
  let out = '';
  let err = '';
  return { out: (t) => (out += t), err: (t) => (err += t), ask, text: () => out, errors: () => err };
}

export async function fix(s: Served, flags: Partial<FixFlags>, io = capture()): Promise<{ code: number; out: string; err: string }> {
  const code = await runFix({ kubeconfig: s.kubeconfig, check: [], ...flags }, io);
  return { code, out: io.text(), err: io.errors() };
}

/** The writes (PATCH, PUT, POST, DELETE) serve received from request `from` on. */
export function writesSince(s: Served, from: number): Array<{ method: string; path: string; query: string }> {
  return s.server.requests.slice(from).filter((r) => r.method !== 'GET').map((r) => ({ method: r.method, path: r.path, query: r.query }));
}

/** Fetches one object from the served cluster. */
export async function getObject(s: Served, path: string): Promise<KubeObject> {
  const res = await fetch(`${s.server.url}${path}`);
  return (await res.json()) as KubeObject;
}

export async function patchObject(s: Served, path: string, patch: unknown): Promise<number> {
  const res = await fetch(`${s.server.url}${path}`, { method: 'PATCH', headers: { 'content-type': 'application/merge-patch+json' }, body: JSON.stringify(patch) });
  return res.status;
}
