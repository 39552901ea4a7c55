// The Azure source, live: reads the extension, Flux and provider resources through ARM (issue #6).
import type { AzureResource } from '../snapshot/objects.js';

export interface AzureTarget {
  subscription: string;
  resourceGroup: string;
  cluster: string;
  clusterType: 'connectedClusters' | 'managedClusters';
}

export interface AzureReadResult {
  resources: AzureResource[];
  warnings: string[];
}

export async function readAzure(_target: AzureTarget): Promise<AzureReadResult> {
  return { resources: [], warnings: ['Azure reads are not available in this build; the AZ checks use azure/ files only'] };
}
