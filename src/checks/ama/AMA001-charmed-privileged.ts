import { defineCheck, fail, pass, skip, warn, type Evidence } from '../define.js';
import { refString, type KubeObject } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import { eventsAbout, type ObjectEvent } from '../shared/events.js';
import { daemonSetReadiness, podsOf } from '../shared/workloads.js';
import { AMA_DEPLOYMENT, amaInstall, type AmaInstall } from './install.js';
import { charmedMarker, type CharmedEvidence } from './nodes.js';

/**
 * The refusals of a privileged pod as they reach a FailedCreate event: kube-apiserver --allow-privileged=false
 * (`...securityContext.privileged: Forbidden: disallowed by cluster policy`), Pod Security admission
 * (`violates PodSecurity "baseline:latest": privileged (...)`) and PodSecurityPolicy (`Privileged containers are not allowed`).
 */
const PRIVILEGED_REFUSAL = /privileged/i;

export default defineCheck({
  id: 'AMA001',
  area: 'ama',
  title: 'ama-logs may run privileged on Charmed Kubernetes',
  guide: 'Habilitando o modo privilegiado para o cluster do Kubernetes Com Canonical Charme',
  reads: [{ type: R.Node }, { type: R.DaemonSet }, { type: R.Deployment }, { type: R.ReplicaSet }, { type: R.Pod }, { type: R.Event }],
  fixable: false,
  run(snap) {
    const charmed = snap.list(R.Node).map(charmedMarker).filter((c): c is CharmedEvidence => Boolean(c));
    if (charmed.length === 0) return skip('not a Charmed Kubernetes cluster: no node carries juju labels (juju-application, juju-charm, juju.io/cloud)');
    const install = amaInstall(snap);
    const ds = install.daemonSet;
    const refusals = privilegedRefusals(snap, install);
    const nodeEvidence: Evidence = {
      ref: refString(charmed[0].node),
      path: 'metadata.labels',
      observed: `${charmed[0].marker}${charmed.length > 1 ? ` (and ${charmed.length - 1} more Juju node(s))` : ''}`,
      expected: 'Charmed Kubernetes node',
    };
    const readiness = ds ? daemonSetReadiness(ds) : undefined;
    if (refusals.length > 0) {
      const first = refusals[0];
      return fail(`Charmed Kubernetes refuses the privileged ama-logs pods: ${first.message}`, {
        evidence: [
          nodeEvidence,
          ...(ds && readiness ? [{ ref: refString(ds), path: 'status', observed: `desired ${readiness.desired}, current ${ds.status?.currentNumberScheduled ?? 0}, ready ${readiness.ready}`, expected: `all ${readiness.desired} scheduled and ready` }] : []),
          ...refusals.slice(0, 3).map((e) => ({ ref: refString(e.event), path: 'message', observed: `${e.reason} (x${e.count}): ${e.message}` })),
        ],
        remediation: remediation(charmed, install),
      });
    }
    if (!ds || !readiness) return pass(`Charmed Kubernetes, but the ama-logs DaemonSet does not exist in ${install.namespace}, so no privileged pod was refused (AMA003 reports the missing DaemonSet)`);
    const current = Number(ds.status?.currentNumberScheduled ?? 0);
    const otherRefusal = eventsAbout(snap, { kind: 'DaemonSet', name: ds.metadata.name, namespace: install.namespace }).find((e) => e.reason === 'FailedCreate');
    if (otherRefusal) return pass(`Charmed Kubernetes; ama-logs pods are refused, but not for privileged mode (${otherRefusal.message}); AMA003 reports it`, { evidence: [nodeEvidence] });
    if (readiness.desired > 0 && current === 0 && podsOf(snap, ds).length === 0) {
      return warn(`Charmed Kubernetes and ama-logs has created no pod on ${readiness.desired} node(s); no event is left to say why (events expire after an hour), and a refused privileged pod is the guide's known cause`, {
        evidence: [nodeEvidence, { ref: refString(ds), path: 'status.currentNumberScheduled', observed: 0, expected: readiness.desired }],
        remediation: { ...remediation(charmed, install), commands: [`kubectl -n ${install.namespace} describe daemonset ${ds.metadata.name}`, ...remediation(charmed, install).commands] },
      });
    }
    return pass(`Charmed Kubernetes, and the privileged ama-logs pods are allowed (${current}/${readiness.desired} scheduled)`, { evidence: [nodeEvidence] });
  },
});

/** FailedCreate events about privileged mode for the ama-logs DaemonSet and the ama-logs-rs ReplicaSets, plus the Deployment's ReplicaFailure. */
function privilegedRefusals(snap: Snapshot, install: AmaInstall): ObjectEvent[] {
  const ns = install.namespace;
  const subjects: Array<{ kind: string; name: string }> = [];
  if (install.daemonSet) subjects.push({ kind: 'DaemonSet', name: install.daemonSet.metadata.name });
  for (const rs of snap.list(R.ReplicaSet, { namespace: ns })) if (rs.metadata.name.startsWith(AMA_DEPLOYMENT + '-')) subjects.push({ kind: 'ReplicaSet', name: rs.metadata.name });
  const events = subjects.flatMap((s) => eventsAbout(snap, { ...s, namespace: ns })).filter((e) => e.reason === 'FailedCreate' && PRIVILEGED_REFUSAL.test(e.message));
  const dep = install.deployment;
  const failure = (dep?.status?.conditions ?? []).find((c: { type?: string; status?: string; message?: string }) => c.type === 'ReplicaFailure' && c.status === 'True' && PRIVILEGED_REFUSAL.test(c.message ?? ''));
  if (dep && failure) events.push(conditionAsEvent(dep, failure.message));
  return events;
}

function conditionAsEvent(dep: KubeObject, message: string): ObjectEvent {
  return { reason: 'FailedCreate', message, type: 'Warning', count: 1, event: dep };
}

function remediation(charmed: CharmedEvidence[], install: AmaInstall) {
  const ns = install.namespace;
  const apps = [...new Set(charmed.map((c) => c.application).filter((a): a is string => Boolean(a) && a !== 'kubernetes-worker'))];
  return {
    text: 'Container Insights runs its DaemonSet (and ama-logs-rs) privileged, and this Charmed Kubernetes cluster does not allow privileged containers. Allow them with Juju as the guide says (current charms keep the setting on kubernetes-control-plane, which configures kube-apiserver), then let the controllers create the pods again.',
    commands: [
      'juju config kubernetes-worker allow-privileged=true',
      'juju config kubernetes-control-plane allow-privileged=true',
      ...apps.filter((a) => a !== 'kubernetes-control-plane').map((a) => `juju config ${a} allow-privileged=true`),
      `kubectl -n ${ns} rollout restart daemonset/ama-logs`,
      `kubectl -n ${ns} rollout restart deployment/${AMA_DEPLOYMENT}`,
    ],
  };
}
