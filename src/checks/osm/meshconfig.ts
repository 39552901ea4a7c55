// The keys of osm-mesh-config the guide tabulates: their types, defaults per release, and the merge patches that set them.
// Where the guide is wrong the table follows the CRD: osmLogLevel sits at spec.observability (not under tracing) and
// the featureFlags are booleans (the guide's patches send the strings "true"/"false").
import type { KubeObject } from '../../snapshot/objects.js';
import { isArcInstall } from './flavour.js';
import type { OsmInstall } from './install.js';

export const MESH_CONFIG_NAME = 'osm-mesh-config';

export type FieldType = 'bool' | 'string' | 'duration' | 'int-array' | 'string-array';

export interface MeshConfigField {
  path: string;
  type: FieldType;
  /** The guide's default column. */
  guideDefault: boolean | string | unknown[];
  /** The installed release's default, when it differs from the guide's. */
  releaseDefault?: (install: OsmInstall) => boolean | string | unknown[] | undefined;
}

const minor = (install: OsmInstall): number | undefined => (install.version?.major === 1 ? install.version.minor : undefined);

export const MESH_CONFIG_FIELDS: MeshConfigField[] = [
  // The upstream chart turned egress on in v1.2; osm-arc does not override it.
  { path: 'spec.traffic.enableEgress', type: 'bool', guideDefault: false, releaseDefault: (i) => ((minor(i) ?? 0) >= 2 ? true : undefined) },
  // osm-arc sets it true on every release; the upstream chart only from v1.2.
  { path: 'spec.traffic.enablePermissiveTrafficPolicyMode', type: 'bool', guideDefault: true, releaseDefault: (i) => (!isArcInstall(i) && minor(i) !== undefined && minor(i)! < 2 ? false : undefined) },
  { path: 'spec.traffic.outboundPortExclusionList', type: 'int-array', guideDefault: [] },
  { path: 'spec.traffic.outboundIPRangeExclusionList', type: 'string-array', guideDefault: [] },
  { path: 'spec.traffic.inboundPortExclusionList', type: 'int-array', guideDefault: [] },
  { path: 'spec.certificate.serviceCertValidityDuration', type: 'duration', guideDefault: '24h' },
  { path: 'spec.observability.enableDebugServer', type: 'bool', guideDefault: false },
  { path: 'spec.observability.osmLogLevel', type: 'string', guideDefault: 'info' },
  { path: 'spec.observability.tracing.enable', type: 'bool', guideDefault: false },
  { path: 'spec.sidecar.enablePrivilegedInitContainer', type: 'bool', guideDefault: false },
  { path: 'spec.sidecar.logLevel', type: 'string', guideDefault: 'error' },
  { path: 'spec.featureFlags.enableWASMStats', type: 'bool', guideDefault: true },
  { path: 'spec.featureFlags.enableEgressPolicy', type: 'bool', guideDefault: true },
  { path: 'spec.featureFlags.enableMulticlusterMode', type: 'bool', guideDefault: false },
  { path: 'spec.featureFlags.enableSnapshotCacheMode', type: 'bool', guideDefault: false },
  { path: 'spec.featureFlags.enableAsyncProxyServiceMapping', type: 'bool', guideDefault: false },
  { path: 'spec.featureFlags.enableIngressBackendPolicy', type: 'bool', guideDefault: true },
  { path: 'spec.featureFlags.enableEnvoyActiveHealthChecks', type: 'bool', guideDefault: false },
];

export function defaultFor(field: MeshConfigField, install: OsmInstall): boolean | string | unknown[] {
  return field.releaseDefault?.(install) ?? field.guideDefault;
}

export type FieldValue = { present: false } | { present: true; value: unknown };

export function fieldValue(meshConfig: KubeObject, path: string): FieldValue {
  let cur: unknown = meshConfig;
  for (const key of path.split('.')) {
    if (!cur || typeof cur !== 'object' || Array.isArray(cur) || !(key in (cur as object))) return { present: false };
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur === null ? { present: false } : { present: true, value: cur };
}

export function hasType(value: unknown, type: FieldType): boolean {
  switch (type) {
    case 'bool':
      return typeof value === 'boolean';
    case 'string':
      return typeof value === 'string';
    case 'duration':
      return typeof value === 'string' && parseDuration(value) !== undefined;
    case 'int-array':
      return Array.isArray(value) && value.every((v) => Number.isInteger(v));
    case 'string-array':
      return Array.isArray(value) && value.every((v) => typeof v === 'string');
  }
}

/** What OSM reads when a key is absent: there is no CRD default for these keys, so Go's zero value. */
export function zeroValue(type: FieldType): boolean | string | unknown[] {
  return type === 'bool' ? false : type === 'int-array' || type === 'string-array' ? [] : '';
}

export function sameValue(a: unknown, b: unknown, type: FieldType): boolean {
  if (type === 'duration' && typeof a === 'string' && typeof b === 'string') return parseDuration(a) === parseDuration(b);
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Go's time.ParseDuration for the units a MeshConfig uses, in milliseconds; undefined when it does not parse. */
export function parseDuration(text: string): number | undefined {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  if (text === '0') return 0;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/y;
  let total = 0;
  let pos = 0;
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) return undefined;
    total += Number(m[1]) * units[m[2]];
    pos = re.lastIndex;
  }
  return text.length > 0 ? total : undefined;
}

/** `{"spec":{"observability":{"osmLogLevel":"info"}}}` for path `spec.observability.osmLogLevel`. */
export function mergePatchFor(path: string, value: unknown): Record<string, unknown> {
  return path
    .split('.')
    .reverse()
    .reduce<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;
}

export function patchCommand(install: OsmInstall, patch: unknown): string {
  return `kubectl patch meshconfig ${MESH_CONFIG_NAME} -n ${install.namespace} -p '${JSON.stringify(patch)}' --type=merge`;
}

/** The value a mistyped key most likely meant ("true" → true), else the default. */
export function intendedValue(value: unknown, field: MeshConfigField, install: OsmInstall): unknown {
  if (field.type === 'bool' && (value === 'true' || value === 'false')) return value === 'true';
  return defaultFor(field, install);
}
