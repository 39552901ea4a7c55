import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import FLUX003 from '../../../src/checks/flux/FLUX003-admission-policies.js';
import { fixtureObjects, runOne, type KubeObject } from '../../helpers/check-harness.js';
import { healthy, snap, yaml } from './fixtures.js';

const WEBHOOKS = fixtureObjects(join(__dirname, '../../fixtures/flux/webhooks'));
const LIMITS = fixtureObjects(join(__dirname, '../../fixtures/flux/policies'));
const base = () => [...healthy(), ...WEBHOOKS];

// An AKS deployment-safeguards style constraint (name and message shape from samples/gatekeeper).
const antiAffinity = (extra = '') =>
  yaml(`
apiVersion: constraints.gatekeeper.sh/v1beta1
kind: K8sAzureV1AntiAffinityRules
metadata:
  name: azurepolicy-k8sazurev1antiaffinityrules-ceffa082711831ebffd1
  annotations:
    azure-policy-assignment-id: /subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/policyAssignments/safeguards
spec:
  enforcementAction: deny
  match:
    excludedNamespaces: [kube-system, gatekeeper-system, azure-arc]
    kinds:
    - apiGroups: [apps]
      kinds: [Deployment]
  parameters:
    excludedNamespaces: [kube-system, gatekeeper-system, azure-arc]
${extra}`);

const violationIn = (ns: string, action = 'deny') => `status:
  totalViolations: 1
  violations:
  - enforcementAction: ${action}
    group: apps
    kind: Deployment
    message: Deployment with 2 replicas should have either podAntiAffinity or topologySpreadConstraints set to avoid disruptions due to nodes crashing
    name: fluxconfig-agent
    namespace: ${ns}
    version: v1`;

const requiredLabels = yaml(`
apiVersion: constraints.gatekeeper.sh/v1beta1
kind: K8sRequiredLabels
metadata:
  name: must-have-owner
spec:
  match:
    kinds:
    - apiGroups: [""]
      kinds: [Pod]
  parameters:
    labels: [{ key: owner }]
`);

const event = (message: string, involved = 'kind: ReplicaSet\n  apiVersion: apps/v1\n  name: fluxconfig-controller-5c9b7d8f6c') =>
  yaml(`
apiVersion: v1
kind: Event
metadata:
  name: denial.1879a2c3f0e4d1b2
  namespace: flux-system
involvedObject:
  ${involved}
  namespace: flux-system
reason: FailedCreate
type: Warning
message: '${message.replace(/'/g, "''")}'
`);

const kyverno = (action: string) =>
  yaml(`
apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata:
  name: disallow-privilege-escalation
spec:
  validationFailureAction: ${action}
  background: true
  rules:
  - name: privilege-escalation
    match: { any: [{ resources: { kinds: [Pod] } }] }
    validate: { message: Privilege escalation is disallowed. }
---
apiVersion: wgpolicyk8s.io/v1alpha2
kind: PolicyReport
metadata:
  name: 3c1d6a7e-5f0b-4a5e-b2a9-0e1f2d3c4b5a
  namespace: flux-system
scope:
  apiVersion: v1
  kind: Pod
  name: fluxconfig-agent-7f8c6d5b9d-b6r1c
  namespace: flux-system
results:
- policy: disallow-privilege-escalation
  rule: privilege-escalation
  result: fail
  message: 'validation error: Privilege escalation is disallowed. rule privilege-escalation failed at path /spec/containers/1/securityContext/'
  scored: true
  source: kyverno
summary: { fail: 1, pass: 0 }
`);

