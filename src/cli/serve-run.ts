// `arcdoctor serve`, run: loaded by the action of serve-cmd.ts.
import { writeFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { DEFAULT_USER, startServer } from '../serve/index.js';
import { exposureWarning, type ServeFlags } from './serve-cmd.js';

function numberFlag(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new UsageError(`${flag} ${value}: expected a number from ${min} to ${max}`);
  return n;
}

export async function runServe(flags: ServeFlags): Promise<void> {
  const port = numberFlag('--port', flags.port, 0, 65535);
  if (port !== undefined && !Number.isInteger(port)) throw new UsageError(`--port ${flags.port}: expected a whole number`);
  const warning = exposureWarning(flags.address);
  if (warning) process.stderr.write(warning + '\n');
  const server = await startServer({
    snapshot: flags.snapshot,
    port,
    address: flags.address,
    deny: flags.deny,
    latencyMs: numberFlag('--latency', flags.latency, 0, 600_000),
    failRate: numberFlag('--fail-rate', flags.failRate, 0, 1),
    seed: numberFlag('--seed', flags.seed, 0, 2 ** 32 - 1),
    logRequests: flags.logRequests,
    // The request log goes to its file; a long-running server keeps none of it in memory.
    keepRequests: 0,
    rbac: flags.rbac,
    user: flags.asUser ?? flags.user,
  }).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'EADDRINUSE') throw new UsageError(`--port ${flags.port}: already in use`);
    if (e.code === 'EADDRNOTAVAIL' || e.code === 'EACCES' || e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') throw new UsageError(`--address/--port: cannot listen (${e.code})`);
    throw e;
  });
  if (flags.kubeconfigOut) {
    try {
      writeFileSync(flags.kubeconfigOut, server.kubeconfig);
    } catch (e) {
      await server.close();
      throw new UsageError(`--kubeconfig-out ${flags.kubeconfigOut}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    process.stderr.write(`arcdoctor: kubeconfig written to ${flags.kubeconfigOut} (export KUBECONFIG=${flags.kubeconfigOut})\n`);
  } else process.stdout.write(server.kubeconfig);
  process.stderr.write(`arcdoctor: serving ${flags.snapshot} at ${server.url} (port ${server.port}); writes stay in memory. Ctrl-C stops.\n`);
  if (flags.rbac) process.stderr.write(`arcdoctor: --rbac ${flags.rbac}: requests run as ${flags.asUser ?? flags.user ?? DEFAULT_USER}, allowed only what its roles allow\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void server.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  process.stderr.write('arcdoctor: server stopped\n');
}
