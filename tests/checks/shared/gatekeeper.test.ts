// The Gatekeeper helpers on the constraint shapes Gatekeeper and the Azure Policy add-on create (azure-policy/constraint.yaml,
// tests/fixtures/flux/policies), each branch with its exact outcome.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  constraintNamesIn,
  constraints,
  coversNamespace,
  enforcementAction,
  excludeNamespaceCommand,
  excludedNamespaces,
  isAzurePolicyConstraint,
  namespaceGlobMatches,
  violations,
  violationsIn,
} from '../../../src/checks/shared/gatekeeper.js';
import { fixtureObjects, snapshotOf, yamlObjects, type KubeObject } from '../../helpers/check-harness.js';

const [AZURE] = fixtureObjects(join(__dirname, '../../fixtures/flux/policies')).filter((o) => o.kind === 'K8sAzureV3ContainerLimits');
const azure = (): KubeObject => structuredClone(AZURE);

/** A gatekeeper-library K8sRequiredLabels constraint, with spec fields replaced. */
function plain(spec: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'constraints.gatekeeper.sh/v1beta1', kind: 'K8sRequiredLabels', metadata: { name: 'must-have-owner', ...metadata }, spec: { match: { kinds: [{ apiGroups: [''], kinds: ['Pod'] }] }, parameters: { labels: [{ key: 'owner' }] }, ...spec } };
}

const namespace = (labels: Record<string, string> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'flux-system', labels: { 'kubernetes.io/metadata.name': 'flux-system', ...labels } } });

describe('enforcementAction', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['absent: Gatekeeper defaults to deny', {}, 'deny'],
    ['blank: deny', { enforcementAction: '  ' }, 'deny'],
    ['not a string: deny', { enforcementAction: 3 }, 'deny'],
    ['Azure Policy Audit becomes dryrun, trimmed and lower-cased', { enforcementAction: ' DryRun ' }, 'dryrun'],
    ['warn', { enforcementAction: 'warn' }, 'warn'],
    ['scoped without scopedEnforcementActions stays scoped', { enforcementAction: 'scoped' }, 'scoped'],
    ['scoped with a non-array list stays scoped', { enforcementAction: 'scoped', scopedEnforcementActions: { action: 'deny' } }, 'scoped'],
    ['scoped deny at the validating webhook', { enforcementAction: 'scoped', scopedEnforcementActions: [{ action: 'warn', enforcementPoints: [{ name: 'gator.gatekeeper.sh' }] }, { action: 'Deny', enforcementPoints: [{ name: 'Validation.Gatekeeper.sh' }] }] }, 'deny'],
    ['scoped deny at every point (*)', { enforcementAction: 'scoped', scopedEnforcementActions: [{ action: 'deny', enforcementPoints: [null, { name: '*' }] }] }, 'deny'],
    ['scoped deny through Validating Admission Policy', { enforcementAction: 'scoped', scopedEnforcementActions: [{ action: 'deny', enforcementPoints: [{ name: 'vap.k8s.io' }] }] }, 'deny'],
    ['scoped warn at the webhook, deny only in gator: warn', { enforcementAction: 'scoped', scopedEnforcementActions: [{ action: 'deny', enforcementPoints: [{ name: 'gator.gatekeeper.sh' }] }, { action: 'Warn', enforcementPoints: [{ name: 'validation.gatekeeper.sh' }] }] }, 'warn'],
    ['scoped with no admission point: scoped', { enforcementAction: 'scoped', scopedEnforcementActions: [{ action: 'deny', enforcementPoints: [{ name: 'audit.gatekeeper.sh' }] }, { action: 'deny' }, { action: 'deny', enforcementPoints: 'x' }, null] }, 'scoped'],
    ['scoped at admission without an action: scoped', { enforcementAction: 'scoped', scopedEnforcementActions: [{ enforcementPoints: [{ name: '*' }] }] }, 'scoped'],
  ];
  for (const [name, spec, action] of cases) {
    it(name, () => expect(enforcementAction({ apiVersion: 'x', kind: 'K8sX', metadata: { name: 'c' }, spec })).toBe(action));
  }
});

