// The live source: reads what the selected checks declare from a cluster and builds the same Snapshot the
// file loader builds. Reachability first (/version), then discovery and every list at once (src/sources/live/).
import type { CheckDefinition } from '../checks/define.js';
import { UnreachableError } from '../errors.js';
import { Snapshot } from '../snapshot/snapshot.js';
import { contextNames, resolveContext, type ResolvedConfig } from './live/kubeconfig.js';
import { ApiClient, statusMessage, TransportError, type RetryPolicy } from './live/http.js';
import { limiter } from './live/limiter.js';
import { planReads, type ReadPlan } from './live/plan.js';
import { executePlan, type AttachParts } from './live/read.js';

export interface LiveOptions {
  kubeconfig?: string;
  context?: string;
  /** A config resolved by the caller (the exporter's in-cluster service account) instead of kubeconfig/context. */
  resolved?: ResolvedConfig;
  checks: CheckDefinition[];
  concurrency: number;
  timeoutMs: number;
  progress?: (line: string) => void;
  /** `collect` reads without Secrets at all. */
  secrets?: boolean;
  retry?: RetryPolicy;
  /** Parts read once the lists are in, before the logs are chosen (the Azure side of `check`). */
  attach?: AttachParts;
}

export interface Connection {
  client: ApiClient;
  context: string;
  server: string;
  serverVersion?: string;
}

export async function readCluster(opts: LiveOptions): Promise<Snapshot> {
  const plan = planReads(opts.checks, { secrets: opts.secrets });
  const conn = await connect(opts);
  try {
    return await readWith(conn, plan, opts);
  } finally {
    conn.client.close();
  }
}

/** The kubeconfig context opened and /version answered; otherwise an UnreachableError naming context and server. */
export async function connect(opts: Pick<LiveOptions, 'kubeconfig' | 'context' | 'resolved' | 'concurrency' | 'timeoutMs' | 'retry'>, onRequest?: () => void): Promise<Connection> {
  const { kc, context, server } = opts.resolved ?? resolveContext(opts.kubeconfig, opts.context);
  let client: ApiClient;
  try {
    client = await ApiClient.create(kc, server, { deadline: Date.now() + opts.timeoutMs, maxSockets: opts.concurrency, retry: opts.retry, onRequest });
  } catch (e) {
    throw new UnreachableError(`context ${context} (${server}): cannot use the credentials (${firstLine(e)})`);
  }
  try {
    const res = await client.get('/version');
    if (res.status === 401) throw new UnreachableError(`context ${context} (${server}): credentials rejected (401 ${statusMessage(res)})`);
    const serverVersion = res.status === 200 ? gitVersionOf(res.body) : undefined;
    if (serverVersion === undefined) await requireKubernetesApi(client, `context ${context} (${server})`, res.status);
    return { client, context, server, serverVersion };
  } catch (e) {
    client.close();
    if (e instanceof UnreachableError) throw e;
    if (e instanceof TransportError) throw new UnreachableError(`context ${context} (${server}): API server unreachable (${e.code ?? e.message})`);
    throw e;
  }
}

function gitVersionOf(body: string): string | undefined {
  try {
    const v = (JSON.parse(body) as { gitVersion?: unknown }).gitVersion;
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A server whose /version is not a Kubernetes version must at least serve the core group's discovery (/api, an
 * APIVersions object): a wrong URL or a proxy answering 404 everywhere is not an empty cluster (issue #10).
 */
async function requireKubernetesApi(client: ApiClient, where: string, versionStatus: number): Promise<void> {
  const res = await client.get('/api');
  if (res.status === 200) {
    try {
      const body = JSON.parse(res.body) as { kind?: unknown; versions?: unknown };
      if (body.kind === 'APIVersions' || Array.isArray(body.versions)) return;
    } catch {
      // not JSON: not a Kubernetes API
    }
  }
  // Refused or failing (403, 5xx) is a Kubernetes API that will not talk: the lists say why, one by one.
  if (res.status === 403 || res.status >= 500 || res.status === 429) return;
  throw new UnreachableError(`${where} is not a Kubernetes API server (GET /version answered ${versionStatus}, GET /api answered ${res.status})`);
}

/** What `plan` names, read through an open connection (fix reads, then writes, through the same one). */
export async function readWith(conn: Connection, plan: ReadPlan, opts: Pick<LiveOptions, 'concurrency' | 'progress' | 'attach'>): Promise<Snapshot> {
  const limit = limiter(opts.concurrency);
  const counts = new Map<string, number>();
  const onProgress = (what: string, n: number) => {
    counts.set(what, n);
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    opts.progress?.(`${conn.context}: reading ${what} · ${total.toLocaleString('en-US')} objects`);
  };
  const served = await discoverGroups(conn.client);
  const result = await executePlan({ client: conn.client, limit, served, onProgress }, plan, opts.attach);
  requireSomethingRead(conn, plan, result);
  const attached = result.attached ?? {};
  return new Snapshot({
    objects: result.objects,
    logs: result.logs,
    readFailures: result.readFailures,
    completeTypes: [...result.completeTypes, ...(attached.completeTypes ?? [])],
    azure: attached.azure,
    azureFailures: attached.azureFailures,
    warnings: attached.warnings,
    info: { name: conn.context, context: conn.context, serverVersion: conn.serverVersion, collectedAt: new Date().toISOString() },
  });
}

/**
 * Every list of the core group failed (all 5xx, all timed out, all refused, the server gone): nothing was read, so
 * nothing can be judged, and an uninstalled CRD answering "not served" proves nothing either: exit 3.
 */
function requireSomethingRead(conn: Connection, plan: ReadPlan, result: Awaited<ReturnType<typeof executePlan>>): void {
  const core = plan.lists.filter((l) => l.type.group === '');
  const failed = (l: (typeof core)[number]) => result.readFailures.some((f) => f.name === undefined && f.type.group === '' && f.type.kind === l.type.kind && f.namespace === l.namespace);
  if (core.length === 0 || !core.every(failed)) return;
  const first = result.readFailures.find((f) => f.type.group === '');
  throw new UnreachableError(`context ${conn.context} (${conn.server}): could not read anything from the API server (${first?.message ?? 'no answer'})`);
}

/** group → served versions from /apis, so uninstalled CRDs cost no request; undefined if discovery failed. */
async function discoverGroups(client: ApiClient): Promise<Map<string, string[]> | undefined> {
  try {
    const res = await client.get('/apis');
    if (res.status !== 200) return undefined;
    const body = JSON.parse(res.body) as { groups?: Array<{ name: string; versions?: Array<{ version: string }> }> };
    return new Map((body.groups ?? []).map((g) => [g.name, (g.versions ?? []).map((v) => v.version)]));
  } catch {
    return undefined;
  }
}

/** Every context name in the kubeconfig, for --all-contexts. */
export function listContexts(kubeconfig?: string): string[] {
  return contextNames(kubeconfig);
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0];
}
