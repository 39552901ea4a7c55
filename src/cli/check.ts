// `arcdoctor check`: read each target (snapshot or cluster), run the selected checks, print one report.
import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { Command } from 'commander';
import type { CheckDefinition } from '../checks/define.js';
import { AREA_DEFINITIONS, CHECKS } from '../checks/registry.js';
import { UnreachableError, UsageError } from '../errors.js';
import { runChecks } from '../engine/run.js';
import { worstExitCode, type MultiReport, type Report } from '../engine/report-model.js';
import { format, OUTPUT_FORMATS, type OutputFormat } from '../report/index.js';
import { formatPrometheus, formatUnreachablePrometheus } from '../report/prometheus.js';
import { styleFor } from '../report/style.js';
import { loadSnapshot } from '../sources/snapshot-files.js';
import { releaseMemory } from './release-memory.js';
import { addSnapshotLimitOptions, snapshotLimits, type SnapshotLimitFlags } from '../sources/limits.js';
import { attachAzure, azureParts, withAzureDiscoveryReads } from '../sources/azure-attach.js';
import type { AzureTarget } from '../sources/azure-live.js';
import { armEndpointFor } from '../sources/azure-cloud.js';
import type { LiveOptions } from '../sources/live.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import {
  addReadLimitOptions,
  azureTargetOf,
  collect,
  collectCsv,
  KUBECONFIG_OPTION,
  loadConfig,
  parseSuppressions,
  readLimits,
  resolveFailOn,
  selectIds,
  validateAreas,
  validateIds,
  type AzureTargetFlags,
  type ClusterReadFlags,
} from './options.js';
import { VERSION } from './version.js';
import { progressReporter } from './progress.js';

interface CheckFlags extends ClusterReadFlags, AzureTargetFlags, SnapshotLimitFlags {
  context: string[];
  allContexts?: boolean;
  snapshot: string[];
  area: string[];
  check: string[];
  skip: string[];
  output?: string;
  out?: string;
  failOn?: string;
  strict?: boolean;
  suppress: string[];
  config?: string;
  short?: boolean;
  color: boolean;
  quiet?: boolean;
  azureCloud?: string;
}

interface Target {
  kind: 'cluster' | 'snapshot';
  name: string;
  load: () => Promise<Snapshot>;
}

export function registerCheck(program: Command): void {
  const cmd = program
    .command('check')
    .description('diagnose a cluster (current kubeconfig context) or a snapshot, and report what is wrong and how to fix it')
    .option('--context <name>', 'kubeconfig context to check (repeat for several clusters)', collect, [])
    .option('--all-contexts', 'check every context of the kubeconfig')
    .option(...KUBECONFIG_OPTION)
    .option('--snapshot <path>', 'check a snapshot folder or .tar.gz instead of a cluster (repeatable)', collect, [])
    .option('--azure-subscription <id>', 'Azure subscription of the cluster resource (enables the live AZ checks)')
    .option('--resource-group <rg>', 'resource group of the cluster resource')
    .option('--cluster <name>', 'name of the Arc connectedCluster or AKS managedCluster')
    .option('--cluster-type <type>', 'connectedClusters (Arc) or managedClusters (AKS)')
    .option('--azure-cloud <name>', 'AzureCloud|AzureUSGovernment|AzureChinaCloud (ARCDOCTOR_ARM_ENDPOINT overrides)')
    .option('--area <list>', 'only these areas: osm,flux,ama,azure,k8s', collectCsv, [])
    .option('--check <ids>', 'only these check IDs (comma-separated)', collectCsv, [])
    .option('--skip <ids>', 'skip these check IDs (comma-separated)', collectCsv, [])
    .option('-o, --output <format>', `report format: ${OUTPUT_FORMATS.join('|')} (default: from --out's extension, else text)`)
    .option('--out <file>', 'write the report to a file instead of stdout (.json .xml .sarif .md .html .prom pick the format)')
    .option('--fail-on <level>', 'exit 1 when a result is at or above: fail|warn|never (default fail)')
    .option('--strict', 'same as --fail-on warn')
    .option('--suppress <id[:Kind/ns/name],...>', 'suppress checks, or one object of one (globs allowed; comma-separated, repeatable)', collectCsv, [])
    .option('--config <file>', 'configuration file (default: ./.arcdoctor.yaml when present)')
    .option('--short', 'one line per check, no expanded problems')
    .option('--no-color', 'never colour the output (NO_COLOR is honoured too)')
    .option('--quiet', 'print only the problems and the summary');
  addSnapshotLimitOptions(addReadLimitOptions(cmd, { timeout: 'bound the whole run (live mode)', concurrency: 'parallel API requests (live mode)' }))
    .addHelpText(
      'after',
      `
Exit codes: 0 nothing at or above --fail-on, 1 something is, 2 bad usage or input, 3 cluster unreachable, 4 a check could not decide.

Examples:
  arcdoctor check                                   # the current kubeconfig context
  arcdoctor check --snapshot ./customer-dump.tar.gz  # a support bundle, no cluster needed
  arcdoctor check --area osm --out report.json        # -o json is inferred from .json
  arcdoctor check --suppress OSM014,OSM016 -o sarif --out arcdoctor.sarif
  arcdoctor check --all-contexts --strict --short   # a fleet gate for CI`,
    )
    .action(async (flags: CheckFlags) => {
      process.exitCode = await runCheckCommand(flags);
    });
}