describe('isAzurePolicyConstraint', () => {
  it('by the azurepolicy- name prefix, by the assignment annotation, not otherwise', () => {
    expect(isAzurePolicyConstraint(plain({}, { name: 'azurepolicy-k8sazurev1antiaffinityrules-ceffa082711831ebffd1' }))).toBe(true);
    expect(isAzurePolicyConstraint(plain({}, { annotations: { 'azure-policy-assignment-id': '/providers/Microsoft.Authorization/policyAssignments/x' } }))).toBe(true);
    expect(isAzurePolicyConstraint(plain({}, { name: 'my-azurepolicy-copy', annotations: { other: 'x' } }))).toBe(false);
    expect(isAzurePolicyConstraint(plain())).toBe(false);
  });
});

describe('namespaceGlobMatches', () => {
  const cases: Array<[string, string, boolean]> = [
    ['kube-*', 'kube-system', true],
    ['kube-*', 'flux-system', false],
    ['*-system', 'flux-system', true],
    ['*-system', 'flux-systems', false],
    ['flux-system', 'flux-system', true],
    ['flux-system', 'flux-system-2', false],
    ['flux', 'flux-system', false],
    ['*', 'flux-system', true],
  ];
  for (const [pattern, ns, result] of cases) it(`${pattern} vs ${ns}: ${result}`, () => expect(namespaceGlobMatches(pattern, ns)).toBe(result));
});

describe('excludedNamespaces', () => {
  it('spec.match then spec.parameters, numbers kept as strings, other entries dropped', () => {
    expect(excludedNamespaces(plain({ match: { excludedNamespaces: ['kube-system', 7, null, { x: 1 }] }, parameters: { excludedNamespaces: ['azure-arc'] } }))).toEqual(['kube-system', '7', 'azure-arc']);
    expect(excludedNamespaces(plain({ match: { excludedNamespaces: 'flux-system' } }))).toEqual([]);
    expect(excludedNamespaces({ apiVersion: 'x', kind: 'K8sX', metadata: { name: 'c' } })).toEqual([]);
  });
});

