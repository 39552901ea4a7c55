// OSM014 exactly: grouping by owner, restart fixes per workload kind, bare and non-restartable pods, and who is
// expected to carry Envoy (membership.ts: the injector's namespaceSelector and the injection annotations).
import { describe, expect, it } from 'vitest';
import OSM014 from '../../../src/checks/osm/OSM014-pods-without-sidecar.js';
import type { CheckOutcome } from '../../../src/checks/define.js';
import { expectsSidecar, hasEnvoySidecar, injectionSetting, isFinished, isMonitored } from '../../../src/checks/osm/membership.js';
import { R } from '../../../src/snapshot/resources.js';
import { NOW, snapshotOf, type KubeObject } from '../../helpers/check-harness.js';
import { meshBase, namespace, podOfApp, withoutSidecar } from './mesh-fixtures.js';

const REMEDIATION = 'OSM injects Envoy only when a pod is created: pods that predate the namespace joining the mesh (or created while the injector was down) must be re-created. Restarting the owning workload does that.';
const evidenceOf = (ns: string, pod: string) => ({ ref: `v1/Pod ${ns}/${pod}`, path: 'spec.containers[*].name', observed: 'no envoy container', expected: `an envoy sidecar (namespace ${ns} is joined to mesh osm)` });
const restart = (kind: string, ns: string, name: string) => ({
  title: `Restart ${kind} ${ns}/${name} so its pods are re-created with the Envoy sidecar`,
  target: { apiVersion: 'apps/v1', kind, namespace: ns, name },
  patchType: 'strategic',
  patch: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-26T12:00:00Z' } } } } },
  notUndoable: 'a restart cannot be undone (the old pods are gone); --undo leaves it as it is',
  waitFor: `the rollout of ${kind} ${ns}/${name} (kubectl rollout status ${kind.toLowerCase()} ${name} -n ${ns}, or fix --wait)`,
});
function run(edit: (o: KubeObject[]) => KubeObject[] | void, parts = {}): CheckOutcome {
  const o = meshBase();
  return OSM014.run(snapshotOf(edit(o) ?? o, parts), { now: NOW, catalog: [] });
}
const BOOKSTORE = 'bookstore-5cf6d9f9d7-p4kzn';
const BOOKBUYER = 'bookbuyer-7676c7fcfb-x8q2m';
const secondPod = (o: KubeObject[], app: string, name: string) => {
  const p = structuredClone(podOfApp(o, app));
  p.metadata.name = name;
  o.push(p);
  return p;
};

