import { describe, expect, it } from 'vitest';
import type { ClusterFixAction, FixAction } from '../../../src/checks/define.js';
const clusterFixes = (r: { fixes?: FixAction[] }) => r.fixes as ClusterFixAction[] | undefined;
import OSM013 from '../../../src/checks/osm/OSM013-namespace-membership.js';
import { runOne } from '../../helpers/check-harness.js';
import { edited, namespace } from './mesh-fixtures.js';

const LABEL = 'openservicemesh.io/monitored-by';
const ANNOTATION = 'openservicemesh.io/sidecar-injection';

describe('OSM013 namespaces joined to the mesh', () => {
  it.each(['healthy-v1.2', 'guide-healthy'])('passes on %s, naming the joined namespaces', (name) => {
    const r = runOne(OSM013, edited(() => undefined, name));
    expect(r.status).toBe('pass');
    expect(r.message).toContain('bookbuyer');
  });

  it('warns when a namespace is labelled but not annotated, with osm namespace add and a merge-patch fix', () => {
    const r = runOne(OSM013, edited((o) => void delete namespace(o, 'bookstore').metadata.annotations![ANNOTATION]));
    expect(r.status).toBe('warn');
    expect(r.message).toContain('Namespace bookstore is labelled openservicemesh.io/monitored-by=osm but not annotated');
    expect(r.remediation?.commands).toEqual(['osm namespace add bookstore --mesh-name osm', `kubectl annotate namespace bookstore ${ANNOTATION}=enabled --overwrite`]);
    expect(r.fixes).toEqual([{ title: expect.any(String), target: { apiVersion: 'v1', kind: 'Namespace', name: 'bookstore' }, patchType: 'merge', patch: { metadata: { annotations: { [ANNOTATION]: 'enabled' } } } }]);
  });

  it('warns when a namespace is annotated but not labelled', () => {
    const r = runOne(OSM013, edited((o) => void delete namespace(o, 'bookbuyer').metadata.labels![LABEL]));
    expect(r.status).toBe('warn');
    expect(r.remediation?.commands).toContain(`kubectl label namespace bookbuyer ${LABEL}=osm`);
    expect(r.findings?.[0].object).toMatchObject({ kind: 'Namespace', name: 'bookbuyer' });
  });

  it('fails when arc-osm-system itself is labelled to join the mesh', () => {
    const r = runOne(OSM013, edited((o) => void (namespace(o, 'arc-osm-system').metadata.labels![LABEL] = 'osm')));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('The OSM namespace arc-osm-system is labelled');
    expect(r.remediation?.commands).toContain(`kubectl label namespace arc-osm-system ${LABEL}-`);
    expect(clusterFixes(r)?.[0].patch).toEqual({ metadata: { labels: { [LABEL]: null } } });
  });

  it('passes with a note when injection is disabled on purpose (osm namespace add --disable-sidecar-injection)', () => {
    const r = runOne(OSM013, edited((o) => void (namespace(o, 'bookstore').metadata.annotations![ANNOTATION] = 'disabled')));
    expect(r.status).toBe('pass');
    expect(r.notes?.[0]).toContain('bookstore');
  });

  it('does not count the ignored Arc namespaces (kube-system, azure-arc) as half-joined', () => {
    const r = runOne(OSM013, edited((o) => void (namespace(o, 'kube-system').metadata.annotations = { [ANNOTATION]: 'enabled' })));
    expect(r.status).toBe('pass');
  });
});

describe('OSM013 without Namespaces in the snapshot', () => {
  it('ends in error: with no Namespace objects, membership cannot be told', () => {
    const r = runOne(OSM013, edited((o) => o.filter((x) => x.kind !== 'Namespace')));
    expect(r.status).toBe('error');
  });
});

