// Where OSM is installed and which release: the facts every OSM check's expectations depend on.
import type { KubeObject } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import { EXTENSION_TYPES, findExtension, namespaceSeen, type InstalledExtension } from '../shared/extensions.js';
import { imageTag, parseVersion, type Version } from '../shared/versions.js';
import { objects } from '../shared/workloads.js';

export const DEFAULT_OSM_NAMESPACE = 'arc-osm-system';
export const DEFAULT_MESH_NAME = 'osm';

export interface OsmInstall {
  present: boolean;
  /** The release namespace: the extension's, else arc-osm-system. */
  namespace: string;
  meshName: string;
  /** From the controller image tag, else the extension version. */
  version?: Version;
  extension?: InstalledExtension;
  controller?: KubeObject;
}

export function osmInstall(snap: Snapshot): OsmInstall {
  const extension = findExtension(snap, EXTENSION_TYPES.osm);
  // The catalog's rule: the Arc extension, or its release namespace. An upstream OSM installed elsewhere
  // (osm-system, say) is not the extension this tool troubleshoots, so it does not make the area apply.
  const namespace = extension?.releaseNamespace ?? DEFAULT_OSM_NAMESPACE;
  const controller =
    snap.list(R.Deployment, { namespace, selector: 'app=osm-controller' })[0] ?? snap.get(R.Deployment, namespace, 'osm-controller');
  const present = Boolean(extension) || namespaceSeen(snap, namespace);
  const label = controller?.metadata.labels?.meshName;
  const meshName = (typeof label === 'string' && label) || meshNameFromArgs(controller) || DEFAULT_MESH_NAME;
  const controllerImage: string | undefined = objects(controller?.spec?.template?.spec?.containers).find((c: { name: string }) => c.name === 'osm-controller')?.image;
  const version = parseVersion(imageTag(controllerImage)) ?? parseVersion(extension?.version);
  return { present, namespace, meshName, version, extension, controller };
}

function meshNameFromArgs(dep: KubeObject | undefined): string | undefined {
  const args: string[] = objects(dep?.spec?.template?.spec?.containers).flatMap((c: { args?: unknown }) => (Array.isArray(c.args) ? c.args.filter((a) => typeof a === 'string') : []));
  for (let i = 0; i < args.length; i++) {
    const m = /^--mesh-name(?:=(.+))?$/.exec(args[i]);
    if (m) return m[1] ?? args[i + 1];
  }
  return undefined;
}

/** `kubectl ... -n NAMESPACE`: the release namespace as remediation commands spell it. */
export function nsFlag(install: OsmInstall): string {
  return `-n ${install.namespace}`;
}
