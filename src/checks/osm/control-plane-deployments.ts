// OSM001 / OSM005: the controller's and the injector's Deployment exists and is READY n/n and available.
import { fail, fromFindings, type CheckOutcome, type Evidence, type Finding } from '../define.js';
import { refOf, refString, type KubeObject } from '../../snapshot/objects.js';
import { R } from '../../snapshot/resources.js';
import type { Snapshot } from '../../snapshot/snapshot.js';
import { deploymentReadiness, podReadiness, podsOf } from '../shared/workloads.js';
import { componentDeployments, componentLogs, hintText, logCommands, notCollected, versionSuffix, type ComponentScope } from './control-plane-common.js';
import { lastTermination } from './control-plane-pods.js';
import { restoreControlPlaneCommands } from './extension-commands.js';

export function evaluateDeployment(snap: Snapshot, scope: ComponentScope): CheckOutcome {
  const { ns, component: c } = scope;
  if (!snap.knowsType(R.Deployment)) return notCollected('Deployments', `the ${c.deployment} deployment`, `kubectl get deployments -n ${ns} -o yaml`);
  const deployments = componentDeployments(snap, scope);
  if (deployments.length === 0) return missingDeployment(scope);
  const findings = deployments.flatMap((d) => deploymentFinding(snap, scope, d) ?? []);
  const summary = deployments.map((d) => `${d.metadata.name} READY ${deploymentReadiness(d).readyColumn}`).join(', ');
  return fromFindings(findings, {
    pass: `${summary}, available${versionSuffix(scope)}`,
    remediation: `The OSM ${c.role} is not available. Read why its pods are not ready (events, then the ${c.container} log), fix that cause, and the Deployment recovers by itself.`,
  });
}

function missingDeployment(scope: ComponentScope): CheckOutcome {
  const { ns, component: c, install } = scope;
  return fail(`the ${c.deployment} deployment is missing from ${ns}: the OSM ${c.role} is not deployed, so the mesh has no ${c.role}`, {
    evidence: [{ ref: `apps/v1/Deployment ${ns}/${c.deployment}`, path: 'metadata', observed: 'absent', expected: `a Deployment labelled app=${c.app}, READY n/n` }],
    remediation: {
      text: `The Arc OSM extension${install.extension ? ` (${install.extension.name})` : ''} installed ${c.deployment} and nothing restores it by itself. Re-apply the extension's Helm release manifest, or delete and recreate the extension.`,
      commands: [`kubectl get deployments -n ${ns}`, ...restoreControlPlaneCommands(install)],
    },
  });
}

function deploymentFinding(snap: Snapshot, scope: ComponentScope, dep: KubeObject): Finding | undefined {
  const r = deploymentReadiness(dep);
  if (r.healthy) return undefined;
  const { ns } = scope;
  const name = dep.metadata.name;
  const pods = podsOf(snap, dep).map((p) => ({ pod: p, state: podReadiness(p) }));
  const failing = pods.filter((p) => !p.state.healthy && !p.state.evicted);
  const evidence: Evidence[] = [
    {
      ref: refString(dep),
      path: 'status.readyReplicas/availableReplicas',
      observed: `READY ${r.readyColumn}, ${r.available} available${r.reason ? ` (${r.reason})` : ''}`,
      expected: `READY ${Math.max(r.desired, 1)}/${Math.max(r.desired, 1)}, all available`,
    },
    ...failing.map(({ pod, state }) => ({
      ref: refString(pod),
      path: 'status',
      observed: `READY ${state.readyColumn} ${state.statusColumn}, ${state.restarts} restarts${state.unschedulableMessage ? ` (${state.unschedulableMessage})` : ''}`,
      expected: 'READY 1/1 Running',
    })),
  ];
  const logs = failing.length ? componentLogs(snap, failing[0].pod, scope) : { hints: [] };
  if (logs.evidence) evidence.push(logs.evidence);
  const crashed = failing.some((p) => p.state.restarts > 0);
  const commands =
    r.desired === 0
      ? [`kubectl scale deployment ${name} -n ${ns} --replicas=1`]
      : [`kubectl get pods -n ${ns} -l app=${scope.component.app}`, `kubectl describe deployment ${name} -n ${ns}`, ...logCommands(scope, crashed)];
  const why = failing.length ? `: ${failing.map((p) => `${p.pod.metadata.name} ${p.state.statusColumn} (${p.state.restarts} restarts${lastTermination(p.state)})`).join(', ')}` : r.reason ? `: ${r.reason.replace(/\.$/, '')}` : '';
  return {
    status: 'fail',
    object: refOf(dep),
    message: `${name} READY ${r.readyColumn}, ${r.available} available${why}.${hintText(logs.hints)}`,
    evidence,
    commands,
  };
}
