// Azure resources as the Azure CLI prints them (flattened), as ARM REST returns them (`properties` wrapper), or as
// Azure Resource Graph returns them (`properties` with some names PascalCase: `properties.ExtensionType`),
// normalised to the flat, camelCase form so checks read one shape.
import type { AzureResource } from '../objects.js';
import { ARM_TYPES } from './model.js';
import { canonicalKeys } from './property-names.js';

export const AZURE_TYPES = ARM_TYPES;

/** Every resource in a parsed `azure/` JSON document: one object, an array, or a REST `{ value: [...] }` page. */
export function azureResourcesIn(value: unknown, depth = 0): AzureResource[] {
  if (depth > 8) return [];
  if (Array.isArray(value)) return value.flatMap((v) => azureResourcesIn(v, depth + 1));
  if (!value || typeof value !== 'object') return [];
  const obj = value as Record<string, unknown>;
  // The REST API specs' examples wrap the body: { parameters, responses: { "200": { body } } }.
  const responses = obj.responses as Record<string, { body?: unknown }> | undefined;
  if (responses && typeof responses === 'object' && !Array.isArray(responses) && obj.type === undefined) {
    const ok = responses['200'] ?? responses['201'];
    return ok && typeof ok === 'object' && ok.body ? azureResourcesIn(ok.body, depth + 1) : [];
  }
  if (Array.isArray(obj.value) && obj.type === undefined) return azureResourcesIn(obj.value, depth + 1);
  const normalized = normalizeAzureResource(obj);
  return normalized ? [normalized] : [];
}

/**
 * The ARM type an EMPTY list file stands for, from its name: `az k8s-extension list` prints `[]` when the cluster has
 * no extensions, and that `[]` carries no `type`. Saved as the Azure CLI command suggests (`k8s-extension-list.json`,
 * `extensions.json`, `k8s-configuration-flux-list.json`, `flux-configurations.json`, `k8s-configuration-list.json`),
 * it means "read, none" rather than "not collected". Anything else stays unknown.
 */
export function emptyListType(path: string, value: unknown): string | undefined {
  const empty = (Array.isArray(value) && value.length === 0) || (isRecord(value) && Array.isArray(value.value) && value.value.length === 0 && value.type === undefined);
  if (!empty) return undefined;
  const name = (path.split('/').pop() ?? '').toLowerCase().replace(/\.json$/, '');
  if (/flux/.test(name) && /config/.test(name)) return ARM_TYPES.fluxConfiguration;
  if (/extension/.test(name) && !/config/.test(name)) return ARM_TYPES.extension;
  if (/source-?control|^k8s-configuration(-list)?$/.test(name)) return ARM_TYPES.sourceControlConfiguration;
  return undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return Boolean(v) && typeof v === 'object' && !Array.isArray(v);
}

const KNOWN_TYPES = new Map<string, string>(Object.values(ARM_TYPES).map((t) => [t.toLowerCase(), t]));

export function normalizeAzureResource(input: Record<string, unknown>): AzureResource | undefined {
  const raw = canonicalKeys(input) as Record<string, unknown>;
  const flat: Record<string, unknown> = { ...raw };
  const props = raw.properties;
  if (props && typeof props === 'object' && !Array.isArray(props)) {
    // Flatten, but keep the original `properties` for fields the CLI also keeps nested (features: properties.state).
    for (const [k, v] of Object.entries(props as Record<string, unknown>)) if (flat[k] === undefined || flat[k] === null) flat[k] = v;
  }
  const type = typeof flat.type === 'string' && flat.type.includes('/') ? flat.type : inferType(flat);
  if (!type) return undefined;
  // Resource Graph lowercases types (`microsoft.kubernetesconfiguration/extensions`); evidence and suppressions use ARM's spelling.
  flat.type = KNOWN_TYPES.get(type.toLowerCase()) ?? type;
  if (flat.currentVersion == null && flat.installedVersion != null) flat.currentVersion = flat.installedVersion;
  if (flat.installedVersion == null && flat.currentVersion != null) flat.installedVersion = flat.currentVersion;
  if (typeof flat.name !== 'string' && typeof flat.id === 'string') flat.name = flat.id.split('/').pop();
  return flat as AzureResource;
}

/** The ARM type of a resource whose JSON carries none (`az provider show`, some CLI versions): from its id, then its shape. */
export function inferType(obj: Record<string, unknown>): string | undefined {
  if (typeof obj.namespace === 'string' && typeof obj.registrationState === 'string') return ARM_TYPES.provider;
  const fromId = typeof obj.id === 'string' ? typeFromId(obj.id) : undefined;
  if (fromId) return fromId;
  if (typeof obj.extensionType === 'string') return ARM_TYPES.extension;
  if (typeof obj.sourceKind === 'string' || (obj.gitRepository && typeof obj.complianceState === 'string')) return ARM_TYPES.fluxConfiguration;
  if (typeof obj.repositoryUrl === 'string' && (obj.operatorType !== undefined || obj.complianceStatus !== undefined)) return ARM_TYPES.sourceControlConfiguration;
  return undefined;
}

/**
 * `/subscriptions/S/resourceGroups/RG/providers/Microsoft.Kubernetes/connectedClusters/C/providers/Microsoft.KubernetesConfiguration/extensions/flux`
 * → `Microsoft.KubernetesConfiguration/extensions`: the namespace after the last `/providers/`, then every other segment.
 */
export function typeFromId(id: string): string | undefined {
  if (/\/providers\/Microsoft\.Features\/providers\/[^/]+\/features\/[^/]+$/i.test(id)) return ARM_TYPES.feature;
  const at = id.toLowerCase().lastIndexOf('/providers/');
  if (at < 0) return undefined;
  const [namespace, ...rest] = id.slice(at + '/providers/'.length).split('/').filter(Boolean);
  if (!namespace) return undefined;
  if (rest.length === 0) return /^\/subscriptions\/[^/]+\/providers\/[^/]+$/i.test(id) ? ARM_TYPES.provider : undefined;
  if (rest.length % 2 !== 0) return undefined;
  const types = rest.filter((_, i) => i % 2 === 0);
  return `${namespace}/${types.join('/')}`;
}
