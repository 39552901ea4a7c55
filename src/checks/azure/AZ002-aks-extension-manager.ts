import type { AzureResource } from '../../snapshot/objects.js';
import { defineCheck, fail, pass, skip, warn } from '../define.js';
import { registerExtensionManagerFix } from './arm-fixes.js';
import { ARM_TYPES, clusterIdentity, clusterOfId, lower, missingAzureData } from './arm.js';

export const EXTENSION_MANAGER_FEATURE = 'Microsoft.ContainerService/AKS-ExtensionManager';

/** `az feature show` prints `name: Microsoft.ContainerService/AKS-ExtensionManager` and `properties.state`. */
function featureOf(features: AzureResource[]): AzureResource | undefined {
  return features.find((f) => lower(f.name).endsWith('aks-extensionmanager') || lower(f.id).endsWith('/features/aks-extensionmanager'));
}

export default defineCheck({
  id: 'AZ002',
  area: 'azure',
  title: 'AKS-ExtensionManager feature registered (AKS)',
  guide: 'Erros ao instalar a extensão microsoft.flux',
  reads: [],
  azure: [ARM_TYPES.feature, ARM_TYPES.extension],
  fixable: true,
  run(snap) {
    const cluster = clusterIdentity(snap);
    if (cluster.clusterType && cluster.clusterType !== 'managedClusters') {
      return skip(`applies to AKS (managedClusters) only; this cluster is a ${cluster.clusterType}`);
    }
    const feature = featureOf(snap.azure(ARM_TYPES.feature));
    if (!feature) {
      if (!cluster.clusterType) return skip('cluster type unknown and no AKS-ExtensionManager feature data (az feature show --namespace Microsoft.ContainerService --name AKS-ExtensionManager)');
      return missingAzureData(snap, ARM_TYPES.feature, 'az feature show --namespace Microsoft.ContainerService --name AKS-ExtensionManager');
    }
    const state = String(feature.state ?? feature.properties?.state ?? 'unknown');
    const subscription = cluster.subscription ? ` --subscription ${cluster.subscription}` : '';
    const evidence = [{ ref: `${ARM_TYPES.feature} ${feature.id ?? EXTENSION_MANAGER_FEATURE}`, path: 'properties.state', observed: state, expected: 'Registered' }];
    const remediation = {
      text: 'Register the AKS-ExtensionManager feature on the subscription, then re-register Microsoft.ContainerService so the registration propagates; retry the extension install afterwards.',
      commands: [
        `az feature register --namespace Microsoft.ContainerService --name AKS-ExtensionManager${subscription}`,
        `az feature show --namespace Microsoft.ContainerService --name AKS-ExtensionManager${subscription} --query properties.state -o tsv`,
        `az provider register -n Microsoft.ContainerService${subscription}`,
      ],
    };
    switch (state.toLowerCase()) {
      case 'registered':
        return pass(`${EXTENSION_MANAGER_FEATURE} is Registered`, { evidence });
      case 'registering':
      case 'pending':
        return warn(`${EXTENSION_MANAGER_FEATURE} is ${state}: registration has not finished`, { evidence, remediation });
      default: {
        // The catalog holds the guide's rule; extensions that installed anyway are worth saying, not a pass.
        const installed = installedAksExtensions(snap.azure(ARM_TYPES.extension));
        const aside = installed.length ? ` (extension(s) ${installed.join(', ')} installed nonetheless)` : '';
        const fixes = cluster.subscription ? [registerExtensionManagerFix(cluster.subscription)] : undefined;
        return fail(`${EXTENSION_MANAGER_FEATURE} is ${state}, not Registered${aside}`, { evidence, remediation, fixes });
      }
    }
  },
});

/** Names of extensions on a managedCluster that reached Succeeded. */
function installedAksExtensions(extensions: AzureResource[]): string[] {
  return extensions.filter((e) => clusterOfId(e.id)?.clusterType === 'managedClusters' && lower(e.provisioningState) === 'succeeded').map((e) => String(e.name ?? ''));
}
