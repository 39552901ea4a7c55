import { defineCheck, fromFindings, type Evidence, type Finding } from '../define.js';
import { podTroubled } from '../../engine/log-needs.js';
import { refString, type KubeObject } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import { daemonSetReadiness, deploymentReadiness, podsOf } from '../shared/workloads.js';
import { whyNotReady } from './agent-health.js';
import { agentPodsOf, amaInstall, extensionScope, type AmaInstall } from './install.js';
import { troubledPods } from './pod-trouble.js';

type WorkloadKind = 'DaemonSet' | 'Deployment';

export default defineCheck({
  id: 'AMA003',
  area: 'ama',
  title: 'ama-logs DaemonSet and ama-logs-rs Deployment are fully available',
  guide: 'Insights de Contêiner do Azure Monitor',
  reads: [{ type: R.DaemonSet }, { type: R.Deployment }, { type: R.ReplicaSet }, { type: R.Pod }, { type: R.Node }, { type: R.Event }, { type: R.ExtensionConfig }],
  logs: [
    // Quoted under a failing pod only: the verdict comes from the workloads' and pods' status.
    { selector: 'dsName=ama-logs-ds', tailLines: 20, decisive: false, when: (pod) => podTroubled(pod) },
    { selector: 'rsName=ama-logs-rs', tailLines: 20, decisive: false, when: (pod) => podTroubled(pod) },
  ],
  azure: ['Microsoft.KubernetesConfiguration/extensions'],
  fixable: false,
  run(snap, ctx) {
    const install = amaInstall(snap);
    const { daemonSet: ds, deployment: dep, names } = install;
    // A hand-made snapshot of pods alone (`kubectl get pods -o yaml`): judge the pods, claim nothing is missing.
    const podsOnly = !snap.knowsType(R.DaemonSet) && !snap.knowsType(R.Deployment) && install.pods.length > 0;
    const notes: string[] = [];
    const findings: Finding[] = [];
    for (const [kind, workload, name] of [['DaemonSet', ds, names.daemonSet], ['Deployment', dep, names.deployment]] as const) {
      if (workload) findings.push(...(kind === 'DaemonSet' ? daemonSetFindings(snap, workload, ctx.now) : deploymentFindings(snap, workload, ctx.now)));
      else if (!podsOnly) findings.push(missingWorkload(install, kind, name));
      else {
        const pods = agentPodsOf(install, kind).length;
        notes.push(pods ? `${name} judged from its ${pods} pod(s): no ${kind} objects in the snapshot` : `${name} not checked: neither ${kind} objects nor its pods are in the snapshot`);
        findings.push(...podOnlyFindings(snap, install, kind, name, ctx.now));
      }
    }
    const win = install.windowsDaemonSet;
    // The Windows agent has nothing to do on a cluster without Windows nodes (desired 0).
    if (win && daemonSetReadiness(win).desired > 0) findings.push(...daemonSetFindings(snap, win, ctx.now));
    const ready = [ds && `${names.daemonSet} ${daemonSetReadiness(ds).readyColumn} ready`, dep && `${names.deployment} ${deploymentReadiness(dep).readyColumn} available`].filter(Boolean);
    const passLine = `${ready.length ? ready.join(', ') : `the ${install.pods.length} agent pod(s) ready`} in ${install.namespace}${notes.length ? `; ${notes.join('; ')}` : ''}`;
    if (names.legacy) notes.push(`the agents carry their pre-3.0 names (${names.daemonSet}, ${names.deployment}); upgrading the extension renames them ama-logs`);
    return fromFindings(findings, {
      pass: passLine,
      notes,
      remediation: 'Container Insights collects nothing from a node whose ama-logs pod is not ready, and no cluster inventory, events or metrics without ama-logs-rs. Fix the cause each pod shows (scheduling, image pull, crash, node down), then check again.',
    });
  },
});

function missingWorkload(install: AmaInstall, kind: WorkloadKind, name: string): Finding {
  const ref = { apiVersion: 'apps/v1', kind, namespace: install.namespace, name };
  const ext = install.extension;
  const s = extensionScope(ext);
  const why = ext ? `although the ${ext.extensionType} extension ${ext.name} is installed` : `although other ${install.names.daemonSet} workloads run`;
  const commands = ext
    ? [
        `az k8s-extension show --name ${s.name} --cluster-type ${s.clusterType} --cluster-name ${s.cluster} --resource-group ${s.resourceGroup}`,
        `az k8s-extension delete --name ${s.name} --cluster-type ${s.clusterType} --cluster-name ${s.cluster} --resource-group ${s.resourceGroup} --yes`,
        `az k8s-extension create --name ${s.name} --extension-type Microsoft.AzureMonitor.Containers --cluster-type ${s.clusterType} --cluster-name ${s.cluster} --resource-group ${s.resourceGroup}`,
      ]
    : [`kubectl -n ${install.namespace} get daemonsets,deployments -o wide | grep ${install.names.daemonSet}`, `az aks enable-addons --addons monitoring --resource-group <resource-group> --name <cluster-name>`];
  // While Azure is still creating (or deleting) the extension, absent agents are expected for a few minutes.
  const inProgress = ['creating', 'updating', 'accepted', 'deleting'].includes(String(ext?.provisioningState ?? '').toLowerCase());
  return {
    status: inProgress ? 'warn' : 'fail',
    object: ref,
    message: `${kind} ${install.namespace}/${name} does not exist ${why}${inProgress ? ` (provisioningState ${ext!.provisioningState}: the operation is still running)` : ''}`,
    evidence: [{ ref: refString(ref), observed: 'absent', expected: `the ${kind} the Container Insights chart installs` }],
    commands,
  };
}

