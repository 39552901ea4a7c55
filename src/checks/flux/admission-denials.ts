// Evidence that an admission policy actually refused something in the Flux namespace: Gatekeeper violations,
// Kyverno report failures under Enforce, and Events quoting `admission webhook "…" denied the request`.
import type { KubeObject } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import { objects, ownerWorkload } from '../shared/workloads.js';
import { EXTENSION_AGENTS } from './install.js';

export interface DenialEvent {
  /** The Event, or the agent Pod whose log quotes the denial. */
  event: KubeObject;
  /** Evidence path within it: `message`, or `logs fluxconfig-controller`. */
  path: string;
  webhook: string;
  /** The ValidatingAdmissionPolicyBinding, when a policy (not a webhook) denied. */
  binding?: string;
  message: string;
  /** `ReplicaSet flux-system/helm-controller-5f964c6579`. */
  involved: string;
}

const DENIED = /admission webhook \\*"([^"\\]+)\\*" denied the request/i;
/** In-process policies (AKS Automatic's aks-managed-* ones) refuse without a webhook. */
const VAP_DENIED = /ValidatingAdmissionPolicy '([^']+)' with binding '([^']*)' denied request/i;

function parseDenial(message: string): { webhook: string; binding?: string } | undefined {
  const m = DENIED.exec(message);
  if (m) return { webhook: m[1] };
  const vap = VAP_DENIED.exec(message);
  return vap ? { webhook: `ValidatingAdmissionPolicy ${vap[1]}`, binding: vap[2] || undefined } : undefined;
}

/**
 * Events in the namespace whose message quotes a denial. Events about Flux's own objects (a Kustomization
 * reporting that a user's Deployment elsewhere was denied) are the user's policy business, not the install's,
 * unless the denied object is in the namespace itself.
 */
export function denialEvents(snap: Snapshot, namespace: string): DenialEvent[] {
  const fromEvents = snap.list(R.Event, { namespace }).flatMap((e): DenialEvent[] => {
    const message = String(e.message ?? e.note ?? '');
    const denial = parseDenial(message);
    if (!denial) return [];
    const inv = e.involvedObject ?? e.regarding ?? {};
    const apiVersion = String(inv.apiVersion ?? '');
    if (/fluxcd\.io|clusterconfig\.azure\.com/.test(apiVersion) && !new RegExp(`/${namespace}/`).test(message)) return [];
    return [{ event: e, path: 'message', ...denial, message, involved: `${inv.kind ?? 'object'} ${inv.namespace ?? namespace}/${inv.name ?? '?'}` }];
  });
  return [...fromEvents, ...agentLogDenials(snap, namespace)];
}

/**
 * The microsoft.flux agents write only their own namespace's objects (ConfigMaps, Secrets, FluxConfig status), so a
 * denial in their logs is a policy blocking the install (Azure/AKS #5645: a ValidatingAdmissionPolicy kept
 * fluxconfig-controller from creating a ConfigMap). The Flux controllers' logs are left out: they quote denials of
 * the user's objects they apply.
 */
function agentLogDenials(snap: Snapshot, namespace: string): DenialEvent[] {
  return snap.list(R.Pod, { namespace }).flatMap((pod): DenialEvent[] => {
    const owner = ownerWorkload(pod)?.name ?? pod.metadata.labels?.app;
    if (!owner || !(EXTENSION_AGENTS as readonly string[]).includes(owner)) return [];
    for (const c of objects<{ name?: string }>(pod.spec?.containers)) {
      for (const previous of [false, true]) {
        const text = snap.logs(namespace, pod.metadata.name, String(c.name ?? ''), previous) ?? '';
        const line = text.split('\n').reverse().find((l) => parseDenial(l));
        if (!line) continue;
        const what = /(\w+) "([^"]+)" is forbidden/.exec(line);
        return [{ event: pod, path: `logs ${c.name}${previous ? ' (previous)' : ''}`, ...parseDenial(line)!, message: line.trim().slice(0, 600), involved: what ? `${what[1]} ${namespace}/${what[2]} (written by ${owner})` : `an object written by ${owner}` }];
      }
    }
    return [];
  });
}

export interface KyvernoFailure {
  policy: KubeObject;
  report: KubeObject;
  resource: string;
  message: string;
}

/** Kyverno (Cluster)Policies that enforce (spec.validationFailureAction, or per-rule validate.failureAction in 1.13+). */
export function kyvernoEnforces(p: KubeObject): boolean {
  const top = String(p.spec?.validationFailureAction ?? '').toLowerCase();
  const rules: unknown = p.spec?.rules;
  const perRule = Array.isArray(rules) && rules.some((r) => String(r?.validate?.failureAction ?? '').toLowerCase() === 'enforce');
  return top === 'enforce' || perRule;
}

/** Report results with `result: fail` for resources in the namespace, attributed to enforcing policies. */
export function kyvernoFailures(snap: Snapshot, namespace: string): KyvernoFailure[] {
  const policies = [...snap.list(R.KyvernoClusterPolicy), ...snap.list(R.KyvernoPolicy)].filter(kyvernoEnforces);
  if (policies.length === 0) return [];
  const reports = [...snap.list(R.PolicyReport, { namespace }), ...snap.list(R.ClusterPolicyReport)];
  const out: KyvernoFailure[] = [];
  for (const report of reports) {
    const results: unknown = report.results;
    if (!Array.isArray(results)) continue;
    for (const r of results) {
      if (String(r?.result ?? '').toLowerCase() !== 'fail') continue;
      const policy = policies.find((p) => policyNameMatches(p, String(r.policy ?? '')));
      if (!policy) continue;
      const resources: Array<{ kind?: string; name?: string; namespace?: string }> = Array.isArray(r.resources) ? r.resources : report.scope ? [report.scope] : [];
      const inNs = resources.filter((x) => (x.namespace ?? report.metadata.namespace) === namespace || (x.kind === 'Namespace' && x.name === namespace));
      for (const x of inNs) out.push({ policy, report, resource: `${x.kind ?? 'object'} ${x.namespace ?? namespace}/${x.name ?? '?'}`, message: String(r.message ?? r.rule ?? '') });
    }
  }
  return out;
}

/** Reports name a namespaced Policy `namespace/name`, a ClusterPolicy by its name. */
function policyNameMatches(p: KubeObject, name: string): boolean {
  return p.kind === 'ClusterPolicy' ? name === p.metadata.name : name === `${p.metadata.namespace}/${p.metadata.name}` || name === p.metadata.name;
}
