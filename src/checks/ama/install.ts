// Where Container Insights runs and what should exist: the facts every AMA check's expectations depend on.
import type { KubeObject } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import { EXTENSION_TYPES, findExtension, type InstalledExtension } from '../shared/extensions.js';

export const DEFAULT_AMA_NAMESPACE = 'kube-system';
export const AMA_DAEMONSET = 'ama-logs';
export const AMA_DEPLOYMENT = 'ama-logs-rs';
export const AMA_WINDOWS_DAEMONSET = 'ama-logs-windows';
export const TOKEN_ADAPTER = 'addon-token-adapter';

export interface AmaInstall {
  present: boolean;
  /** kube-system (where the chart pins the agents), else where ama-logs runs. */
  namespace: string;
  extension?: InstalledExtension;
  daemonSet?: KubeObject;
  deployment?: KubeObject;
  windowsDaemonSet?: KubeObject;
}

const isAmaWorkload = (o: KubeObject) => o.metadata.name.startsWith('ama-logs');

export function amaInstall(snap: Snapshot): AmaInstall {
  const extension = findExtension(snap, EXTENSION_TYPES.ama);
  const workloads = [...snap.list(R.DaemonSet), ...snap.list(R.Deployment)].filter(isAmaWorkload);
  // The Arc extension's Helm release namespace is `azuremonitor-containers`, but the chart pins every agent to
  // kube-system: follow where the agents actually run, not the extension's releaseNamespace.
  const namespace =
    workloads.length === 0 || workloads.some((w) => w.metadata.namespace === DEFAULT_AMA_NAMESPACE)
      ? DEFAULT_AMA_NAMESPACE
      : workloads[0].metadata.namespace ?? DEFAULT_AMA_NAMESPACE;
  return {
    present: Boolean(extension) || workloads.length > 0,
    namespace,
    extension,
    daemonSet: snap.get(R.DaemonSet, namespace, AMA_DAEMONSET),
    deployment: snap.get(R.Deployment, namespace, AMA_DEPLOYMENT),
    windowsDaemonSet: snap.get(R.DaemonSet, namespace, AMA_WINDOWS_DAEMONSET),
  };
}

/** `-n kube-system`, as remediation commands spell the release namespace. */
export function nsFlag(install: AmaInstall): string {
  return `-n ${install.namespace}`;
}

/** The cluster an extension belongs to, from its ARM id, for `az` commands; placeholders when unknown. */
export function extensionScope(ext: InstalledExtension | undefined): { resourceGroup: string; cluster: string; clusterType: string; name: string } {
  const id = String(ext?.resource?.id ?? '');
  const m = /\/resourceGroups\/([^/]+)\/providers\/Microsoft\.(?:Kubernetes|ContainerService)\/(connectedClusters|managedClusters|provisionedClusters)\/([^/]+)/i.exec(id);
  return {
    resourceGroup: m?.[1] ?? '<resource-group>',
    clusterType: m?.[2] ?? 'connectedClusters',
    cluster: m?.[3] ?? '<cluster-name>',
    name: ext?.name || 'azuremonitor-containers',
  };
}
