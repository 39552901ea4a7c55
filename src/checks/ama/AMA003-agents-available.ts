import { defineCheck, fromFindings, type Evidence, type Finding } from '../define.js';
import { refString, type KubeObject } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import { eventsAbout } from '../shared/events.js';
import { daemonSetReadiness, deploymentReadiness, podsOf } from '../shared/workloads.js';
import { AMA_DAEMONSET, AMA_DEPLOYMENT, amaInstall, extensionScope, type AmaInstall } from './install.js';
import { troubledPods } from './pod-trouble.js';

export default defineCheck({
  id: 'AMA003',
  area: 'ama',
  title: 'ama-logs DaemonSet and ama-logs-rs Deployment are fully available',
  guide: 'Insights de Contêiner do Azure Monitor',
  reads: [{ type: R.DaemonSet }, { type: R.Deployment }, { type: R.ReplicaSet }, { type: R.Pod }, { type: R.Event }, { type: R.ExtensionConfig }],
  logs: [
    { selector: 'dsName=ama-logs-ds', tailLines: 20 },
    { selector: 'rsName=ama-logs-rs', tailLines: 20 },
  ],
  azure: ['Microsoft.KubernetesConfiguration/extensions'],
  fixable: false,
  run(snap) {
    const install = amaInstall(snap);
    const findings: Finding[] = [];
    const ds = install.daemonSet;
    const dep = install.deployment;
    if (!ds) findings.push(missingWorkload(install, 'DaemonSet', AMA_DAEMONSET));
    else findings.push(...daemonSetFindings(snap, ds));
    if (!dep) findings.push(missingWorkload(install, 'Deployment', AMA_DEPLOYMENT));
    else findings.push(...deploymentFindings(snap, dep));
    const win = install.windowsDaemonSet;
    // The Windows agent has nothing to do on a cluster without Windows nodes (desired 0).
    if (win && daemonSetReadiness(win).desired > 0) findings.push(...daemonSetFindings(snap, win));
    const passLine = [ds && `${AMA_DAEMONSET} ${daemonSetReadiness(ds).readyColumn} ready`, dep && `${AMA_DEPLOYMENT} ${deploymentReadiness(dep).readyColumn} available`]
      .filter(Boolean)
      .join(', ');
    return fromFindings(findings, {
      pass: `${passLine} in ${install.namespace}`,
      remediation: 'Container Insights collects nothing from a node whose ama-logs pod is not ready, and no cluster inventory, events or metrics without ama-logs-rs. Fix the cause each pod shows (scheduling, image pull, crash), then check again.',
    });
  },
});

function missingWorkload(install: AmaInstall, kind: 'DaemonSet' | 'Deployment', name: string): Finding {
  const ref = { apiVersion: 'apps/v1', kind, namespace: install.namespace, name };
  const ext = install.extension;
  const s = extensionScope(ext);
  const why = ext ? `although the ${ext.extensionType} extension ${ext.name} is installed` : 'although other ama-logs workloads run';
  const commands = ext
    ? [
        `az k8s-extension show --name ${s.name} --cluster-type ${s.clusterType} --cluster-name ${s.cluster} --resource-group ${s.resourceGroup}`,
        `az k8s-extension delete --name ${s.name} --cluster-type ${s.clusterType} --cluster-name ${s.cluster} --resource-group ${s.resourceGroup} --yes`,
        `az k8s-extension create --name ${s.name} --extension-type Microsoft.AzureMonitor.Containers --cluster-type ${s.clusterType} --cluster-name ${s.cluster} --resource-group ${s.resourceGroup}`,
      ]
    : [`kubectl -n ${install.namespace} get daemonsets,deployments -o wide | grep ama-logs`, `az aks enable-addons --addons monitoring --resource-group <resource-group> --name <cluster-name>`];
  return {
    status: 'fail',
    object: ref,
    message: `${kind} ${install.namespace}/${name} does not exist ${why}`,
    evidence: [{ ref: refString(ref), observed: 'absent', expected: `the ${kind} the Container Insights chart installs` }],
    commands,
  };
}

