// `arcdoctor fleet`: the Azure side (AZ001–AZ005) of every Arc and AKS cluster the login can read, through Azure
// Resource Graph, in one run. Progress on stderr; the report on stdout or --out; the exit code is the worst cluster's.
import { closeSync, openSync, writeSync } from 'node:fs';
import type { Command } from 'commander';
import { CHECKS } from '../checks/registry.js';
import { UsageError } from '../errors.js';
import { evaluateFleet } from '../fleet/evaluate.js';
import { formatFleet, jsonFleetWriter, keptFor } from '../fleet/render.js';
import type { FleetClusterType } from '../fleet/queries.js';
import { readFleet } from '../fleet/source.js';
import { OUTPUT_FORMATS } from '../report/index.js';
import { styleFor } from '../report/style.js';
import { armEndpointFor, AZURE_CLOUDS } from '../sources/azure-cloud.js';
import { collect, collectCsv, loadConfig, parseSuppressions, resolveFailOn, selectIds, validateAreas, validateIds } from './options.js';
import { VERSION } from './version.js';

interface FleetFlags {
  subscription: string[];
  resourceGroup: string[];
  clusterType?: string;
  area: string[];
  check: string[];
  suppress: string[];
  output: string;
  out?: string;
  failOn?: string;
  config?: string;
  azureCloud?: string;
  color: boolean;
  quiet?: boolean;
}

const AZURE_CHECKS = CHECKS.filter((c) => c.area === 'azure');

export function registerFleet(program: Command): void {
  program
    .command('fleet')
    .description('the Azure side (AZ001–AZ005) of every Arc and AKS cluster the Azure login can read, through Azure Resource Graph')
    .option('--subscription <id>', 'only this subscription (repeatable; default: every subscription the login lists)', collect, [])
    .option('--resource-group <rg>', 'only clusters in this resource group (repeatable)', collect, [])
    .option('--cluster-type <type>', 'only connectedClusters (Arc) or managedClusters (AKS)')
    .option('--area <list>', 'areas to run (only azure applies to a fleet)', collectCsv, [])
    .option('--check <ids>', 'only these AZ check IDs (comma-separated)', collectCsv, [])
    .option('--suppress <id[:Kind/ns/name]>', 'suppress a check, or one object of it (globs allowed; repeatable)', collect, [])
    .option('--output <format>', `report format: ${OUTPUT_FORMATS.join('|')}`, 'text')
    .option('--out <file>', 'write the report to a file instead of stdout')
    .option('--fail-on <level>', 'exit 1 when a cluster has a result at or above: fail|warn|never (default fail)')
    .option('--config <file>', 'configuration file (default: ./.arcdoctor.yaml when present)')
    .option('--azure-cloud <name>', `${Object.keys(AZURE_CLOUDS).join('|')} (ARCDOCTOR_ARM_ENDPOINT overrides)`)
    .option('--no-color', 'never colour the output (NO_COLOR is honoured too)')
    .option('--quiet', 'no progress on stderr')
    .addHelpText(
      'after',
      `
Needs Reader on the subscriptions (Resource Graph returns only what the login may read). See docs/fleet.md.
Exit codes: 0 no cluster at or above --fail-on, 1 one is, 2 bad usage, 3 Azure not reachable (no login), 4 a check could not decide.

Examples:
  arcdoctor fleet                                       # every subscription of az login
  arcdoctor fleet --subscription SUB --cluster-type connectedClusters --output json --out fleet.json`,
    )
    .action(async (flags: FleetFlags) => {
      process.exitCode = await runFleetCommand(flags);
    });
}

export async function runFleetCommand(flags: FleetFlags): Promise<number> {
  const config = loadConfig(flags.config);
  if (!OUTPUT_FORMATS.includes(flags.output as (typeof OUTPUT_FORMATS)[number])) {
    throw new UsageError(`--output ${flags.output}: unknown format (one of ${OUTPUT_FORMATS.join(', ')})`);
  }
  const areas = validateAreas(flags.area);
  if (areas.some((a) => a !== 'azure')) throw new UsageError(`--area ${areas.join(',')}: a fleet run reads Azure only; the only area is azure`);
  const checkIds = validateIds('--check', flags.check);
  const notAzure = checkIds.filter((id) => !AZURE_CHECKS.some((c) => c.id === id));
  if (notAzure.length) throw new UsageError(`--check ${notAzure.join(',')}: a fleet run has only the Azure checks (${AZURE_CHECKS.map((c) => c.id).join(', ')})`);
  const clusterType = clusterTypeOf(flags.clusterType);
  const endpoint = armEndpointFor(flags.azureCloud);
  const failOn = resolveFailOn(flags.failOn, false, config);
  const suppressions = parseSuppressions(flags.suppress, config);
  const selected = selectIds(['azure'], checkIds, config.skip);
  const progress = (line: string) => {
    if (!flags.quiet) process.stderr.write(`arcdoctor: ${line}\n`);
  };

  const read = await readFleet({ subscriptions: flags.subscription, resourceGroups: flags.resourceGroup, clusterType, endpoint, progress });
  const style = styleFor(process.stdout, !flags.color || Boolean(flags.out));
  const out = openOut(flags.out);
  try {
    // JSON is written cluster by cluster as each is evaluated; the other formats keep what they show.
    const json = flags.output === 'json' ? jsonFleetWriter(out.write) : undefined;
    const doc = evaluateFleet(read, {
      checks: AZURE_CHECKS,
      selected,
      suppressions,
      failOn,
      now: new Date(),
      version: VERSION,
      progress: (n) => progress(`fleet: ${n} cluster(s) evaluated`),
      keep: keptFor(flags.output),
      onTarget: json?.target,
    });
    if (json) json.close(doc.fleet);
    else out.write(formatFleet(doc, flags.output, { style, quiet: flags.quiet }));
    if (flags.out && !flags.quiet) process.stderr.write(`arcdoctor: report written to ${flags.out}\n`);
    return doc.fleet.exitCode;
  } finally {
    out.close();
  }
}

/** stdout, or the --out file (one clear line and exit 2 when it cannot be written). */
function openOut(path: string | undefined): { write: (chunk: string) => void; close: () => void } {
  if (!path) return { write: (c) => void process.stdout.write(c), close: () => {} };
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (e) {
    throw new UsageError(`--out ${path}: cannot write the report (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return { write: (c) => void writeSync(fd, c), close: () => closeSync(fd) };
}

function clusterTypeOf(value: string | undefined): FleetClusterType | undefined {
  if (value === undefined) return undefined;
  if (value === 'connectedClusters' || value === 'managedClusters') return value;
  throw new UsageError(`--cluster-type ${value}: expected connectedClusters or managedClusters`);
}
