// The Azure coordinates remediation commands need, from the extension's ARM id when Azure data is present.
import type { InstalledExtension } from '../shared/extensions.js';

export interface AzCoordinates {
  resourceGroup: string;
  cluster: string;
  clusterType: string;
  extensionName: string;
}

/** `-g RG -c CLUSTER -t TYPE -n NAME`, with `<PLACEHOLDERS>` for what the snapshot does not say. */
export function azCoordinates(extension: InstalledExtension | undefined): AzCoordinates {
  const id = String(extension?.resource?.id ?? '');
  const m = /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.(?:Kubernetes\/connectedClusters|ContainerService\/managedClusters)\/([^/]+)/i.exec(id);
  const type = /Microsoft\.ContainerService\/managedClusters/i.test(id) ? 'managedClusters' : /Microsoft\.Kubernetes\/connectedClusters/i.test(id) ? 'connectedClusters' : '<connectedClusters|managedClusters>';
  return {
    resourceGroup: m?.[1] ?? '<RESOURCE_GROUP>',
    cluster: m?.[2] ?? '<CLUSTER_NAME>',
    clusterType: type,
    extensionName: extension?.name || 'flux',
  };
}

export function azExtensionArgs(c: AzCoordinates): string {
  return `-g ${c.resourceGroup} -c ${c.cluster} -t ${c.clusterType} -n ${c.extensionName}`;
}
