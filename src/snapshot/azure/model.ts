// The Azure resource model both the sources (ARM, Resource Graph, az CLI files) and the AZ checks import:
// resource types, cluster types and their resource providers, and which cluster an ARM id belongs to.

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

/** The resource provider every cluster extension and Flux configuration lives in. */
export const CONFIGURATION_RP = 'Microsoft.KubernetesConfiguration';

/** The cluster a set of Azure resources is about, with what `az` commands need. */
export interface ClusterIdentity {
  subscription?: string;
  resourceGroup?: string;
  name?: string;
  clusterType?: ClusterType;
}

/** The TypeRef group under which a source records the ARM types it listed completely (an empty list is then "none"). */
export const ARM_COMPLETE_GROUP = 'management.azure.com';

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

/** The cluster resource id an id starts with (lowercased, as ARM compares ids), or undefined. */
export function clusterIdKey(id: unknown): string | undefined {
  if (typeof id !== 'string') return undefined;
  const m = /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/[^/]+\/[^/]+\/[^/]+/i.exec(id.trim());
  return m && clusterOfId(m[0]) ? m[0].toLowerCase() : undefined;
}

export function clusterTypeOf(armType: string): ClusterType | undefined {
  const t = armType.toLowerCase();
  if (t === ARM_TYPES.connectedCluster.toLowerCase()) return 'connectedClusters';
  if (t === ARM_TYPES.managedCluster.toLowerCase()) return 'managedClusters';
  if (t === ARM_TYPES.provisionedCluster.toLowerCase()) return 'provisionedClusters';
  return undefined;
}
