// Edges of denialEvents and kyvernoFailures: pods without spec, a pod name reused in another namespace, reports of
// another namespace, report results that are objects or null, resources without kind or name.
import { describe, expect, it } from 'vitest';
import { denialEvents, kyvernoEnforces, kyvernoFailures } from '../../../src/checks/flux/admission-denials.js';
import { snapshotOf, type KubeObject } from '../../helpers/check-harness.js';

const LINE = `E1126 failed to create configmap: configmaps "fluxconfig-agent-state" is forbidden: ValidatingAdmissionPolicy 'restrict' with binding 'restrict-binding' denied request: no`;
const agentPod = (namespace: string, spec = true): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'fluxconfig-agent-7f8c6d5b9d-b6r1c', namespace, labels: { app: 'fluxconfig-agent' } }, ...(spec ? { spec: { containers: [{ name: 'fluxconfig-agent' }] } } : {}) });

describe('denialEvents edges', () => {
  it('an agent pod without spec has nothing to read', () => {
    expect(denialEvents(snapshotOf([agentPod('flux-system', false)]), 'flux-system')).toEqual([]);
  });
  it('the same pod name in another namespace is not read as the Flux namespace’s', () => {
    const logs = [{ namespace: 'flux-system', pod: 'fluxconfig-agent-7f8c6d5b9d-b6r1c', container: 'fluxconfig-agent', previous: false, text: LINE }];
    const found = denialEvents(snapshotOf([agentPod('flux-system'), agentPod('flux-system-staging')], { logs }), 'flux-system');
    expect(found.map((d) => `${d.event.metadata.namespace}/${d.event.metadata.name} ${d.involved}`)).toEqual(['flux-system/fluxconfig-agent-7f8c6d5b9d-b6r1c configmaps flux-system/fluxconfig-agent-state (written by fluxconfig-agent)']);
  });
});

const policy: KubeObject = { apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', metadata: { name: 'require-owner' }, spec: { validationFailureAction: 'Enforce' } };
const report = (namespace: string, results: unknown): KubeObject => ({ apiVersion: 'wgpolicyk8s.io/v1alpha2', kind: 'PolicyReport', metadata: { name: `polr-ns-${namespace}`, namespace }, results } as KubeObject);
const run = (objs: KubeObject[]) => kyvernoFailures(snapshotOf(objs), 'flux-system').map((f) => f.resource);

describe('kyvernoFailures edges', () => {
  it('a policy without spec does not enforce', () => {
    expect(kyvernoEnforces({ apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', metadata: { name: 'p' } })).toBe(false);
  });
  it('results that are an object or hold null entries are skipped', () => {
    expect(run([policy, report('flux-system', { fail: 1 })])).toEqual([]);
    expect(run([policy, report('flux-system', [null, { policy: 'require-owner', result: 'fail', resources: [{ apiVersion: 'v1', namespace: 'flux-system' }] }])])).toEqual(['object flux-system/?']);
  });
  it('a report of another namespace does not count, even naming a flux-system resource; a Pod named flux-system elsewhere neither', () => {
    expect(run([policy, report('apps', [{ policy: 'require-owner', result: 'fail', resources: [{ kind: 'Pod', name: 'web', namespace: 'flux-system' }] }])])).toEqual([]);
    const cluster = { ...report('x', [{ policy: 'require-owner', result: 'fail', resources: [{ kind: 'Pod', name: 'flux-system', namespace: 'apps' }] }]), kind: 'ClusterPolicyReport', metadata: { name: 'cpol' } } as KubeObject;
    expect(run([policy, cluster])).toEqual([]);
  });
});
