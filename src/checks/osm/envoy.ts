// The Envoy image the mesh injects, found the way osm-injector decides it: MeshConfig spec.sidecar.envoyImage when set,
// else the injector's OSM_DEFAULT_ENVOY_IMAGE (the chart's osm.sidecarImage), else the chart default of the release.
import type { KubeObject } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import { chartEnvoyImage } from './flavour.js';
import type { OsmInstall } from './install.js';
import { MESH_CONFIG_NAME } from './meshconfig.js';

export const UPGRADE_GUIDE = 'https://docs.openservicemesh.io/docs/guides/upgrade/';

export interface ConfiguredEnvoy {
  image: string;
  /** Where it came from, for the evidence's "expected". */
  source: string;
}

export type NodeOs = 'linux' | 'windows';

/** Windows pods get a different Envoy build (MeshConfig envoyWindowsImage, OSM_DEFAULT_ENVOY_WINDOWS_IMAGE). */
export function podOs(pod: KubeObject): NodeOs {
  const os = pod.spec?.nodeSelector?.['kubernetes.io/os'] ?? pod.spec?.os?.name;
  return os === 'windows' ? 'windows' : 'linux';
}

export function configuredEnvoyImage(snap: Snapshot, install: OsmInstall, os: NodeOs = 'linux'): ConfiguredEnvoy | undefined {
  const field = os === 'windows' ? 'envoyWindowsImage' : 'envoyImage';
  const envName = os === 'windows' ? 'OSM_DEFAULT_ENVOY_WINDOWS_IMAGE' : 'OSM_DEFAULT_ENVOY_IMAGE';
  const mc = snap.get(R.MeshConfig, install.namespace, MESH_CONFIG_NAME);
  const fromMeshConfig = mc?.spec?.sidecar?.[field];
  if (typeof fromMeshConfig === 'string' && fromMeshConfig.trim()) {
    return { image: fromMeshConfig.trim(), source: `MeshConfig ${install.namespace}/${MESH_CONFIG_NAME} spec.sidecar.${field}` };
  }
  const injector = snap.get(R.Deployment, install.namespace, 'osm-injector') ?? snap.list(R.Deployment, { namespace: install.namespace, selector: 'app=osm-injector' })[0];
  const fromInjector = injectorEnv(injector, envName);
  if (fromInjector) return { image: fromInjector, source: `Deployment ${install.namespace}/osm-injector env ${envName}` };
  if (os === 'windows') return undefined;
  const fromChart = chartEnvoyImage(install);
  if (fromChart) return { image: fromChart, source: `the chart default of OSM ${install.version?.raw}` };
  return undefined;
}

function injectorEnv(dep: KubeObject | undefined, envName: string): string | undefined {
  const containers: Array<{ env?: Array<{ name?: string; value?: string }> }> = dep?.spec?.template?.spec?.containers ?? [];
  for (const c of Array.isArray(containers) ? containers : []) {
    const v = (Array.isArray(c?.env) ? c.env : []).find((e) => e?.name === envName)?.value;
    if (typeof v === 'string' && v.trim()) return v.trim();
  }
  return undefined;
}

/** Docker Hub spells the same image several ways (`envoyproxy/envoy`, `docker.io/envoyproxy/envoy`). */
export function sameImage(a: string, b: string): boolean {
  return normalizeImage(a) === normalizeImage(b);
}

function normalizeImage(image: string): string {
  let i = image.trim();
  for (const prefix of ['docker.io/library/', 'docker.io/', 'index.docker.io/']) if (i.startsWith(prefix)) i = i.slice(prefix.length);
  return i;
}
