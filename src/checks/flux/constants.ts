// Names Azure and the guide give to things the flux checks look for.

export const AZURE_FLUX_CONFIGURATION = 'Microsoft.KubernetesConfiguration/fluxConfigurations';
export const AZURE_MANAGED_CLUSTER = 'Microsoft.ContainerService/managedClusters';
export const AZURE_EXTENSION = 'Microsoft.KubernetesConfiguration/extensions';

/**
 * The newest microsoft.flux version known to this release of arcdoctor: 1.19.5, seen 2026-03-09 in Azure/AKS #5645.
 * Update it when a newer extension ships; FLUX004 only warns about versions older than this.
 */
export const LATEST_KNOWN_FLUX_EXTENSION = { version: '1.19.5', seen: '2026-03-09' } as const;
