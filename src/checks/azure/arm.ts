// Azure Resource Manager knowledge the AZ checks share: which cluster the data is about, how evidence names an
// Azure resource, and what a missing type means.
import type { AzureResource, ObjectRef } from '../../snapshot/objects.js';
import type { AzureReadFailure, Snapshot } from '../../snapshot/snapshot.js';
import { ARM_COMPLETE_GROUP, ARM_TYPES, clusterOfId, clusterTypeOf, type ClusterIdentity } from '../../snapshot/azure/model.js';

// The model lives in src/snapshot/azure/ (sources import it too); re-exported so checks keep one import.
export { ARM_COMPLETE_GROUP, ARM_TYPES, CLUSTER_RP, clusterOfId, clusterTypeOf, type ClusterIdentity, type ClusterType } from '../../snapshot/azure/model.js';

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
