import type { KubeObject } from '../../snapshot/objects.js';
import { refOf, refString } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import { defineCheck, fromFindings, pass, skip, type Finding } from '../define.js';
import { kubeletIdentityFix } from '../azure/arm-fixes.js';
import { azCoordinates } from './az.js';
import { AZURE_EXTENSION, AZURE_MANAGED_CLUSTER } from './constants.js';
import { fluxInstall } from './install.js';

const AUTH_FAILURE = /\b401\b|\b403\b|unauthori[sz]ed|authenticat|authoriz|credential|access denied|denied: /i;

export default defineCheck({
  id: 'FLUX005',
  area: 'flux',
  title: 'Flux uses the kubelet identity to pull from Azure Container Registry',
  guide: 'Problemas com a identidade do kubelet ao instalar a extensão microsoft.flux em um cluster do AKS',
  reads: [{ type: R.OCIRepository }, { type: R.HelmRepository }, { type: R.GitRepository }, { type: R.Bucket }, { type: R.ExtensionConfig }],
  azure: [AZURE_MANAGED_CLUSTER, AZURE_EXTENSION],
  fixable: true,
  run(snap) {
    if (!snap.hasAzureData()) return skip('no Azure data (az aks show) in this snapshot: the kubelet identity cannot be read');
    const cluster = snap.azure(AZURE_MANAGED_CLUSTER)[0];
    if (!cluster) return skip('not an AKS cluster (no Microsoft.ContainerService/managedClusters resource): kubelet identity applies to AKS only');
    const kubelet = cluster.identityProfile?.kubeletidentity ?? cluster.properties?.identityProfile?.kubeletidentity;
    if (!kubelet?.resourceId && !kubelet?.clientId) return pass(`AKS cluster ${cluster.name ?? ''} has no user-assigned kubelet identity`);
    const install = fluxInstall(snap);
    if (!install.extension) return skip('no microsoft.flux extension: useKubeletIdentity is one of its settings');
    const setting = Object.entries(install.extension.configurationSettings).find(([k]) => k.toLowerCase() === 'usekubeletidentity');
    if (setting && setting[1].trim().toLowerCase() === 'true') return pass(`microsoft.flux uses the kubelet identity (useKubeletIdentity=true)`);
    const sources = acrSources(snap);
    if (sources.length === 0) return pass('no Flux source pulls from Azure Container Registry (*.azurecr.io, .cn, .us or provider: azure)');
    const c = azCoordinates(install.extension);
    const rg = c.resourceGroup !== '<RESOURCE_GROUP>' ? c.resourceGroup : resourceGroupOf(cluster.id) ?? '<RESOURCE_GROUP>';
    const name = c.cluster !== '<CLUSTER_NAME>' ? c.cluster : cluster.name ?? '<CLUSTER_NAME>';
    const commands = [
      `az k8s-extension delete -g ${rg} -c ${name} -t managedClusters -n ${c.extensionName} --yes`,
      `az k8s-extension create -g ${rg} -c ${name} -t managedClusters -n ${c.extensionName} --extension-type microsoft.flux --config useKubeletIdentity=true`,
    ];
    const patch = install.extension.resource ? kubeletIdentityFix(install.extension.resource, setting?.[1]) : undefined;
    const findings = sources.map((s) => sourceFinding(s, kubelet, setting?.[1], commands));
    // One PATCH of the extension, however many sources it fixes.
    if (patch && findings[0]) findings[0].fixes = [patch];
    return fromFindings(findings, {
      pass: '',
      remediation: `Install microsoft.flux with --config useKubeletIdentity=true so source-controller authenticates to ACR as the kubelet identity (${kubelet.resourceId ?? kubelet.clientId}). The setting is taken at creation: delete and re-create the extension (your fluxConfigurations stay in Azure and are re-applied).`,
    });
  },
});

function sourceFinding(s: KubeObject, kubelet: { resourceId?: string; clientId?: string }, setting: string | undefined, commands: string[]): Finding {
  const ready = readyCondition(s);
  const failing = ready?.status === 'False' && AUTH_FAILURE.test(String(ready.message ?? ''));
  const where = s.spec?.url ?? s.spec?.endpoint ?? '';
  return {
    status: failing ? 'fail' : 'warn',
    object: refOf(s),
    message: failing
      ? `${s.kind} ${s.metadata.namespace}/${s.metadata.name} (${where}) fails to authenticate and microsoft.flux lacks useKubeletIdentity=true${providerHint(s)}: ${String(ready?.message).slice(0, 200)}`
      : `${s.kind} ${s.metadata.namespace}/${s.metadata.name} pulls from ${where || 'Azure'} while microsoft.flux lacks useKubeletIdentity=true (the cluster has a user-assigned kubelet identity)`,
    evidence: [
      { ref: refString(s), path: 'spec.url / spec.provider', observed: `${where}${s.spec?.provider ? ' provider ' + s.spec.provider : ''}` },
      ...(ready ? [{ ref: refString(s), path: 'status.conditions[Ready]', observed: `${ready.status}: ${ready.message ?? ''}`, expected: 'True' }] : []),
      { ref: 'microsoft.flux extension', path: 'configurationSettings.useKubeletIdentity', observed: setting ?? '(not set)', expected: 'true' },
      { ref: 'managedCluster', path: 'identityProfile.kubeletidentity', observed: kubelet.resourceId ?? kubelet.clientId },
    ],
    commands,
  };
}

/** source-controller only asks Azure for a token when the source says `provider: azure`; generic pulls anonymously. */
function providerHint(s: KubeObject): string {
  if (!['OCIRepository', 'HelmRepository'].includes(s.kind) || String(s.spec?.provider ?? 'generic').toLowerCase() === 'azure') return '';
  return ` (also set spec.provider: azure on it, now ${s.spec?.provider ?? 'generic'})`;
}

function acrSources(snap: Snapshot): KubeObject[] {
  const candidates = [...snap.list(R.OCIRepository), ...snap.list(R.HelmRepository), ...snap.list(R.GitRepository), ...snap.list(R.Bucket)];
  return candidates.filter((s) => {
    const url = String(s.spec?.url ?? s.spec?.endpoint ?? '');
    // Login servers: azurecr.io (public cloud), azurecr.cn (Azure China), azurecr.us (Azure Government).
    const acr = /^(?:[a-z]+:\/\/)?[^/]+\.azurecr\.(?:io|cn|us)(?:[:/]|$)/i.test(url);
    // Provider azure means ACR only for registries: on a GitRepository it is Azure DevOps, on a Bucket Blob storage.
    const azureProvider = ['OCIRepository', 'HelmRepository'].includes(s.kind) && String(s.spec?.provider ?? '').toLowerCase() === 'azure';
    // Credentials from a Secret (ACR admin user, token) do not depend on any identity.
    const ownCredentials = Boolean(s.spec?.secretRef?.name) && !azureProvider;
    // Flux 2.6+ object-level workload identity: the source authenticates as its own service account's identity.
    const ownIdentity = Boolean(s.spec?.serviceAccountName) && azureProvider;
    return (acr || azureProvider) && !ownCredentials && !ownIdentity;
  });
}

function readyCondition(s: KubeObject): { status?: string; message?: string } | undefined {
  const conditions: unknown = s.status?.conditions;
  return Array.isArray(conditions) ? conditions.find((c) => c?.type === 'Ready') : undefined;
}

function resourceGroupOf(id: unknown): string | undefined {
  return /\/resourceGroups\/([^/]+)/i.exec(String(id ?? ''))?.[1];
}
