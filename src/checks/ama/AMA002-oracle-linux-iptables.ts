import { defineCheck, error, fromFindings, pass, type Evidence, type Finding } from '../define.js';
import { podTroubled } from '../../engine/log-needs.js';
import { refString, type KubeObject } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import { objects, podReadiness, type ContainerState } from '../shared/workloads.js';
import { TOKEN_ADAPTER, amaInstall, restartCommands, type AmaInstall } from './install.js';
import { enterpriseLinux9, osImageOf } from './nodes.js';
import { isBroken } from './pod-trouble.js';

/** What the adapter prints when the node lacks the iptable_nat module (guide + Arc troubleshooting doc). */
const IPTABLES_SIGNATURE = /can't initialize iptables table [`'"]?nat|error modifying iptable rules|Table does not exist \(do you need to insmod\?\)/i;

interface Adapter {
  pod: KubeObject;
  state?: ContainerState;
  nodeName?: string;
  node?: KubeObject;
  /** Whether any log of the adapter (current or previous instance) is in the snapshot. */
  hasLogs: boolean;
  signatureLine?: string;
  /** The error is only in the previous instance's log and the adapter runs ready now: the module was loaded since. */
  recovered: boolean;
  broken: boolean;
}

export default defineCheck({
  id: 'AMA002',
  area: 'ama',
  title: 'addon-token-adapter can set up iptables (Oracle Linux / RHEL 9.x)',
  guide: 'Não é possível instalar o AMA no Oracle Linux 9.x',
  reads: [{ type: R.Node }, { type: R.Pod }, { type: R.DaemonSet }, { type: R.Deployment }],
  // Decisive: the iptables error is only in the adapter's log. Read only where the adapter waits or restarted.
  logs: [
    { selector: 'rsName=ama-logs-rs', container: TOKEN_ADAPTER, tailLines: 50, decisive: true, when: (pod) => podTroubled(pod, TOKEN_ADAPTER) },
    { selector: 'dsName=ama-logs-ds', container: TOKEN_ADAPTER, tailLines: 50, decisive: true, when: (pod) => podTroubled(pod, TOKEN_ADAPTER) },
  ],
  fixable: false,
  run(snap) {
    const install = amaInstall(snap);
    const nodes = snap.list(R.Node);
    const el9Nodes = nodes.filter((n) => enterpriseLinux9(n));
    const adapters = adaptersOf(snap, install, nodes);
    const affected = adapters.filter((a) => (a.signatureLine && !a.recovered) || (a.broken && a.node && enterpriseLinux9(a.node) && !a.hasLogs));
    if (affected.length > 0) {
      const outcome = fromFindings(nodeFindings(affected, install), {
        pass: '',
        remediation:
          "The adapter creates the iptables nat chain aad-metadata and these nodes do not load the iptable_nat kernel module. Load it on each node listed (the guide's `iptables_nat` is a typo), make it persistent (modprobe alone is lost at reboot), then restart the AMA pods.",
      });
      // Every node first, then one restart of the agents.
      if (outcome.remediation) outcome.remediation.commands.sort((a, b) => Number(!a.startsWith('ssh ')) - Number(!b.startsWith('ssh ')));
      return outcome;
    }
    const undecided = adapters.filter((a) => a.broken && !a.hasLogs && !a.node);
    if (nodes.length === 0 && undecided.length > 0) {
      return error(`${TOKEN_ADAPTER} is failing in ${undecided.map((a) => a.pod.metadata.name).join(', ')}, but without Node objects or its logs the node OS and the cause cannot be told`);
    }
    return passOutcome(snap, install, adapters, el9Nodes);
  },
});

function passOutcome(snap: Snapshot, install: AmaInstall, adapters: Adapter[], el9Nodes: KubeObject[]) {
  const el9List = el9Nodes.map((n) => `${n.metadata.name} (${osImageOf(n)})`).join(', ');
  const notes = adapters
    .filter((a) => a.recovered)
    .map((a) => `${a.pod.metadata.name} on ${a.nodeName ?? 'its node'} logged the iptables nat error before its last restart and runs ready now: make iptable_nat persistent on that node (/etc/modules-load.d/iptable_nat.conf)`);
  if (adapters.length === 0) {
    if (install.pods.length === 0 && !snap.knowsType(R.Pod)) return pass(`no Pod objects in the snapshot, so no ${TOKEN_ADAPTER} to judge (kubectl -n ${install.namespace} get pods -o yaml)`);
    const tail = el9Nodes.length ? `; Oracle Linux / RHEL 9 nodes: ${el9List}` : '';
    if (declaresAdapter(install)) return pass(`no AMA pod runs ${TOKEN_ADAPTER} yet, so no iptables error to see (AMA003 reports missing pods)${tail}`);
    return pass(`no ${TOKEN_ADAPTER} container in the AMA pods (AAD auth not in use), so the iptables NAT setup does not apply${tail}`);
  }
  if (el9Nodes.length === 0) return pass(`no Oracle Linux / RHEL 9.x node; ${TOKEN_ADAPTER} shows no iptables error`, { notes });
  const otherCause = adapters.filter((a) => a.broken && a.node && enterpriseLinux9(a.node));
  if (otherCause.length > 0) {
    const pods = otherCause.map((a) => `${a.pod.metadata.name} (${a.nodeName})`).join(', ');
    return pass(`${TOKEN_ADAPTER} fails in ${pods} on Oracle Linux / RHEL 9, but its logs hold no iptables nat error: another cause (AMA003 reports the pods)`, { notes });
  }
  return pass(`${TOKEN_ADAPTER} runs without the iptables error on the Oracle Linux / RHEL 9 node(s) ${el9List}`, {
    notes: notes.length ? notes : ['iptable_nat is loaded on these nodes now; make sure it stays loaded after a reboot (/etc/modules-load.d/iptable_nat.conf)'],
  });
}

