// FLUX003 whole outcomes: one finding per denial (never twice), the commands each policy owner allows (AKS-managed vs
// user ValidatingAdmissionPolicies, ClusterPolicy vs Policy), the 3-object and 5-note caps. Shapes: samples/gatekeeper,
// Azure/AKS #5645, tests/fixtures/flux/policies.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import FLUX003 from '../../../src/checks/flux/FLUX003-admission-policies.js';
import { fixtureObjects, runOne, type ContainerLog, type KubeObject } from '../../helpers/check-harness.js';
import { find, healthy, snap, yaml } from './fixtures.js';

const LIMITS = fixtureObjects(join(__dirname, '../../fixtures/flux/policies'));
const LIMITS_NAME = 'azurepolicy-k8sazurev3containerlimits-4e7bbc2617e5447639a7';
const PASS = 'no admission policy has denied anything in flux-system';
const REMEDIATION = "Exclude flux-system from the policy (for Azure Policy, add it to the assignment's excludedNamespaces parameter), then let the extension reconcile.";
const WEBHOOK_LIST = 'kubectl get validatingwebhookconfigurations,mutatingwebhookconfigurations -o custom-columns=NAME:.metadata.name,WEBHOOKS:.webhooks[*].name';

function constraint(name: string, spec: Record<string, unknown> = {}, status?: Record<string, unknown>): KubeObject {
  return { apiVersion: 'constraints.gatekeeper.sh/v1beta1', kind: 'K8sRequiredLabels', metadata: { name }, spec: { match: { kinds: [{ apiGroups: [''], kinds: ['Pod'] }] }, parameters: { labels: [{ key: 'owner' }] }, ...spec }, ...(status ? { status } : {}) };
}

function denial(name: string, involved: Record<string, unknown>, message: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Event', metadata: { name, namespace: 'flux-system' }, involvedObject: { namespace: 'flux-system', ...involved }, reason: 'FailedCreate', type: 'Warning', message };
}
const gkDenial = (name: string, rs: string, constraints = '[must-have-owner]') => denial(name, { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs }, `Error creating: admission webhook "validation.gatekeeper.sh" denied the request: ${constraints} you must provide labels: {"owner"}`);
const podViolation = (name: string, enforcementAction?: string) => ({ ...(enforcementAction ? { enforcementAction } : {}), group: '', kind: 'Pod', message: 'you must provide labels: {"owner"}', name, namespace: 'flux-system', version: 'v1' });