describe('OSM014 exact outcomes', () => {
  it('passes counting meshed pods and joined namespaces', () => {
    expect(run(() => undefined)).toEqual({ status: 'pass', message: '2 pod(s) in 2 joined namespace(s) run the envoy sidecar', evidence: undefined, notes: undefined });
  });

  it('groups two pods of one Deployment into one finding with one restart', () => {
    const r = run((o) => {
      withoutSidecar(podOfApp(o, 'bookstore'));
      secondPod(o, 'bookstore', 'bookstore-5cf6d9f9d7-zz9qq');
    });
    const message = `Deployment bookstore/bookstore: 2 pod(s) without the Envoy sidecar (${BOOKSTORE}, bookstore-5cf6d9f9d7-zz9qq)`;
    const evidence = [evidenceOf('bookstore', BOOKSTORE), evidenceOf('bookstore', 'bookstore-5cf6d9f9d7-zz9qq')];
    const commands = ['kubectl rollout restart deployment bookstore -n bookstore'];
    const fixes = [restart('Deployment', 'bookstore', 'bookstore')];
    expect(r).toEqual({
      status: 'warn', message, evidence, remediation: { text: REMEDIATION, commands },
      findings: [{ status: 'warn', message, evidence, object: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'bookstore', name: 'bookstore' }, commands, fixes }],
      fixes, notes: undefined,
    });
  });

  it('reports each workload once, counting problems, and does not count a pod without envoy as meshed', () => {
    const r = run((o) => {
      withoutSidecar(podOfApp(o, 'bookstore'));
      withoutSidecar(podOfApp(o, 'bookbuyer'));
    });
    expect(r.message).toBe(`2 problems: Deployment bookbuyer/bookbuyer: 1 pod(s) without the Envoy sidecar (${BOOKBUYER}); and 1 more`);
    expect(r.fixes?.map((f) => f.title)).toEqual(['Restart Deployment bookbuyer/bookbuyer so its pods are re-created with the Envoy sidecar', 'Restart Deployment bookstore/bookstore so its pods are re-created with the Envoy sidecar']);
  });

  it('restarts a StatefulSet with its own kind', () => {
    const r = run((o) => void (withoutSidecar(podOfApp(o, 'bookstore')).metadata.ownerReferences = [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'bookstore-db', controller: true, uid: 'u' }]));
    expect(r.findings?.[0]).toMatchObject({ message: `StatefulSet bookstore/bookstore-db: 1 pod(s) without the Envoy sidecar (${BOOKSTORE})`, object: { apiVersion: 'apps/v1', kind: 'StatefulSet', namespace: 'bookstore', name: 'bookstore-db' } });
    expect(r.remediation?.commands).toEqual(['kubectl rollout restart statefulset bookstore-db -n bookstore']);
    expect(r.fixes).toEqual([restart('StatefulSet', 'bookstore', 'bookstore-db')]);
  });

  it('asks to delete the pods of a workload no rollout restarts (a Job), with no fix', () => {
    const r = run((o) => {
      const owner = [{ apiVersion: 'batch/v1', kind: 'Job', name: 'migrate', controller: true, uid: 'u' }];
      withoutSidecar(podOfApp(o, 'bookstore')).metadata.ownerReferences = owner;
      secondPod(o, 'bookstore', 'migrate-2').metadata.ownerReferences = owner;
    });
    const message = `Job bookstore/migrate: 2 pod(s) without the Envoy sidecar (${BOOKSTORE}, migrate-2)`;
    expect(r.findings).toEqual([{
      status: 'warn', message, evidence: [evidenceOf('bookstore', BOOKSTORE), evidenceOf('bookstore', 'migrate-2')],
      object: { kind: 'Job', namespace: 'bookstore', name: 'migrate' },
      commands: [`kubectl delete pod ${BOOKSTORE} -n bookstore`, 'kubectl delete pod migrate-2 -n bookstore'],
    }]);
    expect(r.fixes).toEqual([]);
  });

  it('asks to delete and re-create a bare pod, one finding per pod', () => {
    const r = run((o) => {
      delete withoutSidecar(podOfApp(o, 'bookbuyer')).metadata.ownerReferences;
      secondPod(o, 'bookbuyer', 'bookbuyer-bare');
    });
    expect(r.findings).toEqual([
      {
        status: 'warn', message: `Pod bookbuyer/${BOOKBUYER}: 1 pod(s) without the Envoy sidecar (${BOOKBUYER})`, evidence: [evidenceOf('bookbuyer', BOOKBUYER)],
        object: { apiVersion: 'v1', kind: 'Pod', namespace: 'bookbuyer', name: BOOKBUYER },
        commands: [`kubectl delete pod ${BOOKBUYER} -n bookbuyer   # a bare pod: re-create it from its manifest afterwards`],
      },
      {
        status: 'warn', message: 'Pod bookbuyer/bookbuyer-bare: 1 pod(s) without the Envoy sidecar (bookbuyer-bare)', evidence: [evidenceOf('bookbuyer', 'bookbuyer-bare')],
        object: { apiVersion: 'v1', kind: 'Pod', namespace: 'bookbuyer', name: 'bookbuyer-bare' },
        commands: ['kubectl delete pod bookbuyer-bare -n bookbuyer   # a bare pod: re-create it from its manifest afterwards'],
      },
    ]);
  });

  it('says no namespace joined the mesh when none did', () => {
    const r = run((o) => {
      for (const n of ['bookstore', 'bookbuyer']) delete namespace(o, n).metadata.labels!['openservicemesh.io/monitored-by'];
    });
    expect(r).toEqual({ status: 'pass', message: 'No namespace has joined mesh osm', evidence: undefined, notes: undefined });
  });

  it('counts only pods expected to carry Envoy; skips finished ones', () => {
    const r = run((o) => {
      withoutSidecar(secondPod(o, 'bookstore', 'done')).status.phase = 'Succeeded';
      withoutSidecar(secondPod(o, 'bookstore', 'failed')).status.phase = 'Failed';
      withoutSidecar(secondPod(o, 'bookstore', 'going')).metadata.deletionTimestamp = '2026-11-26T11:59:00Z';
      withoutSidecar(secondPod(o, 'bookstore', 'opted-out')).metadata.annotations = { 'openservicemesh.io/sidecar-injection': 'disabled' };
      secondPod(o, 'bookstore', 'meshed-too');
    });
    expect(r.message).toBe('3 pod(s) in 2 joined namespace(s) run the envoy sidecar');
  });

  it('ends in error without Namespaces or without Pods in the snapshot', () => {
    expect(run((o) => o.filter((x) => x.kind !== 'Namespace'))).toEqual({ status: 'error', message: 'the snapshot was collected without Namespace objects, so whether they exist cannot be told; add the output of `kubectl get namespaces -o yaml`' });
    expect(run((o) => o.filter((x) => x.kind !== 'Pod'))).toEqual({ status: 'error', message: 'the snapshot was collected without Pod objects, so whether they exist cannot be told; add the output of `kubectl get pods -A -o yaml`' });
    expect(run((o) => o.filter((x) => x.kind !== 'Pod'), { completeTypes: [R.Pod] }).status).toBe('pass');
  });
});

