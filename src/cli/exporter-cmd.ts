// `arcdoctor exporter`: the live check on a schedule, its results as Prometheus metrics and the last JSON report.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Command } from 'commander';
import { CHECKS } from '../checks/registry.js';
import { UsageError } from '../errors.js';
import { parseDuration, parseListen, type ListenAddress } from '../exporter/flags.js';
import { createExporterServer } from '../exporter/http.js';
import { inClusterConfig } from '../exporter/in-cluster.js';
import { messageLine, runLogLine, type LogFormat } from '../exporter/log.js';
import { RunLoop } from '../exporter/loop.js';
import { runOnce, type RunSettings } from '../exporter/run.js';
import { ExporterState } from '../exporter/state.js';
import { resolveContext } from '../sources/live/kubeconfig.js';
import {
  addReadLimitOptions,
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
  type ClusterReadFlags,
} from './options.js';
import { VERSION } from './version.js';

interface ExporterFlags extends ClusterReadFlags {
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
      await runExporter(flags);
    });
}

async function runExporter(flags: ExporterFlags): Promise<void> {
  const logFormat = logFormatOf(flags.logFormat);
  const intervalMs = parseDuration('--interval', flags.interval);
  const listen = parseListen(flags.listen);
  const settings = settingsOf(flags);
  const state = new ExporterState();
  const server = await listenOn(createExporterServer(state, VERSION), listen);
  const port = (server.address() as AddressInfo).port;
  process.stderr.write(messageLine(`listening on http://${listen.host.includes(':') ? `[${listen.host}]` : listen.host}:${port} (every ${flags.interval}, ${settings.checks.length} checks)`, logFormat));
  const loop = new RunLoop(async (n) => {
    const run = await runOnce(n, settings);
    state.record(run);
    process.stderr.write(runLogLine(run, logFormat));
  }, { intervalMs });
  loop.start();
  await untilSignal();
  process.stderr.write(messageLine('stopping (signal received)', logFormat));
  void loop.stop();
  server.closeAllConnections();
  // A run in flight holds sockets to the API server; it has nothing worth waiting for.
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 500).unref();
}

function settingsOf(flags: ExporterFlags): RunSettings {
  const config = loadConfig(flags.config);
  const selected = selectIds(validateAreas(flags.area), validateIds('--check', flags.check), validateIds('--skip', [...flags.skip, ...config.skip]));
  if (selected.size === 0) throw new UsageError('--area/--check/--skip: no check is left to run');
  const suppressions = parseSuppressions(flags.suppress, config);
  const limits = readLimits(flags, 60);
  if (flags.inCluster && (flags.kubeconfig || flags.context)) throw new UsageError('--in-cluster uses the service account: it cannot be combined with --kubeconfig/--context');
  // The kubeconfig and context are checked now, so a typo exits 2 at start instead of failing every run.
  const resolved = flags.inCluster ? inClusterConfig() : undefined;
  if (!resolved) resolveContext(flags.kubeconfig, flags.context);
  return {
    connection: { kubeconfig: flags.kubeconfig, context: flags.context, resolved, ...limits },
    checks: CHECKS.filter((c) => selected.has(c.id)),
    suppressions,
    failOn: resolveFailOn(undefined, false, config),
    version: VERSION,
  };
}

function logFormatOf(value: string): LogFormat {
  if (value !== 'text' && value !== 'json') throw new UsageError(`--log-format ${value}: expected text or json`);
  return value;
}

function listenOn(server: Server, at: ListenAddress): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => reject(new UsageError(`--listen ${at.host}:${at.port}: cannot listen (${e.code ?? e.message})`)));
    server.listen(at.port, at.host, () => resolve(server));
  });
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => resolve());
  });
}
