// After `fix` applied its changes: the affected checks re-run on a fresh read, before → after per check.
import type { CheckDefinition } from '../checks/define.js';
import { AREA_DEFINITIONS } from '../checks/registry.js';
import type { Report } from '../engine/report-model.js';
import { runChecks } from '../engine/run.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { Connection } from '../sources/live.js';
import { planReads } from '../sources/live/plan.js';
import { VERSION } from '../cli/version.js';

export interface ReadOptions {
  concurrency: number;
  progress?: (line: string) => void;
  /** `fix --azure`: adds the Azure resources to the snapshot (as `check` does). */
  attach?: (snap: Snapshot) => Promise<Snapshot>;
}

/** Reads what the checks need and runs them (the same way before and after the change). */
export async function readAndRun(conn: Connection, checks: CheckDefinition[], catalog: CheckDefinition[], opts: ReadOptions): Promise<{ snap: Snapshot; report: Report }> {
  const { readWith } = await import('../sources/live.js');
  const read = await readWith(conn, planReads(checks), { concurrency: opts.concurrency, progress: opts.progress });
  const snap = opts.attach ? await opts.attach(read) : read;
  const report = runChecks(snap, {
    checks: catalog,
    areas: AREA_DEFINITIONS,
    selected: new Set(checks.map((c) => c.id)),
    suppressions: [],
    failOn: 'fail',
    now: new Date(),
    target: { kind: 'cluster', name: conn.context },
    version: VERSION,
  });
  return { snap, report };
}

/** `OSM012: fail → pass (message)` for each check a change was made for. */
export function beforeAfter(before: Report, after: Report, ids: string[]): string[] {
  return ids.map((id) => {
    const b = before.results.find((r) => r.id === id);
    const a = after.results.find((r) => r.id === id);
    return `${id}: ${b?.status ?? '?'} → ${a?.status ?? '?'}${a ? ` (${a.message})` : ''}`;
  });
}
