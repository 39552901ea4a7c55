import { defineCheck, error, fromFindings, type Finding } from '../define.js';
import type { KubeObject } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import { EXTENSION_ARM_TYPE } from '../shared/extensions.js';
import { ownerWorkload } from '../shared/workloads.js';
import { UPGRADE_GUIDE, configuredEnvoyImage, podOs, sameImage } from './envoy.js';
import { namespacesMissing, podsMissing } from './coverage.js';
import { osmInstall } from './install.js';
import { ENVOY_CONTAINER, isFinished, isMonitored } from './membership.js';
import { restartAction } from './restart.js';

interface Sidecar {
  pod: KubeObject;
  image: string;
}

export default defineCheck({
  id: 'OSM016',
  area: 'osm',
  title: 'Envoy sidecars run the image the mesh is configured for',
  guide: 'Solucionar problemas de gerenciamento de certificados / Atualizar o Envoy',
  reads: [{ type: R.Namespace }, { type: R.Pod }, { type: R.MeshConfig }, { type: R.Deployment }],
  azure: [EXTENSION_ARM_TYPE],
  fixable: true,
  run(snap, ctx) {
    const uncollected = namespacesMissing(snap) ?? podsMissing(snap);
    if (uncollected) return error(uncollected);
    const install = osmInstall(snap);
    const sidecars = snap
      .list(R.Namespace)
      .filter((ns) => isMonitored(ns, install))
      .flatMap((ns) => snap.list(R.Pod, { namespace: ns.metadata.name }))
      .filter((pod) => !isFinished(pod))
      .flatMap((pod): Sidecar[] => {
        const envoy = (Array.isArray(pod.spec?.containers) ? pod.spec.containers : []).find((c: { name?: string }) => c?.name === ENVOY_CONTAINER);
        return envoy && typeof envoy.image === 'string' ? [{ pod, image: envoy.image }] : [];
      });
    if (sidecars.length === 0) return fromFindings([], { pass: `No Envoy sidecar in the mesh ${install.meshName} to compare`, remediation: '' });
    const findings: Finding[] = [];
    const summaries: string[] = [];
    for (const os of ['linux', 'windows'] as const) {
      const ofOs = sidecars.filter((s) => podOs(s.pod) === os);
      if (ofOs.length === 0) continue;
      const configured = configuredEnvoyImage(snap, install, os);
      const expected = configured?.image ?? mostCommonImage(ofOs);
      const expectedFrom = configured?.source ?? `the image most ${os === 'windows' ? 'Windows ' : ''}sidecars run (no configured image found)`;
      const drifted = ofOs.filter((s) => !sameImage(s.image, expected));
      findings.push(...groupByOwner(drifted).map((g) => finding(g, expected, expectedFrom, ctx.now)));
      summaries.push(`${ofOs.length} ${os === 'windows' ? 'Windows ' : ''}Envoy sidecar(s) run ${expected} (${expectedFrom})`);
    }
    return fromFindings(findings, {
      pass: summaries.join('; '),
      remediation: `Sidecars keep the image they were injected with: after an OSM upgrade or a change of the Envoy image, restart the workloads so they are re-injected with the configured image. Follow the OSM upgrade guide: ${UPGRADE_GUIDE}`,
    });
  },
});

function mostCommonImage(sidecars: Sidecar[]): string {
  const counts = new Map<string, number>();
  for (const s of sidecars) counts.set(s.image, (counts.get(s.image) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
}

interface OwnerGroup {
  namespace: string;
  owner?: { kind: string; name: string };
  sidecars: Sidecar[];
}

function groupByOwner(sidecars: Sidecar[]): OwnerGroup[] {
  const groups = new Map<string, OwnerGroup>();
  for (const s of sidecars) {
    const namespace = s.pod.metadata.namespace ?? '';
    const owner = ownerWorkload(s.pod);
    const key = `${namespace}/${owner ? `${owner.kind}/${owner.name}` : `Pod/${s.pod.metadata.name}`}`;
    const g = groups.get(key) ?? { namespace, owner, sidecars: [] };
    g.sidecars.push(s);
    groups.set(key, g);
  }
  return [...groups.values()];
}

function finding(g: OwnerGroup, expected: string, expectedFrom: string, now: Date): Finding {
  const byImage = new Map<string, string[]>();
  for (const s of g.sidecars) byImage.set(s.image, [...(byImage.get(s.image) ?? []), s.pod.metadata.name]);
  const perImage = [...byImage.entries()].map(([image, pods]) => `${image} on ${pods.join(', ')}`).join('; ');
  const owner = g.owner;
  const restartable = owner && ['Deployment', 'StatefulSet', 'DaemonSet'].includes(owner.kind);
  return {
    status: 'warn',
    object: owner ? { apiVersion: restartable ? 'apps/v1' : undefined, kind: owner.kind, namespace: g.namespace, name: owner.name } : { apiVersion: 'v1', kind: 'Pod', namespace: g.namespace, name: g.sidecars[0].pod.metadata.name },
    message: `${owner ? `${owner.kind} ${g.namespace}/${owner.name}` : `Pod ${g.namespace}/${g.sidecars[0].pod.metadata.name}`}: Envoy ${perImage}, expected ${expected}`,
    evidence: g.sidecars.map((s) => ({
      ref: `v1/Pod ${g.namespace}/${s.pod.metadata.name}`,
      path: `spec.containers[name=${ENVOY_CONTAINER}].image`,
      observed: s.image,
      expected: `${expected} (${expectedFrom})`,
    })),
    commands: restartable
      ? [`kubectl rollout restart ${owner!.kind.toLowerCase()} ${owner!.name} -n ${g.namespace}`]
      : g.sidecars.map((s) => `kubectl delete pod ${s.pod.metadata.name} -n ${g.namespace}`),
    // Bare pods would have to be deleted, which fix never does: only workloads are restarted.
    fixes: restartable ? [restartAction(owner!.kind, g.namespace, owner!.name, now, `so its pods are re-injected with Envoy ${expected}`)] : undefined,
  };
}