describe('FLUX003 Gatekeeper constraints: one finding per constraint, exact evidence', () => {
  it('a denial Event and an audit violation of the same constraint: one finding, the Event attributed, not reported again', () => {
    const c = constraint('must-have-owner', {}, { totalViolations: 1, violations: [podViolation('fluxconfig-agent-7f8c6d5b9d-b6r1c')] });
    const r = runOne(FLUX003, snap([...healthy(), c, gkDenial('rs.1', 'fluxconfig-controller-5c9b7d8f6c')]));
    expect(r.status).toBe('fail');
    expect(r.findings).toHaveLength(1);
    expect(r.message).toBe('K8sRequiredLabels must-have-owner (enforcementAction deny) blocks flux-system: denied Pod flux-system/fluxconfig-agent-7f8c6d5b9d-b6r1c, ReplicaSet flux-system/fluxconfig-controller-5c9b7d8f6c');
    expect(r.findings?.[0].object).toEqual({ apiVersion: 'constraints.gatekeeper.sh/v1beta1', kind: 'K8sRequiredLabels', namespace: undefined, name: 'must-have-owner' });
    expect(r.evidence).toEqual([
      { ref: 'constraints.gatekeeper.sh/v1beta1/K8sRequiredLabels must-have-owner', path: 'status.violations[0]', observed: 'Pod/fluxconfig-agent-7f8c6d5b9d-b6r1c: you must provide labels: {"owner"}', expected: 'nothing in flux-system denied' },
      { ref: 'v1/Event flux-system/rs.1', path: 'message', observed: 'Error creating: admission webhook "validation.gatekeeper.sh" denied the request: [must-have-owner] you must provide labels: {"owner"}' },
      { ref: 'constraints.gatekeeper.sh/v1beta1/K8sRequiredLabels must-have-owner', path: 'spec.match / spec.parameters.excludedNamespaces', observed: 'no excludedNamespaces; flux-system is matched', expected: 'flux-system excluded' },
    ]);
    expect(r.remediation).toEqual({
      text: REMEDIATION,
      commands: [`kubectl patch k8srequiredlabels must-have-owner --type=json -p '[{"op":"add","path":"/spec/match/excludedNamespaces","value":["flux-system"]}]'`, 'kubectl get k8srequiredlabels must-have-owner -o yaml'],
    });
    expect(r.notes).toBeUndefined();
  });

  it('a denial quoting two constraints is attributed to both, and reported by neither twice', () => {
    const objs = [...healthy(), constraint('must-have-owner'), constraint('must-have-team'), gkDenial('rs.1', 'helm-controller-5f964c6579', '[must-have-owner] missing owner\n[must-have-team]')];
    const r = runOne(FLUX003, snap(objs));
    expect(r.findings?.map((f) => f.message)).toEqual([
      'K8sRequiredLabels must-have-owner (enforcementAction deny) blocks flux-system: denied ReplicaSet flux-system/helm-controller-5f964c6579',
      'K8sRequiredLabels must-have-team (enforcementAction deny) blocks flux-system: denied ReplicaSet flux-system/helm-controller-5f964c6579',
    ]);
    expect(r.message).toBe('2 problems: K8sRequiredLabels must-have-owner (enforcementAction deny) blocks flux-system: denied ReplicaSet flux-system/helm-controller-5f964c6579; and 1 more');
  });

  it('names three denied objects, then an ellipsis; the same object twice counts once', () => {
    const four = [podViolation('a'), podViolation('b'), podViolation('c'), podViolation('d')];
    const r4 = runOne(FLUX003, snap([...healthy(), constraint('must-have-owner', {}, { violations: four })]));
    expect(r4.message).toBe('K8sRequiredLabels must-have-owner (enforcementAction deny) blocks flux-system: denied Pod flux-system/a, Pod flux-system/b, Pod flux-system/c…');
    const twice = [podViolation('a'), podViolation('b'), podViolation('b'), podViolation('c')];
    const r3 = runOne(FLUX003, snap([...healthy(), constraint('must-have-owner', {}, { violations: twice })]));
    expect(r3.message).toBe('K8sRequiredLabels must-have-owner (enforcementAction deny) blocks flux-system: denied Pod flux-system/a, Pod flux-system/b, Pod flux-system/c');
    expect(r3.evidence.filter((e) => e.path?.startsWith('status.violations'))).toHaveLength(4);
    const exact = [podViolation('a'), podViolation('b'), podViolation('c')];
    expect(runOne(FLUX003, snap([...healthy(), constraint('must-have-owner', {}, { violations: exact })])).message).toBe('K8sRequiredLabels must-have-owner (enforcementAction deny) blocks flux-system: denied Pod flux-system/a, Pod flux-system/b, Pod flux-system/c');
  });

  it('violations: scoped and absent actions deny, dryrun and warn do not; a violation without kind or name', () => {
    const violations = [podViolation('scoped', 'Scoped'), podViolation('absent'), podViolation('audited', 'dryrun'), podViolation('warned', 'warn'), { namespace: 'flux-system' }];
    const r = runOne(FLUX003, snap([...healthy(), constraint('must-have-owner', {}, { violations })]));
    expect(r.message).toBe('K8sRequiredLabels must-have-owner (enforcementAction deny) blocks flux-system: denied Pod flux-system/scoped, Pod flux-system/absent, object flux-system/?');
    expect(r.evidence.map((e) => e.observed)).toEqual([
      'Pod/scoped: you must provide labels: {"owner"}',
      'Pod/absent: you must provide labels: {"owner"}',
      'object/?:',
      'no excludedNamespaces; flux-system is matched',
    ]);
  });

  it('a violation about the Namespace itself names it without a namespace prefix', () => {
    const r = runOne(FLUX003, snap([...healthy(), constraint('must-have-owner', {}, { violations: [{ kind: 'Namespace', name: 'flux-system', message: 'you must provide labels: {"owner"}' }] })]));
    expect(r.message).toBe('K8sRequiredLabels must-have-owner (enforcementAction deny) blocks flux-system: denied Namespace flux-system');
  });

  it('a warn or dryrun constraint is skipped even with a denial-looking Event, which is then reported on its own', () => {
    const c = constraint('must-have-owner', { enforcementAction: 'warn' }, { violations: [podViolation('a', 'warn')] });
    const r = runOne(FLUX003, snap([...healthy(), c, gkDenial('rs.1', 'helm-controller-5f964c6579')]));
    expect(r.findings).toHaveLength(1);
    expect(r.findings?.[0]).toEqual({
      status: 'fail',
      object: { apiVersion: 'apps/v1', kind: 'ReplicaSet', namespace: 'flux-system', name: 'helm-controller-5f964c6579' },
      message: 'admission webhook "validation.gatekeeper.sh" denied ReplicaSet flux-system/helm-controller-5f964c6579: Error creating: admission webhook "validation.gatekeeper.sh" denied the request: [must-have-owner] you must provide labels: {"owner"}',
      evidence: [{ ref: 'v1/Event flux-system/rs.1', path: 'message', observed: 'Error creating: admission webhook "validation.gatekeeper.sh" denied the request: [must-have-owner] you must provide labels: {"owner"}', expected: 'no admission denials in flux-system' }],
      commands: ['kubectl get events -n flux-system --field-selector reason=FailedCreate', WEBHOOK_LIST],
    });
  });

  it('a denial by another webhook quoting the constraint name is not attributed to the Gatekeeper constraint', () => {
    const kyvernoEvent = denial('k.1', { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'helm-controller-5f964c6579' }, 'Error creating: admission webhook "validate.kyverno.svc-fail" denied the request: [must-have-owner] blocked');
    const r = runOne(FLUX003, snap([...healthy(), constraint('must-have-owner'), kyvernoEvent]));
    expect(r.findings?.map((f) => f.message)).toEqual(['admission webhook "validate.kyverno.svc-fail" denied ReplicaSet flux-system/helm-controller-5f964c6579: Error creating: admission webhook "validate.kyverno.svc-fail" denied the request: [must-have-owner] blocked']);
    expect(r.notes).toEqual(['K8sRequiredLabels must-have-owner (deny) matches flux-system but has denied nothing there']);
  });

  it('old violations and Events of a constraint that now excludes flux-system are history: no finding, no note', () => {
    const c = constraint('must-have-owner', { match: { excludedNamespaces: ['flux-system'] } }, { violations: [podViolation('a')] });
    const r = runOne(FLUX003, snap([...healthy(), c, gkDenial('rs.1', 'helm-controller-5f964c6579')]));
    expect(r.status).toBe('pass');
    expect(r.message).toBe(PASS);
    expect(r.notes).toBeUndefined();
  });

  it('a long Event message is cut at 240 characters in the finding message, kept whole in the evidence', () => {
    const long = `Error creating: admission webhook "validate.example.com" denied the request: ${'x'.repeat(300)}`;
    const r = runOne(FLUX003, snap([...healthy(), denial('e.1', { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'helm-controller-5f964c6579' }, long)]));
    expect(r.message).toBe(`admission webhook "validate.example.com" denied ReplicaSet flux-system/helm-controller-5f964c6579: ${long.slice(0, 240)}`);
    expect(r.evidence[0].observed).toBe(long);
  });
});

