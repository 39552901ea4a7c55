import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import FLUX006 from '../../../src/checks/flux/FLUX006-resources.js';
import { fixtureObjects, runOne, type KubeObject } from '../../helpers/check-harness.js';
import { find, healthy, snap } from './fixtures.js';

const POLICIES = fixtureObjects(join(__dirname, '../../fixtures/flux/policies'));
const CONSTRAINT = 'azurepolicy-k8sazurev3containerlimits-4e7bbc2617e5447639a7';

/** The healthy base plus the Azure container-limits constraint, changed by `edit`. */
function withPolicy(edit: (c: KubeObject) => void = () => {}): KubeObject[] {
  const objs = [...healthy(), ...structuredClone(POLICIES)];
  edit(find(objs, 'K8sAzureV3ContainerLimits', CONSTRAINT));
  return objs;
}

describe('FLUX006 nodes and container-limits policies allow the Flux containers’ CPU and memory', () => {
  const valid: Array<[string, () => KubeObject[]]> = [
    ['passes on the healthy install without a limits policy', healthy],
    ['passes when the policy excludes flux-system in spec.match', () => withPolicy((c) => c.spec.match.excludedNamespaces.push('flux-system'))],
    ['passes when the v1 template’s parameters.excludedNamespaces holds flux-system', () => withPolicy((c) => (c.spec.parameters.excludedNamespaces = ['kube-system', 'flux-system']))],
    ['passes when the policy only audits (Azure Policy effect Audit → dryrun)', () => withPolicy((c) => (c.spec.enforcementAction = 'dryrun'))],
    ['passes when the policy’s limits equal the guide’s maxima (1 core = 1000m, 1Gi)', () => withPolicy((c) => (c.spec.parameters = { cpuLimit: '1', memoryLimit: '1Gi' }))],
    ['passes when the policy’s limits are above them (2 cores, 2Gi)', () => withPolicy((c) => (c.spec.parameters = { cpuLimit: '2', memoryLimit: '2Gi' }))],
    ['passes when the Helm-templated example constraint has no usable limits', () => withPolicy((c) => (c.spec.parameters = { cpuLimit: '{{ .Values.cpuLimit  }}', memoryLimit: '{{ .Values.memoryLimit }}' }))],
    ['passes when the pod is Pending for another reason than CPU/memory', () => {
      const objs = healthy();
      const pod = find(objs, 'Pod', 'helm-controller');
      pod.status = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector." }] };
      return objs;
    }],
  ];
  for (const [name, objects] of valid) {
    it(name, () => {
      const r = runOne(FLUX006, snap(objects()));
      expect(r.status, r.message).toBe('pass');
    });
  }

  it('fails on a 200m / 256Mi deny policy not excluding flux-system, with a per-container table', () => {
    const r = runOne(FLUX006, snap(withPolicy()));
    expect(r.status).toBe('fail');
    expect(r.message).toContain(`K8sAzureV3ContainerLimits ${CONSTRAINT} (deny) caps containers at cpu 200m / memory 256Mi without excluding flux-system: 4 Flux container(s) exceed it`);
    const rows = r.evidence.filter((e) => e.ref.startsWith('apps/v1/Deployment'));
    expect(rows.map((e) => e.ref)).toEqual([
      'apps/v1/Deployment flux-system/source-controller',
      'apps/v1/Deployment flux-system/kustomize-controller',
      'apps/v1/Deployment flux-system/helm-controller',
      'apps/v1/Deployment flux-system/notification-controller',
    ]);
    expect(rows[2].observed).toContain('limit cpu 1000m / memory 1Gi; policy azurepolicy-k8sazurev3containerlimits-4e7bbc2617e5447639a7 allows cpu 200m / memory 256Mi (cpu limit 1000m > 200m, memory limit 1Gi > 256Mi)');
    expect(rows[2].expected).toBe('guide: requests 100m/64Mi, limits up to 1000m/1Gi');
    expect(r.remediation?.commands[0]).toContain('az policy assignment update --name limit-container-resources --scope /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-gitops --params');
    expect(r.remediation?.commands[0]).toContain('"flux-system"');
    // What it already refused: the audit violations and the ReplicaSet's FailedCreate event.
    expect(r.evidence.filter((e) => e.path?.startsWith('status.violations'))).toHaveLength(4);
    expect(r.evidence.find((e) => e.ref.startsWith('v1/Event'))?.observed).toContain('ReplicaSet flux-system/helm-controller-6d8c9f7b54: Error creating: admission webhook "validation.gatekeeper.sh" denied the request');
  });

  it('fails on memory alone when 1Gi exceeds a 512Mi limit', () => {
    const r = runOne(FLUX006, snap(withPolicy((c) => (c.spec.parameters = { cpuLimit: '2', memoryLimit: '512Mi' }))));
    expect(r.status).toBe('fail');
    const rows = r.evidence.filter((e) => e.ref.startsWith('apps/v1/Deployment'));
    expect(rows.every((e) => String(e.observed).includes('(memory limit 1Gi > 512Mi)'))).toBe(true);
    expect(rows.some((e) => String(e.observed).includes('cpu limit'))).toBe(false);
  });

  it('fails against the guide’s table when the extension is not deployed yet', () => {
    const objs = withPolicy((c) => (c.spec.parameters = { cpuLimit: '30m', memoryLimit: '1Gi' })).filter((o) => o.kind !== 'Deployment' && o.kind !== 'Pod');
    const r = runOne(FLUX006, snap(objs));
    expect(r.status).toBe('fail');
    // fluxconfig-agent's 50m maximum is above 30m; fluent-bit's 20m is not.
    expect(r.evidence.some((e) => e.ref.endsWith('/fluxconfig-agent') && String(e.observed).includes('not deployed yet; guide maximum cpu 50m'))).toBe(true);
    expect(r.evidence.some((e) => String(e.observed).includes('fluent-bit'))).toBe(false);
  });

  it('fails naming a Pending pod with Insufficient cpu and each node’s allocatable vs requested', () => {
    const objs = healthy();
    const pod = find(objs, 'Pod', 'fluxconfig-controller');
    pod.spec.nodeName = undefined;
    pod.status = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/2 nodes are available: 2 Insufficient cpu.' }] };
    const r = runOne(FLUX006, snap(objs));
    expect(r.status).toBe('fail');
    expect(r.message).toContain('pod fluxconfig-controller-5c9b7d8f6c-j4s7f cannot be scheduled (needs cpu 10m, memory 60Mi): 0/2 nodes are available: 2 Insufficient cpu.');
    expect(r.evidence.find((e) => e.ref === 'v1/Node aks-nodepool1-28470317-vmss000000')?.observed).toBe('cpu 160m requested of 3860m; memory 188Mi of 12880520Ki');
  });
});

