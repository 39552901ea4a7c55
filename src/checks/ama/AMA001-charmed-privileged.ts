import { defineCheck, fail, pass, skip, warn, type Evidence, type Remediation } from '../define.js';
import { refString } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import { eventsAbout } from '../shared/events.js';
import { daemonSetReadiness, deploymentReadiness, podsOf } from '../shared/workloads.js';
import { amaInstall, restartCommands, type AmaInstall } from './install.js';
import { charmedMarker, type CharmedEvidence } from './nodes.js';
import { privilegedRefusals, type PrivilegedRefusal } from './privileged.js';

export default defineCheck({
  id: 'AMA001',
  area: 'ama',
  title: 'ama-logs may run privileged on Charmed Kubernetes',
  guide: 'Habilitando o modo privilegiado para o cluster do Kubernetes Com Canonical Charme',
  reads: [{ type: R.Node }, { type: R.DaemonSet }, { type: R.Deployment }, { type: R.ReplicaSet }, { type: R.Pod }, { type: R.Event }],
  fixable: false,
  run(snap) {
    const nodes = snap.list(R.Node);
    const charmed = nodes.map(charmedMarker).filter((c): c is CharmedEvidence => Boolean(c));
    if (nodes.length === 0) return skip('no Node objects in the snapshot, so Charmed Kubernetes cannot be recognised (kubectl get nodes -o yaml)');
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
    const runsNow = Boolean(readiness?.healthy) && (!install.deployment || deploymentReadiness(install.deployment).healthy);
    if (refusals.length > 0 && runsNow) {
      // Events live an hour: a refusal from before the fix stays visible after the pods were created.
      return pass(`Charmed Kubernetes, and the privileged ama-logs pods run now (${readiness!.readyColumn} ready); an earlier refusal is history: ${refusals[0].message}`, {
        evidence: [nodeEvidence],
      });
    }
    if (refusals.length > 0) {
      const first = refusals[0];
      return fail(`${refusedBy(first)} refuses the privileged ${install.names.daemonSet} pods: ${first.message}`, {
        evidence: [
          nodeEvidence,
          ...(ds && readiness ? [{ ref: refString(ds), path: 'status', observed: `desired ${readiness.desired}, current ${ds.status?.currentNumberScheduled ?? 0}, ready ${readiness.ready}`, expected: `all ${readiness.desired} scheduled and ready` }] : []),
          ...refusals.slice(0, 3).map((e) => ({ ref: refString(e.event), path: 'message', observed: `${e.reason} (x${e.count}): ${e.message}` })),
        ],
        remediation: remediationFor(first, charmed, install),
      });
    }
    if (!ds || !readiness) return pass(`Charmed Kubernetes, but the ${install.names.daemonSet} DaemonSet does not exist in ${install.namespace}, so no privileged pod was refused (AMA003 reports the missing DaemonSet)`);
    const current = Number(ds.status?.currentNumberScheduled ?? 0);
    const otherRefusal = eventsAbout(snap, { kind: 'DaemonSet', name: ds.metadata.name, namespace: install.namespace }).find((e) => e.reason === 'FailedCreate');
    if (otherRefusal && !runsNow) return pass(`Charmed Kubernetes; ${ds.metadata.name} pods are refused, but not for privileged mode (${otherRefusal.message}); AMA003 reports it`, { evidence: [nodeEvidence] });
    if (readiness.desired > 0 && current === 0 && podsOf(snap, ds).length === 0) {
      const fix = jujuRemediation(charmed, install);
      return warn(`Charmed Kubernetes and ${ds.metadata.name} has created no pod on ${readiness.desired} node(s); no event is left to say why (events expire after an hour), and a refused privileged pod is the guide's known cause`, {
        evidence: [nodeEvidence, { ref: refString(ds), path: 'status.currentNumberScheduled', observed: 0, expected: readiness.desired }],
        remediation: { ...fix, commands: [`kubectl -n ${install.namespace} describe daemonset ${ds.metadata.name}`, ...fix.commands] },
      });
    }
    return pass(`Charmed Kubernetes, and the privileged ${ds.metadata.name} pods are allowed (${current}/${readiness.desired} scheduled)`, { evidence: [nodeEvidence] });
  },
});

function refusedBy(r: PrivilegedRefusal): string {
  switch (r.mechanism) {
    case 'webhook':
      return `The admission webhook ${r.webhook}`;
    case 'pod-security':
      return 'Pod Security admission';
    case 'pod-security-policy':
      return 'A PodSecurityPolicy';
    default:
      return 'Charmed Kubernetes (kube-apiserver allow-privileged)';
  }
}

/** The guide's juju fix is for kube-apiserver's own refusal; an admission policy needs its own exemption. */
function remediationFor(r: PrivilegedRefusal, charmed: CharmedEvidence[], install: AmaInstall): Remediation {
  const ns = install.namespace;
  if (r.mechanism === 'webhook') {
    return {
      text: `An admission policy (webhook ${r.webhook}) refuses privileged containers in ${ns}. Container Insights needs them: exempt ${ns} (or the ama-logs pods) from that policy, then let the controllers create the pods again. Allowing privileged mode in Juju does not help here.`,
      commands: [`kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations -o wide | grep -i '${r.webhook!.split('.')[0]}'`, `kubectl -n ${ns} get events --field-selector reason=FailedCreate`, ...restartCommands(install)],
    };
  }
  if (r.mechanism === 'pod-security') {
    return {
      text: `Pod Security admission enforces a level below privileged on ${ns}. Container Insights runs privileged: label the namespace to allow it, then let the controllers create the pods again.`,
      commands: [`kubectl label namespace ${ns} pod-security.kubernetes.io/enforce=privileged --overwrite`, ...restartCommands(install)],
    };
  }
  return jujuRemediation(charmed, install);
}

function jujuRemediation(charmed: CharmedEvidence[], install: AmaInstall): Remediation {
  const apps = [...new Set(charmed.map((c) => c.application).filter((a): a is string => Boolean(a) && a !== 'kubernetes-worker' && a !== 'kubernetes-control-plane'))];
  return {
    text: 'Container Insights runs its DaemonSet (and ama-logs-rs) privileged, and this Charmed Kubernetes cluster does not allow privileged containers. Allow them with Juju as the guide says (current charms keep the setting on kubernetes-control-plane, which configures kube-apiserver), then let the controllers create the pods again.',
    commands: [
      'juju config kubernetes-worker allow-privileged=true',
      'juju config kubernetes-control-plane allow-privileged=true',
      ...apps.map((a) => `juju config ${a} allow-privileged=true`),
      ...restartCommands(install),
    ],
  };
}
