import type { KubeObject } from '../../snapshot/objects.js';
import { agentLogWorthReading } from './log-needs.js';
import { refOf, refString } from '../../snapshot/objects.js';
import { GATEKEEPER_CONSTRAINTS_GROUP, R } from '../../snapshot/resources.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import { defineCheck, fromFindings, type Evidence, type Finding } from '../define.js';
import { constraintNamesIn, constraints, coversNamespace, enforcementAction, excludeNamespaceCommand, violationsIn } from '../shared/gatekeeper.js';
import { denialEvents, kyvernoFailures, type DenialEvent } from './admission-denials.js';
import { limitsPolicyFindings } from './container-limits.js';
import { EXTENSION_AGENTS, fluxInstall, type FluxInstall } from './install.js';
import { ownerWorkload } from '../shared/workloads.js';

export default defineCheck({
  id: 'FLUX003',
  area: 'flux',
  title: 'No admission policy blocks the Flux namespace',
  guide: 'Erros ao instalar a extensão microsoft.flux (políticas que restringem o namespace)',
  reads: [
    { type: R.Event },
    { type: R.Namespace },
    { type: R.ConstraintTemplate },
    { type: R.KyvernoClusterPolicy },
    { type: R.KyvernoPolicy },
    { type: R.PolicyReport },
    { type: R.ClusterPolicyReport },
    { type: R.Deployment },
  ],
  readsGroups: [GATEKEEPER_CONSTRAINTS_GROUP],
  // The microsoft.flux agents' own writes (ConfigMaps, Secrets) are refused in their logs, not in Events.
  // Decisive: such a denial is in no Event. Read when a policy could deny, the extension failed or an agent is troubled.
  logs: [{ selector: `app in (${EXTENSION_AGENTS.join(',')})`, tailLines: 100, decisive: true, when: agentLogWorthReading }],
  fixable: false,
  run(snap) {
    const install = fluxInstall(snap);
    const ns = install.namespace;
    const events = denialEvents(snap, ns);
    // Container-limits constraints that FLUX006 already reports with its per-container table are left to it.
    const leftToFlux006 = new Set(limitsPolicyFindings(snap).filter((f) => f.status === 'fail').map((f) => f.object?.name));
    const attributed = new Set<DenialEvent>();
    const findings: Finding[] = [];
    const notes: string[] = [];
    for (const c of constraints(snap)) {
      if (enforcementAction(c) !== 'deny') continue;
      const mine = events.filter((e) => e.webhook.includes('gatekeeper') && constraintNamesIn(e.message).includes(c.metadata.name));
      mine.forEach((e) => attributed.add(e));
      if (leftToFlux006.has(c.metadata.name)) {
        // FLUX006 tabulates each container's limits; a denial quoted in an Event is still a policy blocking ${ns}.
        if (mine.length) findings.push(limitsDenialFinding(c, ns, mine));
        else notes.push(`${c.kind} ${c.metadata.name} limits container resources in ${ns}: reported by FLUX006`);
        continue;
      }
      const f = constraintFinding(snap, c, ns, mine);
      if (f) findings.push(f);
      else if (coversNamespace(snap, c, ns).covers) notes.push(`${c.kind} ${c.metadata.name} (deny) matches ${ns} but has denied nothing there`);
    }
    findings.push(...kyvernoFindings(snap, ns));
    const leftoverEvents = events.filter((e) => !attributed.has(e));
    findings.push(...leftoverEvents.map((e) => eventFinding(e, install)));
    return fromFindings(findings, {
      pass: `no admission policy has denied anything in ${ns}`,
      remediation: `Exclude ${ns} from the policy (for Azure Policy, add it to the assignment's excludedNamespaces parameter), then let the extension reconcile.`,
      notes: capped(notes),
    });
  },
});

function constraintFinding(snap: Snapshot, c: KubeObject, ns: string, denials: DenialEvent[]): Finding | undefined {
  // A scoped constraint's violations say `scoped`; the constraint was already found to deny at admission.
  const violating = violationsIn(c, ns).filter((v) => ['deny', 'scoped'].includes(String(v.enforcementAction ?? 'deny').toLowerCase()));
  if (violating.length === 0 && denials.length === 0) return undefined;
  const coverage = coversNamespace(snap, c, ns);
  // Violations and events outlive a fix: once the constraint excludes the namespace they are history.
  if (!coverage.covers) return undefined;
  // A pod an audit reported and an Event quoted is one object: the ellipsis means more than three distinct ones.
  const denied = [...new Set([...violating.map((v) => `${v.kind ?? 'object'} ${v.namespace ? v.namespace + '/' : ''}${v.name ?? '?'}`), ...denials.map((d) => d.involved)])];
  const evidence: Evidence[] = [
    ...violating.map((v, i) => ({ ref: refString(c), path: `status.violations[${i}]`, observed: `${v.kind ?? 'object'}/${v.name ?? '?'}: ${v.message ?? ''}`.trim(), expected: `nothing in ${ns} denied` })),
    ...denials.map((d) => ({ ref: refString(d.event), path: d.path, observed: d.message })),
    { ref: refString(c), path: 'spec.match / spec.parameters.excludedNamespaces', observed: coverage.reason, expected: `${ns} excluded` },
  ];
  return {
    status: 'fail',
    object: refOf(c),
    message: `${c.kind} ${c.metadata.name} (enforcementAction deny) blocks ${ns}: denied ${denied.slice(0, 3).join(', ')}${denied.length > 3 ? '…' : ''}`,
    evidence,
    commands: [excludeNamespaceCommand(c, ns), `kubectl get ${c.kind.toLowerCase()} ${c.metadata.name} -o yaml`],
  };
}