describe('FLUX003 notes: constraints that match flux-system but denied nothing, at most five', () => {
  const names = (n: number) => Array.from({ length: n }, (_, i) => `rule-${i + 1}`);
  const note = (name: string) => `K8sRequiredLabels ${name} (deny) matches flux-system but has denied nothing there`;

  it('five notes are all listed', () => {
    const r = runOne(FLUX003, snap([...healthy(), ...names(5).map((n) => constraint(n))]));
    expect(r.status).toBe('pass');
    expect(r.message).toBe(PASS);
    expect(r.notes).toEqual(names(5).map(note));
  });

  it('seven notes: the first five, then how many more', () => {
    const r = runOne(FLUX003, snap([...healthy(), ...names(7).map((n) => constraint(n))]));
    expect(r.notes).toEqual([...names(5).map(note), 'and 2 more']);
  });

  it('six notes: the first five, then one more', () => {
    const r = runOne(FLUX003, snap([...healthy(), ...names(6).map((n) => constraint(n))]));
    expect(r.notes).toEqual([...names(5).map(note), 'and 1 more']);
  });

  it('no note for a constraint that does not cover flux-system, nor for one that only audits', () => {
    const r = runOne(FLUX003, snap([...healthy(), constraint('apps-only', { match: { namespaces: ['apps'] } }), constraint('audit', { enforcementAction: 'dryrun' })]));
    expect(r.status).toBe('pass');
    expect(r.notes).toBeUndefined();
  });
});