export async function runCheckCommand(flags: CheckFlags): Promise<number> {
  const config = loadConfig(flags.config);
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

  const { loaded, unreachable } = await loadTargets(targets, azureTarget, selectedChecks, flags.azureCloud).catch((e) => {
    // A textfile collector must not keep the last run's values as current: say the target is down, then fail.
    if (e instanceof UnreachableError && output === 'prometheus') writeText(formatUnreachablePrometheus(targets.map((t) => t.name)), flags);
    throw e;
  });
  progress.done();
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
  writeReport(doc, output, flags, unreachable.map((line) => line.split(':')[0]));
  return worstExitCode([...reports.map((r) => r.exitCode), ...unreachable.map(() => 3)]);
}

/** The snapshots named by --snapshot, or else the clusters of --context/--all-contexts (the current context by default). */
async function targetsOf(flags: CheckFlags, readOptions: Omit<LiveOptions, 'kubeconfig' | 'context'>): Promise<Target[]> {
  if (flags.snapshot.length > 0) {
    const limits = snapshotLimits(flags);
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

const EXTENSIONS: Record<string, OutputFormat> = {
  '.json': 'json',
  '.xml': 'junit',
  '.sarif': 'sarif',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.prom': 'prometheus',
  '.txt': 'text',
};

/** --output, else the format --out's extension names (`report.sarif`, `report.sarif.json`), else text. */
export function outputFormatOf(flags: { output?: string; out?: string }): OutputFormat {
  if (flags.output !== undefined) {
    if (!OUTPUT_FORMATS.includes(flags.output as OutputFormat)) throw new UsageError(`--output ${flags.output}: unknown format (one of ${OUTPUT_FORMATS.join(', ')})`);
    return flags.output as OutputFormat;
  }
  const name = (flags.out ?? '').toLowerCase();
  if (name.endsWith('.sarif.json')) return 'sarif';
  if (name.endsWith('.junit.xml')) return 'junit';
  return EXTENSIONS[extname(name)] ?? 'text';
}

function writeReport(doc: Report | MultiReport, output: OutputFormat, flags: CheckFlags, unreachable: string[]): void {
  const style = styleFor(process.stdout, !flags.color || Boolean(flags.out));
  const text =
    output === 'prometheus'
      ? formatPrometheus(doc, { unreachable })
      : format(doc, output, { style, short: Boolean(flags.short), quiet: Boolean(flags.quiet) });
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
