// `arcdoctor check`, run: loaded by its action (check.ts). A snapshot run never loads the live source (client-node),
// a cluster run never loads the snapshot reader (tar, the YAML parser); only the --output formatter is loaded.
import { writeFileSync } from 'node:fs';
import type { CheckDefinition } from '../checks/define.js';
import { AREA_DEFINITIONS, CHECKS } from '../checks/registry.js';
import { UnreachableError, UsageError } from '../errors.js';
import { runChecks } from '../engine/run.js';
import { worstExitCode, type MultiReport, type Report } from '../engine/report-model.js';
import { styleFor } from '../report/style.js';
import { releaseMemory, stopWatchingHeap, watchHeap } from './release-memory.js';
import { snapshotLimits } from '../sources/limits.js';
import { attachAzure, azureParts, withAzureDiscoveryReads } from '../sources/azure-attach.js';
import type { AzureTarget } from '../sources/azure-live.js';
import { armEndpointFor } from '../sources/azure-cloud.js';
import type { LiveOptions } from '../sources/live.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { outputFormatOf, type CheckFlags } from './check.js';
import { formatterFor, type OutputFormat } from './formats.js';
import { azureTargetOf, readLimits } from './options.js';
import { loadConfig, parseSuppressions, resolveFailOn, selectIds, validateAreas, validateIds } from './selection.js';
import { VERSION } from './version.js';
import { progressReporter } from './progress.js';

interface Target {
  kind: 'cluster' | 'snapshot';
  name: string;
  load: () => Promise<Snapshot>;
}

export async function runCheckCommand(flags: CheckFlags): Promise<number> {
  const config = await loadConfig(flags.config);
  const output = outputFormatOf(flags);
  const failOn = resolveFailOn(flags.failOn, Boolean(flags.strict), config);
  const areas = validateAreas(flags.area);
  const checkIds = validateIds('--check', flags.check);
  const skipIds = validateIds('--skip', [...flags.skip, ...config.skip]);
  const suppressions = parseSuppressions(flags.suppress, config);
  const selected = selectIds(areas, checkIds, skipIds);
  const limits = readLimits(flags, 120);
  const azureTarget = azureTargetOf(flags);
  if (flags.azureCloud !== undefined) armEndpointFor(flags.azureCloud); // a bad cloud name is exit 2 before any read
  if (flags.snapshot.length > 0 && (flags.context.length > 0 || flags.allContexts)) {
    throw new UsageError('--snapshot cannot be combined with --context/--all-contexts: check either snapshots or clusters');
  }
  const selectedChecks = CHECKS.filter((c) => selected.has(c.id));
  const progress = progressReporter(process.stderr, Boolean(flags.quiet));
  // A cluster's Azure side is read between its lists and its logs: some log needs are decided by ARM (FLUX004).
  const attach = (listed: Snapshot) => azureParts(listed, { kind: 'cluster', target: azureTarget, checks: selectedChecks, cloud: flags.azureCloud }).then((p) => p ?? {});
  const targets = await targetsOf(flags, { ...limits, checks: withAzureDiscoveryReads(selectedChecks, azureTarget), progress, attach });
  watchHeap();

  const { loaded, unreachable } = await loadTargets(targets, azureTarget, selectedChecks, flags.azureCloud).catch((e) => {
    // A textfile collector must not keep the last run's values as current: say the target is down, then fail.
    if (e instanceof UnreachableError && output === 'prometheus') {
      return import('../report/prometheus.js').then(({ formatUnreachablePrometheus }) => {
        writeText(formatUnreachablePrometheus(targets.map((t) => t.name)), flags);
        throw e;
      });
    }
    throw e;
  });
  progress.done();
  stopWatchingHeap();
  const reports: Report[] = loaded.map(({ target, snap }) => {
    const name = target.kind === 'cluster' ? snap.info.context ?? target.name : target.name;
    const cluster = snap.info.context ?? snap.info.name;
    const report = runChecks(snap, { checks: CHECKS, areas: AREA_DEFINITIONS, selected, suppressions, failOn, now: new Date(), target: { kind: target.kind, name, ...(cluster ? { cluster } : {}) }, version: VERSION });
    return { ...report, failOn };
  });
  // The snapshots are not needed to format the report: let them go first (at 50k pods they and a large report's
  // text would otherwise peak together; docs/performance.md).
  loaded.length = 0;
  releaseMemory();
  for (const line of unreachable) process.stderr.write(`arcdoctor: unreachable: ${line}\n`);

  const doc: Report | MultiReport = targets.length === 1 ? reports[0] : { schemaVersion: 1, targets: reports };
  await writeReport(doc, output, flags, unreachable.map((line) => line.split(':')[0]));
  return worstExitCode([...reports.map((r) => r.exitCode), ...unreachable.map(() => 3)]);
}

