import { describe, expect, it } from 'vitest';
import K8S001 from '../../../src/checks/k8s/K8S001-api-access.js';
import type { CheckDefinition } from '../../../src/checks/define.js';
import type { ReadFailure, SnapshotParts } from '../../../src/snapshot/snapshot.js';
import { NOW, runOne, snapshotOf } from '../../helpers/check-harness.js';
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

// The check called directly with a small catalog, so the "needed by" lists do not move when other checks change.
describe('K8S001 exact outcomes', () => {
  const reader = (id: string, group: string, kind: string) => ({ id, reads: [{ type: { group, kind } }] }) as unknown as CheckDefinition;
  const catalog = [reader('TST001', '', 'Pod'), reader('TST002', 'apps', 'Deployment'), reader('TST003', 'metrics.k8s.io', 'Pod'), reader('TST004', '', 'Pod')];
  const run = (parts: Partial<SnapshotParts>) => K8S001.run(snapshotOf([ns], parts), { now: NOW, catalog });

  it('passes naming the server version and that every read succeeded', () => {
    expect(run({ info: { serverVersion: 'v1.29.4' } })).toEqual({ status: 'pass', message: 'server v1.29.4; every read the catalog needs succeeded' });
  });

  it('passes on a collected snapshot without a server version, naming when it was collected', () => {
    expect(run({ info: { collectedAt: '2026-11-26T10:00:00Z' } })).toEqual({ status: 'pass', message: 'server version unknown; snapshot collected 2026-11-26T10:00:00Z' });
  });

  it('fails when the API could not be reached, with the evidence and the two commands', () => {
    const message = 'connect ECONNREFUSED 127.0.0.1:6443';
    const r = run({ info: { serverVersion: 'v1.29.4' }, readFailures: [{ type: { group: '', kind: '*' }, reason: 'unavailable', message }] });
    expect(r).toEqual({
      status: 'fail',
      message: `The Kubernetes API could not be reached: ${message}`,
      evidence: [{ ref: 'Kubernetes API', observed: message, expected: 'a reachable API server' }],
      remediation: { text: 'Check the kubeconfig context, the network path to the API server and your credentials.', commands: ['kubectl cluster-info', 'kubectl auth can-i --list'] },
    });
  });

  it('only an unavailable read of every kind (*) is "unreachable": a refused * or an unavailable Pod list warns', () => {
    expect(run({ readFailures: [{ type: { group: '', kind: '*' }, reason: 'forbidden', message: 'no' }] }).status).toBe('warn');
    expect(run({ readFailures: [{ type: { group: '', kind: 'Pod' }, reason: 'unavailable', message: 'timeout' }] }).status).toBe('warn');
  });

  it('warns with one evidence line and one can-i command per failed read, naming exactly the results that rest on each', () => {
    const pods: ReadFailure = { type: { group: '', kind: 'Pod', plural: 'pods' }, namespace: 'arc-osm-system', reason: 'forbidden', message: 'pods is forbidden' };
    const deployments: ReadFailure = { type: { group: 'apps', kind: 'Deployment' }, reason: 'unavailable', message: 'timeout' };
    const widgets: ReadFailure = { type: { group: 'example.io', kind: 'Widget', plural: 'widgets' }, reason: 'forbidden', message: 'widgets is forbidden' };
    const results = [
      { id: 'TST001', status: 'error' as const, unread: [pods] },
      { id: 'TST002', status: 'fail' as const, unread: [deployments] },
      { id: 'TST003', status: 'pass' as const, unread: [] },
      { id: 'TST004', status: 'error' as const, unread: [pods, deployments] },
    ];
    const r = K8S001.run(snapshotOf([ns], { readFailures: [pods, deployments, widgets] }), { now: NOW, catalog, results });
    expect(r).toEqual({
      status: 'warn',
      message: '3 read(s) refused or failed; TST001, TST004 end in error; TST002 decided without them',
      evidence: [
        { ref: 'Pod in arc-osm-system', path: 'list', observed: 'list pods in namespace arc-osm-system was forbidden (pods is forbidden)', expected: 'readable (TST001, TST004 end in error without it)' },
        { ref: 'apps/Deployment', path: 'list', observed: 'list deployment.apps cluster-wide failed (timeout)', expected: 'readable (TST004 end in error without it; TST002 decided without it)' },
        { ref: 'example.io/Widget', path: 'list', observed: 'list widgets.example.io cluster-wide was forbidden (widgets is forbidden)', expected: 'readable' },
      ],
      remediation: {
        text: 'Grant the identity arcdoctor runs as read access (get/list, and get on pods/log) to these resources, for example with the built-in "view" ClusterRole plus the extension CRDs, check the API server\'s health, then run again.',
        commands: ['kubectl auth can-i list pods -n arc-osm-system', 'kubectl auth can-i list deployment.apps --all-namespaces', 'kubectl auth can-i list widgets.example.io --all-namespaces'],
      },
    });
  });

  it('never claims an error when no result rests on the failed reads', () => {
    const r = run({ readFailures: [{ type: { group: 'example.io', kind: 'Widget', plural: 'widgets' }, reason: 'forbidden', message: 'widgets is forbidden' }] });
    expect(r.message).toBe('1 read(s) refused or failed; no check ends in error because of them');
  });
});
