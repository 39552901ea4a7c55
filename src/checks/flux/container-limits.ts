// Container-limits policies (Azure Policy's K8sAzureContainerLimits and its V2/V3 successors, gatekeeper-library's
// K8sContainerLimits) against the limits Flux's containers run with: the guide's table, or the Deployments' own.
import type { KubeObject } from '../../snapshot/objects.js';
import { refOf, refString } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import type { Evidence, Finding } from '../define.js';
import { constraintNamesIn, constraints, coversNamespace, enforcementAction, excludeNamespaceCommand, violationsIn } from '../shared/gatekeeper.js';
import { denialEvents } from './admission-denials.js';
import { compareQuantities, parseQuantity } from '../shared/quantities.js';
import { expectedControllers, fluxInstall } from './install.js';
import { fluxContainers, type FluxContainer } from './requirements.js';
import { objects } from '../shared/workloads.js';

export interface LimitsPolicy {
  constraint: KubeObject;
  cpuLimit?: string;
  memoryLimit?: string;
  excludedContainers: string[];
  excludedImages: string[];
}

export function limitsPolicies(snap: Snapshot): LimitsPolicy[] {
  return constraints(snap)
    .filter((c) => /ContainerLimits$/i.test(c.kind))
    .map((c) => {
      const p = c.spec?.parameters ?? {};
      const q = (v: unknown) => (typeof v === 'string' || typeof v === 'number') && parseQuantity(String(v)) !== undefined ? String(v) : undefined;
      const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
      return { constraint: c, cpuLimit: q(p.cpuLimit ?? p.cpu), memoryLimit: q(p.memoryLimit ?? p.memory), excludedContainers: list(p.excludedContainers), excludedImages: list(p.excludedImages) };
    })
    .filter((p) => p.cpuLimit !== undefined || p.memoryLimit !== undefined);
}

export interface ContainerVerdict {
  container: FluxContainer;
  blocked: string[];
}

/** Which resource of each container the policy would refuse, as the template's Rego does (limit above the maximum, or none). */
export function verdicts(policy: LimitsPolicy, containers: FluxContainer[], imageOf: (c: FluxContainer) => string | undefined): ContainerVerdict[] {
  return containers
    .filter((c) => !policy.excludedContainers.includes(c.container) && !imageExcluded(policy, imageOf(c)))
    .map((c) => {
      const blocked: string[] = [];
      for (const [res, limit, max] of [['cpu', c.cpuLimit, policy.cpuLimit], ['memory', c.memoryLimit, policy.memoryLimit]] as const) {
        if (max === undefined) continue;
        if (limit === undefined) blocked.push(`no ${res} limit`);
        else if ((compareQuantities(limit, max) ?? 0) > 0) blocked.push(`${res} limit ${limit} > ${max}`);
      }
      return { container: c, blocked };
    });
}

function imageExcluded(policy: LimitsPolicy, image: string | undefined): boolean {
  if (!image) return false;
  return policy.excludedImages.some((p) => (p.endsWith('*') ? image.startsWith(p.slice(0, -1)) : image === p));
}

/** One finding per container-limits constraint that refuses a Flux container in the Flux namespace. */
export function limitsPolicyFindings(snap: Snapshot): Finding[] {
  const install = fluxInstall(snap);
  const ns = install.namespace;
  const deploymentOf = (name: string) => snap.get(R.Deployment, ns, name);
  const containers = fluxContainers(expectedControllers(snap, install).map((c) => c.name), deploymentOf);
  const imageOf = (c: FluxContainer) => objects(deploymentOf(c.deployment)?.spec?.template?.spec?.containers).find((x: { name: string }) => x.name === c.container)?.image;
  return limitsPolicies(snap).flatMap((policy): Finding[] => {
    const c = policy.constraint;
    const coverage = coversNamespace(snap, c, ns, { workloadsOnly: true });
    if (!coverage.covers) return [];
    const blocked = verdicts(policy, containers, imageOf).filter((v) => v.blocked.length > 0);
    if (blocked.length === 0) return [];
    const action = enforcementAction(c);
    // dryrun (Azure Policy "Audit") and warn only report; they block nothing.
    if (action !== 'deny') return [];
    const caps = [policy.cpuLimit && `cpu ${policy.cpuLimit}`, policy.memoryLimit && `memory ${policy.memoryLimit}`].filter(Boolean).join(' / ');
    const names = blocked.map((v) => v.container.container === v.container.deployment ? v.container.container : `${v.container.deployment}/${v.container.container}`);
    const evidence: Evidence[] = [
      { ref: refString(c), path: 'spec.parameters', observed: `cpuLimit ${policy.cpuLimit ?? '(none)'}, memoryLimit ${policy.memoryLimit ?? '(none)'}; ${coverage.reason}`, expected: `limits at least the guide's maxima, or ${ns} excluded` },
      ...blocked.map((v) => rowEvidence(c, ns, v, policy)),
      ...deniedEvidence(snap, c, ns),
    ];
    return [{
      status: 'fail',
      object: refOf(c),
      message: `${c.kind} ${c.metadata.name} (${action}) caps containers at ${caps} without excluding ${ns}: ${blocked.length} Flux container(s) exceed it (${names.slice(0, 4).join(', ')}${names.length > 4 ? '…' : ''})`,
      evidence,
      commands: [excludeNamespaceCommand(c, ns)],
    }];
  });
}

/** One row of the per-container table: requirement (guide) vs limit (cluster) vs policy. */
function rowEvidence(c: KubeObject, ns: string, v: ContainerVerdict, policy: LimitsPolicy): Evidence {
  const r = v.container.requirement;
  const where = v.container.source === 'deployment' ? `limit cpu ${v.container.cpuLimit ?? '-'} / memory ${v.container.memoryLimit ?? '-'}` : `not deployed yet; guide maximum cpu ${r?.maxCpu ?? '-'} / memory ${r?.maxMemory ?? '-'}`;
  return {
    ref: `apps/v1/Deployment ${ns}/${v.container.deployment}`,
    path: `spec.template.spec.containers[${v.container.container}].resources.limits`,
    observed: `${where}; policy ${c.metadata.name} allows cpu ${policy.cpuLimit ?? 'any'} / memory ${policy.memoryLimit ?? 'any'} (${v.blocked.join(', ')})`,
    expected: r ? `guide: requests ${r.minCpu}/${r.minMemory}, limits up to ${r.maxCpu}/${r.maxMemory}` : 'within the policy',
  };
}

/** What the constraint already refused or reported in the namespace: its audit violations and denial events. */
function deniedEvidence(snap: Snapshot, c: KubeObject, ns: string): Evidence[] {
  const violations = violationsIn(c, ns).slice(0, 5).map((v, i) => ({ ref: refString(c), path: `status.violations[${i}]`, observed: `${v.kind ?? 'object'} ${ns}/${v.name ?? '?'}: ${v.message ?? ''}` }));
  const events = denialEvents(snap, ns)
    .filter((e) => constraintNamesIn(e.message).includes(c.metadata.name))
    .slice(0, 5)
    .map((e) => ({ ref: refString(e.event), path: e.path, observed: `${e.involved}: ${e.message}` }));
  return [...violations, ...events];
}
