// `arcdoctor exporter`: the live check on a schedule, its results as Prometheus metrics and the last JSON report.
// The exporter itself is exporter-run.ts, loaded by the action.
import type { Command } from 'commander';
import { addReadLimitOptions, collect, collectCsv, KUBECONFIG_OPTION, type ClusterReadFlags } from './options.js';

export interface ExporterFlags extends ClusterReadFlags {
  context?: string;
  inCluster?: boolean;
  listen: string;
  interval: string;
  area: string[];
  check: string[];
  skip: string[];
  suppress: string[];
  config?: string;
  logFormat: string;
}

export function registerExporter(program: Command): void {
  const cmd = program
    .command('exporter')
    .description('run the live check every interval and serve the results as Prometheus metrics (/metrics, /report.json)')
    .option(...KUBECONFIG_OPTION)
    .option('--context <name>', 'kubeconfig context to check')
    .option('--in-cluster', "use the pod's service account (inside a cluster)")
    .requiredOption('--listen <host:port>', 'address to serve /metrics on, e.g. 0.0.0.0:9090')
    .requiredOption('--interval <duration>', 'time between runs, e.g. 5m, 30s (the first run is at start)')
    .option('--area <list>', 'only these areas: osm,flux,ama,azure,k8s', collectCsv, [])
    .option('--check <ids>', 'only these check IDs (comma-separated)', collectCsv, [])
    .option('--skip <ids>', 'skip these check IDs (comma-separated)', collectCsv, [])
    .option('--suppress <id[:Kind/ns/name]>', 'suppress a check, or one object of it (globs allowed; repeatable)', collect, [])
    .option('--config <file>', 'configuration file (default: ./.arcdoctor.yaml when present)')
    .option('--log-format <format>', 'one line per run on stderr: text|json', 'text');
  addReadLimitOptions(cmd, { timeout: 'bound each run (default 60)', concurrency: 'parallel API requests (default 8)' })
    .addHelpText(
      'after',
      `
Endpoints: /metrics (Prometheus text 0.0.4), /report.json (the last report, as check --output json),
/healthz (the process runs), /readyz (the first run has ended). When the API server cannot be reached,
the last results stay and arcdoctor_up is 0. SIGTERM stops it at once.

Examples:
  arcdoctor exporter --in-cluster --listen 0.0.0.0:9090 --interval 5m
  arcdoctor exporter --context prod-east --listen 127.0.0.1:9090 --interval 1m --area osm --log-format json`,
    )
    .action(async (flags: ExporterFlags) => {
      const { runExporter } = await import('./exporter-run.js');
      await runExporter(flags);
    });
}
