// The SMI CRDs OSM ships (cmd/osm-bootstrap/crds/ on each release branch) and the versions each release serves.
import type { KubeObject } from '../../snapshot/objects.js';
import type { FixAction } from '../define.js';
import { releaseLine, type Version } from '../shared/versions.js';
import { SMI_MANIFESTS } from './smi-manifests.js';

export interface SmiCrd {
  name: string;
  kind: string;
  file: string;
  /** The served (and storage) version on release-v1.0, v1.1 and v1.2 alike. */
  servedVersion: string;
}

export const SMI_CRDS: SmiCrd[] = [
  { name: 'httproutegroups.specs.smi-spec.io', kind: 'HTTPRouteGroup', file: 'smi_http_route_group.yaml', servedVersion: 'v1alpha4' },
  { name: 'tcproutes.specs.smi-spec.io', kind: 'TCPRoute', file: 'smi_tcp_route.yaml', servedVersion: 'v1alpha4' },
  { name: 'traffictargets.access.smi-spec.io', kind: 'TrafficTarget', file: 'smi_traffic_access.yaml', servedVersion: 'v1alpha3' },
  { name: 'trafficsplits.split.smi-spec.io', kind: 'TrafficSplit', file: 'smi_traffic_split.yaml', servedVersion: 'v1alpha2' },
];

/** Release lines whose CRD versions we know; other releases are checked for presence only. */
const KNOWN_LINES = new Set(['1.0', '1.1', '1.2']);

export function versionsKnownFor(version: Version | undefined): boolean {
  return version !== undefined && KNOWN_LINES.has(releaseLine(version));
}

/** The branch the CRD files come from: release-vX.Y of the installed release, release-v1.2 (the last) when unknown. */
export function releaseBranch(version: Version | undefined): string {
  return `release-v${version ? releaseLine(version) : '1.2'}`;
}

export function applyCommand(crd: SmiCrd, version: Version | undefined): string {
  return `kubectl apply -f https://raw.githubusercontent.com/openservicemesh/osm/${releaseBranch(version)}/cmd/osm-bootstrap/crds/${crd.file}`;
}

/**
 * Versions a CRD serves, in both shapes: apiextensions v1 `spec.versions[].served`, and v1beta1 where `spec.version`
 * alone (or `spec.versions[]`, whose entries then carry `served`) names them.
 */
export function servedVersions(crd: KubeObject): string[] {
  const spec = crd.spec ?? {};
  const versions: Array<{ name?: string; served?: boolean }> = Array.isArray(spec.versions) ? spec.versions : [];
  if (versions.length > 0) return versions.filter((v) => v && v.served !== false && typeof v.name === 'string').map((v) => v.name!);
  return typeof spec.version === 'string' ? [spec.version] : [];
}

/**
 * OSM015's fix: a server-side apply of the installed release's CRD, from the manifests bundled in arcdoctor (the same
 * file `kubectl apply -f …/release-vX.Y/cmd/osm-bootstrap/crds/FILE` would send). None when the release is unknown.
 */
export function applyCrdFix(crd: SmiCrd, version: Version | undefined, existing: KubeObject | undefined): FixAction | undefined {
  const release = version ? SMI_MANIFESTS[releaseLine(version)] : undefined;
  const bundled = release?.crds.find((c) => c.file === crd.file)?.manifest;
  if (!release || !bundled) return undefined;
  return {
    title: `${existing ? 'Update' : 'Create'} CRD ${crd.name} from OSM ${releaseBranch(version)} (${crd.file}, openservicemesh/osm@${release.commit.slice(0, 12)}), serving ${crd.servedVersion}`,
    target: { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: crd.name },
    patchType: 'apply',
    patch: structuredClone(bundled),
    ...(existing ? {} : { notUndoable: `a CRD fix creates is not removed by --undo (arcdoctor never deletes): kubectl delete crd ${crd.name}` }),
  };
}
