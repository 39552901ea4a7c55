// The fleet source: every cluster's Azure side from Azure Resource Graph (two queries, paged), plus provider
// registration and the AKS-ExtensionManager feature once per subscription from ARM. It produces, per cluster, the
// Snapshot a per-cluster read (`check --azure-subscription`) would: the cluster resource, its extensions, Flux v2
// and v1 configurations, the providers and the feature; the AZ checks run on it unchanged.
import type { TokenCredential } from '@azure/identity';
import { UnreachableError } from '../errors.js';
import { ARM_COMPLETE_GROUP, CLUSTER_RP, CONFIGURATION_RP, clusterIdKey, clusterOfId } from '../snapshot/azure/model.js';
import { normalizeAzureResource } from '../snapshot/azure/normalize.js';
import type { AzureResource } from '../snapshot/objects.js';
import { Snapshot, type AzureReadFailure } from '../snapshot/snapshot.js';
import { createArmReader, type ArmReader } from '../sources/azure-arm-client.js';
import { queryGraph, type GraphResult, type GraphRow } from './graph.js';
import { CONFIGURATION_TYPES, clustersQuery, configurationsQuery, type FleetClusterType } from './queries.js';
import { readSubscriptionSide, type SubscriptionSide } from './subscription-side.js';

export interface FleetReadOptions {
  subscriptions: string[];
  resourceGroups: string[];
  clusterType?: FleetClusterType;
  endpoint: string;
  credential?: TokenCredential;
  ca?: string | Buffer;
  sleep?: (ms: number) => Promise<void>;
  maxRetryAfterMs?: number;
  pageSize?: number;
  progress?: (line: string) => void;
}

export interface FleetCluster {
  id: string;
  /** Built on demand, so only the cluster being evaluated has one. */
  snapshot: () => Snapshot;
}

export interface SubscriptionStatus {
  id: string;
  name?: string;
  /** False when the principal could not read it: its clusters are unknown. */
  readable: boolean;
  message?: string;
  clusters: number;
}

export interface FleetRead {
  clusters: FleetCluster[];
  subscriptions: SubscriptionStatus[];
  /** Resource Graph pages read, per table. */
  pages: { clusters: number; configurations: number };
}

const SUBSCRIPTIONS_API = '2022-12-01';

export async function readFleet(opts: FleetReadOptions): Promise<FleetRead> {
  const progress = opts.progress ?? (() => {});
  const arm = await connect(opts);
  const subscriptions = opts.subscriptions.length ? opts.subscriptions.map((id) => ({ id, name: undefined as string | undefined })) : await listSubscriptions(arm);
  const ids = subscriptions.map((s) => s.id);
  progress(`fleet: ${ids.length} subscription(s)`);

  // Rows are normalised as each page arrives; the raw pages are not kept.
  const below = new Map<string, AzureResource[]>();
  const configurations = queryGraph(arm, configurationsQuery(opts), ids, {
    pageSize: opts.pageSize,
    onRows: (rows) => addConfigurations(below, rows),
    onPage: (n, rows) => progress(`fleet: KubernetesConfigurationResources page ${n} (${rows} rows)`),
  });
  const clusterResources: AzureResource[] = [];
  const clusters = await queryGraph(arm, clustersQuery(opts), ids, {
    pageSize: opts.pageSize,
    onRows: (rows) => addClusters(clusterResources, rows),
    onPage: (n, rows) => progress(`fleet: Resources page ${n} (${rows} clusters)`),
  });
  const sides = readSubscriptionSide(arm, ids, clusterTypesBySubscription(clusterResources));
  const [configs, side] = await Promise.all([configurations, sides]);

  const built = buildClusters(clusterResources, below, clusters, configs, side);
  const statuses = subscriptions.map((s): SubscriptionStatus => {
    const refusal = clusters.forbidden.get(s.id) ?? side.get(s.id.toLowerCase())?.forbidden;
    return { id: s.id, name: s.name, readable: !refusal, message: refusal, clusters: built.filter((c) => sameSubscription(c.id, s.id)).length };
  });
  return { clusters: built, subscriptions: statuses, pages: { clusters: clusters.pages, configurations: configs.pages } };
}

async function connect(opts: FleetReadOptions): Promise<ArmReader> {
  try {
    const credential = opts.credential ?? (await defaultCredential());
    const token = credential.getToken(`${opts.endpoint}/.default`);
    await Promise.race([token, new Promise((_, reject) => setTimeout(() => reject(new Error('no token after 30s')), 30_000).unref())]);
    return await createArmReader({ credential, endpoint: opts.endpoint, ca: opts.ca, sleep: opts.sleep, maxRetryAfterMs: opts.maxRetryAfterMs ?? 30_000, maxAttempts: 5 });
  } catch (e) {
    throw new UnreachableError(`fleet: no usable Azure login (${String((e as Error).message ?? e).split('\n')[0]}); log in with \`az login\` or set AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET`);
  }
}