describe('FLUX003 no admission policy blocks the Flux namespace', () => {
  const valid: Array<[string, () => KubeObject[]]> = [
    ['passes when a deny constraint could match flux-system but has denied nothing there', () => [...base(), ...requiredLabels]],
    ['passes when the constraint’s violations are in other namespaces', () => [...base(), ...antiAffinity(violationIn('default'))]],
    ['passes when the constraint only audits (dryrun) flux-system', () => [...base(), ...antiAffinity(violationIn('flux-system', 'dryrun'))]],
    ['passes when a Kustomization event reports a user workload elsewhere denied', () => [...base(), ...event('Deployment/app/web dry-run failed, reason: Forbidden, error: admission webhook "validation.gatekeeper.sh" denied the request: [must-have-owner] missing owner', 'kind: Kustomization\n  apiVersion: kustomize.toolkit.fluxcd.io/v1\n  name: apps')]],
    ['passes when the Kyverno policy only audits', () => [...base(), ...kyverno('Audit')]],
    ['passes when old violations remain on a constraint that now excludes flux-system', () => antiAffinity(violationIn('flux-system')).map((c) => {
      c.spec.match.excludedNamespaces.push('flux-system');
      return c;
    }).concat(base())],
  ];
  for (const [name, objects] of valid) {
    it(name, () => {
      const r = runOne(FLUX003, snap(objects()));
      expect(r.status, r.message).toBe('pass');
    });
  }

  it('notes the container-limits constraint it leaves to FLUX006 while it has denied nothing', () => {
    const r = runOne(FLUX003, snap([...base(), ...LIMITS.filter((o) => o.kind !== 'Event')]));
    expect(r.status).toBe('pass');
    expect(r.notes).toEqual(['K8sAzureV3ContainerLimits azurepolicy-k8sazurev3containerlimits-4e7bbc2617e5447639a7 limits container resources in flux-system: reported by FLUX006']);
  });

  // issue #10: "no admission policy has denied anything" beside an Event quoting Gatekeeper's denial contradicted the evidence.
  it('fails on the container-limits denial an Event quotes, pointing at FLUX006 for the per-container table', () => {
    const r = runOne(FLUX003, snap([...base(), ...LIMITS]));
    expect(r.status).toBe('fail');
    expect(r.findings).toHaveLength(1);
    expect(r.message).toBe(
      'K8sAzureV3ContainerLimits azurepolicy-k8sazurev3containerlimits-4e7bbc2617e5447639a7 (enforcementAction deny) denied ReplicaSet flux-system/helm-controller-6d8c9f7b54 in flux-system: Error creating: admission webhook "validation.gatekeeper.sh" denied the request: [azurepolicy-k8sazurev3containerlimits-4e7bbc2617e5447639a7] container <manager> cpu limit <1> is higher than the maximum allowed of <200m> (FLUX006 lists each container\'s limits against the policy\'s maximum)',
    );
    expect(r.evidence).toEqual([
      {
        ref: 'v1/Event flux-system/helm-controller-6d8c9f7b54.1879a2c3f0e4d1b2',
        path: 'message',
        observed: 'Error creating: admission webhook "validation.gatekeeper.sh" denied the request: [azurepolicy-k8sazurev3containerlimits-4e7bbc2617e5447639a7] container <manager> cpu limit <1> is higher than the maximum allowed of <200m>',
        expected: 'no admission denials in flux-system',
      },
    ]);
  });

  it('fails on the multi-line safeguards denial of containers without limits (samples/gatekeeper), even with no constraint in the snapshot', () => {
    const message = 'Error creating: admission webhook "validation.gatekeeper.sh" denied the request: \n[azurepolicy-k8sazurev3containerlimits-4e7bbc2617e5447639a7] container <manager> has no resource limits';
    const r = runOne(FLUX003, snap([...base(), ...event(message)]));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('admission webhook "validation.gatekeeper.sh" denied ReplicaSet flux-system/fluxconfig-controller-5c9b7d8f6c');
    expect(r.message).not.toContain('no admission policy has denied anything');
  });

  it('fails naming the Azure Policy constraint and the denied object, with the assignment update', () => {
    const r = runOne(FLUX003, snap([...base(), ...antiAffinity(violationIn('flux-system'))]));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('K8sAzureV1AntiAffinityRules azurepolicy-k8sazurev1antiaffinityrules-ceffa082711831ebffd1 (enforcementAction deny) blocks flux-system: denied Deployment flux-system/fluxconfig-agent');
    expect(r.remediation?.commands[0]).toBe(
      `az policy assignment update --name safeguards --scope /subscriptions/00000000-0000-0000-0000-000000000000 --params '{"excludedNamespaces":{"value":["kube-system","gatekeeper-system","azure-arc","flux-system"]}}'`,
    );
  });

  it('fails on a Gatekeeper denial event that names a plain constraint, with a kubectl patch', () => {
    const r = runOne(FLUX003, snap([...base(), ...requiredLabels, ...event('Error creating: admission webhook "validation.gatekeeper.sh" denied the request: [must-have-owner] you must provide labels: {"owner"}')]));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('K8sRequiredLabels must-have-owner (enforcementAction deny) blocks flux-system: denied ReplicaSet flux-system/fluxconfig-controller-5c9b7d8f6c');
    expect(r.remediation?.commands[0]).toBe(`kubectl patch k8srequiredlabels must-have-owner --type=json -p '[{"op":"add","path":"/spec/match/excludedNamespaces","value":["flux-system"]}]'`);
  });

  it('fails on a constraint that matches only ServiceAccounts when it denied one in flux-system', () => {
    const sa = requiredLabels.map((o) => ({ ...o, spec: { ...o.spec, match: { kinds: [{ apiGroups: [''], kinds: ['ServiceAccount'] }] } } }));
    const r = runOne(FLUX003, snap([...base(), ...sa, ...event('Error creating: admission webhook "validation.gatekeeper.sh" denied the request: [must-have-owner] you must provide labels', 'kind: ServiceAccount\n  apiVersion: v1\n  name: fluxconfig-agent')]));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('denied ServiceAccount flux-system/fluxconfig-agent');
  });

  it('fails on a Kyverno ClusterPolicy in Enforce with a PolicyReport failure in flux-system', () => {
    const r = runOne(FLUX003, snap([...base(), ...kyverno('Enforce')]));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('Kyverno ClusterPolicy disallow-privilege-escalation (Enforce) fails Pod flux-system/fluxconfig-agent-7f8c6d5b9d-b6r1c');
  });

  it('fails on a denial event from any other admission webhook', () => {
    const r = runOne(FLUX003, snap([...base(), ...event('Error creating: admission webhook "validate.kyverno.svc-fail" denied the request: resource Pod/flux-system/x was blocked')]));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('admission webhook "validate.kyverno.svc-fail" denied ReplicaSet flux-system/fluxconfig-controller-5c9b7d8f6c');
    expect(r.findings?.[0].object).toMatchObject({ kind: 'ReplicaSet', namespace: 'flux-system' });
  });

  // kube-apiserver's wording for an in-process policy refusal; the policy name is the one Azure/AKS #5645 reports.
  it('fails on a ValidatingAdmissionPolicy denial such as AKS Automatic’s protected namespaces', () => {
    const r = runOne(FLUX003, snap([...base(), ...event(`pods "fluxconfig-controller-5c9b7d8f6c-" is forbidden: ValidatingAdmissionPolicy 'aks-managed-protect-system-namespaces' with binding 'aks-managed-protect-system-namespaces-binding' denied request: creation is not allowed in this namespace`)]));
    expect(r.status).toBe('fail');
    expect(r.message).toContain("ValidatingAdmissionPolicy aks-managed-protect-system-namespaces denied ReplicaSet flux-system/fluxconfig-controller-5c9b7d8f6c");
  });

  it('passes when flux-system is excluded by a glob, even with a denial-looking violation elsewhere', () => {
    const c = requiredLabels.map((o) => ({ ...o, spec: { ...o.spec, match: { ...o.spec.match, excludedNamespaces: ['flux-*'] } } }));
    const r = runOne(FLUX003, snap([...base(), ...c]));
    expect(r.status).toBe('pass');
    expect(r.notes ?? []).toEqual([]);
  });
});