function daemonSetFindings(snap: Snapshot, ds: KubeObject): Finding[] {
  const r = daemonSetReadiness(ds);
  if (r.healthy) return [];
  const ns = ds.metadata.namespace ?? '';
  const s = ds.status ?? {};
  const current = Number(s.currentNumberScheduled ?? 0);
  const observed = `desired ${r.desired}, current ${current}, ready ${r.ready}, available ${r.available}${s.numberMisscheduled ? `, misscheduled ${s.numberMisscheduled}` : ''}`;
  const evidence: Evidence[] = [{ ref: refString(ds), path: 'status', observed, expected: r.desired > 0 ? `ready = available = desired (${r.desired})` : 'at least one node running the agent' }];
  const reasons = whyNotReady(snap, ds, podsOf(snap, ds), [ds.metadata.name], 'DaemonSet', evidence);
  const head = r.desired === 0 ? `DaemonSet ${ns}/${ds.metadata.name} is scheduled on no node` : `DaemonSet ${ns}/${ds.metadata.name} is ${r.readyColumn} ready (current ${current}/${r.desired})`;
  return [
    {
      status: 'fail',
      object: { apiVersion: 'apps/v1', kind: 'DaemonSet', namespace: ns, name: ds.metadata.name },
      message: reasons.summary ? `${head}: ${reasons.summary}` : head,
      evidence,
      commands: [`kubectl -n ${ns} describe daemonset ${ds.metadata.name}`, `kubectl -n ${ns} get pods -l ${selectorText(ds)} -o wide`, ...reasons.commands],
    },
  ];
}

function deploymentFindings(snap: Snapshot, dep: KubeObject): Finding[] {
  const r = deploymentReadiness(dep);
  if (r.healthy) return [];
  const ns = dep.metadata.namespace ?? '';
  const evidence: Evidence[] = [
    { ref: refString(dep), path: 'status', observed: `ready ${r.ready}, available ${r.available} of ${r.desired}${r.reason ? ` (${r.reason})` : ''}`, expected: `${Math.max(r.desired, 1)} available` },
  ];
  const replicaSets = snap.list(R.ReplicaSet, { namespace: ns }).filter((rs) => rs.metadata.name.startsWith(dep.metadata.name + '-'));
  const reasons = whyNotReady(snap, dep, podsOf(snap, dep), replicaSets.map((rs) => rs.metadata.name), 'ReplicaSet', evidence, r.reason);
  const summary = reasons.summary;
  const commands = [`kubectl -n ${ns} describe deployment ${dep.metadata.name}`, `kubectl -n ${ns} get pods -l ${selectorText(dep)} -o wide`, ...reasons.commands];
  if (r.desired === 0) commands.unshift(`kubectl -n ${ns} scale deployment ${dep.metadata.name} --replicas=1`);
  return [
    {
      status: 'fail',
      object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: dep.metadata.name },
      message: `Deployment ${ns}/${dep.metadata.name} is ${r.readyColumn} ready${summary ? `: ${summary}` : ''}`,
      evidence,
      commands,
    },
  ];
}

/** The pods' own trouble first; when there is no pod to look at, the controller's FailedCreate events. */
function whyNotReady(
  snap: Snapshot,
  owner: KubeObject,
  pods: KubeObject[],
  creators: string[],
  creatorKind: string,
  evidence: Evidence[],
  controllerReason?: string,
): { summary: string; commands: string[] } {
  const ns = owner.metadata.namespace ?? '';
  const troubles = troubledPods(snap, pods);
  for (const t of troubles) evidence.push(...t.evidence);
  const failedCreate = creators.flatMap((name) => eventsAbout(snap, { kind: creatorKind, name, namespace: ns })).filter((e) => e.reason === 'FailedCreate');
  for (const e of failedCreate.slice(0, 3)) evidence.push({ ref: refString(e.event), path: 'message', observed: `${e.reason} (x${e.count}): ${e.message}` });
  const parts = troubles.slice(0, 3).map((t) => t.summary);
  if (troubles.length > 3) parts.push(`and ${troubles.length - 3} more pods`);
  if (failedCreate.length > 0) parts.push(`FailedCreate: ${failedCreate[0].message}`);
  if (parts.length === 0 && controllerReason) parts.push(controllerReason);
  if (parts.length === 0 && pods.length === 0) parts.push('no pod exists and no event says why (events expire after an hour)');
  return { summary: parts.join('; '), commands: troubles.slice(0, 3).flatMap((t) => t.commands) };
}

function selectorText(w: KubeObject): string {
  const labels: Record<string, string> = w.spec?.selector?.matchLabels ?? {};
  const text = Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');
  return text || (w.kind === 'DaemonSet' ? 'dsName=ama-logs-ds' : 'rsName=ama-logs-rs');
}