describe('FLUX006 exact pass messages and notes', () => {
  it('no policy: says none applies, no notes', () => {
    const r = runOne(FLUX006, snap(healthy()));
    expect(r.message).toBe('no Flux pod is Pending for CPU/memory and no container-limits policy applies');
    expect(r.notes).toBeUndefined();
  });

  it('one policy that would not deny: counted in the singular, with one note per policy', () => {
    const r = runOne(FLUX006, snap(withPolicy((c) => (c.spec.parameters = { cpuLimit: '2', memoryLimit: '2Gi' }))));
    expect(r.status).toBe('pass');
    expect(r.message).toBe("no Flux pod is Pending for CPU/memory, and 1 container-limits policy found that would not deny Flux's containers in flux-system");
    expect(r.notes).toEqual([`K8sAzureV3ContainerLimits ${CONSTRAINT} (deny): cpu 2 / memory 2Gi`]);
  });

  it('two policies: plural, "any" for a resource a policy does not cap', () => {
    const objs = withPolicy((c) => (c.spec.parameters = { cpuLimit: '2' }));
    const second = structuredClone(find(objs, 'K8sAzureV3ContainerLimits', CONSTRAINT));
    second.metadata.name = 'memory-only';
    second.spec.parameters = { memoryLimit: '4Gi' };
    second.spec.enforcementAction = 'dryrun';
    const r = runOne(FLUX006, snap([...objs, second]));
    expect(r.message).toBe("no Flux pod is Pending for CPU/memory, and 2 container-limits policies found that would not deny Flux's containers in flux-system");
    expect(r.notes).toEqual([`K8sAzureV3ContainerLimits ${CONSTRAINT} (deny): cpu 2 / memory any`, 'K8sAzureV3ContainerLimits memory-only (dryrun): cpu any / memory 4Gi']);
  });

  it('a failing run has no notes and the remediation names the namespace', () => {
    const r = runOne(FLUX006, snap(withPolicy()));
    expect(r.notes).toBeUndefined();
    expect(r.remediation?.text).toBe("Raise the policy's cpuLimit/memoryLimit to at least the guide's maxima (1000m / 1Gi for the Flux controllers) or add flux-system to its excludedNamespaces; add node capacity for Pending pods.");
  });
});
