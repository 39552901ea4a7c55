// `arcdoctor exporter`, run: loaded by the action of exporter-cmd.ts.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
import type { ExporterFlags } from './exporter-cmd.js';
import { readLimits } from './options.js';
import { loadConfig, parseSuppressions, resolveFailOn, selectIds, validateAreas, validateIds } from './selection.js';
import { VERSION } from './version.js';

export async function runExporter(flags: ExporterFlags): Promise<void> {
  const logFormat = logFormatOf(flags.logFormat);
  const intervalMs = parseDuration('--interval', flags.interval);
  const listen = parseListen(flags.listen);
  const settings = await settingsOf(flags);
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

async function settingsOf(flags: ExporterFlags): Promise<RunSettings> {
  const config = await loadConfig(flags.config);
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
