// `arcdoctor fleet`: the Azure side (AZ001–AZ005) of every Arc and AKS cluster the login can read, through Azure
// Resource Graph, in one run. Progress on stderr; the report on stdout or --out; the exit code is the worst cluster's.
// The run is fleet-run.ts, loaded by the action.
import type { Command } from 'commander';
import { AZURE_CLOUDS } from '../sources/azure-cloud.js';
import { OUTPUT_FORMATS } from './formats.js';
import { collect, collectCsv } from './options.js';

export interface FleetFlags {
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
      const { runFleetCommand } = await import('./fleet-run.js');
      process.exitCode = await runFleetCommand(flags);
    });
}
