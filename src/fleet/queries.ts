// The two Resource Graph queries of a fleet run (docs/fleet.md shows them): whole rows, ordered by id so that
// $skipToken paging is stable.
import { ARM_TYPES } from '../snapshot/azure/model.js';
import { kustoString } from './graph.js';

export type FleetClusterType = 'connectedClusters' | 'managedClusters';

export interface QueryScope {
  resourceGroups: string[];
  clusterType?: FleetClusterType;
}

const CLUSTER_TYPES: Record<FleetClusterType, string> = {
  connectedClusters: ARM_TYPES.connectedCluster,
  managedClusters: ARM_TYPES.managedCluster,
};

export const CONFIGURATION_TYPES = [ARM_TYPES.extension, ARM_TYPES.fluxConfiguration, ARM_TYPES.sourceControlConfiguration] as const;

const COLUMNS = '| project id, name, type, subscriptionId, resourceGroup, location, properties';

export function clustersQuery(scope: QueryScope): string {
  const types = scope.clusterType ? [CLUSTER_TYPES[scope.clusterType]] : Object.values(CLUSTER_TYPES);
  return ['Resources', `| where type in~ (${types.map((t) => kustoString(t.toLowerCase())).join(', ')})`, ...groupFilter(scope), COLUMNS, '| order by id asc'].join('\n');
}

export function configurationsQuery(scope: QueryScope): string {
  const clusterFilter = scope.clusterType ? [`| where id contains ${kustoString(`/${scope.clusterType.toLowerCase()}/`)}`] : [];
  return [
    'KubernetesConfigurationResources',
    `| where type in~ (${CONFIGURATION_TYPES.map((t) => kustoString(t.toLowerCase())).join(', ')})`,
    ...groupFilter(scope),
    ...clusterFilter,
    COLUMNS,
    '| order by id asc',
  ].join('\n');
}

function groupFilter(scope: QueryScope): string[] {
  if (scope.resourceGroups.length === 0) return [];
  return [`| where resourceGroup in~ (${scope.resourceGroups.map(kustoString).join(', ')})`];
}
