// Which Azure resource a cluster is, read from the cluster itself (pure: a snapshot in, a target or a reason out).
// Arc: the `azure-clusterconfig` ConfigMap of `azure-arc` (AZURE_SUBSCRIPTION_ID, AZURE_RESOURCE_GROUP,
// AZURE_RESOURCE_NAME, as `az connectedk8s` itself reads them). Container Insights: AKS_RESOURCE_ID in ama-logs.
// AKS: the nodes' providerID gives the subscription and the node resource group `MC_<rg>_<cluster>_<location>`.
import { clusterOfId } from '../snapshot/azure/model.js';
import type { ReadNeed } from '../checks/define.js';
import type { KubeObject } from '../snapshot/objects.js';
import { R } from '../snapshot/resources.js';
import type { Snapshot } from '../snapshot/snapshot.js';
import type { AzureTarget } from './azure-live.js';

export interface Discovery {
  target?: AzureTarget;
  /** Where the target came from, or why none was found. */
  detail: string;
}

/** What the live source must list for discovery to work. */
export const AZURE_DISCOVERY_READS: ReadNeed[] = [
  { type: R.ConfigMap, namespace: 'azure-arc' },
  { type: R.DaemonSet, namespace: 'kube-system' },
  { type: R.Node },
];

export function discoverAzureTarget(snap: Snapshot): Discovery {
  return fromArcConfig(snap) ?? fromAmaResourceId(snap) ?? fromAksNodes(snap) ?? { detail: 'the cluster does not say which Azure resource it is (no azure-arc/azure-clusterconfig ConfigMap, no AKS node providerID)' };
}

function fromArcConfig(snap: Snapshot): Discovery | undefined {
  const data = snap.get(R.ConfigMap, 'azure-arc', 'azure-clusterconfig')?.data as Record<string, unknown> | undefined;
  const subscription = str(data?.AZURE_SUBSCRIPTION_ID);
  const resourceGroup = str(data?.AZURE_RESOURCE_GROUP);
  const cluster = str(data?.AZURE_RESOURCE_NAME);
  if (!subscription || !resourceGroup || !cluster) return undefined;
  return { target: { subscription, resourceGroup, cluster, clusterType: 'connectedClusters' }, detail: 'ConfigMap azure-arc/azure-clusterconfig' };
}

function fromAmaResourceId(snap: Snapshot): Discovery | undefined {
  for (const ds of snap.list(R.DaemonSet).filter((d) => /^ama-logs|^omsagent/.test(d.metadata.name))) {
    for (const c of containersOf(ds)) {
      const env = (c.env ?? []).find((e: { name?: string }) => e?.name === 'AKS_RESOURCE_ID');
      const id = clusterOfId(env?.value);
      if (id?.subscription && id.resourceGroup && id.name && (id.clusterType === 'connectedClusters' || id.clusterType === 'managedClusters')) {
        return {
          target: { subscription: id.subscription, resourceGroup: id.resourceGroup, cluster: id.name, clusterType: id.clusterType },
          detail: `AKS_RESOURCE_ID of DaemonSet ${ds.metadata.namespace}/${ds.metadata.name}`,
        };
      }
    }
  }
  return undefined;
}

/**
 * `azure:///subscriptions/S/resourceGroups/MC_rg_cluster_westeurope/providers/Microsoft.Compute/...`.
 * The node resource group is `MC_<rg>_<cluster>_<location>` unless it was named at creation; resource group and
 * cluster names may hold `_`, so only a name that splits into exactly four parts is trusted.
 */
function fromAksNodes(snap: Snapshot): Discovery | undefined {
  for (const node of snap.list(R.Node)) {
    const m = /^azure:\/\/\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\//i.exec(str(node.spec?.providerID) ?? '');
    if (!m) continue;
    // The label keeps the group's case; the providerID is often lowercased.
    const nodeGroup = str(node.metadata.labels?.['kubernetes.azure.com/cluster']) ?? m[2];
    const parts = nodeGroup.split('_');
    if (parts.length !== 4 || parts[0].toUpperCase() !== 'MC') {
      return { detail: `AKS node resource group ${nodeGroup} does not name the cluster unambiguously; pass --resource-group and --cluster` };
    }
    return {
      target: { subscription: m[1], resourceGroup: parts[1], cluster: parts[2], clusterType: 'managedClusters' },
      detail: `providerID of node ${node.metadata.name} (node resource group ${nodeGroup})`,
    };
  }
  return undefined;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function containersOf(workload: KubeObject): any[] {
  const spec = workload.spec?.template?.spec;
  return [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}
