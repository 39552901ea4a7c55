// What the exporter knows between runs: the last report that reached the API (kept and served while the API is
// down), and how the last run went. Only the latest of each is kept, so memory does not grow with the run count.
import type { Report } from '../engine/report-model.js';
import type { ReadFailure } from '../snapshot/snapshot.js';
import { knownType } from '../snapshot/resources.js';

export interface RunRecord {
  /** 1-based run number since start. */
  number: number;
  startedAt: Date;
  durationMs: number;
  /** Whether the API server answered (/version); false when down, refusing connections or rejecting credentials. */
  reachedApi: boolean;
  /** Failed reads of this run, by resource (`pods`, `deployments.apps`, `pods/log`). */
  readFailures: Map<string, number>;
  report?: Report;
  /** Why the API was not reached, or what went wrong outside the checks. */
  error?: string;
}

export class ExporterState {
  readonly startedAt = new Date();
  runs = 0;
  unreachableRuns = 0;
  lastRun?: RunRecord;
  /** The last report of a run that reached the API: kept while later runs cannot reach it. */
  lastReport?: Report;

  record(run: RunRecord): void {
    this.runs = run.number;
    if (!run.reachedApi) this.unreachableRuns++;
    this.lastRun = run;
    if (run.report) this.lastReport = run.report;
  }

  get ready(): boolean {
    return this.lastRun !== undefined;
  }
}

/** The resource name a read failure is about, as RBAC and `serve --deny` spell it: plural, then `.group` if any. */
export function failedResource(f: ReadFailure): string {
  const plural = f.type.plural ?? knownType(f.type.group, f.type.kind)?.plural ?? f.type.kind.toLowerCase();
  return f.type.group ? `${plural}.${f.type.group}` : plural;
}

export function countFailures(failures: readonly ReadFailure[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of failures) counts.set(failedResource(f), (counts.get(failedResource(f)) ?? 0) + 1);
  return counts;
}
