// What is read once per subscription, not per cluster: provider registration (AZ001) and the AKS-ExtensionManager
// feature (AZ002). The Microsoft.KubernetesConfiguration provider is read for every subscription, so a subscription
// the principal cannot read is found even when Resource Graph silently returns none of its rows.
import { API_VERSIONS, failureOf } from '../sources/azure-live.js';
import type { ArmReader } from '../sources/azure-arm-client.js';
import { ARM_TYPES, CLUSTER_RP, CONFIGURATION_RP } from '../snapshot/azure/model.js';
import { azureResourcesIn } from '../snapshot/azure/normalize.js';
import type { AzureResource } from '../snapshot/objects.js';
import type { AzureReadFailure } from '../snapshot/snapshot.js';
import type { FleetClusterType } from './queries.js';

const CONCURRENCY = 8;

export interface SubscriptionSide {
  /** Set when ARM refused the subscription (403, or 404 SubscriptionNotFound): the principal cannot read it. */
  forbidden?: string;
  feature?: AzureResource;
  /** The providers of these namespaces, or none when one of them could not be read (AZ001 then ends in error). */
  providersFor(namespaces: string[]): AzureResource[];
  failuresFor(namespaces: string[], managed: boolean): AzureReadFailure[];
}

interface SideParts {
  providers: Map<string, AzureResource>;
  providerFailures: Map<string, AzureReadFailure>;
  feature?: AzureResource;
  featureFailure?: AzureReadFailure;
  forbidden?: string;
}

/** Keyed by lowercased subscription id. */
export async function readSubscriptionSide(arm: ArmReader, subscriptions: string[], types: Map<string, Set<FleetClusterType>>): Promise<Map<string, SubscriptionSide>> {
  const jobs: Array<() => Promise<void>> = [];
  const parts = new Map<string, SideParts>();
  for (const sub of subscriptions) {
    const p: SideParts = { providers: new Map(), providerFailures: new Map() };
    parts.set(sub.toLowerCase(), p);
    const present = types.get(sub.toLowerCase()) ?? new Set();
    const namespaces = [CONFIGURATION_RP, ...[...present].map((t) => CLUSTER_RP[t])];
    for (const ns of namespaces) jobs.push(() => readProvider(arm, sub, ns, p));
    if (present.has('managedClusters')) jobs.push(() => readFeature(arm, sub, p));
  }
  await runLimited(jobs, CONCURRENCY);
  const out = new Map<string, SubscriptionSide>();
  for (const [key, p] of parts) out.set(key, sideOf(p));
  return out;
}

async function readProvider(arm: ArmReader, sub: string, namespace: string, p: SideParts): Promise<void> {
  try {
    const r = azureResourcesIn(await arm.get(`/subscriptions/${sub}/providers/${namespace}`, API_VERSIONS.providers))[0];
    if (r) p.providers.set(namespace.toLowerCase(), r);
  } catch (e) {
    const f = failureOf(ARM_TYPES.provider, e);
    p.providerFailures.set(namespace.toLowerCase(), f);
    if (namespace === CONFIGURATION_RP && (f.reason === 'forbidden' || f.reason === 'not-found' || f.reason === 'unauthorized')) p.forbidden = f.message;
  }
}

async function readFeature(arm: ArmReader, sub: string, p: SideParts): Promise<void> {
  const path = `/subscriptions/${sub}/providers/Microsoft.Features/providers/Microsoft.ContainerService/features/AKS-ExtensionManager`;
  try {
    p.feature = azureResourcesIn(await arm.get(path, API_VERSIONS.features))[0];
  } catch (e) {
    p.featureFailure = failureOf(ARM_TYPES.feature, e);
  }
}

function sideOf(p: SideParts): SubscriptionSide {
  return {
    forbidden: p.forbidden,
    feature: p.feature,
    providersFor: (namespaces) => (namespaces.some((ns) => p.providerFailures.has(ns.toLowerCase())) ? [] : namespaces.flatMap((ns) => p.providers.get(ns.toLowerCase()) ?? [])),
    failuresFor: (namespaces, managed) => {
      const failed = namespaces.flatMap((ns) => p.providerFailures.get(ns.toLowerCase()) ?? []);
      const providerFailure = failed.length ? [{ ...failed[0], message: failed.map((f) => f.message).join('; ') }] : [];
      return [...providerFailure, ...(managed && p.featureFailure ? [p.featureFailure] : [])];
    },
  };
}

async function runLimited(jobs: Array<() => Promise<void>>, limit: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) await jobs[next++]();
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
}
