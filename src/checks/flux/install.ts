// Where Flux v2 runs and what should be there: the microsoft.flux extension's controllers, or an upstream install's.
import { R } from '../../snapshot/resources.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import { EXTENSION_TYPES, findExtension, namespaceSeen, type InstalledExtension } from '../shared/extensions.js';

export const DEFAULT_FLUX_NAMESPACE = 'flux-system';

/** Controllers every microsoft.flux install runs unless a `<name>.enabled=false` setting turns one off. */
export const CORE_CONTROLLERS = ['source-controller', 'kustomize-controller', 'helm-controller', 'notification-controller'] as const;
export const EXTENSION_AGENTS = ['fluxconfig-agent', 'fluxconfig-controller'] as const;
/** Off by default in microsoft.flux and in `flux install`; expected only when enabled or present. */
export const IMAGE_CONTROLLERS = ['image-reflector-controller', 'image-automation-controller'] as const;

export interface FluxInstall {
  present: boolean;
  namespace: string;
  /** microsoft.flux (extension found, or its fluxconfig-* agents / FluxConfig objects are in the cluster). */
  microsoftFlux: boolean;
  extension?: InstalledExtension;
}

export function fluxInstall(snap: Snapshot): FluxInstall {
  const extension = findExtension(snap, EXTENSION_TYPES.flux);
  const namespace = extension?.releaseNamespace ?? (namespaceSeen(snap, DEFAULT_FLUX_NAMESPACE) ? DEFAULT_FLUX_NAMESPACE : upstreamNamespace(snap) ?? DEFAULT_FLUX_NAMESPACE);
  const agentsSeen = EXTENSION_AGENTS.some((name) => snap.get(R.Deployment, namespace, name));
  const microsoftFlux = Boolean(extension) || agentsSeen || snap.list(R.FluxConfig).length > 0;
  return { present: Boolean(extension) || namespaceSeen(snap, namespace), namespace, microsoftFlux, extension };
}

/** An upstream install in a namespace of its own: where a Flux source-controller runs. */
function upstreamNamespace(snap: Snapshot): string | undefined {
  return snap.list(R.Deployment, { selector: 'app.kubernetes.io/part-of=flux' })[0]?.metadata.namespace ?? snap.list(R.Deployment).find((d) => d.metadata.name === 'source-controller')?.metadata.namespace;
}

/** `helm-controller.enabled: "false"` in the extension's configurationSettings; undefined when not set. */
export function controllerSetting(install: FluxInstall, controller: string): boolean | undefined {
  const settings = install.extension?.configurationSettings ?? {};
  const key = Object.keys(settings).find((k) => k.toLowerCase() === `${controller}.enabled`);
  if (!key) return undefined;
  return settings[key].trim().toLowerCase() === 'true';
}

/** Which CRD (or object kind) shows an upstream install chose a component. */
const COMPONENT_GROUPS: Record<string, { group: string; plurals: string[]; kinds: string[] }> = {
  'source-controller': { group: 'source.toolkit.fluxcd.io', plurals: ['gitrepositories', 'helmrepositories', 'ocirepositories', 'buckets'], kinds: ['GitRepository', 'HelmRepository', 'OCIRepository', 'Bucket'] },
  'kustomize-controller': { group: 'kustomize.toolkit.fluxcd.io', plurals: ['kustomizations'], kinds: ['Kustomization'] },
  'helm-controller': { group: 'helm.toolkit.fluxcd.io', plurals: ['helmreleases'], kinds: ['HelmRelease'] },
  'notification-controller': { group: 'notification.toolkit.fluxcd.io', plurals: ['alerts', 'providers', 'receivers'], kinds: ['Alert', 'Provider', 'Receiver'] },
  'image-reflector-controller': { group: 'image.toolkit.fluxcd.io', plurals: ['imagerepositories', 'imagepolicies'], kinds: ['ImageRepository', 'ImagePolicy'] },
  'image-automation-controller': { group: 'image.toolkit.fluxcd.io', plurals: ['imageupdateautomations'], kinds: ['ImageUpdateAutomation'] },
};

export interface ExpectedController {
  name: string;
  why: string;
}

/**
 * The controller Deployments that should exist. microsoft.flux: the four core controllers and its two agents
 * (minus any the settings disable), image-* when enabled. Upstream: source-controller, and each component whose
 * CRDs or objects are in the cluster (`flux install --components` may leave some out on purpose).
 */
export function expectedControllers(snap: Snapshot, install: FluxInstall): ExpectedController[] {
  const present = (name: string) => Boolean(snap.get(R.Deployment, install.namespace, name));
  const out: ExpectedController[] = [];
  if (install.microsoftFlux) {
    const version = install.extension?.version ? ` ${install.extension.version}` : '';
    for (const name of [...CORE_CONTROLLERS, ...EXTENSION_AGENTS]) {
      if (controllerSetting(install, name) === false && !present(name)) continue;
      out.push({ name, why: `installed by microsoft.flux${version}` });
    }
    for (const name of IMAGE_CONTROLLERS) {
      if (controllerSetting(install, name) === true) out.push({ name, why: `enabled by the setting ${name}.enabled=true` });
      else if (present(name)) out.push({ name, why: 'present in the cluster' });
    }
    return out;
  }
  for (const name of [...CORE_CONTROLLERS, ...IMAGE_CONTROLLERS]) {
    if (name === 'source-controller') out.push({ name, why: 'every Flux install runs it' });
    else if (present(name)) out.push({ name, why: 'present in the cluster' });
    else if (componentInUse(snap, name)) out.push({ name, why: `its CRDs or objects (${COMPONENT_GROUPS[name].group}) are in the cluster` });
  }
  return out;
}

function componentInUse(snap: Snapshot, controller: string): boolean {
  const c = COMPONENT_GROUPS[controller];
  if (!c) return false;
  const crd = snap.list(R.CustomResourceDefinition).some((o) => c.plurals.some((p) => o.metadata.name === `${p}.${c.group}`));
  return crd || snap.listGroup(c.group).some((o) => c.kinds.includes(o.kind));
}

