// `arcdoctor check`: read each target (snapshot or cluster), run the selected checks, print one report.
// This file declares the command (its help is printed without loading anything else); check-run.ts runs it.
import { extname } from 'node:path';
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { addSnapshotLimitOptions, type SnapshotLimitFlags } from '../sources/limits.js';
import { OUTPUT_FORMATS, type OutputFormat } from './formats.js';
import { addReadLimitOptions, collect, collectCsv, KUBECONFIG_OPTION, type AzureTargetFlags, type ClusterReadFlags } from './options.js';

export interface CheckFlags extends ClusterReadFlags, AzureTargetFlags, SnapshotLimitFlags {
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
      const { runCheckCommand } = await import('./check-run.js');
      process.exitCode = await runCheckCommand(flags);
    });
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

