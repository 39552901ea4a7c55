// Azure resources for the AZ check tests, loaded the way the snapshot loader reads azure/ files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { azureResourcesIn } from '../../../src/sources/azure-normalize.js';
import type { AzureResource } from '../../../src/snapshot/objects.js';
import type { SnapshotParts } from '../../../src/snapshot/snapshot.js';
import { clone, snapshotOf } from '../../helpers/check-harness.js';

const root = join(import.meta.dirname, '../../fixtures/azure');

export function azureFixture(rel: string): AzureResource[] {
  return azureResourcesIn(JSON.parse(readFileSync(join(root, rel), 'utf8')));
}

/** A healthy Arc cluster as `az connectedk8s show`, `az provider show`, `az k8s-extension show` print it. */
export function healthyArc(): AzureResource[] {
  return clone([
    ...azureFixture('cli/connectedcluster.json'),
    ...azureFixture('cli/providers.json'),
    ...azureFixture('cli/flux-extension.json'),
    ...azureFixture('rest/GetFluxConfiguration.json'),
  ]);
}

/** A healthy AKS cluster: `az aks show`, providers, the feature and the flux extension under managedClusters. */
export function healthyAks(): AzureResource[] {
  const flux = azureFixture('cli/flux-extension.json').map((e) => ({
    ...e,
    id: '/subscriptions/00000000-0000-0000-0000-000000000001/resourcegroups/aks-rg/providers/Microsoft.ContainerService/managedClusters/aks-1/providers/Microsoft.KubernetesConfiguration/extensions/flux',
  }));
  return clone([...azureFixture('cli/managedcluster.json'), ...azureFixture('cli/providers.json'), ...azureFixture('cli/feature-aks-extensionmanager.json'), ...flux]);
}

export function azureSnap(resources: AzureResource[], extra: Partial<SnapshotParts> = {}) {
  return snapshotOf([], { azure: resources, ...extra });
}

/** The resources with one changed: `edit` gets the first resource whose type ends with `typeSuffix`. */
export function changed(resources: AzureResource[], typeSuffix: string, edit: (r: AzureResource) => void, match: (r: AzureResource) => boolean = () => true): AzureResource[] {
  const copy = clone(resources);
  const target = copy.find((r) => r.type.toLowerCase().endsWith(typeSuffix.toLowerCase()) && match(r));
  if (!target) throw new Error(`no ${typeSuffix} in the fixture`);
  edit(target);
  return copy;
}