/** A container-limits constraint that denied pods in the namespace: the denial here, the per-container table in FLUX006. */
function limitsDenialFinding(c: KubeObject, ns: string, denials: DenialEvent[]): Finding {
  const denied = [...new Set(denials.map((d) => d.involved))];
  return {
    status: 'fail',
    object: refOf(c),
    message: `${c.kind} ${c.metadata.name} (enforcementAction deny) denied ${denied.slice(0, 3).join(', ')}${denied.length > 3 ? '…' : ''} in ${ns}: ${denials[0].message.slice(0, 240)} (FLUX006 lists each container's limits against the policy's maximum)`,
    evidence: denials.map((d) => ({ ref: refString(d.event), path: d.path, observed: d.message, expected: `no admission denials in ${ns}` })),
    commands: [excludeNamespaceCommand(c, ns), `kubectl get events -n ${ns} --field-selector reason=FailedCreate`],
  };
}

function kyvernoFindings(snap: Snapshot, ns: string): Finding[] {
  const byPolicy = new Map<KubeObject, ReturnType<typeof kyvernoFailures>>();
  for (const f of kyvernoFailures(snap, ns)) byPolicy.set(f.policy, [...(byPolicy.get(f.policy) ?? []), f]);
  return [...byPolicy].map(([policy, failures]) => {
    const resource = policy.kind === 'ClusterPolicy' ? 'clusterpolicy' : `policy -n ${policy.metadata.namespace}`;
    return {
      status: 'fail' as const,
      object: refOf(policy),
      message: `Kyverno ${policy.kind} ${policy.metadata.name} (Enforce) fails ${failures.map((f) => f.resource).slice(0, 3).join(', ')} in ${ns}`,
      evidence: failures.map((f) => ({ ref: refString(f.report), path: 'results', observed: `${f.resource}: ${f.message}`, expected: `no failures in ${ns}` })),
      commands: [
        `kubectl edit ${resource} ${policy.metadata.name}   # add ${ns} under spec.rules[*].exclude.any[].resources.namespaces`,
        `kubectl get policyreport -n ${ns} -o wide`,
      ],
    };
  });
}

function eventFinding(e: DenialEvent, install: FluxInstall): Finding {
  const ns = install.namespace;
  const inv = e.event.kind === 'Event' ? e.event.involvedObject ?? e.event.regarding ?? {} : {};
  const owner = e.event.kind === 'Pod' ? ownerWorkload(e.event) : undefined;
  const object = inv.kind && inv.name ? { apiVersion: inv.apiVersion, kind: inv.kind, namespace: inv.namespace ?? ns, name: inv.name } : owner?.kind === 'Deployment' ? { apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: owner.name } : refOf(e.event);
  const who = e.binding ? e.webhook : `admission webhook "${e.webhook}"`;
  return {
    status: 'fail',
    object,
    message: `${who} denied ${e.involved}${policyHint(e)}: ${e.message.slice(0, 240)}`,
    evidence: [{ ref: refString(e.event), path: e.path, observed: e.message, expected: `no admission denials in ${ns}` }],
    commands: e.binding ? policyCommands(e, install) : [
      e.event.kind === 'Event' ? `kubectl get events -n ${ns} --field-selector reason=${e.event.reason ?? 'FailedCreate'}` : `kubectl logs ${e.event.metadata.name} -n ${ns} --all-containers`,
      `kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations -o custom-columns=NAME:.metadata.name,WEBHOOKS:.webhooks[*].name`,
    ],
  };
}

/** A ValidatingAdmissionPolicy: the binding decides where it applies; AKS-managed ones (`aks-managed-*`) cannot be edited. */
function policyCommands(e: DenialEvent, install: FluxInstall): string[] {
  const policy = e.webhook.replace(/^ValidatingAdmissionPolicy /, '');
  const inspect = [`kubectl get validatingadmissionpolicy ${policy} -o yaml`, `kubectl get validatingadmissionpolicybinding ${e.binding} -o yaml`];
  if (policy.startsWith('aks-managed-')) return inspect;
  return [...inspect, `kubectl edit validatingadmissionpolicybinding ${e.binding}   # exclude ${install.namespace} under spec.matchResources.namespaceSelector`];
}

/** AKS exempts the microsoft.flux service accounts from its managed policies since Azure/AKS #5645; the exemption is AKS's to ship. */
function policyHint(e: DenialEvent): string {
  if (!e.binding) return '';
  return e.webhook.includes(' aks-managed-')
    ? ' (an AKS-managed policy: it cannot be edited; AKS exempts microsoft.flux from it since the fix for Azure/AKS #5645, so update the cluster and re-create the extension, or open a support case)'
    : ` (exclude the namespace in the binding ${e.binding})`;
}

const MAX_NOTES = 5;

function capped(notes: string[]): string[] | undefined {
  if (notes.length === 0) return undefined;
  return notes.length <= MAX_NOTES ? notes : [...notes.slice(0, MAX_NOTES), `and ${notes.length - MAX_NOTES} more`];
}