describe('OSM013 exact outcomes', () => {
  const REMEDIATION_TEXT = `A namespace joins mesh osm with both the label ${LABEL}=osm and the annotation ${ANNOTATION}=enabled (osm namespace add does both); arc-osm-system itself never joins.`;
  const ref = (name: string) => `v1/Namespace ${name}`;
  const nsObject = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', name });
  const lacksAnnotation = (name: string, observed = 'absent') => ({
    status: 'warn',
    object: nsObject(name),
    message: `Namespace ${name} is labelled ${LABEL}=osm but not annotated ${ANNOTATION}=enabled: its pods get no Envoy sidecar`,
    evidence: [{ ref: ref(name), path: `metadata.annotations["${ANNOTATION}"]`, observed, expected: 'enabled' }],
    commands: [`osm namespace add ${name} --mesh-name osm`, `kubectl annotate namespace ${name} ${ANNOTATION}=enabled --overwrite`],
    fixes: [{ title: `Annotate namespace ${name} ${ANNOTATION}=enabled`, target: nsObject(name), patchType: 'merge', patch: { metadata: { annotations: { [ANNOTATION]: 'enabled' } } } }],
  });
  const lacksLabel = (name: string) => ({
    status: 'warn',
    object: nsObject(name),
    message: `Namespace ${name} is annotated ${ANNOTATION}=enabled but not labelled ${LABEL}=osm: the injector is never called for it`,
    evidence: [{ ref: ref(name), path: `metadata.labels["${LABEL}"]`, observed: 'absent', expected: 'osm' }],
    commands: [`osm namespace add ${name} --mesh-name osm`, `kubectl label namespace ${name} ${LABEL}=osm`],
    fixes: [{ title: `Label namespace ${name} ${LABEL}=osm`, target: nsObject(name), patchType: 'merge', patch: { metadata: { labels: { [LABEL]: 'osm' } } } }],
  });
  const restart = {
    title: 'Restart Deployment arc-osm-system/osm-controller so its pods are re-created without the Envoy sidecar',
    target: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'arc-osm-system', name: 'osm-controller' },
    patchType: 'strategic',
    patch: { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-26T12:00:00Z' } } } } },
    notUndoable: 'a restart cannot be undone (the old pods are gone); --undo leaves it as it is',
    waitFor: 'the rollout of Deployment arc-osm-system/osm-controller (kubectl rollout status deployment osm-controller -n arc-osm-system, or fix --wait)',
  };
  const outcome = (r: ReturnType<typeof runOne>) => ({ status: r.status, message: r.message, text: r.remediation?.text, findings: r.findings, notes: r.notes });

  it('passes naming the joined namespaces, in order, with no notes', () => {
    expect(outcome(runOne(OSM013, edited(() => undefined)))).toEqual({ status: 'pass', message: '2 namespace(s) joined to mesh osm: bookbuyer, bookstore', text: undefined, findings: undefined, notes: [] });
  });

  it('passes saying no namespace joined when neither carries the label nor the annotation', () => {
    const r = runOne(OSM013, edited((o) => {
      for (const n of ['bookbuyer', 'bookstore']) {
        delete namespace(o, n).metadata.labels![LABEL];
        delete namespace(o, n).metadata.annotations![ANNOTATION];
      }
    }));
    expect(outcome(r)).toEqual({ status: 'pass', message: 'No namespace has joined mesh osm; arc-osm-system carries neither the label nor the annotation', text: undefined, findings: undefined, notes: [] });
  });

  it('one warning per half-joined namespace: a missing annotation, an unreadable one, a missing label', () => {
    const r = runOne(OSM013, edited((o) => {
      delete namespace(o, 'bookstore').metadata.annotations![ANNOTATION];
      namespace(o, 'default').metadata.labels![LABEL] = 'osm';
      namespace(o, 'default').metadata.annotations = { [ANNOTATION]: 'maybe' };
      delete namespace(o, 'bookbuyer').metadata.labels![LABEL];
    }));
    expect(outcome(r)).toEqual({ status: 'warn', message: `3 problems: Namespace default is labelled ${LABEL}=osm but not annotated ${ANNOTATION}=enabled: its pods get no Envoy sidecar; and 2 more`, text: REMEDIATION_TEXT, findings: [lacksAnnotation('default', 'maybe'), lacksLabel('bookbuyer'), lacksAnnotation('bookstore')].sort((a, b) => order(a.object.name) - order(b.object.name)), notes: [] });
    expect(r.fixes).toEqual(r.findings!.flatMap((f) => f.fixes));
  });

  it.each(['yes', 'TRUE', ' Enabled '])('counts the annotation value %j as enabled (OSM accepts it)', (value) => {
    const r = runOne(OSM013, edited((o) => void (namespace(o, 'bookstore').metadata.annotations![ANNOTATION] = value)));
    expect(outcome(r)).toMatchObject({ status: 'pass', message: '2 namespace(s) joined to mesh osm: bookbuyer, bookstore', notes: [] });
  });

  it.each([
    ['labelled', (n: NsMeta) => void (n.metadata.labels![LABEL] = 'osm'), [`kubectl label namespace arc-osm-system ${LABEL}-`], [{ path: `metadata.labels["${LABEL}"]`, observed: 'osm' }], { labels: { [LABEL]: null } }],
    ['annotated', (n: NsMeta) => void (n.metadata.annotations = { [ANNOTATION]: 'yes' }), [`kubectl annotate namespace arc-osm-system ${ANNOTATION}-`], [{ path: `metadata.annotations["${ANNOTATION}"]`, observed: 'yes' }], { annotations: { [ANNOTATION]: null } }],
    [
      'labelled and annotated',
      (n: NsMeta) => void ((n.metadata.labels![LABEL] = 'other'), (n.metadata.annotations = { [ANNOTATION]: 'enabled' })),
      [`kubectl label namespace arc-osm-system ${LABEL}-`, `kubectl annotate namespace arc-osm-system ${ANNOTATION}-`],
      [{ path: `metadata.labels["${LABEL}"]`, observed: 'other' }, { path: `metadata.annotations["${ANNOTATION}"]`, observed: 'enabled' }],
      { labels: { [LABEL]: null }, annotations: { [ANNOTATION]: null } },
    ],
  ] satisfies Array<[string, (n: NsMeta) => void, string[], Array<{ path: string; observed: string }>, Record<string, Record<string, null>>]>)('fails when arc-osm-system is %s, removing exactly that and restarting osm-controller', (how, edit, commands, evidence, metadata) => {
    const r = runOne(OSM013, edited((o) => edit(namespace(o, 'arc-osm-system'))));
    expect(outcome(r)).toEqual({
      status: 'fail',
      message: `The OSM namespace arc-osm-system is ${how} to join the mesh; the control plane must stay outside it`,
      text: REMEDIATION_TEXT,
      findings: [
        {
          status: 'fail',
          object: nsObject('arc-osm-system'),
          message: `The OSM namespace arc-osm-system is ${how} to join the mesh; the control plane must stay outside it`,
          evidence: evidence.map((e) => ({ ref: ref('arc-osm-system'), ...e, expected: 'absent' })),
          commands: [...commands, 'kubectl rollout restart deployment osm-controller -n arc-osm-system'],
          fixes: [{ title: 'Remove the mesh label/annotation from namespace arc-osm-system', target: nsObject('arc-osm-system'), patchType: 'merge', patch: { metadata } }, restart],
        },
      ],
      notes: [],
    });
  });

  it('does not report arc-osm-system when injection there is disabled and it has no label', () => {
    const r = runOne(OSM013, edited((o) => void (namespace(o, 'arc-osm-system').metadata.annotations = { [ANNOTATION]: 'disabled' })));
    expect(outcome(r)).toMatchObject({ status: 'pass', findings: undefined, notes: [] });
  });

  it('notes each namespace that is not half-joined but not fully joined either, and still passes', () => {
    const r = runOne(OSM013, edited((o) => {
      namespace(o, 'bookstore').metadata.annotations![ANNOTATION] = 'no';
      namespace(o, 'default').metadata.labels![LABEL] = 'other-mesh';
      namespace(o, 'bookbuyer').metadata.labels!['control-plane'] = 'true';
    }));
    expect(outcome(r)).toEqual({
      status: 'pass',
      message: '1 namespace(s) joined to mesh osm: bookbuyer',
      text: undefined,
      findings: undefined,
      notes: [
        `default is labelled ${LABEL}=other-mesh, not this cluster's mesh osm`,
        `bookbuyer carries the label control-plane, which the injector webhook's namespaceSelector excludes: its pods get no sidecar whatever the annotation says`,
        `bookstore is monitored by osm with sidecar injection disabled on purpose (osm namespace add --disable-sidecar-injection); pods opt in one by one`,
      ].sort((a, b) => order(a.split(' ')[0]) - order(b.split(' ')[0])),
    });
  });

  it('a labelled namespace without the annotation whose pods opt in one by one is a note, not a warning', () => {
    const r = runOne(OSM013, edited((o) => {
      delete namespace(o, 'bookstore').metadata.annotations![ANNOTATION];
      const pod = o.find((x) => x.kind === 'Pod' && x.metadata.namespace === 'bookstore')!;
      pod.metadata.annotations = { ...pod.metadata.annotations, [ANNOTATION]: 'enabled' };
    }));
    expect(outcome(r)).toEqual({
      status: 'pass',
      message: '1 namespace(s) joined to mesh osm: bookbuyer',
      text: undefined,
      findings: undefined,
      notes: [`bookstore is monitored by osm without the namespace annotation; its pods opt in one by one with their own ${ANNOTATION}=enabled annotation`],
    });
  });

  it('a pod in another namespace opting in does not excuse a half-joined namespace', () => {
    const r = runOne(OSM013, edited((o) => {
      delete namespace(o, 'bookstore').metadata.annotations![ANNOTATION];
      const pod = o.find((x) => x.kind === 'Pod' && x.metadata.namespace === 'bookbuyer')!;
      pod.metadata.annotations = { ...pod.metadata.annotations, [ANNOTATION]: 'enabled' };
    }));
    expect(r.findings).toEqual([lacksAnnotation('bookstore')]);
  });

  it('an ignored namespace is never reported, even labelled without the annotation', () => {
    const r = runOne(OSM013, edited((o) => void (namespace(o, 'azure-arc').metadata.labels![LABEL] = 'osm')));
    expect(outcome(r)).toMatchObject({ status: 'pass', findings: undefined, notes: [] });
  });

  it('ends in error naming the Namespace read', () => {
    const r = runOne(OSM013, edited((o) => o.filter((x) => x.kind !== 'Namespace')));
    expect({ status: r.status, message: r.message }).toEqual({ status: 'error', message: expect.stringMatching(/Namespace/) });
  });
  it('the control-plane label and a disabled annotation only matter on a namespace labelled for this mesh', () => {
    const r = runOne(OSM013, edited((o) => {
      namespace(o, 'default').metadata.labels!['control-plane'] = 'true';
      namespace(o, 'default').metadata.annotations = { [ANNOTATION]: 'disabled' };
    }));
    expect(outcome(r)).toEqual({ status: 'pass', message: '2 namespace(s) joined to mesh osm: bookbuyer, bookstore', text: undefined, findings: undefined, notes: [] });
  });

  it('a labelled namespace whose pods say disabled still lacks the annotation', () => {
    const r = runOne(OSM013, edited((o) => {
      delete namespace(o, 'bookstore').metadata.annotations![ANNOTATION];
      const pod = o.find((x) => x.kind === 'Pod' && x.metadata.namespace === 'bookstore')!;
      pod.metadata.annotations = { ...pod.metadata.annotations, [ANNOTATION]: 'disabled' };
    }));
    expect(r.findings).toEqual([lacksAnnotation('bookstore')]);
  });
  it('a pod opting in inside a namespace not labelled for the mesh is no note (the injector is never called there)', () => {
    const r = runOne(OSM013, edited((o) => {
      const pod = structuredClone(o.find((x) => x.kind === 'Pod' && x.metadata.namespace === 'bookstore')!);
      pod.metadata.namespace = 'default';
      pod.metadata.annotations = { ...pod.metadata.annotations, [ANNOTATION]: 'enabled' };
      o.push(pod);
    }));
    expect(outcome(r)).toEqual({ status: 'pass', message: '2 namespace(s) joined to mesh osm: bookbuyer, bookstore', text: undefined, findings: undefined, notes: [] });
  });
});

type NsMeta = { metadata: { labels?: Record<string, string>; annotations?: Record<string, string> } };

// The fixture's namespace order (the check reports in snapshot order).
const ORDER = ['default', 'kube-system', 'azure-arc', 'bookbuyer', 'bookstore'];
const order = (name: string) => ORDER.indexOf(name);