async function defaultCredential(): Promise<TokenCredential> {
  const { DefaultAzureCredential } = await import('@azure/identity');
  return new DefaultAzureCredential();
}

async function listSubscriptions(arm: ArmReader): Promise<Array<{ id: string; name?: string }>> {
  let items: unknown[];
  try {
    items = await arm.list('/subscriptions', SUBSCRIPTIONS_API);
  } catch (e) {
    throw new UnreachableError(`fleet: cannot list subscriptions (${(e as Error).message}); name them with --subscription`);
  }
  const subs = items
    .map((i) => i as { subscriptionId?: unknown; displayName?: unknown; state?: unknown })
    .filter((s) => typeof s.subscriptionId === 'string' && !/^(disabled|deleted)$/i.test(String(s.state ?? '')))
    .map((s) => ({ id: String(s.subscriptionId), name: typeof s.displayName === 'string' ? s.displayName : undefined }));
  if (subs.length === 0) throw new UnreachableError('fleet: the Azure login can read no enabled subscription; name one with --subscription');
  return subs;
}

function addClusters(out: AzureResource[], rows: GraphRow[]): void {
  for (const row of rows) {
    const r = clusterOfId(row.id)?.subscription ? normalizeAzureResource(row) : undefined;
    if (r) out.push(r);
  }
}

function addConfigurations(below: Map<string, AzureResource[]>, rows: GraphRow[]): void {
  for (const row of rows) {
    const key = clusterIdKey(row.id);
    const r = key ? normalizeAzureResource(row) : undefined;
    if (!key || !r) continue;
    if (!below.has(key)) below.set(key, []);
    below.get(key)!.push(r);
  }
}

function clusterTypesBySubscription(rows: AzureResource[]): Map<string, Set<FleetClusterType>> {
  const out = new Map<string, Set<FleetClusterType>>();
  for (const row of rows) {
    const c = clusterOfId(row.id);
    if (!c?.subscription || (c.clusterType !== 'connectedClusters' && c.clusterType !== 'managedClusters')) continue;
    const key = c.subscription.toLowerCase();
    if (!out.has(key)) out.set(key, new Set());
    out.get(key)!.add(c.clusterType);
  }
  return out;
}

/** Per cluster, the Snapshot a per-cluster ARM read would hold; built when the cluster is evaluated, then let go. */
function buildClusters(own: AzureResource[], below: Map<string, AzureResource[]>, clusters: GraphResult, configs: GraphResult, side: Map<string, SubscriptionSide>): FleetCluster[] {
  const gaps = new Map<string, string>();
  for (const m of [clusters.incomplete, configs.forbidden, configs.incomplete]) for (const [k, v] of m) gaps.set(k.toLowerCase(), v);
  return own.map((cluster) => ({ id: String(cluster.id), snapshot: () => snapshotOf(cluster, below, gaps, side) }));
}

function snapshotOf(own: AzureResource, below: Map<string, AzureResource[]>, gaps: Map<string, string>, side: Map<string, SubscriptionSide>): Snapshot {
  const identity = clusterOfId(own.id)!;
  const subKey = identity.subscription!.toLowerCase();
  const azure: AzureResource[] = [own];
  const failures: AzureReadFailure[] = [];
  const configGap = gaps.get(subKey);
  if (configGap) {
    // Part of the configurations were not read: none of them is evidence, so AZ003–AZ005 end in error.
    for (const t of CONFIGURATION_TYPES) failures.push({ armType: t, reason: /429|throttl/i.test(configGap) ? 'throttled' : 'unavailable', message: `reading ${t} through Resource Graph failed: ${configGap}` });
  } else {
    azure.push(...(below.get(String(own.id).toLowerCase()) ?? []));
  }
  const s = side.get(subKey);
  if (s) {
    const managed = identity.clusterType === 'managedClusters';
    const namespaces = [CONFIGURATION_RP, managed ? CLUSTER_RP.managedClusters : CLUSTER_RP.connectedClusters];
    azure.push(...s.providersFor(namespaces));
    if (managed && s.feature) azure.push(s.feature);
    failures.push(...s.failuresFor(namespaces, managed));
  }
  const completeTypes = configGap ? [] : CONFIGURATION_TYPES.map((kind) => ({ group: ARM_COMPLETE_GROUP, kind }));
  return new Snapshot({ objects: [], azure, azureFailures: failures, completeTypes, info: { name: String(own.id) } });
}

function sameSubscription(id: string, subscription: string): boolean {
  return clusterOfId(id)?.subscription?.toLowerCase() === subscription.toLowerCase();
}

