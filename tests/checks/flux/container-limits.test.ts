// Container-limits policies against Flux's containers: the Azure V3 constraint of tests/fixtures/flux/policies
// (cpuLimit 200m / memoryLimit 256Mi), gatekeeper-library's K8sContainerLimits (parameters cpu / memory), and FLUX006's outcome.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import FLUX006 from '../../../src/checks/flux/FLUX006-resources.js';
import { limitsPolicies, limitsPolicyFindings, verdicts, type LimitsPolicy } from '../../../src/checks/flux/container-limits.js';
import { fluxContainers } from '../../../src/checks/flux/requirements.js';
import { fixtureObjects, runOne, snapshotOf, type KubeObject } from '../../helpers/check-harness.js';
import { find, healthy, snap } from './fixtures.js';

const POLICIES = fixtureObjects(join(__dirname, '../../fixtures/flux/policies'));
const NAME = 'azurepolicy-k8sazurev3containerlimits-4e7bbc2617e5447639a7';
const REF = `constraints.gatekeeper.sh/v1beta1/K8sAzureV3ContainerLimits ${NAME}`;
const ASSIGNMENT = `az policy assignment update --name limit-container-resources --scope /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-gitops --params '{"excludedNamespaces":{"value":["kube-system","gatekeeper-system","azure-arc","azure-extensions-usage-system","flux-system"]}}'`;

function withPolicy(edit: (c: KubeObject) => void = () => {}, keepEvent = true): KubeObject[] {
  const objs = [...healthy(), ...structuredClone(POLICIES).filter((o) => keepEvent || o.kind !== 'Event')];
  edit(find(objs, 'K8sAzureV3ContainerLimits', NAME));
  return objs;
}

function library(name: string, parameters: Record<string, unknown>, spec: Record<string, unknown> = {}): KubeObject {
  return { apiVersion: 'constraints.gatekeeper.sh/v1beta1', kind: 'K8sContainerLimits', metadata: { name }, spec: { match: { kinds: [{ apiGroups: [''], kinds: ['Pod'] }] }, parameters, ...spec } };
}

describe('limitsPolicies', () => {
  it('the Azure cpuLimit/memoryLimit and the library cpu/memory, numbers as strings; unusable or absent limits dropped', () => {
    const objs = [
      library('lib', { cpu: '200m', memory: '1Gi', excludedContainers: ['istio-proxy'], excludedImages: ['mcr.microsoft.com/*'] }),
      library('numbers', { cpuLimit: 2, memory: 'lots' }),
      library('helm', { cpuLimit: '{{ .Values.cpuLimit  }}', memoryLimit: '{{ .Values.memoryLimit }}' }),
      library('none', {}),
      { ...library('other-kind', { cpu: '1' }), kind: 'K8sRequiredLabels' },
      { ...library('lower', { memory: '512Mi' }), kind: 'k8sazurecontainerlimits' },
      { ...library('no-params', {}), spec: {} },
      { ...library('null-spec', {}), spec: null },
    ];
    const shape = (p: LimitsPolicy) => ({ name: p.constraint.metadata.name, cpu: p.cpuLimit, memory: p.memoryLimit, containers: p.excludedContainers, images: p.excludedImages });
    expect(limitsPolicies(snapshotOf(objs)).map(shape)).toEqual([
      { name: 'lib', cpu: '200m', memory: '1Gi', containers: ['istio-proxy'], images: ['mcr.microsoft.com/*'] },
      { name: 'numbers', cpu: '2', memory: undefined, containers: [], images: [] },
      { name: 'lower', cpu: undefined, memory: '512Mi', containers: [], images: [] },
    ]);
  });
});

