// Gatekeeper constraints (one kind per ConstraintTemplate, all in constraints.gatekeeper.sh), including the ones the
// Azure Policy add-on creates (`azurepolicy-<template>-<hash>`): what they enforce, where, and what they reported.
import type { KubeObject } from '../../snapshot/objects.js';
import { GATEKEEPER_CONSTRAINTS_GROUP, R } from '../../snapshot/resources.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import { matchesSelector } from '../../snapshot/selectors.js';

export function constraints(snap: Snapshot): KubeObject[] {
  return snap.listGroup(GATEKEEPER_CONSTRAINTS_GROUP);
}

/**
 * `deny` when absent, as Gatekeeper defaults it; Azure Policy's effect Audit becomes `dryrun`. `scoped` (Gatekeeper
 * 3.16+) is read from `scopedEnforcementActions`: it denies when a deny action applies at admission (the validating
 * webhook, Validating Admission Policy, or every point).
 */
export function enforcementAction(c: KubeObject): string {
  const a = c.spec?.enforcementAction;
  const action = typeof a === 'string' && a.trim() ? a.trim().toLowerCase() : 'deny';
  return action === 'scoped' ? scopedAdmissionAction(c.spec?.scopedEnforcementActions) : action;
}

const ADMISSION_POINTS = new Set(['*', 'validation.gatekeeper.sh', 'vap.k8s.io']);

function scopedAdmissionAction(scoped: unknown): string {
  if (!Array.isArray(scoped)) return 'scoped';
  const atAdmission = scoped.filter((s) => {
    const points: unknown = s?.enforcementPoints;
    return Array.isArray(points) && points.some((p) => ADMISSION_POINTS.has(String(p?.name ?? '').toLowerCase()));
  });
  const actions = atAdmission.map((s) => String(s?.action ?? '').toLowerCase());
  return actions.includes('deny') ? 'deny' : actions[0] || 'scoped';
}

export function isAzurePolicyConstraint(c: KubeObject): boolean {
  return c.metadata.name.startsWith('azurepolicy-') || Boolean(c.metadata.annotations?.['azure-policy-assignment-id']);
}

/** Gatekeeper namespace globs: `kube-*` (prefix) and `*-system` (suffix). */
export function namespaceGlobMatches(pattern: string, namespace: string): boolean {
  const p = String(pattern);
  if (p.endsWith('*')) return namespace.startsWith(p.slice(0, -1));
  if (p.startsWith('*')) return namespace.endsWith(p.slice(1));
  return p === namespace;
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x) => typeof x === 'string' || typeof x === 'number').map(String) : [];
}

/** Namespaces the constraint excludes: `spec.match.excludedNamespaces` and the Azure templates' `parameters.excludedNamespaces`. */
export function excludedNamespaces(c: KubeObject): string[] {
  return [...stringList(c.spec?.match?.excludedNamespaces), ...stringList(c.spec?.parameters?.excludedNamespaces)];
}

/** Labels that take a namespace out of the admission webhooks' namespaceSelector (Gatekeeper and the Azure Policy add-on). */
const IGNORE_LABELS = ['admission.gatekeeper.sh/ignore', 'admission.policy.azure.com/ignore'];

export interface Coverage {
  covers: boolean;
  /** Why it does or does not, for evidence: `excludedNamespaces lacks flux-system`. */
  reason: string;
}

/**
 * Whether the constraint applies to objects in a namespace: match.namespaces/excluded, scope, namespaceSelector, and
 * with `workloadsOnly` its kinds must name Pods or a workload (the container-limits question). Unknowns count as covered.
 */
