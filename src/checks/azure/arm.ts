// Azure Resource Manager knowledge the AZ checks share: resource types, ids, which cluster the data is about,
// and how evidence names an Azure resource.
import type { AzureResource, ObjectRef } from '../../snapshot/objects.js';
import type { AzureReadFailure, Snapshot } from '../../snapshot/snapshot.js';

export const ARM_TYPES = {
  extension: 'Microsoft.KubernetesConfiguration/extensions',
  fluxConfiguration: 'Microsoft.KubernetesConfiguration/fluxConfigurations',
  sourceControlConfiguration: 'Microsoft.KubernetesConfiguration/sourceControlConfigurations',
  provider: 'Microsoft.Resources/providers',
  feature: 'Microsoft.Features/providers/features',
  connectedCluster: 'Microsoft.Kubernetes/connectedClusters',
  managedCluster: 'Microsoft.ContainerService/managedClusters',
  provisionedCluster: 'Microsoft.HybridContainerService/provisionedClusters',
} as const;

/** The `-t` of `az k8s-extension`: the cluster resource's type name. */
export type ClusterType = 'connectedClusters' | 'managedClusters' | 'provisionedClusters';

export const CLUSTER_RP: Record<ClusterType, string> = {
  connectedClusters: 'Microsoft.Kubernetes',
  managedClusters: 'Microsoft.ContainerService',
  provisionedClusters: 'Microsoft.HybridContainerService',
};

/** The cluster a set of Azure resources is about, with what `az` commands need. */
export interface ClusterIdentity {
  subscription?: string;
  resourceGroup?: string;
  name?: string;
  clusterType?: ClusterType;
}

/**
 * `/subscriptions/S/resourceGroups/RG/providers/Microsoft.Kubernetes/connectedClusters/C/providers/Microsoft.KubernetesConfiguration/extensions/flux`
 * → the cluster part. ARM compares these segments case-insensitively (`az` prints `resourcegroups` at times).
 */
export function clusterOfId(id: unknown): ClusterIdentity | undefined {
  if (typeof id !== 'string') return undefined;
  const m = /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/providers\/([^/]+)\/([^/]+)\/([^/]+)/i.exec(id.trim());
  if (!m) return undefined;
  const clusterType = clusterTypeOf(`${m[3]}/${m[4]}`);
  if (!clusterType) return undefined;
  return { subscription: m[1], resourceGroup: m[2], clusterType, name: m[5] };
}

export function clusterTypeOf(armType: string): ClusterType | undefined {
  const t = armType.toLowerCase();
  if (t === ARM_TYPES.connectedCluster.toLowerCase()) return 'connectedClusters';
  if (t === ARM_TYPES.managedCluster.toLowerCase()) return 'managedClusters';
  if (t === ARM_TYPES.provisionedCluster.toLowerCase()) return 'provisionedClusters';
  return undefined;
}

/** The cluster the snapshot's Azure data is about: its own resource first, then the ids of what hangs below it. */
export function clusterIdentity(snap: Snapshot): ClusterIdentity {
  const own = [ARM_TYPES.connectedCluster, ARM_TYPES.managedCluster, ARM_TYPES.provisionedCluster].flatMap((t) => snap.azure(t))[0];
  if (own) {
    const fromId = clusterOfId(own.id);
    return {
      subscription: fromId?.subscription,
      resourceGroup: fromId?.resourceGroup ?? stringOr(own.resourceGroup),
      name: stringOr(own.name) ?? fromId?.name,
      clusterType: clusterTypeOf(own.type) ?? fromId?.clusterType,
    };
  }
  for (const r of snap.azureResources) {
    const fromId = clusterOfId(r.id);
    if (fromId) return fromId;
  }
  return {};
}

function stringOr(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** How evidence names an Azure resource: its type and ARM id (what `az resource show --ids` takes). */
export function azureRef(r: AzureResource): string {
  return `${r.type} ${r.id ?? r.name ?? '(unnamed)'}`;
}

/** The object a finding is about, so `--suppress AZ003:extensions/*\/flux` works (namespace = resource group). */
export function azureObject(r: AzureResource): ObjectRef {
  const kind = r.type.split('/').pop() ?? r.type;
  return { kind, namespace: clusterOfId(r.id)?.resourceGroup, name: String(r.name ?? '') };
}

/** Why the Azure data of one type is missing: a failure for that type, or for Azure as a whole. */
export function azureFailureFor(snap: Snapshot, armType: string): AzureReadFailure | undefined {
  const t = armType.toLowerCase();
  return snap.azureFailures.find((f) => f.armType.toLowerCase() === t) ?? snap.azureFailures.find((f) => f.armType === '*');
}

/** `-g RG -c CLUSTER -n NAME -t TYPE` (the guide's order), with placeholders where the data does not say. */
export function clusterArgs(c: ClusterIdentity, name?: string): string {
  const named = name !== undefined ? ` -n ${name}` : '';
  return `-g ${c.resourceGroup ?? '<RESOURCE_GROUP>'} -c ${c.name ?? '<CLUSTER_NAME>'}${named} -t ${c.clusterType ?? '<connectedClusters|managedClusters>'}`;
}

/** The identity of one resource's own cluster (from its id), falling back to the snapshot's cluster. */
export function clusterFor(r: AzureResource, fallback: ClusterIdentity): ClusterIdentity {
  return clusterOfId(r.id) ?? fallback;
}

export function lower(v: unknown): string {
  return typeof v === 'string' ? v.toLowerCase() : '';
}

/** The TypeRef group under which a source records the ARM types it listed completely (an empty list is then "none"). */
export const ARM_COMPLETE_GROUP = 'management.azure.com';

/** Whether the source listed this ARM type completely, so no resource of it means there are none. */
export function listedCompletely(snap: Snapshot, armType: string): boolean {
  return snap.knowsType({ group: ARM_COMPLETE_GROUP, kind: armType });
}

/** The skip or error for a check whose Azure data of one type is missing. */
export function missingAzureData(snap: Snapshot, armType: string, howToGet: string): { status: 'skip' | 'error'; message: string } {
  const failure = azureFailureFor(snap, armType);
  if (failure && failure.reason !== 'no-target' && failure.reason !== 'not-found') {
    return { status: 'error', message: `could not read ${armType} from Azure: ${failure.message}` };
  }
  if (failure) return { status: 'skip', message: `${failure.message}` };
  return { status: 'skip', message: `no ${armType} data (${howToGet})` };
}
