// `serve --rbac ROLE.yaml`: the RBAC authorizer's rule matching (k8s.io/kubernetes plugin/pkg/auth/authorizer/rbac)
// over the ClusterRoles and Roles of one file, as if each were bound to the served user. Discovery stays open,
// as system:discovery grants it to every authenticated user; everything else needs a rule.
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { UsageError } from '../errors.js';
import type { AccessAttributes } from './faults.js';

export interface PolicyRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
}

export interface RbacPolicy {
  /** Rules of the ClusterRoles: they hold in every namespace and at the cluster scope. */
  cluster: PolicyRule[];
  /** Rules of the Roles, by their namespace. */
  namespaced: Map<string, PolicyRule[]>;
  /** What the file held, for the start-up line: `ClusterRole arcdoctor (12 rules)`. */
  roles: string[];
}

export function loadRbacPolicy(file: string): RbacPolicy {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--rbac ${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseRbacPolicy(text, `--rbac ${file}`);
}

/** ClusterRole and Role documents (also inside a `kind: List`); other kinds (a ServiceAccount, a binding) are ignored. */
export function parseRbacPolicy(text: string, where: string): RbacPolicy {
  const policy: RbacPolicy = { cluster: [], namespaced: new Map(), roles: [] };
  const docs = parseAllDocuments(text);
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    if (doc.errors.length) throw new UsageError(`${where}: invalid YAML: ${doc.errors[0].message.split('\n')[0]}`);
    const value = doc.toJS() as unknown;
    const items = isObject(value) && value.kind === 'List' && Array.isArray(value.items) ? value.items : [value];
    for (const item of items) if (isObject(item)) addRole(policy, item, where);
  }
  if (policy.roles.length === 0) throw new UsageError(`${where}: holds no ClusterRole or Role`);
  return policy;
}

function addRole(policy: RbacPolicy, obj: Record<string, unknown>, where: string): void {
  if (obj.kind !== 'ClusterRole' && obj.kind !== 'Role') return;
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  const name = `${obj.kind} ${String(meta.name ?? '(unnamed)')}`;
  if (obj.rules !== undefined && obj.rules !== null && !Array.isArray(obj.rules)) throw new UsageError(`${where}: ${name}: rules must be a list`);
  const rules = ((obj.rules as unknown[] | null | undefined) ?? []).map((r, i) => ruleOf(r, `${where}: ${name}: rules[${i}]`));
  if (obj.kind === 'ClusterRole') policy.cluster.push(...rules);
  else {
    if (typeof meta.namespace !== 'string' || !meta.namespace) throw new UsageError(`${where}: ${name}: a Role needs metadata.namespace`);
    policy.namespaced.set(meta.namespace, [...(policy.namespaced.get(meta.namespace) ?? []), ...rules]);
  }
  policy.roles.push(`${name} (${rules.length} rules)`);
}

function ruleOf(raw: unknown, where: string): PolicyRule {
  if (!isObject(raw)) throw new UsageError(`${where}: expected a mapping`);
  const list = (field: string, required: boolean): string[] => {
    const v = raw[field];
    if (v === undefined || v === null) {
      if (required) throw new UsageError(`${where}: ${field} is required`);
      return [];
    }
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new UsageError(`${where}: ${field} must be a list of strings`);
    return v;
  };
  return { verbs: list('verbs', true), apiGroups: list('apiGroups', false), resources: list('resources', false), resourceNames: list('resourceNames', false) };
}

/** Whether some rule that applies where the request lands allows it (rbac.RulesAllow). */
export function rbacAllows(policy: RbacPolicy, a: AccessAttributes): boolean {
  const rules = a.namespace ? [...policy.cluster, ...(policy.namespaced.get(a.namespace) ?? [])] : policy.cluster;
  return rules.some((r) => ruleAllows(r, a));
}

function ruleAllows(r: PolicyRule, a: AccessAttributes): boolean {
  const combined = a.subresource ? `${a.plural}/${a.subresource}` : a.plural;
  return (
    (r.verbs.includes('*') || r.verbs.includes(a.verb)) &&
    (r.apiGroups.includes('*') || r.apiGroups.includes(a.group)) &&
    resourceMatches(r, combined, a.subresource ?? '') &&
    (r.resourceNames.length === 0 || (a.name !== undefined && r.resourceNames.includes(a.name)))
  );
}

/** `*` matches everything (subresources too), `pods/log` exactly, `*\/log` any resource's log. */
function resourceMatches(r: PolicyRule, combined: string, subresource: string): boolean {
  return r.resources.some((res) => res === '*' || res === combined || (subresource !== '' && res === `*/${subresource}`));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