function declaresAdapter(install: AmaInstall): boolean {
  return [install.deployment, install.daemonSet].some((w) => (w?.spec?.template?.spec?.containers ?? []).some((c: { name?: string }) => c.name === TOKEN_ADAPTER));
}

function adaptersOf(snap: Snapshot, install: AmaInstall, nodes: KubeObject[]): Adapter[] {
  const out: Adapter[] = [];
  for (const pod of install.pods) {
    const declared = objects(pod.spec?.containers).some((c: { name?: string }) => c.name === TOKEN_ADAPTER);
    const state = podReadiness(pod).containers.find((c) => c.name === TOKEN_ADAPTER && !c.init);
    if (!declared && !state) continue;
    const ns = pod.metadata.namespace ?? '';
    const current = signatureIn(snap.logs(ns, pod.metadata.name, TOKEN_ADAPTER));
    const previous = signatureIn(snap.logs(ns, pod.metadata.name, TOKEN_ADAPTER, true));
    const hasLogs = current.present || previous.present;
    const signatureLine = current.line ?? previous.line;
    const nodeName: string | undefined = pod.spec?.nodeName;
    out.push({
      pod,
      state,
      nodeName,
      node: nodes.find((n) => n.metadata.name === nodeName),
      hasLogs,
      signatureLine,
      recovered: Boolean(previous.line && !current.line && state?.ready),
      broken: state ? isBroken(state) : false,
    });
  }
  return out;
}

/** The nat-table line names the cause; the "error modifying" line only the symptom. */
function signatureIn(text: string | undefined): { present: boolean; line?: string } {
  if (text === undefined) return { present: false };
  const lines = text.split('\n');
  const line = lines.find((l) => /initialize iptables table/i.test(l)) ?? lines.find((l) => IPTABLES_SIGNATURE.test(l));
  return { present: true, line: line?.trim() };
}

function nodeFindings(affected: Adapter[], install: AmaInstall): Finding[] {
  const byNode = new Map<string, Adapter[]>();
  for (const a of affected) {
    const key = a.nodeName ?? '(unscheduled)';
    byNode.set(key, [...(byNode.get(key) ?? []), a]);
  }
  return [...byNode.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([nodeName, list]): Finding => {
    const os = list[0].node ? osImageOf(list[0].node) || 'OS not reported' : 'OS unknown: Node not in the snapshot';
    const evidence: Evidence[] = [];
    if (list[0].node) evidence.push({ ref: refString(list[0].node), path: 'status.nodeInfo.osImage', observed: os, expected: 'a distribution that loads iptable_nat, or the module loaded' });
    for (const a of list) {
      const st = a.state;
      const status = st ? `${st.reason ?? (st.ready ? 'ready' : 'not ready')}, ${st.restarts} restarts` : 'no status';
      evidence.push({ ref: refString(a.pod), path: `status.containerStatuses[${TOKEN_ADAPTER}]`, observed: status, expected: 'ready, not restarting' });
      if (a.signatureLine) evidence.push({ ref: refString(a.pod), path: `logs/${TOKEN_ADAPTER}`, observed: a.signatureLine });
    }
    const pods = list.map((a) => a.pod.metadata.name).join(', ');
    const cause = list.find((a) => a.signatureLine)?.signatureLine;
    return {
      status: 'fail',
      object: { apiVersion: 'v1', kind: 'Node', name: nodeName },
      message: `node ${nodeName} (${os}): ${TOKEN_ADAPTER} in ${pods} ${cause ? `cannot set up iptables: ${truncate(cause)}` : `is failing (${list[0].state?.reason ?? 'not ready'}); no log to confirm the iptables error`}`,
      evidence,
      commands: [`ssh ${nodeName} 'sudo modprobe iptable_nat && echo iptable_nat | sudo tee /etc/modules-load.d/iptable_nat.conf'`, ...restartCommands(install)],
    };
  });
}

function truncate(s: string): string {
  return s.length > 160 ? s.slice(0, 157) + '...' : s;
}