/** The snapshots named by --snapshot, or else the clusters of --context/--all-contexts (the current context by default). */
async function targetsOf(flags: CheckFlags, readOptions: Omit<LiveOptions, 'kubeconfig' | 'context'>): Promise<Target[]> {
  if (flags.snapshot.length > 0) {
    const limits = snapshotLimits(flags);
    // The snapshot reader loads only for snapshots: cluster runs start faster without it (and its parsers).
    const { loadSnapshot } = await import('../sources/snapshot-files.js');
    return flags.snapshot.map((path) => ({ kind: 'snapshot', name: path, load: async () => loadSnapshot(path, { limits }) }));
  }
  // client-node loads only when a cluster is read: snapshot runs start faster without it.
  const { listContexts, readCluster } = await import('../sources/live.js');
  const contexts = flags.allContexts ? listContexts(flags.kubeconfig) : flags.context;
  if (flags.allContexts && contexts.length === 0) throw new UsageError('--all-contexts: the kubeconfig has no contexts');
  return (contexts.length ? contexts : [undefined]).map((context) => ({
    kind: 'cluster',
    name: context ?? 'current-context',
    load: () => readCluster({ kubeconfig: flags.kubeconfig, context, ...readOptions }),
  }));
}

/**
 * Every target loaded concurrently, with its Azure side attached. With several targets an unreachable cluster is
 * reported and the others still run; a single unreachable target is the run's error.
 */
async function loadTargets(
  targets: Target[],
  azureTarget: AzureTarget | undefined,
  checks: CheckDefinition[],
  cloud?: string,
): Promise<{ loaded: Array<{ target: Target; snap: Snapshot }>; unreachable: string[] }> {
  const unreachable: string[] = [];
  const results = await Promise.all(
    targets.map(async (target) => {
      try {
        const loaded = await target.load();
        const snap = target.kind === 'snapshot' ? await attachAzure(loaded, { kind: target.kind, target: azureTarget, checks, cloud }) : loaded;
        return { target, snap };
      } catch (e) {
        if (e instanceof UnreachableError && targets.length > 1) {
          unreachable.push(`${target.name}: ${e.message}`);
          return undefined;
        }
        throw e;
      }
    }),
  );
  return { loaded: results.filter((r) => r !== undefined), unreachable };
}

async function writeReport(doc: Report | MultiReport, output: OutputFormat, flags: CheckFlags, unreachable: string[]): Promise<void> {
  const style = styleFor(process.stdout, !flags.color || Boolean(flags.out));
  const text =
    output === 'prometheus'
      ? (await import('../report/prometheus.js')).formatPrometheus(doc, { unreachable })
      : (await formatterFor(output))(doc, { style, short: Boolean(flags.short), quiet: Boolean(flags.quiet) });
  writeText(text, flags);
}

function writeText(text: string, flags: CheckFlags): void {
  if (!flags.out) {
    process.stdout.write(text);
    return;
  }
  try {
    writeFileSync(flags.out, text);
  } catch (e) {
    throw new UsageError(`--out ${flags.out}: cannot write the report (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (!flags.quiet) process.stderr.write(`arcdoctor: report written to ${flags.out}\n`);
}
