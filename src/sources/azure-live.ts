// The Azure source, live: reads the cluster resource, its extensions, Flux v2 and v1 configurations, the resource
// providers and (AKS) the AKS-ExtensionManager feature through ARM. Never throws: what could not be read becomes
// an AzureReadFailure the AZ checks report (skip with the reason, or error naming the refused read).
import type { TokenCredential } from '@azure/identity';
import { ARM_COMPLETE_GROUP, ARM_TYPES, CLUSTER_RP } from '../snapshot/azure/model.js';
import type { AzureResource } from '../snapshot/objects.js';
import type { AzureReadFailure, TypeRef } from '../snapshot/snapshot.js';
import { ArmError, createArmReader, type ArmReader } from './azure-arm-client.js';
import { azureResourcesIn } from '../snapshot/azure/normalize.js';

export interface AzureTarget {
  subscription: string;
  resourceGroup: string;
  cluster: string;
  clusterType: 'connectedClusters' | 'managedClusters';
}

export interface AzureReadResult {
  resources: AzureResource[];
  warnings: string[];
  failures: AzureReadFailure[];
  /** ARM types listed completely: none of them in `resources` means none exist. */
  completeTypes: TypeRef[];
}

export interface AzureReadOptions {
  credential?: TokenCredential;
  endpoint?: string;
  ca?: string | Buffer;
  maxRetryAfterMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Bound on getting a token (DefaultAzureCredential probes IMDS and spawns `az`). */
  loginTimeoutMs?: number;
}

export const API_VERSIONS = {
  connectedClusters: '2024-01-01',
  managedClusters: '2024-05-01',
  kubernetesConfiguration: '2023-05-01',
  providers: '2021-04-01',
  features: '2021-07-01',
} as const;

const HOW_TO_LOGIN = 'log in with `az login` (or set AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET) to enable the AZ checks';

export async function readAzure(target: AzureTarget, opts: AzureReadOptions = {}): Promise<AzureReadResult> {
  const result: AzureReadResult = { resources: [], warnings: [], failures: [], completeTypes: [] };
  const whole = (reason: AzureReadFailure['reason'], message: string) => {
    result.failures.push({ armType: '*', reason, message });
    return result;
  };
  let arm: ArmReader;
  try {
    const credential = opts.credential ?? (await defaultCredential());
    await withTimeout(credential.getToken(`${(opts.endpoint ?? 'https://management.azure.com').replace(/\/+$/, '')}/.default`), opts.loginTimeoutMs ?? 30_000);
    arm = await createArmReader({ credential, endpoint: opts.endpoint, ca: opts.ca, maxRetryAfterMs: opts.maxRetryAfterMs, sleep: opts.sleep });
  } catch (e) {
    return whole('no-credentials', `Azure not read: no usable Azure login (${firstLine(e)}); ${HOW_TO_LOGIN}`);
  }

  const clusterPath = `/subscriptions/${target.subscription}/resourceGroups/${target.resourceGroup}/providers/${CLUSTER_RP[target.clusterType]}/${target.clusterType}/${target.cluster}`;
  const clusterType = target.clusterType === 'managedClusters' ? ARM_TYPES.managedCluster : ARM_TYPES.connectedCluster;
  try {
    result.resources.push(...azureResourcesIn(await arm.get(clusterPath, API_VERSIONS[target.clusterType])));
  } catch (e) {
    const f = failureOf(clusterType, e);
    if (f.reason === 'not-found') return whole('not-found', `Azure not read: ${target.clusterType} ${target.cluster} not found in resource group ${target.resourceGroup} of subscription ${target.subscription} (${f.message}); check --azure-subscription/--resource-group/--cluster/--cluster-type`);
    if (f.reason === 'unauthorized') return whole('unauthorized', `Azure not read: ARM rejected the login (${f.message}); ${HOW_TO_LOGIN}`);
    result.failures.push(f);
  }

  const config = `${clusterPath}/providers/Microsoft.KubernetesConfiguration`;
  const reads: Array<Promise<void>> = [
    listInto(arm, result, ARM_TYPES.extension, `${config}/extensions`),
    listInto(arm, result, ARM_TYPES.fluxConfiguration, `${config}/fluxConfigurations`),
    listInto(arm, result, ARM_TYPES.sourceControlConfiguration, `${config}/sourceControlConfigurations`),
    ...['Microsoft.KubernetesConfiguration', CLUSTER_RP[target.clusterType]].map((ns) =>
      getInto(arm, result, ARM_TYPES.provider, `/subscriptions/${target.subscription}/providers/${ns}`, API_VERSIONS.providers),
    ),
  ];
  if (target.clusterType === 'managedClusters') {
    const feature = `/subscriptions/${target.subscription}/providers/Microsoft.Features/providers/Microsoft.ContainerService/features/AKS-ExtensionManager`;
    reads.push(getInto(arm, result, ARM_TYPES.feature, feature, API_VERSIONS.features));
  }
  await Promise.all(reads);
  for (const f of result.failures) result.warnings.push(`Azure: ${f.message}`);
  return result;
}

async function listInto(arm: ArmReader, result: AzureReadResult, armType: string, path: string): Promise<void> {
  try {
    const items = await arm.list(path, API_VERSIONS.kubernetesConfiguration);
    // The list call does not always repeat `type` per item; the id still names it.
    result.resources.push(...items.flatMap((i) => azureResourcesIn(i)));
    result.completeTypes.push({ group: ARM_COMPLETE_GROUP, kind: armType });
  } catch (e) {
    result.failures.push(failureOf(armType, e));
  }
}

async function getInto(arm: ArmReader, result: AzureReadResult, armType: string, path: string, apiVersion: string): Promise<void> {
  try {
    result.resources.push(...azureResourcesIn(await arm.get(path, apiVersion)));
  } catch (e) {
    result.failures.push(failureOf(armType, e));
  }
}

export function failureOf(armType: string, e: unknown): AzureReadFailure {
  if (!(e instanceof ArmError)) return { armType, reason: 'unavailable', message: `reading ${armType} failed: ${firstLine(e)}` };
  const reason: AzureReadFailure['reason'] =
    e.status === 401 ? 'unauthorized' : e.status === 403 ? 'forbidden' : e.status === 404 ? 'not-found' : e.status === 429 ? 'throttled' : 'unavailable';
  const what = reason === 'forbidden' ? 'refused (403): the identity needs Reader on the cluster resource and subscription' : reason === 'throttled' ? 'throttled by ARM' : 'failed';
  return { armType, reason, message: `reading ${armType} ${what}: ${e.message}` };
}

async function defaultCredential(): Promise<TokenCredential> {
  const { DefaultAzureCredential } = await import('@azure/identity');
  return new DefaultAzureCredential();
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no token after ${Math.round(ms / 1000)}s`)), ms);
    timer.unref?.();
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0].slice(0, 300);
}
