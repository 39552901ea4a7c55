import { describe, expect, it } from 'vitest';
import { discoverAzureTarget } from '../../src/sources/azure-discovery.js';
import { typeFromId, azureResourcesIn } from '../../src/sources/azure-normalize.js';
import { snapshotOf, yamlObjects } from '../helpers/check-harness.js';

const arcConfigMap = `
apiVersion: v1
kind: ConfigMap
metadata:
  name: azure-clusterconfig
  namespace: azure-arc
data:
  AZURE_ARC_AGENT_VERSION: 1.21.10
  AZURE_RESOURCE_GROUP: arc-rg
  AZURE_RESOURCE_NAME: arc-cluster-1
  AZURE_SUBSCRIPTION_ID: 00000000-0000-0000-0000-000000000001
  AZURE_REGION: westeurope
`;

const aksNode = (group: string) => `
apiVersion: v1
kind: Node
metadata:
  name: aks-nodepool1-12345678-vmss000000
  labels:
    kubernetes.azure.com/cluster: ${group}
    kubernetes.azure.com/role: agent
spec:
  providerID: azure:///subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/${group.toLowerCase()}/providers/Microsoft.Compute/virtualMachineScaleSets/aks-nodepool1-12345678-vmss/virtualMachines/0
`;

describe('discoverAzureTarget', () => {
  it('reads an Arc cluster from azure-arc/azure-clusterconfig', () => {
    const d = discoverAzureTarget(snapshotOf(yamlObjects(arcConfigMap)));
    expect(d.target).toEqual({ subscription: '00000000-0000-0000-0000-000000000001', resourceGroup: 'arc-rg', cluster: 'arc-cluster-1', clusterType: 'connectedClusters' });
  });

  it('reads an AKS cluster from the node resource group MC_<rg>_<cluster>_<location>, keeping the label’s case', () => {
    const d = discoverAzureTarget(snapshotOf(yamlObjects(aksNode('MC_Aks-RG_aks-1_eastus'))));
    expect(d.target).toEqual({ subscription: '00000000-0000-0000-0000-000000000001', resourceGroup: 'Aks-RG', cluster: 'aks-1', clusterType: 'managedClusters' });
  });

  it('does not guess when the node resource group name is ambiguous or custom', () => {
    const d = discoverAzureTarget(snapshotOf(yamlObjects(aksNode('MC_my_rg_aks-1_eastus'))));
    expect(d.target).toBeUndefined();
    expect(d.detail).toContain('pass --resource-group and --cluster');
  });

  it('prefers the AKS_RESOURCE_ID of ama-logs over the node group', () => {
    const ds = {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'ama-logs', namespace: 'kube-system' },
      spec: { template: { spec: { containers: [{ name: 'ama-logs', env: [{ name: 'AKS_RESOURCE_ID', value: '/subscriptions/s1/resourcegroups/real-rg/providers/Microsoft.ContainerService/managedClusters/real_name' }] }] } } },
    };
    const d = discoverAzureTarget(snapshotOf([ds, ...yamlObjects(aksNode('MC_my_rg_aks-1_eastus'))]));
    expect(d.target).toEqual({ subscription: 's1', resourceGroup: 'real-rg', cluster: 'real_name', clusterType: 'managedClusters' });
  });

  it('says why when the cluster names no Azure resource', () => {
    expect(discoverAzureTarget(snapshotOf([])).detail).toContain('azure-clusterconfig');
  });
});

describe('Azure CLI and REST shapes', () => {
  it('types a nested extension id, a provider id and a feature id', () => {
    expect(typeFromId('/subscriptions/s/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/c/providers/Microsoft.KubernetesConfiguration/extensions/flux')).toBe('Microsoft.KubernetesConfiguration/extensions');
    expect(typeFromId('/subscriptions/s/providers/Microsoft.KubernetesConfiguration')).toBe('Microsoft.Resources/providers');
    expect(typeFromId('/subscriptions/s/providers/Microsoft.Features/providers/Microsoft.ContainerService/features/AKS-ExtensionManager')).toBe('Microsoft.Features/providers/features');
  });

  it('recognises an extension printed without type, and maps installedVersion to currentVersion', () => {
    const [ext] = azureResourcesIn({ name: 'flux', extensionType: 'microsoft.flux', installedVersion: '1.8.2', provisioningState: 'Succeeded' });
    expect(ext.type).toBe('Microsoft.KubernetesConfiguration/extensions');
    expect(ext.currentVersion).toBe('1.8.2');
  });

  it('unwraps the REST examples’ responses wrapper and list pages', () => {
    const page = { responses: { '200': { body: { value: [{ id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Kubernetes/connectedClusters/c/providers/Microsoft.KubernetesConfiguration/fluxConfigurations/f', properties: { complianceState: 'Compliant' } }], nextLink: null } } } };
    const [cfg] = azureResourcesIn(page);
    expect(cfg.type).toBe('Microsoft.KubernetesConfiguration/fluxConfigurations');
    expect(cfg.complianceState).toBe('Compliant');
    expect(cfg.name).toBe('f');
  });
});
