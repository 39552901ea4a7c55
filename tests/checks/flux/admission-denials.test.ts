// denialEvents and kyvernoFailures on the shapes the API serves: Events quoting Gatekeeper's and kube-apiserver's
// wording (samples/gatekeeper, Azure/AKS #5645), agent logs with JSON-escaped quotes, Kyverno 1.12 and pre-1.11 reports.
import { describe, expect, it } from 'vitest';
import { denialEvents, kyvernoEnforces, kyvernoFailures } from '../../../src/checks/flux/admission-denials.js';
import { snapshotOf, type ContainerLog, type KubeObject } from '../../helpers/check-harness.js';
import { find, healthy, yaml } from './fixtures.js';

const GK = 'admission webhook "validation.gatekeeper.sh" denied the request: [azurepolicy-k8sazurev3containerlimits-4e7bbc2617e5447639a7] container <manager> cpu limit <1> is higher than the maximum allowed of <200m>';
const VAP = `pods "fluxconfig-controller-5c9b7d8f6c-" is forbidden: ValidatingAdmissionPolicy 'aks-managed-protect-system-namespaces' with binding 'aks-managed-protect-system-namespaces-binding' denied request: creation is not allowed in this namespace`;

function event(name: string, fields: Record<string, unknown>, namespace = 'flux-system'): KubeObject {
  return { apiVersion: 'v1', kind: 'Event', metadata: { name, namespace }, reason: 'FailedCreate', type: 'Warning', ...fields };
}
const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'helm-controller-6d8c9f7b54', namespace: 'flux-system' };
const strip = (d: ReturnType<typeof denialEvents>) => d.map(({ event, ...rest }) => ({ from: `${event.kind} ${event.metadata.name}`, ...rest }));

describe('denialEvents: Events', () => {
  it('a Gatekeeper denial, a ValidatingAdmissionPolicy denial (events.k8s.io fields), and nothing from other Events', () => {
    const objs = [
      event('gk', { involvedObject: rs, message: `Error creating: ${GK}` }),
      event('vap', { regarding: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'fluxconfig-controller-5c9b7d8f6c' }, note: VAP }),
      event('scheduled', { involvedObject: rs, reason: 'SuccessfulCreate', type: 'Normal', message: 'Created pod: helm-controller-6d8c9f7b54-xk2p9' }),
      event('elsewhere', { involvedObject: { ...rs, namespace: 'apps' }, message: `Error creating: ${GK}` }, 'apps'),
    ];
    expect(strip(denialEvents(snapshotOf(objs), 'flux-system'))).toEqual([
      { from: 'Event gk', path: 'message', webhook: 'validation.gatekeeper.sh', message: `Error creating: ${GK}`, involved: 'ReplicaSet flux-system/helm-controller-6d8c9f7b54' },
      { from: 'Event vap', path: 'message', webhook: 'ValidatingAdmissionPolicy aks-managed-protect-system-namespaces', binding: 'aks-managed-protect-system-namespaces-binding', message: VAP, involved: 'ReplicaSet flux-system/fluxconfig-controller-5c9b7d8f6c' },
    ]);
  });

  it('the webhook name in any case, a policy without a binding name, and an Event without a subject', () => {
    const objs = [
      event('upper', { message: 'Error creating: Admission Webhook "validate.kyverno.svc-fail" DENIED THE REQUEST: blocked' }),
      event('nobinding', { involvedObject: { kind: 'Pod' }, message: "ValidatingAdmissionPolicy 'deny-all' with binding '' denied request: no" }),
    ];
    expect(strip(denialEvents(snapshotOf(objs), 'flux-system'))).toEqual([
      { from: 'Event upper', path: 'message', webhook: 'validate.kyverno.svc-fail', message: 'Error creating: Admission Webhook "validate.kyverno.svc-fail" DENIED THE REQUEST: blocked', involved: 'object flux-system/?' },
      { from: 'Event nobinding', path: 'message', webhook: 'ValidatingAdmissionPolicy deny-all', binding: undefined, message: "ValidatingAdmissionPolicy 'deny-all' with binding '' denied request: no", involved: 'Pod flux-system/?' },
    ]);
  });

  it('Events about Flux objects count only when the denied object is in the namespace itself', () => {
    const ks = (apiVersion: string, message: string, name = 'ks') => event(name, { involvedObject: { apiVersion, kind: 'Kustomization', name: 'apps', namespace: 'flux-system' }, reason: 'ReconciliationFailed', message });
    const user = 'Deployment/apps/web dry-run failed, reason: Forbidden, error: admission webhook "validation.gatekeeper.sh" denied the request: [must-have-owner] missing owner';
    const own = 'ServiceAccount/flux-system/tenant dry-run failed, reason: Forbidden, error: admission webhook "validation.gatekeeper.sh" denied the request: [must-have-owner] missing owner';
    const objs = [
      ks('kustomize.toolkit.fluxcd.io/v1', user, 'user'),
      ks('clusterconfig.azure.com/v1beta1', user, 'fluxconfig'),
      ks('kustomize.toolkit.fluxcd.io/v1', own, 'own'),
      ks('apps/v1', user, 'not-flux'),
    ];
    expect(denialEvents(snapshotOf(objs), 'flux-system').map((d) => d.event.metadata.name)).toEqual(['own', 'not-flux']);
  });
});

