// The OSM namespace never joins the mesh (the guide): the fix removes the mesh label/annotation from it, then
// restarts osm-controller so its pods come back without the injected sidecar. Shared by OSM013 and OSM002.
import type { FixAction } from '../define.js';
import type { KubeObject } from '../../snapshot/objects.js';
import { INJECTION_ANNOTATION, MONITORED_BY_LABEL, injectionSetting, monitoredBy } from './membership.js';
import { restartAction } from './restart.js';

/** None when the namespace carries neither the label nor the enabling annotation. */
export function leaveMeshFixes(ns: KubeObject, now: Date): FixAction[] {
  const name = ns.metadata.name;
  const metadata: Record<string, Record<string, null>> = {};
  if (monitoredBy(ns) !== undefined) metadata.labels = { [MONITORED_BY_LABEL]: null };
  if (injectionSetting(ns.metadata.annotations) === 'enabled') metadata.annotations = { [INJECTION_ANNOTATION]: null };
  if (!metadata.labels && !metadata.annotations) return [];
  return [
    { title: `Remove the mesh label/annotation from namespace ${name}`, target: { apiVersion: 'v1', kind: 'Namespace', name }, patchType: 'merge', patch: { metadata } },
    restartAction('Deployment', name, 'osm-controller', now, 'so its pods are re-created without the Envoy sidecar'),
  ];
}
