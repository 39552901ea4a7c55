// One exporter run: the live check of `arcdoctor check` (read what the selected checks declare, attach Azure, run the
// checks), turned into a RunRecord. It never throws: an API server that is down is a record with reachedApi false.
import type { CheckDefinition } from '../checks/define.js';
import { AREA_DEFINITIONS, CHECKS } from '../checks/registry.js';
import type { FailOn } from '../engine/report-model.js';
import { runChecks } from '../engine/run.js';
import type { Suppression } from '../engine/suppress.js';
import { UnreachableError } from '../errors.js';
import { azureParts, withAzureDiscoveryReads } from '../sources/azure-attach.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { readCluster, type LiveOptions } from '../sources/live.js';
import { countFailures, type RunRecord } from './state.js';

export interface RunSettings {
  connection: Pick<LiveOptions, 'kubeconfig' | 'context' | 'resolved' | 'concurrency' | 'timeoutMs'>;
  /** The selected checks (what is read is what they declare). */
  checks: CheckDefinition[];
  suppressions: Suppression[];
  failOn: FailOn;
  version: string;
}

export async function runOnce(number: number, settings: RunSettings): Promise<RunRecord> {
  const startedAt = new Date();
  const record = (fields: Omit<RunRecord, 'number' | 'startedAt' | 'durationMs'>): RunRecord => ({ number, startedAt, durationMs: Date.now() - startedAt.getTime(), ...fields });
  try {
    // Azure between the lists and the logs, as `check` does: some log needs are decided by ARM (FLUX004).
    const attach = (listed: Snapshot) => azureParts(listed, { kind: 'cluster', checks: settings.checks }).then((p) => p ?? {});
    const snap = await readCluster({ ...settings.connection, checks: withAzureDiscoveryReads(settings.checks, undefined), attach });
    const report = runChecks(snap, {
      checks: CHECKS,
      areas: AREA_DEFINITIONS,
      selected: new Set(settings.checks.map((c) => c.id)),
      suppressions: settings.suppressions,
      failOn: settings.failOn,
      now: startedAt,
      target: { kind: 'cluster', name: snap.info.context ?? 'in-cluster' },
      version: settings.version,
    });
    return record({ reachedApi: true, readFailures: countFailures(snap.readFailures), report });
  } catch (e) {
    // Down, refusing, credentials rejected, or a kubeconfig that changed under us: the next run tries again.
    if (e instanceof UnreachableError) return record({ reachedApi: false, readFailures: new Map([['/version', 1]]), error: e.message });
    return record({ reachedApi: false, readFailures: new Map(), error: `run failed: ${String((e as Error)?.message ?? e).split('\n')[0]}` });
  }
}
