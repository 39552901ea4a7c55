// `arcdoctor check`: read each target (snapshot or cluster), run the selected checks, print one report.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { AREA_DEFINITIONS, CHECKS } from '../checks/registry.js';
import { UsageError } from '../errors.js';
import { runChecks } from '../engine/run.js';
import { worstExitCode, type MultiReport, type Report } from '../engine/report-model.js';
import { format, OUTPUT_FORMATS } from '../report/index.js';
import { styleFor } from '../report/style.js';
import { loadSnapshot } from '../sources/snapshot-files.js';
import type { AzureTarget } from '../sources/azure-live.js';
import { attachAzure, withAzureDiscoveryReads } from '../sources/azure-attach.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import { UnreachableError } from '../errors.js';
import {
  collect,
  collectCsv,
  loadConfig,
  parseSuppressions,
  positiveInt,
  resolveFailOn,
  selectIds,
  validateAreas,
  validateIds,
} from './options.js';
import { VERSION } from './version.js';
import { progressReporter } from './progress.js';

interface CheckFlags {
  context: string[];
  allContexts?: boolean;
  kubeconfig?: string;
  snapshot: string[];
  azureSubscription?: string;
  resourceGroup?: string;
  cluster?: string;
  clusterType?: string;
  area: string[];
  check: string[];
  skip: string[];
  output: string;
  out?: string;
  failOn?: string;
  strict?: boolean;
  suppress: string[];
  config?: string;
  short?: boolean;
  color: boolean;
  quiet?: boolean;
  timeout?: string;
  concurrency?: string;
}

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('diagnose a cluster (current kubeconfig context) or a snapshot, and report what is wrong and how to fix it')
    .option('--context <name>', 'kubeconfig context to check (repeat for several clusters)', collect, [])
    .option('--all-contexts', 'check every context of the kubeconfig')
    .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config)')
    .option('--snapshot <path>', 'check a snapshot folder or .tar.gz instead of a cluster (repeatable)', collect, [])
    .option('--azure-subscription <id>', 'Azure subscription of the cluster resource (enables the live AZ checks)')
    .option('--resource-group <rg>', 'resource group of the cluster resource')
    .option('--cluster <name>', 'name of the Arc connectedCluster or AKS managedCluster')
    .option('--cluster-type <type>', 'connectedClusters (Arc) or managedClusters (AKS)')
    .option('--area <list>', 'only these areas: osm,flux,ama,azure,k8s', collectCsv, [])
    .option('--check <ids>', 'only these check IDs (comma-separated)', collectCsv, [])
    .option('--skip <ids>', 'skip these check IDs (comma-separated)', collectCsv, [])
    .option('--output <format>', `report format: ${OUTPUT_FORMATS.join('|')}`, 'text')
    .option('--out <file>', 'write the report to a file instead of stdout')
    .option('--fail-on <level>', 'exit 1 when a result is at or above: fail|warn|never (default fail)')
    .option('--strict', 'same as --fail-on warn')
    .option('--suppress <id[:Kind/ns/name]>', 'suppress a check, or one object of it (globs allowed; repeatable)', collect, [])
    .option('--config <file>', 'configuration file (default: ./.arcdoctor.yaml when present)')
    .option('--short', 'one line per check, no expanded problems')
    .option('--no-color', 'never colour the output (NO_COLOR is honoured too)')
    .option('--quiet', 'print only the problems and the summary')
    .option('--timeout <seconds>', 'bound the whole run (live mode)', undefined)
    .option('--concurrency <n>', 'parallel API requests (live mode)', undefined)
    .addHelpText(
      'after',
      `
Exit codes: 0 nothing at or above --fail-on, 1 something is, 2 bad usage or input, 3 cluster unreachable, 4 a check could not decide.

Examples:
  arcdoctor check                                   # the current kubeconfig context
  arcdoctor check --snapshot ./customer-dump.tar.gz  # a support bundle, no cluster needed
  arcdoctor check --area osm --output json --out report.json
  arcdoctor check --all-contexts --strict --short   # a fleet gate for CI`,
    )
    .action(async (flags: CheckFlags) => {
      process.exitCode = await runCheckCommand(flags);
    });
}

