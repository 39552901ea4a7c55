import { defineCheck, error, fromFindings, type Evidence, type FixAction, type Finding } from '../define.js';
import { refOf, refString, type KubeObject } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import { EXTENSION_ARM_TYPE } from '../shared/extensions.js';
import { namespacesMissing } from './coverage.js';
import { osmInstall, type OsmInstall } from './install.js';
import { leaveMeshFixes } from './leave-mesh.js';
import { CONTROL_PLANE_LABEL, INJECTION_ANNOTATION, MONITORED_BY_LABEL, injectionSetting, isIgnored, monitoredBy } from './membership.js';
import type { Snapshot } from '../../snapshot/snapshot.js';

export default defineCheck({
  id: 'OSM013',
  area: 'osm',
  title: 'Namespaces joined to the mesh are both labelled and annotated',
  guide: 'Verificar namespaces',
  reads: [{ type: R.Namespace }, { type: R.Pod }, { type: R.Deployment }],
  azure: [EXTENSION_ARM_TYPE],
  fixable: true,
  run(snap, ctx) {
    const missing = namespacesMissing(snap);
    if (missing) return error(missing);
    const install = osmInstall(snap);
    const findings: Finding[] = [];
    const joined: string[] = [];
    const notes: string[] = [];
    for (const ns of snap.list(R.Namespace)) {
      const name = ns.metadata.name;
      if (name === install.namespace) {
        const f = controlPlaneNamespaceFinding(ns, install, ctx.now);
        if (f) findings.push(f);
        continue;
      }
      if (isIgnored(ns)) continue;
      const label = monitoredBy(ns);
      const injection = injectionSetting(ns.metadata.annotations);
      if (label === install.meshName && ns.metadata.labels?.[CONTROL_PLANE_LABEL] !== undefined) notes.push(`${name} carries the label ${CONTROL_PLANE_LABEL}, which the injector webhook's namespaceSelector excludes: its pods get no sidecar whatever the annotation says`);
      if (label === install.meshName && injection === 'enabled') joined.push(name);
      else if (label === install.meshName && injection === 'disabled') notes.push(`${name} is monitored by ${label} with sidecar injection disabled on purpose (osm namespace add --disable-sidecar-injection); pods opt in one by one`);
      else if (label !== undefined && label !== install.meshName) notes.push(`${name} is labelled ${MONITORED_BY_LABEL}=${label}, not this cluster's mesh ${install.meshName}`);
      else if (label === install.meshName && podsOptIn(snap, name)) notes.push(`${name} is monitored by ${label} without the namespace annotation; its pods opt in one by one with their own ${INJECTION_ANNOTATION}=enabled annotation`);
      else if (label === install.meshName) findings.push(halfJoined(ns, install, 'annotation'));
      else if (injection === 'enabled') findings.push(halfJoined(ns, install, 'label'));
    }
    return fromFindings(findings, {
      pass: joined.length ? `${joined.length} namespace(s) joined to mesh ${install.meshName}: ${joined.join(', ')}` : `No namespace has joined mesh ${install.meshName}; ${install.namespace} carries neither the label nor the annotation`,
      remediation: `A namespace joins mesh ${install.meshName} with both the label ${MONITORED_BY_LABEL}=${install.meshName} and the annotation ${INJECTION_ANNOTATION}=enabled (osm namespace add does both); ${install.namespace} itself never joins.`,
      notes,
    });
  },
});

/** OSM reads a pod's own injection annotation before its namespace's: a labelled namespace may opt pods in one by one. */
function podsOptIn(snap: Snapshot, namespace: string): boolean {
  return snap.list(R.Pod, { namespace }).some((p) => injectionSetting(p.metadata.annotations) === 'enabled');
}

function halfJoined(ns: KubeObject, install: OsmInstall, lacks: 'label' | 'annotation'): Finding {
  const name = ns.metadata.name;
  const mesh = install.meshName;
  const lacksLabel = lacks === 'label';
  const fix: FixAction = {
    title: lacksLabel ? `Label namespace ${name} ${MONITORED_BY_LABEL}=${mesh}` : `Annotate namespace ${name} ${INJECTION_ANNOTATION}=enabled`,
    target: { apiVersion: 'v1', kind: 'Namespace', name },
    patchType: 'merge',
    patch: { metadata: lacksLabel ? { labels: { [MONITORED_BY_LABEL]: mesh } } : { annotations: { [INJECTION_ANNOTATION]: 'enabled' } } },
  };
  return {
    status: 'warn',
    object: refOf(ns),
    message: lacksLabel
      ? `Namespace ${name} is annotated ${INJECTION_ANNOTATION}=enabled but not labelled ${MONITORED_BY_LABEL}=${mesh}: the injector is never called for it`
      : `Namespace ${name} is labelled ${MONITORED_BY_LABEL}=${mesh} but not annotated ${INJECTION_ANNOTATION}=enabled: its pods get no Envoy sidecar`,
    evidence: [
      lacksLabel
        ? { ref: refString(ns), path: `metadata.labels["${MONITORED_BY_LABEL}"]`, observed: 'absent', expected: mesh }
        : { ref: refString(ns), path: `metadata.annotations["${INJECTION_ANNOTATION}"]`, observed: ns.metadata.annotations?.[INJECTION_ANNOTATION] ?? 'absent', expected: 'enabled' },
    ],
    commands: [
      `osm namespace add ${name} --mesh-name ${mesh}`,
      lacksLabel ? `kubectl label namespace ${name} ${MONITORED_BY_LABEL}=${mesh}` : `kubectl annotate namespace ${name} ${INJECTION_ANNOTATION}=enabled --overwrite`,
    ],
    fixes: [fix],
  };
}

/** The guide: the OSM namespace never takes part in a mesh and is never labelled or annotated to. */
function controlPlaneNamespaceFinding(ns: KubeObject, install: OsmInstall, now: Date): Finding | undefined {
  const name = ns.metadata.name;
  const label = monitoredBy(ns);
  const annotated = injectionSetting(ns.metadata.annotations) === 'enabled';
  if (label === undefined && !annotated) return undefined;
  const evidence: Evidence[] = [];
  const commands: string[] = [];
  if (label !== undefined) {
    evidence.push({ ref: refString(ns), path: `metadata.labels["${MONITORED_BY_LABEL}"]`, observed: label, expected: 'absent' });
    commands.push(`kubectl label namespace ${name} ${MONITORED_BY_LABEL}-`);
  }
  if (annotated) {
    evidence.push({ ref: refString(ns), path: `metadata.annotations["${INJECTION_ANNOTATION}"]`, observed: ns.metadata.annotations?.[INJECTION_ANNOTATION], expected: 'absent' });
    commands.push(`kubectl annotate namespace ${name} ${INJECTION_ANNOTATION}-`);
  }
  commands.push(`kubectl rollout restart deployment osm-controller -n ${name}`);
  return {
    status: 'fail',
    object: refOf(ns),
    message: `The OSM namespace ${name} is ${[label !== undefined ? 'labelled' : '', annotated ? 'annotated' : ''].filter(Boolean).join(' and ')} to join the mesh; the control plane must stay outside it`,
    evidence,
    commands,
    fixes: leaveMeshFixes(ns, now),
  };
}
