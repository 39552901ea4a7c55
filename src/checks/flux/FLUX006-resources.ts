import { GATEKEEPER_CONSTRAINTS_GROUP, R } from '../../snapshot/resources.js';
import { defineCheck, fromFindings } from '../define.js';
import { enforcementAction } from '../shared/gatekeeper.js';
import { limitsPolicies, limitsPolicyFindings } from './container-limits.js';
import { fluxInstall } from './install.js';
import { schedulingFindings } from './scheduling.js';

export default defineCheck({
  id: 'FLUX006',
  area: 'flux',
  title: 'Nodes and container-limits policies allow the Flux containers’ CPU and memory',
  guide: 'Garantir que os requisitos de memória e CPU para microsoft.flux instalação de extensão sejam atendidos',
  reads: [{ type: R.Pod }, { type: R.Node }, { type: R.Deployment }, { type: R.Namespace }, { type: R.ConstraintTemplate }, { type: R.Event }],
  readsGroups: [GATEKEEPER_CONSTRAINTS_GROUP],
  fixable: false,
  run(snap) {
    const ns = fluxInstall(snap).namespace;
    const findings = [...schedulingFindings(snap, ns), ...limitsPolicyFindings(snap)];
    const policies = limitsPolicies(snap);
    const notes = findings.length === 0 && policies.length > 0 ? policies.map((p) => `${p.constraint.kind} ${p.constraint.metadata.name} (${enforcementAction(p.constraint)}): cpu ${p.cpuLimit ?? 'any'} / memory ${p.memoryLimit ?? 'any'}`) : undefined;
    return fromFindings(findings, {
      pass: `no Flux pod is Pending for CPU/memory${policies.length ? `, and ${policies.length} container-limits polic${policies.length === 1 ? 'y' : 'ies'} found that would not deny Flux's containers in ${ns}` : ' and no container-limits policy applies'}`,
      remediation: `Raise the policy's cpuLimit/memoryLimit to at least the guide's maxima (1000m / 1Gi for the Flux controllers) or add ${ns} to its excludedNamespaces; add node capacity for Pending pods.`,
      notes,
    });
  },
});
