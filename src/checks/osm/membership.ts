// Which namespaces and pods belong to the mesh, the way OSM decides it (pkg/injector, pkg/k8s constants):
// a namespace is monitored when labelled `openservicemesh.io/monitored-by=<mesh>` and not `openservicemesh.io/ignore`d;
// a pod gets a sidecar when its own `openservicemesh.io/sidecar-injection` annotation, else its namespace's, says so.
import type { KubeObject } from '../../snapshot/objects.js';
import type { OsmInstall } from './install.js';

export const MONITORED_BY_LABEL = 'openservicemesh.io/monitored-by';
export const INJECTION_ANNOTATION = 'openservicemesh.io/sidecar-injection';
export const IGNORE_LABEL = 'openservicemesh.io/ignore';
export const ENVOY_CONTAINER = 'envoy';
/** Namespaces carrying this label (azure-arc does) are outside the injector's namespaceSelector. */
export const CONTROL_PLANE_LABEL = 'control-plane';

/** OSM accepts enabled/yes/true and disabled/no/false (case-insensitive); anything else is "not said". */
export function injectionSetting(annotations: Record<string, string> | undefined): 'enabled' | 'disabled' | undefined {
  const v = annotations?.[INJECTION_ANNOTATION]?.trim().toLowerCase();
  if (v === 'enabled' || v === 'yes' || v === 'true') return 'enabled';
  if (v === 'disabled' || v === 'no' || v === 'false') return 'disabled';
  return undefined;
}

export function isIgnored(ns: KubeObject): boolean {
  return ns.metadata.labels?.[IGNORE_LABEL] !== undefined;
}

export function monitoredBy(ns: KubeObject): string | undefined {
  return ns.metadata.labels?.[MONITORED_BY_LABEL];
}

/**
 * Monitored by this mesh and matched by the injector webhook's namespaceSelector, which OSM writes as
 * `monitored-by=<mesh>`, `openservicemesh.io/ignore` DoesNotExist, `name` NotIn [<osm namespace>],
 * `control-plane` DoesNotExist (pkg/injector/webhook.go): a namespace failing any of them is never injected.
 */
export function isMonitored(ns: KubeObject, install: OsmInstall): boolean {
  const labels = ns.metadata.labels ?? {};
  return (
    monitoredBy(ns) === install.meshName &&
    !isIgnored(ns) &&
    ns.metadata.name !== install.namespace &&
    labels.name !== install.namespace &&
    labels[CONTROL_PLANE_LABEL] === undefined
  );
}

/** Whether the injector would add Envoy to this pod when it is created. */
export function expectsSidecar(pod: KubeObject, ns: KubeObject, install: OsmInstall): boolean {
  if (!isMonitored(ns, install)) return false;
  if (pod.spec?.hostNetwork === true) return false;
  const own = injectionSetting(pod.metadata.annotations);
  if (own) return own === 'enabled';
  return injectionSetting(ns.metadata.annotations) === 'enabled';
}

export function hasEnvoySidecar(pod: KubeObject): boolean {
  const containers: Array<{ name?: string }> = Array.isArray(pod.spec?.containers) ? pod.spec.containers : [];
  return containers.some((c) => c?.name === ENVOY_CONTAINER);
}

/** Finished pods (completed Jobs, evicted or failed pods) are not restarted into the mesh. */
export function isFinished(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed' || Boolean(pod.metadata.deletionTimestamp);
}
