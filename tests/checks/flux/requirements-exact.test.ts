// fluxContainers on the odd Deployment shapes hand-made snapshots hold (no spec, no template, no pod spec,
// resources without limits, a container list that is not a list): each falls back exactly as documented.
import { describe, expect, it } from 'vitest';
import { FLUX_CONTAINER_REQUIREMENTS, fluxContainers, requirementFor } from '../../../src/checks/flux/requirements.js';
import type { KubeObject } from '../../helpers/check-harness.js';

const meta = { name: 'helm-controller', namespace: 'flux-system' };
const dep = (spec?: unknown): KubeObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta, ...(spec === undefined ? {} : { spec }) });
const table = (deployment: string) => {
  const requirement = requirementFor(deployment);
  return { deployment, container: deployment, requirement, cpuLimit: requirement?.maxCpu, memoryLimit: requirement?.maxMemory, source: 'table' };
};

describe('fluxContainers on Deployments without a pod template', () => {
  it.each([
    ['no spec', dep()],
    ['a spec without template', dep({ replicas: 1 })],
    ['a template without spec', dep({ template: { metadata: { labels: { app: 'helm-controller' } } } })],
    ['a pod spec without containers', dep({ template: { spec: {} } })],
    ['containers that are not a list', dep({ template: { spec: { containers: { name: 'manager' } } } })],
    ['a list of nulls', dep({ template: { spec: { containers: [null] } } })],
  ])('%s: the table maxima', (_, d) => {
    expect(fluxContainers(['helm-controller'], () => d)).toEqual([{ ...table('helm-controller'), cpuLimit: '1000m', memoryLimit: '1Gi' }]);
  });

  it('resources without limits, limits without cpu: undefined limits from the Deployment', () => {
    const d = dep({ template: { spec: { containers: [{ name: 'manager', resources: { requests: { cpu: '100m' } } }, { name: 'sidecar', resources: { limits: { memory: '64Mi' } } }] } } });
    expect(fluxContainers(['helm-controller'], () => d)).toEqual([
      { deployment: 'helm-controller', container: 'manager', requirement: FLUX_CONTAINER_REQUIREMENTS[3], cpuLimit: undefined, memoryLimit: undefined, source: 'deployment' },
      { deployment: 'helm-controller', container: 'sidecar', requirement: FLUX_CONTAINER_REQUIREMENTS[3], cpuLimit: undefined, memoryLimit: '64Mi', source: 'deployment' },
    ]);
  });

  it('the agent without a deployment: its container then fluent-bit, each with its own maxima', () => {
    expect(fluxContainers(['fluxconfig-agent'], () => undefined)).toEqual([
      { deployment: 'fluxconfig-agent', container: 'fluxconfig-agent', requirement: FLUX_CONTAINER_REQUIREMENTS[0], cpuLimit: '50m', memoryLimit: '150Mi', source: 'table' },
      { deployment: 'fluxconfig-agent', container: 'fluent-bit', requirement: FLUX_CONTAINER_REQUIREMENTS[2], cpuLimit: '20m', memoryLimit: '150Mi', source: 'table' },
    ]);
    expect(fluxContainers([], () => undefined)).toEqual([]);
  });

  it('requirementFor: the container name wins over the deployment name', () => {
    expect(requirementFor('fluent-bit', 'helm-controller')?.container).toBe('fluent-bit');
    expect(requirementFor('other', 'source-controller')?.container).toBe('source-controller');
  });
});