describe('verdicts', () => {
  const containers = fluxContainers(['helm-controller', 'fluxconfig-agent'], (n) => healthy().find((o) => o.kind === 'Deployment' && o.metadata.name === n));
  const images: Record<string, string> = { manager: 'ghcr.io/fluxcd/helm-controller:v1.4.5', 'fluxconfig-agent': 'mcr.microsoft.com/azurek8sflux/fluxconfig-agent:1.7.3', 'fluent-bit': 'mcr.microsoft.com/azurek8sflux/fluent-bit:1.7.3' };
  const policy = (p: Partial<LimitsPolicy>): LimitsPolicy => ({ constraint: library('p', {}), excludedContainers: [], excludedImages: [], ...p });
  const run = (p: Partial<LimitsPolicy>, imageOf: (c: { container: string }) => string | undefined = (c) => images[c.container]) => verdicts(policy(p), containers, imageOf).map((v) => `${v.container.deployment}/${v.container.container}: ${v.blocked.join(', ')}`);

  it('above the maximum is blocked, equal is not; a resource the policy does not cap is not checked', () => {
    expect(run({ cpuLimit: '50m', memoryLimit: '150Mi' })).toEqual(['helm-controller/manager: cpu limit 1000m > 50m, memory limit 1Gi > 150Mi', 'fluxconfig-agent/fluxconfig-agent: ', 'fluxconfig-agent/fluent-bit: ']);
    expect(run({ memoryLimit: '149Mi' })).toEqual(['helm-controller/manager: memory limit 1Gi > 149Mi', 'fluxconfig-agent/fluxconfig-agent: memory limit 150Mi > 149Mi', 'fluxconfig-agent/fluent-bit: memory limit 150Mi > 149Mi']);
  });

  it('a limit that is no quantity is not judged', () => {
    const odd = containers.map((c) => ({ ...c, cpuLimit: 'lots' }));
    expect(verdicts(policy({ cpuLimit: '1m' }), odd, () => undefined).map((v) => v.blocked)).toEqual([[], [], []]);
  });

  it('a container without a limit is blocked as the Rego does', () => {
    const bare = containers.map((c) => ({ ...c, cpuLimit: undefined }));
    expect(verdicts(policy({ cpuLimit: '2' }), bare, () => undefined).map((v) => v.blocked)).toEqual([['no cpu limit'], ['no cpu limit'], ['no cpu limit']]);
    expect(verdicts(policy({ cpuLimit: '2', memoryLimit: '2Gi' }), bare.map((c) => ({ ...c, memoryLimit: undefined })), () => undefined).map((v) => v.blocked)[0]).toEqual(['no cpu limit', 'no memory limit']);
  });

  it('excluded containers and images (exact or prefix*) are left out; an unknown image is not excluded', () => {
    expect(run({ cpuLimit: '10m', excludedContainers: ['fluent-bit'] })).toEqual(['helm-controller/manager: cpu limit 1000m > 10m', 'fluxconfig-agent/fluxconfig-agent: cpu limit 50m > 10m']);
    expect(run({ cpuLimit: '10m', excludedImages: ['mcr.microsoft.com/azurek8sflux/*'] })).toEqual(['helm-controller/manager: cpu limit 1000m > 10m']);
    expect(run({ cpuLimit: '10m', excludedImages: ['ghcr.io/fluxcd/helm-controller:v1.4.5', 'mcr.microsoft.com/azurek8sflux/fluent-bit'] })).toEqual(['fluxconfig-agent/fluxconfig-agent: cpu limit 50m > 10m', 'fluxconfig-agent/fluent-bit: cpu limit 20m > 10m']);
    expect(run({ cpuLimit: '10m', excludedImages: ['*'] }, () => undefined)).toHaveLength(3);
  });
});

