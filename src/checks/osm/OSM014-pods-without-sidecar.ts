import { defineCheck, error, fromFindings, type FixAction, type Finding } from '../define.js';
import { R } from '../../snapshot/resources.js';
import { EXTENSION_ARM_TYPE } from '../shared/extensions.js';
import { ownerWorkload } from '../shared/workloads.js';
import { namespacesMissing, podsMissing } from './coverage.js';
import { osmInstall, type OsmInstall } from './install.js';
import { RESTARTABLE, restartAction } from './restart.js';
import { ENVOY_CONTAINER, expectsSidecar, hasEnvoySidecar, isFinished, isMonitored } from './membership.js';


export default defineCheck({
  id: 'OSM014',
  area: 'osm',
  title: 'Pods in joined namespaces have the Envoy sidecar',
  guide: 'Observação: apenas novos pods são injetados',
  reads: [{ type: R.Namespace }, { type: R.Pod }, { type: R.Deployment }],
  azure: [EXTENSION_ARM_TYPE],
  fixable: true,
  run(snap, ctx) {
    const uncollected = namespacesMissing(snap) ?? podsMissing(snap);
    if (uncollected) return error(uncollected);
    const install = osmInstall(snap);
    const namespaces = snap.list(R.Namespace).filter((ns) => isMonitored(ns, install));
    const missing = new Map<string, { owner: { kind: string; name: string } | undefined; namespace: string; pods: string[] }>();
    let meshed = 0;
    for (const ns of namespaces) {
      for (const pod of snap.list(R.Pod, { namespace: ns.metadata.name })) {
        if (isFinished(pod) || !expectsSidecar(pod, ns, install)) continue;
        if (hasEnvoySidecar(pod)) {
          meshed++;
          continue;
        }
        const owner = ownerWorkload(pod);
        const key = `${ns.metadata.name}/${owner ? `${owner.kind}/${owner.name}` : `Pod/${pod.metadata.name}`}`;
        const group = missing.get(key) ?? { owner, namespace: ns.metadata.name, pods: [] };
        group.pods.push(pod.metadata.name);
        missing.set(key, group);
      }
    }
    const findings = [...missing.values()].map((g) => finding(install, g.namespace, g.owner, g.pods, ctx.now));
    return fromFindings(findings, {
      pass: namespaces.length ? `${meshed} pod(s) in ${namespaces.length} joined namespace(s) run the ${ENVOY_CONTAINER} sidecar` : `No namespace has joined mesh ${install.meshName}`,
      remediation: 'OSM injects Envoy only when a pod is created: pods that predate the namespace joining the mesh (or created while the injector was down) must be re-created. Restarting the owning workload does that.',
    });
  },
});

function finding(install: OsmInstall, namespace: string, owner: { kind: string; name: string } | undefined, pods: string[], now: Date): Finding {
  const apiVersion = owner ? RESTARTABLE[owner.kind] : undefined;
  const subject = owner ? `${owner.kind} ${namespace}/${owner.name}` : `Pod ${namespace}/${pods[0]}`;
  const evidence = pods.map((p) => ({
    ref: `v1/Pod ${namespace}/${p}`,
    path: 'spec.containers[*].name',
    observed: `no ${ENVOY_CONTAINER} container`,
    expected: `an ${ENVOY_CONTAINER} sidecar (namespace ${namespace} is joined to mesh ${install.meshName})`,
  }));
  const base = {
    status: 'warn' as const,
    message: `${subject}: ${pods.length} pod(s) without the Envoy sidecar (${pods.join(', ')})`,
    evidence,
  };
  if (owner && apiVersion) {
    return {
      ...base,
      object: { apiVersion, kind: owner.kind, namespace, name: owner.name },
      commands: [`kubectl rollout restart ${owner.kind.toLowerCase()} ${owner.name} -n ${namespace}`],
      fixes: [restartFix(owner.kind, namespace, owner.name, now)],
    };
  }
  return {
    ...base,
    object: owner ? { kind: owner.kind, namespace, name: owner.name } : { apiVersion: 'v1', kind: 'Pod', namespace, name: pods[0] },
    commands: pods.map((p) => `kubectl delete pod ${p} -n ${namespace}${owner ? '' : '   # a bare pod: re-create it from its manifest afterwards'}`),
  };
}

export function restartFix(kind: string, namespace: string, name: string, now: Date): FixAction {
  return restartAction(kind, namespace, name, now, 'so its pods are re-created with the Envoy sidecar');
}