export async function runCheckCommand(flags: CheckFlags): Promise<number> {
  const config = loadConfig(flags.config);
  if (!OUTPUT_FORMATS.includes(flags.output as (typeof OUTPUT_FORMATS)[number])) {
    throw new UsageError(`--output ${flags.output}: unknown format (one of ${OUTPUT_FORMATS.join(', ')})`);
  }
  const failOn = resolveFailOn(flags.failOn, Boolean(flags.strict), config);
  const areas = validateAreas(flags.area);
  const checkIds = validateIds('--check', flags.check);
  const skipIds = validateIds('--skip', [...flags.skip, ...config.skip]);
  const suppressions = parseSuppressions(flags.suppress, config);
  const selected = selectIds(areas, checkIds, skipIds);
  const timeoutMs = positiveInt('--timeout', flags.timeout, 120) * 1000;
  const concurrency = positiveInt('--concurrency', flags.concurrency, 8);
  const azureTarget = azureTargetOf(flags);
  if (flags.snapshot.length > 0 && (flags.context.length > 0 || flags.allContexts)) {
    throw new UsageError('--snapshot cannot be combined with --context/--all-contexts: check either snapshots or clusters');
  }
  const selectedChecks = CHECKS.filter((c) => selected.has(c.id));
  const progress = progressReporter(process.stderr, Boolean(flags.quiet));

  const targets: Array<{ kind: 'cluster' | 'snapshot'; name: string; load: () => Promise<Snapshot> }> = [];
  for (const path of flags.snapshot) targets.push({ kind: 'snapshot', name: path, load: async () => loadSnapshot(path) });
  if (flags.snapshot.length === 0) {
    // client-node loads only when a cluster is read: snapshot runs start faster without it.
    const { listContexts, readCluster } = await import('../sources/live.js');
    const contexts = flags.allContexts ? listContexts(flags.kubeconfig) : flags.context;
    if (flags.allContexts && contexts.length === 0) throw new UsageError('--all-contexts: the kubeconfig has no contexts');
    for (const context of contexts.length ? contexts : [undefined]) {
      targets.push({
        kind: 'cluster',
        name: context ?? 'current-context',
        load: () => readCluster({ kubeconfig: flags.kubeconfig, context, checks: withAzureDiscoveryReads(selectedChecks, azureTarget), concurrency, timeoutMs, progress }),
      });
    }
  }

  const reports: Report[] = [];
  const unreachable: string[] = [];
  // Snapshots load synchronously; clusters are read concurrently.
  const loaded = await Promise.all(
    targets.map(async (t) => {
      try {
        let snap = await t.load();
        snap = await attachAzure(snap, { kind: t.kind, target: azureTarget, checks: selectedChecks });
        return { t, snap };
      } catch (e) {
        if (e instanceof UnreachableError && targets.length > 1) {
          unreachable.push(`${t.name}: ${e.message}`);
          return { t, snap: undefined };
        }
        throw e;
      }
    }),
  );
  progress.done();
  for (const { t, snap } of loaded) {
    if (!snap) continue;
    const name = t.kind === 'cluster' ? snap.info.context ?? t.name : t.name;
    reports.push(runChecks(snap, { checks: CHECKS, areas: AREA_DEFINITIONS, selected, suppressions, failOn, now: new Date(), target: { kind: t.kind, name }, version: VERSION }));
  }
  for (const line of unreachable) process.stderr.write(`arcdoctor: unreachable: ${line}\n`);

  const doc: Report | MultiReport = targets.length === 1 ? reports[0] : { schemaVersion: 1, targets: reports };
  const style = styleFor(process.stdout, !flags.color || Boolean(flags.out));
  const text = format(doc, flags.output, { style, short: Boolean(flags.short), quiet: Boolean(flags.quiet) });
  if (flags.out) {
    try {
      writeFileSync(flags.out, text);
    } catch (e) {
      throw new UsageError(`--out ${flags.out}: cannot write the report (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    if (!flags.quiet) process.stderr.write(`arcdoctor: report written to ${flags.out}\n`);
  } else process.stdout.write(text);
  return worstExitCode([...reports.map((r) => r.exitCode), ...unreachable.map(() => 3)]);
}

function azureTargetOf(flags: CheckFlags): AzureTarget | undefined {
  const given = [flags.azureSubscription, flags.resourceGroup, flags.cluster, flags.clusterType].filter((v) => v !== undefined);
  if (given.length === 0) return undefined;
  if (given.length < 4) throw new UsageError('--azure-subscription, --resource-group, --cluster and --cluster-type go together: give all four');
  if (flags.clusterType !== 'connectedClusters' && flags.clusterType !== 'managedClusters') {
    throw new UsageError(`--cluster-type ${flags.clusterType}: expected connectedClusters or managedClusters`);
  }
  return { subscription: flags.azureSubscription!, resourceGroup: flags.resourceGroup!, cluster: flags.cluster!, clusterType: flags.clusterType };
}
