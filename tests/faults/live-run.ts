// One live `check` in this process, as the CLI runs it (read the cluster, run the checks, the exit code), against an
// in-process `arcdoctor serve`: fast enough to cross every fault with every area.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Area } from '../../src/checks/define.js';
import { AREA_DEFINITIONS, CHECKS } from '../../src/checks/registry.js';
import type { CheckResult } from '../../src/engine/report-model.js';
import { runChecks } from '../../src/engine/run.js';
import { UnreachableError } from '../../src/errors.js';
import { startServer, type RunningServer, type ServeOptions } from '../../src/serve/index.js';
import { Snapshot, type ReadFailure } from '../../src/snapshot/snapshot.js';
import { readCluster } from '../../src/sources/live.js';
import { loadSnapshot } from '../../src/sources/snapshot-files.js';
import { partsOf } from '../engine/refusals.js';
import { NOW } from '../helpers/check-harness.js';

const tmp = mkdtempSync(join(tmpdir(), 'arcdoctor-faults-'));
let files = 0;

export function kubeconfigFile(server: { kubeconfig: string }): string {
  const file = join(tmp, `kc-${files++}`);
  writeFileSync(file, server.kubeconfig);
  return file;
}

/** A snapshot's cluster side only: what a Kubernetes API serves (no ARM data). */
export function clusterSide(path: string): Snapshot {
  return new Snapshot({ ...partsOf(loadSnapshot(path)), azure: [], azureFailures: [] });
}

export interface LiveRun {
  exitCode: number;
  results: CheckResult[];
  unreachable?: string;
  requests: number;
  /** What the live source could not read. */
  failures: ReadFailure[];
  /** Requests serve answered 403. */
  refused: number;
}

/** Fast retries: serve's injected faults say Retry-After: 1, which tests need not honour in full. */
export const FAST_RETRY = { attempts: 2, baseDelayMs: 1, maxDelayMs: 5 };

export async function liveCheck(server: RunningServer, opts: { areas?: Area[]; ids?: string[]; timeoutMs?: number; concurrency?: number; during?: () => void } = {}): Promise<LiveRun> {
  const selected = new Set(CHECKS.filter((c) => (opts.areas ? opts.areas.includes(c.area) : true) && (opts.ids ? opts.ids.includes(c.id) : true)).map((c) => c.id));
  const checks = CHECKS.filter((c) => selected.has(c.id));
  const before = server.requests.length;
  const counts = () => ({ requests: server.requests.length - before, refused: server.requests.slice(before).filter((r) => r.status === 403).length });
  const reading = readCluster({ kubeconfig: kubeconfigFile(server), checks, concurrency: opts.concurrency ?? 8, timeoutMs: opts.timeoutMs ?? 20_000, retry: FAST_RETRY });
  opts.during?.();
  try {
    const snap = await reading;
    const report = runChecks(snap, { checks: CHECKS, areas: AREA_DEFINITIONS, selected, suppressions: [], failOn: 'fail', now: NOW, target: { kind: 'cluster', name: 'serve' }, version: 'test' });
    return { exitCode: report.exitCode, results: report.results.filter((r) => selected.has(r.id)), ...counts(), failures: [...snap.readFailures] };
  } catch (e) {
    if (e instanceof UnreachableError) return { exitCode: 3, results: [], unreachable: e.message, ...counts(), failures: [] };
    throw e;
  }
}

export async function withServer<T>(options: ServeOptions, body: (server: RunningServer) => Promise<T>): Promise<T> {
  const server = await startServer(options);
  try {
    return await body(server);
  } finally {
    await server.close();
  }
}

/** `deployments.apps`: how serve's --deny names a type. */
export function denyName(type: { plural?: string; group: string }): string {
  return `${type.plural}${type.group ? '.' + type.group : ''}`;
}