describe('FLUX003 container-limits constraints left to FLUX006', () => {
  const limits = () => structuredClone(LIMITS);

  it('a limits denial Event: one finding (not also an Event finding), three ReplicaSets then an ellipsis, the events command', () => {
    const objs = limits();
    const template = objs.find((o) => o.kind === 'Event')!;
    const more = ['kustomize-controller-7bc5f87d4f', 'source-controller-6ff87cb475', 'notification-controller-66f99d6f5d', 'helm-controller-6d8c9f7b54'].map((rs, i) => ({ ...structuredClone(template), metadata: { ...template.metadata, name: `${rs}.${i}` }, involvedObject: { ...template.involvedObject, name: rs } }));
    const r = runOne(FLUX003, snap([...healthy(), ...objs, ...more]));
    expect(r.findings).toHaveLength(1);
    expect(r.message).toMatch(new RegExp(`^K8sAzureV3ContainerLimits ${LIMITS_NAME} \\(enforcementAction deny\\) denied ReplicaSet flux-system/helm-controller-6d8c9f7b54, ReplicaSet flux-system/kustomize-controller-7bc5f87d4f, ReplicaSet flux-system/source-controller-6ff87cb475… in flux-system: Error creating: `));
    expect(r.evidence).toHaveLength(5);
    expect(r.remediation?.commands).toEqual([
      `az policy assignment update --name limit-container-resources --scope /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-gitops --params '{"excludedNamespaces":{"value":["kube-system","gatekeeper-system","azure-arc","azure-extensions-usage-system","flux-system"]}}'`,
      'kubectl get events -n flux-system --field-selector reason=FailedCreate',
    ]);
    expect(r.notes).toBeUndefined();
  });

  it('a long limits denial is quoted up to 240 characters in the message', () => {
    const objs = limits();
    const e = objs.find((o) => o.kind === 'Event')!;
    e.message = `${e.message}\n${'[azurepolicy-k8sazurev3containerlimits-4e7bbc2617e5447639a7] container <manager> memory limit <1Gi> is higher than the maximum allowed of <256Mi>\n'.repeat(3)}`;
    const r = runOne(FLUX003, snap([...healthy(), ...objs]));
    expect(r.message).toBe(`K8sAzureV3ContainerLimits ${LIMITS_NAME} (enforcementAction deny) denied ReplicaSet flux-system/helm-controller-6d8c9f7b54 in flux-system: ${e.message.slice(0, 240)} (FLUX006 lists each container's limits against the policy's maximum)`);
    expect(r.evidence[0].observed).toBe(e.message);
  });

  it('three denied ReplicaSets: no ellipsis', () => {
    const objs = limits();
    const template = objs.find((o) => o.kind === 'Event')!;
    const more = ['kustomize-controller-7bc5f87d4f', 'source-controller-6ff87cb475'].map((rs) => ({ ...structuredClone(template), metadata: { ...template.metadata, name: `${rs}.1` }, involvedObject: { ...template.involvedObject, name: rs } }));
    const r = runOne(FLUX003, snap([...healthy(), ...objs, ...more]));
    expect(r.message).toContain('denied ReplicaSet flux-system/helm-controller-6d8c9f7b54, ReplicaSet flux-system/kustomize-controller-7bc5f87d4f, ReplicaSet flux-system/source-controller-6ff87cb475 in flux-system: ');
  });

  it('a limits constraint FLUX006 does not fail (limits above Flux’s) is judged here like any other', () => {
    const objs = limits();
    const c = find(objs, 'K8sAzureV3ContainerLimits', LIMITS_NAME);
    c.spec.parameters = { cpuLimit: '2', memoryLimit: '2Gi' };
    const r = runOne(FLUX003, snap([...healthy(), ...objs.filter((o) => o.kind !== 'Event')]));
    expect(r.status).toBe('fail');
    expect(r.message).toBe(`K8sAzureV3ContainerLimits ${LIMITS_NAME} (enforcementAction deny) blocks flux-system: denied Pod flux-system/source-controller-6ff87cb475-x7k2p, Pod flux-system/kustomize-controller-7bc5f87d4f-q9m4t, Pod flux-system/helm-controller-5f964c6579-h2v8d…`);
  });
});

const vapLog = (policy: string, binding: string): ContainerLog[] => {
  const pod = find(healthy(), 'Pod', 'fluxconfig-controller').metadata.name;
  return [{ namespace: 'flux-system', pod, container: 'fluxconfig-controller', previous: false, text: `E1126 11:58:02.118 1 controller.go:211] failed to create configmap: configmaps "fluxconfig-controller-leader" is forbidden: ValidatingAdmissionPolicy '${policy}' with binding '${binding}' denied request: Modification of resources in managed system namespaces is not allowed\n` }];
};