describe('coversNamespace', () => {
  const covers = (c: KubeObject, objs: KubeObject[] = [namespace()], opts = {}) => coversNamespace(snapshotOf([c, ...objs]), c, 'flux-system', opts);

  it('the Azure constraint: excludedNamespaces listed, flux-system lacking', () => {
    expect(covers(azure())).toEqual({ covers: true, reason: 'excludedNamespaces [kube-system, gatekeeper-system, azure-arc, azure-extensions-usage-system] lacks flux-system' });
  });
  it('a constraint without spec matches everything', () => {
    expect(covers({ apiVersion: 'constraints.gatekeeper.sh/v1beta1', kind: 'K8sRequiredLabels', metadata: { name: 'bare' } }, [namespace()], { workloadsOnly: true })).toEqual({ covers: true, reason: 'no excludedNamespaces; flux-system is matched' });
  });
  it('no excludedNamespaces at all', () => {
    expect(covers(plain())).toEqual({ covers: true, reason: 'no excludedNamespaces; flux-system is matched' });
  });
  it('excluded by name in spec.match', () => {
    const c = azure();
    c.spec.match.excludedNamespaces.push('flux-system');
    expect(covers(c)).toEqual({ covers: false, reason: 'excludedNamespaces holds flux-system' });
  });
  it('excluded by a glob in the v1 template parameters', () => {
    expect(covers(plain({ parameters: { excludedNamespaces: ['kube-*', '*-system'] } }))).toEqual({ covers: false, reason: 'excludedNamespaces holds *-system' });
  });
  it('match.namespaces that leaves it out, and one that holds it (also through parameters.namespaces)', () => {
    expect(covers(plain({ match: { namespaces: ['apps', 'web-*'] } }))).toEqual({ covers: false, reason: 'match.namespaces [apps, web-*] leaves out flux-system' });
    expect(covers(plain({ match: {}, parameters: { namespaces: ['apps'] } }))).toEqual({ covers: false, reason: 'match.namespaces [apps] leaves out flux-system' });
    expect(covers(plain({ match: { namespaces: ['apps', 'flux-*'] } }))).toEqual({ covers: true, reason: 'no excludedNamespaces; flux-system is matched' });
  });
  it('scope Cluster matches no namespaced object; scope Namespaced does', () => {
    expect(covers(plain({ match: { scope: 'Cluster' } }))).toEqual({ covers: false, reason: 'match.scope is Cluster (namespaced objects are not matched)' });
    expect(covers(plain({ match: { scope: 'Namespaced' } })).covers).toBe(true);
  });
  it('workloadsOnly: kinds must name a Pod or a workload kind', () => {
    const kinds = (k: unknown) => plain({ match: { kinds: k } });
    const no = { covers: false, reason: 'match.kinds names no Pod or workload kind' };
    expect(covers(kinds([{ apiGroups: [''], kinds: ['ServiceAccount', 'ConfigMap'] }]), undefined, { workloadsOnly: true })).toEqual(no);
    expect(covers(kinds([{ apiGroups: [''], kinds: ['ServiceAccount'] }]), undefined, {}).covers).toBe(true);
    for (const kind of ['*', 'Pod', 'Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job', 'CronJob']) {
      expect(covers(kinds([{ apiGroups: [''], kinds: ['ConfigMap'] }, { apiGroups: ['apps'], kinds: [kind] }]), undefined, { workloadsOnly: true }).covers, kind).toBe(true);
    }
    expect(covers(kinds([{ apiGroups: [''] }]), undefined, { workloadsOnly: true }).covers).toBe(true);
    expect(covers(kinds([]), undefined, { workloadsOnly: true }).covers).toBe(true);
    expect(covers(kinds('Pod'), undefined, { workloadsOnly: true }).covers).toBe(true);
    expect(covers(kinds([null, { apiGroups: [''], kinds: ['Secret'] }]), undefined, { workloadsOnly: true }).covers).toBe(true);
  });
  it('the namespace labelled to be ignored by Gatekeeper or by the Azure Policy add-on (even with an empty value)', () => {
    expect(covers(plain(), [namespace({ 'admission.gatekeeper.sh/ignore': 'no-self-managing' })])).toEqual({ covers: false, reason: 'namespace flux-system is labelled admission.gatekeeper.sh/ignore' });
    expect(covers(plain(), [namespace({ 'admission.policy.azure.com/ignore': '' })])).toEqual({ covers: false, reason: 'namespace flux-system is labelled admission.policy.azure.com/ignore' });
    expect(covers(plain(), [namespace({ 'control-plane': 'controller' })]).covers).toBe(true);
  });
  it('namespaceSelector: selects by label or by kubernetes.io/metadata.name; unknown when the Namespace is not in the snapshot', () => {
    const sel = (s: unknown) => plain({ match: { namespaceSelector: s } });
    expect(covers(sel({ matchLabels: { team: 'apps' } }))).toEqual({ covers: false, reason: 'match.namespaceSelector does not select namespace flux-system' });
    expect(covers(sel({ matchLabels: { team: 'apps' } }), [namespace({ team: 'apps' })]).covers).toBe(true);
    const byName = { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['flux-system'] }] };
    expect(covers(sel(byName), [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'flux-system' } }]).covers).toBe(true);
    expect(covers(sel({ matchLabels: { team: 'apps' } }), [])).toEqual({ covers: true, reason: 'no excludedNamespaces; flux-system is matched' });
  });
});

describe('violations', () => {
  it('keeps object entries only; none when status.violations is not a list', () => {
    const c = azure();
    expect(violations(c)).toHaveLength(4);
    c.status.violations = [null, 'x', { kind: 'Pod', name: 'a', namespace: 'flux-system' }];
    expect(violations(c)).toEqual([{ kind: 'Pod', name: 'a', namespace: 'flux-system' }]);
    c.status.violations = 'none';
    expect(violations(c)).toEqual([]);
    expect(violations(plain())).toEqual([]);
  });
  it('violationsIn: objects in the namespace and the Namespace itself, not other namespaces or other Namespaces', () => {
    const c = azure();
    c.status.violations = [
      { kind: 'Pod', name: 'web', namespace: 'apps' },
      { kind: 'Namespace', name: 'flux-system' },
      { kind: 'Namespace', name: 'apps' },
      { kind: 'Pod', name: 'source-controller-6ff87cb475-x7k2p', namespace: 'flux-system' },
    ];
    expect(violationsIn(c, 'flux-system')).toEqual([{ kind: 'Namespace', name: 'flux-system' }, { kind: 'Pod', name: 'source-controller-6ff87cb475-x7k2p', namespace: 'flux-system' }]);
  });
});

