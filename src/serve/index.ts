// `arcdoctor serve` as a library: a snapshot served as a Kubernetes API over plain HTTP.
//
//   import { startServer } from '../serve/index.js';
//   const server = await startServer({ snapshot: 'path/to/snapshot' });   // or a loaded Snapshot
//   // server.url         http://127.0.0.1:PORT
//   // server.port        the port (port 0, the default, picks a free one)
//   // server.kubeconfig  a kubeconfig (YAML text) for kubectl and @kubernetes/client-node
//   // server.requests    the latest requests (keepRequests): { time, method, path, query, status, bytes, ms, userAgent? }
//   await server.close();
//
// Options (all optional but `snapshot`):
//   port        number   listen port; 0 = a free one (default)
//   address     string   listen address; 127.0.0.1 unless said otherwise
//   deny        string[] resources answered 403 Forbidden: `pods`, `deployments.apps`, `pods/log`, `meshconfigs.config.openservicemesh.io`
//   latencyMs   number   delay before every response
//   failRate    number   0..1, share of resource requests answered 500 or 429 (with Retry-After); discovery never fails
//   seed        number   seed of the failure generator (default 1): the same seed fails the same requests
//   logRequests string   file receiving one JSON line per request as it is answered (truncated at start)
//   keepRequests number  how many of the latest requests `requests` keeps in memory (default 10,000; 0 = none)
//   rbac        string | RbacPolicy  a file of ClusterRoles/Roles (or its parsed form): only what they allow is
//                        served, with the API server's Forbidden otherwise; discovery stays open
//   user        string   the user the requests run as, named in Forbidden messages (default
//                        `system:serviceaccount:arcdoctor:arcdoctor` with `rbac`, `arcdoctor` without)
//   maxBodyBytes number  largest request body (default 3 MiB, the API server's); larger answers 413
//   now         () => Date  the clock for ages and new objects; by default the snapshot's `collectedAt`
//                          plus the time elapsed since start (wall clock when the snapshot has none)
//   contextName string   context/cluster name in the kubeconfig (default: the snapshot's context, else `arcdoctor-serve`)
//
// Writes are kept in memory; the snapshot on disk never changes. Stable API: add options, never change these.
import type { AddressInfo } from 'node:net';
import { Snapshot } from '../snapshot/snapshot.js';
import { loadSnapshot } from '../sources/snapshot-files.js';
import type { ApiContext } from './context.js';
import { FaultInjector, parseDenyRules } from './faults.js';
import { KindRegistry } from './kinds.js';
import { loadRbacPolicy, type RbacPolicy } from './rbac.js';
import { kubeconfigFor } from './kubeconfig.js';
import { RequestLog, type RequestRecord } from './request-log.js';
import { createApiServer } from './server.js';
import { ObjectStore } from './store.js';

export interface ServeOptions {
  snapshot: Snapshot | string;
  port?: number;
  address?: string;
  deny?: string[];
  latencyMs?: number;
  failRate?: number;
  seed?: number;
  logRequests?: string;
  keepRequests?: number;
  rbac?: string | RbacPolicy;
  user?: string;
  maxBodyBytes?: number;
  now?: () => Date;
  contextName?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  kubeconfig: string;
  requests: readonly RequestRecord[];
  close(): Promise<void>;
}

export type { RequestRecord, RbacPolicy };

/** The service account `deploy/` runs arcdoctor as: the user `--rbac` requests run as unless said otherwise. */
export const DEFAULT_USER = 'system:serviceaccount:arcdoctor:arcdoctor';

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const snapshot = typeof options.snapshot === 'string' ? loadSnapshot(options.snapshot, { trim: false }) : options.snapshot;
  const objects = snapshot.objects();
  const rbac = typeof options.rbac === 'string' ? loadRbacPolicy(options.rbac) : options.rbac;
  // With roles, requests run as the service account deploy/ binds them to; without, as before (`arcdoctor`).
  const user = options.user ?? (rbac ? DEFAULT_USER : 'arcdoctor');
  const ctx: ApiContext = { store: new ObjectStore(objects), kinds: new KindRegistry(objects), snapshot, now: options.now ?? snapshotClock(snapshot), user };
  const log = new RequestLog(options.logRequests, options.keepRequests);
  const server = createApiServer(ctx, {
    serverVersion: snapshot.info.serverVersion,
    deny: parseDenyRules(options.deny ?? []),
    faults: new FaultInjector(options.failRate ?? 0, options.seed ?? 1),
    latencyMs: options.latencyMs ?? 0,
    log,
    rbac,
    maxBodyBytes: options.maxBodyBytes,
  });
  const address = options.address ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e) => {
      log.close();
      reject(e);
    });
    server.listen(options.port ?? 0, address, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = address.includes(':') ? `[${address}]` : address === '0.0.0.0' ? '127.0.0.1' : address;
  const url = `http://${host}:${port}`;
  const contextName = options.contextName ?? snapshot.info.context ?? 'arcdoctor-serve';
  return {
    url,
    port,
    kubeconfig: kubeconfigFor(url, contextName, user),
    requests: log.records,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          log.close();
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

/** Ages as they were when the snapshot was taken, moving on from there. */
function snapshotClock(snapshot: Snapshot): () => Date {
  const collected = Date.parse(snapshot.info.collectedAt ?? '');
  if (Number.isNaN(collected)) return () => new Date();
  const started = Date.now();
  return () => new Date(collected + (Date.now() - started));
}
