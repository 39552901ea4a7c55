// Azure resources as the Azure CLI prints them (flattened) or as ARM REST returns them (`properties` wrapper),
// normalised to the flat form so checks read one shape.
import type { AzureResource } from '../snapshot/objects.js';

export const AZURE_TYPES = {
  extension: 'Microsoft.KubernetesConfiguration/extensions',
  fluxConfiguration: 'Microsoft.KubernetesConfiguration/fluxConfigurations',
  sourceControlConfiguration: 'Microsoft.KubernetesConfiguration/sourceControlConfigurations',
  provider: 'Microsoft.Resources/providers',
  feature: 'Microsoft.Features/providers/features',
  connectedCluster: 'Microsoft.Kubernetes/connectedClusters',
  managedCluster: 'Microsoft.ContainerService/ManagedClusters',
} as const;

/** Every resource in a parsed `azure/` JSON document: one object, an array, or a REST `{ value: [...] }` page. */
export function azureResourcesIn(value: unknown): AzureResource[] {
  if (Array.isArray(value)) return value.flatMap(azureResourcesIn);
  if (!value || typeof value !== 'object') return [];
  const obj = value as Record<string, unknown>;
  // The REST API specs' examples wrap the body: { parameters, responses: { "200": { body } } }.
  const responses = obj.responses as Record<string, { body?: unknown }> | undefined;
  if (responses && typeof responses === 'object') {
    const ok = responses['200'] ?? responses['201'];
    return ok?.body ? azureResourcesIn(ok.body) : [];
  }
  if (Array.isArray(obj.value) && obj.type === undefined) return azureResourcesIn(obj.value);
  const normalized = normalizeAzureResource(obj);
  return normalized ? [normalized] : [];
}

export function normalizeAzureResource(raw: Record<string, unknown>): AzureResource | undefined {
  const flat: Record<string, unknown> = { ...raw };
  const props = raw.properties;
  if (props && typeof props === 'object' && !Array.isArray(props)) {
    // Flatten, but keep the original `properties` for fields the CLI also keeps nested (features: properties.state).
    for (const [k, v] of Object.entries(props as Record<string, unknown>)) if (!(k in flat)) flat[k] = v;
  }
  const type = typeof flat.type === 'string' ? flat.type : inferType(flat);
  if (!type) return undefined;
  flat.type = type;
  if (flat.currentVersion === undefined && flat.installedVersion !== undefined) flat.currentVersion = flat.installedVersion;
  if (flat.installedVersion === undefined && flat.currentVersion !== undefined) flat.installedVersion = flat.currentVersion;
  return flat as AzureResource;
}

/** `az provider show` and some `az feature show` outputs carry no `type`; recognise them by shape. */
function inferType(obj: Record<string, unknown>): string | undefined {
  if (typeof obj.namespace === 'string' && typeof obj.registrationState === 'string') return AZURE_TYPES.provider;
  if (typeof obj.id === 'string' && /\/providers\/Microsoft\.Features\/providers\//i.test(obj.id)) return AZURE_TYPES.feature;
  if (typeof obj.id === 'string') {
    const m = /\/providers\/([^/]+\/[^/]+)\/[^/]+$/i.exec(obj.id);
    if (m && !/\/providers\/[^/]+\/[^/]+\/[^/]+\/providers\//i.test(obj.id)) return m[1];
  }
  return undefined;
}
