// Where Container Insights runs and what should exist: the facts every AMA check's expectations depend on.
import type { KubeObject } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import { clusterOfId } from '../azure/arm.js';
import { EXTENSION_TYPES, findExtension, type InstalledExtension } from '../shared/extensions.js';

export const DEFAULT_AMA_NAMESPACE = 'kube-system';
export const TOKEN_ADAPTER = 'addon-token-adapter';

/** The agents' names: `ama-logs*` since Container Insights 3.0 (2022), `omsagent*` before. */
export interface AgentNames {
  daemonSet: string;
  deployment: string;
  windows: string;
  /** The pod-template labels the chart selects on: `dsName=ama-logs-ds`, `rsName=ama-logs-rs`. */
  dsLabel: string;
  rsLabel: string;
  legacy: boolean;
}

export const AMA_NAMES: AgentNames = { daemonSet: 'ama-logs', deployment: 'ama-logs-rs', windows: 'ama-logs-windows', dsLabel: 'ama-logs-ds', rsLabel: 'ama-logs-rs', legacy: false };
export const OMSAGENT_NAMES: AgentNames = { daemonSet: 'omsagent', deployment: 'omsagent-rs', windows: 'omsagent-win', dsLabel: 'omsagent-ds', rsLabel: 'omsagent-rs', legacy: true };

export const AMA_DAEMONSET = AMA_NAMES.daemonSet;
export const AMA_DEPLOYMENT = AMA_NAMES.deployment;

export interface AmaInstall {
  present: boolean;
  /** kube-system (where the chart pins the agents), else where the agents run. */
  namespace: string;
  names: AgentNames;
  extension?: InstalledExtension;
  daemonSet?: KubeObject;
  deployment?: KubeObject;
  windowsDaemonSet?: KubeObject;
  /** The agent pods in that namespace, whether or not their DaemonSet/Deployment is in the snapshot. */
  pods: KubeObject[];
}

const isAgentWorkload = (o: KubeObject) => o.metadata.name.startsWith('ama-logs') || [OMSAGENT_NAMES.daemonSet, OMSAGENT_NAMES.deployment, OMSAGENT_NAMES.windows].includes(o.metadata.name);

/** A pod of the agents, by the labels the chart puts on them (a hand-made snapshot may hold pods without their owners). */
function isAgentPod(p: KubeObject, names: AgentNames[] = [AMA_NAMES, OMSAGENT_NAMES]): boolean {
  const labels = p.metadata.labels ?? {};
  return names.some((n) => labels.dsName === n.dsLabel || labels.rsName === n.rsLabel || labels.dsName === n.windows || p.metadata.name.startsWith(n.daemonSet + '-'));
}

/** Read once per snapshot: the area's applicability and three checks ask, and each answer scans every pod. */
const installs = new WeakMap<Snapshot, AmaInstall>();

export function amaInstall(snap: Snapshot): AmaInstall {
  let install = installs.get(snap);
  if (!install) installs.set(snap, (install = readInstall(snap)));
  return install;
}

function readInstall(snap: Snapshot): AmaInstall {
  const extension = findExtension(snap, EXTENSION_TYPES.ama);
  const workloads = [...snap.list(R.DaemonSet), ...snap.list(R.Deployment)].filter(isAgentWorkload);
  const allPods = snap.list(R.Pod).filter((p) => isAgentPod(p));
  // The Arc extension's Helm release namespace is `azuremonitor-containers`, but the chart pins every agent to
  // kube-system: follow where the agents actually run, not the extension's releaseNamespace.
  const seen = [...workloads, ...allPods].map((o) => o.metadata.namespace ?? DEFAULT_AMA_NAMESPACE);
  const namespace = seen.length === 0 || seen.includes(DEFAULT_AMA_NAMESPACE) ? DEFAULT_AMA_NAMESPACE : seen[0];
  const names = agentNames(snap, namespace);
  return {
    present: Boolean(extension) || workloads.length > 0 || allPods.length > 0,
    namespace,
    names,
    extension,
    daemonSet: snap.get(R.DaemonSet, namespace, names.daemonSet),
    deployment: snap.get(R.Deployment, namespace, names.deployment),
    windowsDaemonSet: snap.get(R.DaemonSet, namespace, names.windows),
    pods: snap.list(R.Pod, { namespace }).filter((p) => isAgentPod(p, [names])),
  };
}

/** The pre-3.0 names only when they are what runs: a cluster with neither gets today's names. */
function agentNames(snap: Snapshot, namespace: string): AgentNames {
  const has = (n: AgentNames) =>
    Boolean(snap.get(R.DaemonSet, namespace, n.daemonSet) || snap.get(R.Deployment, namespace, n.deployment)) ||
    snap.list(R.Pod, { namespace }).some((p) => isAgentPod(p, [n]));
  return !has(AMA_NAMES) && has(OMSAGENT_NAMES) ? OMSAGENT_NAMES : AMA_NAMES;
}

/** The agent pods of one workload kind: the DaemonSet's (Linux) or the Deployment's. */
export function agentPodsOf(install: AmaInstall, kind: 'DaemonSet' | 'Deployment'): KubeObject[] {
  const n = install.names;
  return install.pods.filter((p) => {
    const labels = p.metadata.labels ?? {};
    if (kind === 'Deployment') return labels.rsName === n.rsLabel || p.metadata.name.startsWith(n.deployment + '-');
    return labels.dsName === n.dsLabel || (!labels.rsName && !p.metadata.name.startsWith(n.deployment + '-') && !p.metadata.name.startsWith(n.windows + '-') && p.metadata.name.startsWith(n.daemonSet + '-'));
  });
}

/** The restarts that make the agents pick up a node-level fix. */
export function restartCommands(install: AmaInstall): string[] {
  const ns = install.namespace;
  return [`kubectl -n ${ns} rollout restart deployment/${install.names.deployment}`, `kubectl -n ${ns} rollout restart daemonset/${install.names.daemonSet}`];
}

/** The cluster an extension belongs to, from its ARM id, for `az` commands; placeholders when unknown. */
export function extensionScope(ext: InstalledExtension | undefined): { resourceGroup: string; cluster: string; clusterType: string; name: string } {
  const cluster = clusterOfId(ext?.resource?.id);
  return {
    resourceGroup: cluster?.resourceGroup ?? '<resource-group>',
    clusterType: cluster?.clusterType ?? 'connectedClusters',
    cluster: cluster?.name ?? '<cluster-name>',
    name: ext?.name || 'azuremonitor-containers',
  };
}