describe('denialEvents: agent logs', () => {
  const line = (what: string) => `E1126 11:58:02.118 1 controller.go:211] failed to create configmap: ${what} is forbidden: ValidatingAdmissionPolicy 'aks-managed-protect-system-namespaces' with binding 'aks-managed-protect-system-namespaces-binding' denied request: Modification of resources in managed system namespaces is not allowed`;
  const objs = healthy();
  const agent = find(objs, 'Pod', 'fluxconfig-agent').metadata.name;
  const controller = find(objs, 'Pod', 'fluxconfig-controller').metadata.name;
  const kustomize = find(objs, 'Pod', 'kustomize-controller').metadata.name;
  const log = (pod: string, container: string, text: string, previous = false): ContainerLog => ({ namespace: 'flux-system', pod, container, previous, text });

  it('the last denial line of the current log of an agent container, with the object it wrote', () => {
    const logs = [log(controller, 'fluxconfig-controller', `I1126 starting\n${line('configmaps "first"')}\n${line('configmaps "fluxconfig-controller-leader"')}\nI1126 retrying\n`)];
    expect(strip(denialEvents(snapshotOf(objs, { logs }), 'flux-system'))).toEqual([
      { from: `Pod ${controller}`, path: 'logs fluxconfig-controller', webhook: 'ValidatingAdmissionPolicy aks-managed-protect-system-namespaces', binding: 'aks-managed-protect-system-namespaces-binding', message: line('configmaps "fluxconfig-controller-leader"'), involved: 'configmaps flux-system/fluxconfig-controller-leader (written by fluxconfig-controller)' },
    ]);
  });

  it('the previous log when the current one has none; a JSON log with escaped quotes; one denial per pod', () => {
    const json = '{"level":"error","msg":"failed to update status","error":"admission webhook \\"validation.gatekeeper.sh\\" denied the request: [must-have-owner] you must provide labels"}';
    const logs = [
      log(agent, 'fluxconfig-agent', 'I1126 ok\n'),
      log(agent, 'fluxconfig-agent', `  ${json}  \n`, true),
      log(agent, 'fluent-bit', line('secrets "x"')),
      log(kustomize, 'manager', line('configmaps "user"')),
    ];
    expect(strip(denialEvents(snapshotOf(objs, { logs }), 'flux-system'))).toEqual([
      { from: `Pod ${agent}`, path: 'logs fluxconfig-agent (previous)', webhook: 'validation.gatekeeper.sh', message: json, involved: 'an object written by fluxconfig-agent' },
    ]);
  });

  it('a log line is cut at 600 characters; a pod known by its app label only', () => {
    const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'fluxconfig-agent-manual', namespace: 'flux-system', labels: { app: 'fluxconfig-agent' } }, spec: { containers: [{ name: 'fluxconfig-agent' }, { name: 'sidecar' }] } };
    const long = line('secrets "sh.helm.release.v1.flux.v2"') + ' ' + 'x'.repeat(700);
    const logs = [log('fluxconfig-agent-manual', 'sidecar', long, true)];
    const [d] = denialEvents(snapshotOf([pod], { logs }), 'flux-system');
    expect(d.message).toBe(long.slice(0, 600));
    expect(d.path).toBe('logs sidecar (previous)');
    expect(d.involved).toBe('secrets flux-system/sh.helm.release.v1.flux.v2 (written by fluxconfig-agent)');
  });

  it('pods of other apps, or of no app, are not read', () => {
    const pods: KubeObject[] = [
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'debug', namespace: 'flux-system' }, spec: { containers: [{ name: 'shell' }] } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'tool', namespace: 'flux-system', labels: { app: 'tool' } }, spec: { containers: [{ name: 'shell' }] } },
    ];
    const logs = [log('debug', 'shell', line('configmaps "a"')), log('tool', 'shell', line('configmaps "b"'))];
    expect(denialEvents(snapshotOf(pods, { logs }), 'flux-system')).toEqual([]);
  });
});