export function coversNamespace(snap: Snapshot, c: KubeObject, namespace: string, opts: { workloadsOnly?: boolean } = {}): Coverage {
  const match = c.spec?.match ?? {};
  const excluded = excludedNamespaces(c).find((p) => namespaceGlobMatches(p, namespace));
  if (excluded) return { covers: false, reason: `excludedNamespaces holds ${excluded}` };
  const included = [...stringList(match.namespaces), ...stringList(c.spec?.parameters?.namespaces)];
  if (included.length && !included.some((p) => namespaceGlobMatches(p, namespace))) return { covers: false, reason: `match.namespaces [${included.join(', ')}] leaves out ${namespace}` };
  if (match.scope === 'Cluster') return { covers: false, reason: 'match.scope is Cluster (namespaced objects are not matched)' };
  if (opts.workloadsOnly && !matchesWorkloadKinds(match.kinds)) return { covers: false, reason: 'match.kinds names no Pod or workload kind' };
  const ns = snap.get(R.Namespace, undefined, namespace);
  const labels = ns?.metadata.labels ?? {};
  const ignore = IGNORE_LABELS.find((l) => labels[l] !== undefined);
  if (ignore) return { covers: false, reason: `namespace ${namespace} is labelled ${ignore}` };
  if (match.namespaceSelector && ns && !matchesSelector({ ...labels, 'kubernetes.io/metadata.name': namespace }, match.namespaceSelector)) {
    return { covers: false, reason: `match.namespaceSelector does not select namespace ${namespace}` };
  }
  const why = excludedNamespaces(c).length ? `excludedNamespaces [${excludedNamespaces(c).join(', ')}] lacks ${namespace}` : `no excludedNamespaces; ${namespace} is matched`;
  return { covers: true, reason: why };
}

const WORKLOAD_KINDS = new Set(['*', 'Pod', 'Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job', 'CronJob']);

function matchesWorkloadKinds(kinds: unknown): boolean {
  if (!Array.isArray(kinds) || kinds.length === 0) return true;
  return kinds.some((k: { kinds?: unknown }) => {
    const names = stringList(k?.kinds);
    return names.length === 0 || names.some((n) => WORKLOAD_KINDS.has(n));
  });
}

export interface Violation {
  kind?: string;
  name?: string;
  namespace?: string;
  message?: string;
  enforcementAction?: string;
}

export function violations(c: KubeObject): Violation[] {
  const v = c.status?.violations;
  return Array.isArray(v) ? v.filter((x) => x && typeof x === 'object') : [];
}

/** Violations about objects in the namespace, or about the Namespace itself. */
export function violationsIn(c: KubeObject, namespace: string): Violation[] {
  return violations(c).filter((v) => v.namespace === namespace || (v.kind === 'Namespace' && v.name === namespace));
}

/** The constraint names a Gatekeeper denial quotes: `[azurepolicy-k8sazurev3containerlimits-4e7b…] container <x> …`. */
export function constraintNamesIn(message: string): string[] {
  return [...message.matchAll(/\[([a-z0-9][a-z0-9.-]*)\]/g)].map((m) => m[1]);
}

/** `kubectl patch` for a plain Gatekeeper constraint; Azure Policy's are reset by the add-on, so the assignment is changed instead. */
export function excludeNamespaceCommand(c: KubeObject, namespace: string): string {
  const kind = c.kind.toLowerCase();
  if (isAzurePolicyConstraint(c)) {
    const assignment = c.metadata.annotations?.['azure-policy-assignment-id'];
    const current = stringList(c.spec?.parameters?.excludedNamespaces).concat(stringList(c.spec?.match?.excludedNamespaces));
    const value = JSON.stringify({ excludedNamespaces: { value: [...new Set([...current, namespace])] } });
    return `az policy assignment update ${assignmentArgs(assignment)} --params '${value}'`;
  }
  const has = Array.isArray(c.spec?.match?.excludedNamespaces);
  const op = has
    ? { op: 'add', path: '/spec/match/excludedNamespaces/-', value: namespace }
    : { op: 'add', path: '/spec/match/excludedNamespaces', value: [namespace] };
  return `kubectl patch ${kind} ${c.metadata.name} --type=json -p '${JSON.stringify([op])}'`;
}

/** `--name NAME --scope SCOPE` from `<scope>/providers/Microsoft.Authorization/policyAssignments/<name>`. */
function assignmentArgs(id: string | undefined): string {
  const m = /^(.*)\/providers\/Microsoft\.Authorization\/policyAssignments\/([^/]+)$/i.exec(id ?? '');
  return m ? `--name ${m[2]} --scope ${m[1] || '/'}` : '--name <ASSIGNMENT_NAME> --scope <ASSIGNMENT_SCOPE>';
}