describe('constraintNamesIn', () => {
  it('every bracketed constraint name of a multi-line denial (samples/gatekeeper), not the <container> parts', () => {
    const message = 'admission webhook "validation.gatekeeper.sh" denied the request: \n[azurepolicy-k8sazurev3containerlimits-4e7bbc2617e5447639a7] container <copyutil> has no resource limits\n[must-have-owner] you must provide labels: {"owner"} [Not-A-Name] [.dot]';
    expect(constraintNamesIn(message)).toEqual(['azurepolicy-k8sazurev3containerlimits-4e7bbc2617e5447639a7', 'must-have-owner']);
    expect(constraintNamesIn('no brackets')).toEqual([]);
  });
});

describe('excludeNamespaceCommand', () => {
  it('a plain constraint without excludedNamespaces: add the list', () => {
    expect(excludeNamespaceCommand(plain(), 'flux-system')).toBe(`kubectl patch k8srequiredlabels must-have-owner --type=json -p '[{"op":"add","path":"/spec/match/excludedNamespaces","value":["flux-system"]}]'`);
  });
  it('a plain constraint with excludedNamespaces: append to it', () => {
    expect(excludeNamespaceCommand(plain({ match: { excludedNamespaces: [] } }), 'flux-system')).toBe(`kubectl patch k8srequiredlabels must-have-owner --type=json -p '[{"op":"add","path":"/spec/match/excludedNamespaces/-","value":"flux-system"}]'`);
  });
  it('an Azure Policy constraint: update the assignment, at resource-group scope, keeping the current exclusions once', () => {
    const c = azure();
    c.spec.parameters.excludedNamespaces = ['kube-system', 'tools'];
    expect(excludeNamespaceCommand(c, 'flux-system')).toBe(
      `az policy assignment update --name limit-container-resources --scope /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-gitops --params '{"excludedNamespaces":{"value":["kube-system","tools","gatekeeper-system","azure-arc","azure-extensions-usage-system","flux-system"]}}'`,
    );
  });
  it('an Azure Policy constraint assigned at the root, or without a usable assignment id', () => {
    const root = plain({}, { name: 'azurepolicy-x-1', annotations: { 'azure-policy-assignment-id': '/providers/microsoft.authorization/policyassignments/root-assignment' } });
    expect(excludeNamespaceCommand(root, 'flux-system')).toBe(`az policy assignment update --name root-assignment --scope / --params '{"excludedNamespaces":{"value":["flux-system"]}}'`);
    const none = plain({ match: { excludedNamespaces: ['flux-system'] } }, { name: 'azurepolicy-x-2' });
    expect(excludeNamespaceCommand(none, 'flux-system')).toBe(`az policy assignment update --name <ASSIGNMENT_NAME> --scope <ASSIGNMENT_SCOPE> --params '{"excludedNamespaces":{"value":["flux-system"]}}'`);
    const odd = plain({}, { name: 'azurepolicy-x-3', annotations: { 'azure-policy-assignment-id': 'x/providers/Microsoft.Authorization/policyAssignments/a/b' } });
    expect(excludeNamespaceCommand(odd, 'flux-system')).toContain('--name <ASSIGNMENT_NAME> --scope <ASSIGNMENT_SCOPE>');
    const prefixed = plain({}, { name: 'azurepolicy-x-4', annotations: { 'azure-policy-assignment-id': 'junk/subscriptions/1/providers/Microsoft.Authorization/policyAssignments/a' } });
    expect(excludeNamespaceCommand(prefixed, 'flux-system')).toContain('--name a --scope junk/subscriptions/1 ');
  });
});

describe('constraints', () => {
  it('lists the objects of the constraints group only', () => {
    const objs = yamlObjects(`apiVersion: templates.gatekeeper.sh/v1
kind: ConstraintTemplate
metadata: {name: k8srequiredlabels}
---
apiVersion: v1
kind: Namespace
metadata: {name: flux-system}`);
    expect(constraints(snapshotOf([...objs, plain(), azure()])).map((c) => c.metadata.name).sort()).toEqual(['azurepolicy-k8sazurev3containerlimits-4e7bbc2617e5447639a7', 'must-have-owner']);
  });
});