describe('FLUX003 ValidatingAdmissionPolicy denials: AKS-managed vs user policies', () => {
  it('AKS-managed (Azure/AKS #5645): inspect only, never a kubectl edit AKS would refuse; the Deployment owning the pod', () => {
    const r = runOne(FLUX003, snap(healthy(), { logs: vapLog('aks-managed-protect-system-namespaces', 'aks-managed-protect-system-namespaces-binding') }));
    expect(r.findings).toHaveLength(1);
    expect(r.findings?.[0].object).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'flux-system', name: 'fluxconfig-controller' });
    const line = vapLog('aks-managed-protect-system-namespaces', 'aks-managed-protect-system-namespaces-binding')[0].text.trim();
    expect(r.message).toBe(
      `ValidatingAdmissionPolicy aks-managed-protect-system-namespaces denied configmaps flux-system/fluxconfig-controller-leader (written by fluxconfig-controller) (an AKS-managed policy: it cannot be edited; AKS exempts microsoft.flux from it since the fix for Azure/AKS #5645, so update the cluster and re-create the extension, or open a support case): ${line.slice(0, 240)}`,
    );
    expect(r.remediation?.commands).toEqual(['kubectl get validatingadmissionpolicy aks-managed-protect-system-namespaces -o yaml', 'kubectl get validatingadmissionpolicybinding aks-managed-protect-system-namespaces-binding -o yaml']);
    expect(r.evidence).toEqual([{ ref: `v1/Pod flux-system/${find(healthy(), 'Pod', 'fluxconfig-controller').metadata.name}`, path: 'logs fluxconfig-controller', observed: expect.stringMatching(/^E1126 .*not allowed$/), expected: 'no admission denials in flux-system' }]);
  });

  it('a user policy: inspect, then edit the binding to exclude the namespace', () => {
    const r = runOne(FLUX003, snap(healthy(), { logs: vapLog('restrict-configmaps', 'restrict-configmaps-binding') }));
    expect(r.message).toMatch(/^ValidatingAdmissionPolicy restrict-configmaps denied configmaps flux-system\/fluxconfig-controller-leader \(written by fluxconfig-controller\) \(exclude the namespace in the binding restrict-configmaps-binding\): E1126 /);
    expect(r.remediation?.commands).toEqual([
      'kubectl get validatingadmissionpolicy restrict-configmaps -o yaml',
      'kubectl get validatingadmissionpolicybinding restrict-configmaps-binding -o yaml',
      'kubectl edit validatingadmissionpolicybinding restrict-configmaps-binding   # exclude flux-system under spec.matchResources.namespaceSelector',
    ]);
  });

  it('a policy named like aks-managed- in the middle is a user policy', () => {
    const r = runOne(FLUX003, snap(healthy(), { logs: vapLog('my-aks-managed-copy', 'b') }));
    expect(r.message).toContain(' (exclude the namespace in the binding b): ');
    expect(r.remediation?.commands).toHaveLength(3);
  });

  it('a webhook denial in an agent log: the pod’s logs command, the Deployment as object', () => {
    const pod = find(healthy(), 'Pod', 'fluxconfig-agent').metadata.name;
    const logs: ContainerLog[] = [{ namespace: 'flux-system', pod, container: 'fluxconfig-agent', previous: false, text: 'E1126 failed: admission webhook "policy.example.com" denied the request: no\n' }];
    const r = runOne(FLUX003, snap(healthy(), { logs }));
    expect(r.findings?.[0].object).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'flux-system', name: 'fluxconfig-agent' });
    expect(r.message).toBe('admission webhook "policy.example.com" denied an object written by fluxconfig-agent: E1126 failed: admission webhook "policy.example.com" denied the request: no');
    expect(r.remediation?.commands).toEqual([`kubectl logs ${pod} -n flux-system --all-containers`, WEBHOOK_LIST]);
  });

  it('an agent pod without an owner: the Pod itself as object', () => {
    const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'fluxconfig-agent-manual', namespace: 'flux-system', labels: { app: 'fluxconfig-agent' } }, spec: { containers: [{ name: 'fluxconfig-agent' }] } };
    const logs: ContainerLog[] = [{ namespace: 'flux-system', pod: 'fluxconfig-agent-manual', container: 'fluxconfig-agent', previous: false, text: 'admission webhook "policy.example.com" denied the request: no' }];
    const r = runOne(FLUX003, snap([...healthy(), pod], { logs }));
    expect(r.findings?.[0].object).toEqual({ apiVersion: 'v1', kind: 'Pod', namespace: 'flux-system', name: 'fluxconfig-agent-manual' });
  });

  it('an Event about an object without kind: the Event as object; another reason in the events command', () => {
    const e: KubeObject = { apiVersion: 'v1', kind: 'Event', metadata: { name: 'x.1', namespace: 'flux-system' }, reason: 'FailedUpdate', message: 'admission webhook "policy.example.com" denied the request: no' };
    const r = runOne(FLUX003, snap([...healthy(), e]));
    expect(r.findings?.[0].object).toEqual({ apiVersion: 'v1', kind: 'Event', namespace: 'flux-system', name: 'x.1' });
    expect(r.remediation?.commands[0]).toBe('kubectl get events -n flux-system --field-selector reason=FailedUpdate');
    const noReason = { ...e, reason: undefined, involvedObject: { kind: 'ServiceAccount', name: 'tenant' } };
    const r2 = runOne(FLUX003, snap([...healthy(), noReason]));
    expect(r2.findings?.[0].object).toEqual({ apiVersion: undefined, kind: 'ServiceAccount', namespace: 'flux-system', name: 'tenant' });
    expect(r2.remediation?.commands[0]).toBe('kubectl get events -n flux-system --field-selector reason=FailedCreate');
    const r3 = runOne(FLUX003, snap([...healthy(), { ...e, involvedObject: { kind: 'ReplicaSet' } }]));
    expect(r3.findings?.[0].object).toEqual({ apiVersion: 'v1', kind: 'Event', namespace: 'flux-system', name: 'x.1' });
  });
});