describe('membership.ts: who the injector gives Envoy', () => {
  const install = { present: true, namespace: 'arc-osm-system', meshName: 'osm' };
  const ns = (labels: Record<string, string>, annotations?: Record<string, string>, name = 'app') => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels, annotations } });
  const joined = { 'openservicemesh.io/monitored-by': 'osm' };
  const pod = (annotations?: Record<string, string>, spec: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'app', annotations }, spec: { containers: [{ name: 'app' }], ...spec } });

  it.each([
    ['enabled', 'enabled'], ['Yes', 'enabled'], [' TRUE ', 'enabled'],
    ['disabled', 'disabled'], ['NO', 'disabled'], ['false', 'disabled'],
    ['maybe', undefined], ['', undefined],
  ])('reads sidecar-injection %j as %s', (value, expected) => {
    expect(injectionSetting({ 'openservicemesh.io/sidecar-injection': value })).toBe(expected);
  });
  it('reads no setting without annotations', () => {
    expect([injectionSetting(undefined), injectionSetting({})]).toEqual([undefined, undefined]);
  });

  it.each([
    ['monitored by this mesh', ns(joined), true],
    ['monitored by another mesh', ns({ 'openservicemesh.io/monitored-by': 'other' }), false],
    ['not labelled', ns({}), false],
    ['ignored', ns({ ...joined, 'openservicemesh.io/ignore': 'false' }), false],
    ['the OSM namespace itself', ns(joined, undefined, 'arc-osm-system'), false],
    ['labelled name=<OSM namespace>', ns({ ...joined, name: 'arc-osm-system' }), false],
    ['labelled name=<another namespace>', ns({ ...joined, name: 'app' }), true],
    ['a control-plane namespace', ns({ ...joined, 'control-plane': 'false' }), false],
  ])('a namespace %s is monitored: %s', (_n, n, expected) => {
    expect(isMonitored(n, install)).toBe(expected);
  });

  it('expects a sidecar by the pod\'s own setting first, then its namespace\'s, never with hostNetwork or outside the mesh', () => {
    const on = ns(joined, { 'openservicemesh.io/sidecar-injection': 'enabled' });
    const off = ns(joined, { 'openservicemesh.io/sidecar-injection': 'disabled' });
    const unsaid = ns(joined);
    const yes = { 'openservicemesh.io/sidecar-injection': 'enabled' };
    const no = { 'openservicemesh.io/sidecar-injection': 'disabled' };
    expect([
      expectsSidecar(pod(), on, install), expectsSidecar(pod(no), on, install), expectsSidecar(pod(yes), off, install),
      expectsSidecar(pod(), off, install), expectsSidecar(pod(), unsaid, install), expectsSidecar(pod(yes), unsaid, install),
      expectsSidecar(pod(yes, { hostNetwork: true }), on, install), expectsSidecar(pod(yes, { hostNetwork: false }), on, install),
      expectsSidecar(pod(yes), ns({}, { 'openservicemesh.io/sidecar-injection': 'enabled' }), install),
    ]).toEqual([true, false, true, false, false, true, false, true, false]);
  });

  it('finds the envoy container and finished pods', () => {
    expect([hasEnvoySidecar(pod()), hasEnvoySidecar(pod(undefined, { containers: [{ name: 'app' }, { name: 'envoy' }] })), hasEnvoySidecar(pod(undefined, { containers: 'envoy' }))]).toEqual([false, true, false]);
    const phase = (p: string) => ({ ...pod(), status: { phase: p } });
    expect([isFinished(phase('Succeeded')), isFinished(phase('Failed')), isFinished(phase('Running')), isFinished(phase('Pending')), isFinished(pod())]).toEqual([true, true, false, false, false]);
    expect(isFinished({ ...pod(), metadata: { name: 'p', deletionTimestamp: '2026-11-26T11:00:00Z' } })).toBe(true);
  });
});
