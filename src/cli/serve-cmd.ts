// `arcdoctor serve`: a snapshot served as a Kubernetes API (issue #3). Prints a kubeconfig on stdout
// (or writes it with --kubeconfig-out); everything else goes to stderr. Ctrl-C / SIGTERM stop it cleanly.
import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { UsageError } from '../errors.js';
import { DEFAULT_USER, startServer } from '../serve/index.js';
import { collectCsv } from './options.js';

interface ServeFlags {
  snapshot: string;
  port?: string;
  address?: string;
  kubeconfigOut?: string;
  logRequests?: string;
  deny: string[];
  latency?: string;
  failRate?: string;
  seed?: string;
  user?: string;
  asUser?: string;
  rbac?: string;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve a snapshot as a Kubernetes API for kubectl and client libraries (writes kept in memory)')
    .requiredOption('--snapshot <path>', 'snapshot folder or .tar.gz')
    .option('--port <n>', 'port to listen on (default 0: a free one, printed)')
    .option('--address <ip>', 'address to listen on (default 127.0.0.1)')
    .option('--kubeconfig-out <file>', 'write the kubeconfig to a file instead of stdout')
    .option('--log-requests <file>', 'append one JSON line per request (method, path, query, status, bytes, ms)')
    .option('--deny <resources>', 'answer 403 Forbidden for these resources (pods,deployments.apps,pods/log …)', collectCsv, [])
    .option('--latency <ms>', 'delay every response by this many milliseconds')
    .option('--fail-rate <p>', 'answer this share (0..1) of resource requests with 500 or 429 + Retry-After')
    .option('--seed <n>', 'seed for --fail-rate (default 1): the same seed fails the same requests')
    .option('--rbac <file>', 'serve only what the ClusterRoles/Roles in this file allow (403 Forbidden otherwise, as RBAC answers)')
    .option('--as-user <name>', `user the requests run as, named in Forbidden messages (default ${DEFAULT_USER} with --rbac, arcdoctor without)`)
    .addOption(new Option('--user <name>', 'the same as --as-user').hideHelp())
    .addHelpText(
      'after',
      `
Examples:
  arcdoctor serve --snapshot ./customer.tar.gz --kubeconfig-out /tmp/customer.kubeconfig
  KUBECONFIG=/tmp/customer.kubeconfig kubectl get pods -n arc-osm-system
  arcdoctor serve --snapshot ./snap --port 8001 --deny secrets,pods/log --fail-rate 0.1 --seed 7
  arcdoctor rbac > role.yaml && arcdoctor serve --snapshot ./snap --rbac role.yaml`,
    )
    .action(async (flags: ServeFlags) => {
      await runServe(flags);
    });
}

function numberFlag(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) throw new UsageError(`${flag} ${value}: expected a number from ${min} to ${max}`);
  return n;
}

async function runServe(flags: ServeFlags): Promise<void> {
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

/** The API has no authentication: listening beyond loopback hands the snapshot (and writes to it) to the network. */
export function exposureWarning(address: string | undefined): string | undefined {
  if (address === undefined || isLoopback(address)) return undefined;
  return `arcdoctor: warning: --address ${address} listens beyond loopback: anyone who can reach it can read the snapshot and write to it (the API has no authentication)`;
}

function isLoopback(address: string): boolean {
  const a = address.toLowerCase().replace(/^\[|\]$/g, '');
  return a === 'localhost' || a === '::1' || /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}
