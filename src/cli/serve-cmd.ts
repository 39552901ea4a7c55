// `arcdoctor serve`: a snapshot served as a Kubernetes API (issue #3). Prints a kubeconfig on stdout
// (or writes it with --kubeconfig-out); everything else goes to stderr. Ctrl-C / SIGTERM stop it cleanly.
// The server is serve-run.ts, loaded by the action.
import { Option, type Command } from 'commander';
import { collectCsv } from './options.js';

/** The user of --rbac requests: src/serve/index.ts's DEFAULT_USER (tests/cli/lazy-formats.test.ts pins them equal), here so the help loads no server. */
export const SERVE_DEFAULT_USER = 'system:serviceaccount:arcdoctor:arcdoctor';

export interface ServeFlags {
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
    .option('--as-user <name>', `user the requests run as, named in Forbidden messages (default ${SERVE_DEFAULT_USER} with --rbac, arcdoctor without)`)
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
      const { runServe } = await import('./serve-run.js');
      await runServe(flags);
    });
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
