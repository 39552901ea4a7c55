import type { KubeObject } from '../../snapshot/objects.js';
import { refOf, refString } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import { defineCheck, fromFindings, type Finding } from '../define.js';
import { imageRepository } from '../shared/versions.js';
import { containerImages, objects } from '../shared/workloads.js';

/**
 * Flux v1's daemon and helm-operator: Docker Hub (with or without docker.io/), their older weaveworks names, and
 * mirrors that keep the path (`mcr.microsoft.com/oss/fluxcd/flux`, a private registry's `…/fluxcd/flux`).
 * Flux v2 publishes no `fluxcd/flux` image (its CLI is `fluxcd/flux-cli`).
 */
const V1_IMAGE = /(?:^|\/)(?:fluxcd|weaveworks)\/(flux|helm-operator)$/;
const V1_CRDS = ['helmreleases.helm.fluxcd.io', 'fluxhelmreleases.helm.integrations.flux.weave.works'];

export default defineCheck({
  id: 'FLUX007',
  area: 'flux',
  title: 'No Flux v1 left in the cluster',
  guide: 'Flux v1',
  reads: [{ type: R.Deployment }, { type: R.Pod }, { type: R.DaemonSet }, { type: R.StatefulSet }, { type: R.CustomResourceDefinition }, { type: R.FluxV1HelmRelease }],
  fixable: false,
  runsWhenAreaAbsent: true,
  run(snap) {
    const findings = [...workloadFindings(snap), ...crdFindings(snap)];
    return fromFindings(findings, {
      pass: 'no Flux v1 workloads (fluxcd/flux, fluxcd/helm-operator) or helm.fluxcd.io CRDs in the cluster',
      remediation:
        'Flux v1 is unsupported (Azure support for Flux v1 configurations ended 2025-05-24; none can be created since 2024-01-01). Migrate to Flux v2 (az k8s-configuration flux create), then remove Flux v1 and its CRDs.',
    });
  },
});

function workloadFindings(snap: Snapshot): Finding[] {
  const workloads = [...snap.list(R.Deployment), ...snap.list(R.DaemonSet), ...snap.list(R.StatefulSet)];
  // Pods only when their workload is not in the snapshot, so one Deployment is one finding.
  const covered = new Set(workloads.map((w) => `${w.metadata.namespace}/${w.metadata.name}`));
  const orphanPods = snap.list(R.Pod).filter((p) => !p.metadata.ownerReferences?.length || !covered.has(`${p.metadata.namespace}/${ownerName(p)}`));
  return [...workloads, ...orphanPods].flatMap((w): Finding[] => {
    const images = containerImages(w).filter((i) => V1_IMAGE.test(imageRepository(i)));
    if (images.length === 0) return [];
    const ns = w.metadata.namespace ?? 'default';
    return [{
      status: 'fail',
      object: refOf(w),
      message: `Flux v1 ${w.kind} ${ns}/${w.metadata.name} runs ${images.join(', ')}`,
      evidence: [{ ref: refString(w), path: 'spec.containers[].image', observed: images.join(', '), expected: 'no Flux v1 images (migrate to Flux v2)' }],
      commands: [`az k8s-configuration list -g <RESOURCE_GROUP> -c <CLUSTER_NAME> -t <connectedClusters|managedClusters>`, `kubectl delete ${w.kind.toLowerCase()} ${w.metadata.name} -n ${ns}   # after migrating to Flux v2`],
    }];
  });
}

function ownerName(p: KubeObject): string {
  const o = objects(p.metadata.ownerReferences)[0];
  if (!o || typeof o.name !== 'string') return '';
  const hash = p.metadata.labels?.['pod-template-hash'];
  return o.kind === 'ReplicaSet' && hash && o.name.endsWith('-' + hash) ? o.name.slice(0, -hash.length - 1) : o.name;
}

function crdFindings(snap: Snapshot): Finding[] {
  return snap
    .list(R.CustomResourceDefinition)
    .filter((c) => V1_CRDS.includes(c.metadata.name))
    .map((c) => {
      const releases = snap.list(R.FluxV1HelmRelease).length;
      return {
        status: 'fail' as const,
        object: refOf(c),
        message: `Flux v1 CRD ${c.metadata.name} is installed${releases ? ` with ${releases} HelmRelease(s) of helm-operator` : ''}`,
        evidence: [{ ref: refString(c), path: 'metadata.name', observed: c.metadata.name, expected: 'absent (Flux v2 uses helmreleases.helm.toolkit.fluxcd.io)' }],
        commands: [`kubectl get helmreleases.helm.fluxcd.io --all-namespaces`, `kubectl delete crd ${c.metadata.name}   # after migrating its releases to Flux v2 HelmReleases`],
      };
    });
}