describe('limitsPolicyFindings', () => {
  it('the Azure constraint: one finding with the policy row, a row per blocked container, the violations and the denial Event', () => {
    const findings = limitsPolicyFindings(snapshotOf(withPolicy()));
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f.status).toBe('fail');
    expect(f.object).toEqual({ apiVersion: 'constraints.gatekeeper.sh/v1beta1', kind: 'K8sAzureV3ContainerLimits', namespace: undefined, name: NAME });
    expect(f.message).toBe(`K8sAzureV3ContainerLimits ${NAME} (deny) caps containers at cpu 200m / memory 256Mi without excluding flux-system: 4 Flux container(s) exceed it (source-controller/manager, kustomize-controller/manager, helm-controller/manager, notification-controller/manager)`);
    expect(f.commands).toEqual([ASSIGNMENT]);
    const row = (d: string) => ({
      ref: `apps/v1/Deployment flux-system/${d}`,
      path: 'spec.template.spec.containers[manager].resources.limits',
      observed: `limit cpu 1000m / memory 1Gi; policy ${NAME} allows cpu 200m / memory 256Mi (cpu limit 1000m > 200m, memory limit 1Gi > 256Mi)`,
      expected: `guide: requests ${d === 'source-controller' ? '50m' : '100m'}/64Mi, limits up to 1000m/1Gi`,
    });
    expect(f.evidence).toEqual([
      { ref: REF, path: 'spec.parameters', observed: 'cpuLimit 200m, memoryLimit 256Mi; excludedNamespaces [kube-system, gatekeeper-system, azure-arc, azure-extensions-usage-system] lacks flux-system', expected: "limits at least the guide's maxima, or flux-system excluded" },
      row('source-controller'), row('kustomize-controller'), row('helm-controller'), row('notification-controller'),
      { ref: REF, path: 'status.violations[0]', observed: 'Pod flux-system/source-controller-6ff87cb475-x7k2p: container <manager> cpu limit <1> is higher than the maximum allowed of <200m>' },
      { ref: REF, path: 'status.violations[1]', observed: 'Pod flux-system/kustomize-controller-7bc5f87d4f-q9m4t: container <manager> memory limit <1Gi> is higher than the maximum allowed of <256Mi>' },
      { ref: REF, path: 'status.violations[2]', observed: 'Pod flux-system/helm-controller-5f964c6579-h2v8d: container <manager> cpu limit <1> is higher than the maximum allowed of <200m>' },
      { ref: REF, path: 'status.violations[3]', observed: 'Pod flux-system/notification-controller-66f99d6f5d-w5n3z: container <manager> cpu limit <1> is higher than the maximum allowed of <200m>' },
      { ref: 'v1/Event flux-system/helm-controller-6d8c9f7b54.1879a2c3f0e4d1b2', path: 'message', observed: 'ReplicaSet flux-system/helm-controller-6d8c9f7b54: Error creating: admission webhook "validation.gatekeeper.sh" denied the request: [azurepolicy-k8sazurev3containerlimits-4e7bbc2617e5447639a7] container <manager> cpu limit <1> is higher than the maximum allowed of <200m>' },
    ]);
  });

  it('more than four containers: four named, then an ellipsis; an agent’s own container named alone; no cpu cap', () => {
    const [f] = limitsPolicyFindings(snapshotOf(withPolicy((c) => (c.spec.parameters = { memoryLimit: '100Mi' }), false)));
    expect(f.message).toBe(`K8sAzureV3ContainerLimits ${NAME} (deny) caps containers at memory 100Mi without excluding flux-system: 8 Flux container(s) exceed it (source-controller/manager, kustomize-controller/manager, helm-controller/manager, notification-controller/manager…)`);
    expect(f.evidence?.[0].observed).toBe('cpuLimit (none), memoryLimit 100Mi; excludedNamespaces [kube-system, gatekeeper-system, azure-arc, azure-extensions-usage-system] lacks flux-system');
    expect(f.evidence?.[5].observed).toBe(`limit cpu 50m / memory 150Mi; policy ${NAME} allows cpu any / memory 100Mi (memory limit 150Mi > 100Mi)`);
    const [g] = limitsPolicyFindings(snapshotOf(withPolicy((c) => (c.spec.parameters = { cpuLimit: '40m' }), false)));
    expect(g.message).toBe(`K8sAzureV3ContainerLimits ${NAME} (deny) caps containers at cpu 40m without excluding flux-system: 6 Flux container(s) exceed it (source-controller/manager, kustomize-controller/manager, helm-controller/manager, notification-controller/manager…)`);
    const agents = limitsPolicyFindings(snapshotOf(withPolicy((c) => (c.spec.parameters = { cpuLimit: '999m', memoryLimit: '1Gi', excludedContainers: ['manager'] }), false)));
    expect(agents).toEqual([]);
    const [h] = limitsPolicyFindings(snapshotOf(withPolicy((c) => (c.spec.parameters = { cpuLimit: '60m', excludedContainers: ['manager', 'fluent-bit'] }), false)));
    expect(h.message).toBe(`K8sAzureV3ContainerLimits ${NAME} (deny) caps containers at cpu 60m without excluding flux-system: 1 Flux container(s) exceed it (fluxconfig-controller)`);
    expect(h.evidence?.[1]).toEqual({ ref: 'apps/v1/Deployment flux-system/fluxconfig-controller', path: 'spec.template.spec.containers[fluxconfig-controller].resources.limits', observed: `limit cpu 100m / memory 150Mi; policy ${NAME} allows cpu 60m / memory any (cpu limit 100m > 60m)`, expected: 'guide: requests 5m/30Mi, limits up to 100m/150Mi' });
  });

  it('a sidecar with no limits set: dashes, and the guide row of its deployment', () => {
    const objs = withPolicy((c) => (c.spec.parameters = { cpuLimit: '2' }), false);
    find(objs, 'Deployment', 'helm-controller').spec.template.spec.containers.push({ name: 'debug', image: 'busybox' });
    const [f] = limitsPolicyFindings(snapshotOf(objs));
    expect(f.evidence?.slice(1, 2)).toEqual([{ ref: 'apps/v1/Deployment flux-system/helm-controller', path: 'spec.template.spec.containers[debug].resources.limits', observed: `limit cpu - / memory -; policy ${NAME} allows cpu 2 / memory any (no cpu limit)`, expected: 'guide: requests 100m/64Mi, limits up to 1000m/1Gi' }]);
    expect(f.message).toContain(': 1 Flux container(s) exceed it (helm-controller/debug)');
  });

  it('not deployed yet: the guide’s maxima as the row', () => {
    const objs = withPolicy((c) => (c.spec.parameters = { cpuLimit: '900m' }), false).filter((o) => o.kind !== 'Deployment' && o.kind !== 'Pod');
    const [f] = limitsPolicyFindings(snapshotOf(objs));
    expect(f.evidence?.slice(1, 2)).toEqual([{ ref: 'apps/v1/Deployment flux-system/source-controller', path: 'spec.template.spec.containers[source-controller].resources.limits', observed: `not deployed yet; guide maximum cpu 1000m / memory 1Gi; policy ${NAME} allows cpu 900m / memory any (cpu limit 1000m > 900m)`, expected: 'guide: requests 50m/64Mi, limits up to 1000m/1Gi' }]);
    expect(f.message).toContain(': 4 Flux container(s) exceed it (source-controller, kustomize-controller, helm-controller, notification-controller)');
  });

  it('nothing for dryrun or warn, for a policy Flux fits, or for one matching no workload kind', () => {
    expect(limitsPolicyFindings(snapshotOf(withPolicy((c) => (c.spec.enforcementAction = 'warn'))))).toEqual([]);
    expect(limitsPolicyFindings(snapshotOf(withPolicy((c) => (c.spec.enforcementAction = 'dryrun'))))).toEqual([]);
    expect(limitsPolicyFindings(snapshotOf(withPolicy((c) => (c.spec.parameters = { cpuLimit: '1', memoryLimit: '1Gi' }))))).toEqual([]);
    expect(limitsPolicyFindings(snapshotOf(withPolicy((c) => (c.spec.match.kinds = [{ apiGroups: [''], kinds: ['ConfigMap'] }]))))).toEqual([]);
  });

  it('at most five violations and five denial Events as evidence, and only Events quoting this constraint', () => {
    const objs = withPolicy((c) => {
      c.status.violations = Array.from({ length: 7 }, (_, i) => ({ enforcementAction: 'deny', kind: 'Pod', name: `p${i}`, namespace: 'flux-system', message: 'm' }));
      c.status.violations.push({ namespace: 'flux-system' });
    });
    const event = objs.find((o) => o.kind === 'Event')!;
    for (let i = 0; i < 6; i++) objs.push({ ...structuredClone(event), metadata: { ...event.metadata, name: `more.${i}` } });
    objs.push({ ...structuredClone(event), metadata: { ...event.metadata, name: 'other' }, message: 'Error creating: admission webhook "validation.gatekeeper.sh" denied the request: [another-constraint] no' });
    const [f] = limitsPolicyFindings(snapshotOf(objs));
    expect(f.evidence?.filter((e) => e.path?.startsWith('status.violations')).map((e) => e.observed)).toEqual(['Pod flux-system/p0: m', 'Pod flux-system/p1: m', 'Pod flux-system/p2: m', 'Pod flux-system/p3: m', 'Pod flux-system/p4: m']);
    expect(f.evidence?.filter((e) => e.ref.startsWith('v1/Event')).map((e) => e.ref)).toEqual(['helm-controller-6d8c9f7b54.1879a2c3f0e4d1b2', 'more.0', 'more.1', 'more.2', 'more.3'].map((n) => `v1/Event flux-system/${n}`));
    const bare = withPolicy((c) => (c.status.violations = [{ namespace: 'flux-system' }]), false);
    expect(limitsPolicyFindings(snapshotOf(bare))[0].evidence?.at(-1)).toEqual({ ref: REF, path: 'status.violations[0]', observed: 'object flux-system/?: ' });
  });
});

describe('FLUX006 outcome', () => {
  it('the failing run: its message and remediation commands, no notes', () => {
    const r = runOne(FLUX006, snap(withPolicy()));
    expect(r.status).toBe('fail');
    expect(r.findings).toHaveLength(1);
    expect(r.remediation?.commands).toEqual([ASSIGNMENT]);
  });

  it('a Pending pod and a blocking policy: both findings, the pod first', () => {
    const objs = withPolicy(() => {}, false);
    const pod = find(objs, 'Pod', 'helm-controller');
    pod.spec.nodeName = undefined;
    pod.status = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/2 nodes are available: 2 Insufficient cpu.' }] };
    const r = runOne(FLUX006, snap(objs));
    expect(r.findings?.map((f) => f.object?.kind)).toEqual(['Pod', 'K8sAzureV3ContainerLimits']);
    expect(r.message).toBe(`2 problems: pod ${pod.metadata.name} cannot be scheduled (needs cpu 100m, memory 64Mi): 0/2 nodes are available: 2 Insufficient cpu.; and 1 more`);
    expect(r.notes).toBeUndefined();
  });
});
