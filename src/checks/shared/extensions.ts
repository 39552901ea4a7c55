// Cluster extensions as Azure (az k8s-extension show/list) or the Arc agents' in-cluster ExtensionConfig
// describe them: which type, which version, which release namespace, which settings.
import type { AzureResource, KubeObject } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import type { Snapshot } from '../../snapshot/snapshot.js';

export const EXTENSION_ARM_TYPE = 'Microsoft.KubernetesConfiguration/extensions';

export const EXTENSION_TYPES = {
  flux: 'microsoft.flux',
  osm: 'microsoft.openservicemesh',
  ama: 'microsoft.azuremonitor.containers',
} as const;

export interface InstalledExtension {
  name: string;
  extensionType: string;
  releaseNamespace?: string;
  version?: string;
  autoUpgradeMinorVersion?: boolean;
  releaseTrain?: string;
  provisioningState?: string;
  configurationSettings: Record<string, string>;
  source: 'azure' | 'cluster';
  resource?: AzureResource;
  object?: KubeObject;
}

/** Every extension of a type (case-insensitive), Azure's view first, then in-cluster configs Azure did not list. */
export function findExtensions(snap: Snapshot, extensionType: string): InstalledExtension[] {
  const wanted = extensionType.toLowerCase();
  const fromAzure = snap
    .azure(EXTENSION_ARM_TYPE)
    .filter((r) => String(r.extensionType ?? '').toLowerCase() === wanted)
    .map(fromAzureResource);
  const fromCluster = snap
    .list(R.ExtensionConfig)
    .filter((o) => String(o.spec?.extensionType ?? '').toLowerCase() === wanted)
    .map(fromExtensionConfig)
    .filter((c) => !fromAzure.some((a) => a.name === c.name));
  return [...fromAzure, ...fromCluster];
}

export function findExtension(snap: Snapshot, extensionType: string): InstalledExtension | undefined {
  return findExtensions(snap, extensionType)[0];
}

function fromAzureResource(r: AzureResource): InstalledExtension {
  return {
    name: String(r.name ?? ''),
    extensionType: String(r.extensionType),
    releaseNamespace: r.scope?.cluster?.releaseNamespace ?? r.scope?.namespace?.targetNamespace ?? undefined,
    version: r.currentVersion ?? r.installedVersion ?? r.version ?? undefined,
    autoUpgradeMinorVersion: r.autoUpgradeMinorVersion,
    releaseTrain: r.releaseTrain,
    provisioningState: r.provisioningState,
    configurationSettings: stringMap(r.configurationSettings),
    source: 'azure',
    resource: r,
  };
}

function fromExtensionConfig(o: KubeObject): InstalledExtension {
  const spec = o.spec ?? {};
  return {
    name: o.metadata.name,
    extensionType: String(spec.extensionType),
    releaseNamespace: spec.scope?.cluster?.releaseNamespace ?? spec.releaseNamespace ?? spec.scope?.namespace?.targetNamespace,
    version: o.status?.version ?? spec.version,
    autoUpgradeMinorVersion: spec.autoUpgradeMinorVersion,
    releaseTrain: spec.releaseTrain,
    provisioningState: o.status?.provisioningState,
    configurationSettings: stringMap(spec.configurationSettings ?? spec.parameter),
    source: 'cluster',
    object: o,
  };
}

function stringMap(v: unknown): Record<string, string> {
  if (!v || typeof v !== 'object') return {};
  return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, String(x)]));
}

/** Whether anything of a namespace is in the snapshot: the Namespace itself or any object in it. */
export function namespaceSeen(snap: Snapshot, namespace: string): boolean {
  if (snap.get(R.Namespace, undefined, namespace)) return true;
  return snap.objects().some((o) => o.metadata.namespace === namespace);
}
