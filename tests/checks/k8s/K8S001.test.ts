import { describe, expect, it } from 'vitest';
import K8S001 from '../../../src/checks/k8s/K8S001-api-access.js';
import { runOne, snapshotOf } from '../../helpers/check-harness.js';
import { R } from '../../../src/snapshot/resources.js';

const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } };

describe('K8S001 API reachable and permissions sufficient', () => {
  it('passes when every read succeeded, naming the server version', () => {
    const r = runOne(K8S001, snapshotOf([ns], { info: { serverVersion: 'v1.29.4' } }));
    expect(r.status).toBe('pass');
    expect(r.message).toContain('v1.29.4');
  });

  it('warns listing each refused read and the checks it degrades', () => {
    const r = runOne(
      K8S001,
      snapshotOf([ns], { readFailures: [{ type: { group: R.Pod.group, kind: 'Pod', plural: 'pods' }, reason: 'forbidden', message: 'pods is forbidden' }] }),
    );
    expect(r.status).toBe('warn');
    expect(r.evidence[0].observed).toContain('list pods cluster-wide was forbidden');
    expect(r.remediation?.commands).toContain('kubectl auth can-i list pods --all-namespaces');
  });

  it('fails when the API could not be reached at all', () => {
    const r = runOne(K8S001, snapshotOf([], { readFailures: [{ type: { group: '', kind: '*' }, reason: 'unavailable', message: 'connect ECONNREFUSED 127.0.0.1:6443' }] }));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('ECONNREFUSED');
  });
});