describe('FLUX003 Kyverno: ClusterPolicy vs Policy', () => {
  const kyverno = (kind: 'ClusterPolicy' | 'Policy', resources = ['fluxconfig-agent-7f8c6d5b9d-b6r1c']) =>
    yaml(`
apiVersion: kyverno.io/v1
kind: ${kind}
metadata:
  name: require-owner
${kind === 'Policy' ? '  namespace: flux-system\n' : ''}spec:
  validationFailureAction: Enforce
  rules: [{name: check-owner}]
---
apiVersion: wgpolicyk8s.io/v1alpha2
kind: PolicyReport
metadata: {name: polr-ns-flux-system, namespace: flux-system}
results:
- policy: require-owner
  rule: check-owner
  result: fail
  message: 'validation error: label owner is required'
  resources:
${resources.map((n) => `  - {apiVersion: v1, kind: Pod, name: ${n}, namespace: flux-system}`).join('\n')}
`);

  it('a ClusterPolicy: one finding, its report evidence, edit clusterpolicy', () => {
    const r = runOne(FLUX003, snap([...healthy(), ...kyverno('ClusterPolicy')]));
    expect(r.findings).toEqual([
      {
        status: 'fail',
        object: { apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', namespace: undefined, name: 'require-owner' },
        message: 'Kyverno ClusterPolicy require-owner (Enforce) fails Pod flux-system/fluxconfig-agent-7f8c6d5b9d-b6r1c in flux-system',
        evidence: [{ ref: 'wgpolicyk8s.io/v1alpha2/PolicyReport flux-system/polr-ns-flux-system', path: 'results', observed: 'Pod flux-system/fluxconfig-agent-7f8c6d5b9d-b6r1c: validation error: label owner is required', expected: 'no failures in flux-system' }],
        commands: ['kubectl edit clusterpolicy require-owner   # add flux-system under spec.rules[*].exclude.any[].resources.namespaces', 'kubectl get policyreport -n flux-system -o wide'],
      },
    ]);
  });

  it('a namespaced Policy: edit policy -n <namespace>; four failing resources name three', () => {
    const r = runOne(FLUX003, snap([...healthy(), ...kyverno('Policy', ['a', 'b', 'c', 'd'])]));
    expect(r.findings).toHaveLength(1);
    expect(r.message).toBe('Kyverno Policy require-owner (Enforce) fails Pod flux-system/a, Pod flux-system/b, Pod flux-system/c in flux-system');
    expect(r.evidence).toHaveLength(4);
    expect(r.remediation?.commands).toEqual(['kubectl edit policy -n flux-system require-owner   # add flux-system under spec.rules[*].exclude.any[].resources.namespaces', 'kubectl get policyreport -n flux-system -o wide']);
  });
});
