import { defineCheck, error, fromFindings, pass, type Evidence, type Finding } from '../define.js';
import { refString, type KubeObject } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import { podReadiness, podsOf, type ContainerState } from '../shared/workloads.js';
import { AMA_DAEMONSET, AMA_DEPLOYMENT, TOKEN_ADAPTER, amaInstall, type AmaInstall } from './install.js';
import { enterpriseLinux9, osImageOf } from './nodes.js';
import { isFailing } from './pod-trouble.js';

/** What the adapter prints when the node lacks the iptable_nat module (guide + Arc troubleshooting doc). */
const IPTABLES_SIGNATURE = /can't initialize iptables table [`'"]?nat|error modifying iptable rules|Table does not exist \(do you need to insmod\?\)/i;

interface Adapter {
  pod: KubeObject;
  state?: ContainerState;
  nodeName?: string;
  node?: KubeObject;
  logText?: string;
  signatureLine?: string;
  failing: boolean;
}

export default defineCheck({
  id: 'AMA002',
  area: 'ama',
  title: 'addon-token-adapter can set up iptables (Oracle Linux / RHEL 9.x)',
  guide: 'Não é possível instalar o AMA no Oracle Linux 9.x',
  reads: [{ type: R.Node }, { type: R.Pod }, { type: R.DaemonSet }, { type: R.Deployment }],
  logs: [
    { selector: 'rsName=ama-logs-rs', container: TOKEN_ADAPTER, tailLines: 50 },
    { selector: 'dsName=ama-logs-ds', container: TOKEN_ADAPTER, tailLines: 50 },
  ],
  fixable: false,
  run(snap) {
    const install = amaInstall(snap);
    const nodes = snap.list(R.Node);
    const el9Nodes = nodes.filter((n) => enterpriseLinux9(n));
    const adapters = adaptersOf(snap, install, nodes);
    const affected = adapters.filter((a) => a.signatureLine || (a.failing && a.node && enterpriseLinux9(a.node) && a.logText === undefined));
    const el9List = el9Nodes.map((n) => `${n.metadata.name} (${osImageOf(n)})`).join(', ');
    if (affected.length === 0) {
      const undecided = adapters.filter((a) => a.failing && a.logText === undefined && !a.node);
      if (nodes.length === 0 && undecided.length > 0) {
        return error(`addon-token-adapter is failing in ${undecided.map((a) => a.pod.metadata.name).join(', ')}, but without Node objects or its logs the node OS and the cause cannot be told`);
      }
      if (adapters.length === 0) {
        const tail = el9Nodes.length ? `; Oracle Linux / RHEL 9 nodes: ${el9List}` : '';
        if (declaresAdapter(install)) return pass(`no AMA pod runs ${TOKEN_ADAPTER} yet, so no iptables error to see (AMA003 reports missing pods)${tail}`);
        return pass(`no ${TOKEN_ADAPTER} container in the AMA pods (AAD auth not in use), so the iptables NAT setup does not apply${tail}`);
      }
      if (el9Nodes.length === 0) return pass(`no Oracle Linux / RHEL 9.x node; ${TOKEN_ADAPTER} shows no iptables error`);
      return pass(`${TOKEN_ADAPTER} runs without the iptables error on the Oracle Linux / RHEL 9 node(s) ${el9List}`, {
        notes: ['iptable_nat is loaded on these nodes now; make sure it stays loaded after a reboot (/etc/modules-load.d/iptable_nat.conf)'],
      });
    }
    const outcome = fromFindings(nodeFindings(affected, install), {
      pass: '',
      remediation:
        "The adapter creates the iptables nat chain aad-metadata and these nodes do not load the iptable_nat kernel module. Load it on each node listed (the guide's `iptables_nat` is a typo), make it persistent (modprobe alone is lost at reboot), then restart the AMA pods.",
    });
    // Every node first, then one restart of the agents.
    if (outcome.remediation) outcome.remediation.commands.sort((a, b) => Number(!a.startsWith('ssh ')) - Number(!b.startsWith('ssh ')));
    return outcome;
  },
});

function declaresAdapter(install: AmaInstall): boolean {
  return [install.deployment, install.daemonSet].some((w) => (w?.spec?.template?.spec?.containers ?? []).some((c: { name?: string }) => c.name === TOKEN_ADAPTER));
}

function adaptersOf(snap: Snapshot, install: AmaInstall, nodes: KubeObject[]): Adapter[] {
  const owners = [install.deployment, install.daemonSet].filter((w): w is KubeObject => Boolean(w));
  const byName = new Map<string, KubeObject>();
  for (const p of owners.flatMap((w) => podsOf(snap, w))) byName.set(p.metadata.name, p);
  // Pods whose owner is gone (or was read separately) are still named after it.
  for (const p of snap.list(R.Pod, { namespace: install.namespace })) {
    if (p.metadata.name.startsWith(AMA_DAEMONSET + '-') || p.metadata.name.startsWith(AMA_DEPLOYMENT + '-')) byName.set(p.metadata.name, p);
  }
  const out: Adapter[] = [];
  for (const pod of byName.values()) {
    const declared = (pod.spec?.containers ?? []).some((c: { name?: string }) => c.name === TOKEN_ADAPTER);
    const state = podReadiness(pod).containers.find((c) => c.name === TOKEN_ADAPTER && !c.init);
    if (!declared && !state) continue;
    const ns = pod.metadata.namespace ?? '';
    const texts = [snap.logs(ns, pod.metadata.name, TOKEN_ADAPTER), snap.logs(ns, pod.metadata.name, TOKEN_ADAPTER, true)].filter((t): t is string => t !== undefined);
    const logText = texts.length ? texts.join('\n') : undefined;
    const lines = logText?.split('\n') ?? [];
    // The nat-table line names the cause; the "error modifying" line only the symptom.
    const signatureLine = (lines.find((l) => /initialize iptables table/i.test(l)) ?? lines.find((l) => IPTABLES_SIGNATURE.test(l)))?.trim();
    const nodeName: string | undefined = pod.spec?.nodeName;
    // A ready adapter has created its nat chain, whatever its restart count says about the past.
    const failing = state ? isFailing(state) : false;
    out.push({ pod, state, nodeName, node: nodes.find((n) => n.metadata.name === nodeName), logText, signatureLine, failing });
  }
  return out;
}

function nodeFindings(affected: Adapter[], install: AmaInstall): Finding[] {
  const byNode = new Map<string, Adapter[]>();
  for (const a of affected) {
    const key = a.nodeName ?? '(unscheduled)';
    byNode.set(key, [...(byNode.get(key) ?? []), a]);
  }
  const ns = install.namespace;
  const restarts = [`kubectl -n ${ns} rollout restart deployment/${AMA_DEPLOYMENT}`, `kubectl -n ${ns} rollout restart daemonset/${AMA_DAEMONSET}`];
  return [...byNode.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([nodeName, list]): Finding => {
    const os = list[0].node ? osImageOf(list[0].node) : 'OS unknown: Node not in the snapshot';
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
      commands: [`ssh ${nodeName} 'sudo modprobe iptable_nat && echo iptable_nat | sudo tee /etc/modules-load.d/iptable_nat.conf'`, ...restarts],
    };
  });
}

function truncate(s: string): string {
  return s.length > 160 ? s.slice(0, 157) + '...' : s;
}
