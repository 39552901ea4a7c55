import { defineCheck, error, fail, fromFindings, type Finding, type ClusterFixAction } from '../define.js';
import { refOf, refString, type KubeObject } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import { EXTENSION_ARM_TYPE } from '../shared/extensions.js';
import { notCollectedMessage, typeNotCollected } from './coverage.js';
import { isArcInstall } from './flavour.js';
import { osmInstall, type OsmInstall } from './install.js';
import {
  MESH_CONFIG_FIELDS,
  MESH_CONFIG_NAME,
  defaultFor,
  fieldValue,
  hasType,
  intendedValue,
  mergePatchFor,
  patchCommand,
  sameValue,
  zeroValue,
  type MeshConfigField,
} from './meshconfig.js';

export default defineCheck({
  id: 'OSM012',
  area: 'osm',
  title: 'MeshConfig osm-mesh-config exists and is well-typed',
  guide: 'Verifique o recurso osm-mesh-config',
  reads: [{ type: R.MeshConfig }, { type: R.Deployment }, { type: R.CustomResourceDefinition }],
  azure: [EXTENSION_ARM_TYPE],
  fixable: true,
  run(snap) {
    const install = osmInstall(snap);
    const meshConfig = snap.get(R.MeshConfig, install.namespace, MESH_CONFIG_NAME);
    if (!meshConfig && (typeNotCollected(snap, R.MeshConfig) || meshConfigsNotDumped(snap))) return error(notCollectedMessage('MeshConfig', `kubectl get meshconfig -A -o yaml`));
    if (!meshConfig) return missing(install);
    const findings = MESH_CONFIG_FIELDS.flatMap((f) => typeFinding(meshConfig, f, install) ?? []);
    const notes = MESH_CONFIG_FIELDS.flatMap((f) => nonDefaultNote(meshConfig, f, install) ?? []);
    const summary = notes.length ? `; ${notes.length} value(s) differ from the defaults (see notes)` : '; every tabulated key has its default';
    const outcome = fromFindings(findings, {
      pass: `${refString(meshConfig)} found${summary}`,
      remediation: 'Set each mistyped key to a value of the type the MeshConfig CRD declares (booleans unquoted).',
      notes,
    });
    // Non-default values may be deliberate: their resets are offered, applied only when named (--meshconfig-reset).
    const resets = MESH_CONFIG_FIELDS.flatMap((f) => (nonDefaultNote(meshConfig, f, install) ? [resetFix(meshConfig, f, install)] : []));
    return resets.length ? { ...outcome, fixes: [...(outcome.fixes ?? []), ...resets] } : outcome;
  },
});

/**
 * A hand-made snapshot with no MeshConfig and no CRDs at all (`kubectl get deploy,po,svc -n arc-osm-system`) says
 * nothing about MeshConfigs; with the CRDs dumped, or a component logging that it does not exist, absence is real.
 */
function meshConfigsNotDumped(snap: Snapshot): boolean {
  if (snap.knowsType(R.MeshConfig) || snap.knowsType(R.CustomResourceDefinition)) return false;
  return !snap.allLogs().some((l) => /MeshConfig \S*osm-mesh-config does not exist/.test(l.text));
}

function missing(install: OsmInstall) {
  const ref = `config.openservicemesh.io/v1alpha2/MeshConfig ${install.namespace}/${MESH_CONFIG_NAME}`;
  return fail(`MeshConfig ${MESH_CONFIG_NAME} not found in ${install.namespace}: the control plane runs on built-in defaults or fails to start`, {
    evidence: [{ ref, path: 'metadata.name', observed: 'not found', expected: MESH_CONFIG_NAME }],
    remediation: {
      text: `osm-bootstrap creates ${MESH_CONFIG_NAME} from the ConfigMap preset-mesh-config when it starts; check that ConfigMap, then restart osm-bootstrap.`,
      commands: [
        `kubectl get meshconfig -A`,
        `kubectl get configmap preset-mesh-config -n ${install.namespace}`,
        `kubectl rollout restart deployment osm-bootstrap -n ${install.namespace}`,
      ],
    },
  });
}

function typeFinding(mc: KubeObject, field: MeshConfigField, install: OsmInstall): Finding | undefined {
  const v = fieldValue(mc, field.path);
  if (!v.present || hasType(v.value, field.type)) return undefined;
  const fixed = intendedValue(v.value, field, install);
  return {
    status: 'fail',
    object: refOf(mc),
    message: `${field.path} is ${JSON.stringify(v.value)} (${typeName(v.value)}), expected a ${describeType(field)}`,
    evidence: [{ ref: refString(mc), path: field.path, observed: JSON.stringify(v.value), expected: describeType(field) }],
    commands: [patchCommand(install, mergePatchFor(field.path, fixed))],
    fixes: [meshConfigFix(mc, `Set ${field.path} to ${JSON.stringify(fixed)} (a ${describeType(field)}, was ${JSON.stringify(v.value)})`, mergePatchFor(field.path, fixed))],
  };
}

function meshConfigFix(mc: KubeObject, title: string, patch: Record<string, unknown>): ClusterFixAction {
  return { title, target: { apiVersion: mc.apiVersion, kind: mc.kind, namespace: mc.metadata.namespace, name: mc.metadata.name }, patchType: 'merge', patch };
}

function resetFix(mc: KubeObject, field: MeshConfigField, install: OsmInstall): ClusterFixAction {
  const def = defaultFor(field, install);
  const v = fieldValue(mc, field.path);
  const was = v.present ? JSON.stringify(v.value) : 'absent';
  return { ...meshConfigFix(mc, `Reset ${field.path} to the default ${JSON.stringify(def)} of ${releaseName(install)} (was ${was})`, mergePatchFor(field.path, def)), optIn: field.path };
}

function nonDefaultNote(mc: KubeObject, field: MeshConfigField, install: OsmInstall): string | undefined {
  const v = fieldValue(mc, field.path);
  if (v.present && !hasType(v.value, field.type)) return undefined;
  const effective = v.present ? v.value : zeroValue(field.type);
  const def = defaultFor(field, install);
  if (sameValue(effective, def, field.type)) return undefined;
  const observed = v.present ? JSON.stringify(v.value) : `absent (OSM reads ${JSON.stringify(effective)})`;
  const guideNote = sameValue(def, field.guideDefault, field.type) ? '' : ` for ${releaseName(install)}; the guide's table says ${JSON.stringify(field.guideDefault)}`;
  return `${field.path} is ${observed}, default ${JSON.stringify(def)}${guideNote}; to restore: ${patchCommand(install, mergePatchFor(field.path, def))}`;
}

function releaseName(install: OsmInstall): string {
  return `${isArcInstall(install) ? 'the Arc extension, ' : ''}OSM ${install.version?.raw ?? '(version unknown)'}`;
}

function describeType(field: MeshConfigField): string {
  switch (field.type) {
    case 'bool':
      return 'boolean (true/false, unquoted)';
    case 'string':
      return 'string';
    case 'duration':
      return 'duration string such as "24h"';
    case 'int-array':
      return 'array of port numbers';
    case 'string-array':
      return 'array of CIDR strings';
  }
}

function typeName(v: unknown): string {
  return Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v;
}
