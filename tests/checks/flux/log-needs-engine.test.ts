// Both sides of the Flux log needs through the engine: a refused agent log does not matter where its `when` is
// false (a healthy cluster), and ends FLUX004 / FLUX003 in error where it holds, because the needs are decisive.
import { describe, expect, it } from 'vitest';
import FLUX003 from '../../../src/checks/flux/FLUX003-admission-policies.js';
import FLUX004 from '../../../src/checks/flux/FLUX004-pod-identity.js';
import { POD_LOG_TYPE, type ReadFailure } from '../../../src/snapshot/snapshot.js';
import { runOne, snapshotOf, type KubeObject } from '../../helpers/check-harness.js';
import { find, healthy } from './fixtures.js';

const NMI: KubeObject = {
  apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'nmi', namespace: 'kube-system', labels: { component: 'nmi' } },
  spec: { template: { spec: { containers: [{ name: 'nmi', image: 'mcr.microsoft.com/oss/azure/aad-pod-identity/nmi:v1.8.17' }] } } },
};
const refused = (objs: KubeObject[]): ReadFailure => {
  const pod = find(objs, 'Pod', 'fluxconfig-agent').metadata.name;
  return { type: { ...POD_LOG_TYPE }, namespace: 'flux-system', name: `${pod}/fluxconfig-agent`, reason: 'forbidden', message: `pods "${pod}" is forbidden: User "arcdoctor" cannot get resource "pods/log"` };
};
const run = (check: typeof FLUX004, objs: KubeObject[]) => runOne(check, snapshotOf(objs, { readFailures: [refused(objs)] }));

describe('FLUX004 log need', () => {
  it('without Pod Identity the agent log is not needed: a refused one changes nothing', () => {
    expect(run(FLUX004, healthy())).toMatchObject({ status: 'pass', message: 'AAD Pod Identity is not installed (no NMI DaemonSet, MIC or aadpodidentity.k8s.io CRDs)' });
  });

  it('with Pod Identity it is decisive: the pass it would give becomes error', () => {
    const objs = [...healthy(), NMI];
    find(objs, 'ExtensionConfig', 'flux').status.version = '1.19.5';
    const r = run(FLUX004, objs);
    expect(r.status).toBe('error');
    expect(r.message).toContain('this check decides from container logs that could not be read: get the log of flux-system/');
  });

  it('a failed extension without Pod Identity needs it too (decisive): its pass becomes error', () => {
    const objs = healthy();
    find(objs, 'ExtensionConfig', 'flux').status.provisioningState = 'Failed';
    expect(run(FLUX004, objs).status).toBe('error');
  });
});

describe('FLUX003 log need', () => {
  it('healthy: not needed; an enforcing Kyverno policy: decisive', () => {
    expect(run(FLUX003, healthy()).status).toBe('pass');
    const policy: KubeObject = { apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', metadata: { name: 'require-labels' }, spec: { validationFailureAction: 'Enforce', rules: [] } };
    expect(run(FLUX003, [...healthy(), policy]).status).toBe('error');
  });
});