const clusterPolicy = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', metadata: { name: 'disallow-privilege-escalation' }, spec });

describe('kyvernoEnforces', () => {
  const cases: Array<[string, Record<string, unknown>, boolean]> = [
    ['validationFailureAction Enforce', { validationFailureAction: 'Enforce' }, true],
    ['validationFailureAction enforce (lower case, Kyverno accepts both)', { validationFailureAction: 'enforce' }, true],
    ['validationFailureAction Audit', { validationFailureAction: 'Audit' }, false],
    ['none at all', {}, false],
    ['1.13 per-rule failureAction Enforce on one rule', { rules: [{ name: 'a', validate: { failureAction: 'Audit' } }, { name: 'b', validate: { failureAction: 'Enforce' } }] }, true],
    ['1.13 per-rule failureAction Audit only', { validationFailureAction: 'Audit', rules: [{ name: 'a', validate: { failureAction: 'Audit' } }, null, { name: 'c' }] }, false],
    ['rules not a list', { rules: { validate: { failureAction: 'Enforce' } } }, false],
  ];
  for (const [name, spec, result] of cases) it(`${name}: ${result}`, () => expect(kyvernoEnforces(clusterPolicy(spec))).toBe(result));
});

describe('kyvernoFailures', () => {
  const policies = yaml(`
apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: disallow-privilege-escalation}
spec: {validationFailureAction: Enforce, rules: [{name: privilege-escalation}]}
---
apiVersion: kyverno.io/v1
kind: Policy
metadata: {name: require-owner, namespace: flux-system}
spec: {validationFailureAction: Enforce, rules: [{name: check-owner}]}
---
apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: audit-only}
spec: {validationFailureAction: Audit}
`);
  const report = (name: string, namespace: string | undefined, body: string) => yaml(`
apiVersion: wgpolicyk8s.io/v1alpha2
kind: ${namespace ? 'PolicyReport' : 'ClusterPolicyReport'}
metadata: {name: ${name}${namespace ? `, namespace: ${namespace}` : ''}}
${body}`);
  const kyverno112 = report('3c1d6a7e-5f0b-4a5e-b2a9-0e1f2d3c4b5a', 'flux-system', `
scope: {apiVersion: v1, kind: Pod, name: fluxconfig-agent-7f8c6d5b9d-b6r1c, namespace: flux-system}
results:
- {policy: disallow-privilege-escalation, rule: privilege-escalation, result: fail, message: 'validation error: Privilege escalation is disallowed.'}
- {policy: disallow-privilege-escalation, rule: privilege-escalation, result: pass, message: ok}
- {policy: audit-only, rule: r, result: fail, message: audited}
- {policy: unknown-policy, rule: r, result: fail, message: gone}
- {policy: flux-system/require-owner, rule: check-owner, result: FAIL}
`);
  const kyverno110 = report('polr-ns-flux-system', 'flux-system', `
results:
- policy: require-owner
  rule: check-owner
  result: fail
  message: 'validation error: label owner is required'
  resources:
  - {apiVersion: v1, kind: ConfigMap, name: fluxconfig-agent-config, namespace: flux-system}
  - {apiVersion: v1, kind: Secret, name: other, namespace: apps}
  - {apiVersion: v1, kind: ConfigMap, name: unnamespaced}
- {policy: require-owner, rule: check-owner, result: fail, message: no subject}
`);
  const cluster = report('clusterpolicyreport', undefined, `
results:
- policy: disallow-privilege-escalation
  result: fail
  rule: namespace-rule
  resources:
  - {apiVersion: v1, kind: Namespace, name: flux-system}
  - {apiVersion: v1, kind: Namespace, name: apps}
- {policy: flux-system/require-owner, result: fail, resources: [{kind: Pod, name: p, namespace: flux-system}]}
`);
  const other = report('other', 'apps', `
scope: {apiVersion: v1, kind: Pod, name: web, namespace: apps}
results: [{policy: disallow-privilege-escalation, result: fail, message: elsewhere}]
`);
  const run = (objs: KubeObject[]) => kyvernoFailures(snapshotOf(objs), 'flux-system').map((f) => ({ policy: `${f.policy.kind} ${f.policy.metadata.name}`, report: f.report.metadata.name, resource: f.resource, message: f.message }));

  it('Kyverno 1.12 per-resource reports and pre-1.11 namespace reports, ClusterPolicy and namespaced Policy names', () => {
    expect(run([...policies, ...kyverno112, ...kyverno110, ...cluster, ...other])).toEqual([
      { policy: 'ClusterPolicy disallow-privilege-escalation', report: '3c1d6a7e-5f0b-4a5e-b2a9-0e1f2d3c4b5a', resource: 'Pod flux-system/fluxconfig-agent-7f8c6d5b9d-b6r1c', message: 'validation error: Privilege escalation is disallowed.' },
      { policy: 'Policy require-owner', report: '3c1d6a7e-5f0b-4a5e-b2a9-0e1f2d3c4b5a', resource: 'Pod flux-system/fluxconfig-agent-7f8c6d5b9d-b6r1c', message: 'check-owner' },
      { policy: 'Policy require-owner', report: 'polr-ns-flux-system', resource: 'ConfigMap flux-system/fluxconfig-agent-config', message: 'validation error: label owner is required' },
      { policy: 'Policy require-owner', report: 'polr-ns-flux-system', resource: 'ConfigMap flux-system/unnamespaced', message: 'validation error: label owner is required' },
      { policy: 'ClusterPolicy disallow-privilege-escalation', report: 'clusterpolicyreport', resource: 'Namespace flux-system/flux-system', message: 'namespace-rule' },
      { policy: 'Policy require-owner', report: 'clusterpolicyreport', resource: 'Pod flux-system/p', message: '' },
    ]);
  });

  it('a ClusterPolicy is not matched by a namespace/name, a Policy not by another namespace', () => {
    const objs = [...policies, ...report('r', 'flux-system', `
scope: {kind: Pod, name: a, namespace: flux-system}
results:
- {policy: flux-system/disallow-privilege-escalation, result: fail}
- {policy: apps/require-owner, result: fail}
`)];
    expect(run(objs)).toEqual([]);
  });

  it('nothing without an enforcing policy, or with reports that hold no results list', () => {
    expect(run([policies[2], ...kyverno112])).toEqual([]);
    expect(run([...policies, ...report('r', 'flux-system', 'results: none')])).toEqual([]);
  });
});
