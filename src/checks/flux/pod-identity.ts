// AAD Pod Identity (NMI DaemonSet, MIC, aadpodidentity.k8s.io CRDs) and the extension agents whose IMDS token
// requests NMI intercepts: on Arc the agents in azure-arc, on AKS those in kube-system, and fluxconfig-agent.
import type { KubeObject } from '../../snapshot/objects.js';
import { refString } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import { imageRepository } from '../shared/versions.js';
import { containerImages, ownerWorkload } from '../shared/workloads.js';
import { AZURE_MANAGED_CLUSTER } from './constants.js';

export interface PodIdentityTrace {
  ref: string;
  what: string;
}

const NMI_IMAGE = /aad-pod-identity\/nmi$/;
const MIC_IMAGE = /aad-pod-identity\/mic$/;

export function podIdentityTraces(snap: Snapshot): PodIdentityTrace[] {
  const out: PodIdentityTrace[] = [];
  for (const ds of snap.list(R.DaemonSet)) {
    const l = ds.metadata.labels ?? {};
    const byImage = containerImages(ds).some((i) => NMI_IMAGE.test(imageRepository(i)));
    if (byImage || ds.metadata.name === 'nmi' || l['app.kubernetes.io/component'] === 'nmi' || l.component === 'nmi') out.push({ ref: refString(ds), what: 'NMI DaemonSet' });
  }
  for (const d of snap.list(R.Deployment)) {
    if (containerImages(d).some((i) => MIC_IMAGE.test(imageRepository(i)))) out.push({ ref: refString(d), what: 'MIC Deployment' });
  }
  for (const crd of snap.list(R.CustomResourceDefinition)) {
    if (crd.metadata.name.endsWith('.aadpodidentity.k8s.io')) out.push({ ref: refString(crd), what: 'AAD Pod Identity CRD' });
  }
  for (const mc of snap.azure(AZURE_MANAGED_CLUSTER)) {
    if (mc.podIdentityProfile?.enabled === true) out.push({ ref: `managedCluster ${mc.name ?? ''}`.trim(), what: 'AKS pod identity add-on (podIdentityProfile.enabled)' });
  }
  return out;
}

/** Names the Arc and AKS extension agents go by (workload, container or image name). */
const AGENT_NAME = /^(extension-(manager|agent|operator)|config-agent|clusterconnect-agent|fluxconfig-(agent|controller))$/;
export const AGENT_NAMESPACES = ['azure-arc', 'kube-system'];

export function agentPods(snap: Snapshot, fluxNamespace: string): KubeObject[] {
  // An upstream Flux installed in kube-system shares it with the AKS agents: list each namespace once.
  return [...new Set([...AGENT_NAMESPACES, fluxNamespace])].flatMap((ns) =>
    snap.list(R.Pod, { namespace: ns }).filter((p) => {
      const l = p.metadata.labels ?? {};
      const names = [
        ownerWorkload(p)?.name,
        l.app,
        l['app.kubernetes.io/component'],
        l['app.kubernetes.io/name'],
        ...(p.spec?.containers ?? []).map((c: { name?: string }) => c.name),
        ...containerImages(p).map((i) => imageRepository(i).split('/').pop()),
      ];
      return names.some((n) => typeof n === 'string' && AGENT_NAME.test(n));
    }),
  );
}

export const TOKEN_ERROR = 'no azure identity found for request clientID';

export interface LogHit {
  pod: KubeObject;
  container: string;
  line: string;
}

export function tokenErrors(snap: Snapshot, pods: KubeObject[]): LogHit[] {
  const out: LogHit[] = [];
  for (const pod of pods) {
    const ns = pod.metadata.namespace ?? '';
    for (const c of (pod.spec?.containers ?? []) as Array<{ name: string }>) {
      for (const previous of [false, true]) {
        const text = snap.logs(ns, pod.metadata.name, c.name, previous);
        const line = text?.split('\n').find((l) => l.toLowerCase().includes(TOKEN_ERROR.toLowerCase()));
        if (line) {
          out.push({ pod, container: c.name, line: line.slice(0, 400) });
          break;
        }
      }
    }
  }
  return out;
}