function daemonSetFindings(snap: Snapshot, ds: KubeObject, now: Date): Finding[] {
  const r = daemonSetReadiness(ds);
  if (r.healthy) return [];
  const ns = ds.metadata.namespace ?? '';
  const s = ds.status ?? {};
  const current = Number(s.currentNumberScheduled ?? 0);
  const observed = `desired ${r.desired}, current ${current}, ready ${r.ready}, available ${r.available}${s.numberMisscheduled ? `, misscheduled ${s.numberMisscheduled}` : ''}`;
  const evidence: Evidence[] = [{ ref: refString(ds), path: 'status', observed, expected: r.desired > 0 ? `ready = available = desired (${r.desired})` : 'at least one node running the agent' }];
  const reasons = whyNotReady(snap, { namespace: ns, pods: podsOf(snap, ds), creators: [ds.metadata.name], creatorKind: 'DaemonSet' }, now);
  const rolling = reasons.transitional && r.desired > 0;
  const head =
    r.desired === 0
      ? `DaemonSet ${ns}/${ds.metadata.name} is scheduled on no node`
      : `DaemonSet ${ns}/${ds.metadata.name} is ${r.readyColumn} ready (current ${current}/${r.desired})${rolling ? `, pods still starting (updated ${s.updatedNumberScheduled ?? 0}/${r.desired})` : ''}`;
  return [
    {
      status: rolling ? 'warn' : 'fail',
      object: { apiVersion: 'apps/v1', kind: 'DaemonSet', namespace: ns, name: ds.metadata.name },
      message: reasons.summary ? `${head}: ${reasons.summary}` : head,
      evidence: [...evidence, ...reasons.evidence],
      commands: [`kubectl -n ${ns} describe daemonset ${ds.metadata.name}`, `kubectl -n ${ns} get pods -l ${selectorText(ds)} -o wide`, ...reasons.commands],
    },
  ];
}

function deploymentFindings(snap: Snapshot, dep: KubeObject, now: Date): Finding[] {
  const r = deploymentReadiness(dep);
  if (r.healthy) return [];
  const ns = dep.metadata.namespace ?? '';
  const evidence: Evidence[] = [
    { ref: refString(dep), path: 'status', observed: `ready ${r.ready}, available ${r.available} of ${r.desired}${r.reason ? ` (${r.reason})` : ''}`, expected: `${Math.max(r.desired, 1)} available` },
  ];
  const replicaSets = snap.list(R.ReplicaSet, { namespace: ns }).filter((rs) => rs.metadata.name.startsWith(dep.metadata.name + '-'));
  const reasons = whyNotReady(snap, { namespace: ns, pods: podsOf(snap, dep), creators: replicaSets.map((rs) => rs.metadata.name), creatorKind: 'ReplicaSet', controllerReason: r.reason }, now);
  const starting = reasons.transitional && r.desired > 0;
  const commands = [`kubectl -n ${ns} describe deployment ${dep.metadata.name}`, `kubectl -n ${ns} get pods -l ${selectorText(dep)} -o wide`, ...reasons.commands];
  if (r.desired === 0) commands.unshift(`kubectl -n ${ns} scale deployment ${dep.metadata.name} --replicas=1`);
  return [
    {
      status: starting ? 'warn' : 'fail',
      object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: dep.metadata.name },
      message: `Deployment ${ns}/${dep.metadata.name} is ${r.readyColumn} ready${starting ? ', its pod still starting' : ''}${reasons.summary ? `: ${reasons.summary}` : ''}`,
      evidence: [...evidence, ...reasons.evidence],
      commands,
    },
  ];
}

function podOnlyFindings(snap: Snapshot, install: AmaInstall, kind: WorkloadKind, name: string, now: Date): Finding[] {
  const troubles = troubledPods(snap, agentPodsOf(install, kind), now).filter((t) => !t.transitional);
  if (troubles.length === 0) return [];
  return [
    {
      status: 'fail',
      object: { apiVersion: 'apps/v1', kind, namespace: install.namespace, name },
      message: `${kind} ${install.namespace}/${name} has unready pods: ${troubles.slice(0, 3).map((t) => t.summary).join('; ')}${troubles.length > 3 ? `; and ${troubles.length - 3} more` : ''}`,
      evidence: troubles.flatMap((t) => t.evidence),
      commands: troubles.slice(0, 3).flatMap((t) => t.commands),
    },
  ];
}

function selectorText(w: KubeObject): string {
  const labels: Record<string, string> = w.spec?.selector?.matchLabels ?? {};
  const text = Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');
  return text || (w.kind === 'DaemonSet' ? 'dsName=ama-logs-ds' : 'rsName=ama-logs-rs');
}
