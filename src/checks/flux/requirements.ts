// The guide's table of CPU and memory for every container microsoft.flux runs ("Garantir que os requisitos de
// memória e CPU ... sejam atendidos"). The guide writes `5min` for 5m and `50 m` for 50m; stored here normalised.
import type { KubeObject } from '../../snapshot/objects.js';
import { objects } from '../shared/workloads.js';

export interface ContainerRequirement {
  container: string;
  minCpu: string;
  minMemory: string;
  maxCpu: string;
  maxMemory: string;
}

export const FLUX_CONTAINER_REQUIREMENTS: readonly ContainerRequirement[] = [
  { container: 'fluxconfig-agent', minCpu: '5m', minMemory: '30Mi', maxCpu: '50m', maxMemory: '150Mi' },
  { container: 'fluxconfig-controller', minCpu: '5m', minMemory: '30Mi', maxCpu: '100m', maxMemory: '150Mi' },
  { container: 'fluent-bit', minCpu: '5m', minMemory: '30Mi', maxCpu: '20m', maxMemory: '150Mi' },
  { container: 'helm-controller', minCpu: '100m', minMemory: '64Mi', maxCpu: '1000m', maxMemory: '1Gi' },
  { container: 'source-controller', minCpu: '50m', minMemory: '64Mi', maxCpu: '1000m', maxMemory: '1Gi' },
  { container: 'kustomize-controller', minCpu: '100m', minMemory: '64Mi', maxCpu: '1000m', maxMemory: '1Gi' },
  { container: 'notification-controller', minCpu: '100m', minMemory: '64Mi', maxCpu: '1000m', maxMemory: '1Gi' },
  { container: 'image-automation-controller', minCpu: '100m', minMemory: '64Mi', maxCpu: '1000m', maxMemory: '1Gi' },
  { container: 'image-reflector-controller', minCpu: '100m', minMemory: '64Mi', maxCpu: '1000m', maxMemory: '1Gi' },
];

/** The microsoft.flux agents run a fluent-bit sidecar beside their own container. */
const SIDECARS: Record<string, string[]> = { 'fluxconfig-agent': ['fluent-bit'], 'fluxconfig-controller': ['fluent-bit'] };

export function requirementFor(container: string, deployment?: string): ContainerRequirement | undefined {
  return FLUX_CONTAINER_REQUIREMENTS.find((r) => r.container === container) ?? FLUX_CONTAINER_REQUIREMENTS.find((r) => r.container === deployment);
}

/** One container of a Flux controller, with the limits it runs with (or the table's maxima when not deployed). */
export interface FluxContainer {
  deployment: string;
  container: string;
  requirement?: ContainerRequirement;
  cpuLimit?: string;
  memoryLimit?: string;
  /** Whether the limits come from the Deployment in the cluster or from the guide's table. */
  source: 'deployment' | 'table';
}

export function fluxContainers(controllers: string[], deploymentOf: (name: string) => KubeObject | undefined): FluxContainer[] {
  return controllers.flatMap((deployment): FluxContainer[] => {
    const dep = deploymentOf(deployment);
    const containers: Array<{ name: string; resources?: { limits?: Record<string, string> } }> = objects(dep?.spec?.template?.spec?.containers);
    if (containers?.length) {
      return containers.map((c) => ({ deployment, container: c.name, requirement: requirementFor(c.name, deployment), cpuLimit: c.resources?.limits?.cpu, memoryLimit: c.resources?.limits?.memory, source: 'deployment' as const }));
    }
    return [deployment, ...(SIDECARS[deployment] ?? [])].map((name) => {
      const requirement = requirementFor(name, deployment);
      return { deployment, container: name, requirement, cpuLimit: requirement?.maxCpu, memoryLimit: requirement?.maxMemory, source: 'table' as const };
    });
  });
}
